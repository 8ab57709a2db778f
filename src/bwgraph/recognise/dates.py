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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bwgraph.extract.dutch import DAY_DATE, MONTH_YEAR, MONTHS, day_of
from bwgraph.recognise.base import Hit, LineLike

DATA = Path(__file__).parent / "data"
#: a clause ends at a full stop (not one closing a one-letter abbreviation as in "d.d."),
#: semicolon, question or exclamation mark, or a comma before a word
_CLAUSE_END = re.compile(r"(?:(?<!\b\w)[.;!?](?=\s|$)|,(?=\s*[A-Za-z]))")
_YEAR = re.compile(r"\b(?P<y>(?:19|20)\d{2})\b(?!\s*[-–/]\s*\d)")


@cache
def _raw() -> dict[str, Any]:
    return tomllib.loads((DATA / "date_meanings.toml").read_text(encoding="utf-8"))


def _compiled(section: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    raw = _raw()
    return tuple(
        (meaning, tuple(re.compile(c, re.IGNORECASE) for c in raw[section][meaning]))
        for meaning in raw["order"]
        if meaning in raw[section]
    )


@cache
def _cues() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return _compiled("cue")


@cache
def _after() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return _compiled("after")


@cache
def _year_cues() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return _compiled("year_cues")


@dataclass(frozen=True)
class _YearContext:
    """One ``[[year_in_context]]`` entry: a cue before a bare year, what must (not) surround it."""

    meaning: str
    before: re.Pattern[str]
    sentence: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    not_after: re.Pattern[str] | None

    def matches(self, wide: str, sentence: str, after: str) -> bool:
        return (
            bool(self.before.search(wide))
            and (self.sentence is None or bool(self.sentence.search(sentence)))
            and not (self.not_before and self.not_before.search(wide))
            and not (self.not_after and self.not_after.match(after))
        )


def _optional(spec: dict[str, str], key: str) -> re.Pattern[str] | None:
    return re.compile(spec[key], re.IGNORECASE) if spec.get(key) else None


@cache
def _year_in_context() -> tuple[_YearContext, ...]:
    """``[[year_in_context]]``: the cue before the year, what its sentence must say, and the
    words before or after it that make it no start date (a span, a quoted name, background)."""
    return tuple(
        _YearContext(
            spec["meaning"],
            re.compile(spec["before"], re.IGNORECASE),
            _optional(spec, "sentence"),
            _optional(spec, "not_before"),
            _optional(spec, "not_after"),
        )
        for spec in _raw().get("year_in_context", [])
    )


@cache
def _year_not() -> tuple[re.Pattern[str], ...]:
    """``[year_not] before``: a cue that makes the year a target, not a date with meaning."""
    return tuple(re.compile(c, re.IGNORECASE) for c in _raw().get("year_not", {}).get("before", []))


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start``–``end`` (full stop, semicolon, ? or !)."""
    a = max((m.end() for m in re.finditer(r"[.;!?](?=\s)", text[:start])), default=0)
    b = re.search(r"[.;!?](?=\s|$)", text[end:])
    return text[a : end + b.start()] if b else text[a:]


@cache
def _after_clause() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return _compiled("after_clause")


def meaning_later_in_clause(text: str) -> str | None:
    """The meaning a verb later in the clause gives the date ("… is vastgesteld")."""
    clause = re.split(r"[.;:!?](?=\s|$)", text, maxsplit=1)[0][:160]
    for meaning, patterns in _after_clause():
        if any(p.search(clause) for p in patterns):
            return meaning
    return None


def meaning_after(text: str) -> str | None:
    """The meaning the words right after a date give it ("31 december 2019 afloopt")."""
    for meaning, patterns in _after():
        if any(p.match(text) for p in patterns):
            return meaning
    return None


def meaning_of(clause: str) -> str | None:
    """The meaning the words before a date give it, or ``None``.

    The cue nearest the date wins (trailing spaces ignored), except where the data file's
    ``[override]`` lets a farther cue win over a nearer one: "treedt in werking met ingang van
    1 januari 2023" is the entry into force, "vastgesteld in de vergadering van 5 juli" the
    adoption. Ties go to the first meaning in the data file's ``order``.
    """
    found: dict[str, int] = {}
    for meaning, patterns in _cues():
        ends = [len(clause[: m.end()].rstrip()) for p in patterns for m in p.finditer(clause)]
        if ends:
            found[meaning] = max(ends)
    if not found:
        return None
    order = list(_raw()["order"])
    nearest = max(found, key=lambda k: (found[k], -order.index(k)))
    overriders = [m for m in _raw().get("override", {}).get(nearest, []) if m in found]
    if overriders:
        return max(overriders, key=lambda k: (found[k], -order.index(k)))
    return nearest


def _clause_before(lines: Sequence[LineLike], i: int, start: int, prev_end: int = 0) -> str:
    """The words before a date back to a clause boundary or the previous date on the line."""
    text = lines[i].text[prev_end:start]
    if not text.strip() and i > 0 and prev_end == 0:
        # the date opens its line: the cue may end the previous line ("Vastgesteld op\n1 mei 2020")
        text = lines[i - 1].text.rstrip() + " "
    parts = _CLAUSE_END.split(text)
    clause = parts[-1] if parts else text
    return clause[-100:]


#: a numeric day as conversions leave it: a space after a dash ("1-1- 2022") or the next table
#: cell glued on ("24-09-2022nieuwe"); read by the same calendar check (``day_of``)
_LOOSE_NUMERIC = re.compile(
    r"(?<![\d-])(?P<d>\d{1,2})\s?-\s?(?P<m>\d{1,2})\s?-\s?(?P<y>\d{4})(?!\d)"
)


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every date in ``text``: ``(start, end, iso value)``; days first, then bare months."""
    found: list[tuple[int, int, str]] = []
    for m in DAY_DATE.finditer(text):
        day = day_of(m)
        if day is not None:
            found.append((m.start(), m.end(), day.isoformat()))
    for m in _LOOSE_NUMERIC.finditer(text):
        day = day_of(m)
        if day is not None and not any(s < m.end() and m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), day.isoformat()))
    for m in MONTH_YEAR.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        found.append((m.start(), m.end(), f"{m['y']}-{MONTHS[m['m'].lower()]:02d}"))
    return sorted(found)


