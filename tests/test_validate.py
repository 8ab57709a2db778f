"""Tests of :mod:`bwgraph.validate`, :mod:`bwgraph.quality` and ``bwgraph validate``.

The shapes themselves are tested as data in ``tests/shapes/``; here: the command's exit codes and
output, the Turtle report, the build hook, the quality summary, and — on the real build — that
the graph conforms and shows the gaps the sources really have.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from typer.testing import CliRunner

from bwgraph.cli import app
from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.namespaces import BWMO
from bwgraph.pipeline import BuildError, BuildReport, ontology_graph
from bwgraph.quality import summarise
from bwgraph.store import OxigraphStore
from bwgraph.validate import (
    Severity,
    ShapesError,
    SparqlConstraint,
    build_hook,
    bulk_query,
    load_shapes,
    load_union,
    oxigraph_store,
    sparql_constraints,
    validate_file,
    validate_graphs,
)

PREFIXES = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix bwmo: <https://w3id.org/bwmo/def#> .
@prefix gm: <https://identifier.overheid.nl/tooi/id/gemeente/> .
@prefix id: <https://w3id.org/bwmo/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

DOC = """
GRAPH <https://w3id.org/bwmo/graph/doc> {
  id:document\\/doc a bwmo:SourceDocument ; dct:identifier "doc" ; dct:title "Test"@nl ;
      dct:date "2020-10-29"^^xsd:date ; bwmo:lineCount "10"^^xsd:nonNegativeInteger .
  <https://w3id.org/bwmo/id/document/doc/line/3> a bwmo:SourceLine ;
      bwmo:inDocument id:document\\/doc ; bwmo:lineNumber "3"^^xsd:positiveInteger ;
      bwmo:quote "Gemeente Amsterdam"@nl .
  <https://w3id.org/bwmo/id/document/doc/line/4> a bwmo:SourceLine ;
      bwmo:inDocument id:document\\/doc ; bwmo:lineNumber "4"^^xsd:positiveInteger ;
      bwmo:quote "Planning opgesteld/aanwezig:"@nl .
  id:region\\/r a bwmo:Region ; rdfs:label "R"@nl ; bwmo:evidence
      <https://w3id.org/bwmo/id/document/doc/line/3> .
  id:assessment\\/r\\/planning a bwmo:Assessment ; bwmo:region id:region\\/r ;
      bwmo:topic <https://w3id.org/bwmo/def/topic/planning_present> ;
      bwmo:status <https://w3id.org/bwmo/def/status/not_stated> ;
      bwmo:statusNote "status symbol missing in the source"@en ;
      bwmo:assessedOn "2020-10-29"^^xsd:date ;
      bwmo:evidence <https://w3id.org/bwmo/id/document/doc/line/4> .
  <https://w3id.org/bwmo/def/topic/planning_present> a skos:Concept ;
      skos:notation "planning_present" ; skos:prefLabel "planning"@nl , "planning"@en ;
      skos:inScheme <https://w3id.org/bwmo/def/topic> .
  <https://w3id.org/bwmo/def/topic> a skos:ConceptScheme .
}
"""

#: One municipality whose CBS code does not match its TOOI IRI (a violation), read on line 3.
BROKEN = """
GRAPH <https://w3id.org/bwmo/graph/doc> {
  gm:gm0363 a bwmo:Municipality ; rdfs:label "Amsterdam"@nl ; bwmo:cbsCode "GM0362" ;
      bwmo:evidence <https://w3id.org/bwmo/id/document/doc/line/3> .
}
"""


def _trig(tmp_path: Path, *parts: str) -> Path:
    path = tmp_path / "g.trig"
    path.write_text(PREFIXES + "".join(parts), encoding="utf-8")
    return path


runner = CliRunner()


def test_cli_exit_0_when_the_graph_conforms(tmp_path: Path) -> None:
    path = _trig(tmp_path, DOC)
    res = runner.invoke(app, ["validate", "--graph", str(path), "--no-summary"])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output
    # the not_stated status is a warning, shown with its evidence line
    assert "bwsh:StatusNotStated" in res.output
    assert "doc:4" in res.output


def test_cli_exit_1_with_a_violation_grouped_by_shape_with_evidence(tmp_path: Path) -> None:
    path = _trig(tmp_path, DOC, BROKEN)
    report = tmp_path / "report.ttl"
    res = runner.invoke(app, ["validate", "--graph", str(path), "--report", str(report)])
    assert res.exit_code == 1, res.output
    assert "bwsh:MunicipalityCodeMatchesIri" in res.output
    assert "https://identifier.overheid.nl/tooi/id/gemeente/gm0363" in res.output
    assert "doc:3" in res.output and "Gemeente Amsterdam" in res.output
    assert "does not conform" in res.output
    g = Graph().parse(report, format="turtle")
    reports = list(g.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert not g.value(reports[0], SH.conforms).toPython()
    shapes = {str(g.value(r, SH.sourceShape)) for r in g.objects(reports[0], SH.result)}
    assert "https://w3id.org/bwmo/shapes#MunicipalityCodeMatchesIri" in shapes


def test_cli_summary_tables(tmp_path: Path) -> None:
    path = _trig(tmp_path, DOC)
    res = runner.invoke(app, ["validate", "--graph", str(path)])
    assert res.exit_code == 0, res.output
    for title in ("not_stated statuses per region", "facts per source document", "nodes per class"):
        assert title in res.output


def test_cli_exit_2_for_a_missing_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["validate", "--graph", str(tmp_path / "nope.trig")])
    assert res.exit_code == 2
    assert "nope.trig" in res.output and "no such file" in res.output


def test_cli_exit_2_for_an_unparseable_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.trig"
    path.write_text("this is not TriG {", encoding="utf-8")
    res = runner.invoke(app, ["validate", "--graph", str(path)])
    assert res.exit_code == 2
    assert "bad.trig" in res.output and "cannot parse" in res.output


def test_typed_results_carry_messages_and_evidence(tmp_path: Path) -> None:
    outcome = validate_file(_trig(tmp_path, DOC, BROKEN), Settings())
    assert not outcome.conforms
    [v] = outcome.violations
    assert v.severity is Severity.VIOLATION
    assert v.focus_node == "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    assert v.path == str(BWMO.cbsCode)
    assert v.value == "GM0362"
    assert v.source_shape == "https://w3id.org/bwmo/shapes#MunicipalityCodeMatchesIri"
    assert "GM0362" in v.message_nl and "past niet" in v.message_nl
    assert "does not match" in v.message_en
    assert v.evidence is not None
    assert (v.evidence.document, v.evidence.line) == ("doc", 3)
    assert v.evidence.quote == "Gemeente Amsterdam"


def test_build_hook_stops_the_build_on_violations(tmp_path: Path) -> None:
    data, _ = load_union(_trig(tmp_path, DOC, BROKEN))
    graphs = [(URIRef("https://w3id.org/bwmo/graph/doc"), data)]
    report = BuildReport(output=tmp_path / "out.trig")
    with pytest.raises(BuildError, match="MunicipalityCodeMatchesIri"):
        build_hook(graphs, BuildContext(Settings()), report)
    assert report.stats["validation"]["violation"] == 1


def test_build_hook_lets_a_conforming_graph_pass(tmp_path: Path) -> None:
    data, _ = load_union(_trig(tmp_path, DOC))
    report = BuildReport(output=tmp_path / "out.trig")
    build_hook([(URIRef("https://w3id.org/bwmo/graph/doc"), data)], BuildContext(Settings()),
               report)
    assert report.stats["validation"] == {"violation": 0, "warning": 1, "info": 0}


def test_quality_summary_counts(tmp_path: Path) -> None:
    _, store = load_union(_trig(tmp_path, DOC))
    q = summarise(OxigraphStore(store))
    [r] = q.regions
    assert (r.name, r.assessments, r.not_stated, r.topics) == ("R", 1, 1, ("planning_present",))
    [d] = q.documents
    # two fact nodes (region, assessment) read from two lines of a 10-line document
    assert (d.identifier, d.facts, d.lines_cited, d.line_count) == ("doc", 2, 2, 10)
    counts = {c.cls: c.nodes for c in q.classes}
    assert counts[str(BWMO.SourceLine)] == 2
    assert counts[str(BWMO.Assessment)] == 1


def test_ontology_and_code_lists_conform() -> None:
    """The code lists pass the concept shapes (prefLabel nl+en, notation, IRI = scheme/notation)."""
    settings = Settings()
    outcome = validate_graphs([(URIRef("urn:x-test:ontology"), ontology_graph(settings))],
                              settings)
    assert outcome.violations == []


def test_every_class_of_the_ontology_has_a_shape() -> None:
    """Each bwmo class is targeted by a shape, itself or through a superclass."""
    settings = Settings()
    onto = ontology_graph(settings)
    shapes = load_shapes(settings)
    targeted = set(shapes.objects(None, SH.targetClass))
    missing = []
    for cls in set(onto.subjects(RDF.type, OWL.Class)):
        if not str(cls).startswith(str(BWMO)):
            continue
        supers = set(onto.transitive_objects(cls, RDFS.subClassOf))
        if not supers & targeted:
            missing.append(str(cls))
    assert not missing, f"classes without a shape: {sorted(missing)}"


# --- the real build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_outcome(built_trig: Path):  # type: ignore[no-untyped-def]
    return validate_file(built_trig, Settings())


def test_built_graph_has_no_violations(built_outcome) -> None:  # type: ignore[no-untyped-def]
    assert built_outcome.violations == [], built_outcome.summary()


def test_built_graph_reports_the_real_gaps(built_outcome) -> None:  # type: ignore[no-untyped-def]
    """001 line 450 reads ``Planning opgesteld/aanwezig:\\t`` with no symbol (Amersfoort): the
    status is not stated, and validation says so as a warning with that line as evidence."""
    hits = [
        r for r in built_outcome.of(Severity.WARNING)
        if r.source_shape == "https://w3id.org/bwmo/shapes#StatusNotStated"
        and "/region/" not in r.focus_node and "amersfoort/planning-present" in r.focus_node
    ]
    assert len(hits) == 1
    ev = hits[0].evidence
    assert ev is not None and ev.line == 450
    assert ev.quote.startswith("Planning opgesteld/aanwezig:")


def test_built_graph_quality_summary(built_trig: Path) -> None:
    _, store = load_union(built_trig)
    q = summarise(OxigraphStore(store))
    amersfoort = next(r for r in q.regions if r.name == "Amersfoort")
    # 001 lines 443-444 and 450: budget split, financial solidarity and planning have no symbol
    assert {"planning_present", "ua_budget_risk_split", "ua_financial_solidarity"} <= set(
        amersfoort.topics
    )
    # every registered document yielded facts
    assert len(q.documents) == 5 and all(d.facts > 0 for d in q.documents)


# --- the SPARQL evaluator refuses what it does not implement ------------------------------------

_SHAPE_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
"""


