"""Housing agenda records → the document's named graph (kind ``housing_agenda``, document 003).

Products and target groups are matched to code-list concepts by their labels (``skos:prefLabel``
and ``skos:altLabel`` in ``ontology/codelists/``), exactly after folding case, accents and
punctuation; a label that matches nothing keeps its text and gets no concept (and a warning), so
no product is assigned by guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.extract.dutch import parse_exact_dutch_date
from bwgraph.identify import municipality_iri, normalise_name, slugify
from bwgraph.namespaces import BWMO
from bwgraph.records import ExtractResult
from bwgraph.records.housing_agenda import (
    Footnote,
    HousingAgendaRecords,
    Quantity,
)
from bwgraph.transform.literals import date_literal


@lru_cache(maxsize=16)
def _concept_index(codelist: Path) -> dict[str, str]:
    g = Graph().parse(codelist, format="turtle")
    index: dict[str, str] = {}
    for concept, notation in g.subject_objects(SKOS.notation):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, prop):
                index.setdefault(normalise_name(str(label)), str(notation))
    return index


def concept_notation(ctx: BuildContext, scheme: str, label: str) -> str | None:
    """The notation of the concept in ``scheme`` one of whose labels is ``label``.

    A trailing parenthetical ("Kleinschalige tussenvoorzieningen (voor mensen die …)") is tried
    without it too; nothing fuzzier.
    """
    index = _concept_index(ctx.settings.ontology_dir / "codelists" / f"{scheme}.ttl")
    for candidate in (label, re.sub(r"\s*\([^()]*\)\s*$", "", label)):
        notation = index.get(normalise_name(candidate))
        if notation:
            return notation
    return None


def add_quantity(g: Graph, node: URIRef, q: Quantity) -> None:
    """Quantity exactly as stated: ``bwmo:quantity`` or ``bwmo:quantityMin``/``quantityMax``."""
    if q.exact is not None:
        g.add((node, BWMO.quantity, Literal(q.exact, datatype=XSD.integer)))
    if q.minimum is not None:
        g.add((node, BWMO.quantityMin, Literal(q.minimum, datatype=XSD.integer)))
    if q.maximum is not None:
        g.add((node, BWMO.quantityMax, Literal(q.maximum, datatype=XSD.integer)))
    if q.unit:
        g.add((node, BWMO.unit, Literal(q.unit, lang="nl")))
    if q.unit_size is not None:
        g.add((node, BWMO.unitSize, Literal(q.unit_size, datatype=XSD.integer)))
        if q.unit_size_unit:
            g.add((node, BWMO.unitSizeUnit, Literal(q.unit_size_unit, lang="nl")))
    g.add((node, BWMO.quantityText, Literal(q.raw, lang="nl")))


def _add_footnotes(g: Graph, node: URIRef, notes: tuple[Footnote, ...], ctx: BuildContext) -> None:
    for note in notes:
        g.add((node, BWMO.footnote, Literal(note.text, lang="nl")))
        ctx.add_evidence(g, node, note.evidence)


def to_graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    g = new_graph()
    recs = [r for r in result.records if isinstance(r, HousingAgendaRecords)]
    if len(recs) != 1:
        raise ValueError(f"{result.document.id}: expected one housing agenda, got {len(recs)}")
    rec = recs[0]
    doc = result.document
    doc_iri = ctx.minter.document(doc.id)
    info = rec.info
    on = parse_exact_dutch_date(info.date_text)

    # --- the agenda and its region ---------------------------------------------------------
    region_iri: URIRef | None = None
    for name in info.region_names:
        known = ctx.regions.resolve(name)
        if known is not None:
            region_iri = ctx.minter.region(known.slug)
            break
    if region_iri is None:
        centrum = ctx.municipalities.by_name(info.centrumgemeente, on=on)
        candidates = ctx.regions.by_centrumgemeente(centrum.cbs_code) if centrum else []
        if len(candidates) == 1:
            region_iri = ctx.minter.region(candidates[0].slug)
    if region_iri is None:
        result.warn(info.municipalities_evidence.line, "region of the agenda not resolved")

    # the agenda is identified by its title and region (natural keys), not by the file it was
    # read from: a second copy of the same agenda describes the same agenda
    region_slug = region_iri.rsplit("/", 1)[-1] if region_iri is not None else doc.id
    agenda_slug = slugify(f"{info.title} {region_slug}")
    region_label = (
        ctx.regions.regions[region_slug].report_name
        if region_slug in ctx.regions.regions
        else region_slug
    )
    agenda = ctx.minter.id("plan", agenda_slug)
    if region_iri is not None:
        g.add((agenda, BWMO.region, region_iri))

    g.add((agenda, RDF.type, BWMO.RegionalAgenda))
    g.add((agenda, RDF.type, PROV.Entity))
    g.add((agenda, DCTERMS.title, Literal(info.title, lang="nl")))
    g.add((agenda, RDFS.label, Literal(info.title, lang="nl")))
    g.add((agenda, BWMO.documentDate, date_literal(on)))
    g.add((agenda, BWMO.periodStart, Literal(str(info.period_start), datatype=XSD.gYear)))
    g.add((agenda, BWMO.periodEnd, Literal(str(info.period_end), datatype=XSD.gYear)))
    g.add((agenda, BWMO.describedIn, doc_iri))
    g.add((agenda, PROV.wasDerivedFrom, doc_iri))
    for ev in (info.title_evidence, info.date_evidence, info.municipalities_evidence):
        ctx.add_evidence(g, agenda, ev)

    munis: dict[str, URIRef] = {}
    for name in info.municipalities:
        m = ctx.municipalities.by_name(name, on=on)
        if m is None:
            result.warn(info.municipalities_evidence.line, f"municipality {name!r} not resolved")
            continue
        iri = municipality_iri(m.cbs_code)
        munis[name] = iri
        g.add((agenda, BWMO.party, iri))
        if region_iri is not None:
            g.add((region_iri, ORG.hasMember, iri))
            ms = ctx.minter.id("membership", region_slug, m.cbs_code.lower(), doc.id)
            g.add((ms, RDF.type, BWMO.RegionMembership))
            g.add((ms, ORG.member, iri))
            g.add((ms, ORG.organization, region_iri))
            g.add((ms, BWMO.statedOn, date_literal(on)))
            g.add((ms, RDFS.label, Literal(f"{name} in regio {region_label}", lang="nl")))
            ctx.add_evidence(g, ms, info.municipalities_evidence)
    if region_iri is not None and info.centrumgemeente in munis:
        g.add((region_iri, BWMO.centrumgemeente, munis[info.centrumgemeente]))

    # --- regional capacity need -------------------------------------------------------------
    seen: set[str] = set()
    for need in rec.capacity:
        notation = concept_notation(ctx, "product", need.product_label)
        key = notation or need.product_label
        if notation is None:
            result.warn(need.evidence.line, f"product {need.product_label!r} not in the code list")
        node = ctx.minter.id("capacity-target", agenda_slug, key)
        if str(node) in seen:
            node = ctx.minter.id("capacity-target", agenda_slug, key, str(need.evidence.line))
        seen.add(str(node))
        g.add((node, RDF.type, BWMO.CapacityTarget))
        g.add((node, RDFS.label, Literal(f"{need.product_label}: {need.quantity.raw}", lang="nl")))
        g.add((node, BWMO.partOf, agenda))
        if region_iri is not None:
            g.add((node, BWMO.region, region_iri))
        if notation:
            g.add((node, BWMO.product, ctx.concept("product", notation)))
        g.add((node, BWMO.productText, Literal(need.product_label, lang="nl")))
        add_quantity(g, node, need.quantity)
        g.add((node, BWMO.periodStart, Literal(str(info.period_start), datatype=XSD.gYear)))
        g.add((node, BWMO.periodEnd, Literal(str(info.period_end), datatype=XSD.gYear)))
        ctx.add_evidence(g, node, need.evidence)
        if need.periodicity and need.periodicity_evidence:
            g.add((node, BWMO.periodicity, ctx.concept("periodicity", need.periodicity)))
            ctx.add_evidence(g, node, need.periodicity_evidence)

    # --- local offer, cell by cell ----------------------------------------------------------
    for offer in rec.offers:
        notation = concept_notation(ctx, "product", offer.product_label)
        muni = munis.get(offer.municipality)
        if muni is None:
            m = ctx.municipalities.by_name(offer.municipality, on=on)
            muni = municipality_iri(m.cbs_code) if m else None
        if muni is None or notation is None:
            result.warn(
                offer.evidence.line,
                f"offer {offer.municipality!r} × "
                f"{offer.product_label!r}: municipality or product not resolved",
            )
        node = ctx.minter.id(
            "offer", agenda_slug, offer.municipality, notation or offer.product_label
        )
        g.add((node, RDF.type, BWMO.LocalOffer))
        g.add(
            (
                node,
                RDFS.label,
                Literal(f"{offer.municipality}, {offer.product_label}: {offer.text}", lang="nl"),
            )
        )
        g.add((node, BWMO.partOf, agenda))
        if muni is not None:
            g.add((node, BWMO.municipality, muni))
        if notation:
            g.add((node, BWMO.product, ctx.concept("product", notation)))
        g.add((node, BWMO.productText, Literal(offer.product_label, lang="nl")))
        if offer.quantity is not None:
            g.add((node, BWMO.quantity, Literal(offer.quantity, datatype=XSD.integer)))
        else:
            g.add((node, BWMO.offerText, Literal(offer.text, lang="nl")))
        ctx.add_evidence(g, node, offer.evidence)
        _add_footnotes(g, node, offer.footnotes, ctx)
        for mk in offer.unresolved_markers:
            g.add((node, BWMO.unresolvedFootnoteMarker, Literal(mk)))
        if rec.offer_table_evidence is not None:
            ctx.add_evidence(g, node, rec.offer_table_evidence)

    # --- estimated demand per target group ----------------------------------------------------
    for est in rec.demand:
        tg = concept_notation(ctx, "target-group", est.target_group_label)
        if tg is None:
            result.warn(
                est.evidence.line, f"target group {est.target_group_label!r} not in the code list"
            )
        key = "total" if est.is_total else (tg or est.target_group_label)
        node = ctx.minter.id("demand-estimate", agenda_slug, key)
        g.add((node, RDF.type, BWMO.DemandEstimate))
        g.add(
            (node, RDFS.label, Literal(f"{est.target_group_label}: {est.quantity.raw}", lang="nl"))
        )
        g.add((node, BWMO.partOf, agenda))
        if region_iri is not None:
            g.add((node, BWMO.region, region_iri))
        if tg:
            g.add((node, BWMO.targetGroup, ctx.concept("target-group", tg)))
        if not est.is_total:  # the total's group is the agenda's subject, not a written label
            g.add((node, BWMO.targetGroupText, Literal(est.target_group_label, lang="nl")))
        add_quantity(g, node, est.quantity)
        if not est.quantity.stated:
            g.add((node, SKOS.note, Literal("no number stated in the source", lang="en")))
        for prop, text in (
            (BWMO.housingRequirements, est.requirements),
            (BWMO.clusteringNote, est.clustered),
            (BWMO.processNote, est.process),
        ):
            if text:
                g.add((node, prop, Literal(text, lang="nl")))
        ctx.add_evidence(g, node, est.evidence)
        if est.periodicity_evidence is not None and est.quantity.stated:
            g.add((node, BWMO.periodicity, ctx.concept("periodicity", "per_year")))
            ctx.add_evidence(g, node, est.periodicity_evidence)
        _add_footnotes(g, node, est.footnotes, ctx)
        if est.scope_note and est.scope_evidence is not None:
            g.add((node, SKOS.scopeNote, Literal(est.scope_note, lang="nl")))
            ctx.add_evidence(g, node, est.scope_evidence)

    # --- product catalogue (annex A) --------------------------------------------------------
    for desc in rec.products:
        notation = concept_notation(ctx, "product", desc.product_label)
        if notation is None:
            result.warn(desc.evidence.line, f"product {desc.product_label!r} not in the code list")
        node = ctx.minter.id("product-description", agenda_slug, notation or desc.product_label)
        g.add((node, RDF.type, BWMO.ProductDescription))
        g.add((node, RDFS.label, Literal(desc.product_label, lang="nl")))
        g.add((node, BWMO.partOf, agenda))
        if notation:
            g.add((node, BWMO.product, ctx.concept("product", notation)))
        g.add((node, BWMO.text, Literal(desc.text, lang="nl")))
        ctx.add_evidence(g, node, desc.evidence)

    # --- governance -------------------------------------------------------------------------
    for body in rec.bodies:
        iri = ctx.organisation_node(g, body.name, body.evidence)
        g.add((agenda, BWMO.governedBy, iri))
        ctx.add_evidence(g, iri, body.evidence)
        for item in body.composition:
            g.add((iri, BWMO.memberDescription, Literal(item.text, lang="nl")))
            ctx.add_evidence(g, iri, item.evidence)
        for task in body.tasks:
            g.add((iri, BWMO.bodyTask, Literal(task.text, lang="nl")))
            ctx.add_evidence(g, iri, task.evidence)
        if body.municipalities_are_members and body.members_evidence is not None:
            for muni in munis.values():
                g.add((iri, ORG.hasMember, muni))
            ctx.add_evidence(g, iri, body.members_evidence)
        if body.supported_by and body.supported_by_evidence is not None:
            sup = ctx.organisation_node(g, body.supported_by, body.supported_by_evidence)
            g.add((iri, BWMO.supportedBy, sup))
            ctx.add_evidence(g, iri, body.supported_by_evidence)

    # --- organisations named in passing ------------------------------------------------------
    for mention in rec.organisations:
        org = ctx.organisation_node(g, mention.name, mention.evidence)
        g.add((agenda, BWMO.mentions, org))
        node = ctx.minter.id(
            "mention", doc.id, "org", str(mention.evidence.line), org.rsplit("/", 1)[-1]
        )
        g.add((node, RDF.type, BWMO.Mention))
        g.add((node, RDFS.label, Literal(mention.name, lang="nl")))
        g.add((node, BWMO.mentionOf, org))
        g.add((node, PROV.wasDerivedFrom, doc_iri))
        ctx.add_evidence(g, node, mention.evidence)
    return g
