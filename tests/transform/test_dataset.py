"""The dataset description (:mod:`bwgraph.transform.dataset`) on a small hand-made build.

Two graphs written here: a document graph with a document (dated 2019-03-01 and, in the second,
2021-06-30), one region typed twice, a membership linking a TOOI municipality twice (org:member)
and once more by another predicate. Every expected count below is counted from those lines.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.namespaces import BWMO
from bwgraph.serialize import write_trig
from bwgraph.transform.dataset import CC_BY, dataset_graph

ORG = Namespace("http://www.w3.org/ns/org#")
GM = Namespace("https://identifier.overheid.nl/tooi/id/gemeente/")


def _graphs(ctx: BuildContext) -> list[tuple[URIRef, Graph]]:
    base = ctx.settings.base
    out = []
    for doc_id, date in (("doc-a", "2019-03-01"), ("doc-b", "2021-06-30")):
        g = new_graph()
        d = URIRef(f"{base}id/document/{doc_id}")
        g.add((d, RDF.type, BWMO.SourceDocument))                         # 1
        g.add((d, DCTERMS.date, Literal(date, datatype=XSD.date)))        # 2
        m = URIRef(f"{base}id/membership/{doc_id}")
        g.add((m, RDF.type, ORG.Membership))                              # 3
        g.add((m, ORG.member, GM.gm0001))                                 # 4
        out.append((ctx.minter.graph(doc_id), g))
    out[0][1].add((URIRef(f"{base}id/region/r"), RDF.type, BWMO.Region))  # 5 (doc-a only)
    out[1][1].add((URIRef(f"{base}id/region/r"), BWMO.centrumgemeente, GM.gm0002))
    return out


def test_dataset_description(ctx: BuildContext) -> None:
    graphs = _graphs(ctx)
    g = dataset_graph(graphs, ctx)
    base = ctx.settings.base
    ds = URIRef(f"{base}dataset")
    assert (ds, DCTERMS.license, CC_BY) in g
    assert g.value(ds, DCTERMS.modified) == Literal("2021-06-30", datatype=XSD.date)
    assert (ds, DCTERMS.spatial, URIRef(
        "http://publications.europa.eu/resource/authority/country/NLD")) in g
    assert g.value(ds, DCTERMS.publisher) is not None
    assert set(g.objects(ds, DCTERMS.language)) >= {URIRef(
        "http://publications.europa.eu/resource/authority/language/NLD")}
    assert int(g.value(ds, VOID.triples)) == 4 + 4 + 1 + 1  # type: ignore[arg-type]
    # the SPARQL endpoint as a DCAT data service
    svc = URIRef(f"{base}sparql")
    assert (svc, RDF.type, DCAT.DataService) in g and (svc, DCAT.servesDataset, ds) in g
    # a distribution per dump, each with a download URL and an IANA media type
    urls = {str(g.value(d, DCAT.downloadURL)) for d in g.objects(ds, DCAT.distribution)
            if g.value(d, DCAT.downloadURL) is not None}
    assert {f"{base}export/dataset.trig", f"{base}export/dataset.nq",
            f"{base}export/checklist.csv", f"{base}export/checklist.xlsx"} <= urls
    # class partitions: 2 documents, 2 memberships, 1 region
    classes = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities))  # type: ignore[arg-type]
               for p in g.objects(ds, VOID.classPartition)}
    assert classes == {BWMO.SourceDocument: 2, ORG.Membership: 2, BWMO.Region: 1}
    props = {g.value(p, VOID.property): int(g.value(p, VOID.triples))  # type: ignore[arg-type]
             for p in g.objects(ds, VOID.propertyPartition)}
    assert props[RDF.type] == 5 and props[ORG.member] == 2 and props[DCTERMS.date] == 2
    # linksets to TOOI: org:member twice, bwmo:centrumgemeente once
    linksets = {g.value(ls, VOID.linkPredicate): int(g.value(ls, VOID.triples))  # type: ignore[arg-type]
                for ls in g.subjects(RDF.type, VOID.Linkset)}
    assert linksets == {ORG.member: 2, BWMO.centrumgemeente: 1}
    # a document graph's subset names the document it was read from
    doc_a = ctx.minter.graph("doc-a")
    assert g.value(doc_a, DCTERMS.source) == URIRef(f"{base}id/document/doc-a")
    assert int(g.value(doc_a, VOID.triples)) == 5  # type: ignore[arg-type]
    # the vocabularies used: bwmo, and of the reused ones ORG and DCTERMS (dct:date), not SKOS
    vocabularies = set(g.objects(ds, VOID.vocabulary))
    assert vocabularies == {URIRef("https://w3id.org/bwmo/def"), URIRef(str(ORG)),
                            URIRef(str(DCTERMS))}
    # no blank nodes: every node has an IRI
    assert not [t for triple in g for t in triple if isinstance(t, BNode)]


def test_dataset_description_is_deterministic(ctx: BuildContext) -> None:
    name = ctx.minter.graph("dataset")
    first = write_trig([(name, dataset_graph(_graphs(ctx), ctx))])
    second = write_trig([(name, dataset_graph(list(reversed(_graphs(ctx))), ctx))])
    assert first == second
