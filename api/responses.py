"""Responses built from the format tables in :mod:`bwgraph.formats` (no per-route if/elif)."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from fastapi import Request, Response

from api.errors import BadRequest
from bwgraph.formats import GRAPH_FORMATS, Format, negotiate, serialize_graph

HTML = "text/html"


def choose(request: Request, table: Sequence[Format], *, html: bool = False,
           format_param: str | None = None) -> Format | str:
    """Negotiate between ``table`` (and HTML if the route has a page) from the ``format``
    parameter (``format_param``, else the URL's) or the ``Accept`` header. Raises NotAcceptable
    (406)."""
    return negotiate(
        request.headers.get("accept"), table,
        format_param=format_param or request.query_params.get("format"),
        extra=(HTML,) if html else (),
    )


def rdf_response(triples: Sequence[ox.Triple], fmt: Format, *, location: str | None = None
                 ) -> Response:
    """An RDF representation, negotiated: ``Vary: Accept`` and a ``Content-Location`` naming the
    format-specific URL, so caches and clients can tell the variants apart."""
    headers = {"Vary": "Accept"}
    if location is not None:
        sep = "&" if "?" in location else "?"
        headers["Content-Location"] = f"{location}{sep}format={fmt.name}"
    return Response(serialize_graph(triples, fmt), media_type=fmt.content_type(),
                    headers=headers)


def checked_iri(value: str, what: str = "IRI") -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise BadRequest(f"{what} {value!r} is not a valid absolute IRI: {exc}") from exc


__all__ = ["GRAPH_FORMATS", "HTML", "checked_iri", "choose", "rdf_response"]
