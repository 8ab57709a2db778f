"""``/sparql`` over real HTTP: SPARQLWrapper, rdflib's SPARQLStore and plain httpx.

Results are parsed back (SPARQL results, RDF graphs) and compared as values or triples, not text.
The expected values come from the reference data (``data/reference/regions.csv``: the region
``alkmaar`` has report name "Alkmaar", centrumgemeente GM0361) and from line 103 of the status
report (the fixture's narrative), not from the endpoint's output.
"""

from __future__ import annotations

import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from api.settings import ApiSettings
from tests.api.conftest import TEST_TIMEOUT, LiveServer, SmallGraph

ALKMAAR = "https://w3id.org/bwmo/id/region/alkmaar"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABEL_QUERY = f"SELECT ?label WHERE {{ <{ALKMAAR}> <{RDFS_LABEL}> ?label }}"


def _endpoint(base_url: str) -> str:
    return f"{base_url}/sparql"


# --- real clients ------------------------------------------------------------------------------


def test_sparqlwrapper_select_json(base_url: str) -> None:
    sw = SPARQLWrapper(_endpoint(base_url))
    sw.setQuery(LABEL_QUERY)
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    assert isinstance(data, dict)
    values = [b["label"] for b in data["results"]["bindings"]]
    assert values == [{"type": "literal", "value": "Alkmaar", "xml:lang": "nl"}]


def test_sparqlwrapper_post_ask(base_url: str) -> None:
    sw = SPARQLWrapper(_endpoint(base_url))
    sw.setMethod("POST")
    sw.setQuery(f"ASK {{ <{ALKMAAR}> a <https://w3id.org/bwmo/def#Region> }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_construct_turtle_equals_the_store(base_url: str, small_store) -> None:  # type: ignore[no-untyped-def]
    q = f"CONSTRUCT {{ <{ALKMAAR}> ?p ?o }} WHERE {{ <{ALKMAAR}> ?p ?o }}"
    sw = SPARQLWrapper(_endpoint(base_url))
    sw.setQuery(q)
    sw.setReturnFormat(TURTLE)
    body = sw.query().convert()
    got = Graph().parse(data=body, format="turtle")
    expected = {(t.subject.value, t.predicate.value, t.object.value)
                for t in small_store.evaluate(q)}
    assert {(str(s), str(p), str(o)) for s, p, o in got} == expected
    assert (URIRef(ALKMAAR), URIRef(RDFS_LABEL), Literal("Alkmaar", lang="nl")) in got


def test_sparqlwrapper_sees_a_bad_query_as_bad_formed(base_url: str) -> None:
    sw = SPARQLWrapper(_endpoint(base_url))
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="line 1"):
        sw.query()


def test_rdflib_sparqlstore(base_url: str, small_graph: SmallGraph) -> None:
    store = SPARQLStore(_endpoint(base_url), returnFormat="json")
    g = Graph(store=store)
    rows = list(g.query(
        "SELECT ?text WHERE { ?n <https://w3id.org/bwmo/def#region> ?r ; "
        "<https://w3id.org/bwmo/def#text> ?text }",
        initBindings={"r": URIRef(ALKMAAR)},
    ))
    assert [str(r[0]) for r in rows] == [small_graph.quote]
    # triples() goes through the same endpoint
    labels = {str(o) for _, _, o in g.triples((URIRef(ALKMAAR), URIRef(RDFS_LABEL), None))}
    assert labels == {"Alkmaar"}


# --- protocol forms and formats ------------------------------------------------------------------


