"""The guard decides on the parse tree: these cases would fool a regex one way or the other."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bwgraph.sparql_guard import (
    InvalidQuery,
    OutboundRefused,
    UpdateRefused,
    check_dataset,
    check_query,
    check_update,
)
from bwgraph.store import QueryKind

LOCAL = {"https://w3id.org/bwmo/graph/reference", "https://w3id.org/bwmo/graph/ontology"}


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", QueryKind.SELECT),
        ("ASK { ?s ?p ?o }", QueryKind.ASK),
        ("CONSTRUCT WHERE { ?s ?p ?o }", QueryKind.CONSTRUCT),
        ("DESCRIBE <https://w3id.org/bwmo/id/region/alkmaar>", QueryKind.DESCRIBE),
    ],
)
def test_query_forms_are_recognised(query: str, kind: QueryKind) -> None:
    assert check_query(query, local_graphs=LOCAL).kind is kind


def test_service_keyword_in_comment_or_literal_is_harmless() -> None:
    q = '# SERVICE <http://example.org/sparql>\nSELECT * WHERE { ?s ?p "SERVICE <x>" }'
    assert check_query(q, local_graphs=LOCAL).kind is QueryKind.SELECT


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        # nested inside OPTIONAL and a sub-select
        "SELECT * WHERE { OPTIONAL { { SELECT ?s WHERE { SERVICE <http://x.org/> { ?s ?p ?o } } }"
        " } }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(OutboundRefused, match="SERVICE"):
        check_query(query, local_graphs=LOCAL)


def test_from_a_remote_graph_is_refused() -> None:
    with pytest.raises(OutboundRefused, match=r"FROM <http://example\.org/data\.ttl>"):
        check_query("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
                    local_graphs=LOCAL)


def test_from_named_with_prefixed_name_is_resolved() -> None:
    q = ("PREFIX ex: <http://example.org/> "
         "SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }")
    with pytest.raises(OutboundRefused, match=r"FROM NAMED <http://example\.org/g>"):
        check_query(q, local_graphs=LOCAL)


def test_from_a_local_graph_is_allowed() -> None:
    q = ("PREFIX g: <https://w3id.org/bwmo/graph/> "
         "SELECT * FROM g:reference FROM NAMED <https://w3id.org/bwmo/graph/ontology> "
         "WHERE { ?s ?p ?o }")
    checked = check_query(q, local_graphs=LOCAL)
    assert checked.from_graphs == ("https://w3id.org/bwmo/graph/reference",)
    assert checked.from_named == ("https://w3id.org/bwmo/graph/ontology",)


@pytest.mark.parametrize(
    ("update", "keyword"),
    [
        ("INSERT DATA { <http://a.org/s> <http://a.org/p> 1 }", "INSERT DATA"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
        ("DROP ALL", "DROP"),
        ("CLEAR DEFAULT", "CLEAR"),
    ],
)
def test_updates_are_refused_as_read_only(update: str, keyword: str) -> None:
    with pytest.raises(UpdateRefused, match=f"read-only.*{keyword}"):
        check_query(update, local_graphs=LOCAL)
    with pytest.raises(UpdateRefused):
        check_update(update)


def test_load_is_refused_as_outbound() -> None:
    with pytest.raises(OutboundRefused, match="LOAD"):
        check_query("LOAD <http://example.org/data.ttl>", local_graphs=LOCAL)
    with pytest.raises(OutboundRefused, match="LOAD"):
        check_update("LOAD <http://example.org/data.ttl> INTO GRAPH <http://x.org/g>")


def test_invalid_sparql_names_line_and_column() -> None:
    q = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}"
    with pytest.raises(InvalidQuery) as info:
        check_query(q, local_graphs=LOCAL)
    # the first token the grammar cannot take is the "}" on line 4 (FILTER( is left open)
    assert (info.value.line, info.value.column) == (4, 1)
    assert "line 4, column 1" in str(info.value)
    assert "near '}'" in str(info.value)


def test_misspelt_keyword_is_invalid_not_an_update() -> None:
    with pytest.raises(InvalidQuery, match="line 1, column 1"):
        check_query("SELEC * WHERE { ?s ?p ?o }", local_graphs=LOCAL)


def test_undeclared_prefix_in_from_is_invalid() -> None:
    with pytest.raises(InvalidQuery, match="undeclared prefix"):
        check_query("SELECT * FROM nope:g WHERE { ?s ?p ?o }", local_graphs=LOCAL)


def test_protocol_graph_parameters_must_be_local() -> None:
    check_dataset(sorted(LOCAL), LOCAL, what="default-graph-uri")
    with pytest.raises(OutboundRefused, match=r"named-graph-uri <http://example\.org/g>"):
        check_dataset(["http://example.org/g"], LOCAL, what="named-graph-uri")


# --- the canonical text means what the client wrote -----------------------------------------

QUERIES = Path(__file__).resolve().parents[1] / "queries"


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_every_named_question_passes_the_guard(path: Path) -> None:
    checked = check_query(path.read_text(encoding="utf-8"), local_graphs=LOCAL)
    assert checked.kind is QueryKind.SELECT


def _tiny_store() -> ox.Store:
    store = ox.Store()
    ex = "http://example.org/"
    data = f"""
    <{ex}a> <{ex}name> "Ab \\"quoted\\" \\\\ back"@nl ; <{ex}n> -3 , 2.5 , 1e3 ;
        <{ex}next> <{ex}b> ; a <{ex}Thing> .
    <{ex}b> <{ex}name> "Bé\\tc" ; <{ex}next> <{ex}c> ; <{ex}n> 7 .
    <{ex}c> <{ex}name> "C"^^<http://www.w3.org/2001/XMLSchema#string> ; <{ex}list> ( 1 2 ) .
    """
    store.load(data.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"{ex}g"))
    return store


TRICKY = [
    'PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:name '
    '"Ab \\"quoted\\" \\\\ back"@nl }',
    "PREFIX ex: <http://example.org/> SELECT ?s ?v WHERE { ?s ex:n ?v FILTER(?v < -1 || ?v>=7) }",
    "PREFIX ex: <http://example.org/> SELECT (COALESCE(?x, CONCAT(STR(?s), \"-\")) AS ?c) "
    "WHERE { ?s a ex:Thing OPTIONAL { ?s ex:none ?x } }",
    "PREFIX ex: <http://example.org/> SELECT (GROUP_CONCAT(?n; SEPARATOR = ', ') AS ?all) "
    "WHERE { ?s ex:n ?n } GROUP BY ?s ORDER BY ?all",
    "PREFIX ex: <http://example.org/> SELECT ?o WHERE { ex:a ex:next+ ?o } ORDER BY ?o",
    "PREFIX ex: <http://example.org/> SELECT ?o WHERE { ex:c ex:list/<http://www.w3.org/1999/"
    "02/22-rdf-syntax-ns#rest>*/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { VALUES (?s ?k) { (ex:a 1) (ex:b UNDEF) }"
    " ?s ex:name ?name } ORDER BY ?s",
    "SELECT ?name WHERE { # comment \"with quote\n ?s <http://example.org/name> ?name . "
    "FILTER(LANG(?name) = 'nl' && REGEX(?name, '^a', 'i')) }",
    "PREFIX ex: <http://example.org/> ASK { [] ex:name ?x ; ex:next [ ex:n 7 ] }",
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:name \"\"\"Bé\tc\"\"\" }",
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:name 'C'^^"
    "<http://www.w3.org/2001/XMLSchema#string> }",
    "PREFIX ex: <http://example.org/> CONSTRUCT { ?s ex:label ?n } WHERE { ?s ex:name ?n }",
    "PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) (SUM(?v) AS ?t) "
    "WHERE { ?s ex:n ?v FILTER(?v IN (-3, 7, 2.5)) }",
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:n ?v MINUS { ?s a ex:Thing } } "
    "ORDER BY DESC(?s)",
    "SELECT ?s WHERE { ?s <http://example.org/name> ?n FILTER(STRSTARTS(?n, \"\\u0041b\")) }",
]


@pytest.mark.parametrize("query", TRICKY, ids=lambda q: q[35:75])
def test_canonical_text_gives_the_same_answer(query: str) -> None:
    """Strings with escapes, language tags, datatypes, negative numbers, function calls,
    separators, paths, VALUES, blank nodes, comments: the canonical text answers alike."""
    store = _tiny_store()
    checked = check_query(query, local_graphs=LOCAL)
    want = store.query(query, use_default_graph_as_union=True)
    got = store.query(checked.text, use_default_graph_as_union=True)
    if isinstance(want, ox.QueryBoolean):
        assert bool(got) == bool(want)
        return
    rows = [str(x) for x in want]  # type: ignore[union-attr]
    assert rows, "a case that answers nothing proves nothing"
    assert [str(x) for x in got] == rows  # type: ignore[union-attr]
    assert checked.text.count("\n") == 0
