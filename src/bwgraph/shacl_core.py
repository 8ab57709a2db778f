"""SHACL core constraints as set-at-a-time SPARQL on pyoxigraph (the ``sparql`` engine).

pyshacl evaluates every core constraint per focus node and per value node in Python: on the real
graph that is ~28,000 shape evaluations, and at a million triples minutes (``bench/README.md``).
Here the constraints of a shape become SPARQL queries over *all* its focus nodes at once — per
property shape one ``GROUP BY`` query for sh:minCount/sh:maxCount and one query whose ``FILTER``
holds every per-value test (class, datatype, nodeKind, languageIn, in), each test also projected
so that every component gets its own results — evaluated by pyoxigraph on a store that keeps
typed literals as written (:data:`LEXICAL`). The focus nodes are a SPARQL sub-SELECT built from
the shape's targets; the value nodes of a property shape are the focus pattern joined with the
shape's path as a SPARQL property path; a nested shape (sh:node, sh:or) takes the value nodes
as its focus nodes.

The shapes stay the source of truth and their meaning does not change: every component follows
pyshacl's own implementation (same results, same ``sh:value``, same messages), and where a check
cannot be written exactly in SPARQL (ill-typed literals, ``sh:pattern`` with Python's ``re``, the
comparisons of ``sh:minExclusive`` and ``sh:lessThanOrEquals``) SPARQL fetches the distinct
candidate values and pyshacl's own functions decide. Shapes using a component or form this module
does not implement raise :class:`Unsupported` when planned; :func:`plan` leaves them to pyshacl.
``tests/test_shacl_core.py`` runs every shape case and the full build through both engines and
requires identical results.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

#: what a shape may carry besides constraints (ignored, as pyshacl ignores them)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

#: every constraint parameter pyshacl knows; those not handled here make a shape Unsupported
_ALL_PARAMETERS = frozenset(SH[n] for n in [
    "and", "class", "closed", "datatype", "disjoint", "equals", "hasValue", "ignoredProperties",
    "in", "languageIn", "lessThan", "lessThanOrEquals", "maxCount", "maxExclusive",
    "maxInclusive", "maxLength", "minCount", "minExclusive", "minInclusive", "minLength", "node",
    "nodeKind", "not", "or", "pattern", "property", "qualifiedMaxCount", "qualifiedMinCount",
    "qualifiedValueShape", "qualifiedValueShapesDisjoint", "sparql", "uniqueLang", "xone",
])
_HANDLED = frozenset(SH[n] for n in [
    "class", "datatype", "hasValue", "in", "languageIn", "lessThanOrEquals", "maxCount",
    "minCount", "minExclusive", "node", "nodeKind", "or", "pattern", "property", "uniqueLang",
])


class Unsupported(Exception):
    """A shape uses a form this module does not translate; pyshacl evaluates it instead."""


@dataclass(frozen=True)
class CoreResult:
    """One validation result, as pyshacl would report it."""

    focus: Term
    value: Term | None
    path: Node | None
    shape: Node
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...]


#: pyoxigraph's store canonicalises typed literals when they are inserted ("01"^^xsd:integer
#: becomes "1", xsd:positiveInteger becomes xsd:integer, "1"^^xsd:boolean becomes "true"), and so
#: would merge or retype value nodes pyshacl keeps apart (rdflib keeps the datatype, and an
#: explicit ^^xsd:string apart from a plain string). The store of the core constraints therefore
#: holds every literal with an explicit datatype under ``LEXICAL + datatype IRI``, which pyoxigraph
#: keeps as written; :func:`from_ox` turns it back. (Parsed by pyoxigraph, a plain string and an
#: explicit xsd:string are one term already; those stay plain.)
LEXICAL = "urn:bwgraph:lexical:"


def sparql_term(t: Node) -> str:
    """A shapes-graph term in SPARQL syntax, typed literals as the faithful store holds them."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        if t.language is None and t.datatype is not None:
            return Literal(str(t), datatype=URIRef(LEXICAL + str(t.datatype))).n3()
        return t.n3()
    raise Unsupported(f"blank node {t!r} as a constraint value")


def _datatype_iri(dt: Node) -> str:
    """How a datatype other than xsd:string appears in the faithful store."""
    return f"<{LEXICAL}{dt}>"


