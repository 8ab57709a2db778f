"""Exports: descriptions, subgraphs, checklists, whole-dataset dumps, VoID/DCAT, the context.

* ``GET /export?focus=IRI[&profile=full|cbd]`` — :func:`bwgraph.export.describe` (same as
  ``bwgraph export focus``): by default everything that belongs to the resource (its facts with
  their evidence, labels of what they point to); ``profile=cbd`` the bare Concise Bounded
  Description;
* ``GET /export/region/{name}`` — a region's subgraph (its full description), and
  ``GET /export/document/{id}`` — a document's named graph; both default to TriG;
* ``GET /export/checklist.csv`` (``layout=long|wide``) and ``/export/checklist.xlsx`` — the
  status report's checklist with labels (nl/en), explanation, evidence line and IRIs, and a
  region × topic sheet;
* ``GET /export/dataset.trig`` / ``.nq`` — the whole dataset, named graphs kept;
* ``GET /.well-known/void`` — the build's ``{base}graph/dataset`` graph (VoID + DCAT);
* ``GET /context.jsonld`` — the JSON-LD context our JSON-LD output is compacted with.

TriG and N-Quads keep each triple's named graph (the document it was read from). Every RDF
export states where it comes from and under which licence: a few DCAT/PROV triples about the
export itself (``dct:source``/``prov:wasDerivedFrom`` the dataset, its ``dct:license``, the
release date), in the default graph.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.errors import NotFound
from api.responses import (
    DUMP_RESPONSES,
    IRI_SCHEMA,
    RDF_RESPONSES,
    checked_iri,
    choose,
    graphs_of,
)
from api.settings import ApiSettings
from bwgraph.checklist import research_csv, research_rows, research_xlsx
from bwgraph.export import dataset_dump, describe, find_format, graph_triples
from bwgraph.formats import (
    GRAPH_FORMATS,
    Format,
    jsonld_context,
    serialize_graph,
    serialize_quads,
)
from bwgraph.ingest import RESERVED_IDS
from bwgraph.store import Store

#: GET and HEAD: crawlers and link checkers use HEAD
READ = ["GET", "HEAD"]

router = APIRouter(tags=["export"])

#: subgraph exports: quads first (the named graphs are the point), then the triple formats
SUBGRAPH_FORMATS: tuple[Format, ...] = tuple(
    sorted(GRAPH_FORMATS, key=lambda f: f.name not in ("trig", "nquads")))

FormatParam = Annotated[str | None, Query(
    description="turtle, ntriples, jsonld, rdfxml, trig, nquads (else Accept decides)")]

_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_DCAT = "http://www.w3.org/ns/dcat#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def provenance(request: Request, store: Store, settings: ApiSettings,
               topic: str | None = None) -> list[ox.Triple]:
    """DCAT/PROV about the export at this URL: derived from the dataset, under its licence (read
    from the dataset's description, not restated here), of this release."""
    public = settings.public_url.rstrip("/")
    query = request.url.query
    doc = ox.NamedNode(f"{public}{request.url.path}" + (f"?{query}" if query else ""))
    dataset = ox.NamedNode(f"{settings.base}dataset")

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    out = [
        ox.Triple(doc, n(_RDF_TYPE), n(_DCAT + "Dataset")),
        ox.Triple(doc, n(_RDF_TYPE), n(_PROV + "Entity")),
        ox.Triple(doc, n(_DCT + "source"), dataset),
        ox.Triple(doc, n(_PROV + "wasDerivedFrom"), dataset),
        ox.Triple(doc, n(_DCT + "isPartOf"), dataset),
    ]
    res = store.select(
        "SELECT DISTINCT ?d ?p ?o WHERE { ?d ?p ?o VALUES ?p { "
        f"<{_DCT}license> <{_DCT}publisher> <{_DCT}rights> }} }}", bindings={"d": dataset})
    out += [ox.Triple(doc, n(r["p"].value), n(r["o"].value) if r["o"].kind == "iri"
                      else ox.Literal(r["o"].value, language=r["o"].lang))
            for r in res.rows]
    info = store.build_info
    if info is not None:
        out.append(ox.Triple(doc, n(_DCT + "modified"), ox.Literal(
            info.modified.isoformat(), datatype=n(_XSD_DATETIME))))
    if topic is not None:
        out.append(ox.Triple(doc, n("http://xmlns.com/foaf/0.1/primaryTopic"), n(topic)))
    return out


def licence_links(store: Store, settings: ApiSettings) -> str:
    """``Link`` for files that cannot state it inside (CSV, XLSX, dumps): the licence of the
    dataset (``rel="license"``, read from its description) and the description itself."""
    res = store.select(f"SELECT ?d ?l WHERE {{ ?d <{_DCT}license> ?l }}",
                       bindings={"d": ox.NamedNode(f"{settings.base}dataset")})
    links = [f'<{r["l"].value}>; rel="license"' for r in res.rows if r["l"].kind == "iri"]
    links.append('</.well-known/void>; rel="describedby"; type="text/turtle"')
    return ", ".join(links)


def _export(triples: list[ox.Triple], extra: list[ox.Triple], fmt: Format, store: Store,
            filename: str | None = None) -> Response:
    """Serialize an export: quads in their named graphs for TriG/N-Quads (the provenance in the
    default graph), merged triples otherwise."""
    if fmt.name in ("trig", "nquads"):
        quads = graphs_of(store, triples)
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in extra]
        body = serialize_quads(quads, fmt)
    else:
        body = serialize_graph([*triples, *extra], fmt)
    headers = {"Vary": "Accept"}
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt.extension}"'
    return Response(body, media_type=fmt.content_type(), headers=headers)


