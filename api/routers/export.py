"""Exports: bounded descriptions, whole-dataset dumps, the VoID/DCAT description, the context.

* ``GET /export?focus=IRI`` — :func:`bwgraph.export.describe` (same as ``bwgraph export focus``);
* ``GET /export/dataset.trig`` / ``.nq`` — the whole dataset, named graphs kept;
* ``GET /.well-known/void`` — the build's ``{base}graph/dataset`` graph (VoID + DCAT);
* ``GET /context.jsonld`` — the JSON-LD context our JSON-LD output is compacted with.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.errors import NotFound
from api.responses import checked_iri, choose, rdf_response
from bwgraph.export import dataset_dump, describe, find_format, graph_triples
from bwgraph.formats import GRAPH_FORMATS, Format, jsonld_context

#: GET and HEAD: crawlers and link checkers use HEAD
READ = ["GET", "HEAD"]

router = APIRouter(tags=["export"])


@router.api_route("/export", methods=READ, summary="Concise bounded description of one resource")
def export_focus(
    request: Request,
    store: StoreDep,
    focus: Annotated[str, Query(description="IRI of the resource to describe")],
    format: Annotated[
        str | None, Query(description="turtle, ntriples, jsonld, rdfxml, trig")
    ] = None,
) -> Response:
    checked_iri(focus, "focus")
    chosen = choose(request, GRAPH_FORMATS)
    assert isinstance(chosen, Format)
    triples = describe(store, focus)
    if not triples:
        raise NotFound(f"<{focus}> is not in this dataset (no triple mentions it)")
    return rdf_response(triples, chosen)


def _dump(request: Request, store: StoreDep, name: str) -> Response:
    fmt = find_format(name)
    headers = {"Content-Disposition": f'attachment; filename="bwmo.{fmt.extension}"'}
    release = getattr(request.app.state, "release_file", None)
    if fmt.name == "trig" and release is not None:  # the loaded release, byte for byte
        return Response(release.read_bytes(), media_type=fmt.content_type(), headers=headers)
    return Response(dataset_dump(store, fmt), media_type=fmt.content_type(), headers=headers)


@router.api_route("/export/dataset.trig", methods=READ, summary="The whole dataset as TriG")
def export_trig(request: Request, store: StoreDep) -> Response:
    return _dump(request, store, "trig")


@router.api_route("/export/dataset.nq", methods=READ, summary="The whole dataset as N-Quads")
def export_nquads(request: Request, store: StoreDep) -> Response:
    return _dump(request, store, "nquads")


@router.api_route("/.well-known/void", methods=READ, summary="VoID/DCAT description of the dataset")
def well_known_void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    graph = f"{settings.base}graph/dataset"
    if graph not in store.graph_names():
        raise NotFound(f"the dataset has no description graph <{graph}>")
    chosen = choose(request, GRAPH_FORMATS)
    assert isinstance(chosen, Format)
    return rdf_response(graph_triples(store, graph), chosen)


@router.api_route(
    "/context.jsonld", methods=READ, summary="The JSON-LD context of bwgraph's JSON-LD output",
)
def context() -> JSONResponse:
    return JSONResponse(jsonld_context(), media_type="application/ld+json")
