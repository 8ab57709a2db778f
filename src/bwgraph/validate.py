"""Stage 4: SHACL validation of the assembled graph, as typed results.

The shapes in ``shapes/*.ttl`` are the source of truth: this module only runs them and turns the
``sh:ValidationReport`` into :class:`ValidationResult` records a person can read (severity, focus
node, path, value, source shape, Dutch and English message, and the evidence line of the focus
node where it has one). ``sh:Violation`` means broken data and stops the build
(:func:`build_hook`); ``sh:Warning`` and ``sh:Info`` are data-quality signals and coverage notes.

The data graph is the union of all named graphs, ontology and code lists included: ``sh:class``
follows ``rdfs:subClassOf`` and the value-set checks need the concepts' ``skos:inScheme``.
Validation runs without inference (``inference="none"``) so that it is fast enough for every build
(see ``bench/validate_bench.py``).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, RDF, SH, XSD
from rdflib.term import Node

from bwgraph import shacl_core
from bwgraph.config import Settings
from bwgraph.context import new_graph
from bwgraph.namespaces import BWMO, PREFIXES

if TYPE_CHECKING:
    from bwgraph.context import BuildContext
    from bwgraph.pipeline import BuildReport


class Severity(Enum):
    """SHACL severities, ordered from worst to mildest."""

    VIOLATION = str(SH.Violation)
    WARNING = str(SH.Warning)
    INFO = str(SH.Info)

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class EvidenceLine:
    """Where the focus node was read: document id, 1-based line number and quote."""

    document: str
    line: int
    quote: str

    def __str__(self) -> str:
        return f"{self.document}:{self.line}"


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, typed."""

    severity: Severity
    focus_node: str
    path: str | None
    value: str | None
    source_shape: str
    constraint: str
    message_nl: str
    message_en: str
    evidence: EvidenceLine | None = None

    @property
    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (self.severity.rank, self.source_shape, self.focus_node, self.path or "",
                self.value or "")


@dataclass
class ValidationOutcome:
    """The typed results of one validation run, plus the raw report graph.

    The report graph (``sh:ValidationReport``) is written when first asked for
    (``bwgraph validate --report``): with tens of thousands of results, writing it costs seconds
    (bench/README.md) and most callers only read the typed results.
    """

    conforms: bool
    results: list[ValidationResult]
    report_factory: Callable[[], Graph] = field(repr=False)
    triples: int = 0
    seconds: float = 0.0
    counts: dict[Severity, int] = field(default_factory=dict)
    _report: Graph | None = field(default=None, init=False, repr=False)

    @property
    def report(self) -> Graph:
        if self._report is None:
            self._report = self.report_factory()
        return self._report

    def __post_init__(self) -> None:
        self.counts = {s: 0 for s in Severity}
        for r in self.results:
            self.counts[r.severity] += 1

    def of(self, severity: Severity) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is severity]

    @property
    def violations(self) -> list[ValidationResult]:
        return self.of(Severity.VIOLATION)

    def grouped(self) -> dict[str, dict[str, list[ValidationResult]]]:
        """Results by source shape, then by focus node (both in report order)."""
        out: dict[str, dict[str, list[ValidationResult]]] = {}
        for r in self.results:
            out.setdefault(r.source_shape, {}).setdefault(r.focus_node, []).append(r)
        return out

    def summary(self, *, limit: int = 20) -> str:
        """A few readable lines: counts, then the first violations with their evidence."""
        c = self.counts
        lines = [
            f"{c[Severity.VIOLATION]} violation(s), {c[Severity.WARNING]} warning(s), "
            f"{c[Severity.INFO]} info note(s) in {self.triples} triples"
        ]
        for r in self.violations[:limit]:
            where = f" [{r.evidence}: {r.evidence.quote[:80]!r}]" if r.evidence else ""
            path = f" {short(r.path)}" if r.path else ""
            lines.append(f"  {short(r.source_shape)}: {r.focus_node}{path}: {r.message_en}{where}")
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def short(iri: str) -> str:
    """A compact name for an IRI in messages (``bwsh:Assessment-status``, ``bwmo:region``)."""
    for prefix, ns in (
        ("bwsh", "https://w3id.org/bwmo/shapes#"),
        ("bwmo", str(BWMO)),
        ("org", "http://www.w3.org/ns/org#"),
        ("dct", str(DCTERMS)),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("sh", str(SH)),
    ):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# --- loading ----------------------------------------------------------------------------------


class ShapesError(Exception):
    """The shapes cannot be read: a broken ``shapes/*.ttl`` file."""


def shape_files(settings: Settings) -> list[Path]:
    return sorted(settings.shapes_dir.glob("*.ttl"))


