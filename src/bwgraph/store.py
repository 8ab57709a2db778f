"""The Store protocol: where the built graph is queried.

Everything that reads the graph (CLI exports, named questions, the API) goes through
:class:`Store`, so the same questions can run on the embedded pyoxigraph store (default, loaded
from the build's TriG) or on an existing SPARQL server (Oxigraph server, Virtuoso, any SPARQL
1.1 server: see :mod:`bwgraph.stores`, whose :func:`~bwgraph.stores.open_store` picks one).
Results come back as plain Python values (``SelectResult``), independent of the backend.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

import pyoxigraph as ox

Value = str | int | float | bool | None
T_co = TypeVar("T_co")


@dataclass(frozen=True)
class Binding:
    """One RDF term of a result row, kept typed: kind is ``iri``, ``literal`` or ``bnode``."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Binding]]

    def values(self) -> list[dict[str, str | None]]:
        """Rows as plain strings (what a CSV would show)."""
        return [{v: (r[v].value if v in r else None) for v in self.variables} for r in self.rows]


class QueryKind(StrEnum):
    SELECT = "select"
    ASK = "ask"
    CONSTRUCT = "construct"
    DESCRIBE = "describe"


class QueryTimeout(Exception):
    """The query ran past its deadline (HTTP 504)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"query exceeded the time limit of {seconds:g} s; narrow it down "
            "(more specific patterns, LIMIT) or run it on a local copy (bwgraph export dataset)"
        )
        self.seconds = seconds


class ResultTooLarge(Exception):
    """The result has more rows/triples than allowed (HTTP 413)."""

    def __init__(self, limit: int, unit: str) -> None:
        super().__init__(
            f"result exceeds the limit of {limit} {unit}; add LIMIT/OFFSET to page through it, "
            "or download the dataset (/export/dataset.trig)"
        )
        self.limit = limit
        self.unit = unit


#: What :meth:`OxigraphStore.evaluate` returns: rows, a boolean, or triples.
QueryOutcome = SelectResult | bool | list[ox.Triple]


@dataclass(frozen=True)
class BuildInfo:
    """Identity of the build a store was loaded from: for ETag and Last-Modified.

    ``path`` is the TriG file of an embedded store; a remote store has none (its release record
    gives the sha256 and time, see :mod:`bwgraph.stores.release`).
    """

    path: Path | None
    sha256: str
    modified: datetime

    @classmethod
    def of(cls, path: Path) -> BuildInfo:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        mtime = datetime.fromtimestamp(int(path.stat().st_mtime), tz=UTC)
        return cls(path, digest, mtime)


class Store(Protocol):
    """A read-only SPARQL store holding the built graph."""

    @property
    def build_info(self) -> BuildInfo | None:
        """The build this store holds (file or release record), if known."""

    def graph_names(self) -> frozenset[str]: ...

    def evaluate(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        deadline: float | None = None,
        max_results: int | None = None,
        base_iri: str | None = None,
        query_dataset: bool = False,
    ) -> QueryOutcome: ...

    def quads(self, graph: str | None = None) -> list[ox.Quad]: ...

    def select(
        self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> SelectResult: ...

    def ask(
        self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> bool: ...

    def construct(self, query: str) -> Sequence[ox.Triple]: ...


def _binding(term: object) -> Binding:
    if isinstance(term, ox.NamedNode):
        return Binding("iri", term.value)
    if isinstance(term, ox.Literal):
        return Binding("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return Binding("bnode", term.value)
    raise TypeError(f"unexpected term {term!r}")


_CUSTOM_FUNCTION = re.compile(r"^The custom function (<[^>]*>) is not supported")


def _refused_function(exc: RuntimeError) -> Exception:
    """pyoxigraph refuses, while planning, a function IRI it does not know (SPARQL 1.1 §17.6
    leaves extension functions to the engine): that is the client's query, a syntax-level
    refusal (400), not a failure of the store (500). Other runtime errors stay what they are."""
    m = _CUSTOM_FUNCTION.match(str(exc))
    if m is None:
        return exc
    return SyntaxError(f"the function {m[1]} is not supported: this endpoint knows the SPARQL "
                       "1.1 built-in functions and the XSD casts, no extension functions")


class OxigraphStore:
    """Embedded pyoxigraph store, in memory, loaded from the build's TriG file.

    Queries see the union of all named graphs as the default graph, which is what analysts expect
    from a dataset split into one graph per source.
    """

    def __init__(self, store: ox.Store, *, build_info: BuildInfo | None = None) -> None:
        self.ox = store
        self.build_info = build_info

    @classmethod
    def from_trig(cls, path: Path) -> OxigraphStore:
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        return cls(store, build_info=BuildInfo.of(path))

    def graph_names(self) -> frozenset[str]:
        """IRIs of the named graphs in the store (the only graphs a query may name)."""
        return frozenset(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        """All quads, or those of one named graph."""
        g = ox.NamedNode(graph) if graph else None
        return list(self.ox.quads_for_pattern(None, None, None, g))

    def evaluate(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        deadline: float | None = None,
        max_results: int | None = None,
        base_iri: str | None = None,
        query_dataset: bool = False,
    ) -> QueryOutcome:
        """Run any read query, reading results lazily and stopping at the limits.

        The dataset follows SPARQL 1.1: ``default_graphs``/``named_graphs`` (the Protocol's
        ``default-graph-uri`` and ``named-graph-uri``) replace any dataset the query names; else
        a query with ``FROM``/``FROM NAMED`` (``query_dataset``) gets exactly that dataset; only
        when neither names one is the default graph the union of all named graphs.
        ``base_iri`` resolves relative IRIs in the query.
        ``deadline`` is a :func:`time.monotonic` value: rows are pulled one by one and the
        iteration stops with :class:`QueryTimeout` once it has passed, so a query that streams
        (no ORDER BY/GROUP BY over the whole result) is cut off on time. ``max_results`` bounds
        rows or triples (:class:`ResultTooLarge`). Blocking: call it from a worker thread.
        """
        kwargs: dict[str, object] = {"base_iri": base_iri}
        if default_graphs or named_graphs:
            # the protocol's dataset: a graph list left out is empty, not "everything"
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        elif not query_dataset:
            kwargs["use_default_graph_as_union"] = True
        started = time.monotonic()
        try:
            res = self.ox.query(query, **kwargs)  # type: ignore[arg-type]
        except RuntimeError as exc:
            raise _refused_function(exc) from None
        # pyoxigraph's result iterators must be dropped on the thread that made them; an
        # exception's traceback would keep them alive (through the frames) into the event loop
        # thread, so the traceback is cut and the iterator released here before re-raising.
        failure: BaseException | None = None
        outcome: QueryOutcome | None = None
        try:
            outcome = _collect(res, deadline, started, max_results)
        except BaseException as exc:  # re-raised below, unchanged but without its frames
            exc.__traceback__ = None
            failure = exc
        finally:
            del res
        if failure is not None:
            raise failure
        assert outcome is not None
        return outcome

    def select(
        self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> SelectResult:
        res = self.ox.query(query, use_default_graph_as_union=True, substitutions=_subs(bindings))
        if not isinstance(res, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        variables = [v.value for v in res.variables]
        rows = [{v: _binding(sol[v]) for v in variables if sol[v] is not None} for sol in res]
        return SelectResult(variables, rows)

    def ask(
        self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> bool:
        res = self.ox.query(query, use_default_graph_as_union=True, substitutions=_subs(bindings))
        if not isinstance(res, ox.QueryBoolean):
            raise TypeError("not an ASK query")
        return bool(res)

    def construct(self, query: str) -> list[ox.Triple]:
        res = self.ox.query(query, use_default_graph_as_union=True)
        if not isinstance(res, ox.QueryTriples):
            raise TypeError("not a CONSTRUCT/DESCRIBE query")
        return list(res)


def _collect(
    res: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples,
    deadline: float | None,
    started: float,
    max_results: int | None,
) -> QueryOutcome:
    _check_deadline(deadline, started)
    if isinstance(res, ox.QueryBoolean):
        return bool(res)
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = [
            {v: _binding(sol[v]) for v in variables if sol[v] is not None}
            for sol in _bounded(res, deadline, started, max_results, "rows")
        ]
        return SelectResult(variables, rows)
    return list(_bounded(res, deadline, started, max_results, "triples"))


def _check_deadline(deadline: float | None, started: float) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout(deadline - started)


def _bounded(
    items: Iterator[T_co], deadline: float | None, started: float, limit: int | None, unit: str
) -> Iterator[T_co]:
    for n, item in enumerate(items, start=1):
        _check_deadline(deadline, started)
        if limit is not None and n > limit:
            raise ResultTooLarge(limit, unit)
        yield item


def _subs(
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None,
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None:
    if not bindings:
        return None
    return {ox.Variable(k): v for k, v in bindings.items()}
