"""Periods: year ranges, date ranges, open-ended years and stated durations.

* ``2022-2026``, ``2022 – 2026``, ``2022/2023``, ``2022 t/m 2026``, ``van 2022 tot 2032``: start and
  end years (the end after the start, at most 20 years on; "2022-23" reads as 2022-2023);
* "in 2020 en 2021" (two consecutive years) is the span of a state ("in 2020 en 2021 nog steeds
  als centrumgemeente fungeert"), unless its clause tells of events ("in 2017 en 2018 … hebben
  vastgesteld": two separate years, no period) or of intentions ("We zullen in 2018 en 2019 …");
* "van 1 januari 2022 tot en met 31 december 2025": start and end days;
* "2020 e.v." (en volgende), a quoted title closing on "vanaf 2022": a start year without an
  end; "tot en met 2025", "in ieder geval tot 2025": an end year without a start, when no range
  contains it;
* the validity header of a consolidated regulation ("Geldend van 30-10-2024 t/m 30-12-2026") is
  the span of that text version, read as two dates (:mod:`~bwgraph.recognise.dates`), not a
  period of the instrument;
* "voor (ten minste) vier jaar", "voor de duur van 4 jaar", "looptijd van 3 jaar", "gedurende
  maximaal zes maanden", "binnen vier jaar", "een ingroeipad van 10 jaar", "twee jaar de tijd": an
  ISO 8601 duration (``P4Y``, ``P6M``); ``attrs["minimum"] = "yes"`` after "ten minste";
* "vanaf 2021 en in tien jaar", "vanaf 2022 … met een ingroeipad van 10 jaar": a start year
  with its duration; "de looptijd van het convenant tot 1 januari 2020": an end day;
* a duration right next to a year range ("voor tenminste 4 jaar (2026-2030)") is one period
  with start, end and duration.

``attrs["of"]`` is the instrument type named just before the period on the same line
("Regiovisie 2022-2026" → ``regiovisie``) when there is one. ``value`` is ``start/end``, or the
duration when there is no start or end.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.dates import find_dates
from bwgraph.recognise.gazetteers import instrument_gazetteer

_Y = r"(?:19|20)\d{2}"
_YEARS = re.compile(
    rf"(?<![\d\-/.,])(?:\bvan\s+)?(?P<a>{_Y})\s*"
    r"(?:-|–|—|/|\bt/m\b|\btot\s+en\s+met\b|(?<=\d)\s+tot\b(?=\s+(?:19|20)\d{2}))\s*"
    r"(?P<b>(?:19|20)\d{2}|\d{2})(?![\d\-/.,]\d)(?!\d)",
    re.IGNORECASE,
)
_FROM = re.compile(
    rf"(?<![\d\-/.,])(?P<a>{_Y})\s+e\.v\.?"
    # a title that closes on its start year: "het regioplan ‘De Fryske Oanpak … vanaf 2022’"
    rf"|\bvanaf\s+(?P<q>{_Y})(?=\s*[’'\"”])",
    re.IGNORECASE,
)
#: "vanaf 2021 … in tien jaar", "vanaf 2022 … met een ingroeipad van 10 jaar": a start year with
#: the duration that follows it in the same sentence
_FROM_WITH_DURATION = re.compile(
    rf"\bvanaf\s+(?P<a>{_Y})\b(?![\d\-/])[^.;]{{0,120}}?"
    r"\b(?:in|ingroeipad\s+van|periode\s+van|looptijd\s+van)\s+"
    r"(?P<n>\d{1,2}|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|vijftien|twintig)"
    r"\s+(?P<unit>jaar|jaren)\b",
    re.IGNORECASE,
)
#: "de looptijd van het convenant tot 1 januari 2020": the end day of a term
_TERM_UNTIL = re.compile(
    r"\b(?:looptijd|loopt|geldt|geldig|duurt)\b[^.;]{0,60}?\btot\s+(?:en\s+met\s+)?$", re.IGNORECASE
)
_UNTIL = re.compile(
    rf"\b(?:tot\s+en\s+met|t/m|(?:in\s+(?:ieder|elk)\s+geval|ten\s+minste|minimaal|nog)\s+tot)"
    rf"\s+(?P<b>{_Y})\b(?!\s*[-–/]\s*\d)",
    re.IGNORECASE,
)
#: "in 2020 en 2021": two consecutive years
_TWO_YEARS = re.compile(rf"\bin\s+(?P<a>{_Y})\s+en\s+(?P<b>{_Y})\b(?!\s*[-–/]\s*\d)", re.I)
#: what makes the two years two events rather than a span, or an intention rather than a fact
#: ("We zullen in 2018 en 2019 hard aan de slag moeten")
_EVENTS = re.compile(
    r"\b(?:zullen|zal|moeten|moet|willen|wil|vastgesteld|vastgestelde|ondertekend|getekend|besloten|gestart|opgesteld|opgericht|"
    r"ingevoerd|aangenomen|gepubliceerd|verschenen|geëvalueerd|uitgevoerd\s+(?:en|in))\b",
    re.I,
)
_VALIDITY_HEADER = re.compile(r"\bgeldend\s+(?:van|vanaf)\s*$", re.I)
_NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "twaalf": 12, "vijftien": 15, "twintig": 20,
}  # fmt: skip
_N = r"(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>jaar|jaren|maanden|maand)\b"
_MIN = r"(?P<min>ten\s*minste\s+|tenminste\s+|minimaal\s+|minstens\s+)?"
_DURATION = re.compile(
    r"\b(?:voor\s+(?:een\s+periode\s+van\s+|de\s+duur\s+van\s+)?|looptijd\s+van\s+|"
    r"periode\s+van\s+|duur\s+van\s+|gedurende\s+(?:maximaal\s+|ten\s+hoogste\s+)?|"
    r"binnen\s+|ingroeipad\s+van\s+)"
    + _MIN + _N + r"\s+" + _UNIT
    + r"|\b" + _N.replace("?P<n>", "?P<n2>") + r"\s+(?P<unit2>jaar|maanden)\s+de\s+tijd\b",
    re.IGNORECASE,
)  # fmt: skip
_DATE_RANGE_GAP = re.compile(r"^\s*(?:tot\s+en\s+met|t/m|tot|-|–|—)\s*$", re.IGNORECASE)
#: what may stand between a duration and the range it spells out: "4 jaar (2026-2030)"
_BESIDE = re.compile(r"^\s*[(,:–-]?\s*(?:van\s+)?$")


def _of(text: str, start: int) -> str:
    last = ""
    for m in instrument_gazetteer().finditer(text[:start]):
        last = m.entries[0].id
    return last


def _period(line: LineLike, s: int, e: int, start: str, end: str, duration: str = "") -> Hit:
    attrs = {"start": start, "end": end, "duration": duration, "of": _of(line.text, s)}
    value = f"{start}/{end}" if start or end else duration
    return Hit("period", line.number, s, e, line.text[s:e], value, attrs)


def _line_periods(line: LineLike) -> list[Hit]:
    text = line.text
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    dates = find_dates(text)
    for (s1, e1, v1), (s2, e2, v2) in itertools.pairwise(dates):
        if _DATE_RANGE_GAP.match(text[e1:s2]) and v1 < v2:
            taken.append((s1, e2))
            if not _VALIDITY_HEADER.search(text[max(0, s1 - 20) : s1]):
                hits.append(_period(line, s1, e2, v1, v2))
    for pattern in (_YEARS,):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            a = int(m["a"])
            b = int(m["b"]) if len(m["b"]) == 4 else (a // 100) * 100 + int(m["b"])
            if not a < b <= a + 20:
                continue
            taken.append((m.start(), m.end()))
            hits.append(_period(line, m.start("a"), m.end(), str(a), str(b)))
    for m in _FROM.finditer(text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            hits.append(_period(line, m.start(), m.end(), m["a"] or m["q"], ""))
    for s_, _e, v in dates:
        if free(s_, _e) and _TERM_UNTIL.search(text[max(0, s_ - 90) : s_]):
            taken.append((s_, _e))
            hits.append(_period(line, s_, _e, "", v))
    for m in _FROM_WITH_DURATION.finditer(text):
        if free(m.start(), m.end()):
            n = m["n"].lower()
            count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
            taken.append((m.start(), m.end()))
            hits.append(_period(line, m.start(), m.end(), m["a"], "", f"P{count}Y"))
    for m in _TWO_YEARS.finditer(text):
        clause = re.split(r"[.;!?](?=\s|$)", text[m.end() :], maxsplit=1)[0][:160]
        if (
            int(m["b"]) == int(m["a"]) + 1
            and free(m.start(), m.end())
            and not _EVENTS.search(text[max(0, m.start() - 80) : m.start()].split(".")[-1] + clause)
        ):
            taken.append((m.start(), m.end()))
            hits.append(_period(line, m.start("a"), m.end(), m["a"], m["b"]))
    for m in _UNTIL.finditer(text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            hits.append(_period(line, m.start(), m.end(), "", m["b"]))
    for m in _DURATION.finditer(text):
        if not free(m.start(), m.end()):
            continue
        n = (m["n"] or m["n2"]).lower()
        unit = (m["unit"] or m["unit2"]).lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        duration = f"P{count}{'Y' if unit.startswith('jaar') else 'M'}"
        # a duration spelled out by the range beside it is one period
        beside = next(
            (
                h
                for h in hits
                if h.attr("duration") == ""
                and h.attr("start")
                and h.attr("end")
                and (
                    (h.start >= m.end() and _BESIDE.match(text[m.end() : h.start]))
                    or (h.end <= m.start() and _BESIDE.match(text[h.end : m.start()]))
                )
            ),
            None,
        )
        if beside is not None:
            hits.remove(beside)
            s, e = min(m.start(), beside.start), max(m.end(), beside.end)
            hit = _period(line, s, e, beside.attr("start"), beside.attr("end"), duration)
        else:
            hit = _period(line, m.start(), m.end(), "", "", duration)
        if m["min"]:
            hit = Hit(hit.kind, hit.line, hit.start, hit.end, hit.text, hit.value,
                      {**hit.attrs, "minimum": "yes"})  # fmt: skip
        hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


def recognise_periods(lines: Sequence[LineLike]) -> list[Hit]:
    hits: list[Hit] = []
    for line in lines:
        hits += _line_periods(line)
    return hits