def load_shapes(settings: Settings) -> Graph:
    """All ``shapes/*.ttl`` in one graph."""
    g = new_graph()
    files = shape_files(settings)
    if not files:
        raise ShapesError(f"{settings.shapes_dir}: no shapes (*.ttl) found")
    for path in files:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise ShapesError(f"{path}: not valid Turtle: {exc}") from exc
    return g


def union_graph(graphs: Iterable[Graph]) -> Graph:
    """One graph holding every triple of the named graphs (what the shapes see)."""
    data = Graph(bind_namespaces="none")
    for g in graphs:
        for t in g:
            data.add(t)
    return data


# --- running ----------------------------------------------------------------------------------


class Engine(Enum):
    """How the ``sh:sparql`` constraints are evaluated.

    ``HYBRID``: pyshacl checks the core constraints; the SPARQL-based constraints, whose
    text stays in the shapes, run on pyoxigraph with ``$this`` pre-bound per focus node
    (SEP-0007 substitution: the SHACL-SPARQL pre-binding semantics). pyshacl evaluates each of
    them with rdflib's SPARQL engine, per focus node, which is two orders of magnitude slower
    (see ``bench/README.md``). ``PYSHACL`` runs everything in pyshacl: the reference the tests
    compare the hybrid engine with.
    """

    HYBRID = "hybrid"
    PYSHACL = "pyshacl"
    #: core constraints in pyshacl-turbo (a Rust engine with pySHACL's API, optional package
    #: ``pyshacl-turbo``), SPARQL-based ones on pyoxigraph as in HYBRID. pyshacl-turbo refuses
    #: SPARQL constraints that do not project ``?this``, which SHACL allows, so it is given the
    #: core constraints only. Measured in bench/README.md; the shape cases compare it with HYBRID.
    TURBO = "turbo"
    #: core constraints as set-at-a-time SPARQL on pyoxigraph (:mod:`bwgraph.shacl_core`): per
    #: property shape a count query and a query for its per-value tests, over all focus nodes;
    #: shapes using a form it does not translate go to pyshacl. SPARQL-based constraints as in
    #: HYBRID. The default: the shape cases and the full build give the same results as pyshacl
    #: (tests/test_shacl_core.py), 2× faster at real size, 4× at a million triples.
    SPARQL = "sparql"


def validate_graph(
    data: Graph, shapes: Graph, *, engine: Engine = Engine.SPARQL, store: ox.Store | None = None,
    core_store: ox.Store | None = None,
) -> ValidationOutcome:
    """Validate one (union) data graph against the shapes; the data graph is not modified.

    ``store`` may hold the same triples in its default graph (saves loading them again), and
    ``core_store`` the same with every typed literal as written (:data:`shacl_core.LEXICAL`).
    """
    start = time.perf_counter()
    raw: list[RawResult] = []
    if engine is Engine.PYSHACL:
        report = _pyshacl(data, shapes)
    else:
        constraints = sparql_constraints(shapes)
        core = Graph(bind_namespaces="none")
        for t in shapes:
            if t[1] != SH.sparql:
                core.add(t)
        if store is None or (engine is Engine.SPARQL and core_store is None):
            plain, faithful = _quads([data])
            if store is None:
                store = ox.Store()
                store.extend(plain)
            if engine is Engine.SPARQL and core_store is None:
                core_store = ox.Store()
                core_store.extend(faithful)
        if engine is Engine.SPARQL:
            assert core_store is not None
            report = _core_in_sparql(data, core, core_store, raw)
        else:
            report = _turbo(data, core) if engine is Engine.TURBO else _pyshacl(data, core)
        raw.extend(_sparql_results(store, constraints))
    seconds = time.perf_counter() - start
    # top-level results only: those of nested shapes (sh:node, sh:or) hang under sh:detail
    evidence = _EvidenceCache(data)
    results = sorted(
        [*(_typed(report, r, evidence) for rep in report.subjects(RDF.type, SH.ValidationReport)
           for r in report.objects(rep, SH.result)),
         *(r.typed(evidence) for r in raw)],
        key=lambda r: r.sort_key,
    )
    conforms = not any(r.severity is Severity.VIOLATION for r in results)

    def full_report() -> Graph:
        rep = next(report.subjects(RDF.type, SH.ValidationReport))
        for r in raw:
            r.write(report, rep)
        for rep in report.subjects(RDF.type, SH.ValidationReport):
            report.set((rep, SH.conforms, Literal(conforms)))
        return report

    # an aggregate's len() counts a triple once per graph; the faithful store holds each once
    triples = len(core_store) if engine is Engine.SPARQL and core_store is not None else len(data)
    return ValidationOutcome(conforms, results, full_report, triples=triples, seconds=seconds)