def _datatype_mismatch(dt: Node) -> str:
    """pyshacl's sh:datatype, first half: not a literal, or a literal of another datatype (plain
    and explicit strings are xsd:string, language-tagged ones rdf:langString, anything is an
    rdfs:Literal). The second half, ill-typed literals, is :meth:`CoreEngine._ill_typed`."""
    if dt == RDFS.Literal:
        return "!isLiteral(?value)"
    if dt == RDF.langString:
        return '!isLiteral(?value) || LANG(?value) = ""'
    if dt == XSD.string:
        return (f"!isLiteral(?value) || (DATATYPE(?value) != <{dt}> && "
                f"DATATYPE(?value) != <{LEXICAL}{dt}>)")
    return f"!isLiteral(?value) || DATATYPE(?value) != {_datatype_iri(dt)}"


def from_ox(t: object) -> Node:
    """A pyoxigraph term of the faithful store as the rdflib term it was."""
    if isinstance(t, ox.Literal) and t.datatype.value.startswith(LEXICAL):
        return Literal(t.value, datatype=URIRef(t.datatype.value[len(LEXICAL):]))
    from bwgraph.validate import _from_ox as convert

    return convert(t)


_from_ox = from_ox


class CoreEngine:
    """Evaluates the core constraints of a shapes graph on a pyoxigraph store."""

    def __init__(self, shapes: Graph, store: ox.Store) -> None:
        self.sg = shapes
        self.store = store
        self._vars = itertools.count()
        self._subclasses: dict[str, str] = {}

    def instances(self, var: str, cls: Node) -> str:
        """``{var} rdf:type/rdfs:subClassOf* cls`` as a pattern pyoxigraph evaluates from the
        class side: the subclasses are looked up once per class, then ``rdf:type`` is matched
        against them (a path starting at an unbound ``?this`` walks every typed node)."""
        key = sparql_term(cls)
        found = self._subclasses.get(key)
        if found is None:
            res = self._select(f"SELECT DISTINCT ?c WHERE {{ ?c {_SUBCLASS_OF}* {key} }}")
            classes = [r["c"] for r in res]
            # a blank-node subclass cannot be named in VALUES: keep the path there
            found = "" if any(isinstance(c, ox.BlankNode) for c in classes) else " ".join(
                sorted({_ox_sparql(c) for c in classes} | {key}))
            self._subclasses[key] = found
        if not found:
            return f"{var} {_TYPE}/{_SUBCLASS_OF}* {key} ."
        return f"VALUES ?c_ {{ {found} }} {var} {_TYPE} ?c_ ."

    # --- the shapes graph ---------------------------------------------------------------------

    def _objects(self, s: Node, p: URIRef) -> list[Node]:
        return list(self.sg.objects(s, p))

    def _one(self, s: Node, p: URIRef) -> Node | None:
        return next(iter(self.sg.objects(s, p)), None)

    def severity(self, shape: Node) -> URIRef:
        sev = self._one(shape, SH.severity)
        return URIRef(str(sev)) if sev is not None else SH.Violation

    def deactivated(self, shape: Node) -> bool:
        return Literal(True) in self._objects(shape, SH.deactivated)

    def messages(self, shape: Node) -> tuple[Literal, ...]:
        return tuple(m for m in self._objects(shape, SH.message) if isinstance(m, Literal))

    def path(self, node: Node) -> str:
        """A SHACL path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in self.sg:
            return "(" + "/".join(self.path(p) for p in Collection(self.sg, node)) + ")"
        for pred, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                          (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
            inner = self._one(node, pred)
            if inner is not None:
                return fmt.format(self.path(inner))
        alt = self._one(node, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(p) for p in Collection(self.sg, alt)) + ")"
        raise Unsupported(f"path {node!r}")

    def check(self, shape: Node, *, top: bool, seen: tuple[Node, ...] = (),
              strict_severity: bool = False) -> None:
        """Raise :class:`Unsupported` unless every constraint reachable from ``shape`` is
        translated. ``strict_severity``: within ``sh:or`` pyshacl's conformance depends on
        severities (a Warning alternative always "conforms"); only default severities there."""
        if shape in seen:
            raise Unsupported(f"recursive shapes at {shape}")
        seen = (*seen, shape)
        if strict_severity and self._one(shape, SH.severity) is not None:
            raise Unsupported(f"{shape}: sh:severity inside sh:or")
        if (shape, RDF.type, RDFS.Class) in self.sg:
            raise Unsupported(f"{shape}: implicit class target")
        params = {p for p in self.sg.predicates(shape, None) if p in _ALL_PARAMETERS}
        if not top and SH.sparql in params:
            raise Unsupported(f"{shape}: sh:sparql in a nested shape")
        unknown = params - _HANDLED - {SH.sparql}
        if unknown:
            raise Unsupported(f"{shape}: {sorted(str(u) for u in unknown)}")
        is_property = (shape, SH.path, None) in self.sg
        if is_property:
            self.path(self._one(shape, SH.path))  # type: ignore[arg-type]
        elif SH.uniqueLang in params:
            raise Unsupported(f"{shape}: sh:uniqueLang on a node shape")
        if SH.datatype in params:
            for dt in self._objects(shape, SH.datatype):
                if dt == RDFS.Datatype or not isinstance(dt, URIRef):
                    raise Unsupported(f"{shape}: sh:datatype {dt}")
        if (SH.hasValue in params or SH["in"] in params) and any(
            isinstance(v, BNode) for v in self._values(shape)
        ):
            raise Unsupported(f"{shape}: blank node in sh:hasValue/sh:in")
        for lt in self._objects(shape, SH.lessThanOrEquals):
            if not isinstance(lt, URIRef):
                raise Unsupported(f"{shape}: sh:lessThanOrEquals {lt}")
        for m in self._objects(shape, SH.minExclusive):
            if not isinstance(m, Literal):
                raise Unsupported(f"{shape}: sh:minExclusive {m}")
        for ps in self._objects(shape, SH.property):
            self.check(ps, top=False, seen=seen, strict_severity=strict_severity)
        for n in self._objects(shape, SH.node):
            self.check(n, top=False, seen=seen, strict_severity=strict_severity)
        for lst in self._objects(shape, SH["or"]):
            for alt in Collection(self.sg, lst):
                self.check(alt, top=False, seen=seen, strict_severity=True)

    def _values(self, shape: Node) -> list[Node]:
        out = list(self._objects(shape, SH.hasValue))
        for lst in self._objects(shape, SH["in"]):
            out.extend(Collection(self.sg, lst))
        return out

    # --- focus nodes ----------------------------------------------------------------------------

    def target_focus(self, shape: Node) -> str | None:
        """The shape's focus nodes as a SPARQL group binding ``?this``, or None without targets."""
        parts: list[str] = []
        for c in self._objects(shape, SH.targetClass):
            parts.append(f"{{ {self.instances('?this', c)} }}")
        nodes = self._objects(shape, SH.targetNode)
        if nodes:
            parts.append("{ VALUES ?this { " + " ".join(sparql_term(n) for n in nodes) + " } }")
        for p in self._objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {sparql_term(p)} [] }}")
        for p in self._objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ [] {sparql_term(p)} ?this }}")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    def _value_focus(self, focus: str, path: str) -> str:
        """The value nodes of ``path`` from ``focus``, as a focus group for a nested shape."""
        f = f"?f{next(self._vars)}"
        inner = f"{{ SELECT (?this AS {f}) WHERE {{ {focus} }} }}"
        return f"{{ SELECT DISTINCT ?this WHERE {{ {inner} {f} {path} ?this }} }}"

    def _select(self, query: str) -> Iterable[ox.QuerySolution]:
        res = self.store.query(query)
        assert isinstance(res, ox.QuerySolutions)
        return res

    # --- evaluation -----------------------------------------------------------------------------

    def evaluate(self, shape: Node, focus: str) -> list[CoreResult]:
        """Every result of ``shape`` (and of its property shapes) for the focus nodes."""
        if self.deactivated(shape):
            return []
        path_node = self._one(shape, SH.path)
        path = self.path(path_node) if path_node is not None else None
        # the (focus, value) pairs of this shape
        pairs = f"{focus} ?this {path} ?value ." if path else f"{focus} BIND(?this AS ?value)"
        sev, msgs = self.severity(shape), self.messages(shape)
        out: list[CoreResult] = []

        def result(component: URIRef) -> Callable[[Term, Term | None], CoreResult]:
            def make(this: Term, value: Term | None) -> CoreResult:
                return CoreResult(this, value, path_node, shape, component, sev, msgs)
            return make

        def rows(query: str, component: URIRef, *, with_value: bool = True) -> None:
            make = result(component)
            for r in self._select(query):
                out.append(make(r["this"], r["value"] if with_value else None))

        # value tests with one verdict per (focus, value) pair: one query for all of them
        filters: list[tuple[URIRef, str]] = []
        counts: dict[URIRef, int] = {}
        for p, o in sorted(self.sg.predicate_objects(shape), key=lambda po: str(po[0])):
            if p not in _HANDLED:
                continue
            if p == SH.minCount or p == SH.maxCount:
                n = int(o)  # type: ignore[call-overload]
                if p == SH.minCount and n == 0:
                    continue
                component = (SH.MinCountConstraintComponent if p == SH.minCount
                             else SH.MaxCountConstraintComponent)
                if path is None:  # a node shape: the focus node is its only value node
                    if (n > 1) if p == SH.minCount else (n < 1):
                        rows(f"SELECT ?this WHERE {{ {focus} }}", component, with_value=False)
                    continue
                counts[component] = n
            elif p == SH["class"]:
                filters.append((SH.ClassConstraintComponent,
                                f"NOT EXISTS {{ {self.instances('?value', o)} }}"))
            elif p == SH.nodeKind:
                test = {
                    SH.IRI: "isIRI(?value)", SH.BlankNode: "isBlank(?value)",
                    SH.Literal: "isLiteral(?value)",
                    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
                    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
                    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
                }.get(o)  # type: ignore[call-overload]
                filters.append((SH.NodeKindConstraintComponent, f"!{test or 'false'}"))
            elif p == SH.datatype:
                filters.append((SH.DatatypeConstraintComponent, _datatype_mismatch(o)))
                self._ill_typed(pairs, path, o, result(SH.DatatypeConstraintComponent), out)
            elif p == SH.languageIn:
                langs = sorted({str(x).lower() for x in Collection(self.sg, o)})
                if "*" in langs:
                    ok = 'LANG(?value) != ""'
                else:
                    listed = ", ".join(Literal(x).n3() for x in langs)
                    ok = (f'(LANG(?value) != "" && (LCASE(LANG(?value)) IN ({listed}) || '
                          f'LCASE(STRBEFORE(CONCAT(LANG(?value), "-"), "-")) IN ({listed})))')
                filters.append((SH.LanguageInConstraintComponent,
                                f"!(isLiteral(?value) && {ok})"))
            elif p == SH.uniqueLang:
                if o == Literal(True):
                    rows(f"SELECT ?this WHERE {{ {pairs} FILTER (isLiteral(?value) && "
                         f'LANG(?value) != "") }} GROUP BY ?this (LCASE(LANG(?value)) AS ?lang) '
                         "HAVING (COUNT(DISTINCT ?value) > 1)",
                         SH.UniqueLangConstraintComponent, with_value=False)
            elif p == SH["in"]:
                members = list(Collection(self.sg, o))
                test = " || ".join(f"sameTerm(?value, {sparql_term(m)})" for m in members)
                filters.append((SH.InConstraintComponent, f"!({test or 'false'})"))
            elif p == SH.hasValue:
                hv = sparql_term(o)
                if path is None:
                    q = f"SELECT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {hv})) }}"
                else:
                    q = (f"SELECT ?this WHERE {{ {focus} "
                         f"FILTER NOT EXISTS {{ ?this {path} {hv} }} }}")
                rows(q, SH.HasValueConstraintComponent, with_value=False)
            elif p == SH.pattern:
                self._pattern(shape, o, pairs, result(SH.PatternConstraintComponent), out)
            elif p == SH.minExclusive:
                assert isinstance(o, Literal)
                self._by_value(pairs, functools.partial(_min_exclusive_ok, m=o),
                               result(SH.MinExclusiveConstraintComponent), out)
            elif p == SH.lessThanOrEquals:
                self._less_than_or_equals(pairs, o, result(SH.LessThanOrEqualsConstraintComponent),
                                          out)
            elif p == SH.node:
                if self.deactivated(o):
                    continue
                failing = self._failing(o, self._value_focus(focus, path) if path else focus)
                self._values_in(pairs, failing, result(SH.NodeConstraintComponent), out)
            elif p == SH["or"]:
                alts = [a for a in Collection(self.sg, o) if not self.deactivated(a)]
                if not alts:
                    continue
                vfocus = self._value_focus(focus, path) if path else focus
                none_conform: set[Term] | None = None
                for alt in alts:
                    f = self._failing(alt, vfocus)
                    none_conform = f if none_conform is None else none_conform & f
                    if not none_conform:
                        break
                self._values_in(pairs, none_conform or set(), result(SH.OrConstraintComponent),
                                out)
            elif p == SH.property:
                out.extend(self.evaluate(o, focus))
        if counts:
            assert path is not None
            low = counts.get(SH.MinCountConstraintComponent)
            high = counts.get(SH.MaxCountConstraintComponent)
            tests = ([f"?n < {low}"] if low is not None else []) + (
                [f"?n > {high}"] if high is not None else [])
            q = (f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) "
                 f"WHERE {{ {focus} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }} "
                 f"FILTER ({' || '.join(tests)}) }}")
            for r in self._select(q):
                n = int(r["n"].value)
                if low is not None and n < low:
                    out.append(result(SH.MinCountConstraintComponent)(r["this"], None))
                if high is not None and n > high:
                    out.append(result(SH.MaxCountConstraintComponent)(r["this"], None))
        if filters:
            names = [f"?t{i}" for i in range(len(filters))]
            projected = " ".join(f"({test} AS {name})" for (_, test), name in zip(
                filters, names, strict=True))
            q = (f"SELECT DISTINCT ?this ?value {projected} WHERE {{ {pairs} "
                 f"FILTER ({' || '.join(f'({t})' for _, t in filters)}) }}")
            for r in self._select(q):
                for (component, _), name in zip(filters, names, strict=True):
                    verdict = r[name[1:]]
                    if verdict is not None and verdict.value == "true":
                        out.append(result(component)(r["this"], r["value"]))
        return out

    def _failing(self, shape: Node, focus: str) -> set[Term]:
        """The focus nodes that do not conform to ``shape`` (any result of it, pyshacl's rule for
        sh:node; within sh:or only default severities are admitted, see :meth:`check`)."""
        return {r.focus for r in self.evaluate(shape, focus)}

    def _values_in(self, pairs: str, values: set[Term],
                   make: Callable[[Term, Term | None], CoreResult], out: list[CoreResult]) -> None:
        """The (focus, value) pairs whose value is one of ``values``."""
        if not values:
            return
        block = " ".join(_ox_sparql(v) for v in values if not isinstance(v, ox.BlankNode))
        q = f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?value {{ {block} }} {{ {pairs} }} }}"
        for r in self._select(q):
            out.append(make(r["this"], r["value"]))
        blanks = {v for v in values if isinstance(v, ox.BlankNode)}
        if blanks:  # blank nodes cannot be written into a query: filter the pairs instead
            for r in self._select(f"SELECT DISTINCT ?this ?value WHERE {{ {pairs} "
                                  "FILTER (isBlank(?value)) }"):
                if r["value"] in blanks:
                    out.append(make(r["this"], r["value"]))

    def _by_value(self, pairs: str, ok: Callable[[Node], bool],
                  make: Callable[[Term, Term | None], CoreResult], out: list[CoreResult],
                  *, candidates: str = "", values: str | None = None) -> None:
        """A check of each value on its own, decided in Python (pyshacl's own functions) on the
        distinct values: one query for the values (``values``: a cheaper pattern giving a
        superset of them), one for the pairs of the failing ones."""
        q = f"SELECT DISTINCT ?value WHERE {{ {values or pairs} {candidates} }}"
        failing = {r["value"] for r in self._select(q) if not ok(_from_ox(r["value"]))}
        self._values_in(pairs, failing, make, out)

    def _ill_typed(self, pairs: str, path: str | None, dt: Node,
                   make: Callable[[Term, Term | None], CoreResult],
                   out: list[CoreResult]) -> None:
        """The other half of pyshacl's sh:datatype (:func:`_datatype_mismatch` is the first):
        a literal of the datatype that rdflib deems ill-typed. Decided in Python on the distinct
        literals of that datatype the path reaches from anywhere (a superset; the pairs of the
        failing ones are then looked up for the focus nodes)."""
        if dt in (RDFS.Literal, RDF.langString, XSD.string):
            return  # no ill-typed literal there

        def ok(v: Node) -> bool:
            return bool(isinstance(v, Literal) and getattr(v, "ill_typed", None) is not True
                        and DatatypeConstraintComponent._assert_actual_datatype(
                            None, v, dt))  # type: ignore[arg-type]

        test = f"FILTER (isLiteral(?value) && DATATYPE(?value) = {_datatype_iri(dt)})"
        if path is None:
            self._by_value(pairs, ok, make, out, candidates=test)
        else:
            self._by_value(pairs, ok, make, out, candidates=test,
                           values=f"?any_ {path} ?value .")

    def _pattern(self, shape: Node, pattern: Node, pairs: str,
                 make: Callable[[Term, Term | None], CoreResult], out: list[CoreResult]) -> None:
        """pyshacl's sh:pattern: Python's ``re`` (search) on the value's string form; blank
        nodes never match."""
        flags_node = self._one(shape, SH.flags)
        flags = 0
        if flags_node is not None:
            text = str(flags_node).lower()
            flags |= (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        assert isinstance(pattern, Literal)
        source = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 \
            else str(pattern)
        matcher = re.compile(source, flags)

        def ok(v: Node) -> bool:
            if isinstance(v, BNode):
                return False
            return matcher.search(_string_of(v)) is not None

        self._by_value(pairs, ok, make, out)

    def _less_than_or_equals(self, pairs: str, other: Node,
                             make: Callable[[Term, Term | None], CoreResult],
                             out: list[CoreResult]) -> None:
        """pyshacl's sh:lessThanOrEquals: one result per value and failing comparison value."""
        q = (f"SELECT ?this ?value ?other WHERE {{ {pairs} ?this {sparql_term(other)} ?other }}")
        for r in self._select(q):
            if not _ltoe_ok(_from_ox(r["value"]), _from_ox(r["other"])):
                out.append(make(r["this"], r["value"]))


def _string_of(v: Node) -> str:
    """pyshacl's ``StringBasedConstraintBase.value_node_to_string``."""
    if isinstance(v, Literal):
        if v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            return str(v.value)
        return str(v)
    return str(v)


def _min_exclusive_ok(v: Node, m: Literal) -> bool:
    """pyshacl's MinExclusiveConstraintComponent for one value."""
    if not isinstance(v, Literal):
        return False
    min_is_string = isinstance(m.value, str)
    v_is_string = isinstance(v.value, str)
    if min_is_string != v_is_string:
        return False
    try:
        return bool(compare_literal(v, m) > 0)
    except (TypeError, NotImplementedError):
        return False


def _ltoe_ok(value: Node, other: Node) -> bool:
    """pyshacl's ``_compare_ltoe`` for one pair (it raises on blank nodes; so do we)."""
    if isinstance(value, BNode) or isinstance(other, BNode):
        raise Unsupported("sh:lessThanOrEquals on a blank node")

    def norm(x: Node) -> tuple[object, bool]:
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    a, a_str = norm(value)
    b, b_str = norm(other)
    if a_str != b_str:
        return False
    try:
        return bool(a <= b)  # type: ignore[operator]
    except TypeError:
        return False


def _ox_sparql(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    return str(t)  # pyoxigraph prints literals in N-Triples syntax, which SPARQL reads


@dataclass
class Plan:
    """Which targeted shapes run here and which are left to pyshacl (with the reason)."""

    compiled: list[Node]
    fallback: dict[Node, str]


def plan(shapes: Graph) -> Plan:
    """Split the targeted shapes into those translated here and those pyshacl must run."""
    engine = CoreEngine(shapes, ox.Store())
    targeted = sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str)
    compiled: list[Node] = []
    fallback: dict[Node, str] = {}
    for shape in targeted:
        try:
            engine.check(shape, top=True)
        except Unsupported as exc:
            fallback[shape] = str(exc)
        else:
            compiled.append(shape)
    return Plan(compiled, fallback)


def run(shapes: Graph, store: ox.Store, compiled: Iterable[Node]) -> list[CoreResult]:
    """The core results of the ``compiled`` shapes on ``store`` (default graph = data)."""
    engine = CoreEngine(shapes, store)
    out: list[CoreResult] = []
    for shape in compiled:
        focus = engine.target_focus(shape)
        if focus is not None:
            out.extend(engine.evaluate(shape, focus))
    return out


def without_targets(shapes: Graph, compiled: Iterable[Node]) -> Graph:
    """The shapes graph with the targets of ``compiled`` removed: what pyshacl still runs."""
    drop = set(compiled)
    g = Graph(bind_namespaces="none")
    for t in shapes:
        if t[0] in drop and t[1] in _TARGETS:
            continue
        g.add(t)
    return g