@router.api_route("/export", methods=READ, summary="Bounded description of one resource",
                  response_class=Response, responses=RDF_RESPONSES)
def export_focus(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    focus: Annotated[str, Query(description="IRI of the resource to describe",
                                json_schema_extra=IRI_SCHEMA)],
    format: FormatParam = None,
    profile: Annotated[Literal["full", "cbd"], Query(
        description="full (default): the resource with its facts, evidence and labels; "
        "cbd: the bare Concise Bounded Description")] = "full",
) -> Response:
    checked_iri(focus, "focus")
    chosen = choose(request, GRAPH_FORMATS)
    assert isinstance(chosen, Format)
    triples = describe(store, focus, profile=profile)
    if not triples:
        raise NotFound(f"<{focus}> is not in this dataset (no triple mentions it)")
    return _export(triples, provenance(request, store, settings, focus), chosen, store)


@router.api_route("/export/region/{name}", methods=READ, summary="A region's subgraph",
                  response_class=Response, responses=RDF_RESPONSES)
def export_region(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    name: Annotated[str, Path(description="the region's name in its IRI ({base}id/region/NAME)",
                              pattern=r"^[a-z0-9-]+$")],
    format: FormatParam = None,
) -> Response:
    iri = f"{settings.base}id/region/{name}"
    chosen = choose(request, SUBGRAPH_FORMATS)
    assert isinstance(chosen, Format)
    triples = describe(store, iri, profile="full")
    if not triples:
        raise NotFound(f"<{iri}> is not a region of this dataset")
    return _export(triples, provenance(request, store, settings, iri), chosen, store,
                   filename=f"region-{name}")


@router.api_route("/export/document/{doc_id}", methods=READ,
                  summary="A document's named graph", response_class=Response,
                  responses=RDF_RESPONSES)
def export_document(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    doc_id: Annotated[str, Path(description="the document's identifier (its graph's name)",
                                pattern=r"^[A-Za-z0-9_.-]+$")],
    format: FormatParam = None,
) -> Response:
    graph = f"{settings.base}graph/{doc_id}"
    if graph not in store.graph_names() or doc_id in RESERVED_IDS:
        raise NotFound(f"no document graph <{graph}>")
    chosen = choose(request, SUBGRAPH_FORMATS)
    assert isinstance(chosen, Format)
    extra = provenance(request, store, settings, f"{settings.base}id/document/{doc_id}")
    if chosen.name in ("trig", "nquads"):
        quads = [*store.quads(graph),
                 *(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in extra)]
        body = serialize_quads(quads, chosen)
    else:
        body = serialize_graph([*graph_triples(store, graph), *extra], chosen)
    return Response(body, media_type=chosen.content_type(), headers={
        "Vary": "Accept",
        "Content-Disposition": f'attachment; filename="{doc_id}.{chosen.extension}"'})


