"""Roles of municipalities: centrumgemeente, gastgemeente, mandate holder.

The mandate holder is the municipality the others mandate to carry out their task ("verlenen het
college van Heerlen mandaat", "gemandateerd aan centrumgemeente Breda"): in this field the
centrumgemeente or its equivalent.

Read around a municipality hit on the same line: "centrumgemeente Deventer", "de gemeente
Deventer (hierna: de centrumgemeente)", "Deventer is/als/fungeert als centrumgemeente",
"gastgemeente Zutphen", "mandaat aan (het college van) Deventer", "X is een van de 43
centrumgemeenten", "aan de gemeente X het mandaat wordt verleend", "het college van de gemeente X
mandaat en machtiging te verlenen". The role's value is the CBS
code of the municipality hit it is attached to; an unresolved municipality gives no role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bwgraph.recognise.base import Hit, LineLike

ROLES = ("centrumgemeente", "gastgemeente")
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
#: a decision in the infinitive: "Het college van de gemeente Apeldoorn conform de bijlage
#: mandaat en machtiging te verlenen voor de uitvoering van …"
_COLLEGE_OF = re.compile(r"\bcollege\s+van\s+(?:burgemeester\s+en\s+wethouders\s+van\s+)?"
                         r"(?:de\s+gemeente\s+)?$", re.I)  # fmt: skip
_TO_GIVE = re.compile(r"^[^.;]{0,40}?\bmandaat\b(?:\s+(?:en|,)\s+\w+){0,2}\s+te\s+verlenen\b",
                      re.I)  # fmt: skip


def recognise_roles(lines: Sequence[LineLike], municipalities: Sequence[Hit]) -> list[Hit]:
    text_of = {x.number: x.text for x in lines}
    hits: list[Hit] = []
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
        ):
            hits.append(Hit("role", h.line, h.start, h.end, h.text, h.value, {"role": "mandate"}))
    return hits