#: "… zullen worden vastgesteld in maart 2023": a planned adoption or signing, not one that happened
_PLANNED = re.compile(
    r"\b(?:zal|zullen|moet|moeten|kan|kunnen)\s+(?:\w+\s+){0,4}?worden\s+"
    r"(?:vastgesteld|ondertekend|getekend)\b",
    re.I,
)


def _is_planned(meaning: str, around: str) -> bool:
    return meaning in ("vastgesteld", "ondertekend") and bool(_PLANNED.search(around))


_RANGE_GAP = re.compile(r"^\s*(?:tot\s+en\s+met|t/m|tot|-|–|—)\s*$", re.IGNORECASE)


#: a numeric date opening a table cell, possibly glued to the next cell ("24-09-2022nieuwe")
_CELL_DATE = re.compile(r"^\s*(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})")


def _layout_dates(lines: Sequence[LineLike]) -> list[Hit]:
    """Dates whose meaning comes from the layout of a known kind of page (``[layout.*]``)."""
    hits: list[Hit] = []
    for spec in _raw().get("layout", {}).values():
        marker, end = re.compile(spec["marker"], re.I), re.compile(spec["end"], re.I)
        publication = re.compile(spec["publication"], re.I)
        for i, line in enumerate(lines):
            if not marker.match(line.text):
                continue
            block = []
            for nxt in lines[i + 1 : i + 1 + int(spec["max_lines"])]:
                if end.match(nxt.text):
                    break
                if nxt.text.strip():
                    block.append(nxt)
            cells = [(x, _CELL_DATE.match(x.text)) for x in block]
            dated = [(k, x, m) for k, (x, m) in enumerate(cells) if m and day_of(m)]
            for n, (k, x, m) in enumerate(dated):
                meaning = None
                if n == 0:
                    meaning = spec["first_date"]
                elif k + 1 < len(cells) and publication.match(cells[k + 1][0].text):
                    meaning = spec["before_publication"]
                day = day_of(m)
                if meaning and day is not None:
                    hits.append(
                        Hit("date", x.number, m.start("d"), m.end("y"),
                            x.text[m.start("d") : m.end("y")], day.isoformat(),
                            {"meaning": meaning, "layout": "yes"})
                    )  # fmt: skip
    return hits


