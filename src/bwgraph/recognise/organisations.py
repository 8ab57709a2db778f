"""Organisations named in a text: the curated list first, then legal forms of the genre.

Names and alternative labels from ``data/reference/organisations.csv`` resolve to their slug.
Beyond the list, a legal form or sector word followed by a capitalised name ("Stichting
Limor", "woningcorporatie Woonkracht10", "GGD Hollands Noorden", "RIBW Arnhem & Veluwe
Vallei") is recognised with ``value == ""``: seen, not resolved; the caller decides whether to
mint an unresolved mention. The name runs over capitalised words and the joiners "en", "&",
"de", "van", "voor" between them, never over a sentence boundary.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bwgraph.identify import OrganisationRegistry
from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.engine import Entry, Gazetteer

DATA = Path(__file__).parent / "data"
_NAME = (
    r"(?:[A-Z0-9][\w'’\.\-]*|IJ\w*)"
    r"(?:\s+(?:(?:en|&|de|der|van|voor|aan|op)\s+)*(?:[A-Z0-9][\w'’\-]*|IJ\w*))*"
)


@cache
def legal_forms() -> dict[str, str]:
    """``data/legal_forms.toml``: form word → organisation-type notation."""
    raw = tomllib.loads((DATA / "legal_forms.toml").read_text(encoding="utf-8"))
    return {form: t for t, forms in raw["type"].items() for form in forms}


@dataclass(frozen=True)
class OrganisationRecogniser:
    registry: OrganisationRegistry
    gazetteer: Gazetteer
    pattern: re.Pattern[str]

    @classmethod
    def load(cls, path: Path) -> OrganisationRecogniser:
        registry = OrganisationRegistry.load(path)
        entries = [
            Entry(label, org.slug, (("type", org.org_type),))
            for org in registry
            for label in (org.name, *org.alt_labels)
        ]
        forms = sorted(legal_forms(), key=len, reverse=True)
        alt = "|".join(re.escape(f) for f in forms)
        pattern = re.compile(rf"(?<!\w)(?P<form>{alt})\s+(?P<name>{_NAME})")
        return cls(registry, Gazetteer(entries), pattern)

    def recognise(self, lines: Sequence[LineLike]) -> list[Hit]:
        hits: list[Hit] = []
        for line in lines:
            spans: list[tuple[int, int]] = []
            for m in self.gazetteer.finditer(line.text):
                e = m.entries[0]
                spans.append((m.start, m.end))
                hits.append(
                    Hit(
                        "organisation",
                        line.number,
                        m.start,
                        m.end,
                        m.text,
                        e.id,
                        {"type": e.attr("type")},
                    )
                )
            for p in self.pattern.finditer(line.text):
                s, end = p.start(), p.end("name")
                if any(a < end and s < b for a, b in spans):
                    continue
                text = line.text[s:end].rstrip(".")
                known = self.registry.resolve(text) or self.registry.resolve(p["name"])
                hits.append(
                    Hit(
                        "organisation",
                        line.number,
                        s,
                        s + len(text),
                        text,
                        known.slug if known else "",
                        {"type": legal_forms()[p["form"]], "legal_form": p["form"]},
                    )
                )
        return hits


@cache
def default_recogniser() -> OrganisationRecogniser:
    from bwgraph.config import Settings

    return OrganisationRecogniser.load(Settings().reference_dir / "organisations.csv")


def recognise_organisations(lines: Sequence[LineLike]) -> list[Hit]:
    return default_recogniser().recognise(lines)
