"""Shape tests as data: ``cases/{constraint}-pass.ttl`` and ``cases/{constraint}-fail.ttl``.

A case's *constraint* names a group of shapes: ``bwsh:{constraint}`` and its property shapes
``bwsh:{constraint}-*``. Each case is validated together with ``support.ttl`` (subclass axioms, a
few code-list concepts, one source document).

* ``-pass``: no result at all from the group's shapes, and no violation from any other shape.
* ``-fail``: the file states its expected results as ``bwt:Expectation`` nodes (removed before
  validating); the group's results (plus those of any shape an expectation names) must be exactly
  the expected ones, compared on focus node, path, source shape and severity — so a case fails
  *for the right reason*, and for no other. No violation from any other shape either.

Every case also runs through pyshacl alone (``Engine.PYSHACL``), the reference implementation of
SHACL-SPARQL, and must give the same results as the default hybrid engine.

Adding a case is adding a file. Every constraint must have a failing case (``test_coverage``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from bwgraph.config import Settings
from bwgraph.validate import Engine, ValidationResult, load_shapes, validate_graph

BWT = Namespace("https://w3id.org/bwmo/test#")
BWSH = "https://w3id.org/bwmo/shapes#"
HERE = Path(__file__).parent
CASES = sorted((HERE / "cases").glob("*.ttl"))

Key = tuple[str, str | None, str, str]  # focus node, path, source shape, severity


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings())


@pytest.fixture(scope="module")
def support() -> Graph:
    return Graph().parse(HERE / "support.ttl")


def _split(path: Path) -> tuple[str, str]:
    stem = path.stem
    constraint, _, kind = stem.rpartition("-")
    if kind not in ("pass", "fail") or not constraint:
        raise ValueError(f"{path.name}: a case is named {{constraint}}-pass.ttl or -fail.ttl")
    return constraint, kind


def _expectations(g: Graph) -> set[Key]:
    """Read and remove the ``bwt:Expectation`` nodes of a case."""
    out: set[Key] = set()
    for e in list(g.subjects(RDF.type, BWT.Expectation)):
        path = g.value(e, BWT.resultPath)
        out.add(
            (
                str(g.value(e, BWT.focusNode)),
                str(path) if path is not None else None,
                str(g.value(e, BWT.sourceShape)),
                str(g.value(e, BWT.severity)),
            )
        )
        g.remove((e, None, None))
    return out


def _key(r: ValidationResult) -> Key:
    # complex paths (sh:alternativePath …) are blank nodes in the report: compared as "no path"
    path = r.path if r.path and ":" in r.path else None
    return (r.focus_node, path, r.source_shape, r.severity.value)


def _in_group(shape: str, constraint: str) -> bool:
    local = shape.removeprefix(BWSH)
    return local == constraint or local.startswith(constraint + "-")


def _load(case: Path, support: Graph) -> tuple[Graph, set[Key]]:
    g = Graph().parse(case)
    expected = _expectations(g)
    for t in support:
        g.add(t)
    return g, expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, shapes: Graph, support: Graph) -> None:
    constraint, kind = _split(case)
    assert (URIRef(BWSH + constraint), RDF.type, SH.NodeShape) in shapes, (
        f"{case.name}: no shape bwsh:{constraint}"
    )
    data, expected = _load(case, support)
    outcome = validate_graph(data, shapes)
    named = {e[2] for e in expected}
    got = {_key(r) for r in outcome.results if _in_group(r.source_shape, constraint)
           or r.source_shape in named}
    foreign = [r for r in outcome.violations if not _in_group(r.source_shape, constraint)
               and r.source_shape not in named]
    assert not foreign, f"{case.name}: violations of other shapes: {foreign}"
    if kind == "pass":
        assert not expected, f"{case.name}: a -pass case states no expectations"
        assert got == set(), f"{case.name}: expected no results, got {sorted(got, key=str)}"
    else:
        assert expected, f"{case.name}: a -fail case must state its expected results"
        assert got == expected, (
            f"{case.name}:\n missing {sorted(expected - got, key=str)}\n"
            f" unexpected {sorted(got - expected, key=str)}"
        )


def _sparql_cases() -> list[Path]:
    """Cases of the SPARQL-based constraints: there the two engines differ (core constraints run
    in pyshacl either way)."""
    shapes = load_shapes(Settings())
    with_sparql = {str(s).removeprefix(BWSH) for s in shapes.subjects(SH.sparql, None)}
    return [c for c in CASES if _split(c)[0] in with_sparql]


SPARQL_CASES = _sparql_cases()


@pytest.mark.parametrize("case", SPARQL_CASES, ids=[c.name for c in SPARQL_CASES])
def test_case_same_in_pyshacl(case: Path, shapes: Graph, support: Graph) -> None:
    """The hybrid engine (SPARQL constraints on pyoxigraph) agrees with pyshacl alone."""
    data, _ = _load(case, support)
    hybrid = validate_graph(data, shapes)
    data2, _ = _load(case, support)
    reference = validate_graph(data2, shapes, engine=Engine.PYSHACL)

    def keys(rs: list[ValidationResult]) -> set[tuple[str, str | None, str | None, str, str]]:
        return {
            (
                None if _bnode_like(r.focus_node) else r.focus_node,
                _key(r)[1],
                None if _bnode_like(r.value) else r.value,
                r.source_shape,
                r.severity.value,
            )
            for r in rs
        }

    assert keys(hybrid.results) == keys(reference.results)


def _bnode_like(value: str | None) -> bool:
    return value is not None and ":" not in value


def _constraint_shapes(shapes: Graph) -> set[str]:
    """Shapes that carry constraints of their own: property shapes of targeted node shapes, and
    targeted node shapes with a constraint parameter other than sh:property."""
    targeted = {
        s for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)
        if isinstance(s, URIRef)
    }
    structural = {RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.property,
                  SH.severity, SH.message,
                  URIRef("http://www.w3.org/2000/01/rdf-schema#comment")}
    out: set[str] = set()
    for node in targeted:
        if any(p not in structural for p in shapes.predicates(node, None)):
            out.add(str(node))
        for ps in shapes.objects(node, SH.property):
            assert isinstance(ps, URIRef), f"{node}: property shapes must be named (got {ps})"
            out.add(str(ps))
    return out


def test_coverage(shapes: Graph) -> None:
    """Every constraint is proven by at least one failing case."""
    covered: set[str] = set()
    for case in CASES:
        if case.stem.endswith("-fail"):
            g = Graph().parse(case)
            covered |= {str(s) for s in g.objects(None, BWT.sourceShape)}
    missing = sorted(_constraint_shapes(shapes) - covered)
    assert not missing, f"constraints without a failing case: {missing}"


def test_every_case_has_its_pair() -> None:
    names = {c.name for c in CASES}
    for c in CASES:
        constraint, _ = _split(c)
        assert f"{constraint}-pass.ttl" in names and f"{constraint}-fail.ttl" in names, c.name


def test_messages_in_dutch_and_english(shapes: Graph) -> None:
    """Every constraint has an sh:message in Dutch and in English."""
    owners: set[URIRef | BNode] = set()
    for s in _constraint_shapes(shapes):
        node = URIRef(s)
        if (node, SH.sparql, None) in shapes:
            owners |= {c for c in shapes.objects(node, SH.sparql) if isinstance(c, BNode)}
            others = set(shapes.predicates(node, None)) - {
                RDF.type, SH.targetClass, SH.sparql, SH.severity, SH.property}
            if not others:
                continue
        owners.add(node)
    lacking = []
    for o in owners:
        langs = {getattr(m, "language", None) for m in shapes.objects(o, SH.message)}
        if not {"nl", "en"} <= langs:
            lacking.append(str(o))
    assert not lacking, f"constraints without a Dutch and an English sh:message: {lacking}"
