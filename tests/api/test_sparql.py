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
    # format=csv names nothing a CONSTRUCT can give: Accept decides (here: nothing fits)
    construct = httpx.get(_endpoint(base_url), params={
        "query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"},
        headers={"Accept": "image/png"})
    assert construct.status_code == 406
    assert len(construct.json()["detail"]) < 400  # the header is not echoed at length


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


# --- the dataset of a query (SPARQL 1.1 Query §13.2, Protocol §2.1.4) ----------------------------
#
# The fixture's document graph holds, by construction (tests/api/conftest.py), 16 triples: the
# document (type, label, identifier, file name, date = 5), the narrative (type, region, text,
# derivation = 4), the region's link to it (1) and the evidence (the narrative's link to line 103
# and the line's type, document, number, quote and label = 6).

DOC_TRIPLES = 16


def _count(base_url: str, query: str, **params: str | list[str]) -> int:
    r = httpx.get(_endpoint(base_url), params={"query": query, **params},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_from_counts_only_that_graph(base_url: str, small_graph: SmallGraph) -> None:
    doc = f"{small_graph.base}graph/{small_graph.doc_id}"
    union = _count(base_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    only = _count(base_url, f"SELECT (COUNT(*) AS ?n) FROM <{doc}> WHERE {{ ?s ?p ?o }}")
    assert only == DOC_TRIPLES
    assert union > 1000  # the ontology alone has thousands: the union is not what FROM gives


def test_from_named_alone_leaves_the_default_graph_empty(base_url: str,
                                                         small_graph: SmallGraph) -> None:
    doc = f"{small_graph.base}graph/{small_graph.doc_id}"
    assert _count(base_url, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{doc}> "
                            "WHERE { ?s ?p ?o }") == 0
    assert _count(base_url, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{doc}> "
                            "WHERE { GRAPH ?g { ?s ?p ?o } }") == DOC_TRIPLES


def test_from_and_from_named_together(base_url: str, small_graph: SmallGraph) -> None:
    doc = f"{small_graph.base}graph/{small_graph.doc_id}"
    ref = f"{small_graph.base}graph/reference"
    r = httpx.get(_endpoint(base_url), params={
        "query": f"SELECT ?g (COUNT(*) AS ?n) FROM <{doc}> FROM NAMED <{ref}> "
                 "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"}, headers={"Accept": "text/csv"})
    assert r.text.splitlines()[1].split(",")[0] == ref and len(r.text.splitlines()) == 2
    assert _count(base_url, f"SELECT (COUNT(*) AS ?n) FROM <{doc}> FROM NAMED <{ref}> "
                            "WHERE { ?s ?p ?o }") == DOC_TRIPLES


def test_protocol_graphs_override_the_query_dataset(base_url: str,
                                                    small_graph: SmallGraph) -> None:
    """The region's label is reference data: absent from the document graph the query names,
    present once the request's default-graph-uri replaces that dataset (Protocol §2.1.4)."""
    doc = f"{small_graph.base}graph/{small_graph.doc_id}"
    ref = f"{small_graph.base}graph/reference"
    q = f"ASK FROM <{doc}> {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }}"
    plain = httpx.get(_endpoint(base_url), params={"query": q})
    overridden = httpx.get(_endpoint(base_url), params={"query": q, "default-graph-uri": ref})
    assert plain.json()["boolean"] is False
    assert overridden.json()["boolean"] is True
    # named-graph-uri alone: the default graph is empty, not the union
    assert _count(base_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                  **{"named-graph-uri": doc}) == 0
    assert _count(base_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                  **{"named-graph-uri": doc}) == DOC_TRIPLES


def test_empty_graph_parameters_name_no_graph(base_url: str) -> None:
    assert _count(base_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }}",
                  **{"default-graph-uri": ""}) == 1


# --- protocol details ----------------------------------------------------------------------------


