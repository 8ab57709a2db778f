"""Bounded descriptions of one resource, and whole-dataset dumps.

``/export?focus=IRI``, ``GET /id/…`` for machines and ``bwgraph export focus IRI`` all call
:func:`describe`, so a resource has one description whatever the route. It is a *concise bounded
description* extended for this graph:

* every triple with the focus as subject, followed recursively through blank nodes (the ontology
  has a few; instance data has none);
* the evidence of the focus: the ``bwmo:SourceLine`` nodes it points to with ``bwmo:evidence``
  (quote, line number, document), so the description can be checked without another request;
* incoming links: triples ``?s ?p focus`` (at most ``max_incoming``; a code-list concept such as
  ``status/yes`` is the object of hundreds of assessments, and those are found by a query, not a
  description);
* the facts about the focus: every node linked to it either way that carries ``bwmo:evidence``
  (its assessments with status, topic, explanation; narratives with their text; memberships),
  each with its evidence lines — unless the focus is a code, class or source, whose incoming
  links cite it rather than belong to it;
* the labels (``rdfs:label``, ``skos:prefLabel``, ``dct:title``) of every node linked either way,
  so a client can show names without dereferencing each IRI.

``profile="cbd"`` gives the bare Concise Bounded Description instead (the focus's own triples,
blank nodes followed), for clients that want exactly that.

Queries go through the :class:`~bwgraph.store.Store` protocol with bound terms (never text
splicing), so this works on any backend.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from bwgraph.formats import DATASET_FORMATS, Format, by_name, serialize_quads
from bwgraph.namespaces import BWMO, DCTERMS, RDFS, SKOS
from bwgraph.store import Binding, Store

Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: Predicates whose values name a node.
LABEL_PREDICATES: tuple[str, ...] = (str(RDFS.label), str(SKOS.prefLabel), str(DCTERMS.title))

_EVIDENCE = str(BWMO.evidence)


def to_term(b: Binding) -> Term:
    """A result binding back to a pyoxigraph term."""
    if b.kind == "iri":
        return ox.NamedNode(b.value)
    if b.kind == "bnode":
        return ox.BlankNode(b.value)
    if b.lang:
        return ox.Literal(b.value, language=b.lang)
    return ox.Literal(b.value, datatype=ox.NamedNode(b.datatype) if b.datatype else None)


def outgoing(store: Store, subject: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
    res = store.select(
        # pyoxigraph wants substituted variables in the projection
        "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }",
        bindings={"s": subject},  # type: ignore[dict-item]  # a BlankNode binds fine
    )
    return [
        ox.Triple(subject, ox.NamedNode(r["p"].value), to_term(r["o"]))
        for r in res.rows
    ]


def incoming(store: Store, obj: ox.NamedNode, *, limit: int) -> list[ox.Triple]:
    res = store.select(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o }} ORDER BY ?p ?s LIMIT {int(limit)}",
        bindings={"o": obj},
    )
    out: list[ox.Triple] = []
    for r in res.rows:
        s = to_term(r["s"])
        if isinstance(s, ox.NamedNode | ox.BlankNode):
            out.append(ox.Triple(s, ox.NamedNode(r["p"].value), obj))
    return out


def labels(store: Store, nodes: Iterable[ox.NamedNode]) -> list[ox.Triple]:
    """Label triples of ``nodes`` (one query; IRIs enter the query as validated terms)."""
    unique = sorted({n.value for n in nodes})
    if not unique:
        return []
    values = " ".join(str(ox.NamedNode(n)) for n in unique)
    preds = " ".join(str(ox.NamedNode(p)) for p in LABEL_PREDICATES)
    res = store.select(
        f"SELECT DISTINCT ?n ?p ?l WHERE {{ VALUES ?n {{ {values} }} VALUES ?p {{ {preds} }} "
        "?n ?p ?l }"
    )
    return [
        ox.Triple(ox.NamedNode(r["n"].value), ox.NamedNode(r["p"].value), to_term(r["l"]))
        for r in res.rows
    ]


def outgoing_many(store: Store, subjects: Iterable[ox.NamedNode]) -> list[ox.Triple]:
    """Every triple whose subject is one of ``subjects`` (a query per 200 subjects)."""
    unique = sorted({n.value for n in subjects})
    out: list[ox.Triple] = []
    for i in range(0, len(unique), 200):
        values = " ".join(str(ox.NamedNode(n)) for n in unique[i:i + 200])
        res = store.select(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        for r in res.rows:
            out.append(ox.Triple(ox.NamedNode(r["s"].value), ox.NamedNode(r["p"].value),
                                 to_term(r["o"])))
    return out


#: the profiles of :func:`describe`
PROFILES: tuple[str, ...] = ("full", "cbd")

#: types whose incoming links are citations or classifications, not things that belong to them:
#: the facts classified by a code (``status/yes``) or read from a document are found by a
#: query, not by describing the code or the document
_NOT_OWNERS: frozenset[str] = frozenset({
    str(SKOS.Concept), str(SKOS.ConceptScheme), "http://www.w3.org/2002/07/owl#Class",
    str(BWMO.SourceDocument), str(BWMO.SourceLine),
})
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def describe(store: Store, iri: str, *, max_incoming: int = 500,
             profile: str = "full") -> list[ox.Triple]:
    """The bounded description of ``iri`` (see the module docs); empty if the store does not
    know it. Raises ``ValueError`` for a malformed IRI or an unknown profile.

    ``profile="cbd"`` is the bare Concise Bounded Description (the focus's own triples, blank
    nodes followed). ``"full"`` adds what a researcher needs to use it: the focus's evidence,
    incoming links, every *fact about the focus* — a node linked to it either way that carries
    ``bwmo:evidence`` (an assessment with its status, topic and explanation, a narrative with its
    text, a membership) — with that fact's evidence lines, and the labels of every node linked.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    focus = ox.NamedNode(iri)
    triples: list[ox.Triple] = []
    seen: set[ox.Triple] = set()

    def add(ts: Iterable[ox.Triple]) -> None:
        for t in ts:
            if t not in seen:
                seen.add(t)
                triples.append(t)

    todo: list[ox.NamedNode | ox.BlankNode] = [focus]
    visited: set[ox.NamedNode | ox.BlankNode] = set()
    while todo:
        node = todo.pop()
        if node in visited:
            continue
        visited.add(node)
        out = outgoing(store, node)
        add(out)
        for t in out:
            if isinstance(t.object, ox.BlankNode):
                todo.append(t.object)
            elif profile == "full" and node == focus and t.predicate.value == _EVIDENCE \
                    and isinstance(t.object, ox.NamedNode):
                add(outgoing(store, t.object))
    if profile == "cbd":
        return triples
    own_types = {t.object.value for t in triples if t.subject == focus
                 and t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode)}
    add(incoming(store, focus, limit=max_incoming))
    if not own_types & _NOT_OWNERS:
        add(facts_about(store, focus, triples))
    linked = {
        n for t in triples for n in (t.subject, t.object)
        if isinstance(n, ox.NamedNode) and n != focus
    }
    add(labels(store, linked))
    return triples


