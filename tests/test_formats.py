"""Content negotiation and prefix selection in :mod:`bwgraph.formats` (no server needed)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from bwgraph.formats import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    NotAcceptable,
    by_name,
    negotiate_result,
    parse_select_json,
    serialize_boolean,
    serialize_graph,
    serialize_select,
    used_prefixes,
)
from bwgraph.store import Binding, QueryKind, SelectResult


def _name(chosen: object) -> object:
    return getattr(chosen, "name", chosen)


@pytest.mark.parametrize(("kind", "accept", "params", "expected"), [
    # a usable format= wins over Accept
    (QueryKind.SELECT, "application/sparql-results+json", ["tsv"], "tsv"),
    # one that names nothing usable for this kind is ignored: Accept decides
    (QueryKind.SELECT, "text/csv", ["turtle"], "csv"),
    (QueryKind.CONSTRUCT, "application/n-triples", ["csv"], "ntriples"),
    # SPARQLWrapper: empty values, then a media-type list
    (QueryKind.CONSTRUCT, "*/*", ["", "application/ld+json,application/x-json+ld"], "jsonld"),
    # results-only Accept on a graph query: the same family
    (QueryKind.CONSTRUCT, "application/sparql-results+json", [], "jsonld"),
    (QueryKind.DESCRIBE, "application/sparql-results+xml", [], "rdfxml"),
    (QueryKind.CONSTRUCT, "text/csv", [], "turtle"),
    # no Accept: the table's first
    (QueryKind.ASK, None, [], "json"),
    (QueryKind.CONSTRUCT, None, [], "turtle"),
])
def test_negotiate_result(kind: QueryKind, accept: str | None, params: list[str],
                          expected: str) -> None:
    assert _name(negotiate_result(accept, kind, format_params=params)) == expected


def test_html_competes_only_when_offered() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate_result(browser, QueryKind.SELECT, extra=("text/html",)) == "text/html"
    assert _name(negotiate_result(browser, QueryKind.SELECT)) == "xml"


def test_nothing_fits_is_406() -> None:
    with pytest.raises(NotAcceptable):
        negotiate_result("image/png", QueryKind.SELECT)
    with pytest.raises(NotAcceptable):  # a graph format cannot answer a SELECT
        negotiate_result("text/turtle", QueryKind.SELECT)


def test_used_prefixes_declare_only_what_is_written() -> None:
    t = ox.Triple(ox.NamedNode("https://w3id.org/bwmo/id/region/x"),
                  ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode("https://w3id.org/bwmo/def#Region"))
    label = ox.Triple(t.subject, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("x"))
    assert set(used_prefixes([t, label])) == {"bwmo", "rdfs"}  # rdf:type is written as `a`
    turtle = serialize_graph([t, label], by_name("turtle", GRAPH_FORMATS)).decode()
    assert "@prefix xsd:" not in turtle and "@prefix bwmo:" in turtle


def test_select_json_round_trips() -> None:
    result = SelectResult(["a", "b"], [
        {"a": Binding("iri", "https://w3id.org/bwmo/id/region/x"),
         "b": Binding("literal", "Alkmaar", lang="nl")},
        {"a": Binding("literal", "3", datatype="http://www.w3.org/2001/XMLSchema#integer")},
    ])
    fmt = by_name("json", SOLUTION_FORMATS)
    assert parse_select_json(serialize_select(result, fmt)) == result
    assert parse_select_json(serialize_boolean(True, fmt)) is True