@dataclass(frozen=True)
class RawResult:
    """A result of the SPARQL evaluators (core or SHACL-SPARQL), as pyshacl would write it."""

    focus: Node
    value: Node | None
    path: Node | None
    severity: URIRef
    shape: Node
    component: URIRef
    messages: tuple[Literal, ...]
    #: the shapes graph, where a complex path (a blank node) is copied from into the report
    shapes: Graph | None = None

    def typed(self, evidence: _EvidenceCache) -> ValidationResult:
        nl, en = _pick_messages(list(dict.fromkeys(self.messages)))
        return ValidationResult(
            severity=Severity(str(self.severity)),
            focus_node=str(self.focus),
            path=_text(self.path),
            value=_text(self.value),
            source_shape=str(self.shape),
            constraint=str(self.component),
            message_nl=nl,
            message_en=en,
            evidence=evidence.of(self.focus),
        )

    def write(self, report: Graph, rep: Node) -> None:
        node = BNode()
        report.add((rep, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.sourceConstraintComponent, self.component))
        report.add((node, SH.sourceShape, self.shape))
        report.add((node, SH.resultSeverity, self.severity))
        report.add((node, SH.focusNode, self.focus))
        if self.value is not None:
            report.add((node, SH.value, self.value))
        if self.path is not None:
            report.add((node, SH.resultPath, self.path))
            todo = [self.path] if isinstance(self.path, BNode) and self.shapes else []
            while todo and self.shapes is not None:
                b = todo.pop()
                for p, o in self.shapes.predicate_objects(b):
                    report.add((b, p, o))
                    if isinstance(o, BNode):
                        todo.append(o)
        for m in self.messages:
            report.add((node, SH.resultMessage, m))


class _EvidenceCache:
    """:func:`evidence_of` per focus node, looked up once."""

    def __init__(self, data: Graph) -> None:
        self.data = data
        self.found: dict[Node, EvidenceLine | None] = {}

    def of(self, node: Node | None) -> EvidenceLine | None:
        if node is None:
            return None
        if node not in self.found:
            self.found[node] = evidence_of(self.data, node)
        return self.found[node]


@contextlib.contextmanager
def _constraint_parameters_as_set() -> Iterator[None]:
    """While pyshacl validates, let it look constraint parameters up in a set, not a list.

    For every shape and every value node, pyshacl filters the shape's predicates with
    ``p in ALL_CONSTRAINT_PARAMETERS``, a list of ~40 IRIs: on the real graph that is five million
    ``URIRef.__eq__`` calls, half of its profile. It reads the list from a module attribute it
    caches itself (``pyshacl.shape.CONSTRAINT_PARAMS``), so a frozenset of the same IRIs there
    gives the same answers from hash lookups (core constraints 1.75 s → 1.49 s, median of 3;
    bench/README.md). Only used with ``advanced=False`` and no JavaScript, where pyshacl never
    copies or appends to it; the previous value is put back afterwards.
    """
    import pyshacl.shape as pyshacl_shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    previous = getattr(pyshacl_shape, "CONSTRAINT_PARAMS", None)
    pyshacl_shape.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP
    )
    try:
        yield
    finally:
        if previous is None:
            del pyshacl_shape.CONSTRAINT_PARAMS  # type: ignore[attr-defined]
        else:
            pyshacl_shape.CONSTRAINT_PARAMS = previous  # type: ignore[attr-defined]


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    with _constraint_parameters_as_set():
        return _pyshacl_run(data, shapes)


def _turbo(data: Graph, shapes: Graph) -> Graph:
    try:
        import pyshacl_turbo
    except ImportError as exc:
        raise ShapesError("engine 'turbo' needs the package pyshacl-turbo") from exc
    _conforms, report, _text = pyshacl_turbo.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_infos=True,
        allow_warnings=True, advanced=False, inplace=True,
    )
    if not isinstance(report, Graph):  # pyshacl-turbo returns its error as the report
        raise ShapesError(f"pyshacl-turbo: {report}")
    for prefix, ns in PREFIXES.items():
        report.bind(prefix, ns)
    report.bind("sh", str(SH))
    return report


def _pyshacl_run(data: Graph, shapes: Graph) -> Graph:
    _conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        inplace=True,
    )
    if not isinstance(report, Graph):  # pragma: no cover - pyshacl always returns a graph here
        raise TypeError("pyshacl returned no report graph")
    for prefix, ns in PREFIXES.items():
        report.bind(prefix, ns)
    report.bind("sh", str(SH))
    return report


def _core_in_sparql(data: Graph, core: Graph, store: ox.Store, raw: list[RawResult]) -> Graph:
    """The core constraints: translated shapes as SPARQL on ``store`` (a store with typed
    literals as written, :data:`shacl_core.LEXICAL`) into ``raw``; the rest in pyshacl, whose
    report (or an empty one) is returned."""
    plan = shacl_core.plan(core)
    if plan.fallback:
        if isinstance(data, ReadOnlyGraphAggregate):  # pyshacl needs a plain graph
            data = union_graph([data])
        report = _pyshacl(data, shacl_core.without_targets(core, plan.compiled))
    else:
        report = _empty_report()
    for r in shacl_core.run(core, store, plan.compiled):
        raw.append(RawResult(
            focus=shacl_core.from_ox(r.focus),
            value=None if r.value is None else shacl_core.from_ox(r.value),
            path=r.path, severity=r.severity, shape=r.shape, component=r.component,
            messages=r.messages, shapes=core,
        ))
    return report