def _parse_results(body: bytes, fmt: str) -> list[dict[str, str]]:
    res = Result.parse(io.BytesIO(body), format=fmt)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in res]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_select_in_every_results_format(base_url: str, accept: str, fmt: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    assert "Accept" in r.headers["vary"]
    assert _parse_results(r.content, fmt) == [{"label": "Alkmaar"}]


def test_post_direct_and_post_form_give_the_same_rows(base_url: str) -> None:
    direct = httpx.post(_endpoint(base_url), content=LABEL_QUERY.encode(),
                        headers={"Content-Type": "application/sparql-query",
                                 "Accept": "text/csv"})
    form = httpx.post(_endpoint(base_url), data={"query": LABEL_QUERY, "format": "csv"})
    assert direct.status_code == form.status_code == 200
    assert direct.content == form.content == b"label\r\nAlkmaar\r\n"


def test_accept_q_values_decide(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY}, headers={
        "Accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")


def test_format_parameter_overrides_accept(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "tsv"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.text.splitlines() == ["?label", '"Alkmaar"@nl']


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")],
)
def test_construct_in_every_graph_format(base_url: str, fmt: str, rdflib_format: str) -> None:
    q = f"CONSTRUCT {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }} WHERE {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }}"
    r = httpx.get(_endpoint(base_url), params={"query": q, "format": fmt})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=rdflib_format)
    assert set(g) == {(URIRef(ALKMAAR), URIRef(RDFS_LABEL), Literal("Alkmaar", lang="nl"))}


def test_describe_as_trig(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": f"DESCRIBE <{ALKMAAR}>"},
                  headers={"Accept": "application/trig"})
    assert r.status_code == 200
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=r.content, format="trig")
    assert (URIRef(ALKMAAR), URIRef(RDFS_LABEL), Literal("Alkmaar", lang="nl")) in ds.default_graph


def test_default_graph_uri_restricts_the_dataset(base_url: str, small_graph: SmallGraph) -> None:
    q = f"ASK {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }}"
    doc_graph = f"{small_graph.base}graph/{small_graph.doc_id}"
    ref_graph = f"{small_graph.base}graph/reference"
    only_doc = httpx.get(_endpoint(base_url), params={"query": q, "default-graph-uri": doc_graph})
    only_ref = httpx.get(_endpoint(base_url), params={"query": q, "default-graph-uri": ref_graph})
    assert only_doc.json()["boolean"] is False  # the label is reference data
    assert only_ref.json()["boolean"] is True


def test_named_graph_uri_restricts_graph_patterns(base_url: str, small_graph: SmallGraph) -> None:
    ref_graph = f"{small_graph.base}graph/reference"
    r = httpx.post(_endpoint(base_url), data={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": ref_graph,
    })
    assert r.status_code == 200
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [ref_graph]


def test_not_acceptable(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY},
                  headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "text/csv" in r.json()["detail"]
    construct = httpx.get(_endpoint(base_url), params={
        "query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"})
    assert construct.status_code == 406


def test_service_description(base_url: str, small_graph: SmallGraph,
                             api_settings: ApiSettings) -> None:
    r = httpx.get(_endpoint(base_url), headers={"Accept": "text/turtle",
                                                "Host": "evil.example:666"})
    assert r.status_code == 200
    assert b"evil.example" not in r.content  # the Host header is never echoed
    g = Graph().parse(data=r.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef(api_settings.public_url.rstrip("/") + "/sparql")
    services = list(g.subjects(URIRef(sd + "endpoint"), endpoint))
    assert len(services) == 1
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert f"{small_graph.base}graph/reference" in names


def test_cors_for_reads(base_url: str) -> None:
    pre = httpx.options(_endpoint(base_url), headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]
    r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY},
                  headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"


# --- hostile input -------------------------------------------------------------------------------


def test_update_in_form_is_forbidden(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url), data={"update": "DROP ALL"})
    assert r.status_code == 403
    assert "read-only" in r.json()["detail"]


def test_update_as_direct_post_is_forbidden(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url),
                   content=b"INSERT DATA { <http://a.org/s> <http://a.org/p> 1 }",
                   headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403


