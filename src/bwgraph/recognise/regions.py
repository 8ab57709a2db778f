"""BW/MO regions named in a text (``data/reference/regions.csv`` plus everyday names in
``data/region_aliases.csv``), precision first.

* A region name that is also a municipality's ("Utrecht", "Breda", "Groningen") counts only as
  "regio X" (or "centrumgemeenteregio X", "BW-regio X").
* A name that is also a province's counts on its own where the region covers that province
  ("heel Zeeland", "in Flevoland"), but not as "provincie X".
* A name that is only a region's ("Midden-IJssel", "Holland Rijnland", "Parkstad") counts on
  its own, in any case ("GOOI EN VECHTSTREEK"); "&" and "en" are the same word.
* "regio X" with an X that is not a listed region gives a hit with ``value == ""`` (named, not
  resolved).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bwgraph.identify import MunicipalityRegistry, RegionRegistry
from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.engine import Entry, Gazetteer, canonical

DATA = Path(__file__).parent / "data"
_REGIO_BEFORE = re.compile(
    r"\b(?:regio|BW-regio|BW/MO-regio|centrumgemeenteregio|regio's|subregio)\s*$", re.IGNORECASE
)
_PROVINCE_BEFORE = re.compile(r"\bprovincie\s*$", re.IGNORECASE)
_REGIO_UNLISTED = re.compile(
    r"\b[Rr]egio\s+(?P<name>(?:[A-Z][\w'’\-]+|IJ[\w\-]+)(?:[\s\-](?:en|&|de|van)?\s*"
    r"(?:[A-Z][\w'’\-]+|IJ[\w\-]+))*)"
)


def _key(form: str) -> str:
    return canonical(form).lower().replace(" & ", " en ")


@dataclass(frozen=True)
class RegionRecogniser:
    regions: RegionRegistry
    gazetteer: Gazetteer
    needs_regio: frozenset[str]

    @classmethod
    def load(cls, reference_dir: Path) -> RegionRecogniser:
        regions = RegionRegistry.load(reference_dir / "regions.csv")
        munis = MunicipalityRegistry.load(reference_dir)
        taken = {_key(n) for m in munis.iter_all() for n in (m.name, m.preferred_name)}
        labels: list[tuple[str, str]] = [
            (label, r.slug) for r in regions for label in (r.report_name, *r.alt_labels)
        ]
        with (DATA / "region_aliases.csv").open(encoding="utf-8") as f:
            labels += [(row["form"], row["slug"]) for row in csv.DictReader(f)]
        entries: list[Entry] = []
        for label, slug in labels:
            if slug not in regions.regions:
                raise ValueError(f"region_aliases.csv: unknown region slug {slug!r}")
            forms = {label, label.replace("&", "en"), label.replace(" en ", " & ")}
            entries += [Entry(form, slug, case_insensitive=True) for form in forms]
        needs = frozenset(_key(label) for label, _ in labels if _key(label) in taken)
        return cls(regions, Gazetteer(entries), needs)

    def recognise(self, lines: Sequence[LineLike]) -> list[Hit]:
        hits: list[Hit] = []
        for line in lines:
            spans: list[tuple[int, int]] = []
            for m in self.gazetteer.finditer(line.text):
                before = line.text[: m.start]
                if _PROVINCE_BEFORE.search(before):
                    continue
                if _key(m.text) in self.needs_regio and not _REGIO_BEFORE.search(before):
                    continue
                if not _REGIO_BEFORE.search(before) and not m.text[:1].isupper():
                    continue  # "parkstad" in lower case is no name
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
