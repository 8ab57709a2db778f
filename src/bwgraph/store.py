"""The Store protocol: where the built graph is queried.

Everything that reads the graph (CLI exports, named questions, the API) goes through
:class:`Store`, so the same questions can run on the embedded pyoxigraph store (default, loaded
from the build's TriG) or on an existing SPARQL server (Oxigraph server, Virtuoso) later.
Results come back as plain Python values (``SelectResult``), independent of the backend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

Value = str | int | float | bool | None


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


class Store(Protocol):
    """A read-only SPARQL store holding the built graph."""

    def select(
        self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> SelectResult: ...

    def ask(self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> bool: ...

    def construct(self, query: str) -> Sequence[ox.Triple]: ...


def _binding(term: object) -> Binding:
    if isinstance(term, ox.NamedNode):
        return Binding("iri", term.value)
    if isinstance(term, ox.Literal):
        return Binding("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return Binding("bnode", term.value)
    raise TypeError(f"unexpected term {term!r}")


class OxigraphStore:
    """Embedded pyoxigraph store, in memory, loaded from the build's TriG file.

    Queries see the union of all named graphs as the default graph, which is what analysts expect
    from a dataset split into one graph per source.
    """

    def __init__(self, store: ox.Store) -> None:
        self.ox = store

    @classmethod
    def from_trig(cls, path: Path) -> OxigraphStore:
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        return cls(store)

    def select(
        self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> SelectResult:
        res = self.ox.query(query, use_default_graph_as_union=True, substitutions=_subs(bindings))
        if not isinstance(res, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        variables = [v.value for v in res.variables]
        rows = [
            {v: _binding(sol[v]) for v in variables if sol[v] is not None} for sol in res
        ]
        return SelectResult(variables, rows)

    def ask(self, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> bool:
        res = self.ox.query(query, use_default_graph_as_union=True, substitutions=_subs(bindings))
        if not isinstance(res, ox.QueryBoolean):
            raise TypeError("not an ASK query")
        return bool(res)

    def construct(self, query: str) -> list[ox.Triple]:
        res = self.ox.query(query, use_default_graph_as_union=True)
        if not isinstance(res, ox.QueryTriples):
            raise TypeError("not a CONSTRUCT/DESCRIBE query")
        return list(res)


def _subs(
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None,
) -> dict[ox.Variable, ox.NamedNode | ox.Literal] | None:
    if not bindings:
        return None
    return {ox.Variable(k): v for k, v in bindings.items()}
