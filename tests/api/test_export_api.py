"""Exports and caching over HTTP: focus descriptions, dumps, VoID, the JSON-LD context, ETags."""

from __future__ import annotations

import json

import httpx
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID

from bwgraph.export import describe
from bwgraph.formats import to_rdflib
from bwgraph.namespaces import PREFIXES
from bwgraph.store import OxigraphStore
from tests.api.conftest import SmallGraph


def test_focus_export_equals_describe(base_url: str, small_graph: SmallGraph,
                                      small_store: OxigraphStore) -> None:
    r = httpx.get(f"{base_url}/export", params={"focus": str(small_graph.narrative)},
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    got = Graph().parse(data=r.content, format="nt")
    assert isomorphic(got, to_rdflib(describe(small_store, str(small_graph.narrative))))
    # the evidence chain is inside the bounded description
    quote = URIRef("https://w3id.org/bwmo/def#quote")
    assert [str(o) for o in got.objects(small_graph.line, quote)] == [small_graph.quote]


def test_focus_export_errors(base_url: str) -> None:
    assert httpx.get(f"{base_url}/export", params={"focus": "not an iri"}).status_code == 400
    missing = httpx.get(f"{base_url}/export", params={"focus": "https://example.org/x"})
    assert missing.status_code == 404
    assert httpx.get(f"{base_url}/export").status_code == 422  # focus is required


def test_jsonld_output_uses_the_published_context(base_url: str, small_graph: SmallGraph) -> None:
    ctx = httpx.get(f"{base_url}/context.jsonld")
    assert ctx.headers["content-type"].startswith("application/ld+json")
    assert ctx.json()["@context"]["bwmo"] == PREFIXES["bwmo"]
    r = httpx.get(f"{base_url}/export", params={"focus": str(small_graph.region),
                                                "format": "jsonld"})
    doc = json.loads(r.content)
    assert doc["@context"] == ctx.json()["@context"]


def test_trig_dump_is_the_build_file(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(f"{base_url}/export/dataset.trig")
    assert r.status_code == 200
    assert r.content == small_graph.trig.read_bytes()


def test_nquads_dump_has_every_graph(base_url: str, small_store: OxigraphStore) -> None:
    r = httpx.get(f"{base_url}/export/dataset.nq")
    ds = Dataset()
    ds.parse(data=r.content, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == set(small_store.graph_names())
    assert sum(1 for _ in ds.quads()) == len(small_store.quads())


def test_well_known_void(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(f"{base_url}/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    dataset = URIRef(f"{small_graph.base}dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g
    subsets = {str(o) for o in g.objects(dataset, VOID.subset)}
    assert f"{small_graph.base}graph/{small_graph.doc_id}" in subsets


def test_etag_and_last_modified_revalidate(base_url: str, small_graph: SmallGraph) -> None:
    url = f"{base_url}/export/dataset.trig"
    first = httpx.get(url)
    etag = first.headers["etag"]
    assert etag.strip('"').startswith(
        __import__("hashlib").sha256(small_graph.trig.read_bytes()).hexdigest()[:32])
    assert httpx.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert httpx.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    last_modified = first.headers["last-modified"]
    assert httpx.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert httpx.get(url, headers={"If-Modified-Since": old}).status_code == 200


def test_each_representation_has_its_own_etag(base_url: str, small_graph: SmallGraph) -> None:
    path = f"{base_url}/id/region/alkmaar"
    turtle = httpx.get(path, headers={"Accept": "text/turtle"}).headers["etag"]
    jsonld = httpx.get(path, headers={"Accept": "application/ld+json"}).headers["etag"]
    assert turtle != jsonld
    # a cached Turtle ETag does not validate the JSON-LD variant
    r = httpx.get(path, headers={"Accept": "application/ld+json", "If-None-Match": turtle})
    assert r.status_code == 200


def test_errors_carry_no_etag(base_url: str) -> None:
    r = httpx.get(f"{base_url}/id/region/atlantis")
    assert r.status_code == 404
    assert "etag" not in r.headers
