"""The dataset's description (``{base}graph/dataset``): DCAT for catalogues, VoID for linked-data
tools, computed from the graphs of the build itself.

What it says, and where each value comes from:

* ``{base}dataset`` — a ``dcat:Dataset`` and ``void:Dataset``: titles and description, licence
  (CC BY 4.0), publisher (the bwgraph project), languages and spatial coverage as EU authority
  IRIs, ``dct:modified`` = the newest date of a source document (a value of the inputs, so the
  build stays deterministic — not the clock), ``dct:temporal`` from the oldest to the newest;
* distributions for every dump the server offers (TriG, N-Quads, the ontology files, the
  checklist CSV/XLSX), each with its download URL, IANA media type and licence;
* ``{base}sparql`` — a ``dcat:DataService`` serving the dataset (``dcat:endpointURL``,
  SPARQL 1.1 Protocol conformance, its service description);
* one ``void:subset`` per named graph (triples, distinct subjects, and ``dct:source`` the
  document a document's graph was read from);
* ``void:classPartition`` (instances per class) and ``void:propertyPartition`` (triples per
  property) over the instance data (every graph but the ontology), with IRIs, not blank nodes;
* ``void:Linkset`` per predicate linking our resources to TOOI identifiers (the Dutch
  government's organisation IRIs), with triple counts.

Every node has an IRI under ``{base}dataset/…`` and every list is sorted, so two builds of the
same inputs write the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, VOID, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.namespaces import BWMO, BWMO_ONTOLOGY

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
IANA = "https://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

#: the namespace of TOOI identifiers (all kinds: gemeente, provincie, …)
TOOI_ID = "https://identifier.overheid.nl/tooi/id/"

#: (path under the base, media type, title): the dumps and files the server offers
DISTRIBUTIONS: tuple[tuple[str, str, str], ...] = (
    ("export/dataset.trig", "application/trig", "The whole dataset, named graphs kept (TriG)"),
    ("export/dataset.nq", "application/n-quads", "The whole dataset, named graphs kept (N-Quads)"),
    ("def?format=rdfxml", "application/rdf+xml", "The bwmo ontology (OWL, RDF/XML)"),
    ("def?format=jsonld", "application/ld+json", "The bwmo ontology (JSON-LD)"),
    ("def?format=ntriples", "application/n-triples", "The bwmo ontology (N-Triples)"),
    ("export/checklist.csv", "text/csv",
     "The status report's checklist: one row per assessment with labels and evidence"),
    ("export/checklist.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "The status report's checklist as a workbook (long, region × topic, about)"),
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _local(iri: str) -> str:
    """A readable, stable name for a class or property (``bwmo-assessment``)."""
    for prefix, ns in (("bwmo", str(BWMO)), ("rdfs", str(RDFS)), ("skos",
                       "http://www.w3.org/2004/02/skos/core#"), ("dct", str(DCTERMS)),
                       ("prov", str(PROV)), ("org", "http://www.w3.org/ns/org#"),
                       ("rdf", str(RDF)), ("foaf", str(FOAF))):
        if iri.startswith(ns):
            return _slug(f"{prefix}-{iri[len(ns):]}")
    return _slug(iri.split("://", 1)[-1])


def _label(g: Graph, node: URIRef, en: str, nl: str) -> None:
    """Every node a page or an export shows has a label (issue 11), in both languages."""
    g.add((node, RDFS.label, Literal(en, lang="en")))
    g.add((node, RDFS.label, Literal(nl, lang="nl")))


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def dataset_graph(graphs: Sequence[tuple[URIRef, Graph]], ctx: BuildContext) -> Graph:
    """VoID/DCAT description of the dataset and of each named graph (see the module docs)."""
    g = new_graph()
    base = ctx.settings.base
    ds = URIRef(f"{base}dataset")
    _describe_dataset(g, ds, base, graphs)
    _distributions(g, ds, base)
    _service(g, ds, base)
    ontology = ctx.minter.graph("ontology")
    counts = {name: _GraphCounts(graph, instance=name != ontology) for name, graph in graphs}
    _subsets(g, ds, base, graphs, counts)
    instance_counts = [c for name, c in counts.items() if name != ontology]
    _partitions(g, ds, base, instance_counts)
    _linksets(g, ds, base, instance_counts)
    _vocabularies(g, ds, instance_counts)
    return g


#: namespaces of the W3C and OGC vocabularies the graph reuses, as VoID names a vocabulary (its
#: namespace IRI); listed as ``void:vocabulary`` when the instance data uses a term of theirs
REUSED_VOCABULARIES = (
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/dcat#",
    "http://rdfs.org/ns/void#",
    "http://www.opengis.net/ont/geosparql#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
)


def _vocabularies(g: Graph, ds: URIRef, counts: Sequence[_GraphCounts]) -> None:
    """``void:vocabulary`` for every reused vocabulary whose classes or properties the instance
    data uses (the bwmo ontology itself is named in :func:`_describe_dataset`)."""
    used = {term for c in counts for term in (*c.properties, *c.classes)}
    for namespace in REUSED_VOCABULARIES:
        if any(term.startswith(namespace) for term in used):
            g.add((ds, VOID.vocabulary, URIRef(namespace)))


class _GraphCounts:
    """What the description counts in one graph, in one pass over its triples (three passes
    per graph took a tenth of the build; bench/README.md): distinct subjects, and for instance
    graphs the triples per property, instances per class and links to TOOI per property."""

    def __init__(self, graph: Graph, *, instance: bool) -> None:
        self.subjects: set[object] = set()
        self.properties: Counter[str] = Counter()
        self.classes: Counter[str] = Counter()
        self.links: Counter[str] = Counter()
        self.targets: set[str] = set()
        if not instance:
            self.subjects = set(graph.subjects())
            return
        for s, p, o in graph:
            self.subjects.add(s)
            self.properties[str(p)] += 1
            if p == RDF.type:
                if isinstance(o, URIRef):
                    self.classes[str(o)] += 1
            elif isinstance(o, URIRef) and str(o).startswith(TOOI_ID):
                self.links[str(p)] += 1
                self.targets.add(str(o))


def _document_dates(graphs: Iterable[tuple[URIRef, Graph]]) -> list[str]:
    return sorted(str(o) for _, graph in graphs
                  for s in graph.subjects(RDF.type, BWMO.SourceDocument)
                  for o in graph.objects(s, DCTERMS.date))


def _describe_dataset(g: Graph, ds: URIRef, base: str,
                      graphs: Sequence[tuple[URIRef, Graph]]) -> None:
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(
        "bwgraph: kennisgraaf beschermd wonen en maatschappelijke opvang", lang="nl")))
    g.add((ds, DCTERMS.title, Literal(
        "bwgraph: knowledge graph of Dutch sheltered housing and shelter policy", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Facts from Dutch BW/MO policy documents, each with evidence (document, line, quote), "
        "linked to TOOI municipality identifiers.", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Feiten uit Nederlandse beleidsdocumenten over beschermd wonen en maatschappelijke "
        "opvang, elk met bewijs (document, regel, citaat), gekoppeld aan TOOI-identificatie "
        "van gemeenten.", lang="nl")))
    g.add((ds, DCTERMS.license, CC_BY))
    publisher = URIRef(f"{base}dataset/publisher")
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("bwgraph project")))
    g.add((publisher, RDFS.comment, Literal(
        "The open project that builds this graph from public documents.", lang="en")))
    for code in ("NLD", "ENG"):  # the facts and quotes are Dutch; labels also English
        g.add((ds, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    g.add((ds, DCTERMS.spatial, URIRef(EU_COUNTRY + "NLD")))
    for keyword in ("beschermd wonen", "maatschappelijke opvang", "sociaal domein"):
        g.add((ds, DCAT.keyword, Literal(keyword, lang="nl")))
    dates = _document_dates(graphs)
    if dates:
        g.add((ds, DCTERMS.modified, Literal(dates[-1], datatype=XSD.date)))
        period = URIRef(f"{base}dataset/period")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        _label(g, period, f"documents dated {dates[0]} to {dates[-1]}",
               f"documenten gedateerd {dates[0]} tot en met {dates[-1]}")
        g.add((period, DCAT.startDate, Literal(dates[0], datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(dates[-1], datatype=XSD.date)))
    g.add((ds, VOID.uriSpace, Literal(f"{base}id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    g.add((ds, VOID.vocabulary, URIRef(BWMO_ONTOLOGY)))
    g.add((ds, DCTERMS.conformsTo, URIRef(BWMO_ONTOLOGY)))
    g.add((ds, VOID.rootResource, URIRef(f"{base}id/region")))
    g.add((ds, VOID.triples, _count(sum(len(graph) for _, graph in graphs))))


def _distributions(g: Graph, ds: URIRef, base: str) -> None:
    for path, media_type, title in DISTRIBUTIONS:
        dist = URIRef(f"{base}dataset/distribution/{_slug(path)}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.downloadURL, URIRef(f"{base}{path}")))
        g.add((dist, DCAT.accessURL, URIRef(f"{base}{path}")))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        g.add((dist, DCTERMS.license, CC_BY))
        if path.startswith("export/dataset."):
            g.add((ds, VOID.dataDump, URIRef(f"{base}{path}")))


def _service(g: Graph, ds: URIRef, base: str) -> None:
    svc = URIRef(f"{base}sparql")
    g.add((svc, RDF.type, DCAT.DataService))
    g.add((svc, DCTERMS.title, Literal("bwgraph SPARQL endpoint (read-only)", lang="en")))
    g.add((svc, DCAT.endpointURL, svc))
    g.add((svc, DCAT.endpointDescription, svc))  # GET /sparql without a query: sd:Service
    g.add((svc, DCAT.servesDataset, ds))
    g.add((svc, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((svc, DCTERMS.license, CC_BY))
    dist = URIRef(f"{base}dataset/distribution/sparql")
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((dist, DCAT.accessURL, svc))
    g.add((dist, DCAT.accessService, svc))
    g.add((dist, DCTERMS.license, CC_BY))


def _subsets(g: Graph, ds: URIRef, base: str, graphs: Sequence[tuple[URIRef, Graph]],
             counts: dict[URIRef, _GraphCounts]) -> None:
    graph_prefix = f"{base}graph/"
    for name, graph in sorted(graphs, key=lambda pair: str(pair[0])):
        g.add((ds, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        g.add((name, VOID.triples, _count(len(graph))))
        g.add((name, VOID.distinctSubjects, _count(len(counts[name].subjects))))
        g.add((name, BWMO.namedGraph, Literal(str(name))))
        local = str(name)[len(graph_prefix):] if str(name).startswith(graph_prefix) else ""
        _label(g, name, f"named graph {local or name}", f"benoemde graaf {local or name}")
        document = URIRef(f"{base}id/document/{local}")
        if local and (document, RDF.type, BWMO.SourceDocument) in graph:
            g.add((name, DCTERMS.source, document))


def _partitions(g: Graph, ds: URIRef, base: str, counts: Sequence[_GraphCounts]) -> None:
    classes: Counter[str] = Counter()
    properties: Counter[str] = Counter()
    for c in counts:
        classes.update(c.classes)
        properties.update(c.properties)
    for cls, n in sorted(classes.items()):
        part = URIRef(f"{base}dataset/class/{_local(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, _count(n)))
        _label(g, part, f"class partition {_local(cls)}", f"klassenpartitie {_local(cls)}")
    for prop, n in sorted(properties.items()):
        part = URIRef(f"{base}dataset/property/{_local(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, _count(n)))
        _label(g, part, f"property partition {_local(prop)}",
               f"eigenschapspartitie {_local(prop)}")


def _linksets(g: Graph, ds: URIRef, base: str, counts: Sequence[_GraphCounts]) -> None:
    links: Counter[str] = Counter()
    targets: set[str] = set()
    for c in counts:
        links.update(c.links)
        targets |= c.targets
    if not links:
        return
    tooi = URIRef(f"{base}dataset/tooi")
    g.add((tooi, RDF.type, VOID.Dataset))
    g.add((tooi, DCTERMS.title, Literal(
        "TOOI: Thesaurus en Ontologie Overheidsinformatie (identifiers of Dutch government "
        "organisations)", lang="nl")))
    g.add((tooi, VOID.uriSpace, Literal(TOOI_ID)))
    g.add((tooi, VOID.exampleResource, URIRef(min(targets))))
    for prop, n in sorted(links.items()):
        linkset = URIRef(f"{base}dataset/linkset/tooi-{_local(prop)}")
        g.add((ds, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, ds))
        g.add((linkset, VOID.objectsTarget, tooi))
        g.add((linkset, VOID.linkPredicate, URIRef(prop)))
        g.add((linkset, VOID.triples, _count(n)))
        _label(g, linkset, f"links to TOOI by {_local(prop)}",
               f"koppelingen met TOOI via {_local(prop)}")
