"""Scope: which parts of the BW/MO field a text is about, as concepts of the ``scope`` code list.

Words and abbreviations per concept are data (``data/scope.toml``); one hit per occurrence, the
concept notation as value (``beschermd_wonen``, ``wvggz`` …). "Bescherming en opvang" names both
beschermd wonen and maatschappelijke opvang and gives a hit for each.
"""

from __future__ import annotations

from collections.abc import Sequence

from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.gazetteers import scope_gazetteer


def recognise_scope(lines: Sequence[LineLike]) -> list[Hit]:
    hits: list[Hit] = []
    gaz = scope_gazetteer()
    for line in lines:
        for m in gaz.finditer(line.text):
            for notation in sorted({e.id for e in m.entries}):
                hits.append(Hit("scope", line.number, m.start, m.end, m.text, notation))
    return hits
