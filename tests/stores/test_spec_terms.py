"""Store settings and query text for remote stores (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bwgraph.stores.errors import StoreSpecError
from bwgraph.stores.spec import Credentials, parse_store
from bwgraph.stores.terms import group_start, query_form, values_block, with_values

DEFAULT = Path("data/build/bwmo.trig")


@pytest.mark.parametrize(
    ("value", "family", "query", "update", "graph_store"),
    [
        ("oxigraph+http://127.0.0.1:7878", "oxigraph", "http://127.0.0.1:7878/query",
         "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store"),
        ("oxigraph+http://127.0.0.1:7878/query", "oxigraph", "http://127.0.0.1:7878/query",
         "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store"),
        ("virtuoso+http://h:8890/sparql", "virtuoso", "http://h:8890/sparql",
         "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("sparql+https://h/ds/query?update=https://h/ds/update&graph-store=https://h/ds/data",
         "sparql", "https://h/ds/query", "https://h/ds/update", "https://h/ds/data"),
        ("sparql+http://h:7001/sparql?default-graph-uri=x", "sparql",
         "http://h:7001/sparql?default-graph-uri=x", None, None),
    ],
)
def test_remote_forms(value: str, family: str, query: str, update: str | None,
                      graph_store: str | None) -> None:
    spec = parse_store(value, default_path=DEFAULT, credentials=Credentials("u", "p"))
    assert (spec.family, spec.query_url, spec.update_url, spec.graph_store_url) == (
        family, query, update, graph_store)
    assert "p" not in repr(spec.credentials)  # the password is never in a repr


@pytest.mark.parametrize("value", [None, "", "/tmp/x.trig", "file:/tmp/x.trig"])
def test_embedded_forms(value: str | None) -> None:
    spec = parse_store(value, default_path=DEFAULT)
    assert spec.family == "embedded" and not spec.remote
    assert spec.path == (DEFAULT if not value else Path("/tmp/x.trig"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("oxigraph+http://user:pw@127.0.0.1:7878", "credentials in the URL are refused"),
        ("fuseki+http://h/ds", "unknown form"),
        ("http://h/sparql", "unknown form"),
        ("oxigraph+ftp://h", r"expected oxigraph\+http"),
    ],
)
def test_bad_forms(value: str, message: str) -> None:
    with pytest.raises(StoreSpecError, match=message) as info:
        parse_store(value, default_path=DEFAULT)
    assert "pw@" not in str(info.value)


def test_values_block_quotes_what_it_binds() -> None:
    hostile = 'x" } ; DROP ALL ; SELECT * { "'
    block = values_block({"q": ox.Literal(hostile), "d": ox.Literal(
        "2021-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        "r": ox.NamedNode("https://w3id.org/bwmo/id/region/alkmaar")})
    query = with_values("SELECT ?q ?d ?r WHERE { }", {})  # no bindings: unchanged
    assert query == "SELECT ?q ?d ?r WHERE { }"
    store = ox.Store()
    res = store.query(f"SELECT ?q ?d ?r WHERE {{ {block} }}")
    assert isinstance(res, ox.QuerySolutions)
    row = next(iter(res))
    assert row["q"] == ox.Literal(hostile)  # one value, exactly as given
    assert row["d"].datatype.value.endswith("#date")
    with pytest.raises(ValueError, match="variable name"):
        values_block({"a b": ox.Literal("x")})


def test_group_start_skips_strings_comments_and_iris() -> None:
    query = ('PREFIX ex: <http://example.org/x#>\n# a comment with { in it\n'
             'SELECT ("{" AS ?brace) \'\'\'{ long }\'\'\' WHERE { ?s ?p ?o }')
    at = group_start(query)
    assert query[at:] == "{ ?s ?p ?o }"
    bound = with_values("SELECT ?s WHERE { ?s ?p ?o FILTER(?s = ?x) }",
                        {"x": ox.NamedNode("http://example.org/a")})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://p"),
                      ox.Literal("1")))
    store.add(ox.Quad(ox.NamedNode("http://example.org/b"), ox.NamedNode("http://p"),
                      ox.Literal("2")))
    res = store.query(bound)
    assert isinstance(res, ox.QuerySolutions)
    assert [r["s"] for r in res] == [ox.NamedNode("http://example.org/a")]


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX select: <http://e/> ASK { ?s select:p ?o }", "ask"),
        ("# SELECT in a comment\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
        ('BASE <http://e/describe> SELECT ("ask" AS ?x) {}', "select"),
        ("describe <http://e/x>", "describe"),
    ],
)
def test_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


def test_a_brace_in_a_comment_ending_at_cr_is_not_the_group() -> None:
    """The same lexer as the guard: the ``{`` in the comment is not the group, the comment ends
    at CR, and the ``{`` right after it is; one in a string is not."""
    query = 'SELECT * # {\r{ ?s <urn:a> "{" }'
    assert query[group_start(query)] == "{"
    assert group_start(query) == query.index("\r") + 1