def facts_about(store: Store, focus: ox.NamedNode, around: Sequence[ox.Triple]
                ) -> list[ox.Triple]:
    """The facts linked to ``focus`` in ``around`` (nodes with ``bwmo:evidence``), each with all
    its triples and its evidence lines' triples."""
    neighbours = {n for t in around for n in (t.subject, t.object)
                  if isinstance(n, ox.NamedNode) and n != focus
                  and (t.subject == focus or t.object == focus)}
    described = outgoing_many(store, neighbours)
    facts = {t.subject for t in described if t.predicate.value == _EVIDENCE}
    kept = [t for t in described if t.subject in facts]
    lines = {t.object for t in kept
             if t.predicate.value == _EVIDENCE and isinstance(t.object, ox.NamedNode)}
    return kept + outgoing_many(store, lines)


def find_format(name: str) -> Format:
    return by_name(name, DATASET_FORMATS)


def dataset_dump(store: Store, fmt: Format) -> bytes:
    """The whole dataset, named graphs kept. TriG from a file-backed store is the build file
    itself (deterministic bytes, same sha256 as the ETag) — but only while the file still holds
    the release the store loaded: after a rebuild on disk the server goes on serving its own
    release everywhere (serialized from the store), never the new file under the old ETag."""
    info = store.build_info
    if fmt.name == "trig" and info is not None and info.path is not None and info.path.is_file():
        data = info.path.read_bytes()
        if hashlib.sha256(data).hexdigest() == info.sha256:
            return data
    return serialize_quads(store.quads(), fmt)


def graph_triples(store: Store, graph: str) -> list[ox.Triple]:
    """The triples of one named graph (e.g. the VoID/DCAT description ``{base}graph/dataset``)."""
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)]


def sorted_triples(triples: Sequence[ox.Triple]) -> list[ox.Triple]:
    """Stable order for output that people diff."""
    return sorted(triples, key=str)