def _empty_report() -> Graph:
    report = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        report.bind(prefix, ns)
    report.bind("sh", str(SH))
    rep = BNode()
    report.add((rep, RDF.type, SH.ValidationReport))
    report.add((rep, SH.conforms, Literal(True)))
    return report


# --- SHACL-SPARQL constraints on pyoxigraph ---------------------------------------------------


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a node shape, read from the shapes graph."""

    shape: URIRef
    select: str
    prefixes: dict[str, str]
    severity: URIRef
    messages: tuple[Literal, ...]
    target_classes: tuple[URIRef, ...]
    target_nodes: tuple[Node, ...]


_TARGETS_OTHER = (SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Every active ``sh:sparql`` constraint; refuse forms this evaluator does not implement."""
    out: list[SparqlConstraint] = []
    for shape, c in sorted(shapes.subject_objects(SH.sparql), key=lambda sc: str(sc[0])):
        if not isinstance(shape, URIRef):
            raise ShapesError(f"a shape with sh:sparql must have an IRI (got {shape!r})")
        if (shape, SH.path, None) in shapes:
            raise ShapesError(f"{shape}: sh:sparql on a property shape is not supported")
        if any((shape, p, None) in shapes for p in _TARGETS_OTHER):
            raise ShapesError(f"{shape}: only sh:targetClass/sh:targetNode are supported")
        if Literal(True) in set(shapes.objects(c, SH.deactivated)) | set(
            shapes.objects(shape, SH.deactivated)
        ):
            continue
        select = _one(shapes, c, SH.select)
        if select is None:
            raise ShapesError(f"{shape}: sh:sparql without sh:select")
        prefixes: dict[str, str] = {}
        for decl_owner in shapes.objects(c, SH.prefixes):
            for decl in shapes.objects(decl_owner, SH.declare):
                prefixes[str(_one(shapes, decl, SH.prefix))] = str(
                    _one(shapes, decl, SH.namespace)
                )
        messages = tuple(
            m for m in (*shapes.objects(c, SH.message), *shapes.objects(shape, SH.message))
            if isinstance(m, Literal)
        )
        severity = _one(shapes, shape, SH.severity) or SH.Violation
        out.append(
            SparqlConstraint(
                shape=shape,
                select=str(select),
                prefixes=prefixes,
                severity=URIRef(str(severity)),
                messages=messages,
                target_classes=tuple(
                    sorted(URIRef(str(t)) for t in shapes.objects(shape, SH.targetClass))
                ),
                target_nodes=tuple(sorted(shapes.objects(shape, SH.targetNode), key=str)),
            )
        )
    return out


def oxigraph_store(data: Graph) -> ox.Store:
    """The data graph in an in-memory pyoxigraph store (default graph)."""
    store = ox.Store()
    store.load(
        input=data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES
    )
    return store


_INSTANCES = (
    "SELECT DISTINCT ?x ?c WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }"
)


def _focus_nodes(store: ox.Store, c: SparqlConstraint) -> list[ox.NamedNode | ox.BlankNode]:
    nodes: dict[str, ox.NamedNode | ox.BlankNode] = {}
    for t in c.target_nodes:
        term = _to_ox(t)
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            nodes[str(term)] = term
    for cls in c.target_classes:
        res = store.query(_INSTANCES, substitutions={ox.Variable("c"): ox.NamedNode(str(cls))})
        assert isinstance(res, ox.QuerySolutions)
        for row in res:
            x = row["x"]
            if isinstance(x, ox.NamedNode | ox.BlankNode):
                nodes[str(x)] = x
    return [nodes[k] for k in sorted(nodes)]


#: query forms whose answer for many focus nodes at once may differ from the union of the answers
#: per focus node (grouping, aggregates, slicing) outside an uncorrelated sub-SELECT
_PER_NODE_ONLY = re.compile(
    r"(?<![?$\w])(?:GROUP\s+BY|HAVING|LIMIT|OFFSET)\b"
    r"|(?<![?$\w])(?:COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(",
    re.IGNORECASE,
)
_SUB_SELECT = re.compile(r"\{\s*SELECT\b", re.IGNORECASE)
_THIS_ANY = re.compile(r"[?$]this\b")
_SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def _without_uncorrelated_subselects(body: str) -> str | None:
    """``body`` with its sub-SELECTs cut out, or ``None`` when one mentions ``$this``.

    A sub-SELECT that does not mention ``$this`` has the same answer for every focus node, so
    it does not stand in the way of evaluating the query for all focus nodes at once.
    """
    out = body
    while (m := _SUB_SELECT.search(out)) is not None:
        depth, end = 0, None
        for i in range(m.start(), len(out)):
            if out[i] == "{":
                depth += 1
            elif out[i] == "}":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        if end is None:
            return None
        if _THIS_ANY.search(out[m.start():end]):
            return None
        out = out[: m.start()] + "{}" + out[end:]
    return out


