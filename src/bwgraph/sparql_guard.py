"""Static checks of incoming SPARQL before anything is evaluated.

The endpoint is read-only and never makes outbound requests. Both promises are checked on the
*parse tree* (rdflib's SPARQL 1.1 grammar), not with regexes, so ``SERVICE`` in a comment or a
string literal is harmless and ``service`` in lower case is still caught:

* an update (``INSERT``, ``DELETE``, ``CLEAR`` …) → :class:`UpdateRefused` (HTTP 403);
* ``LOAD``, ``SERVICE``, ``FROM``/``FROM NAMED`` or ``default-graph-uri``/``named-graph-uri``
  naming a graph that is not in the store → :class:`OutboundRefused` (HTTP 400): each would make
  the server fetch a URL;
* text that is no SPARQL → :class:`InvalidQuery` (HTTP 400) with line and column.

Evaluation itself is left to pyoxigraph; this module only says *whether* a query may run and of
which kind it is (so the response format can be negotiated before evaluation).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from bwgraph.store import QueryKind


class GuardError(Exception):
    """A query the endpoint refuses; ``status`` is the HTTP status to answer with."""

    status = 400


class InvalidQuery(GuardError):
    """Not valid SPARQL 1.1."""

    status = 400

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"invalid SPARQL{where}: {problem}")
        self.line = line
        self.column = column


class UpdateRefused(GuardError):
    """The endpoint is read-only."""

    status = 403

    def __init__(self, operations: Sequence[str] = ()) -> None:
        ops = f" ({', '.join(operations)})" if operations else ""
        super().__init__(
            f"this endpoint is read-only: SPARQL Update{ops} is not allowed; the graph changes "
            "only through `bwgraph build`"
        )


class OutboundRefused(GuardError):
    """The query would make the server fetch something from the network."""

    status = 400


_KINDS: dict[str, QueryKind] = {
    "SelectQuery": QueryKind.SELECT,
    "AskQuery": QueryKind.ASK,
    "ConstructQuery": QueryKind.CONSTRUCT,
    "DescribeQuery": QueryKind.DESCRIBE,
}

#: rdflib's names of update operations → the SPARQL keyword, for messages
_UPDATE_OPS: dict[str, str] = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
    "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT",
}


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard."""

    text: str
    kind: QueryKind
    #: IRIs of ``FROM`` and ``FROM NAMED`` clauses (all local graphs)
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


def _walk(node: object) -> Iterator[CompValue]:
    """Every CompValue in an rdflib parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, ParseResults | list | tuple):
        for item in node:
            yield from _walk(item)


def _field(node: CompValue, key: str, default: Any) -> Any:
    """``node[key]`` or ``default``: CompValue.get() returns the *key itself* when it is
    missing, so membership is tested explicitly."""
    return node[key] if key in node else default  # noqa: SIM401


def _prologue(prologue: ParseResults) -> tuple[dict[str, str], str]:
    prefixes: dict[str, str] = {}
    base = ""
    for decl in prologue:
        if isinstance(decl, CompValue) and decl.name == "PrefixDecl":
            prefixes[str(decl["prefix"]) if "prefix" in decl else ""] = str(decl["iri"])
        elif isinstance(decl, CompValue) and decl.name == "Base":
            base = str(decl["iri"])
    return prefixes, base


def _iri(term: object, prefixes: dict[str, str], base: str) -> str:
    """The absolute IRI of a dataset clause term (a full IRI or a prefixed name)."""
    if isinstance(term, CompValue) and term.name == "pname":
        prefix = str(term["prefix"]) if "prefix" in term else ""
        if prefix not in prefixes:
            raise InvalidQuery(f"undeclared prefix {prefix!r}:")
        return prefixes[prefix] + (str(term["localname"]) if "localname" in term else "")
    text = str(term)
    return urljoin(base, text) if base else text


def _invalid(exc: ParseBaseException, prefix: str = "") -> InvalidQuery:
    near = exc.pstr[exc.loc : exc.loc + 30].split("\n")[0] if exc.pstr else ""
    expected = exc.msg.removeprefix("Expected ")
    problem = f"{prefix}syntax error near {near!r} (parser expected {expected})"
    if not near:
        problem = f"{prefix}unexpected end of query ({exc.msg})"
    return InvalidQuery(problem, exc.lineno, exc.col)


def check_update(text: str) -> None:
    """Explain why an update request is refused: ``LOAD`` fetches a URL (400), the rest writes
    (403). Always raises."""
    try:
        parsed = parseUpdate(text)
    except ParseBaseException as exc:
        raise _invalid(exc, "not a valid SPARQL Update either: ") from exc
    requests = _field(parsed, "request", [])
    ops = [c.name for c in requests if isinstance(c, CompValue)]
    if "Load" in ops:
        raise OutboundRefused(
            "LOAD is refused: this endpoint never fetches remote data (and it is read-only)"
        )
    raise UpdateRefused([_UPDATE_OPS.get(o, o) for o in ops])


def check_dataset(graphs: Sequence[str], local_graphs: Collection[str], *, what: str) -> None:
    """Every graph IRI named by the request must be a named graph of the store."""
    foreign = [g for g in graphs if g not in local_graphs]
    if foreign:
        raise OutboundRefused(
            f"{what} <{foreign[0]}> is not a graph of this dataset; this endpoint never fetches "
            f"remote data. Local graphs: {', '.join(sorted(local_graphs)) or '(none)'}"
        )


def check_query(text: str, *, local_graphs: Collection[str]) -> CheckedQuery:
    """Parse ``text`` and refuse anything the endpoint must not run (see the module docs)."""
    try:
        parsed = parseQuery(text)
    except ParseBaseException as exc:
        try:
            parseUpdate(text)
        except ParseBaseException:
            raise _invalid(exc) from exc
        check_update(text)  # raises
        raise  # pragma: no cover - check_update always raises
    query = parsed[1]
    kind = _KINDS.get(query.name)
    if kind is None:  # pragma: no cover - the grammar only has these four
        raise InvalidQuery(f"unsupported query form {query.name}")
    for node in _walk(query):
        if node.name == "ServiceGraphPattern":
            raise OutboundRefused(
                f"SERVICE <{_field(node, 'term', '?')}> is refused: this endpoint never makes "
                "outbound requests (federated queries are not supported)"
            )
    prefixes, base = _prologue(parsed[0])
    from_graphs: list[str] = []
    from_named: list[str] = []
    for clause in _field(query, "datasetClause", []):
        if "default" in clause:
            from_graphs.append(_iri(clause["default"], prefixes, base))
        if "named" in clause:
            from_named.append(_iri(clause["named"], prefixes, base))
    check_dataset(from_graphs, local_graphs, what="FROM")
    check_dataset(from_named, local_graphs, what="FROM NAMED")
    return CheckedQuery(text, kind, tuple(from_graphs), tuple(from_named))
