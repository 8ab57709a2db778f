"""The built graph uses only declared vocabulary, and uses it as declared.

An undeclared ``bwmo:`` term is a typo or a term someone forgot to add to ``ontology/bwmo.ttl``;
either way a client reading the ontology would not know it. Values are checked against the kind
and range of each property: HermiT treats ``xsd:date`` as opaque (see test_reasoner), so a date
written as a plain string would slip through the reasoner but not through this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import ORG, OWL, RDF, RDFS, SKOS

from bwgraph.config import Settings
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO, BWMO_CODE
from bwgraph.pipeline import ontology_graph

#: Literal datatypes acceptable for a declared range (derived integer types are decimals too).
_ACCEPTS: dict[URIRef, set[URIRef | None]] = {
    rns.XSD.decimal: {
        rns.XSD.decimal,
        rns.XSD.integer,
        rns.XSD.nonNegativeInteger,
        rns.XSD.positiveInteger,
    },
    rns.XSD.integer: {rns.XSD.integer, rns.XSD.nonNegativeInteger, rns.XSD.positiveInteger},
    rns.XSD.nonNegativeInteger: {rns.XSD.nonNegativeInteger, rns.XSD.positiveInteger},
    rns.XSD.positiveInteger: {rns.XSD.positiveInteger},
    rns.XSD.string: {None, rns.XSD.string},
    rns.XSD.date: {rns.XSD.date},
    rns.XSD.gYear: {rns.XSD.gYear},
    rns.XSD.boolean: {rns.XSD.boolean},
    rns.XSD.duration: {rns.XSD.duration},
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph(Settings())


@pytest.fixture(scope="module")
def data(built_trig: Path) -> Graph:
    """Everything the build wrote except the ontology's own named graph."""
    ds = Dataset()
    ds.parse(built_trig, format="trig")
    union = Graph()
    for g in ds.graphs():
        if str(g.identifier).endswith("graph/ontology"):
            continue
        union += g
    return union


def _bwmo(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(BWMO))


def _declared(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None) if _bwmo(s)}  # type: ignore[misc]


def test_every_bwmo_term_used_is_declared(ontology: Graph, data: Graph) -> None:
    used = {t for triple in data for t in triple if _bwmo(t)}
    assert BWMO.evidence in used  # the graph is really there
    undeclared = sorted(str(t) for t in used - _declared(ontology))
    assert undeclared == [], "declare these in ontology/bwmo.ttl"


def test_predicates_are_used_as_their_kind(ontology: Graph, data: Graph) -> None:
    """A bwmo: object property never has a literal value, a datatype property never an IRI."""
    objp = {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if _bwmo(p)}
    datp = {p for p in ontology.subjects(RDF.type, OWL.DatatypeProperty) if _bwmo(p)}
    wrong: set[str] = set()
    for _s, p, o in data:
        if p in objp and isinstance(o, Literal):
            wrong.add(f"{p} (object property) has a literal value, e.g. {o!r}")
        elif p in datp and not isinstance(o, Literal):
            wrong.add(f"{p} (datatype property) points to {o}")
    assert sorted(wrong) == []


def test_reused_properties_are_used_as_their_kind(ontology: Graph, data: Graph) -> None:
    """ORG, PROV-O and SKOS properties the ontology declares keep their kind in our data.

    E.g. ``org:role`` is an object property (range ``org:Role``) in W3C ORG: a role written as
    text there makes the graph mean something ORG does not define, and OWL tools drop it.
    """
    objp = {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if not _bwmo(p)}
    datp = {p for p in ontology.subjects(RDF.type, OWL.DatatypeProperty) if not _bwmo(p)}
    assert ORG.role in objp
    wrong: set[str] = set()
    for s, p, o in data:
        if p in objp and isinstance(o, Literal):
            wrong.add(f"{p} (object property) has a literal value on {s}, e.g. {o!r}"[:240])
        elif p in datp and not isinstance(o, Literal):
            wrong.add(f"{p} (datatype property) points to {o}")
    assert sorted(wrong) == []


def test_literals_match_the_declared_range(ontology: Graph, data: Graph) -> None:
    ranges = {
        p: r
        for p, r in ontology.subject_objects(RDFS.range)
        if _bwmo(p) and (p, RDF.type, OWL.DatatypeProperty) in ontology
    }
    wrong: set[str] = set()
    checked = 0
    for _s, p, o in data:
        if not isinstance(o, Literal) or p not in ranges:
            continue
        checked += 1
        rng = ranges[p]
        if rng == RDF.langString:
            if o.language is None:
                wrong.add(f"{p}: expects language-tagged text, got {o!r}"[:200])
        elif isinstance(rng, URIRef) and rng in _ACCEPTS:
            if o.language is not None or o.datatype not in _ACCEPTS[rng] or o.ill_typed:
                wrong.add(f"{p}: expects {rng}, got {o!r}"[:200])
        # union datatypes (bwmo:periodStart: xsd:gYear or xsd:date)
        elif (union := ontology.value(rng, OWL.unionOf)) is not None:
            allowed = set(ontology.items(union))
            if o.datatype not in allowed:
                wrong.add(f"{p}: expects one of {sorted(allowed)}, got {o!r}"[:200])
    assert checked > 1000
    assert sorted(wrong) == []


def test_code_list_concepts_used_are_defined(ontology: Graph, data: Graph) -> None:
    """A concept IRI minted by ``code_concept`` must exist in a code list (no typo notations)."""
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    used = {
        o
        for _s, _p, o in data
        if isinstance(o, URIRef)
        and str(o).startswith(str(BWMO_CODE))
        and not str(o).startswith(str(BWMO))
        and "/" in str(o)[len(str(BWMO_CODE)) :]
    }
    assert code_concept("status", "yes") in used  # document 001 has "Ja" cells
    assert sorted(str(c) for c in used - concepts) == []
