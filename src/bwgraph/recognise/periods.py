"""Periods: year ranges ("2026-2030", "2022 t/m 2025"), date ranges and stated durations.

* ``2022-2026``, ``2022 – 2026``, ``2022/2023``, ``2022 t/m 2026``, ``2022 tot en met 2026``: start
  and end years (the end after the start, at most 20 years on; "2022-23" reads as 2022-2023);
* "van 1 januari 2022 tot en met 31 december 2025": start and end days;
* "voor (ten minste) vier jaar", "voor de duur van 4 jaar", "looptijd van 3 jaar": an ISO 8601
  duration (``P4Y``), with ``attrs["minimum"] = "yes"`` after "ten minste"/"tenminste"/"minimaal".

``attrs["of"]`` is the instrument type named just before the period on the same line
("Regiovisie 2022-2026" → ``regiovisie``) when there is one. Values: ``start/end`` or the duration.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.dates import find_dates
from bwgraph.recognise.gazetteers import instrument_gazetteer

_YEARS = re.compile(
    r"(?<![\d\-/.,])(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|/|\bt/m\b|\btot\s+en\s+met\b)\s*"
    r"(?P<b>(?:19|20)\d{2}|\d{2})(?![\d\-/.,]\d)(?!\d)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "twaalf": 12,
}  # fmt: skip
_DURATION = re.compile(
    r"\b(?:voor\s+(?:een\s+periode\s+van\s+|de\s+duur\s+van\s+)?|looptijd\s+van\s+|"
    r"periode\s+van\s+|duur\s+van\s+)"
    r"(?P<min>ten\s*minste\s+|tenminste\s+|minimaal\s+|minstens\s+)?"
    r"(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>jaar|jaren|maanden|maand)\b",
    re.IGNORECASE,
)
_DATE_RANGE_GAP = re.compile(r"^\s*(?:tot\s+en\s+met|t/m|tot|-|–|—)\s*$", re.IGNORECASE)


def _of(text: str, start: int) -> str:
    last = ""
    for m in instrument_gazetteer().finditer(text[:start]):
        last = m.entries[0].id
    return last


def recognise_periods(lines: Sequence[LineLike]) -> list[Hit]:
    hits: list[Hit] = []
    for line in lines:
        text = line.text
        taken: list[tuple[int, int]] = []
        dates = find_dates(text)
        for (s1, e1, v1), (s2, e2, v2) in itertools.pairwise(dates):
            if _DATE_RANGE_GAP.match(text[e1:s2]) and v1 < v2:
                taken.append((s1, e2))
                hits.append(
                    Hit(
                        "period",
                        line.number,
                        s1,
                        e2,
                        text[s1:e2],
                        f"{v1}/{v2}",
                        {"start": v1, "end": v2, "of": _of(text, s1)},
                    )
                )
        for m in _YEARS.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            a = int(m["a"])
            b = int(m["b"]) if len(m["b"]) == 4 else (a // 100) * 100 + int(m["b"])
            if not a < b <= a + 20:
                continue
            hits.append(
                Hit(
                    "period",
                    line.number,
                    m.start(),
                    m.end(),
                    m.group(0),
                    f"{a}/{b}",
                    {"start": str(a), "end": str(b), "of": _of(text, m.start())},
                )
            )
        for m in _DURATION.finditer(text):
            n = m["n"].lower()
            count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
            unit = "Y" if m["unit"].lower().startswith("jaar") else "M"
            attrs = {"duration": f"P{count}{unit}", "of": _of(text, m.start())}
            if m["min"]:
                attrs["minimum"] = "yes"
            hits.append(
                Hit("period", line.number, m.start(), m.end(), m.group(0), f"P{count}{unit}", attrs)
            )
    return hits
