"""Dutch dates as the sources write them, shared by every extractor.

One parser for "1 januari 2018", "01-04-2018", "juni 2018" so that all documents read dates the
same way; callers decide what a partial date means (a period, never an invented day).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_RE = "|".join(MONTHS)
#: "31-12-2017", "1-1-2018" or "1 januari 2018".
DAY_DATE = re.compile(
    rf"\b(?:(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>\d{{4}})"
    rf"|(?P<wd>\d{{1,2}})\s+(?P<wm>{MONTH_RE})\s+(?P<wy>\d{{4}}))\b",
    re.IGNORECASE,
)
#: "1 januari 2018" only (written-out month).
WRITTEN_DATE = re.compile(
    rf"\b(?P<wd>\d{{1,2}})\s+(?P<wm>{MONTH_RE})\s+(?P<wy>\d{{4}})\b", re.IGNORECASE
)
MONTH_YEAR = re.compile(rf"\b(?P<m>{MONTH_RE})\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?P<y>(?:19|20)\d{2})\b")


def day_of(m: re.Match[str]) -> date | None:
    """The calendar day a ``DAY_DATE``/``WRITTEN_DATE`` match names, ``None`` if impossible."""
    try:
        groups = m.groupdict()
        if groups.get("d"):
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return date(int(m.group("wy")), MONTHS[m.group("wm").lower()], int(m.group("wd")))
    except ValueError:
        return None


def parse_dutch_date(text: str) -> date | None:
    """The first day a text names ("1 januari 2018", "01-04-2018"), or ``None``.

    >>> parse_dutch_date("1 januari 2018")
    datetime.date(2018, 1, 1)
    >>> parse_dutch_date("medio 2018") is None
    True
    """
    m = DAY_DATE.search(text)
    return day_of(m) if m else None


def parse_exact_dutch_date(text: str) -> date:
    """A text that is exactly one written-out date ("10 maart 2021"); ``ValueError`` otherwise."""
    m = WRITTEN_DATE.fullmatch(text.strip())
    day = day_of(m) if m else None
    if day is None:
        raise ValueError(f"not a Dutch date: {text!r}")
    return day