def bulk_query(c: SparqlConstraint) -> str | None:
    """The constraint's query for all its focus nodes at once, or ``None`` where that is unsafe.

    SHACL-SPARQL pre-binds ``$this`` to each focus node in turn. For a query that projects
    ``$this``, without grouping, aggregates or slicing outside sub-SELECTs that do not mention
    ``$this`` (those answer the same for every focus node), the union of the per-node answers
    equals one evaluation in which ``?this`` ranges over the focus nodes, joined first in the
    WHERE group (OPTIONAL, FILTER and EXISTS in the body then see it bound exactly as with
    pre-binding): that is the query returned. One query instead of one per focus node turns
    ~6,800 queries into 18 on the real graph, and keeps the cost linear at a million triples
    (bench/README.md). The shape cases compare the results with pyshacl's.
    """
    if not all(isinstance(n, URIRef) for n in c.target_nodes):
        return None
    head, where, body = _split_select(c)
    outer = _without_uncorrelated_subselects(body)
    if outer is None or _PER_NODE_ONLY.search(head + outer) or _SUB_SELECT.search(head):
        return None
    if not (_THIS.search(head.replace("?this", "$this")) or "*" in head):
        return None
    targets = [f"{{ ?this a/{_SUBCLASS_OF}* <{cls}> }}" for cls in c.target_classes]
    if c.target_nodes:
        targets.append("{ VALUES ?this { " + " ".join(f"<{n}>" for n in c.target_nodes) + " } }")
    if not targets:
        return None
    brace = body.find("{")
    if brace < 0:
        return None
    focus = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(targets) + " } }"
    query = body[: brace + 1] + "\n  " + focus + "\n" + body[brace + 1 :]
    # with target nodes, a focus node need not occur in the data (see _not_exists_as_minus)
    if c.target_nodes:
        return head + where + query
    return head + where + _not_exists_as_minus(query)


_NOT_EXISTS = re.compile(r"FILTER\s*\(?\s*NOT\s+EXISTS\s*\{", re.IGNORECASE)
#: what may not occur in a NOT EXISTS block that becomes a MINUS: anything but triple patterns
#: and property paths (a FILTER, BIND or OPTIONAL in it would see the outer bindings under
#: NOT EXISTS and not under MINUS)
_NOT_A_BGP = re.compile(
    r"\b(?:FILTER|OPTIONAL|MINUS|BIND|VALUES|SELECT|GRAPH|SERVICE|EXISTS|UNION)\b|[{}\"']",
    re.IGNORECASE,
)
#: a path that may have length zero or repeat (``*``, ``+``, ``?``)
_REPEATED_PATH = re.compile(r"[*+]|(?<=[\w>)])\?")
_STATEMENT_END = re.compile(r"\.(?=\s|$)")


def _movable(pattern: str) -> bool:
    """Whether ``FILTER NOT EXISTS { pattern }`` may become ``MINUS { pattern }`` (see
    :func:`_not_exists_as_minus`): triple patterns only, mentioning ``?this``, and no repeated
    path in a statement about ``?this`` itself (evaluated on its own, ``?this p* ?x`` would start
    from every node of the graph)."""
    if _NOT_A_BGP.search(pattern) or not _THIS_ANY.search(pattern):
        return False
    return not any(_REPEATED_PATH.search(st) and _THIS_ANY.search(st)
                   for st in _STATEMENT_END.split(pattern))


