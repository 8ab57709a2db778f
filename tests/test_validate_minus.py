"""The bulk queries of the SHACL-SPARQL constraints: which ``FILTER NOT EXISTS`` blocks become
``MINUS`` (``validate._not_exists_as_minus``), and that the answers stay the same.

The shape cases compare every SPARQL-based constraint of the project with pyshacl
(``tests/shapes/test_cases.py``); these tests pin the rule itself on small queries.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef

from bwgraph.validate import SparqlConstraint, _not_exists_as_minus, bulk_query

SH_VIOLATION = URIRef("http://www.w3.org/ns/shacl#Violation")
EX = "https://example.org/"


def _constraint(select: str, *, nodes: tuple[URIRef, ...] = ()) -> SparqlConstraint:
    return SparqlConstraint(
        shape=URIRef(EX + "S"), select=select, prefixes={"ex": EX}, severity=SH_VIOLATION,
        messages=(Literal("m"),), target_classes=() if nodes else (URIRef(EX + "C"),),
        target_nodes=nodes,
    )


def test_plain_blocks_move_filtered_and_this_path_blocks_stay() -> None:
    body = """ {
        ?this ex:p ?v .
        FILTER NOT EXISTS { ?x ex:q $this ; a ex:D }
        FILTER NOT EXISTS { $this ex:r ?w . FILTER (?w > 3) }
        FILTER NOT EXISTS { $this ex:s* ?y }
        FILTER NOT EXISTS { ?r ex:t $this . ?r a/ex:sub* ex:E }
        FILTER NOT EXISTS { ?z ex:u ?v }
    }"""
    out = _not_exists_as_minus(body)
    assert "MINUS { ?x ex:q $this ; a ex:D }" in out
    assert "MINUS { ?r ex:t $this . ?r a/ex:sub* ex:E }" in out  # the repeated path is not ?this's
    assert "FILTER NOT EXISTS { $this ex:r ?w . FILTER (?w > 3) }" in out  # a FILTER inside
    assert "FILTER NOT EXISTS { $this ex:s* ?y }" in out  # zero-length from ?this
    assert "FILTER NOT EXISTS { ?z ex:u ?v }" in out  # does not mention ?this
    assert out.count("MINUS") == 2


def test_target_nodes_keep_not_exists() -> None:
    c = _constraint("SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?v } }",
                    nodes=(URIRef(EX + "n"),))
    query = bulk_query(c)
    assert query is not None and "MINUS" not in query


def test_same_answers_as_not_exists() -> None:
    store = ox.Store()
    store.load(input=f"""
        @prefix ex: <{EX}> .
        ex:a a ex:C ; ex:p 1 .
        ex:b a ex:C ; ex:p 2 .
        ex:c a ex:C .
        ex:x ex:q ex:a ; a ex:D .
        ex:y ex:q ex:b .
    """, format=ox.RdfFormat.TURTLE)
    c = _constraint("""SELECT $this ?v WHERE {
        OPTIONAL { $this ex:p ?v }
        FILTER NOT EXISTS { ?x ex:q $this ; a ex:D }
    }""")
    rewritten = bulk_query(c)
    assert rewritten is not None and "MINUS" in rewritten
    kept = rewritten.replace("MINUS {", "FILTER NOT EXISTS {")

    def rows(q: str) -> set[tuple[str, str | None]]:
        res = store.query(q, prefixes=c.prefixes)
        assert isinstance(res, ox.QuerySolutions)
        return {(str(r["this"]), None if r["v"] is None else str(r["v"])) for r in res}

    assert rows(rewritten) == rows(kept) == {
        (f"<{EX}b>", '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'), (f"<{EX}c>", None)}
