"""Dates with the meaning the text gives them (vastgesteld, ondertekend, in werking …).

The dates themselves are read by the project's one Dutch date parser
(:mod:`bwgraph.extract.dutch`: "1 januari 2018", "01-04-2018", "juni 2018"); this module adds
what they mean, from cue words in the clause before the date (``data/date_meanings.toml``).
A date without a cue is not reported: the text does not say what it is. A range "van 1 januari
2022 tot en met 31 december 2025" gives a ``geldend_van`` and a ``geldend_tot`` date.

Values are ISO: ``2021-12-14`` for a day, ``2021-12`` for a month the text gives without a day.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from bwgraph.extract.dutch import DAY_DATE, MONTH_YEAR, MONTHS, day_of
from bwgraph.recognise.base import Hit, LineLike

DATA = Path(__file__).parent / "data"
_CLAUSE_END = re.compile(r"(?:[.;!?](?=\s|$)|,(?=\s*[A-Za-z]))")


@cache
def _cues() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    raw = tomllib.loads((DATA / "date_meanings.toml").read_text(encoding="utf-8"))
    return tuple(
        (meaning, tuple(re.compile(c, re.IGNORECASE) for c in raw["cue"][meaning]))
        for meaning in raw["order"]
    )


#: meanings a nearer weak cue ("met ingang van", "vergadering") does not override
STRONG = frozenset(
    {"in_werking", "vastgesteld", "ondertekend", "besluit", "geldend_tot", "geldend_van"}
)


def meaning_of(clause: str) -> str | None:
    """The meaning the words before a date give it, or ``None``.

    The cue nearest the date wins, but a strong cue (in werking, vastgesteld, ondertekend,
    besluit, geldend van/tot) in the clause beats a nearer weak one: "treedt in werking met
    ingang van 1 januari 2023" is the entry into force, "vastgesteld in de vergadering van
    5 juli" the adoption. Ties go to the first meaning in the data file's ``order``.
    """
    best: dict[bool, tuple[int, int, str]] = {}
    for rank, (meaning, patterns) in enumerate(_cues()):
        ends = [m.end() for p in patterns for m in p.finditer(clause)]
        if not ends:
            continue
        strong = meaning in STRONG
        cand = (max(ends), -rank, meaning)
        if strong not in best or cand > best[strong]:
            best[strong] = cand
    chosen = best.get(True) or best.get(False)
    return chosen[2] if chosen else None


def _clause_before(lines: Sequence[LineLike], i: int, start: int, prev_end: int = 0) -> str:
    """The words before a date back to a clause boundary or the previous date on the line."""
    text = lines[i].text[prev_end:start]
    if not text.strip() and i > 0 and prev_end == 0:
        # the date opens its line: the cue may end the previous line ("Vastgesteld op\n1 mei 2020")
        text = lines[i - 1].text.rstrip() + " "
    parts = _CLAUSE_END.split(text)
    clause = parts[-1] if parts else text
    return clause[-100:]


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every date in ``text``: ``(start, end, iso value)``; days first, then bare months."""
    found: list[tuple[int, int, str]] = []
    for m in DAY_DATE.finditer(text):
        day = day_of(m)
        if day is not None:
            found.append((m.start(), m.end(), day.isoformat()))
    for m in MONTH_YEAR.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        found.append((m.start(), m.end(), f"{m['y']}-{MONTHS[m['m'].lower()]:02d}"))
    return sorted(found)


_RANGE_GAP = re.compile(r"^\s*(?:tot\s+en\s+met|t/m|tot|-|–|—)\s*$", re.IGNORECASE)


def recognise_dates(lines: Sequence[LineLike]) -> list[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(lines):
        found = find_dates(line.text)
        range_role: dict[int, str] = {}
        for (s1, e1, _v1), (s2, _e2, _v2) in itertools.pairwise(found):
            if _RANGE_GAP.match(line.text[e1:s2]):
                range_role[s1] = "geldend_van"
                range_role[s2] = "geldend_tot"
        prev_end = 0
        for start, end, value in found:
            meaning = None
            clause = _clause_before(lines, i, start, prev_end)
            prev_end = end
            if start in range_role:
                # a range: a stronger cue before the first date (in werking …) keeps its meaning
                cue = meaning_of(clause)
                meaning = (
                    cue
                    if cue in ("in_werking", "met_ingang_van")
                    and range_role[start] == "geldend_van"
                    else range_role[start]
                )
            else:
                meaning = meaning_of(clause)
            if meaning is None:
                continue
            hits.append(
                Hit(
                    "date",
                    line.number,
                    start,
                    end,
                    line.text[start:end],
                    value,
                    {"meaning": meaning},
                )
            )
    return hits
