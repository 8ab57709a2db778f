"""Responses built from the format tables in :mod:`bwgraph.formats` (no per-route if/elif), the
OpenAPI tables that document them, and the linked-data conventions shared by every resource URL.

* :func:`choose` / :func:`rdf_response` — negotiated RDF representations (``Vary``,
  ``Content-Location``; TriG and N-Quads keep each triple's named graph when a store is given);
* :data:`ERROR_RESPONSES` — the error statuses every route may answer (JSON body
  ``{"error", "detail"}``), included once for all routers by :mod:`api.main`;
* :data:`SPARQL_GET_RESPONSES`, :data:`SPARQL_POST_RESPONSES`, :data:`POST_BODY`,
  :data:`RDF_RESPONSES`, … — the content types each operation answers, for the OpenAPI;
* :class:`LinkedData` — file-extension aliases (``/id/…/x.ttl`` = ``/id/…/x?format=turtle``)
  and HTTP ``Link`` headers (alternate formats, the describing document) on ``/id/``,
  ``/def/``, ``/graph/`` and ``/dataset``, as one middleware so the resource routes stay as
  they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pyoxigraph as ox
from fastapi import Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import BadRequest
from bwgraph.export import to_term
from bwgraph.formats import (
    DATASET_FORMATS,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    Format,
    NotAcceptable,
    by_name,
    negotiate,
    serialize_graph,
    serialize_quads,
)
from bwgraph.store import Store

HTML = "text/html"


def choose(request: Request, table: Sequence[Format], *, html: bool = False,
           format_param: str | None = None) -> Format | str:
    """Negotiate between ``table`` (and HTML if the route has a page) from the ``format``
    parameter (``format_param``, else the URL's) or the ``Accept`` header. A ``format`` that
    names nothing in the table is ignored (``Accept`` decides, as on ``/sparql``). Raises
    NotAcceptable (406) when nothing fits."""
    extra = (HTML,) if html else ()
    wanted = format_param or request.query_params.get("format")
    if wanted and wanted not in extra:
        try:
            by_name(wanted, table)
        except NotAcceptable:
            wanted = None
    return negotiate(request.headers.get("accept"), table, format_param=wanted, extra=extra)


def graphs_of(store: Store, triples: Sequence[ox.Triple]) -> list[ox.Quad]:
    """``triples`` as quads in the named graphs that hold them (a triple stated in two documents
    appears once per graph), so TriG and N-Quads tell which document a fact came from."""
    quads: list[ox.Quad] = []
    step = 200
    for i in range(0, len(triples), step):
        chunk = triples[i:i + step]
        values = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in chunk
                          if not isinstance(t.subject, ox.BlankNode)
                          and not isinstance(t.object, ox.BlankNode))
        found: set[ox.Triple] = set()
        if values:
            res = store.select("SELECT ?s ?p ?o ?g WHERE { VALUES (?s ?p ?o) { " + values
                               + " } GRAPH ?g { ?s ?p ?o } }")
            for row in res.rows:
                s, o = to_term(row["s"]), to_term(row["o"])
                assert not isinstance(s, ox.Literal)
                t = ox.Triple(s, ox.NamedNode(row["p"].value), o)
                found.add(t)
                quads.append(ox.Quad(t.subject, t.predicate, t.object,
                                     ox.NamedNode(row["g"].value)))
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                  for t in chunk if t not in found]
    return quads


def rdf_response(triples: Sequence[ox.Triple], fmt: Format, *, location: str | None = None,
                 store: Store | None = None) -> Response:
    """An RDF representation, negotiated: ``Vary: Accept`` and a ``Content-Location`` naming the
    format-specific URL, so caches and clients can tell the variants apart. With ``store``, TriG
    and N-Quads put each triple in its named graph."""
    headers = {"Vary": "Accept"}
    if location is not None:
        sep = "&" if "?" in location else "?"
        headers["Content-Location"] = f"{location}{sep}format={fmt.name}"
    if store is not None and fmt.name in ("trig", "nquads"):
        body = serialize_quads(graphs_of(store, triples), fmt)
    else:
        body = serialize_graph(triples, fmt)
    return Response(body, media_type=fmt.content_type(), headers=headers)


def checked_iri(value: str, what: str = "IRI") -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise BadRequest(f"{what} {value!r} is not a valid absolute IRI: {exc}") from exc


# --- OpenAPI tables ------------------------------------------------------------------------------

#: ``error`` is absent only from the router's own 404/405 (a path no route matches)
_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
}

_ERROR_WHEN: dict[int, str] = {
    400: "Bad request: malformed parameters or query, SERVICE/LOAD/remote graphs refused",
    403: "Refused: SPARQL Update (the endpoint is read-only)",
    404: "Not found: the dataset has no such resource or file",
    406: "Not acceptable: no representation matches Accept/format",
    413: "Too large: request body over BWGRAPH_MAX_BODY, or a result over BWGRAPH_RESULT_LIMIT",
    415: "Unsupported media type of the request body",
    429: "Too many queries from this client at once (Retry-After)",
    500: "Internal error (JSON, CORS headers kept)",
    502: "A remote SPARQL store (BWGRAPH_STORE) failed on the query; its message is passed on",
    503: "Overloaded or the store is unreachable (Retry-After)",
    504: "Query past BWGRAPH_QUERY_TIMEOUT",
}

#: the error statuses of every route: JSON for programs, a small HTML page for browsers
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {
        "application/json": {"schema": _ERROR_SCHEMA}, "text/html": {"schema": {"type": "string"}}
    }}
    for status, text in _ERROR_WHEN.items()
}


def _content(media_types: Sequence[str]) -> dict[str, Any]:
    return {mt: {"schema": {"type": "string"}} for mt in dict.fromkeys(media_types)}


def _types(*tables: Sequence[Format]) -> list[str]:
    return [mt for table in tables for f in table for mt in f.media_types]


#: 200 of a negotiated RDF representation (resources, exports, VoID)
RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "an RDF representation (by Accept or format=)",
          "content": _content(_types(GRAPH_FORMATS))},
}

#: 200 of a resource URL: RDF or an HTML page
RESOURCE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "an HTML page or an RDF representation (by Accept or format=)",
          "content": _content([HTML, *_types(GRAPH_FORMATS)])},
}

#: 200 of a whole-dataset dump
DUMP_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the dataset, named graphs kept",
          "content": _content(_types(DATASET_FORMATS))},
}

SPARQL_POST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "query results: SPARQL JSON/XML/CSV/TSV (SELECT, ASK), RDF (CONSTRUCT, "
          "DESCRIBE) or an HTML page for browsers",
          "content": _content([*_types(SOLUTION_FORMATS, GRAPH_FORMATS), HTML])},
}

SPARQL_GET_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": SPARQL_POST_RESPONSES[200]["description"] + "; without a query the "
          "service description (RDF) or, for browsers, the query editor",
          "content": SPARQL_POST_RESPONSES[200]["content"]},
}

#: an absolute IRI, as the OpenAPI states it (documentation only: the routes check IRIs). ASCII
#: (every IRI this dataset mints is), so everything it allows is an IRI pyoxigraph accepts
_IRI_CHAR = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})"
IRI_SCHEMA: dict[str, Any] = {
    "minLength": 1,
    "pattern": rf"^[A-Za-z][A-Za-z0-9+.-]*:{_IRI_CHAR}*(?:#{_IRI_CHAR}*)?$",
}

_GRAPH_LIST = {"type": "array", "items": {"type": "string", **IRI_SCHEMA}}

#: the request bodies of ``POST /sparql`` (SPARQL 1.1 Protocol §2.1.2 and §2.1.3)
POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "required": ["query"],
                "properties": {
                    "query": {"type": "string", "minLength": 1},
                    "default-graph-uri": _GRAPH_LIST,
                    "named-graph-uri": _GRAPH_LIST,
                    "format": {"type": "string"},
                },
            }},
            "application/sparql-query": {"schema": {"type": "string", "minLength": 1}},
        },
    },
}


#: 200 content of routes owned by other modules, by path (set by :func:`document_routes`)
_ROUTE_CONTENT: dict[str, list[str]] = {
    "/sources/{file_name}": ["text/plain", HTML],
}


def _api_routes(routes: Sequence[Any]) -> list[Any]:
    """Every :class:`~fastapi.routing.APIRoute` under ``routes``, inside included routers too
    (FastAPI ≥ 0.16x keeps an included router whole and builds its routes lazily)."""
    from fastapi.routing import APIRoute

    found: list[Any] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            found += _api_routes(inner.routes)
    return found


def document_routes(app: Any) -> None:
    """Give resource URLs (``/id/…``, ``/def…``, ``/graph/…``, ``/dataset``) and the other
    routes in :data:`_ROUTE_CONTENT` their 200 content types in the OpenAPI. Called once by
    :func:`api.main.create_app` after the routers are included (the OpenAPI is generated later,
    on first request)."""
    for route in _api_routes(app.routes):
        if not route.include_in_schema:
            continue
        path = route.path
        if path in _ROUTE_CONTENT:
            route.responses = {**route.responses, 200: {
                "description": "the requested representation",
                "content": _content(_ROUTE_CONTENT[path])}}
        elif (path.startswith(RESOURCE_PREFIXES) or path in RESOURCE_PATHS) \
                and 200 not in route.responses:
            route.responses = {**route.responses, **RESOURCE_RESPONSES}


# --- linked data: extension aliases and Link headers ---------------------------------------------

#: URL prefixes of dereferenceable resources
RESOURCE_PREFIXES: tuple[str, ...] = ("/id/", "/def/", "/graph/")
RESOURCE_PATHS: tuple[str, ...] = ("/def", "/dataset")

#: file extension → format name (``/id/region/alkmaar.ttl``); documented in docs/API.md
EXTENSIONS: dict[str, str] = {f.extension: f.name for f in GRAPH_FORMATS}
EXTENSIONS.update({"json": "jsonld", "owl": "rdfxml", "html": HTML})


def _is_resource(path: str) -> bool:
    return path.startswith(RESOURCE_PREFIXES) or path in RESOURCE_PATHS


def split_extension(path: str) -> tuple[str, str] | None:
    """``/id/x/y.ttl`` → (``/id/x/y``, ``turtle``); None when the path has no alias extension.
    (Minted IRIs never contain a dot, so an extension cannot hide part of an IRI.)"""
    if not _is_resource(path.rsplit(".", 1)[0]) or "." not in path.rsplit("/", 1)[-1]:
        return None
    stem, _, ext = path.rpartition(".")
    name = EXTENSIONS.get(ext.lower())
    return (stem, name) if name is not None else None


def link_header(path: str) -> str:
    """``Link`` for a resource URL: its representations (``alternate``, with media types), the
    RDF document describing it (``describedby``) and the dataset it belongs to."""
    links = [f'<{path}.{f.extension}>; rel="alternate"; type="{f.media_type}"'
             for f in GRAPH_FORMATS]
    links.append(f'<{path}>; rel="alternate"; type="{HTML}"')
    links.append(f'<{path}.ttl>; rel="describedby"; type="text/turtle"')
    links.append('</dataset>; rel="http://rdfs.org/ns/void#inDataset"')
    return ", ".join(links)


class LinkedData:
    """ASGI middleware: extension aliases become ``?format=`` requests on the resource URL (the
    alias is the response's ``Content-Location``), and successful GET/HEAD answers on resource
    URLs get a ``Link`` header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        alias = split_extension(path)
        if alias is not None:
            stem, name = alias
            query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                                 keep_blank_values=True) if k != "format"]
            headers = list(scope.get("headers", []))
            if name == HTML:
                headers = [(k, v) for k, v in headers if k != b"accept"]
                headers.append((b"accept", b"text/html"))
            else:
                query.append(("format", name))
            scope = {**scope, "path": stem, "raw_path": stem.encode("utf-8"),
                     "query_string": urlencode(query).encode("latin-1"), "headers": headers}
            resource = stem
        elif _is_resource(path):
            resource = path
        else:
            await self.app(scope, receive, send)
            return

        async def send_with_links(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers.append("Link", link_header(resource))
                if alias is not None:
                    headers["Content-Location"] = path
            await send(message)

        await self.app(scope, receive, send_with_links)


__all__ = [
    "ERROR_RESPONSES", "GRAPH_FORMATS", "HTML", "LinkedData", "checked_iri", "choose",
    "graphs_of", "link_header", "rdf_response", "split_extension",
]
