"""General records → the document's named graph (kind ``general``).

Every fact the rules read becomes a node that says what was matched (``bwmo:matchedText``), on
which line (``bwmo:evidence``) and by which extraction (``prov:wasGeneratedBy`` a
``bwmo:ExtractionActivity`` with the extractor's name, version and method ``rules``), so that
SPARQL can separate machine-read facts from the facts of the curated templates:

* the document's type (``bwmo:documentType``; a proposal is also typed ``bwmo:CouncilProposal``
  or ``bwmo:CollegeProposal``);
* instruments it establishes, amends, replaces or proposes, titled as written;
* ``bwmo:Mention`` nodes for municipalities (TOOI IRIs), regions and organisations;
* ``bwmo:StatedDate``, ``bwmo:StatedPeriod``, ``bwmo:StatedAmount``, ``bwmo:StatedRole``;
* scope concepts (``bwmo:scope``).
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import municipality_iri, slugify
from bwgraph.namespaces import BWMO
from bwgraph.recognise.gazetteers import instrument_types
from bwgraph.records import Evidence, ExtractResult
from bwgraph.records.general import GeneralRecords
from bwgraph.transform.literals import date_literal, duration_literal

_RELATION = {
    "establishes": BWMO.establishes,
    "amends": BWMO.amends,
    "replaces": BWMO.replaces,
    "proposes": BWMO.proposes,
    "mentions": BWMO.refersTo,
}
_PROPOSAL_CLASS = {"raadsvoorstel": BWMO.CouncilProposal, "collegevoorstel": BWMO.CollegeProposal}


def _fact(
    g: Graph,
    ctx: BuildContext,
    node: URIRef,
    cls: URIRef,
    label: str,
    about: URIRef,
    text: str,
    evidence: tuple[Evidence, ...],
    activity: URIRef,
) -> URIRef:
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label, lang="nl")))
    g.add((node, BWMO.factOf, about))
    g.add((node, BWMO.matchedText, Literal(text)))
    g.add((node, PROV.wasGeneratedBy, activity))
    g.add((node, PROV.wasDerivedFrom, ctx.minter.document(evidence[0].doc_id)))
    for ev in evidence:
        ctx.add_evidence(g, node, ev)
    return node


def _mention(
    g: Graph,
    ctx: BuildContext,
    kind: str,
    doc: URIRef,
    target: URIRef,
    name: str,
    evidence: tuple[Evidence, ...],
    activity: URIRef,
) -> None:
    doc_id = evidence[0].doc_id
    g.add((doc, BWMO.refersTo, target))
    # the kind keeps a name that is both a municipality and a region ("Bergen op Zoom") apart
    node = ctx.minter.id("mention", doc_id, kind, slugify(name))
    g.add((node, RDF.type, BWMO.Mention))
    g.add((node, BWMO.mentionOf, target))
    g.add((node, RDFS.label, Literal(name, lang="nl")))
    g.add((node, BWMO.matchedText, Literal(name)))
    g.add((node, PROV.wasDerivedFrom, doc))
    g.add((node, PROV.wasGeneratedBy, activity))
    for ev in evidence:
        ctx.add_evidence(g, node, ev)


def add_extraction_activity(
    g: Graph, ctx: BuildContext, doc_id: str, *, extractor: str, version: str, method: str
) -> URIRef:
    """The ``bwmo:ExtractionActivity`` of one document: which extractor read it, which version,
    and how (``template`` for a curated extractor of one kind, ``rules`` for the general one).

    Public so that the template transforms can mark their facts the same way.
    """
    if method not in ("template", "rules"):
        raise ValueError(f"extraction method must be 'template' or 'rules', not {method!r}")
    act = ctx.minter.id("activity", doc_id, "extraction")
    agent = ctx.minter.id("software", slugify(extractor), slugify(version))
    g.add((act, RDF.type, BWMO.ExtractionActivity))
    g.add((act, RDF.type, PROV.Activity))
    label = f"{doc_id} read by {extractor} {version} ({method})"
    g.add((act, RDFS.label, Literal(label, lang="en")))
    g.add((act, PROV.used, ctx.minter.document(doc_id)))
    g.add((act, PROV.wasAssociatedWith, agent))
    g.add((act, BWMO.extractionMethod, Literal(method)))
    g.add((act, BWMO.extractorVersion, Literal(version)))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"{extractor} {version}", lang="en")))
    return act


def to_graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    g = new_graph()
    recs = [r for r in result.records if isinstance(r, GeneralRecords)]
    if len(recs) != 1:
        raise ValueError(f"{result.document.id}: expected one general record, got {len(recs)}")
    rec = recs[0]
    doc_id = result.document.id
    doc = ctx.minter.document(doc_id)
    act = add_extraction_activity(
        g, ctx, doc_id, extractor=rec.extractor, version=rec.version, method=rec.method
    )
    types = instrument_types()

    if rec.document_type is not None:
        t = rec.document_type
        g.add((doc, BWMO.documentType, ctx.concept("document-type", t.notation)))
        if t.notation in _PROPOSAL_CLASS:
            g.add((doc, RDF.type, _PROPOSAL_CLASS[t.notation]))
        node = ctx.minter.id("fact", doc_id, "document-type")
        _fact(
            g,
            ctx,
            node,
            BWMO.ExtractedFact,
            f"soort document: {t.notation}",
            doc,
            t.text,
            (t.evidence,),
            act,
        )

    main: list[URIRef] = []
    for inst in rec.instruments:
        key = inst.title or f"{doc_id} {inst.notation}"
        node = ctx.minter.id("instrument", slugify(key))
        cls = BWMO[types[inst.notation].class_name]
        g.add((node, RDF.type, cls))
        label = inst.title or f"{inst.notation} ({doc_id})"
        g.add((node, RDFS.label, Literal(label, lang="nl")))
        if inst.title and inst.relation != "mentions":
            # the title of what the document is about; a passing mention's spelling ("het
            # beleidsplan Bescherming & Opvang 2017-2020") stays its label and evidence, so that
            # two documents writing one instrument differently do not give it two titles
            g.add((node, DCTERMS.title, Literal(inst.title, lang="nl")))
        g.add((node, BWMO.documentType, ctx.concept("document-type", inst.notation)))
        g.add((node, PROV.wasGeneratedBy, act))
        g.add((node, PROV.wasDerivedFrom, doc))
        for ev in inst.evidence:
            ctx.add_evidence(g, node, ev)
        g.add((doc, _RELATION[inst.relation], node))
        if inst.relation == "establishes":
            g.add((node, BWMO.describedIn, doc))
        if inst.relation in ("establishes", "proposes"):
            main.append(node)

    for m in rec.municipalities:
        _mention(g, ctx, "municipality", doc, municipality_iri(m.cbs_code), m.name, m.evidence, act)
    for r in rec.regions:
        if r.slug:
            region = ctx.minter.region(r.slug)
            _mention(g, ctx, "region", doc, region, r.name, r.evidence, act)
            for node in main:
                g.add((node, BWMO.region, region))
    for o in rec.organisations:
        target = ctx.organisation_node(g, o.name, o.evidence[0])
        _mention(g, ctx, "organisation", doc, target, o.name, o.evidence, act)
    for role in rec.roles:
        node = ctx.minter.id("fact", doc_id, "role", role.role, role.cbs_code.lower())
        _fact(
            g,
            ctx,
            node,
            BWMO.StatedRole,
            f"{role.role}: {role.name}",
            doc,
            role.name,
            role.evidence,
            act,
        )
        g.add((node, BWMO.roleName, Literal(role.role)))
        g.add((node, BWMO.roleHolder, municipality_iri(role.cbs_code)))

    for d in rec.dates:
        node = ctx.minter.id("fact", doc_id, "date", d.meaning, d.value)
        _fact(
            g, ctx, node, BWMO.StatedDate, f"{d.meaning}: {d.text}", doc, d.text, (d.evidence,), act
        )
        g.add((node, BWMO.dateMeaning, Literal(d.meaning)))
        if len(d.value) == 10:
            g.add((node, BWMO.dateValue, date_literal(date.fromisoformat(d.value))))
        else:
            g.add((node, BWMO.dateValue, Literal(d.value, datatype=XSD.gYearMonth)))

    for i, p in enumerate(rec.periods, start=1):
        node = ctx.minter.id("fact", doc_id, "period", str(i))
        _fact(
            g, ctx, node, BWMO.StatedPeriod, f"periode: {p.text}", doc, p.text, (p.evidence,), act
        )
        for prop, value in ((BWMO.periodStart, p.start), (BWMO.periodEnd, p.end)):
            if value:
                dt = XSD.gYear if len(value) == 4 else XSD.date
                g.add((node, prop, Literal(value, datatype=dt)))
        if p.duration:
            g.add((node, BWMO.duration, duration_literal(p.duration)))
            if p.minimum:
                g.add((node, BWMO.atLeast, Literal(True)))
        if p.of:
            g.add((node, BWMO.periodOf, ctx.concept("document-type", p.of)))

    for i, a in enumerate(rec.amounts, start=1):
        node = ctx.minter.id("fact", doc_id, "amount", str(i))
        _fact(
            g,
            ctx,
            node,
            BWMO.StatedAmount,
            f"{a.meaning}: {a.text}",
            doc,
            a.text,
            (a.evidence,),
            act,
        )
        g.add((node, BWMO.statedAmount, Literal(a.value, datatype=XSD.decimal)))
        g.add((node, BWMO.currency, Literal(a.currency)))
        g.add((node, BWMO.amountMeaning, Literal(a.meaning)))

    for s in rec.scope:
        concept = ctx.concept("scope", s.concept)
        g.add((doc, BWMO.scope, concept))
        for node in main:
            g.add((node, BWMO.scope, concept))
        fact = ctx.minter.id("fact", doc_id, "scope", s.concept)
        _fact(
            g, ctx, fact, BWMO.ExtractedFact, f"reikwijdte: {s.text}", doc, s.text, s.evidence, act
        )
    return g
