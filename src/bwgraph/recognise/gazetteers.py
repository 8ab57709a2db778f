"""Loading the recognisers' data files (TOML code lists, CSV registers) into gazetteers.

Kept apart from the recognisers so that another stage (the mentions of issue 11, a bench script)
can reuse the same data without the recognition rules.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bwgraph.recognise.engine import Entry, Gazetteer

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class InstrumentType:
    """A type of instrument or document: notation, ontology class name, proposal or not."""

    notation: str
    class_name: str
    proposal: bool
    forms: tuple[str, ...]
    refines: str = ""  # the more general type this one is a kind of (centrumregeling → GR)


@cache
def instrument_types() -> dict[str, InstrumentType]:
    """``data/instrument_types.toml`` by notation."""
    raw = tomllib.loads((DATA / "instrument_types.toml").read_text(encoding="utf-8"))
    return {
        notation: InstrumentType(
            notation,
            spec["class"],
            bool(spec.get("proposal", False)),
            tuple(spec["forms"]),
            spec.get("refines", ""),
        )
        for notation, spec in raw["type"].items()
    }


@cache
def instrument_gazetteer() -> Gazetteer:
    return Gazetteer(
        [
            Entry(form, t.notation, case_insensitive=True)
            for t in instrument_types().values()
            for form in t.forms
        ]
    )


@dataclass(frozen=True)
class ProposalMarkers:
    generic: tuple[str, ...]
    raad_cues: tuple[re.Pattern[str], ...]
    college_cues: tuple[re.Pattern[str], ...]


@cache
def proposal_markers() -> ProposalMarkers:
    """``[proposal]`` of ``data/instrument_types.toml``: how a proposal shows itself."""
    raw = tomllib.loads((DATA / "instrument_types.toml").read_text(encoding="utf-8"))["proposal"]
    return ProposalMarkers(
        tuple(raw["generic"]),
        tuple(re.compile(c, re.I) for c in raw["raad_cues"]),
        tuple(re.compile(c, re.I) for c in raw["college_cues"]),
    )


@cache
def scope_concepts() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """``data/scope.toml``: notation → (case-insensitive forms, exact forms)."""
    raw = tomllib.loads((DATA / "scope.toml").read_text(encoding="utf-8"))
    return {
        n: (tuple(spec.get("forms", [])), tuple(spec.get("exact", [])))
        for n, spec in raw["concept"].items()
    }


@cache
def scope_gazetteer() -> Gazetteer:
    entries: list[Entry] = []
    for notation, (forms, exact) in scope_concepts().items():
        entries += [Entry(f, notation, case_insensitive=True) for f in forms]
        entries += [Entry(f, notation) for f in exact]
    return Gazetteer(entries)


@cache
def description_fields() -> tuple[tuple[re.Pattern[str], ...], int]:
    """``[description]`` of ``data/instrument_types.toml``: fields of a description page."""
    raw = tomllib.loads((DATA / "instrument_types.toml").read_text(encoding="utf-8"))
    spec = raw["description"]
    return tuple(re.compile(f, re.I) for f in spec["fields"]), int(spec["min_fields"])


@cache
def title_cuts() -> tuple[re.Pattern[str], ...]:
    """``[title] cut`` of ``data/instrument_types.toml``: where a title line stops being title."""
    raw = tomllib.loads((DATA / "instrument_types.toml").read_text(encoding="utf-8"))
    return tuple(re.compile(c) for c in raw["title"]["cut"])


@cache
def title_rejects() -> tuple[re.Pattern[str], ...]:
    """``[title] reject``: what a title is not (a file name, a download size)."""
    raw = tomllib.loads((DATA / "instrument_types.toml").read_text(encoding="utf-8"))
    return tuple(re.compile(c) for c in raw["title"].get("reject", []))


@cache
def viewer_quotes() -> tuple[re.Pattern[str], ...]:
    """``[title] viewer_quote``: viewer lines that quote the page title (not a quotation)."""
    raw = tomllib.loads((DATA / "instrument_types.toml").read_text(encoding="utf-8"))
    return tuple(re.compile(c) for c in raw["title"].get("viewer_quote", []))
