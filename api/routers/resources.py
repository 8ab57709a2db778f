"""Linked data: every IRI the project mints dereferences on this server.

``{base}id/…`` is answered at ``/id/…``, code-list concepts ``…/def/{scheme}/{notation}`` at
``/def/…``, named graphs ``{base}graph/{name}`` at ``/graph/{name}``, and the ontology
``https://w3id.org/bwmo/def`` at ``/def``; TOOI municipalities get a local page at ``/tooi/…``
(:mod:`api.routers.web_pages`).

Content negotiation is *direct*: the same URL answers HTML (browsers) or Turtle, JSON-LD,
N-Triples, RDF/XML (by ``Accept`` or ``?format=``), with ``Vary: Accept`` and a
``Content-Location`` naming the format-specific URL (``/id/…?format=turtle``). No 303: one round
trip, and the ``Content-Location`` gives caches and people a stable URL per representation.
Without an ``Accept`` header the answer is Turtle.

The machine representation is the bounded description of :func:`bwgraph.export.describe`; the
page is rendered by :func:`api.web.pages.resource_html` (a region page for regions; otherwise
names instead of IRIs, evidence quotes, incoming links grouped, a link to the source line).
The vendored source texts are served at ``/sources/{file}`` with an anchor per line (``#L12``),
so every quote can be checked.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse

from api.deps import SettingsDep, StoreDep
from api.errors import NotFound
from api.html import Linker, ontology_page
from api.responses import HTML, choose, rdf_response
from api.settings import ApiSettings
from api.web.pages import resource_html, source_html
from bwgraph.export import describe, graph_triples
from bwgraph.formats import GRAPH_FORMATS, Format
from bwgraph.namespaces import BWMO_CODE, BWMO_ONTOLOGY
from bwgraph.resources import resource_view
from bwgraph.store import Store

#: GET and HEAD: crawlers and link checkers use HEAD
READ = ["GET", "HEAD"]

router = APIRouter(tags=["linked data"])

_SOURCE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.txt$")
#: any registered document's file name (a PDF, DOCX, HTML or text file): no path separators
_FILE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,200}$")

#: pre-generated ontology artefacts (written next to the TriG by the ontology docs step)
ONTOLOGY_FILES: dict[str, str] = {
    "rdfxml": "bwmo.owl",
    "jsonld": "bwmo.jsonld",
    "ntriples": "bwmo.nt",
}


def _linker(settings: ApiSettings) -> Linker:
    return Linker(settings.base)


def dereference(request: Request, store: Store, settings: ApiSettings, iri: str) -> Response:
    """HTML page or RDF description of ``iri``; 404 when the dataset does not mention it."""
    chosen = choose(request, GRAPH_FORMATS, html=True)
    path = request.url.path
    if chosen == HTML:
        page = resource_html(request, store, _linker(settings), iri, path=path)
        if page is None:
            raise NotFound(f"<{iri}> is not in this dataset (no triple mentions it)")
        return page
    assert isinstance(chosen, Format)
    try:
        triples = describe(store, iri)
    except ValueError:  # not a well-formed IRI (a control character, a space): not one of ours
        triples = []
    if not triples:
        raise NotFound(f"<{iri}> is not in this dataset (no triple mentions it)")
    return rdf_response(triples, chosen, location=path, store=store)


@router.api_route("/id/{path:path}", methods=READ, summary="Dereference a minted IRI ({base}id/…)")
def get_id(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return dereference(request, store, settings, f"{settings.base}id/{path}")


@router.api_route("/graph/{name:path}", methods=READ, summary="A named graph of the dataset")
def get_graph(name: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    iri = f"{settings.base}graph/{name}"
    if iri not in store.graph_names():
        raise NotFound(f"<{iri}> is not a named graph of this dataset")
    chosen = choose(request, GRAPH_FORMATS, html=True)
    if chosen == HTML:
        return dereference(request, store, settings, iri)
    assert isinstance(chosen, Format)
    return rdf_response(graph_triples(store, iri), chosen, location=request.url.path, store=store)


@router.api_route("/dataset", methods=READ, summary="The dataset (VoID/DCAT)")
def get_dataset(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return dereference(request, store, settings, f"{settings.base}dataset")


def _release_dir(request: Request, settings: ApiSettings) -> Path:
    """Where the artefacts of the release being served lie: the server's private copy of the
    release (so a rebuild on disk changes no route until restart), else next to the graph."""
    release = getattr(request.app.state, "release_file", None)
    return release.parent if release is not None else settings.graph_path.parent


def _ontology_file(request: Request, settings: ApiSettings, fmt: Format
                   ) -> FileResponse | None:
    name = ONTOLOGY_FILES.get(fmt.name)
    if name is None:
        return None
    path = _release_dir(request, settings) / name
    if not path.is_file():
        return None
    return FileResponse(path, media_type=fmt.content_type(),
                        headers={"Vary": "Accept", "Content-Location": f"/def?format={fmt.name}"})


def _ontology_terms(store: Store, settings: ApiSettings) -> list[tuple[str, str, str | None]]:
    graph = f"{settings.base}graph/ontology"
    res = store.select(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?t ?kind (SAMPLE(?l) AS ?label) WHERE { "
        f"VALUES ?g {{ {ox.NamedNode(graph)} }} GRAPH ?g {{ ?t a ?kind . "
        "VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty "
        "owl:AnnotationProperty } "
        "OPTIONAL { ?t rdfs:label ?l FILTER(langMatches(lang(?l), 'en')) } } "
        "FILTER(STRSTARTS(STR(?t), 'https://w3id.org/bwmo/def#')) } "
        "GROUP BY ?t ?kind ORDER BY ?kind ?t"
    )
    return [(r["t"].value, r["kind"].value, r["label"].value if "label" in r else None)
            for r in res.rows]


@router.api_route("/def", methods=READ, summary="The bwmo ontology (OWL) and its documentation")
def get_ontology(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    chosen = choose(request, GRAPH_FORMATS, html=True)
    if chosen == HTML:
        html_file = _release_dir(request, settings) / "ontology.html"
        if html_file.is_file():
            return FileResponse(html_file, media_type="text/html; charset=utf-8",
                                headers={"Vary": "Accept"})
        view = resource_view(store, BWMO_ONTOLOGY)
        return HTMLResponse(
            ontology_page(view, _ontology_terms(store, settings), _linker(settings)),
            headers={"Vary": "Accept"},
        )
    assert isinstance(chosen, Format)
    pre_built = _ontology_file(request, settings, chosen)
    if pre_built is not None:
        return pre_built
    graph = f"{settings.base}graph/ontology"
    if graph not in store.graph_names():
        raise NotFound("the dataset has no ontology graph")
    return rdf_response(graph_triples(store, graph), chosen, location="/def")


@router.api_route(
    "/def/{path:path}", methods=READ,
    summary="Code-list schemes and concepts (…/def/{scheme}/{code})",
)
def get_code(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return dereference(request, store, settings, f"{BWMO_CODE}{path}")


def _source_text(settings: ApiSettings, file_name: str) -> Path | None:
    """The text a person opens to check an evidence line of ``file_name``: the document's stored
    normalised text (``text_file`` in sources.toml), whose line *n* is what every evidence quote
    of line *n* was read from — for a text file the same line numbers as the original with the
    conversion residue cleaned, for a PDF, DOCX or HTML document the only text with lines. The
    file itself when no normalised text is registered. ``None`` for a name no registered
    document has (never a path)."""
    if not _FILE_NAME.match(file_name):
        return None
    try:
        meta = tomllib.loads((settings.sources_dir / "sources.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        meta = {}
    for entry in meta.get("document", []):
        if entry.get("file") != file_name:
            continue
        text_file = entry.get("text_file")
        if text_file and (settings.sources_dir / text_file).is_file():
            return settings.sources_dir / text_file
        break
    path = settings.sources_dir / file_name
    return path if _SOURCE_NAME.match(file_name) and path.is_file() else None


@router.api_route(
    "/sources/{file_name}", methods=READ, summary="A vendored source text, with line anchors",
)
def get_source(file_name: str, request: Request, store: StoreDep,
               settings: SettingsDep) -> Response:
    path = _source_text(settings, file_name)
    if path is None:
        raise NotFound(f"no source text {file_name!r} (see /sources/ names in document pages)")
    text = path.read_text(encoding="utf-8")
    fmt = request.query_params.get("format")
    accept = request.headers.get("accept", "")
    if fmt == "txt" or (fmt is None and "text/html" not in accept):
        return PlainTextResponse(text, headers={"Vary": "Accept"})
    res = store.select(
        "SELECT ?d ?f WHERE { ?d <https://w3id.org/bwmo/def#fileName> ?f } LIMIT 1",
        bindings={"f": ox.Literal(file_name)},
    )
    document = res.rows[0]["d"].value if res.rows else None
    return source_html(request, store, _linker(settings), file_name, text.splitlines(), document)