def _standalone(lines: Sequence[LineLike], i: int, start: int, end: int) -> bool:
    """The date is all its line says and the line is among the first of the page
    (``[standalone]``): the page's own date under its title."""
    spec = _raw().get("standalone")
    if not spec:
        return False
    text = lines[i].text
    if text[:start].strip() or text[end:].strip():
        return False
    nonblank = sum(1 for x in lines[:i] if x.text.strip())
    return nonblank < int(spec["max_line"])


def recognise_dates(lines: Sequence[LineLike]) -> list[Hit]:
    hits: list[Hit] = _layout_dates(lines)
    laid_out = {(h.line, h.start) for h in hits}
    for i, line in enumerate(lines):
        found = find_dates(line.text)
        range_role: dict[int, str] = {}
        for (s1, e1, _v1), (s2, _e2, _v2) in itertools.pairwise(found):
            if _RANGE_GAP.match(line.text[e1:s2]):
                range_role[s1] = "geldend_van"
                range_role[s2] = "geldend_tot"
        prev_end = 0
        for start, end, value in found:
            if (line.number, start) in laid_out:
                continue
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
                after = meaning_after(line.text[end : end + 40])
                later = meaning_later_in_clause(line.text[end:])
                # a dated event ("Op 3 maart 2020 heeft de raad …") is "other" unless its verb
                # says more ("… het plan vastgesteld")
                cue = meaning_of(clause)
                if cue and after in _raw().get("after_override", {}).get(cue, []):
                    cue = after
                meaning = cue or (later if after == "other" and later else after or later)
            if meaning is None and _standalone(lines, i, start, end):
                meaning = str(_raw()["standalone"]["meaning"])
            if meaning is None or _is_planned(meaning, clause + line.text[end : end + 80]):
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
        hits += _years(line, found)
    return hits


def _years(line: LineLike, found: list[tuple[int, int, str]]) -> list[Hit]:
    """Bare years a cue makes a date of ("per 2024"; "in 2021 … is vastgesteld"); value ``YYYY``."""
    out: list[Hit] = []
    for m in _YEAR.finditer(line.text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        before = line.text[max(0, m.start() - 30) : m.start()]
        if any(p.search(before) for p in _year_not()):
            continue
        meaning = next(
            (mn for mn, patterns in _year_cues() if any(p.search(before) for p in patterns)),
            None,
        )
        if meaning is None:
            wide = line.text[max(0, m.start() - 80) : m.start()]
            sentence = _sentence_at(line.text, m.start(), m.end())
            after = line.text[m.end() : m.end() + 20]
            meaning = next(
                (c.meaning for c in _year_in_context() if c.matches(wide, sentence, after)),
                None,
            )
        # "in 2017 en 2018 … vastgesteld": which year is which is not said
        paired = re.match(r"\s+en\s+(?:19|20)\d\d\b", line.text[m.end() :])
        if (
            meaning is None
            and not paired
            and re.search(r"\b(?:in|eind|begin|medio)\s+$", before, re.I)
        ):
            meaning = meaning_later_in_clause(line.text[m.end() :])
        if meaning is not None:
            out.append(
                Hit("date", line.number, m.start(), m.end(), m["y"], m["y"], {"meaning": meaning})
            )
    return out