def _shapes(text: str) -> Graph:
    return Graph().parse(data=_SHAPE_HEAD + text, format="turtle")


def test_sparql_on_a_property_shape_is_refused() -> None:
    g = _shapes(
        'ex:S sh:path ex:p ; sh:targetClass ex:C ; '
        'sh:sparql [ sh:select "SELECT $this WHERE {}" ] .'
    )
    with pytest.raises(ShapesError, match="property shape"):
        sparql_constraints(g)


def test_sparql_with_an_unsupported_target_is_refused() -> None:
    g = _shapes('ex:S sh:targetSubjectsOf ex:p ; sh:sparql [ sh:select "SELECT $this WHERE {}" ] .')
    with pytest.raises(ShapesError, match="targetClass"):
        sparql_constraints(g)


def test_deactivated_sparql_constraint_is_skipped() -> None:
    g = _shapes(
        'ex:S sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE {}" ; '
        "sh:deactivated true ] ."
    )
    assert sparql_constraints(g) == []


def test_broken_shapes_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "bad.ttl").write_text("ex:S a sh:NodeShape", encoding="utf-8")
    with pytest.raises(ShapesError, match=r"bad\.ttl"):
        load_shapes(Settings(root=tmp_path))


# --- SPARQL constraints for all focus nodes at once --------------------------------------------


