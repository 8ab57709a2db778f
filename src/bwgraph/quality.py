"""The graph's own data-quality summary: where the sources are silent, and how much each gave.

Three views, each a SPARQL query over the :class:`~bwgraph.store.Store` (so it runs on the
embedded pyoxigraph store or on a remote endpoint alike) with a fixed result type:

* per region and topic: how many assessments are ``not_stated`` (the source does not say, or
  not clearly) — the real gaps of the status report;
* per source document: how many fact nodes were read from it (nodes with ``bwmo:evidence`` into
  that document) and from how many distinct lines;
* per class: how many nodes;
* coverage per region and document (issue 11): the facts of each kind a document states about a
  region, the mentions per kind (resolved or not) and every name seen but not resolved
  (``bwmo:UnresolvedMention``) with its text, kind, document and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


COVERAGE_BY_REGION = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?region (SAMPLE(?rname) AS ?name) ?document ?kind (COUNT(DISTINCT ?fact) AS ?facts)
WHERE {
  { ?fact bwmo:region ?region } UNION { ?fact a bwmo:RegionMembership ; org:organization ?region }
  ?fact a ?cls ; bwmo:evidence/bwmo:inDocument ?doc .
  FILTER(STRSTARTS(STR(?cls), "https://w3id.org/bwmo/def#"))
  ?doc dct:identifier ?document .
  OPTIONAL { ?region bwmo:reportName ?rn }
  BIND(COALESCE(?rn, STRAFTER(STR(?region), "/region/")) AS ?rname)
  BIND(STRAFTER(STR(?cls), "#") AS ?kind)
}
GROUP BY ?region ?document ?kind
ORDER BY ?name ?document ?kind
"""

MENTIONS_BY_REGION = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
SELECT ?region (SAMPLE(?rn) AS ?name) ?kind (COUNT(DISTINCT ?m) AS ?mentions)
       (SUM(IF(BOUND(?u), 1, 0)) AS ?unresolved)
WHERE {
  ?m a bwmo:Mention ; bwmo:region ?region ; bwmo:mentionKind ?kind ; bwmo:mentionOf ?target .
  OPTIONAL { ?target a bwmo:UnresolvedMention . BIND(?target AS ?u) }
  OPTIONAL { ?region bwmo:reportName ?rn }
}
GROUP BY ?region ?kind
ORDER BY ?name ?kind
"""

UNRESOLVED = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?node (SAMPLE(?text) AS ?name) (SAMPLE(?k) AS ?kind) (SAMPLE(?document) AS ?doc)
       (MIN(?line) AS ?lineNumber) (SAMPLE(?rn) AS ?region)
WHERE {
  ?node a bwmo:UnresolvedMention ; rdfs:label ?text .
  OPTIONAL { ?node bwmo:mentionKind ?k }
  OPTIONAL { ?node bwmo:evidence ?ev . ?ev bwmo:lineNumber ?line ;
             bwmo:inDocument/dct:identifier ?document }
  OPTIONAL { ?m bwmo:mentionOf ?node ; bwmo:region/bwmo:reportName ?rn }
}
GROUP BY ?node
ORDER BY ?doc ?lineNumber ?name
"""


@dataclass(frozen=True)
class RegionCoverage:
    """How many facts of one kind (class) a document states about a region."""

    region: str
    name: str
    document: str
    kind: str
    facts: int


@dataclass(frozen=True)
class RegionMentions:
    """Mentions of one kind in a region's texts, and how many stayed unresolved."""

    region: str
    name: str
    kind: str
    mentions: int
    unresolved: int


@dataclass(frozen=True)
class Unresolved:
    """A name seen but not resolved: its text, kind, where it was read, the region it is about."""

    node: str
    text: str
    kind: str
    document: str
    line: int | None
    region: str


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
    coverage: list[RegionCoverage] = field(default_factory=list)
    mentions: list[RegionMentions] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)

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
    """Run the views on a store holding the built graph."""
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
    coverage = [
        RegionCoverage(
            region=r["region"] or "",
            name=r["name"] or "",
            document=r["document"] or "",
            kind=r["kind"] or "",
            facts=_int(r["facts"]),
        )
        for r in _rows(store.select(COVERAGE_BY_REGION))
    ]
    mentions = [
        RegionMentions(
            region=r["region"] or "",
            name=r["name"] or "",
            kind=r["kind"] or "",
            mentions=_int(r["mentions"]),
            unresolved=_int(r["unresolved"]),
        )
        for r in _rows(store.select(MENTIONS_BY_REGION))
    ]
    unresolved = [
        Unresolved(
            node=r["node"] or "",
            text=r["name"] or "",
            kind=r["kind"] or "organisation",
            document=r["doc"] or "",
            line=int(r["lineNumber"]) if r["lineNumber"] else None,
            region=r["region"] or "",
        )
        for r in _rows(store.select(UNRESOLVED))
    ]
    return QualitySummary(regions, topics, documents, classes, coverage, mentions, unresolved)
