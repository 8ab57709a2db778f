"""Roles of municipalities: centrumgemeente, gastgemeente, mandate holder, party.

The mandate holder is the municipality the others mandate to carry out their task ("verlenen het
college van Heerlen mandaat", "gemandateerd aan centrumgemeente Breda"): in this field the
centrumgemeente or its equivalent.

Read around a municipality hit on the same line: "centrumgemeente Deventer", "de gemeente
Deventer (hierna: de centrumgemeente)", "Deventer is/als/fungeert als centrumgemeente",
"gastgemeente Zutphen", "mandaat aan (het college van) Deventer", "X is een van de 43
centrumgemeenten", "aan de gemeente X het mandaat wordt verleend", "het college van de gemeente X
mandaat en machtiging te verlenen", "het college van X voert de taken uit namens de deelnemende
gemeenten". The role's value is the CBS
code of the municipality hit it is attached to; an unresolved municipality gives no role.

The parties of an instrument are read from its preamble or party block only: the enumeration
after "De colleges van burgemeester en wethouders van de gemeenten" (or the raden, at the start of
a sentence), after "… regeling/overeenkomst … tussen de gemeenten", or "Gemeente X, te deze
rechtsgeldig vertegenwoordigd door". A municipality merely listed as a member of a region is no
party.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bwgraph.recognise.base import Hit, LineLike

ROLES = ("centrumgemeente", "gastgemeente")
#: the parties of an instrument, as its preamble or party block names them:
#: "De colleges van burgemeester en wethouders van de gemeenten Dalfsen, Hardenberg en Zwolle,
#: ieder voor zover het zijn bevoegdheid betreft;", "gesloten tussen de gemeenten A, B en C",
#: "Gemeente Beesel, te deze rechtsgeldig vertegenwoordigd door …"
_PARTIES_HEAD = re.compile(
    # the subject of a preamble: "De colleges van burgemeester(s) en wethouders (en de
    # burgemeesters) van de gemeenten …", "partijen: de colleges van de gemeenten …",
    # "De gemeenteraden …" at the start of a sentence
    r"(?:^|[.:;]\s+|\bpartijen\s*:\s*)[\s•*\-\d.)]*(?:de\s+)?"
    r"(?:colleges|raden|gemeenteraden|burgemeesters)(?:\s+van\s+"
    r"(?:burgemeesters?\s+en\s+wethouders\s+(?:en\s+(?:de\s+)?burgemeesters\s+)?van\s+)?"
    r"(?:de\s+gemeenten\s*:?)?)?\s*$"
    # an instrument between the municipalities: "… regeling … tussen de gemeenten A, B en C"
    r"|\b(?:regeling|overeenkomst|convenant|akkoord|gesloten|aangegaan|overeengekomen)\b"
    r"[^.;]{0,80}?\btussen\s+de\s+gemeenten\s*:?\s*$"
    # "de afspraken tussen centrumgemeente Leiden, de regiogemeenten …, te weten A, B en C"
    r"|\b(?:convenant|overeenkomst|regeling|afspraken)\b[^.;]{0,80}?\btussen\s+"
    r"(?:(?:de\s+)?centrumgemeente\s+|[^.;]{0,120}?\bte\s+weten\s*:?\s*)$"
    # the signatories: "is ondertekend door gemeenten Tilburg en Gilze-Rijen"
    r"|\b(?:onder)?tekend\s+door\s+(?:de\s+)?(?:colleges\s+van\s+(?:de\s+)?)?gemeenten?\s*$",
    re.I,
)
_PARTY_LINE_HEAD = re.compile(
    r"(?:^|[,.;]\s+)\s*(?:[-•*]\s*|\d+[.)]\s*)?(?:de\s+)?gemeente\s+$", re.I
)
#: the deciding college of a decision's preamble, a line of its own: "Het college van burgemeester
#: en wethouders van de gemeente Barneveld;" (then "gelet op …", "besluit:")
_DECIDING_COLLEGE = re.compile(
    r"^\s*(?:het\s+)?college\s+van\s+burgemeester\s+en\s+wethouders\s+van\s+(?:de\s+gemeente\s+)?$",
    re.I,
)
_REPRESENTED = re.compile(
    r"^\s*,?\s*(?:(?:te|in)\s+dezen?\s+|hierbij\s+)?(?:rechtsgeldig\s+)?vertegenwoordigd\s+door\b",
    re.I,
)
#: between two members of an enumeration (a remark in brackets may follow a member)
_ENUM_GAP = re.compile(r"^\s*(?:\([^()]{0,60}\))?\s*(?:,|\ben\b|,\s*en\b)\s*$")
_AFTER = (
    r"^\s*[,(]?\s*(?:als|is|wordt|blijft|fungeert\s+als|treedt\s+op\s+als|"
    r"(?:is\s+)?aangewezen\s+als|hierna(?:\s+te\s+noemen)?\s*:?)?\s*(?:de\s+)?{role}\b"
    # "De gemeente Leeuwarden is een van de 43 centrumgemeenten voor maatschappelijke opvang"
    r"|^\s*,?\s*(?:is|was)\s+(?:één|een)\s+van\s+de\s+(?:\d+\s+)?{role}n\b"
    # "… aan de gemeente X het mandaat wordt verleend om als centrumgemeente …"
    r"|^[^.;:]{{0,60}}?\bals\s+(?:de\s+)?{role}\b"
)
_BEFORE = (
    r"\b{role}(?:regio)?\)?(?:\s*\()?(?:\s+is)?(?:\s+de\s+gemeente|\s+gemeente)?\s*$"
    # "centrumgemeenten, waaronder de gemeente Maastricht"
    r"|\b{role}n,?\s+(?:waaronder|zoals|te\s+weten)\s+(?:de\s+gemeenten?\s+)?$"
)
_MANDATE = re.compile(
    r"\b(?:mandaat|gemandateerd|mandateert|mandateren|volmacht)\b[^.;]{0,40}\baan\s+"
    r"(?:het\s+college\s+(?:van\s+burgemeester\s+en\s+wethouders\s+)?van\s+)?"
    r"(?:de\s+gemeente\s+|centrumgemeente\s+)?$",
    re.I,
)
#: "… verlenen het college van Heerlen mandaat om …"
_MANDATE_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:mandaat|volmacht)\b", re.I)
_GIVES = re.compile(r"\bverle(?:nen|ent)\s+(?:het\s+college\s+van\s+)?(?:de\s+gemeente\s+)?$", re.I)
#: "… waarin aan de gemeente ’s-Hertogenbosch het mandaat wordt verleend om …"
_TO = re.compile(r"\baan\s+(?:het\s+college\s+van\s+)?(?:de\s+gemeente\s+)?$", re.I)
_IS_GIVEN = re.compile(r"^\s*(?:het\s+)?mandaat\s+(?:wordt|werd|is)\s+verleend\b", re.I)
#: the college that carries out the others' task: "Het college van Zwolle voert de taken uit namens
#: de deelnemende gemeenten", "… is belast met de uitvoering ten behoeve van de deelnemers", "De
#: taken worden voor de regiogemeenten uitgevoerd door het college van de gemeente Deventer". The
#: others must be named ("namens / ten behoeve van / voor de (deelnemende, overige) gemeenten",
#: "de deelnemers", "de regiogemeenten"): a regulation's own college executing it is no role.
_FOR_THE_OTHERS = re.compile(
    r"\b(?:namens|ten\s+behoeve\s+van|voor)\s+(?:alle\s+)?(?:de\s+)?(?:(?:andere|overige|"
    r"deelnemende|samenwerkende)\s+gemeenten|deelnemers|regiogemeenten|gemeenten\s+in\s+de\s+regio)\b",
    re.I,
)
_EXECUTES = re.compile(
    r"^[^.;]{0,40}?\b(?:voert|voeren)\b[^.;]{0,60}?\buit\b|^[^.;]{0,40}?\bis\s+belast\s+met\b", re.I
)
_EXECUTED_BY = re.compile(
    r"\buitgevoerd\s+door\s+het\s+college\s+van\s+(?:burgemeester\s+en\s+wethouders\s+van\s+)?"
    r"(?:de\s+gemeente\s+)?$",
    re.I,
)
#: a decision in the infinitive: "Het college van de gemeente Apeldoorn conform de bijlage
#: mandaat en machtiging te verlenen voor de uitvoering van …"
_COLLEGE_OF = re.compile(r"\bcollege\s+van\s+(?:burgemeester\s+en\s+wethouders\s+van\s+)?"
                         r"(?:de\s+gemeente\s+)?$", re.I)  # fmt: skip
_TO_GIVE = re.compile(r"^[^.;]{0,40}?\bmandaat\b(?:\s+(?:en|,)\s+\w+){0,2}\s+te\s+verlenen\b",
                      re.I)  # fmt: skip


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``start``–``end`` (full stop or semicolon)."""
    a = max((m.end() for m in re.finditer(r"[.;](?=\s)", text[:start])), default=0)
    b = re.search(r"[.;](?=\s|$)", text[end:])
    return text[a : end + b.start()] if b else text[a:]


