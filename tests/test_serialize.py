"""Deterministic TriG: round-trips as the same RDF, and does not depend on insertion order."""

from __future__ import annotations

import random

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from bwgraph.serialize import write_trig

EX = "https://example.org/"


def _graph(triples: list[tuple]) -> Graph:  # type: ignore[type-arg]
    g = Graph()
    for t in triples:
        g.add(t)
    return g


TRIPLES = [
    (URIRef(EX + "a"), RDF.type, URIRef(EX + "Thing")),
    (URIRef(EX + "a"), RDFS.label, Literal("Vallei-regio (Ede)", lang="nl")),
    (URIRef(EX + "a"), RDFS.comment, Literal('quote " and \\ and\nnewline ✓ ⚙️ ✗')),
    (URIRef(EX + "a"), URIRef(EX + "n"), Literal(31, datatype=XSD.integer)),
    (URIRef(EX + "a"), URIRef(EX + "d"), Literal("2020-10-29", datatype=XSD.date)),
    (URIRef(EX + "b/with(paren)"), RDFS.label, Literal("odd IRI")),
    (URIRef("https://w3id.org/bwmo/def#Region"), RDFS.label, Literal("Regio", lang="nl")),
]


def test_round_trip_is_isomorphic() -> None:
    g = _graph(TRIPLES)
    text = write_trig([(URIRef(EX + "g"), g)])
    ds = Dataset()
    ds.parse(data=text, format="trig")
    back = ds.graph(URIRef(EX + "g"))
    assert isomorphic(_graph(list(back)), g)


def test_output_ignores_insertion_order() -> None:
    shuffled = TRIPLES[:]
    random.Random(7).shuffle(shuffled)
    a = write_trig([(URIRef(EX + "g1"), _graph(TRIPLES)), (URIRef(EX + "g0"), _graph(TRIPLES))])
    b = write_trig([(URIRef(EX + "g0"), _graph(shuffled)), (URIRef(EX + "g1"), _graph(shuffled))])
    assert a == b
    assert a.index(f"<{EX}g0>") < a.index(f"<{EX}g1>")


def test_blank_nodes_are_labelled_canonically() -> None:
    def with_bnodes() -> Graph:
        b1, b2 = BNode(), BNode()
        return _graph([
            (URIRef(EX + "s"), URIRef(EX + "p"), b1),
            (b1, RDFS.label, Literal("one")),
            (URIRef(EX + "s"), URIRef(EX + "p"), b2),
            (b2, RDFS.label, Literal("two")),
        ])

    first = write_trig([(URIRef(EX + "g"), with_bnodes())])
    second = write_trig([(URIRef(EX + "g"), with_bnodes())])
    assert first == second


# --- the ontology's canonical labels, cached across builds --------------------------------------


def _ontology() -> Graph:
    from bwgraph.config import Settings
    from bwgraph.pipeline import ontology_graph

    return ontology_graph(Settings())


def test_cached_canonical_gives_the_same_bytes_as_canonicalising(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bwgraph.serialize import CanonicalGraph, cached_canonical

    cache = tmp_path / "canonical.nt"
    name = URIRef(EX + "ontology")
    expected = write_trig([(name, _ontology())])
    computed = cached_canonical(_ontology(), cache, "digest-1")
    assert cache.is_file()
    reused = cached_canonical(_ontology(), cache, "digest-1")  # fresh parse: new blank labels
    assert isinstance(reused, CanonicalGraph)
    assert write_trig([(name, computed)]) == write_trig([(name, reused)]) == expected


def test_cached_canonical_is_not_used_for_other_sources(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bwgraph.serialize import cached_canonical

    cache = tmp_path / "canonical.nt"
    cached_canonical(_graph([*TRIPLES, (URIRef(EX + "s"), URIRef(EX + "p"), BNode())]), cache,
                     "digest-1")
    other = _graph([(URIRef(EX + "t"), URIRef(EX + "p"), BNode())])
    # the same key but different triples (a stale or hand-edited cache): computed again
    got = cached_canonical(other, cache, "digest-1")
    assert isomorphic(got, other)
    # another key: computed again too
    assert isomorphic(cached_canonical(other, cache, "digest-2"), other)
