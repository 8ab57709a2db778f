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

Beyond these, the standard forms of the genre (convenant, samenwerkings- and bestuursovereenkomst,
centrumregeling, gemeenschappelijke regeling) are read with the cue words of
``data/party_cues.toml``: the party block under "De ondergetekenden:" / "Partijen:" / "Deze
overeenkomst wordt gesloten tussen:" and its items over one or two lines, an item that says who
represents the municipality, "Deelnemers aan deze regeling zijn de gemeenten …", a definition
"deelnemende gemeenten: de gemeenten …", "de gemeenten A en B (hierna: partijen)", and the
signature block ("Aldus overeengekomen …", "Voor akkoord:"). A list counts only where its heading
or sentence says it names the parties or participants of the instrument.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bwgraph.recognise.base import Hit, LineLike, fold

DATA = Path(__file__).parent / "data"

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
    # an instrument between the municipalities: "… regeling … tussen de gemeenten A, B en C",
    # "Samenwerkingsovereenkomst tussen de gemeente A en de gemeente B"
    r"|(?:\w*(?:regeling|overeenkomst)|\b(?:convenant|akkoord|gesloten|aangegaan|overeengekomen))\b"
    r"[^.;]{0,80}?\btussen\s+de\s+gemeenten?\s*:?\s*$"
    # "de afspraken tussen centrumgemeente Leiden, de regiogemeenten …, te weten A, B en C"
    r"|\b(?:convenant|overeenkomst|regeling|afspraken)\b[^.;]{0,80}?\btussen\s+"
    r"(?:(?:de\s+)?centrumgemeente\s+|[^.;]{0,120}?\bte\s+weten\s*:?\s*)$"
    # the signatories: "is ondertekend door gemeenten Tilburg en Gilze-Rijen"
    r"|\b(?:onder)?tekend\s+door\s+(?:de\s+)?(?:colleges\s+van\s+(?:de\s+)?)?gemeenten?\s*$",
    re.I,
)
#: the whole subject of a preamble naming several organs: "De burgemeesters, raden en colleges
#: van de gemeenten A en B", "De raden, de colleges van burgemeester en wethouders en de
#: burgemeesters van de gemeenten A en B", "De colleges … van de gemeente A en de gemeente B"
_ORGAN = (
    r"(?:colleges(?:\s+van\s+burgemeesters?\s+en\s+wethouders)?|raden|gemeenteraden|burgemeesters)"
)
_ORGANS_HEAD = re.compile(
    rf"(?:^|[.:;]\s+)[\s•*\-\d.)]*(?:de\s+)?{_ORGAN}(?:\s*(?:,|\ben\b)\s*(?:de\s+)?{_ORGAN})+"
    r"\s+van\s+de\s+gemeenten?\s*:?\s*$"
    r"|(?:^|[.:;]\s+)[\s•*\-\d.)]*(?:de\s+)?colleges\s+van\s+burgemeester\s+en\s+wethouders"
    r"\s+van\s+de\s+gemeente\s+$",
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
#: between two members of an enumeration (a remark in brackets may follow a member; "de gemeente
#: A en de gemeente B")
_ENUM_GAP = re.compile(
    r"^\s*(?:\([^()]{0,60}\))?\s*(?:,|\ben\b|,\s*en\b)\s*(?:(?:de\s+)?gemeente\s+)?$", re.I
)
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


@dataclass(frozen=True)
class _PartyCues:
    """The party forms of the genre, compiled from ``data/party_cues.toml`` (see there)."""

    heading: re.Pattern[str]
    closer: re.Pattern[str]
    reach: int
    item_head: re.Pattern[str]
    item_head_strict: re.Pattern[str]
    item_tail: re.Pattern[str]
    represented_same: re.Pattern[str]
    represented_next: re.Pattern[str]
    participants: re.Pattern[str]
    hereafter: re.Pattern[str]
    definition: re.Pattern[str]
    of_organs: re.Pattern[str]
    sig_open: re.Pattern[str]
    sig_line: re.Pattern[str]
    sig_line_anywhere: re.Pattern[str]
    sig_tail: re.Pattern[str]
    signer: re.Pattern[str]
    sig_reach: int


def _alt(forms: Sequence[str]) -> str:
    return "(?:" + "|".join(forms) + ")"


@cache
def _cues() -> _PartyCues:
    raw = tomllib.loads((DATA / "party_cues.toml").read_text(encoding="utf-8"))
    block, item, sentence, sig = raw["block"], raw["item"], raw["sentence"], raw["signature"]
    bullet = r"(?:[-•*·]\s*|\(?\d{1,2}[.)]\s*|\(?[a-z][.)]\s+)?"
    subject = _alt(item["subjects"])
    represented = _alt(item["represented"])
    instrument = _alt(sentence["instruments"])

    def _inst(forms: Sequence[str]) -> list[str]:
        return [f.replace("{instrument}", instrument) for f in forms]

    participants = _alt(_inst(sentence["participants"]))
    on_behalf = [f for f in sig["lines"] if re.match(r"(?:namens|voor)\b", f)]
    # an item ends at its line end, or goes on with who the party is and who acts for it
    item_tail = (
        r"^\s*(?:\([^()]{0,60}\))?\s*[,;:.]?\s*(?:$|(?:gevestigd|zetelend|hierna|ingevolge|"
        r"handelend|ter\s+uitvoering|krachtens|(?:te|ten|in)\s+dezen?|rechtsgeldig|"
        rf"vertegenwoordigd|namens\s+deze|en\s*$)|{represented})"
    )
    return _PartyCues(
        heading=re.compile(
            rf"^\s*(?:\d+(?:\.\d+)*\.?\s+)?{_alt(_inst(block['headings']))}\s*(?::|$)", re.I
        ),
        closer=re.compile(rf"^\s*{bullet}{_alt(block['closers'])}", re.I),
        reach=int(block["reach"]),
        item_head=re.compile(rf"^\s*{bullet}(?:{subject})?\s*$", re.I),
        item_head_strict=re.compile(rf"^\s*{bullet}{subject}\s*$", re.I),
        item_tail=re.compile(item_tail, re.I),
        represented_same=re.compile(
            rf"^\s*(?:\([^()]{{0,60}}\))?\s*,(?:[^.;]|\.(?!\s+[A-Z])){{0,200}}?\b{represented}",
            re.I,
        ),
        represented_next=re.compile(rf"^\s*,?\s*{represented}", re.I),
        participants=re.compile(
            rf"\b{participants}\s+(?:(?:de\s+)?(?:colleges|raden|besturen)\s+van\s+"
            r"(?:burgemeester\s+en\s+wethouders\s+van\s+)?)?(?:de\s+)?gemeenten?\s*:?\s*$",
            re.I,
        ),
        hereafter=re.compile(
            r"^\s*(?:\([^()]{0,60}\))?\s*[,(]?\s*(?:hierna|gezamenlijk|samen)\b[^.;)]{0,40}?"
            rf"\b(?:de\s+)?['\"]?{_alt(sentence['hereafter'])}\b",
            re.I,
        ),
        definition=re.compile(
            rf"^\s*{bullet}{_alt(sentence['definitions'])}\s*:\s*(?:de\s+)?(?:(?:colleges|raden|"
            r"besturen)\s+van\s+(?:burgemeester\s+en\s+wethouders\s+van\s+)?)?(?:de\s+)?"
            r"(?:gemeenten?\s*:?\s*)?$",
            re.I,
        ),
        of_organs=re.compile(rf"\b{_alt(_inst(sentence['of_organs']))}\s*:?\s*$", re.I),
        sig_open=re.compile(rf"^\s*{_alt(sig['openers'])}", re.I),
        sig_line=re.compile(rf"^\s*{bullet}{_alt(sig['lines'])}\s*$", re.I),
        # outside a signature block only the lines that say on whose behalf someone signs
        sig_line_anywhere=re.compile(rf"^\s*{bullet}{_alt(on_behalf)}\s*$", re.I),
        # the name ends the line, or the signer follows as published ("…, w.g. P. de Vries")
        sig_tail=re.compile(r"^\s*[,:;.]?\s*(?:w\.\s?g\.\s.*)?$", re.I),
        signer=re.compile(rf"^\s*{_alt(sig['signers'])}", re.I),
        sig_reach=int(sig["reach"]),
    )


#: a numbered section heading ("3 Aanleiding", "4.1 Doel"): the party list has ended
_SECTION = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[A-Z][\w-]*(?:\s+[\w-]+){0,5}\s*$")


def _item_end(rest: str) -> bool:
    """Whether ``rest`` stays one item of a party list, not prose that goes on to a new sentence
    ("De gemeente X, vertegenwoordigd door de wethouder, opende het pand. Zij sprak …").

    A full stop after initials ("J.L. Jansen", "A.F.M. Xxx") or a date ("d.d. 8-7-2025.") is no
    sentence end here; one after a word of three letters or more that a capitalised word follows
    is.
    """
    return not re.search(r"[a-z]{3,}\.\s+[A-Z][a-z]", rest)


def _party(h: Hit) -> Hit:
    return Hit("role", h.line, h.start, h.end, h.text, h.value, {"role": "party"})


def _listed_parties(lines: Sequence[LineLike], municipalities: Sequence[Hit]) -> list[Hit]:
    """Parties named by the layout of a party block or a signature block, across lines.

    A party block opens at its heading ("De ondergetekenden:", "Partijen:") and runs until the
    considerations or the first article; in it, each item whose subject is the municipality
    ("1. De gemeente X, te dezen vertegenwoordigd door …", "Burgemeester en wethouders van de
    gemeente X,") names a party. Outside a block an item counts only when it says who represents
    the municipality (on its line or the next). A signature block opens at "Aldus overeengekomen"
    / "ondertekend te"; in it "Gemeente X", "namens het college van … van X", "De burgemeester van
    X" alone on a line name a signatory; elsewhere only a "namens/voor … X" line with a signer's
    line right under it does. A municipality merely mentioned inside these blocks is no party.
    """
    cues = _cues()
    by_line: dict[int, list[Hit]] = {}
    for h in municipalities:
        if h.value:
            by_line.setdefault(h.line, []).append(h)
    ordered = sorted(lines, key=lambda x: x.number)
    texts = [fold(x.text) for x in ordered]

    def following(i: int, n: int) -> list[str]:
        return [t for t in texts[i + 1 :] if t.strip()][:n]

    out: list[Hit] = []
    block = sig = 0
    for i, line in enumerate(ordered):
        text = texts[i]
        offset = 0
        heading = cues.heading.match(text)
        if heading:
            block, offset = cues.reach, heading.end()
        elif block and (
            cues.closer.match(text) or (_SECTION.match(text) and line.number not in by_line)
        ):
            block = 0
        if cues.sig_open.match(text):
            sig = cues.sig_reach
        for h in sorted(by_line.get(line.number, []), key=lambda h: h.start):
            if h.start < offset:
                continue
            # the item the name stands in: from the heading, the previous item's ";" or number
            cut = max(
                [offset]
                + [m.end() for m in re.finditer(r";\s*|\s(?=\d{1,2}[.)]\s)", text[: h.start])]
            )
            head, tail = text[cut : h.start], text[h.end :]
            nxt = following(i, 3)
            # an item of the party block
            listed = bool(block and cues.item_head.match(head) and cues.item_tail.match(tail))
            # an item that says who represents the municipality, on its line or the next
            represented = bool(cues.item_head_strict.match(head)) and bool(
                (cues.represented_same.match(tail) and _item_end(tail))
                or (
                    cues.item_tail.match(tail)
                    and nxt
                    and cues.represented_next.match(nxt[0])
                    and _item_end(nxt[0])
                )
            )
            # a line of the signature block
            signed = bool(cues.sig_tail.match(tail)) and bool(
                (sig and cues.sig_line.match(head))
                or (cues.sig_line_anywhere.match(head) and any(cues.signer.match(t) for t in nxt))
            )
            if listed or represented or signed:
                out.append(_party(h))
        block, sig = max(0, block - 1), max(0, sig - 1)
    return out


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
            cues = _cues()
            preamble = (
                _PARTIES_HEAD.search(head)
                or _ORGANS_HEAD.search(head)
                or cues.participants.search(fold(head))
                or cues.definition.match(fold(head))
                or cues.of_organs.search(fold(head))
                or (re.search(r"\bgemeenten?\s+$", head, re.I) and cues.hereafter.match(fold(tail)))
            )
            block = len(group) == 1 and (
                (_PARTY_LINE_HEAD.search(head) and _REPRESENTED.match(tail) and _item_end(tail))
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
    seen = {(h.line, h.start) for h in hits}
    hits += [h for h in _listed_parties(lines, municipalities) if (h.line, h.start) not in seen]
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
