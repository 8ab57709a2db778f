"""Query text and result terms for remote stores, without string splicing of values.

* :func:`with_values` binds variables the way the embedded store's substitutions do, as a
  ``VALUES`` block of RDF terms written by pyoxigraph (so a value carrying SPARQL syntax stays
  a quoted literal), placed first in the outermost group: filters and optionals of that group
  see the bound values, sub-SELECTs do not (as with substitutions).
* :func:`query_form` tells which result format to ask for (a table or a graph).
* :func:`binding` turns a parsed result term into the backend-neutral :class:`Binding`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from bwgraph.store import Binding

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def values_block(bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``VALUES (?a ?b) { (<iri> "lit"^^<dt>) }`` from typed terms (never from raw strings)."""
    names: list[str] = []
    terms: list[str] = []
    for name, term in bindings.items():
        if not _VAR.match(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise TypeError(f"?{name}: only IRIs and literals can be bound, not {term!r}")
        names.append(f"?{name}")
        terms.append(str(term))  # pyoxigraph writes N-Triples syntax: escaped, valid SPARQL
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def group_start(query: str) -> int:
    """Index of the ``{`` that opens the outermost group of a SELECT or ASK query.

    Skips comments, string literals and IRIs, so a ``{`` inside them is not taken for it.
    """
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _skip_string(query, i)
        elif c == "<" and (m := _IRIREF.match(query, i)):
            i = m.end()
        elif c == "{":
            return i
        else:
            i += 1
    raise ValueError("query has no group pattern ({ … })")


def _skip_string(query: str, i: int) -> int:
    quote = query[i]
    long = query.startswith(quote * 3, i)
    delim = quote * 3 if long else quote
    j = i + len(delim)
    while j < len(query):
        if query[j] == "\\":
            j += 2
            continue
        if query.startswith(delim, j):
            return j + len(delim)
        j += 1
    return j


def with_values(query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None) -> str:
    """``query`` with ``bindings`` joined first into its outermost group."""
    if not bindings:
        return query
    at = group_start(query) + 1
    return f"{query[:at]} {values_block(bindings)}\n{query[at:]}"


def binding(term: object) -> Binding:
    """A pyoxigraph term from a parsed result as a :class:`Binding`."""
    if isinstance(term, ox.NamedNode):
        return Binding("iri", term.value)
    if isinstance(term, ox.Literal):
        return Binding("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return Binding("bnode", term.value)
    raise TypeError(f"unexpected term {term!r}")


_KEYWORD = re.compile(r"(?i)\b(select|ask|construct|describe)\b")


def query_form(query: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``: the first form keyword outside
    comments, strings and IRIs (to ask the server for the right kind of result format)."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _skip_string(query, i)
        elif c == "<" and (m := _IRIREF.match(query, i)):
            i = m.end()
        elif (m := _KEYWORD.match(query, i)) and (
                i == 0 or (not query[i - 1].isalnum() and query[i - 1] not in ":?$_")) and (
                query[m.end():m.end() + 1] != ":"):  # ``select:`` is a prefix, not the form
            return m.group(1).lower()
        else:
            i += 1
    raise ValueError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
