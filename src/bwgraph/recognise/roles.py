"""Roles of municipalities: centrumgemeente, gastgemeente, mandate holder.

Read around a municipality hit on the same line: "centrumgemeente Deventer", "de gemeente
Deventer (hierna: de centrumgemeente)", "Deventer is/als/fungeert als centrumgemeente",
"gastgemeente Zutphen", "mandaat aan (het college van) Deventer". The role's value is the CBS
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
)
_BEFORE = r"\b{role}(?:\s+is)?(?:\s+de\s+gemeente|\s+gemeente)?\s*$"
_MANDATE = re.compile(
    r"\b(?:mandaat|gemandateerd|mandateert|mandateren|volmacht)\b[^.;]*\b(?:aan|van)\s+"
    r"(?:het\s+college\s+(?:van\s+burgemeester\s+en\s+wethouders\s+)?van\s+)?(?:de\s+gemeente\s+)?$",
    re.I,
)


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
        if _MANDATE.search(text[: h.start]):
            hits.append(Hit("role", h.line, h.start, h.end, h.text, h.value, {"role": "mandate"}))
    return hits