def _about(request: Request, store: Store, settings: ApiSettings) -> list[tuple[str, str]]:
    """Source, licence and release of a checklist export (the xlsx "about" sheet)."""
    license_rows = store.select(
        f"SELECT ?d ?l WHERE {{ ?d <{_DCT}license> ?l }}",
        bindings={"d": ox.NamedNode(f"{settings.base}dataset")}).rows
    info = store.build_info
    return [
        ("source", f"{settings.base}dataset (bwgraph), query {request.url.path}"),
        ("licence", license_rows[0]["l"].value if license_rows else "see the dataset"),
        ("release", f"{info.sha256} ({info.modified.isoformat()})" if info else "unknown"),
        ("rows", "one per assessment of the status report: region, topic, status, labels, "
                 "explanation, evidence (document, line, quote) and IRIs"),
    ]


@router.api_route("/export/checklist.csv", methods=READ, summary="The checklist as CSV",
                  response_class=Response, responses={200: {
                      "description": "CSV, one row per assessment (long) or region (wide)",
                      "content": {"text/csv": {"schema": {"type": "string"}}}}})
def export_checklist_csv(
    store: StoreDep,
    settings: SettingsDep,
    layout: Annotated[Literal["long", "wide"], Query(
        description="long: one row per assessment with labels, explanation, evidence and "
        "IRIs; wide: region × topic, status notations")] = "long",
) -> Response:
    rows = research_rows(store)
    if not rows:
        raise NotFound("the dataset holds no checklist assessments")
    return Response(research_csv(rows, layout=layout), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="checklist-{layout}.csv"',
                             "Link": licence_links(store, settings)})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.api_route("/export/checklist.xlsx", methods=READ, summary="The checklist as a workbook",
                  response_class=Response, responses={200: {
                      "description": "sheets checklist (long), matrix (region × topic), about",
                      "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def export_checklist_xlsx(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    rows = research_rows(store)
    if not rows:
        raise NotFound("the dataset holds no checklist assessments")
    return Response(research_xlsx(rows, _about(request, store, settings)), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="checklist.xlsx"',
                             "Link": licence_links(store, settings)})


def _dump(request: Request, store: StoreDep, name: str) -> Response:
    fmt = find_format(name)
    headers = {"Content-Disposition": f'attachment; filename="bwmo.{fmt.extension}"',
               "Link": licence_links(store, request.app.state.settings)}
    release = getattr(request.app.state, "release_file", None)
    if fmt.name == "trig" and release is not None:  # the loaded release, byte for byte
        return Response(release.read_bytes(), media_type=fmt.content_type(), headers=headers)
    return Response(dataset_dump(store, fmt), media_type=fmt.content_type(), headers=headers)


@router.api_route("/export/dataset.trig", methods=READ, summary="The whole dataset as TriG",
                  response_class=Response, responses=DUMP_RESPONSES)
def export_trig(request: Request, store: StoreDep) -> Response:
    return _dump(request, store, "trig")


@router.api_route("/export/dataset.nq", methods=READ, summary="The whole dataset as N-Quads",
                  response_class=Response, responses=DUMP_RESPONSES)
def export_nquads(request: Request, store: StoreDep) -> Response:
    return _dump(request, store, "nquads")


@router.api_route("/.well-known/void", methods=READ, summary="VoID/DCAT description of the dataset",
                  response_class=Response, responses=RDF_RESPONSES)
def well_known_void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    graph = f"{settings.base}graph/dataset"
    if graph not in store.graph_names():
        raise NotFound(f"the dataset has no description graph <{graph}>")
    chosen = choose(request, GRAPH_FORMATS)
    assert isinstance(chosen, Format)
    if chosen.name in ("trig", "nquads"):  # the description in its own named graph
        return Response(serialize_quads(store.quads(graph), chosen),
                        media_type=chosen.content_type(), headers={"Vary": "Accept"})
    return Response(serialize_graph(graph_triples(store, graph), chosen),
                    media_type=chosen.content_type(), headers={"Vary": "Accept"})


@router.api_route(
    "/context.jsonld", methods=READ, summary="The JSON-LD context of bwgraph's JSON-LD output",
    response_class=JSONResponse, responses={200: {
        "description": "the JSON-LD context",
        "content": {"application/ld+json": {"schema": {"type": "object"}}}}},
)
def context() -> JSONResponse:
    return JSONResponse(jsonld_context(), media_type="application/ld+json")