def _constraint(select: str) -> SparqlConstraint:
    return SparqlConstraint(
        shape=URIRef("https://w3id.org/bwmo/shapes#T"), select=select, prefixes={},
        severity=SH.Violation, messages=(), target_classes=(BWMO.Region,), target_nodes=(),
    )


def test_bulk_query_only_where_it_equals_per_node_pre_binding() -> None:
    """One query for every focus node is used only where it gives the per-node answers: not
    with grouping, aggregates or slicing, nor with a sub-SELECT that mentions $this; a variable
    named ?count or an uncorrelated sub-SELECT does not stop it."""
    plain = "SELECT $this ?value ?count WHERE { $this <urn:p> ?value ; <urn:n> ?count }"
    q = bulk_query(_constraint(plain))
    assert q is not None and "SELECT DISTINCT ?this" in q and str(BWMO.Region) in q
    uncorrelated = ("SELECT $this ?value WHERE { { SELECT (MAX(?d) AS ?value) WHERE { ?x <urn:d> "
                    "?d } } FILTER NOT EXISTS { $this <urn:p> ?value } }")
    assert bulk_query(_constraint(uncorrelated)) is not None
    for per_node in (
        "SELECT $this (COUNT(?v) AS ?n) WHERE { $this <urn:p> ?v }",
        "SELECT $this ?v WHERE { $this <urn:p> ?v } LIMIT 1",
        "SELECT $this ?v WHERE { { SELECT ?v WHERE { $this <urn:p> ?v } LIMIT 1 } }",
        "SELECT ?v WHERE { $this <urn:p> ?v }",  # $this not projected
    ):
        assert bulk_query(_constraint(per_node)) is None, per_node


