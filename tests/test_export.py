"""Bounded descriptions (``describe``), dataset dumps, and the CLI commands that expose them."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from bwgraph.cli import app
from bwgraph.export import dataset_dump, describe, find_format
from bwgraph.formats import GRAPH_FORMATS, by_name, serialize_graph, to_rdflib
from bwgraph.store import OxigraphStore

TRIG = """
@prefix bwmo: <https://w3id.org/bwmo/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/bwmo/id/> .
<https://w3id.org/bwmo/graph/doc> {
  id:assessment\\/r\\/t a bwmo:Assessment ;
      bwmo:region id:region\\/r ;
      bwmo:status <https://w3id.org/bwmo/def/status/yes> ;
      bwmo:evidence id:document\\/d\\/line\\/7 ;
      bwmo:extra [ rdfs:comment "inner" ; bwmo:deeper [ rdfs:comment "deepest" ] ] .
  id:document\\/d\\/line\\/7 a bwmo:SourceLine ; bwmo:lineNumber 7 ;
      bwmo:quote "Ja, er is solidariteit." ;
      bwmo:inDocument id:document\\/d .
  id:narrative\\/r a bwmo:Narrative ; bwmo:about id:assessment\\/r\\/t .
  id:unrelated a bwmo:Narrative ; rdfs:label "not linked" .
}
<https://w3id.org/bwmo/graph/reference> {
  id:region\\/r rdfs:label "Regio R"@nl .
  <https://w3id.org/bwmo/def/status/yes> skos:prefLabel "ja"@nl , "yes"@en .
  id:narrative\\/r rdfs:label "Verhaal R"@nl .
}
"""
ID = "https://w3id.org/bwmo/id/"
FOCUS = ID + "assessment/r/t"


@pytest.fixture()
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "bwmo.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


@pytest.fixture()
def store(trig: Path) -> OxigraphStore:
    return OxigraphStore.from_trig(trig)


def _graph(triples: list[ox.Triple]) -> Graph:
    return to_rdflib(triples)


def test_describe_has_outgoing_triples_and_blank_node_closure(store: OxigraphStore) -> None:
    g = _graph(describe(store, FOCUS))
    focus = URIRef(FOCUS)
    assert (focus, URIRef("https://w3id.org/bwmo/def#region"), URIRef(ID + "region/r")) in g
    comments = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))}
    assert comments == {"inner", "deepest"}


def test_describe_includes_the_evidence_line(store: OxigraphStore) -> None:
    g = _graph(describe(store, FOCUS))
    line = URIRef(ID + "document/d/line/7")
    quotes = [str(o) for o in g.objects(line, URIRef("https://w3id.org/bwmo/def#quote"))]
    assert quotes == ["Ja, er is solidariteit."]


def test_describe_includes_incoming_links_and_labels_of_linked_nodes(store: OxigraphStore) -> None:
    g = _graph(describe(store, FOCUS))
    assert (URIRef(ID + "narrative/r"), URIRef("https://w3id.org/bwmo/def#about"),
            URIRef(FOCUS)) in g
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert {str(o) for o in g.objects(URIRef(ID + "region/r"), label)} == {"Regio R"}
    assert {str(o) for o in g.objects(URIRef(ID + "narrative/r"), label)} == {"Verhaal R"}
    pref = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    status = URIRef("https://w3id.org/bwmo/def/status/yes")
    assert {str(o) for o in g.objects(status, pref)} == {"ja", "yes"}
    # nothing unrelated leaks in
    assert URIRef(ID + "unrelated") not in set(g.subjects())


def test_incoming_links_are_bounded(store: OxigraphStore) -> None:
    status = "https://w3id.org/bwmo/def/status/yes"
    assert any(t.object.value == status for t in describe(store, status))
    assert not [t for t in describe(store, status, max_incoming=0) if t.object.value == status]


def test_unknown_iri_has_an_empty_description(store: OxigraphStore) -> None:
    assert describe(store, ID + "nothing/here") == []


def test_malformed_iri_is_a_value_error(store: OxigraphStore) -> None:
    with pytest.raises(ValueError):
        describe(store, "not an iri")


def test_every_graph_format_round_trips(store: OxigraphStore) -> None:
    triples = describe(store, ID + "region/r")
    expected = _graph(triples)
    for fmt in GRAPH_FORMATS:
        body = serialize_graph(triples, fmt)
        rdflib_name = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld",
                       "rdfxml": "xml", "trig": "trig", "nquads": "nquads"}[fmt.name]
        if fmt.name in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(data=body, format=rdflib_name)
            back = Graph()
            for s, p, o, _ in ds.quads():
                back.add((s, p, o))
        else:
            back = Graph().parse(data=body, format=rdflib_name)
        assert isomorphic(back, expected), fmt.name


def test_trig_dump_is_the_build_file(trig: Path, store: OxigraphStore) -> None:
    assert dataset_dump(store, find_format("trig")) == trig.read_bytes()


def test_nquads_dump_keeps_named_graphs(store: OxigraphStore) -> None:
    ds = Dataset()
    ds.parse(data=dataset_dump(store, find_format("nquads")), format="nquads")
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert graphs == {"https://w3id.org/bwmo/graph/doc", "https://w3id.org/bwmo/graph/reference"}


runner = CliRunner()


def test_cli_export_focus_matches_describe(trig: Path, store: OxigraphStore) -> None:
    res = runner.invoke(app, ["export", "focus", FOCUS, "--graph", str(trig), "-f", "ntriples"])
    assert res.exit_code == 0, res.output
    # blank nodes get new labels in each parse: compare as graphs, not as triple sets
    assert isomorphic(Graph().parse(data=res.stdout, format="nt"), _graph(describe(store, FOCUS)))


def test_cli_export_focus_profiles_as_the_api(trig: Path, store: OxigraphStore) -> None:
    res = runner.invoke(app, ["export", "focus", FOCUS, "--graph", str(trig), "-f", "ntriples",
                              "--profile", "cbd"])
    assert res.exit_code == 0, res.output
    cbd = Graph().parse(data=res.stdout, format="nt")
    assert isomorphic(cbd, _graph(describe(store, FOCUS, profile="cbd")))
    assert len(cbd) <= len(_graph(describe(store, FOCUS)))
    bad = runner.invoke(app, ["export", "focus", FOCUS, "--graph", str(trig),
                              "--profile", "everything"])
    assert bad.exit_code == 2
    assert "unknown profile 'everything'" in bad.output


def test_cli_export_focus_unknown_iri_fails(trig: Path) -> None:
    res = runner.invoke(app, ["export", "focus", ID + "nope", "--graph", str(trig)])
    assert res.exit_code == 2
    assert "not in this dataset" in res.output


def test_cli_export_dataset(trig: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.nq"
    res = runner.invoke(app, ["export", "dataset", "--format", "nquads", "--graph", str(trig),
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert len(out.read_text().splitlines()) == 20  # 16 in graph doc, 4 in reference


def test_cli_query_formats(trig: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text('SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                 'FILTER(lang(?l) = "nl") } ORDER BY ?l')
    res = runner.invoke(app, ["query", str(q), "--graph", str(trig), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["l", "Regio R", "Verhaal R"]
    res = runner.invoke(app, ["query", str(q), "--graph", str(trig)])
    assert json.loads(res.stdout)["results"]["bindings"][0]["l"] == {
        "type": "literal", "value": "Regio R", "xml:lang": "nl"}


def test_cli_query_refuses_service_and_missing_graph(trig: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }")
    res = runner.invoke(app, ["query", str(q), "--graph", str(trig)])
    assert res.exit_code == 2
    assert "SERVICE" in res.output
    res = runner.invoke(app, ["query", str(q), "--graph", str(tmp_path / "missing.trig")])
    assert res.exit_code == 2
    assert "bwgraph build" in res.output


def test_cli_query_format_must_fit_the_query_form(trig: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("CONSTRUCT WHERE { ?s ?p ?o }")
    res = runner.invoke(app, ["query", str(q), "--graph", str(trig), "--format", "csv"])
    assert res.exit_code == 2
    assert "turtle" in res.output
    res = runner.invoke(app, ["query", str(q), "--graph", str(trig), "--format", "turtle"])
    assert res.exit_code == 0
    assert len(Graph().parse(data=res.stdout, format="turtle")) == 20
    assert by_name("ttl", GRAPH_FORMATS).name == "turtle"