def _not_exists_as_minus(body: str) -> str:
    """The bulk query's outer group with each top-level ``FILTER NOT EXISTS { P }`` whose ``P`` is
    only triple patterns (and paths) mentioning ``?this`` moved to a ``MINUS { P }`` at the end.

    In the bulk query ``?this`` is bound in every solution (the focus nodes are joined first), so
    ``P`` shares a variable with every solution, and for a pattern without filters the solutions
    ``NOT EXISTS`` keeps (``P`` with the solution's bindings substituted has no match) are exactly
    those ``MINUS`` keeps (no solution of ``P`` is compatible); at the end of the group it sees
    everything the group binds, as a filter does. Only for class targets: their focus nodes occur
    in the data, so a path of length zero (``*``, ``?``) matches them on its own as it does under
    substitution. pyoxigraph evaluates ``NOT EXISTS`` once per solution, with a join order that
    varies from run to run, and ``MINUS`` as one anti-join: ``bwsh:RegionWithoutAssessment``
    takes 10.5 s at a million triples as written and 0.04 s as MINUS, and
    ``bwsh:MunicipalityWithoutRegion`` 0.5–22 s as written (the same text, run after run) and
    0.01–0.04 s with its two plain blocks as MINUS (bench/README.md). The shape cases compare the
    results with pyshacl's (tests/shapes/test_cases.py).
    """
    open_at = body.find("{")
    close_at = body.rfind("}")
    if open_at < 0 or close_at < open_at:
        return body
    inner = body[open_at + 1:close_at]
    kept: list[str] = []
    minus: list[str] = []
    pos = 0
    depth = 0
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch in "\"'":  # skip string literals (they may hold braces)
            end = inner.find(ch, i + 1)
            while end > 0 and inner[end - 1] == "\\":
                end = inner.find(ch, end + 1)
            if end < 0:
                return body
            i = end + 1
            continue
        if ch == "<":  # IRIs
            end = inner.find(">", i + 1)
            i = end + 1 if end > 0 and " " not in inner[i:end] else i + 1
            continue
        if ch == "#":  # comments
            end = inner.find("\n", i)
            i = len(inner) if end < 0 else end
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and (m := _NOT_EXISTS.match(inner, i)) is not None:
            start_block = m.end()
            level, j = 1, start_block
            while j < len(inner) and level:
                level += {"{": 1, "}": -1}.get(inner[j], 0)
                j += 1
            if level:
                return body
            pattern = inner[start_block:j - 1]
            end_filter = j
            if m.group(0).rstrip("{").rstrip().endswith("("):  # FILTER (NOT EXISTS { … })
                close = inner.find(")", j)
                if close < 0 or inner[j:close].strip():
                    i = j
                    continue
                end_filter = close + 1
            if not _movable(pattern):
                i = end_filter
                continue
            kept.append(inner[pos:i])
            minus.append(pattern)
            pos = end_filter
            i = end_filter
            continue
        i += 1
    if not minus:
        return body
    kept.append(inner[pos:])
    tail = "".join(f"\n  MINUS {{{p}}}" for p in minus)
    return body[:open_at + 1] + "".join(kept) + tail + "\n" + body[close_at:]


def _add_sparql_results(
    report: Graph, store: ox.Store, constraints: list[SparqlConstraint]
) -> None:
    """The results of the SPARQL-based constraints, written into ``report``."""
    rep = next(report.subjects(RDF.type, SH.ValidationReport))
    for r in _sparql_results(store, constraints):
        r.write(report, rep)


def _sparql_results(store: ox.Store, constraints: list[SparqlConstraint]) -> list[RawResult]:
    """The results of the SPARQL-based constraints on ``store``."""
    out: list[RawResult] = []
    this = ox.Variable("this")
    for c in constraints:
        bulk = bulk_query(c)
        if bulk is not None:
            res = store.query(bulk, prefixes=c.prefixes)
            if not isinstance(res, ox.QuerySolutions):
                raise ShapesError(f"{c.shape}: sh:select is not a SELECT query")
            names = [v.value for v in res.variables]
            for row in res:
                bound = {n: row[n] for n in names if row[n] is not None}
                focus_node = bound.get("this")
                if isinstance(focus_node, ox.NamedNode | ox.BlankNode):
                    out.append(_result(c, focus_node, bound))
            continue
        head, where, body = _split_select(c)
        for focus in _focus_nodes(store, c):
            if isinstance(focus, ox.NamedNode):
                # pre-binding as the SHACL spec defines it: $this replaced by the focus node.
                # (pyoxigraph's `substitutions` does the same but plans the query much worse.)
                iri = f"<{focus.value}>"
                query = _THIS.sub(f"({iri} AS ?this)", head) + where + _THIS.sub(iri, body)
                res = store.query(query, prefixes=c.prefixes)
            else:
                res = store.query(c.select, prefixes=c.prefixes, substitutions={this: focus})
            if not isinstance(res, ox.QuerySolutions):
                raise ShapesError(f"{c.shape}: sh:select is not a SELECT query")
            names = [v.value for v in res.variables]
            for row in res:
                bound = {n: row[n] for n in names if row[n] is not None}
                out.append(_result(c, focus, bound))
    return out


_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


def _split_select(c: SparqlConstraint) -> tuple[str, str, str]:
    """The SELECT clause, ``WHERE`` and the body of a constraint's query."""
    m = _WHERE.search(c.select)
    if m is None:
        raise ShapesError(f"{c.shape}: sh:select needs an explicit WHERE")
    return c.select[: m.start()], m.group(0), c.select[m.end():]