def test_multiple_query_parameters_are_a_bad_request(base_url: str) -> None:
    r = httpx.get(f"{_endpoint(base_url)}?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert r.status_code == 400
    assert "2 'query' parameters" in r.json()["detail"]
    form = httpx.post(_endpoint(base_url), content=b"query=ASK%7B%7D&query=ASK%7B%7D",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 400


def test_head_gives_the_headers_of_get(base_url: str) -> None:
    get = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"})
    head = httpx.head(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["etag"] == get.headers["etag"]
    assert httpx.head(_endpoint(base_url)).status_code == 200


def test_relative_iris_resolve_against_the_base(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url), content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                   headers={"Content-Type": "application/sparql-query",
                            "Accept": "application/n-triples"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="nt")
    assert set(g) == {(URIRef("https://w3id.org/bwmo/s"), URIRef("https://w3id.org/bwmo/p"),
                       Literal(1))}


def test_a_body_in_another_charset_is_refused(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url), content="ASK {}".encode("utf-16"),
                   headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415
    bad = httpx.post(_endpoint(base_url), content=b"ASK { \xff }",
                     headers={"Content-Type": "application/sparql-query"})
    assert bad.status_code == 400 and "not UTF-8" in bad.json()["detail"]


def test_post_without_a_content_type_is_415(base_url: str) -> None:
    r = httpx.post(_endpoint(base_url), content=b"query=ASK%20%7B%7D")
    assert r.status_code == 415


def test_a_useless_format_falls_back_to_accept(base_url: str) -> None:
    r = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "turtle"},
                  headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text == "label\r\nAlkmaar\r\n"
    nothing = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "nonsense"})
    assert nothing.headers["content-type"].startswith("application/sparql-results+json")


def test_service_description_is_stable_and_counts_triples(base_url: str, small_store,  # type: ignore[no-untyped-def]
                                                          api_settings: ApiSettings) -> None:
    first = httpx.get(_endpoint(base_url), headers={"Accept": "text/turtle"})
    second = httpx.get(_endpoint(base_url), headers={"Accept": "text/turtle"})
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    assert b"_:" not in first.content  # no blank nodes
    assert b"@prefix sd: <http://www.w3.org/ns/sparql-service-description#>" in first.content
    assert b"@prefix bwmo:" not in first.content and b"@prefix tooi:" not in first.content
    g = Graph().parse(data=first.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    void_triples = URIRef("http://rdfs.org/ns/void#triples")
    endpoint = api_settings.public_url.rstrip("/") + "/sparql"
    service = URIRef(endpoint + "#service")
    assert (service, URIRef(sd + "endpoint"), URIRef(endpoint)) in g
    default = URIRef(endpoint + "#default-graph")
    union = {(q.subject, q.predicate, q.object) for q in small_store.quads()}
    assert int(g.value(default, void_triples)) == len(union)  # type: ignore[arg-type]
    for graph_name in small_store.graph_names():
        named = g.value(None, URIRef(sd + "name"), URIRef(graph_name))
        described = g.value(named, URIRef(sd + "graph"))
        assert int(g.value(described, void_triples)) == len(small_store.quads(graph_name))  # type: ignore[arg-type]
    # every declared prefix is used
    text = first.text
    for line in text.splitlines():
        if line.startswith("@prefix"):
            prefix = line.split()[1]
            assert text.count(prefix) > 1, prefix


# --- clients -------------------------------------------------------------------------------------

CONSTRUCT_LABEL = (f"CONSTRUCT {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }} "
                   f"WHERE {{ <{ALKMAAR}> <{RDFS_LABEL}> ?l }}")
LABEL_TRIPLE = (URIRef(ALKMAAR), URIRef(RDFS_LABEL), Literal("Alkmaar", lang="nl"))


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "json-ld", "n3", "turtle",
                                 "rdf+xml", "rdf"])