def test_update_smuggled_in_query_is_forbidden(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": "DELETE WHERE { ?s ?p ?o }"})
    assert r.status_code == 403
    still_there = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"})
    assert still_there.text == "label\r\nAlkmaar\r\n"


def test_service_is_refused(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400
    assert r.json()["error"] == "outbound_request_refused"
    assert "SERVICE" in r.json()["detail"]


def test_from_a_remote_graph_is_refused(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={
        "query": "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "http://example.org/data.ttl" in r.json()["detail"]


def test_default_graph_uri_outside_the_dataset_is_refused(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={
        "query": LABEL_QUERY, "default-graph-uri": "http://example.org/remote"})
    assert r.status_code == 400
    assert "default-graph-uri" in r.json()["detail"]


def test_load_is_refused(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url), data={"update": "LOAD <http://example.org/data.ttl>"})
    assert r.status_code == 400
    assert "LOAD" in r.json()["detail"]


def test_invalid_sparql_names_the_position(base_url: str) -> None:
    q = "SELECT ?s WHERE {\n ?s ?p ?o\n FILTER(\n}"
    r = httpx.get(_endpoint(base_url), params={"query": q})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "invalid_query"
    assert "line 4, column 1" in body["detail"]  # the "}" that leaves FILTER( open


def test_unsupported_post_body(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url), content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


def test_result_limit(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 413
    assert "LIMIT" in r.json()["detail"]
    paged = httpx.get(_endpoint(base_url), params={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10", "format": "json"})
    assert len(paged.json()["results"]["bindings"]) == 10


#: a cross join that streams a row every few milliseconds and would run for minutes
SLOW_QUERY = ("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f "
              "FILTER(STRLEN(STR(?c)) = STRLEN(STR(?f)) + 97) }")


def test_a_query_past_the_time_limit_is_refused_while_others_are_answered(base_url: str) -> None:
    """Both requests start together; the fast one is answered long before the slow one's
    deadline, and the slow one gets 504 shortly after the deadline (not minutes later)."""
    timings: dict[str, float] = {}
    start = threading.Barrier(2)

    def slow() -> httpx.Response:
        start.wait()
        t0 = time.monotonic()
        r = httpx.get(_endpoint(base_url), params={"query": SLOW_QUERY}, timeout=60)
        timings["slow"] = time.monotonic() - t0
        return r

    def fast() -> httpx.Response:
        start.wait()
        time.sleep(0.1)  # let the slow query get going first
        t0 = time.monotonic()
        r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"},
                      timeout=60)
        timings["fast"] = time.monotonic() - t0
        return r

    with ThreadPoolExecutor(max_workers=2) as pool:
        slow_f, fast_f = pool.submit(slow), pool.submit(fast)
        fast_r, slow_r = fast_f.result(), slow_f.result()
    assert fast_r.status_code == 200
    assert fast_r.text == "label\r\nAlkmaar\r\n"
    assert timings["fast"] < TEST_TIMEOUT
    assert slow_r.status_code == 504
    assert slow_r.json()["error"] == "query_timeout"
    assert "time limit of 1 s" in slow_r.json()["detail"]
    assert TEST_TIMEOUT <= timings["slow"] < TEST_TIMEOUT + 3
    # and the server is still healthy afterwards
    again = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"})
    assert again.status_code == 200


#: COUNT over a three-way cross join: nothing streams, the first (only) row needs all of it
RUNAWAY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_non_streaming_runaway_query_is_killed(base_url: str, live_server: LiveServer) -> None:
    """Its worker process is killed at the deadline and replaced; meanwhile and afterwards other
    clients are answered (a thread could not be stopped and would burn a core for hours)."""
    pool = live_server.app.state.runner.processes
    assert pool is not None, "the test server evaluates SPARQL in worker processes"
    with ThreadPoolExecutor(max_workers=2) as ex:
        runaway = ex.submit(httpx.get, _endpoint(base_url), params={"query": RUNAWAY_QUERY},
                            timeout=60)
        time.sleep(0.2)
        t0 = time.monotonic()
        fast = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"})
        fast_seconds = time.monotonic() - t0
        t1 = time.monotonic()
        r = runaway.result()
        assert time.monotonic() - t1 < TEST_TIMEOUT + 3
    assert fast.status_code == 200 and fast_seconds < TEST_TIMEOUT
    assert r.status_code == 504
    # the killed worker is replaced: the pool is back to full strength
    assert pool.wait_ready(2, timeout=60)
