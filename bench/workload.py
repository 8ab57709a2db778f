"""The workload every benchmark runs: named questions with parameters, and plain SPARQL queries.

Parameters are chosen from the graph being measured (the first region, the first municipality
with a profile, …), so the same workload runs on the real build and on the synthetic graphs of
:mod:`bench.scale`. The SPARQL queries are the README's examples plus a few typical analyst
queries; they are sent unchanged to bwgraph's ``/sparql`` and to both peers.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox

from bwgraph.store import OxigraphStore

BWMO = "https://w3id.org/bwmo/def#"


@dataclass(frozen=True)
class Call:
    """One named question with its raw parameters."""

    question: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        qs = urlencode(self.params)
        return f"/questions/{self.question}" + (f"?{qs}" if qs else "")

    @property
    def label(self) -> str:
        return self.question


def _first(store: OxigraphStore, query: str) -> str:
    res = store.ox.query(query, use_default_graph_as_union=True)
    assert isinstance(res, ox.QuerySolutions)
    for row in res:
        term = row[0]
        if term is not None:
            return str(term.value)
    raise LookupError(f"the graph has no answer to {query!r}")


_P = f"PREFIX bwmo: <{BWMO}> PREFIX org: <http://www.w3.org/ns/org#> "


def calls(store: OxigraphStore) -> list[Call]:
    """One call per named question, parameters taken from the graph."""
    region = _first(store, _P + "SELECT ?r WHERE { ?a a bwmo:Assessment ; bwmo:region ?r } "
                    "ORDER BY ?r LIMIT 1")
    region_b = _first(store, _P + "SELECT ?r WHERE { ?a a bwmo:Assessment ; bwmo:region ?r } "
                      "ORDER BY DESC(?r) LIMIT 1")
    assessment = _first(store, _P + "SELECT ?a WHERE { ?a a bwmo:Assessment ; bwmo:evidence ?e }"
                        " ORDER BY ?a LIMIT 1")
    municipality = _first(store, _P + "SELECT ?m WHERE { ?r bwmo:centrumgemeente ?m } "
                          "ORDER BY ?m LIMIT 1")
    party = _first(store, _P + "SELECT ?p WHERE { ?x bwmo:responsibleParty ?p } ORDER BY ?p "
                   "LIMIT 1")
    signer = _first(store, _P + "SELECT ?p WHERE { ?x bwmo:signatory ?p } ORDER BY ?p LIMIT 1")
    return [
        Call("solidarity-without-outside-purchase"),
        Call("status-matrix"),
        Call("status-matrix", (("region_iri", region),)),
        Call("topic-status", (("topic", "ua_financial_solidarity"),)),
        Call("regions-without-regiovisie"),
        Call("not-stated"),
        Call("compare-regions", (("region_a", region), ("region_b", region_b))),
        Call("evidence", (("fact", assessment),)),
        Call("search", (("q", "housing first"),)),
        Call("municipality-profile", (("municipality", municipality),)),
        Call("actions-by-deadline"),
        Call("actions-by-responsible", (("party", party),)),
        Call("overdue-actions", (("date", "2020-01-01"),)),
        Call("product-offer", (("product", "housing_first"),)),
        Call("capacity-gaps"),
        Call("agreements-in-force", (("date", "2021-09-01"),)),
        Call("organisation-signed", (("organisation", signer),)),
        Call("organisations-by-type", (("type", "housing_corporation"),)),
    ]


#: Plain SPARQL queries sent to all three endpoints (name → text).
SPARQL: dict[str, str] = {
    # the README's flagship query: a two-assessment join
    "join": """PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX topic: <https://w3id.org/bwmo/def/topic/>
PREFIX status: <https://w3id.org/bwmo/def/status/>
SELECT ?region ?outside WHERE {
  ?a1 bwmo:region ?r ; bwmo:topic topic:ua_financial_solidarity ; bwmo:status status:yes .
  ?a2 bwmo:region ?r ; bwmo:topic topic:nvo_purchase_outside_region ; bwmo:status ?outside .
  FILTER (?outside != status:yes)
  ?r bwmo:reportName ?region .
} ORDER BY ?region""",
    # the README's evidence lookup for one fact (first assessment with evidence)
    "evidence": """PREFIX bwmo: <https://w3id.org/bwmo/def#>
SELECT ?doc ?line ?quote WHERE {
  ?a a bwmo:Assessment ; bwmo:evidence ?l .
  ?l bwmo:inDocument ?doc ; bwmo:lineNumber ?line ; bwmo:quote ?quote .
} ORDER BY ?a ?line LIMIT 5""",
    # an aggregate over every assessment
    "count-by-status": """PREFIX bwmo: <https://w3id.org/bwmo/def#>
SELECT ?status (COUNT(?a) AS ?n) WHERE {
  ?a a bwmo:Assessment ; bwmo:status ?status .
} GROUP BY ?status ORDER BY ?status""",
}
