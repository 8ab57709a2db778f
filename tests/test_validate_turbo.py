"""The ``turbo`` engine (core constraints in pyshacl-turbo) gives the hybrid engine's results.

Every failing shape case of ``tests/shapes/cases`` (each constraint's failing data, with the
results it must give) runs through both engines; the typed results must be the same (focus
node, path, value, source shape, severity, constraint component, messages). The package is a
dev dependency; skipped without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from bwgraph.config import Settings
from bwgraph.validate import Engine, ValidationResult, load_shapes, validate_graph

pytest.importorskip("pyshacl_turbo")

#: the failing cases: each produces the results of its constraint (the passing ones produce none)
CASES = sorted((Path(__file__).parent / "shapes" / "cases").glob("*-fail.ttl"))
SUPPORT = Path(__file__).parent / "shapes" / "support.ttl"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings())


def _data(case: Path) -> Graph:
    g = Graph().parse(SUPPORT)
    g.parse(case)
    return g


def _keys(results: list[ValidationResult]) -> list[tuple[str, ...]]:
    def opaque(v: str | None) -> str:  # blank nodes get fresh labels per engine
        return "" if v is None or ":" not in v else v

    return sorted(
        (opaque(r.focus_node), r.path or "", opaque(r.value), r.source_shape, r.severity.label,
         r.constraint, r.message_en, r.message_nl)
        for r in results
    )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_turbo_gives_the_hybrid_results(case: Path, shapes: Graph) -> None:
    hybrid = validate_graph(_data(case), shapes, engine=Engine.HYBRID)
    turbo = validate_graph(_data(case), shapes, engine=Engine.TURBO)
    assert _keys(turbo.results) == _keys(hybrid.results)
