"""One adapter per server family: what differs from plain SPARQL 1.1, in one place each.

======================  =================================  ===================================
                        Oxigraph server                    Virtuoso Open Source 7
======================  =================================  ===================================
endpoints               ``/query``, ``/update``, ``/store``  ``/sparql``; ``/sparql-auth`` and
                                                           ``/sparql-graph-crud-auth`` (digest)
default graph           its own (empty) default graph, or  union of *all* graphs, system graphs
                        the union with                     included (virtrdf, ldp …)
                        ``--union-default-graph``
time limit              none per query (``--timeout-s`` on  ``timeout`` parameter (ms): answers
                        the server as a backstop); the     what it has with ``X-SQL-State:
                        client closes the connection       S1TAT`` — treated as a timeout here
result size             streams everything                 at most ``ResultSetMaxRows`` rows
                                                           (virtuoso.ini), silently; graphs are
                                                           read in pages below that
JSON results            SPARQL 1.1                         SPARQL 1.0 ``typed-literal`` (read
                                                           fine by pyoxigraph)
authentication          none (put it behind a proxy)       digest (dba or a user with
                                                           SPARQL_UPDATE)
======================  =================================  ===================================

The dataset difference is handled for all families alike by naming it in every request (see
:mod:`bwgraph.stores.remote`), so no adapter depends on how the server was started.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pyoxigraph as ox

from bwgraph.durations import from_months
from bwgraph.store import Binding, QueryOutcome, QueryTimeout, SelectResult
from bwgraph.stores.errors import RemoteQueryError
from bwgraph.stores.remote import SparqlHttpStore

_ZERO = Binding("literal", "0")
_DURATION = ox.NamedNode("http://www.w3.org/2001/XMLSchema#duration")
_MONTHS = re.compile(r"^-?\d+$")
_VIRT_GEOMETRY = ox.NamedNode("http://www.openlinksw.com/schemas/virtrdf#Geometry")
_WKT = ox.NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")
_WKT_COMMA = re.compile(r"\s*,\s*")
_WKT_KEYWORD = re.compile(r"^\s*([A-Za-z]+)\s*\(")
_BNODE_PREFIXES = ((b'"bnode", "value": "nodeID://', b'"bnode", "value": "'),
                   (b"<bnode>nodeID://", b"<bnode>"))


class GenericSparqlStore(SparqlHttpStore):
    """Any SPARQL 1.1 Protocol server (Fuseki, GraphDB, QLever, TriplyDB …): basic auth."""

    family: ClassVar[str] = "sparql"


class OxigraphServerStore(SparqlHttpStore):
    """Oxigraph server (``oxigraph serve``): plain SPARQL 1.1, streams results."""

    family: ClassVar[str] = "oxigraph"


class VirtuosoStore(SparqlHttpStore):
    """Virtuoso Open Source 7: anytime queries, digest auth, capped result sets."""

    family: ClassVar[str] = "virtuoso"
    stuck_hint: ClassVar[str] = (
        "Virtuoso 7 can keep a query running past its time limit without using CPU and then "
        "stop answering; restart the server (docs/DEPLOY.md)")

    def _auth(self) -> httpx.Auth | None:
        creds = self.spec.credentials
        return httpx.DigestAuth(creds.user, creds.password) if creds and creds.user else None

    def timeout_params(self, seconds: float) -> dict[str, str]:
        return {"timeout": str(max(int(seconds * 1000), 1))}

    def limit_params(self, max_results: int) -> dict[str, str]:
        """``maxrows``: Virtuoso builds the whole answer before sending it, so the cap must be
        sent (one row more than allowed, so that "too many" can still be told)."""
        return {"maxrows": str(max_results + 1)}

    def check_answer(self, response: httpx.Response, seconds: float) -> None:
        state = response.headers.get("x-sql-state", "")
        if state.upper() == "S1TAT":  # "anytime" answer: incomplete, cut at the time limit
            response.close()
            raise QueryTimeout(seconds)

    def refused(self, status: int, text: str, seconds: float) -> None:
        """Virtuoso refuses a query whose *estimated* time exceeds MaxQueryCostEstimationTime
        (SQL state 42000, "The estimated execution time … exceeds the limit"): a time limit."""
        if "estimated execution time" in text and "exceeds the limit" in text:
            raise QueryTimeout(seconds)

    def adapt_term(self, term: Any) -> Any:
        """Virtuoso 7 stores a year-month ``xsd:duration`` as its number of months and answers
        ``"24"^^xsd:duration`` for ``"P2Y"``; the graph writes durations in canonical form
        (:mod:`bwgraph.durations`), so the canonical form of those months is what was loaded.
        It stores a ``geo:wktLiteral`` as its own geometry type and writes it back without the
        spaces after commas; the graph's WKT (:mod:`bwgraph.transform.geometry`) has one space
        after the keyword and after each comma, the numbers as the source has them."""
        if not isinstance(term, ox.Literal):
            return term
        if term.datatype == _DURATION and _MONTHS.match(term.value):
            return ox.Literal(from_months(int(term.value)), datatype=_DURATION)
        if term.datatype == _VIRT_GEOMETRY:
            return ox.Literal(_wkt(term.value), datatype=_WKT)
        return term

    def adapt(self, form: str, outcome: QueryOutcome) -> QueryOutcome:
        """Virtuoso 7.2 answers ASK with a one-column table (``__ASK_RETVAL``: 1, or no row)."""
        if form == "ask" and isinstance(outcome, SelectResult):
            if outcome.variables != ["__ASK_RETVAL"]:
                raise TypeError(f"unexpected answer to ASK: columns {outcome.variables}")
            return any(r.get("__ASK_RETVAL", _ZERO).value not in ("0", "false")
                       for r in outcome.rows)
        return outcome

    def rewrite_body(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Blank nodes come as ``nodeID://b10002`` in JSON and XML results (``_:b10002`` in
        N-Triples); the prefix is dropped so the labels are valid and match across formats.
        The patterns include markup that cannot occur inside a literal (an unescaped quote,
        a ``<bnode>`` tag), so literal text is never touched."""
        keep = max(len(a) for a, _ in _BNODE_PREFIXES) - 1  # a pattern may straddle chunks
        buffer = b""
        for chunk in chunks:
            buffer += chunk
            for pattern, replacement in _BNODE_PREFIXES:
                buffer = buffer.replace(pattern, replacement)
            if len(buffer) > keep:
                yield buffer[:-keep]
                buffer = buffer[-keep:]
        if buffer:
            yield buffer

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        """One CONSTRUCT, checked against the graph's count: Virtuoso silently caps an answer at
        ResultSetMaxRows (and refuses ORDER BY pages past MaxSortedTopRows), so a short answer
        is an error naming the setting, never a quietly partial export."""
        triples = super().graph_triples(graph)
        g = ox.NamedNode(graph)
        res = self.raw_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}",
                              dataset=False)
        expected = int(res.rows[0]["n"].value)
        if len(triples) != expected:
            raise RemoteQueryError(
                self.where, 200, f"{graph}: read {len(triples)} of {expected} triples; raise "
                "ResultSetMaxRows in virtuoso.ini [SPARQL] above the largest graph")
        return triples


def _wkt(text: str) -> str:
    """Virtuoso's ``POLYGON((x y,x y))`` spaced as the graph writes it: ``POLYGON ((x y, x y))``."""
    return _WKT_KEYWORD.sub(lambda m: f"{m[1].upper()} (", _WKT_COMMA.sub(", ", text.strip()), 1)


FAMILY_CLASSES: dict[str, type[SparqlHttpStore]] = {
    "oxigraph": OxigraphServerStore,
    "virtuoso": VirtuosoStore,
    "sparql": GenericSparqlStore,
}
