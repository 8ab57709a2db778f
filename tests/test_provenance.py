"""Every fact says how it was obtained (issue 10): each node carrying evidence is
``prov:wasGeneratedBy`` the extraction activity of each document it comes from, whose method
is ``template`` for the curated extractors and ``rules`` for the general one, so analysts can
select either."""

from __future__ import annotations

from bwgraph.store import OxigraphStore

P = """PREFIX bwmo: <https://w3id.org/bwmo/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def test_every_fact_with_evidence_names_its_extraction(store: OxigraphStore) -> None:
    missing = store.select(P + """SELECT ?s WHERE { ?s bwmo:evidence ?e
        FILTER NOT EXISTS { ?s prov:wasGeneratedBy ?a } } LIMIT 5""").rows
    assert missing == []
    # one extraction per document: a node two documents name (one instrument, say) has one
    # activity in each document's graph
    twice = store.select(P + """SELECT ?s WHERE { GRAPH ?g { ?s prov:wasGeneratedBy ?a , ?b
        FILTER(?a != ?b) } } LIMIT 5""").rows
    assert twice == []


def test_the_status_report_is_curated_by_its_template(store: OxigraphStore) -> None:
    rows = store.select(P + """SELECT DISTINCT ?method WHERE {
        <https://w3id.org/bwmo/id/assessment/alkmaar/ua-financial-solidarity/2020-10-29>
            prov:wasGeneratedBy ?a . ?a a bwmo:ExtractionActivity ;
            bwmo:extractionMethod ?method ; prov:used ?doc }""").rows
    assert [r["method"].value for r in rows] == ["template"]