def test_sparqlwrapper_every_return_format(base_url: str, fmt: str) -> None:
    """SPARQLWrapper's every return format, on SELECT and on CONSTRUCT: an answer, never 406
    (it sends format=/output=/results= and Accept lists the endpoint must read as intended)."""
    import warnings

    for query in (LABEL_QUERY, CONSTRUCT_LABEL):
        sw = SPARQLWrapper(_endpoint(base_url))
        sw.setQuery(query)
        sw.setReturnFormat(fmt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # its own notes on odd combinations
            res = sw.query()
        ctype = res.response.headers["content-type"].split(";")[0]
        body = res.response.read()
        if query is LABEL_QUERY:
            assert ctype.startswith(("application/sparql-results", "text/csv",
                                     "text/tab-separated")), (fmt, ctype)
            assert b"Alkmaar" in body
        else:
            g = Graph().parse(data=body, format=ctype)
            assert set(g) == {LABEL_TRIPLE}, (fmt, ctype)
            if fmt == "json-ld":
                assert ctype == "application/ld+json"


@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_every_return_format(base_url: str, return_format: str,
                                                method: str) -> None:
    """rdflib's SPARQLStore sends one Accept (the results format) for every query; a CONSTRUCT
    gets a graph format it parses, not a 406."""
    store = SPARQLStore(_endpoint(base_url), returnFormat=return_format, method=method)
    g = Graph(store=store)
    rows = list(g.query(LABEL_QUERY))
    assert [str(r[0]) for r in rows] == ["Alkmaar"]  # type: ignore[index]
    constructed = g.query(CONSTRUCT_LABEL)
    assert constructed.graph is not None
    assert set(constructed.graph) == {LABEL_TRIPLE}
    ask = g.query(f"ASK {{ <{ALKMAAR}> ?p ?o }}")
    if return_format in ("csv", "tsv"):  # CSV/TSV define no boolean: one row, as Jena writes it
        assert [str(r[0]) for r in ask] == ["true"]  # type: ignore[index]
    else:
        assert ask.askAnswer is True


#: what YASGUI (@triply/yasgui 4) sends: its Accept per query form
YASGUI_ACCEPT = {
    "select": "application/sparql-results+json,*/*;q=0.9",
    "graph": "text/turtle,*/*;q=0.9",
}
#: what Jena's QueryExecHTTP sends (jena 4/5 defaults)
JENA_ACCEPT = {
    "select": "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
              "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, "
              "application/xml;q=0.2, */*;q=0.1",
    "ask": "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
           "text/plain;q=0.2, application/json;q=0.2, application/xml;q=0.2, */*;q=0.1",
    "graph": "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
             "application/rdf+xml;q=0.7,*/*;q=0.3",
}


def test_yasgui_accept_lists(base_url: str) -> None:
    sel = httpx.post(_endpoint(base_url), data={"query": LABEL_QUERY},
                     headers={"Accept": YASGUI_ACCEPT["select"],
                              "Content-Type": "application/x-www-form-urlencoded; "
                                              "charset=UTF-8"})
    assert sel.headers["content-type"].startswith("application/sparql-results+json")
    con = httpx.post(_endpoint(base_url), data={"query": CONSTRUCT_LABEL},
                     headers={"Accept": YASGUI_ACCEPT["graph"]})
    assert con.headers["content-type"].startswith("text/turtle")
    assert set(Graph().parse(data=con.content, format="turtle")) == {LABEL_TRIPLE}


def test_jena_accept_lists(base_url: str) -> None:
    sel = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY},
                    headers={"Accept": JENA_ACCEPT["select"]})
    assert sel.headers["content-type"].startswith("application/sparql-results+json")
    ask = httpx.get(_endpoint(base_url), params={"query": f"ASK {{ <{ALKMAAR}> ?p ?o }}"},
                    headers={"Accept": JENA_ACCEPT["ask"]})
    assert ask.json()["boolean"] is True
    con = httpx.get(_endpoint(base_url), params={"query": CONSTRUCT_LABEL},
                    headers={"Accept": JENA_ACCEPT["graph"]})
    assert con.headers["content-type"].startswith("text/turtle")