def test_bulk_and_per_node_give_the_same_results() -> None:
    """The same report from one query and from one query per focus node."""
    data = Graph()
    for n, label in ((1, "a"), (2, None), (3, "c")):
        r = URIRef(f"https://w3id.org/bwmo/id/region/r{n}")
        data.add((r, RDF.type, BWMO.Region))
        if label:
            data.add((r, URIRef("urn:label"), URIRef(f"urn:{label}")))
    c = _constraint("SELECT $this ?value WHERE { OPTIONAL { $this <urn:label> ?value } "
                    "FILTER(!BOUND(?value) || ?value = <urn:c>) }")

    def results(bulk: bool) -> set[tuple[str, str]]:
        import bwgraph.validate as v

        report = Graph()
        rep = URIRef("urn:report")
        report.add((rep, RDF.type, SH.ValidationReport))
        saved = v.bulk_query
        v.bulk_query = saved if bulk else (lambda _c: None)  # type: ignore[assignment]
        try:
            v._add_sparql_results(report, oxigraph_store(data), [c])
        finally:
            v.bulk_query = saved  # type: ignore[assignment]
        return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
                for r in report.objects(rep, SH.result)}

    expected = {("https://w3id.org/bwmo/id/region/r2", "https://w3id.org/bwmo/id/region/r2"),
                ("https://w3id.org/bwmo/id/region/r3", "urn:c")}
    assert results(bulk=True) == results(bulk=False) == expected
