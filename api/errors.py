"""Each error kind has its own status and message (never a blanket ``except Exception`` → 400).

The table :data:`STATUS` maps exception classes to HTTP statuses; :func:`install` registers one
handler per class. Bodies are JSON ``{"error": kind, "detail": message}`` so both people and
clients (SPARQLWrapper shows the body) learn what went wrong.

==========================  ======  =====================================================
exception                   status  when
==========================  ======  =====================================================
InvalidQuery                400     not SPARQL (message names line, column and the text)
OutboundRefused             400     SERVICE, LOAD, FROM/graph URIs not in the dataset
BadRequest                  400     missing/contradictory parameters, malformed IRI
UpdateRefused               403     any SPARQL Update: the endpoint is read-only
NotFound                    404     an IRI or file this dataset does not have
NotAcceptable               406     no representation matches Accept/format
ResultTooLarge              413     more rows/triples than BWGRAPH_RESULT_LIMIT
UnsupportedMediaType        415     POST body that is neither a form nor a SPARQL query
BodyTooLarge                413     request body over BWGRAPH_MAX_BODY
TooManyQueries              429     this client address already runs its share of queries
QueryTimeout                504     past BWGRAPH_QUERY_TIMEOUT
Overloaded                  503     every worker busy and the line full (Retry-After)
StoreUnavailable            503     the SPARQL server (BWGRAPH_STORE) is unreachable
RemoteQueryError            502     the SPARQL server failed or refused a query that is valid
                                    SPARQL 1.1 and passed the guard (its message is passed on)
QueryFailed                 500     the store failed while evaluating (a bug or resource
                                    problem, reported as such; a crashed worker is replaced)
(anything else)             500     ``internal_error``, JSON, CORS headers kept
==========================  ======  =====================================================

429 and 503 carry ``Retry-After``.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from api.runner import Overloaded, TooManyQueries
from bwgraph.formats import NotAcceptable
from bwgraph.sparql_guard import InvalidQuery, OutboundRefused, UpdateRefused
from bwgraph.store import QueryTimeout, ResultTooLarge
from bwgraph.stores.errors import RemoteQueryError, StoreUnavailable


class BadRequest(Exception):
    """The request is malformed (not the query: its parameters)."""


class NotFound(Exception):
    """The dataset has no such resource or file."""


class UnsupportedMediaType(Exception):
    """The request body has a media type the endpoint does not read."""


class QueryFailed(Exception):
    """The store raised while evaluating a query that passed the guard."""


class BodyTooLarge(Exception):
    """The request body is larger than the server accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body larger than {limit} bytes (BWGRAPH_MAX_BODY); send the "
                         "query as a file to `bwgraph query` on a local copy instead")
        self.limit = limit


STATUS: dict[type[Exception], tuple[int, str]] = {
    InvalidQuery: (400, "invalid_query"),
    OutboundRefused: (400, "outbound_request_refused"),
    BadRequest: (400, "bad_request"),
    UpdateRefused: (403, "read_only"),
    NotFound: (404, "not_found"),
    NotAcceptable: (406, "not_acceptable"),
    ResultTooLarge: (413, "result_too_large"),
    BodyTooLarge: (413, "request_too_large"),
    TooManyQueries: (429, "too_many_queries"),
    Overloaded: (503, "overloaded"),
    StoreUnavailable: (503, "store_unavailable"),
    RemoteQueryError: (502, "store_error"),
    UnsupportedMediaType: (415, "unsupported_media_type"),
    QueryTimeout: (504, "query_timeout"),
    QueryFailed: (500, "query_failed"),
}


def error_response(exc: Exception, *, html: bool = False) -> Response:
    """JSON for programs; a small HTML page when a browser asked for HTML."""
    status, kind = STATUS.get(type(exc), (500, "internal_error"))
    headers = {"Vary": "Accept"}
    if status == 406:
        headers["Cache-Control"] = "no-store"
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if html:
        from api.html import page

        body = f"<h1>{status}: {escape(kind.replace('_', ' '))}</h1><p>{escape(str(exc))}</p>"
        return HTMLResponse(page(f"{status} {kind}", body), status_code=status, headers=headers)
    return JSONResponse({"error": kind, "detail": str(exc)}, status_code=status, headers=headers)


async def _handle(request: Request, exc: Exception) -> Response:
    accept = request.headers.get("accept", "")
    return error_response(exc, html=accept.startswith("text/html"))


def install(app: FastAPI) -> None:
    for exc_type in STATUS:
        app.add_exception_handler(exc_type, _handle)