def _result(
    c: SparqlConstraint, focus: ox.NamedNode | ox.BlankNode,
    row: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple],
) -> RawResult:
    return RawResult(
        focus=_from_ox(row.get("this", focus)),
        value=_from_ox(row.get("value", focus)),
        path=_from_ox(row["path"]) if "path" in row else None,
        severity=c.severity,
        shape=c.shape,
        component=SH.SPARQLConstraintComponent,
        messages=tuple(
            Literal(_TEMPLATE.sub(lambda mt: _render(row.get(mt.group(1))), str(m)),
                    lang=m.language)
            for m in c.messages
        ),
    )


_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _render(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return ""


def _to_ox(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD.string)))
    raise TypeError(f"unexpected term {t!r}")


def _from_ox(t: object) -> Node:
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value, datatype=None if dt == str(XSD.string) else URIRef(dt))
    raise TypeError(f"unexpected term {t!r}")


def validate_graphs(graphs: list[tuple[URIRef, Graph]], settings: Settings) -> ValidationOutcome:
    """Validate the named graphs of a build (their union) against ``shapes/*.ttl``.

    No union graph is copied: the triples go straight into the two pyoxigraph stores (the one
    the SPARQL-based constraints query, and the faithful one of the core constraints), and the
    evidence of the results is looked up in a read-only view over the named graphs. A union
    graph is only built when pyshacl has to run some shapes after all.
    """
    parts = [g for _, g in graphs]
    plain, faithful = _quads(parts)
    store, core_store = ox.Store(), ox.Store()
    store.extend(plain)
    core_store.extend(faithful)
    return validate_graph(
        ReadOnlyGraphAggregate(parts), load_shapes(settings), store=store, core_store=core_store,
    )


def rdflib_quads(graphs: Iterable[Graph]) -> list[ox.Quad]:
    """Every triple of the graphs as a pyoxigraph quad in the default graph."""
    return _quads(graphs)[0]


