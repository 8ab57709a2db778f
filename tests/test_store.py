"""The embedded store: union default graph, protocol datasets, limits and build identity."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from bwgraph.store import OxigraphStore, QueryTimeout, ResultTooLarge, SelectResult

TRIG = """
@prefix ex: <http://example.org/> .
ex:g1 { ex:a ex:p ex:b . ex:a ex:label "A"@nl . }
ex:g2 { ex:b ex:p ex:c . ex:n1 ex:v 1 . ex:n2 ex:v 2 . ex:n3 ex:v 3 . }
"""
EX = "http://example.org/"


@pytest.fixture()
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "t.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


@pytest.fixture()
def store(trig: Path) -> OxigraphStore:
    return OxigraphStore.from_trig(trig)


def test_build_info_is_the_files_sha256(trig: Path, store: OxigraphStore) -> None:
    assert store.build_info is not None
    assert store.build_info.sha256 == hashlib.sha256(trig.read_bytes()).hexdigest()
    assert store.build_info.modified.tzinfo is not None


def test_graph_names(store: OxigraphStore) -> None:
    assert store.graph_names() == {EX + "g1", EX + "g2"}


def test_default_graph_is_the_union(store: OxigraphStore) -> None:
    res = store.evaluate(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?x . ?x <{EX}p> ?o }}")
    assert isinstance(res, SelectResult)
    assert res.values() == [{"o": EX + "c"}]


def test_default_graph_uri_restricts_the_default_graph(store: OxigraphStore) -> None:
    q = "SELECT ?s WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
    res = store.evaluate(q, default_graphs=[EX + "g2"])
    assert isinstance(res, SelectResult)
    assert res.values() == [{"s": EX + "b"}]


def test_named_graph_uri_restricts_graph_patterns(store: OxigraphStore) -> None:
    res = store.evaluate("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                         named_graphs=[EX + "g1"])
    assert isinstance(res, SelectResult)
    assert res.values() == [{"g": EX + "g1"}]


def test_ask_and_construct(store: OxigraphStore) -> None:
    assert store.evaluate(f"ASK {{ <{EX}a> ?p ?o }}") is True
    triples = store.evaluate(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert isinstance(triples, list)
    assert {(t.subject.value, t.object.value) for t in triples} == {
        (EX + "a", EX + "b"), (EX + "b", EX + "c")}


def test_result_limit_counts_rows(store: OxigraphStore) -> None:
    q = "SELECT ?n WHERE { ?n <http://example.org/v> ?v }"
    assert isinstance(store.evaluate(q, max_results=3), SelectResult)
    with pytest.raises(ResultTooLarge, match="limit of 2 rows"):
        store.evaluate(q, max_results=2)


def test_result_limit_counts_triples(store: OxigraphStore) -> None:
    with pytest.raises(ResultTooLarge, match="limit of 3 triples"):
        store.evaluate("CONSTRUCT WHERE { ?s ?p ?o }", max_results=3)


def test_deadline_stops_a_streaming_query() -> None:
    """A cross join over 3000 triples yields a row now and then; iteration stops at the
    deadline instead of running for minutes."""
    oxs = ox.Store()
    oxs.extend(
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal("x" * (i % 50)),
                ox.NamedNode(f"{EX}g"))
        for i in range(3000)
    )
    store = OxigraphStore(oxs)
    q = ("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
         "FILTER(STRLEN(?c) = 49 && STRLEN(?f) = 49 && STRLEN(?i) = 3) }")
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        store.evaluate(q, deadline=started + 0.5)
    assert time.monotonic() - started < 3


def test_select_with_bound_terms_is_not_spliced(store: OxigraphStore) -> None:
    res = store.select("SELECT ?s ?o WHERE { ?s <http://example.org/label> ?o }",
                       bindings={"s": ox.NamedNode(EX + "a")})
    assert res.values() == [{"s": EX + "a", "o": "A"}]
    assert res.rows[0]["o"].lang == "nl"


def test_quads_of_one_graph(store: OxigraphStore) -> None:
    assert len(store.quads(EX + "g1")) == 2
    assert len(store.quads()) == 6
