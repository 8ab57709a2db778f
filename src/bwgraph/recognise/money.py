"""Amounts of money as the genre writes them, with their meaning where the text states one.

"€ 1.250.000,-", "€2,5 mln", "EUR 500.000", "twee miljoen euro", "1,2 miljoen euro",
"€ 450 duizend": a number in Dutch notation (``.`` groups thousands, ``,`` is the decimal mark),
an optional scale word and a currency sign or word before or after. Number words and scale words
are data (``data/money.toml``). The meaning (plafond, reserve, budget, subsidie, bijdrage, kosten)
comes from a cue word in the words before the amount on the same line; without one it is
``other``. The value is a decimal string in euro, exact (no float rounding).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from bwgraph.recognise.base import Hit, LineLike

DATA = Path(__file__).parent / "data"


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads((DATA / "money.toml").read_text(encoding="utf-8"))


@cache
def _pattern() -> re.Pattern[str]:
    d = _data()
    words = "|".join(sorted(map(re.escape, d["number_words"]), key=len, reverse=True))
    scales = "|".join(sorted(map(re.escape, d["scales"]), key=len, reverse=True))
    num = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    amount = rf"(?P<num>{num}|(?i:{words}))(?:\s*(?P<scale>(?i:{scales}))(?!\w))?"
    return re.compile(
        rf"(?:(?P<pre>€|EUR|euro)\s*{amount.replace('(?P<', '(?P<a_')}(?:,-|,--)?"
        rf"|{amount}(?:,-)?\s*(?P<post>euro|EUR|€)(?!\w))",
        re.IGNORECASE,
    )


def _value(num: str, scale: str | None) -> Decimal | None:
    d = _data()
    words: dict[str, object] = d["number_words"]
    scales: dict[str, object] = d["scales"]
    if num.lower() in words:
        base = Decimal(str(words[num.lower()]))
    else:
        try:
            base = Decimal(num.replace(".", "").replace(",", "."))
        except InvalidOperation:
            return None
    if scale:
        base *= Decimal(str(scales[scale.lower()]))
    return base


def _meaning(before: str) -> str:
    cues: dict[str, list[str]] = _data()["meanings"]
    best, pos = "other", -1
    low = before.lower()
    for meaning, words in cues.items():
        for w in words:
            i = low.rfind(w)
            if i > pos:
                best, pos = meaning, i
    return best


def recognise_money(lines: Sequence[LineLike]) -> list[Hit]:
    hits: list[Hit] = []
    for line in lines:
        prev_end = 0  # a cue belongs to the nearest amount: clauses start after the previous one
        for m in _pattern().finditer(line.text):
            num = m["a_num"] or m["num"]
            scale = m["a_scale"] if m["a_num"] else m["scale"]
            value = _value(num, scale)
            if value is None or value == 0:
                continue
            text = m.group(0).rstrip()
            clause_start, prev_end = prev_end, m.end()
            before = re.split(
                r"[;:]|\.\s|\. ?$", line.text[max(clause_start, m.start() - 80) : m.start()]
            )[-1]
            after = re.split(r"[;:,.(]", line.text[m.end() : m.end() + 30])[0]
            value_text = format(value.normalize(), "f")
            hits.append(
                Hit(
                    "amount",
                    line.number,
                    m.start(),
                    m.start() + len(text),
                    text,
                    value_text,
                    {
                        "currency": "EUR",
                        "meaning": _meaning(before)
                        if _meaning(before) != "other"
                        else _meaning(after),
                    },
                )
            )
    return hits