#: Firefox's and Chromium's Accept for a page
BROWSER_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                  "image/webp,*/*;q=0.8")


def test_browser_gets_html_pages(base_url: str) -> None:
    editor = httpx.get(_endpoint(base_url), headers={"Accept": BROWSER_ACCEPT})
    assert editor.status_code == 200 and editor.headers["content-type"].startswith("text/html")
    select = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY},
                       headers={"Accept": BROWSER_ACCEPT})
    assert select.status_code == 200 and select.headers["content-type"].startswith("text/html")
    assert "<table" in select.text and "Alkmaar" in select.text
    ask = httpx.get(_endpoint(base_url), params={"query": f"ASK {{ <{ALKMAAR}> ?p ?o }}"},
                    headers={"Accept": BROWSER_ACCEPT})
    assert ask.status_code == 200 and ask.headers["content-type"].startswith("text/html")
    construct = httpx.get(_endpoint(base_url), params={"query": CONSTRUCT_LABEL},
                          headers={"Accept": BROWSER_ACCEPT})
    assert construct.status_code == 200 and "Alkmaar" in construct.text
    # a graph downloads as RDF, a table as CSV/JSON/TSV
    assert "format=turtle" in construct.text and "format=csv" not in construct.text
    assert "format=csv" in select.text and "format=turtle" not in select.text
    bad = httpx.get(_endpoint(base_url), params={"query": "SELECT * WHERE { ?s ?p }"},
                    headers={"Accept": BROWSER_ACCEPT})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
    assert "line 1" in bad.text
    assert 'id="sparql-query"' in bad.text  # the form again, holding the query to fix
    # an explicit format still wins in a browser (the page's download links)
    csv_link = httpx.get(_endpoint(base_url), params={"query": LABEL_QUERY, "format": "csv"},
                         headers={"Accept": BROWSER_ACCEPT})
    assert csv_link.text == "label\r\nAlkmaar\r\n"


def test_openapi_documents_what_sparql_answers(base_url: str) -> None:
    """Every content type and error status of /sparql is in the OpenAPI (schemathesis checks
    the rest against the running server in tests/security)."""
    spec = httpx.get(f"{base_url}/openapi.json").json()["paths"]["/sparql"]
    for method in ("get", "post"):
        responses = spec[method]["responses"]
        content = set(responses["200"]["content"])
        assert {"application/sparql-results+json", "text/csv", "text/turtle",
                "application/n-quads", "text/html"} <= content
        assert {"400", "403", "406", "413", "415", "429", "503", "504"} <= set(responses)
    body = spec["post"]["requestBody"]
    assert body["required"] is True
    assert set(body["content"]) == {"application/x-www-form-urlencoded",
                                    "application/sparql-query"}


def test_an_identical_get_is_replayed_without_evaluating(base_url: str,
                                                         live_server: LiveServer) -> None:
    """Answers of a loaded release never change, so a repeated GET is replayed whole: with the
    evaluator switched off, the second request still gets the first answer's exact bytes; a
    different query string is evaluated (and here fails)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # replay test"
    first = httpx.get(_endpoint(base_url), params={"query": query},
                      headers={"Accept": "application/sparql-results+json"})
    assert first.status_code == 200
    runner = live_server.app.state.runner
    original = runner.run_sparql

    async def refuse(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("evaluated although the answer was known")

    runner.run_sparql = refuse
    try:
        again = httpx.get(_endpoint(base_url), params={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
        assert again.status_code == 200
        assert again.content == first.content
        other = httpx.get(_endpoint(base_url), params={"query": query + " "},
                          headers={"Accept": "application/sparql-results+json"})
        assert other.status_code == 500
    finally:
        runner.run_sparql = original