def _parties(text_of: dict[int, str], municipalities: Sequence[Hit]) -> list[Hit]:
    """Municipalities the text names as the parties of its instrument (``role = party``)."""
    by_line: dict[int, list[Hit]] = {}
    for h in municipalities:
        if h.value:
            by_line.setdefault(h.line, []).append(h)
    out: list[Hit] = []
    for number, hs in by_line.items():
        text = text_of.get(number, "")
        hs = sorted(hs, key=lambda h: h.start)
        groups: list[list[Hit]] = [[hs[0]]]
        for a, b in itertools.pairwise(hs):
            if _ENUM_GAP.match(text[a.end : b.start]):
                groups[-1].append(b)
            else:
                groups.append([b])
        for group in groups:
            head, tail = text[: group[0].start], text[group[-1].end :]
            preamble = _PARTIES_HEAD.search(head)
            block = len(group) == 1 and (
                (_PARTY_LINE_HEAD.search(head) and _REPRESENTED.match(tail))
                or (_DECIDING_COLLEGE.match(head) and re.match(r"^\s*[;,:]?\s*$", tail))
            )
            if preamble or block:
                out += [
                    Hit("role", h.line, h.start, h.end, h.text, h.value, {"role": "party"})
                    for h in group
                ]
    return out


def recognise_roles(lines: Sequence[LineLike], municipalities: Sequence[Hit]) -> list[Hit]:
    text_of = {x.number: x.text for x in lines}
    hits: list[Hit] = _parties(text_of, municipalities)
    for h in municipalities:
        if not h.value:
            continue
        text = text_of.get(h.line, "")
        for role in ROLES:
            before = re.search(_BEFORE.format(role=role), text[: h.start], re.I)
            after = re.match(_AFTER.format(role=role), text[h.end :], re.I)
            if before or after:
                hits.append(Hit("role", h.line, h.start, h.end, h.text, h.value, {"role": role}))
        head, tail = text[: h.start], text[h.end :]
        if (
            _MANDATE.search(head)
            or (_GIVES.search(head) and _MANDATE_AFTER.match(tail))
            or (_TO.search(head) and _IS_GIVEN.match(tail))
            or (_COLLEGE_OF.search(head) and _TO_GIVE.match(tail))
            or (
                _FOR_THE_OTHERS.search(_sentence(text, h.start, h.end))
                and (
                    (_COLLEGE_OF.search(head) and _EXECUTES.match(tail))
                    or _EXECUTED_BY.search(head)
                )
            )
        ):
            hits.append(Hit("role", h.line, h.start, h.end, h.text, h.value, {"role": "mandate"}))
    return hits
