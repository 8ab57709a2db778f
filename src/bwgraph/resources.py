"""What a resource page shows: a typed view of one resource's bounded description.

The HTML page of ``GET /id/…`` is rendered from a :class:`ResourceView`; the view is built from
the same triples machines get (:func:`bwgraph.export.describe`), so a person and a program see
the same facts. The page is about evidence: every fact node's ``bwmo:evidence`` chain
(``bwmo:SourceLine`` → ``bwmo:quote``, ``bwmo:lineNumber``, ``bwmo:inDocument``) is resolved into
:class:`EvidenceLine` values with the source file name, so the page can link to the exact line of
the vendored text (``/sources/{file}#L{n}``). Incoming links (an assessment pointing to its
region) carry the evidence of the linking node too: on a region's page each statement about it
shows its quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from bwgraph.export import LABEL_PREDICATES, describe
from bwgraph.namespaces import BWMO, RDF
from bwgraph.store import Store

_TYPE = str(RDF.type)
_EVIDENCE = str(BWMO.evidence)


@dataclass(frozen=True)
class EvidenceLine:
    """One line of a source document that states a fact."""

    line: str  # the SourceLine IRI
    document: str | None
    document_label: str | None
    file_name: str | None
    line_number: int | None
    quote: str | None


@dataclass(frozen=True)
class Fact:
    """A ``predicate value`` pair (outgoing) or ``subject predicate`` pair (incoming)."""

    predicate: str
    value: ox.NamedNode | ox.BlankNode | ox.Literal
    value_label: str | None = None
    #: evidence of the linked node (for incoming links: the fact node's own evidence)
    evidence: tuple[EvidenceLine, ...] = ()


@dataclass
class ResourceView:
    iri: str
    label: str | None
    types: list[ox.NamedNode] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    evidence: list[EvidenceLine] = field(default_factory=list)
    incoming: list[Fact] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def label_of(self, iri: str) -> str | None:
        return self.labels.get(iri)


def _pick_label(values: Sequence[ox.Literal]) -> str | None:
    """Prefer Dutch, then English, then anything (the sources are Dutch)."""
    for lang in ("nl", "en", None):
        for v in values:
            if v.language == lang or lang is None:
                return v.value
    return None


def _label_map(triples: Sequence[ox.Triple]) -> dict[str, str]:
    by_node: dict[str, list[ox.Literal]] = defaultdict(list)
    # sorted: a node with two labels of one predicate gets the same one whatever order the
    # store returned them in (the embedded store and SPARQL servers differ)
    ordered = sorted(triples, key=str)
    for pred in LABEL_PREDICATES:  # rdfs:label first, then skos:prefLabel, then dct:title
        for t in ordered:
            if (t.predicate.value == pred and isinstance(t.object, ox.Literal)
                    and isinstance(t.subject, ox.NamedNode)):
                by_node[t.subject.value].append(t.object)
    return {n: label for n, vals in by_node.items() if (label := _pick_label(vals))}


def evidence_lines(store: Store, nodes: Sequence[str]) -> dict[str, list[EvidenceLine]]:
    """``node → its evidence lines``, for many fact nodes in one query."""
    if not nodes:
        return {}
    values = " ".join(str(ox.NamedNode(n)) for n in sorted(set(nodes)))
    res = store.select(
        "PREFIX bwmo: <https://w3id.org/bwmo/def#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?n ?line ?doc ?docLabel ?file ?num ?quote WHERE { "
        f"VALUES ?n {{ {values} }} ?n bwmo:evidence ?line . "
        "OPTIONAL { ?line bwmo:quote ?quote } OPTIONAL { ?line bwmo:lineNumber ?num } "
        "OPTIONAL { ?line bwmo:inDocument ?doc . OPTIONAL { ?doc rdfs:label ?docLabel } "
        "OPTIONAL { ?doc bwmo:fileName ?file } } } ORDER BY ?n ?doc ?num"
    )
    out: dict[str, list[EvidenceLine]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for r in res.rows:
        key = (r["n"].value, r["line"].value)
        if key in seen:
            continue
        seen.add(key)
        num = r.get("num")
        out[r["n"].value].append(EvidenceLine(
            line=r["line"].value,
            document=r["doc"].value if "doc" in r else None,
            document_label=r["docLabel"].value if "docLabel" in r else None,
            file_name=r["file"].value if "file" in r else None,
            line_number=int(num.value) if num is not None else None,
            quote=r["quote"].value if "quote" in r else None,
        ))
    return dict(out)


def resource_view(store: Store, iri: str) -> ResourceView | None:
    """The page content for ``iri``, or ``None`` when the store does not know it (an IRI that
    is not even well-formed — a control character, a space — is certainly not one of ours)."""
    try:
        triples = describe(store, iri)
    except ValueError:
        return None
    if not triples:
        return None
    labels = _label_map(triples)
    view = ResourceView(iri=iri, label=labels.get(iri), labels=labels)
    focus = ox.NamedNode(iri)
    incoming_subjects: list[str] = []
    evidence_iris: list[str] = []
    for t in triples:
        if t.subject == focus:
            if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode):
                view.types.append(t.object)
            elif t.predicate.value == _EVIDENCE and isinstance(t.object, ox.NamedNode):
                evidence_iris.append(t.object.value)
            elif not isinstance(t.object, ox.Triple):
                obj = t.object
                view.facts.append(Fact(
                    t.predicate.value, obj,
                    labels.get(obj.value) if isinstance(obj, ox.NamedNode) else None,
                ))
        elif t.object == focus and isinstance(t.subject, ox.NamedNode):
            incoming_subjects.append(t.subject.value)
    ev = evidence_lines(store, [iri, *incoming_subjects])
    view.evidence = ev.get(iri, [])
    for t in triples:
        if t.object == focus and isinstance(t.subject, ox.NamedNode | ox.BlankNode):
            s = t.subject
            view.incoming.append(Fact(
                t.predicate.value, s, labels.get(s.value) if isinstance(s, ox.NamedNode) else None,
                tuple(ev.get(s.value, [])),
            ))
    view.facts.sort(key=lambda f: (f.predicate, str(f.value)))
    view.incoming.sort(key=lambda f: (f.predicate, str(f.value)))
    return view