def _quads(graphs: Iterable[Graph]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The triples of the graphs as quads in the default graph, as written (for
    :func:`validate_graph`'s ``store``) and with typed literals kept as written (for its
    ``core_store``, see :data:`shacl_core.LEXICAL`), in one pass.

    IRIs and blank nodes are converted once each; literals every time, since hashing an rdflib
    ``Literal`` costs more than converting it. rdflib holds two typed literals it deems equal
    (``"01"`` and ``"1"`` as xsd:integer) once per graph, so across several graphs the faithful
    list keeps the first of them only, as the union graph pyshacl would see does.
    """
    graphs = list(graphs)
    nodes: dict[Node, ox.NamedNode | ox.BlankNode] = {}
    preds: dict[Node, ox.NamedNode] = {}
    datatypes: dict[str, tuple[ox.NamedNode, ox.NamedNode]] = {}
    seen: set[tuple[Node, Node, Node]] | None = set() if len(graphs) > 1 else None
    default = ox.DefaultGraph()
    plain: list[ox.Quad] = []
    faithful: list[ox.Quad] = []
    for g in graphs:
        for s, p, o in g:
            sx = nodes.get(s)
            if sx is None:
                sx = nodes[s] = _ox_node(s)
            px = preds.get(p)
            if px is None:
                px = preds[p] = ox.NamedNode(str(p))
            if isinstance(o, Literal):
                if o.datatype is None:
                    ox_o = (ox.Literal(str(o), language=o.language) if o.language
                            else ox.Literal(str(o)))
                    quad = ox.Quad(sx, px, ox_o, default)
                    plain.append(quad)
                    faithful.append(quad)
                    continue
                dt = str(o.datatype)
                found = datatypes.get(dt)
                if found is None:
                    found = datatypes[dt] = (
                        ox.NamedNode(dt), ox.NamedNode(shacl_core.LEXICAL + dt))
                lexical = str(o)
                plain.append(ox.Quad(sx, px, ox.Literal(lexical, datatype=found[0]), default))
                if seen is not None:
                    if (s, p, o) in seen:
                        continue
                    seen.add((s, p, o))
                faithful.append(ox.Quad(sx, px, ox.Literal(lexical, datatype=found[1]), default))
                continue
            ox_n = nodes.get(o)
            if ox_n is None:
                ox_n = nodes[o] = _ox_node(o)
            quad = ox.Quad(sx, px, ox_n, default)
            plain.append(quad)
            faithful.append(quad)
    return plain, faithful


def _ox_node(t: Node) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(str(t)) if isinstance(t, BNode) else ox.NamedNode(str(t))


def validate_file(path: Path, settings: Settings) -> ValidationOutcome:
    """Validate a built TriG (or N-Quads, Turtle) file; see :func:`load_union` for errors."""
    data, store, core_store = load_for_validation(path)
    return validate_graph(data, load_shapes(settings), store=store, core_store=core_store)


_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


def load_union(path: Path) -> tuple[Graph, ox.Store]:
    """The union of all graphs of a file, as an rdflib graph and as a pyoxigraph store.

    pyoxigraph parses (ten times faster than rdflib's TriG parser); every triple goes into the
    store's default graph, so the shapes' SPARQL and the quality queries see the union.
    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` for one that does not parse.
    """
    data, store, _ = _load(path, core=False)
    return data, store


def load_for_validation(path: Path) -> tuple[Graph, ox.Store, ox.Store | None]:
    """:func:`load_union` plus the store of the core constraints (typed literals as written,
    :data:`shacl_core.LEXICAL`), for ``validate_graph(data, shapes, store=…, core_store=…)``.

    The third is ``None`` when rdflib merged literals the file writes apart (it holds
    ``"01"^^xsd:integer`` and ``"1"^^xsd:integer`` once): then :func:`validate_graph` builds it
    from the rdflib graph, as pyshacl sees the data.
    """
    return _load(path, core=True)


def _load(path: Path, *, core: bool) -> tuple[Graph, ox.Store, ox.Store | None]:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    fmt = _FORMATS.get(path.suffix.lower(), ox.RdfFormat.TRIG)
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ValueError(f"{path}: cannot parse as {fmt}: {exc}") from exc
    store = ox.Store()
    default = ox.DefaultGraph()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in quads)
    data = Graph(bind_namespaces="none")
    for q in quads:
        data.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    core_store: ox.Store | None = None
    if core:
        string = str(XSD.string)
        lexical: dict[str, ox.NamedNode] = {}

        def wrap(o: object) -> object:
            if isinstance(o, ox.Literal) and o.language is None:
                dt = o.datatype.value
                if dt != string:
                    found = lexical.get(dt)
                    if found is None:
                        found = lexical[dt] = ox.NamedNode(shacl_core.LEXICAL + dt)
                    return ox.Literal(o.value, datatype=found)
            return o

        core_store = ox.Store()
        core_store.extend(
            ox.Quad(q.subject, q.predicate, wrap(q.object), default)  # type: ignore[arg-type]
            for q in quads
        )
        if len(core_store) != len(data):
            core_store = None
    return data, store, core_store


def build_hook(
    graphs: list[tuple[URIRef, Graph]], ctx: BuildContext, report: BuildReport
) -> None:
    """A ``pipeline.BuildHook``: stop the build when the graph has SHACL violations.

    Warnings and info notes do not stop it; their counts go into ``report.stats["validation"]``.
    """
    from bwgraph.pipeline import BuildError  # lazy: pipeline imports the hooks' modules

    try:
        outcome = validate_graphs(graphs, ctx.settings)
    except ShapesError as exc:
        raise BuildError(str(exc)) from exc
    report.stats["validation"] = {s.label: n for s, n in outcome.counts.items()}
    if not outcome.conforms:
        raise BuildError(f"SHACL validation failed: {outcome.summary()}")


# --- report → typed results -------------------------------------------------------------------


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    return next(iter(g.objects(s, p)), None)


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _messages(report: Graph, result: Node) -> tuple[str, str]:
    return _pick_messages(
        [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)])


def _pick_messages(msgs: list[Literal]) -> tuple[str, str]:
    """The Dutch and the English message (or the first one where a language is missing)."""
    by_lang = {m.language: str(m) for m in msgs}
    fallback = str(msgs[0]) if msgs else ""
    return by_lang.get("nl", fallback), by_lang.get("en", by_lang.get(None, fallback))


def _typed(report: Graph, result: Node, evidence: _EvidenceCache) -> ValidationResult:
    focus = _one(report, result, SH.focusNode)
    nl, en = _messages(report, result)
    return ValidationResult(
        severity=Severity(str(_one(report, result, SH.resultSeverity))),
        focus_node=str(focus),
        path=_text(_one(report, result, SH.resultPath)),
        value=_text(_one(report, result, SH.value)),
        source_shape=str(_one(report, result, SH.sourceShape)),
        constraint=str(_one(report, result, SH.sourceConstraintComponent)),
        message_nl=nl,
        message_en=en,
        evidence=evidence.of(focus),
    )


def evidence_of(data: Graph, node: Node) -> EvidenceLine | None:
    """The first (by document and line) evidence line of a node, if it has any."""
    found: list[EvidenceLine] = []
    for line in data.objects(node, BWMO.evidence):
        doc = _one(data, line, BWMO.inDocument)
        number = _one(data, line, BWMO.lineNumber)
        quote = _one(data, line, BWMO.quote)
        doc_id = _one(data, doc, DCTERMS.identifier) if doc is not None else None
        if number is None:
            continue
        try:
            n = int(number)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
        name = str(doc_id) if doc_id is not None else str(doc) if doc is not None else "?"
        found.append(EvidenceLine(name, n, str(quote or "")))
    return min(found, key=lambda e: (e.document, e.line)) if found else None
