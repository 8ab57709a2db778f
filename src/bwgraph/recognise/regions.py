"""BW/MO regions named in a text (``data/reference/regions.csv``), precision first.

A region whose name is also a municipality's or a province's ("Utrecht", "Zeeland",
"Flevoland") counts only as "regio X" (or "centrumgemeenteregio X", "BW-regio X"); a name that
is only a region's ("Midden-IJssel", "Holland Rijnland") counts on its own. "regio X" with an X
that is not a listed region gives a hit with ``value == ""`` (named, not resolved).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bwgraph.identify import MunicipalityRegistry, RegionRegistry
from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.engine import Entry, Gazetteer, canonical

PROVINCES = (
    "Groningen", "Fryslân", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
    "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)  # fmt: skip
_REGIO_BEFORE = re.compile(
    r"\b(?:regio|BW-regio|BW/MO-regio|centrumgemeenteregio|regio's)\s*$", re.IGNORECASE
)
_REGIO_UNLISTED = re.compile(
    r"\b[Rr]egio\s+(?P<name>(?:[A-Z][\w'’\-]+|IJ[\w\-]+)(?:[\s\-](?:en|&|de|van)?\s*"
    r"(?:[A-Z][\w'’\-]+|IJ[\w\-]+))*)"
)


@dataclass(frozen=True)
class RegionRecogniser:
    regions: RegionRegistry
    gazetteer: Gazetteer
    needs_regio: frozenset[str]

    @classmethod
    def load(cls, reference_dir: Path) -> RegionRecogniser:
        regions = RegionRegistry.load(reference_dir / "regions.csv")
        munis = MunicipalityRegistry.load(reference_dir)
        taken = {canonical(m.name) for m in munis.iter_all()}
        taken |= {canonical(m.preferred_name) for m in munis.iter_all()}
        taken |= {canonical(p) for p in PROVINCES}
        entries: list[Entry] = []
        needs: set[str] = set()
        for r in regions:
            for label in (r.report_name, *r.alt_labels):
                entries.append(Entry(label, r.slug))
                if canonical(label) in taken:
                    needs.add(canonical(label))
        return cls(regions, Gazetteer(entries), frozenset(needs))

    def recognise(self, lines: Sequence[LineLike]) -> list[Hit]:
        hits: list[Hit] = []
        for line in lines:
            spans: list[tuple[int, int]] = []
            for m in self.gazetteer.finditer(line.text):
                after_regio = bool(_REGIO_BEFORE.search(line.text[: m.start]))
                if canonical(m.text) in self.needs_regio and not after_regio:
                    continue
                slugs = sorted({e.id for e in m.entries})
                if len(slugs) != 1:
                    continue
                spans.append((m.start, m.end))
                hits.append(Hit("region", line.number, m.start, m.end, m.text, slugs[0]))
            for u in _REGIO_UNLISTED.finditer(line.text):
                s, e = u.start("name"), u.end("name")
                if any(a <= s < b or a < e <= b for a, b in spans):
                    continue
                hits.append(
                    Hit("region", line.number, s, e, u["name"], "", {"unresolved": "not listed"})
                )
        return hits


@cache
def default_recogniser() -> RegionRecogniser:
    from bwgraph.config import Settings

    return RegionRecogniser.load(Settings().reference_dir)


def recognise_regions(lines: Sequence[LineLike]) -> list[Hit]:
    return default_recogniser().recognise(lines)
