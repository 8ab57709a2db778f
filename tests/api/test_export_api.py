"""Exports and caching over HTTP: focus descriptions, dumps, VoID, the JSON-LD context, ETags."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import httpx
import pytest
from openpyxl import load_workbook
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, VOID

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.export import describe
from bwgraph.extract.status_report import EXTRACTOR
from bwgraph.formats import to_rdflib
from bwgraph.namespaces import PREFIXES
from bwgraph.pipeline import dataset_graph, ontology_graph
from bwgraph.records import SourceDocument
from bwgraph.serialize import write_trig
from bwgraph.store import OxigraphStore
from bwgraph.transform.reference import reference_graph
from bwgraph.transform.status_report import to_graph
from tests.api.conftest import SmallGraph, serve_in_thread


def test_focus_export_equals_describe(base_url: str, small_graph: SmallGraph,
                                      small_store: OxigraphStore) -> None:
    r = httpx.get(f"{base_url}/export", params={"focus": str(small_graph.narrative)},
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    got = Graph().parse(data=r.content, format="nt")
    # the description, plus what the export states about itself (source, licence, release)
    export = got.value(None, DCTERMS.source, URIRef(f"{small_graph.base}dataset"))
    assert export is not None and str(export).endswith(r.url.path + "?" + r.url.query.decode())
    about_export = set(got.triples((export, None, None)))
    described = Graph()
    for t in set(got) - about_export:
        described.add(t)
    assert isomorphic(described, to_rdflib(describe(small_store, str(small_graph.narrative))))
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
    assert 'rel="license"' in r.headers["link"]
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


# --- research exports ----------------------------------------------------------------------------

BWMO = "https://w3id.org/bwmo/def#"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_focus_export_includes_the_facts_about_a_region(base_url: str,
                                                         small_graph: SmallGraph) -> None:
    """The region's narrative (a fact about it, with evidence) comes with its text and its
    evidence line's quote (line 103 of the status report); the bare CBD has only the link."""
    full = Graph().parse(data=httpx.get(f"{base_url}/export", params={
        "focus": str(small_graph.region), "format": "ntriples"}).content, format="nt")
    text = URIRef(BWMO + "text")
    quote = URIRef(BWMO + "quote")
    assert [str(o) for o in full.objects(small_graph.narrative, text)] == [small_graph.quote]
    assert [str(o) for o in full.objects(small_graph.line, quote)] == [small_graph.quote]
    # the label of what the fact points to: the document it was read from
    doc = URIRef(f"{small_graph.base}id/document/{small_graph.doc_id}")
    assert (doc, RDFS.label, None) in full
    cbd = Graph().parse(data=httpx.get(f"{base_url}/export", params={
        "focus": str(small_graph.region), "format": "ntriples", "profile": "cbd"}).content,
        format="nt")
    assert (small_graph.region, URIRef(BWMO + "hasNarrative"), small_graph.narrative) in cbd
    assert not list(cbd.objects(small_graph.narrative, text))
    assert set(s for s in cbd.subjects() if isinstance(s, URIRef)) <= {
        small_graph.region, *cbd.subjects(DCTERMS.source, None)}
    bad = httpx.get(f"{base_url}/export", params={"focus": str(small_graph.region),
                                                  "profile": "everything"})
    assert bad.status_code == 422


def test_trig_and_nquads_exports_keep_the_named_graphs(base_url: str,
                                                       small_graph: SmallGraph) -> None:
    doc_graph = URIRef(f"{small_graph.base}graph/{small_graph.doc_id}")
    ref_graph = URIRef(f"{small_graph.base}graph/reference")
    for fmt, parser in (("trig", "trig"), ("nquads", "nquads")):
        r = httpx.get(f"{base_url}/export", params={"focus": str(small_graph.region),
                                                    "format": fmt})
        assert r.status_code == 200
        ds = Dataset()
        ds.parse(data=r.content, format=parser)
        text = URIRef(BWMO + "text")
        assert (small_graph.narrative, text, None) in ds.graph(doc_graph)
        assert (small_graph.region, RDFS.label, None) in ds.graph(ref_graph)
        assert (None, DCTERMS.license, CC_BY) in ds.default_graph  # the export's licence


