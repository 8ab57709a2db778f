"""Every node a page or an export shows has a label (issue 11): every IRI that is the subject of
a triple anywhere in the full build has an ``rdfs:label``, ``skos:prefLabel``, ``dct:title`` or
``foaf:name`` — instance data, the dataset description and the ontology's reused terms alike."""

from __future__ import annotations

from bwgraph.store import OxigraphStore

UNLABELLED = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?g ?s WHERE {
  GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s)) }
  FILTER NOT EXISTS { ?s rdfs:label|skos:prefLabel|dct:title|foaf:name ?label }
} ORDER BY ?g ?s LIMIT 20
"""


def test_every_subject_of_the_build_has_a_label(store: OxigraphStore) -> None:
    missing = [(r["g"].value, r["s"].value) for r in store.select(UNLABELLED).rows]
    assert missing == []
