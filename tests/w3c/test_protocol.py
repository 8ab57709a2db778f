"""The W3C SPARQL 1.1 Protocol test suite, run over real HTTP against the app on loopback.

The manifest (``../shared/w3c/sparql11-protocol/manifest.ttl``, W3C rdf-tests) is read as RDF:
each ``mf:ProtocolTest`` lists HTTP requests (method, path with query string, headers, body and
its encoding) and the response each must get (status class, boolean, result format). Every
request is sent as the manifest writes it, with three documented adaptations:

1. **the path**: ``/sparql/`` → ``/sparql`` (the manifest says to substitute the endpoint's);
2. **the data** (:data:`ADAPT`): the suite's graphs ``http://kasei.us/…/data{0..3}.rdf`` become
   named graphs of bwgraph documents (``{base}graph/{doc}``) wherever the IRI names a graph
   (``default-graph-uri``, ``named-graph-uri``, ``FROM``, ``FROM NAMED``) and the document's IRI
   ``{base}id/document/{doc}`` wherever it is a subject; ``foaf:Document`` becomes
   ``bwmo:SourceDocument`` (see :mod:`tests.w3c.conftest`). The endpoint refuses graph IRIs that
   are not in its dataset (no remote FROM), so the suite's own IRIs would get 400;
3. **updates are refused by design** (:data:`REFUSED_BY_DESIGN`): the endpoint is read-only, so
   every update request must get 403 (400 for ``LOAD``), and a follow-up ASK that would see the
   update's effect must answer ``false`` — nothing was written.

The outcome of every test is listed in ``docs/PROTOCOL-TESTS.md``; a test below keeps that table
in step with the manifest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from tests.api.conftest import LiveServer
from tests.w3c.conftest import ProtocolGraph

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT.parent / "shared" / "w3c" / "sparql11-protocol" / "manifest.ttl"
DOC = ROOT / "docs" / "PROTOCOL-TESTS.md"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
MANIFEST_NS = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"

KASEI = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
SOURCE_DOCUMENT = "https://w3id.org/bwmo/def#SourceDocument"

#: tests whose requests are updates: refused by design (status expected instead of 2xx), and
#: whose follow-up query must see that nothing changed
REFUSED_BY_DESIGN: dict[str, int] = {
    "update_dataset_default_graph": 403,
    "update_dataset_default_graphs": 403,
    "update_dataset_named_graphs": 403,
    "update_dataset_full": 403,
    "update_post_form": 403,
    "update_post_direct": 403,
    "update_base_uri": 403,
}

#: tests whose data were adapted to bwgraph's graph (module docs, point 2)
ADAPT: frozenset[str] = frozenset({
    "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
    "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
    "query_content_type_describe", "query_content_type_construct", "bad_query_method",
})


@dataclass
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    encoding: str = "UTF-8"
    statuses: tuple[str, ...] = ()  # "2xx", "3xx", "4xx", …
    boolean: bool | None = None
    result_format: str | None = None


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[ProtocolRequest]


def _list(g: Graph, head: object) -> list[object]:
    return list(Collection(g, head))  # type: ignore[arg-type]


def load_manifest() -> list[ProtocolTest]:
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _list(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)  # type: ignore[arg-type]
        requests = []
        for req in _list(g, g.value(action, HT.requests)):
            headers = {}
            head_list = g.value(req, HT.headers)  # type: ignore[arg-type]
            if head_list is not None:
                for h in _list(g, head_list):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))  # type: ignore[arg-type]
            body_node = g.value(req, HT.body)  # type: ignore[arg-type]
            resp = g.value(req, HT.resp)  # type: ignore[arg-type]
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            requests.append(ProtocolRequest(
                method=str(g.value(req, HT.methodName)),  # type: ignore[arg-type]
                path=str(g.value(req, HT.absolutePath)),  # type: ignore[arg-type]
                headers=headers,
                body=str(g.value(body_node, CNT.chars)) if body_node is not None else None,
                encoding=str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                if body_node is not None else "UTF-8",
                statuses=tuple(sorted(str(s).removeprefix(HTS)
                                      for s in g.objects(resp, MF.expectedStatus))),
                boolean=bool(boolean.toPython()) if boolean is not None else None,  # type: ignore[union-attr]
                result_format=str(fmt) if fmt is not None else None,
            ))
        tests.append(ProtocolTest(str(entry).removeprefix(MANIFEST_NS),
                                  str(g.value(entry, MF.name)), requests))  # type: ignore[arg-type]
    return tests


TESTS = load_manifest()


# --- adaptation ----------------------------------------------------------------------------------


def adapt_query(text: str, graphs: ProtocolGraph) -> str:
    """The suite's IRIs → bwgraph's: graph IRIs after FROM/FROM NAMED, document IRIs elsewhere."""
    for i, (graph, document) in enumerate(graphs.graphs):
        iri = re.escape(KASEI.format(i))
        text = re.sub(rf"(FROM\s+(?:NAMED\s+)?)<{iri}>", rf"\g<1><{graph}>", text, flags=re.I)
        text = text.replace(f"<{KASEI.format(i)}>", f"<{document}>")
    return text.replace(f"<{FOAF_DOCUMENT}>", f"<{SOURCE_DOCUMENT}>")


def adapt_params(pairs: list[tuple[str, str]], graphs: ProtocolGraph) -> list[tuple[str, str]]:
    out = []
    mapping = {KASEI.format(i): graph for i, (graph, _) in enumerate(graphs.graphs)}
    for key, value in pairs:
        if key in ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                   "using-named-graph-uri"):
            value = mapping.get(value, value)
        elif key in ("query", "update"):
            value = adapt_query(value, graphs)
        out.append((key, value))
    return out


def prepare(req: ProtocolRequest, graphs: ProtocolGraph, adapt: bool
            ) -> tuple[str, str, bytes | None, dict[str, str]]:
    """(method, path with query string, body bytes, headers) as sent."""
    url = urlsplit(req.path)
    path = url.path.rstrip("/") or "/"
    pairs = parse_qsl(url.query, keep_blank_values=True)
    if adapt:
        pairs = adapt_params(pairs, graphs)
    target = path + ("?" + urlencode(pairs) if pairs else "")
    body: bytes | None = None
    if req.body is not None:
        text = req.body
        ctype = req.headers.get("content-type", "")
        if adapt and ctype.startswith("application/x-www-form-urlencoded"):
            text = urlencode(adapt_params(parse_qsl(text, keep_blank_values=True), graphs))
        elif adapt:
            text = adapt_query(text, graphs)
        body = text.encode(req.encoding.lower())
    return req.method, target, body, req.headers


# --- expectations --------------------------------------------------------------------------------


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def boolean_of(response: httpx.Response) -> bool:
    ctype = response.headers["content-type"].split(";")[0]
    if ctype in ("application/sparql-results+json", "application/json"):
        return bool(json.loads(response.content)["boolean"])
    root = ElementTree.fromstring(response.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}


@dataclass
class Outcome:
    name: str
    statuses: list[int]
    passed: bool
    note: str = ""


def run(test: ProtocolTest, server: LiveServer, graphs: ProtocolGraph) -> Outcome:
    """Send a test's requests in order and check each response against the manifest (or, for an
    update refused by design, against :data:`REFUSED_BY_DESIGN`)."""
    refused = REFUSED_BY_DESIGN.get(test.name)
    got: list[int] = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for i, req in enumerate(test.requests):
            method, target, body, headers = prepare(req, graphs, test.name in ADAPT)
            r = client.request(method, target, content=body, headers=headers)
            got.append(r.status_code)
            if refused is not None and i == 0:
                if r.status_code != refused:
                    return Outcome(test.name, got, False, f"expected {refused}: {r.text[:200]}")
                continue
            if status_class(r.status_code) not in req.statuses:
                return Outcome(test.name, got, False,
                               f"expected {'/'.join(req.statuses)}: {r.text[:200]}")
            if req.result_format is not None:
                ctype = r.headers["content-type"].split(";")[0]
                if ctype not in FORMATS[req.result_format]:
                    return Outcome(test.name, got, False, f"{ctype} is not {req.result_format}")
            if req.boolean is not None:
                # after a refused update, nothing may have changed: the ASK is false
                expected = req.boolean if refused is None else False
                if boolean_of(r) is not expected:
                    return Outcome(test.name, got, False, f"boolean is not {expected}")
    return Outcome(test.name, got, True)


# --- the tests -----------------------------------------------------------------------------------


def test_manifest_is_read_whole() -> None:
    assert len(TESTS) == 34
    assert sum(len(t.requests) for t in TESTS) == 39
    assert set(REFUSED_BY_DESIGN) | ADAPT <= {t.name for t in TESTS}


@pytest.fixture(scope="module")
def outcomes(protocol_server: LiveServer, protocol_graph: ProtocolGraph) -> dict[str, Outcome]:
    return {t.name: run(t, protocol_server, protocol_graph) for t in TESTS}


@pytest.mark.parametrize("name", [t.name for t in TESTS])
def test_protocol(outcomes: dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]
    assert outcome.passed, f"{name}: {outcome.note} (statuses {outcome.statuses})"


def test_the_adaptation_is_not_vacuous(protocol_server: LiveServer,
                                       protocol_graph: ProtocolGraph) -> None:
    """Without the mapping the suite's graphs are refused as remote (400), and a named-graph
    test with the graphs swapped for one that lacks the document answers false."""
    test = next(t for t in TESTS if t.name == "query_dataset_named_graphs_get")
    method, target, body, headers = prepare(test.requests[0], protocol_graph, adapt=False)
    r = httpx.request(method, protocol_server.url + target, content=body, headers=headers)
    assert r.status_code == 400
    (g1, d1), (g2, _d2) = protocol_graph.graphs[1], protocol_graph.graphs[2]
    q = (f"ASK {{ GRAPH ?g1 {{ <{d1}> a ?type }} GRAPH ?g2 {{ "
         f"<{protocol_graph.graphs[2][1]}> a ?type }} }}")
    only_one = httpx.get(protocol_server.url + "/sparql",
                         params=[("query", q), ("named-graph-uri", g1)])
    assert only_one.json()["boolean"] is False
    both = httpx.get(protocol_server.url + "/sparql",
                     params=[("query", q), ("named-graph-uri", g1), ("named-graph-uri", g2)])
    assert both.json()["boolean"] is True


def _doc_rows() -> Iterator[tuple[str, str]]:
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `([a-z_0-9]+)` \|.*\| (pass|refused by design \(\d{3}\)) \|$", line)
        if m:
            yield m.group(1), m.group(2)


def test_results_table_lists_every_test(outcomes: dict[str, Outcome]) -> None:
    rows = dict(_doc_rows())
    assert set(rows) == {t.name for t in TESTS}
    for name, result in rows.items():
        if name in REFUSED_BY_DESIGN:
            assert result == f"refused by design ({REFUSED_BY_DESIGN[name]})"
        else:
            assert result == "pass"
        assert outcomes[name].passed
