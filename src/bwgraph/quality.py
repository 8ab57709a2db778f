"""The graph's own data-quality summary: where the sources are silent, and how much each gave.

Three views, each a SPARQL query over the :class:`~bwgraph.store.Store` (so it runs on the
embedded pyoxigraph store or on a remote endpoint alike) with a fixed result type:

* per region and topic: how many assessments are ``not_stated`` (the source does not say, or
  not clearly) — the real gaps of the status report;
* per source document: how many fact nodes were read from it (nodes with ``bwmo:evidence`` into
  that document) and from how many distinct lines;
* per class: how many nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from bwgraph.store import SelectResult, Store

NOT_STATED_BY_REGION = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?region (SAMPLE(?label) AS ?name) (COUNT(?a) AS ?total)
       (SUM(IF(?status = <https://w3id.org/bwmo/def/status/not_stated>, 1, 0)) AS ?notStated)
       (GROUP_CONCAT(IF(?status = <https://w3id.org/bwmo/def/status/not_stated>,
                        STR(?topicName), ""); separator="|") AS ?topics)
WHERE {
  ?a a bwmo:Assessment ; bwmo:region ?region ; bwmo:status ?status ; bwmo:topic ?topic .
  OPTIONAL { ?region rdfs:label ?label }
  OPTIONAL { ?topic <http://www.w3.org/2004/02/skos/core#notation> ?topicName }
}
GROUP BY ?region
ORDER BY DESC(?notStated) ?region
"""

NOT_STATED_BY_TOPIC = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?topic (SAMPLE(?label) AS ?name) (COUNT(?a) AS ?total)
       (SUM(IF(?status = <https://w3id.org/bwmo/def/status/not_stated>, 1, 0)) AS ?notStated)
WHERE {
  ?a a bwmo:Assessment ; bwmo:topic ?topic ; bwmo:status ?status .
  OPTIONAL { ?topic skos:prefLabel ?label FILTER (LANG(?label) = "en") }
}
GROUP BY ?topic
ORDER BY DESC(?notStated) ?topic
"""

FACTS_PER_DOCUMENT = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?doc (SAMPLE(?id) AS ?identifier) (COUNT(DISTINCT ?fact) AS ?facts)
       (COUNT(DISTINCT ?line) AS ?lines) (SAMPLE(?count) AS ?lineCount)
WHERE {
  ?doc a bwmo:SourceDocument .
  OPTIONAL { ?doc dct:identifier ?id }
  OPTIONAL { ?doc bwmo:lineCount ?count }
  OPTIONAL { ?fact bwmo:evidence ?line . ?line bwmo:inDocument ?doc }
}
GROUP BY ?doc
ORDER BY ?doc
"""

NODES_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?nodes)
WHERE { ?node a ?class }
GROUP BY ?class
ORDER BY DESC(?nodes) ?class
"""


@dataclass(frozen=True)
class RegionGap:
    region: str
    name: str
    assessments: int
    not_stated: int
    topics: tuple[str, ...]  # notations of the not_stated topics


@dataclass(frozen=True)
class TopicGap:
    topic: str
    name: str
    assessments: int
    not_stated: int


@dataclass(frozen=True)
class DocumentYield:
    document: str
    identifier: str
    facts: int
    lines_cited: int
    line_count: int | None


@dataclass(frozen=True)
class ClassCount:
    cls: str
    nodes: int


@dataclass(frozen=True)
class QualitySummary:
    regions: list[RegionGap]
    topics: list[TopicGap]
    documents: list[DocumentYield]
    classes: list[ClassCount]

    @property
    def not_stated_total(self) -> int:
        return sum(r.not_stated for r in self.regions)

    @property
    def assessments_total(self) -> int:
        return sum(r.assessments for r in self.regions)


def _rows(res: SelectResult) -> list[dict[str, str | None]]:
    return res.values()


def _int(v: str | None) -> int:
    return int(v) if v not in (None, "") else 0


def summarise(store: Store) -> QualitySummary:
    """Run the three views on a store holding the built graph."""
    regions = [
        RegionGap(
            region=r["region"] or "",
            name=r["name"] or r["region"] or "",
            assessments=_int(r["total"]),
            not_stated=_int(r["notStated"]),
            topics=tuple(sorted(t for t in (r["topics"] or "").split("|") if t)),
        )
        for r in _rows(store.select(NOT_STATED_BY_REGION))
    ]
    topics = [
        TopicGap(
            topic=r["topic"] or "",
            name=r["name"] or r["topic"] or "",
            assessments=_int(r["total"]),
            not_stated=_int(r["notStated"]),
        )
        for r in _rows(store.select(NOT_STATED_BY_TOPIC))
    ]
    documents = [
        DocumentYield(
            document=r["doc"] or "",
            identifier=r["identifier"] or r["doc"] or "",
            facts=_int(r["facts"]),
            lines_cited=_int(r["lines"]),
            line_count=int(r["lineCount"]) if r["lineCount"] else None,
        )
        for r in _rows(store.select(FACTS_PER_DOCUMENT))
    ]
    classes = [
        ClassCount(cls=r["class"] or "", nodes=_int(r["nodes"]))
        for r in _rows(store.select(NODES_PER_CLASS))
    ]
    return QualitySummary(regions, topics, documents, classes)
