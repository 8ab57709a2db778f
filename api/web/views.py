"""What the pages show, read from the store with a few SPARQL queries each.

Each function returns plain dataclasses (no HTML), so templates only lay things out and tests can
check the content without a browser. Labels come from :mod:`api.web.labels` in the page's
language; every fact keeps its evidence (source file, line, quote) so pages can link the exact
line of the vendored text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from api.web.labels import Labels
from bwgraph.resources import EvidenceLine, evidence_lines
from bwgraph.store import Binding, Store

PREFIXES = """PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX void: <http://rdfs.org/ns/void#>
"""
BWMO = "https://w3id.org/bwmo/def#"
STATUS_SCHEME = "https://w3id.org/bwmo/def/status"
TOPIC_SCHEME = "https://w3id.org/bwmo/def/topic"
#: the status code list has no bwmo:order; its concepts in the order of skos:hasTopConcept
STATUS_ORDER = ("yes", "in_development", "no", "not_applicable", "not_stated")


def rows(store: Store, query: str, **bindings: str) -> list[dict[str, Binding]]:
    """Run ``query`` (with the common prefixes), writing each keyword's IRI for ``$name``.

    The IRI goes through ``ox.NamedNode`` first (a value with ``>`` or spaces is refused), so
    nothing but an IRI term is written into the text; pyoxigraph's substitutions would need the
    variable in the projection of every query.
    """
    for name, value in bindings.items():
        query = query.replace(f"${name}", str(ox.NamedNode(value)))
    return store.select(PREFIXES + query).rows


def _v(row: dict[str, Binding], key: str) -> str | None:
    b = row.get(key)
    return b.value if b is not None else None


def _int(row: dict[str, Binding], key: str) -> int | None:
    v = _v(row, key)
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


# --- code lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    iri: str
    notation: str
    label: str
    definition: str | None = None
    group: str | None = None
    group_label: str | None = None


def codes(store: Store, scheme: str, labels: Labels, lang: str, *, leaves: bool = True
          ) -> list[Code]:
    """The concepts of a scheme in their ``bwmo:order`` (within their block), with labels."""
    found = rows(store, """
        SELECT ?c ?n ?def ?order ?g ?gorder WHERE {
          ?c skos:inScheme $scheme ; skos:notation ?n .
          OPTIONAL { ?c bwmo:order ?order }
          OPTIONAL { ?c skos:broader ?g . OPTIONAL { ?g bwmo:order ?gorder } }
          OPTIONAL { ?c skos:definition ?def FILTER(LANG(?def) = ?lang) }
        }""".replace("?lang", f'"{lang}"'), scheme=scheme)
    seen: dict[str, tuple[tuple[int, int, str], Code]] = {}
    parents = {_v(r, "g") for r in found if _v(r, "g")}
    for r in found:
        c = _v(r, "c") or ""
        if leaves and c in parents:
            continue
        g = _v(r, "g")
        n = _v(r, "n") or ""
        order = _int(r, "order")
        if order is None and n in STATUS_ORDER:
            order = STATUS_ORDER.index(n)
        key = (_int(r, "gorder") or 0, order or 0, n)
        seen[c] = (key, Code(c, _v(r, "n") or "", labels(c, lang), _v(r, "def"), g,
                             labels(g, lang) if g else None))
    return [code for _, code in sorted(seen.values(), key=lambda kv: kv[0])]


# --- landing page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindCount:
    iri: str
    label: str
    count: int


@dataclass(frozen=True)
class SourceInfo:
    iri: str
    title: str
    date: str | None
    kind: str | None
    file_name: str | None
    identifier: str | None
    lines: int | None


@dataclass(frozen=True)
class Overview:
    kinds: list[KindCount]
    reference: list[KindCount]
    sources: list[SourceInfo]
    triples: int | None


def overview(store: Store, labels: Labels, lang: str, base: str) -> Overview:
    onto, dataset, ref = (f"{base}graph/ontology", f"{base}graph/dataset", f"{base}graph/reference")
    counted = rows(store, f"""
        SELECT ?g ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          GRAPH ?g {{ ?s a ?t }}
          FILTER(?g NOT IN (<{onto}>, <{dataset}>) && STRSTARTS(STR(?t), "{BWMO}"))
        }} GROUP BY ?g ?t""")
    facts: dict[str, int] = defaultdict(int)
    reference: dict[str, int] = defaultdict(int)
    for r in counted:
        target = reference if _v(r, "g") == ref else facts
        target[_v(r, "t") or ""] += _int(r, "n") or 0
    facts.pop(f"{BWMO}SourceDocument", None)

    def listing(d: dict[str, int]) -> list[KindCount]:
        return sorted((KindCount(t, labels(t, lang), n) for t, n in d.items()),
                      key=lambda k: (-k.count, k.label))

    docs = rows(store, """
        SELECT ?d ?title ?date ?kind ?file ?id ?lines WHERE {
          ?d a bwmo:SourceDocument ; bwmo:fileName ?file .
          OPTIONAL { ?d dct:title ?title } OPTIONAL { ?d dct:date ?date }
          OPTIONAL { ?d bwmo:documentKind ?kind } OPTIONAL { ?d dct:identifier ?id }
          OPTIONAL { ?d bwmo:lineCount ?lines }
        } ORDER BY ?file""")
    sources: dict[str, SourceInfo] = {}
    for r in docs:
        d = _v(r, "d") or ""
        sources.setdefault(d, SourceInfo(d, _v(r, "title") or labels(d, lang), _v(r, "date"),
                                         _v(r, "kind"), _v(r, "file"), _v(r, "id"),
                                         _int(r, "lines")))
    t = rows(store,
             f"SELECT ?n WHERE {{ GRAPH <{dataset}> {{ <{base}dataset> void:triples ?n }} }}")
    return Overview(listing(facts), listing(reference), list(sources.values()),
                    _int(t[0], "n") if t else None)


# --- status matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    assessment: str
    status: str  # notation
    status_label: str
    raw: str | None
    explanation: str | None
    note: str | None
    line: int | None
    file_name: str | None
    quote: str | None


@dataclass(frozen=True)
class RegionRef:
    iri: str
    label: str
    order: int | None
    slug: str


@dataclass
class Matrix:
    topics: list[Code]
    statuses: list[Code]
    regions: list[RegionRef]
    cells: dict[tuple[str, str], Cell]  # (region IRI, topic IRI)

    def cell(self, region: str, topic: str) -> Cell | None:
        return self.cells.get((region, topic))

    def count(self, region: str, status: str) -> int:
        return sum(1 for (r, _), c in self.cells.items() if r == region and c.status == status)


def matrix(store: Store, labels: Labels, lang: str) -> Matrix:
    found = rows(store, """
        SELECT ?a ?r ?order ?t ?s ?n ?raw ?expl ?note ?num ?file ?quote WHERE {
          ?a a bwmo:Assessment ; bwmo:region ?r ; bwmo:topic ?t ; bwmo:status ?s .
          ?s skos:notation ?n .
          OPTIONAL { ?r bwmo:reportOrder ?order }
          OPTIONAL { ?a bwmo:rawStatus ?raw }
          OPTIONAL { ?a bwmo:checklistBlock/bwmo:explanation ?expl }
          OPTIONAL { ?a bwmo:statusNote ?note }
          OPTIONAL { ?a bwmo:evidence ?ev . ?ev bwmo:lineNumber ?num ; bwmo:quote ?quote .
                     OPTIONAL { ?ev bwmo:inDocument/bwmo:fileName ?file } }
        }""")
    cells: dict[tuple[str, str], Cell] = {}
    regions: dict[str, RegionRef] = {}
    for r in found:
        region, topic = _v(r, "r") or "", _v(r, "t") or ""
        s = _v(r, "s") or ""
        regions.setdefault(region, RegionRef(region, labels(region, lang), _int(r, "order"),
                                             region.rstrip("/").rsplit("/", 1)[-1]))
        cells.setdefault((region, topic), Cell(
            _v(r, "a") or "", _v(r, "n") or "", labels(s, lang), _v(r, "raw"), _v(r, "expl"),
            _v(r, "note"), _int(r, "num"), _v(r, "file"), _v(r, "quote")))
    ordered = sorted(regions.values(), key=lambda x: (x.order if x.order is not None else 999,
                                                      x.label))
    return Matrix(codes(store, TOPIC_SCHEME, labels, lang), codes(store, STATUS_SCHEME, labels,
                  lang), ordered, cells)


# --- region page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Linked:
    """A linked thing with its label and the evidence of the statement that names it."""

    iri: str
    label: str
    evidence: tuple[EvidenceLine, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class NarrativeBlock:
    iri: str
    section: str
    section_label: str
    text: str
    evidence: tuple[EvidenceLine, ...]


@dataclass(frozen=True)
class FactCard:
    """A fact node about a region (agreement, capacity target, action…): what it is, its main
    values as ``(label, [values])`` pairs, and its evidence."""

    iri: str
    label: str
    type_label: str
    values: list[tuple[str, list[Linked | str]]]
    evidence: tuple[EvidenceLine, ...]


@dataclass
class RegionView:
    iri: str
    label: str
    alt_labels: list[str]
    types: list[Linked]
    centrumgemeenten: list[Linked]
    members: list[Linked]
    parents: list[Linked]
    subregions: list[Linked]
    documents: list[Linked]
    assessments: list[tuple[Code, Cell | None]]
    narratives: list[NarrativeBlock]
    instruments: list[FactCard]
    mentions: list[Linked]
    capacities: list[FactCard]
    actions: list[FactCard]
    other: list[FactCard] = field(default_factory=list)


def is_a(store: Store, iri: str, cls: str) -> bool:
    return store.ask(PREFIXES + "ASK { ?x a/rdfs:subClassOf* ?c }",
                     bindings={"x": ox.NamedNode(iri), "c": ox.NamedNode(cls)})


#: properties shown on fact cards, in this order (others are on the fact's own page)
CARD_PROPERTIES = (
    "http://purl.org/dc/terms/title", f"{BWMO}status", f"{BWMO}startDate", f"{BWMO}endDate",
    f"{BWMO}documentDate", f"{BWMO}approvalDate", f"{BWMO}periodStart", f"{BWMO}periodEnd",
    f"{BWMO}signatory", f"{BWMO}party", f"{BWMO}partiesNote", f"{BWMO}product",
    f"{BWMO}targetGroup", f"{BWMO}quantity", f"{BWMO}quantityMin", f"{BWMO}quantityMax",
    f"{BWMO}quantityText", f"{BWMO}unit", f"{BWMO}periodicity", f"{BWMO}text",
    f"{BWMO}responsibleParty", f"{BWMO}responsibleText", f"{BWMO}deadline",
    f"{BWMO}deadlineText", f"{BWMO}deadlineStatus", f"{BWMO}goal",
    "http://www.w3.org/2004/02/skos/core#note",
)


def fact_cards(store: Store, nodes: list[str], labels: Labels, lang: str) -> list[FactCard]:
    """Cards for fact nodes: their most telling values (:data:`CARD_PROPERTIES`) and evidence."""
    if not nodes:
        return []
    values = " ".join(f"<{n}>" for n in nodes)
    props = " ".join(f"<{p}>" for p in CARD_PROPERTIES)
    found = rows(store, f"""
        SELECT ?n ?p ?o WHERE {{ VALUES ?n {{ {values} }} VALUES ?p {{ {props} }} ?n ?p ?o }}""")
    types = rows(store, f"""
        SELECT ?n ?t WHERE {{ VALUES ?n {{ {values} }} ?n a ?t
          FILTER NOT EXISTS {{ ?n a ?sub . ?sub rdfs:subClassOf+ ?t FILTER(?sub != ?t) }} }}""")
    by_node: dict[str, dict[str, list[Linked | str]]] = defaultdict(lambda: defaultdict(list))
    for r in found:
        o = r["o"]
        val: Linked | str = Linked(o.value, labels(o.value, lang)) if o.kind == "iri" else o.value
        if val not in by_node[_v(r, "n") or ""][_v(r, "p") or ""]:
            by_node[_v(r, "n") or ""][_v(r, "p") or ""].append(val)
    type_of: dict[str, str] = {}
    for r in types:
        n, t = _v(r, "n") or "", _v(r, "t") or ""
        if t.startswith(BWMO) or n not in type_of:
            type_of[n] = labels(t, lang)
    ev = evidence_lines(store, nodes)
    cards = []
    for n in nodes:
        vals = dict(by_node.get(n, {}))
        signed = set(vals.get(f"{BWMO}signatory", []))
        if signed:  # bwmo:signatory ⊑ bwmo:party: list the other parties only
            vals[f"{BWMO}party"] = [v for v in vals.get(f"{BWMO}party", []) if v not in signed]
        shown = [(labels(p, lang), vals[p]) for p in CARD_PROPERTIES if vals.get(p)]
        cards.append(FactCard(n, labels(n, lang), type_of.get(n, ""), shown,
                              tuple(ev.get(n, []))))
    return cards


def _first_line(card: FactCard) -> int:
    return min((e.line_number or 0 for e in card.evidence), default=0)


def region_view(store: Store, iri: str, labels: Labels, lang: str) -> RegionView:
    head = rows(store, """
        SELECT ?p ?o ?m WHERE {
          { $r skos:altLabel ?o BIND(skos:altLabel AS ?p) }
          UNION { $r bwmo:centrumgemeente ?o BIND(bwmo:centrumgemeente AS ?p) }
          UNION { $r org:subOrganizationOf ?o BIND(org:subOrganizationOf AS ?p) }
          UNION { ?o org:subOrganizationOf $r BIND(org:hasSubOrganization AS ?p) }
          UNION { $r bwmo:describedIn ?o BIND(bwmo:describedIn AS ?p) }
          UNION { $r a ?o BIND(rdf:type AS ?p) }
          UNION { ?m a org:Membership ; org:organization $r ; org:member ?o
                  BIND(org:hasMember AS ?p) }
          UNION { $r org:hasMember ?o BIND(org:hasMember AS ?p) }
        }""".replace("rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"), r=iri)
    groups: dict[str, dict[str, str | None]] = defaultdict(dict)
    for r in head:
        p, o = (_v(r, "p") or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1], _v(r, "o") or ""
        if o not in groups[p] or groups[p][o] is None:
            groups[p][o] = _v(r, "m")
    member_ev = evidence_lines(store, [m for m in groups["hasMember"].values() if m])

    def linked(key: str, *, with_ev: bool = False) -> list[Linked]:
        out = [Linked(o, labels(o, lang),
                      tuple(member_ev.get(m, [])) if with_ev and m else ())
               for o, m in groups[key].items()]
        return sorted(out, key=lambda x: x.label)

    m = matrix_for_region(store, iri, labels, lang)
    narratives = rows(store, """
        SELECT ?n ?s ?text ?order WHERE { ?n a bwmo:Narrative ; bwmo:region $r ; bwmo:text ?text .
          OPTIONAL { ?n bwmo:section ?s OPTIONAL { ?s bwmo:order ?order } } }""", r=iri)
    nev = evidence_lines(store, [_v(r, "n") or "" for r in narratives])
    blocks = []
    for r in narratives:
        n, s = _v(r, "n") or "", _v(r, "s") or ""
        ev = tuple(nev.get(n, []))
        section = labels(s, lang) if s else labels(f"{BWMO}Narrative", lang)
        blocks.append((_int(r, "order") or 99, min((e.line_number or 0 for e in ev), default=0),
                       NarrativeBlock(n, s.rsplit("/", 1)[-1], section, _v(r, "text") or "", ev)))
    blocks.sort(key=lambda b: (b[1], b[0]))

    facts = rows(store, """
        SELECT DISTINCT ?f ?kind WHERE {
          { ?f bwmo:region $r } UNION { ?f bwmo:party $r } UNION { ?f bwmo:partOf/bwmo:region $r }
          ?f a ?t .
          BIND(IF(EXISTS { ?f a/rdfs:subClassOf* bwmo:PolicyInstrument }, "instrument",
               IF(EXISTS { ?f a bwmo:Mention }, "mention",
               IF(EXISTS { ?f a bwmo:ActionPoint }, "action",
               IF(EXISTS { ?f a ?c VALUES ?c { bwmo:CapacityTarget bwmo:DemandEstimate
                   bwmo:LocalOffer } }, "capacity",
               IF(EXISTS { ?f a ?x VALUES ?x { bwmo:Assessment bwmo:Narrative
                   bwmo:RegionMembership org:Membership } }, "skip", "other"))))) AS ?kind)
        }""", r=iri)
    kinds: dict[str, list[str]] = defaultdict(list)
    for r in facts:
        kinds[_v(r, "kind") or "other"].append(_v(r, "f") or "")
    mentions = rows(store, """
        SELECT ?m ?o WHERE { ?m a bwmo:Mention ; bwmo:region $r ; bwmo:mentionOf ?o }""", r=iri)
    mev = evidence_lines(store, [_v(r, "m") or "" for r in mentions])
    mention_list: dict[str, Linked] = {}
    for r in mentions:
        o = _v(r, "o") or ""
        prev = mention_list.get(o)
        ev = tuple(mev.get(_v(r, "m") or "", []))
        mention_list[o] = Linked(o, labels(o, lang), (prev.evidence if prev else ()) + ev)

    # products, bodies and instruments the region's texts name (bwmo:mentions), with the
    # evidence of the narrative that names them
    named = rows(store, """
        SELECT DISTINCT ?o ?n WHERE { { $r bwmo:mentions ?o }
          UNION { ?n a bwmo:Narrative ; bwmo:region $r ; bwmo:mentions ?o } }""", r=iri)
    nev2 = evidence_lines(store, sorted({_v(r, "n") or "" for r in named if _v(r, "n")}))
    for r in named:
        o, narrative = _v(r, "o") or "", _v(r, "n")
        prev = mention_list.get(o)
        ev = tuple(nev2.get(narrative, [])) if narrative else ()
        have = prev.evidence if prev else ()
        mention_list[o] = Linked(o, labels(o, lang), have + tuple(e for e in ev if e not in have))
    kinds_of = rows(store, " ".join([
        "SELECT ?o ?t WHERE { VALUES ?o {", " ".join(f"<{o}>" for o in mention_list), "}",
        "?o a ?t }"])) if mention_list else []
    kind_label: dict[str, str] = {}
    for r in kinds_of:
        o, t = _v(r, "o") or "", _v(r, "t") or ""
        if t.startswith(BWMO) or o not in kind_label:
            kind_label[o] = labels(t, lang)
    mention_list = {o: Linked(m.iri, m.label, m.evidence, kind_label.get(o))
                    for o, m in mention_list.items()}

    def cards(kind: str) -> list[FactCard]:
        return sorted(fact_cards(store, sorted(set(kinds[kind])), labels, lang),
                      key=lambda c: (_first_line(c), c.label))

    return RegionView(
        iri=iri, label=labels(iri, lang), alt_labels=sorted(groups["altLabel"]),
        types=linked("type"), centrumgemeenten=linked("centrumgemeente"),
        members=linked("hasMember", with_ev=True), parents=linked("subOrganizationOf"),
        subregions=linked("hasSubOrganization"), documents=linked("describedIn"),
        assessments=[(t, m.cell(iri, t.iri)) for t in m.topics],
        narratives=[b for *_, b in blocks], instruments=cards("instrument"),
        mentions=sorted(mention_list.values(), key=lambda x: (x.note or "", x.label.casefold())),
        capacities=cards("capacity"), actions=cards("action"), other=cards("other"),
    )


def matrix_for_region(store: Store, iri: str, labels: Labels, lang: str) -> Matrix:
    full = matrix(store, labels, lang)
    return Matrix(full.topics, full.statuses, [r for r in full.regions if r.iri == iri],
                  {k: v for k, v in full.cells.items() if k[0] == iri})


# --- index pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    iri: str
    label: str
    type_label: str
    detail: str | None


def instances(store: Store, classes: list[str], labels: Labels, lang: str,
              detail: str | None = None) -> list[Listed]:
    """Every instance of the classes (or their subclasses), sorted by label."""
    values = " ".join(f"<{c}>" for c in classes)
    extra = f"OPTIONAL {{ ?s <{detail}> ?d }}" if detail else ""
    found = rows(store, f"""
        SELECT ?s (SAMPLE(?t) AS ?type) (SAMPLE(?d) AS ?det) WHERE {{
          VALUES ?c {{ {values} }} ?s a ?t . ?t rdfs:subClassOf* ?c . FILTER(isIRI(?s)) {extra}
        }} GROUP BY ?s""")
    out = [Listed(_v(r, "s") or "", labels(_v(r, "s") or "", lang),
                  labels(_v(r, "type") or "", lang), _v(r, "det")) for r in found]
    return sorted(out, key=lambda x: (x.label.casefold(), x.iri))