def test_exports_state_licence_and_source(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(f"{base_url}/export", params={"focus": str(small_graph.region)},
                  headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.content, format="turtle")
    exports = list(g.subjects(DCTERMS.source, URIRef(f"{small_graph.base}dataset")))
    assert len(exports) == 1
    export = exports[0]
    assert (export, DCTERMS.license, CC_BY) in g
    assert (export, PROV.wasDerivedFrom, URIRef(f"{small_graph.base}dataset")) in g
    assert (export, FOAF.primaryTopic, small_graph.region) in g


def test_region_and_document_subgraph_exports(base_url: str, small_graph: SmallGraph,
                                              small_store: OxigraphStore) -> None:
    region = httpx.get(f"{base_url}/export/region/alkmaar")
    assert region.status_code == 200
    assert region.headers["content-type"].startswith("application/trig")
    ds = Dataset()
    ds.parse(data=region.content, format="trig")
    doc_graph = URIRef(f"{small_graph.base}graph/{small_graph.doc_id}")
    assert (small_graph.narrative, URIRef(BWMO + "text"), None) in ds.graph(doc_graph)
    assert httpx.get(f"{base_url}/export/region/atlantis").status_code == 404
    document = httpx.get(f"{base_url}/export/document/{small_graph.doc_id}",
                         headers={"Accept": "application/n-quads"})
    assert document.status_code == 200
    ds = Dataset()
    ds.parse(data=document.content, format="nquads")
    assert len(ds.graph(doc_graph)) == len(small_store.quads(str(doc_graph)))
    assert (None, DCTERMS.license, CC_BY) in ds.default_graph
    assert httpx.get(f"{base_url}/export/document/reference").status_code == 404
    assert httpx.get(f"{base_url}/export/document/nope").status_code == 404


def test_resources_link_headers_and_extension_aliases(base_url: str,
                                                      small_graph: SmallGraph) -> None:
    page = httpx.get(f"{base_url}/id/region/alkmaar", headers={"Accept": "text/turtle"})
    links = page.headers["link"]
    assert '</id/region/alkmaar.ttl>; rel="alternate"; type="text/turtle"' in links
    assert '</id/region/alkmaar.nq>; rel="alternate"; type="application/n-quads"' in links
    assert 'rel="describedby"' in links
    for ext, media_type, parser in (("ttl", "text/turtle", "turtle"),
                                    ("jsonld", "application/ld+json", "json-ld"),
                                    ("nt", "application/n-triples", "nt"),
                                    ("rdf", "application/rdf+xml", "xml")):
        r = httpx.get(f"{base_url}/id/region/alkmaar.{ext}",
                      headers={"Accept": "text/html"})  # the extension wins over Accept
        assert r.status_code == 200, ext
        assert r.headers["content-type"].startswith(media_type)
        assert r.headers["content-location"] == f"/id/region/alkmaar.{ext}"
        g = Graph().parse(data=r.content, format=parser)
        assert (small_graph.region, RDFS.label, None) in g
    for ext in ("nq", "trig"):
        r = httpx.get(f"{base_url}/id/region/alkmaar.{ext}")
        ds = Dataset()
        ds.parse(data=r.content, format="nquads" if ext == "nq" else "trig")
        ref_graph = URIRef(f"{small_graph.base}graph/reference")
        assert (small_graph.region, RDFS.label, None) in ds.graph(ref_graph)
    assert httpx.get(f"{base_url}/id/region/atlantis.ttl").status_code == 404
    # HTML via Accept still works on the plain URL, with the same Link header
    html = httpx.get(f"{base_url}/id/region/alkmaar", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "link" in html.headers


# --- the checklist over HTTP (a server over the status report's own graph) ----------------------


@pytest.fixture(scope="module")
def checklist_server(tmp_path_factory: pytest.TempPathFactory, settings: Settings,
                     sources: dict[str, SourceDocument]) -> Iterator[str]:
    ctx = BuildContext(settings)
    doc = sources["status_report"]
    graphs = [
        (ctx.minter.graph("ontology"), ontology_graph(settings)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
        (ctx.minter.graph(doc.id), to_graph(EXTRACTOR.extract(doc), ctx)),
    ]
    graphs.append((ctx.minter.graph("dataset"), dataset_graph(graphs, ctx)))
    path = tmp_path_factory.mktemp("checklist-api") / "bwmo.trig"
    path.write_text(write_trig(graphs), encoding="utf-8")
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=path,
                               query_processes=0, query_workers=2)
    for live in serve_in_thread(create_app(OxigraphStore.from_trig(path),
                                           settings=api_settings)):
        yield live.url


def test_checklist_csv_long(checklist_server: str) -> None:
    r = httpx.get(f"{checklist_server}/export/checklist.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 765
    assert f'<{CC_BY}>; rel="license"' in r.headers["link"]  # a CSV states its licence here
    first = rows[0]
    # line 123 of the status report: "Regiovisie aanwezig en vastgesteld:\t\t✓" (Alkmaar)
    assert (first["region"], first["topic"], first["status"]) == ("Alkmaar", "nvo_regiovisie",
                                                                   "yes")
    assert (first["status_label_nl"], first["status_label_en"]) == ("ja", "yes")
    assert first["topic_label_nl"] == "Regiovisie aanwezig en vastgesteld"
    assert first["line"] == "123"
    assert first["quote"] == "Regiovisie aanwezig en vastgesteld:\t\t✓"
    assert first["region_iri"] == "https://w3id.org/bwmo/id/region/alkmaar"
    assert first["evidence_iri"].endswith("/line/123")
    # line 607 (Oost-Veluwe): "Afspraken over inkoop plekken buiten eigen regio:\tNVT"
    oost = [r for r in rows if r["region"] == "Oost-Veluwe"
            and r["topic"] == "nvo_purchase_outside_region"]
    assert [(r["status"], r["line"]) for r in oost] == [("not_applicable", "607")]


def test_checklist_csv_wide(checklist_server: str) -> None:
    r = httpx.get(f"{checklist_server}/export/checklist.csv", params={"layout": "wide"})
    rows = list(csv.reader(io.StringIO(r.text)))
    header, body = rows[0], rows[1:]
    assert header[0] == "region" and len(header) == 18  # 17 checklist topics
    assert len(body) == 45  # 765 assessments / 17 topics
    alkmaar = dict(zip(header, body[0], strict=True))
    assert alkmaar["region"] == "Alkmaar" and alkmaar["nvo_regiovisie"] == "yes"
    oost = next(dict(zip(header, row, strict=True)) for row in body if row[0] == "Oost-Veluwe")
    assert oost["nvo_purchase_outside_region"] == "not_applicable"


def test_checklist_xlsx(checklist_server: str) -> None:
    r = httpx.get(f"{checklist_server}/export/checklist.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["checklist", "matrix", "about"]
    assert wb["checklist"].max_row == 766 and wb["matrix"].max_row == 46
    about = {row[0].value: row[1].value for row in wb["about"].iter_rows()}
    assert about["licence"] == str(CC_BY)


def test_checklist_of_a_graph_without_assessments_is_404(base_url: str) -> None:
    assert httpx.get(f"{base_url}/export/checklist.csv").status_code == 404
