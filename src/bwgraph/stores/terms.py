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

from bwgraph.sparql_lexer import Tok, tokenize
from bwgraph.store import Binding

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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

    Read with the guard's own SPARQL lexer (:mod:`bwgraph.sparql_lexer`), so a ``{`` inside a
    comment, a string or an IRI is never taken for it, by the same rules the guard uses.
    """
    for tok in tokenize(query, max_operators=_NO_LIMIT):
        if tok.kind is Tok.PUNCT and tok.raw == "{":
            return tok.offset
    raise ValueError("query has no group pattern ({ … })")


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


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: named questions and guarded texts are far below the guard's operator cap; the lexer is used
#: here only to find keywords, not to refuse
_NO_LIMIT = 1_000_000


def query_form(query: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``: the first form keyword token (to ask
    the server for the right kind of result format). ``select:`` is a prefix, not the form."""
    for tok in tokenize(query, max_operators=_NO_LIMIT):
        if tok.kind is Tok.WORD and tok.value.upper() in _FORMS:
            return tok.value.lower()
    raise ValueError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
