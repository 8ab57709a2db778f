"""Agreement proposal records → the document's named graph (kind ``agreement_proposal``, 004).

The proposal describes an agreement; the agreement is the fact node
(``bwmo:AdministrativeAgreement`` for a "bestuurlijk akkoord"), with its signatories, dates,
renewal, target groups and the policy frame it implements. Municipal parties named only
collectively ("de gemeenten in Flevoland") are represented by the region, never by a list we
would have to invent.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import normalise_name, slugify
from bwgraph.namespaces import BWMO
from bwgraph.records import Evidence, ExtractResult
from bwgraph.records.agreement_proposal import AgreementProposalRecords
from bwgraph.transform.housing_agenda import concept_notation
from bwgraph.transform.instruments import add_instrument, instrument_ref
from bwgraph.transform.literals import date_literal, duration_literal

#: Items of a target-group list that name two groups at once, split into their concepts.
#: Document 004, line 36: "Mensen die uitstromen uit Maatschappelijke Opvang en Vrouwenopvang".
COMBINED_TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    normalise_name("Mensen die uitstromen uit Maatschappelijke Opvang en Vrouwenopvang"): (
        "leaving_maatschappelijke_opvang",
        "leaving_vrouwenopvang",
    ),
}


def _instrument(
    g: Graph, ctx: BuildContext, title: str, default: str, ev: Evidence, region_slug: str | None
) -> URIRef:
    """An instrument the agreement implements: the region's node by the cross-document rule
    (:mod:`bwgraph.transform.instruments`), shared with every document that names it."""
    return add_instrument(g, ctx, instrument_ref(title, (ev,), region_slug, default=default))


def to_graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    g = new_graph()
    recs = [r for r in result.records if isinstance(r, AgreementProposalRecords)]
    if len(recs) != 1:
        raise ValueError(f"{result.document.id}: expected one agreement proposal, got {len(recs)}")
    rec = recs[0]
    doc_iri = ctx.minter.document(result.document.id)

    agreement = ctx.minter.id("agreement", slugify(rec.title))
    g.add((agreement, RDF.type, BWMO.Agreement))
    if "bestuurlijk akkoord" in rec.title.lower():
        g.add((agreement, RDF.type, BWMO.AdministrativeAgreement))
    g.add((agreement, DCTERMS.title, Literal(rec.title, lang="nl")))
    g.add((agreement, RDFS.label, Literal(rec.title, lang="nl")))
    g.add((agreement, BWMO.describedIn, doc_iri))
    g.add((agreement, PROV.wasDerivedFrom, doc_iri))
    ctx.add_evidence(g, agreement, rec.title_evidence)

    # the proposal's own date
    g.add(
        (
            agreement,
            BWMO.documentDate,
            date_literal(rec.document_date.value),
        )
    )
    ctx.add_evidence(g, agreement, rec.document_date.evidence)

    # region and municipal parties (collectively, as the text names them)
    known = ctx.regions.resolve(rec.region_name)
    region = ctx.minter.region(known.slug) if known else None
    if region is None:
        result.warn(rec.municipal_parties_evidence.line, f"region {rec.region_name!r} unresolved")
    else:
        g.add((agreement, BWMO.region, region))
        g.add((agreement, BWMO.party, region))
    g.add((agreement, BWMO.partiesNote, Literal(rec.municipal_parties_text, lang="nl")))
    ctx.add_evidence(g, agreement, rec.municipal_parties_evidence)

    for s in rec.signatories:
        org = ctx.organisation_node(g, s.name, s.evidence)
        g.add((agreement, BWMO.signatory, org))
        g.add((agreement, BWMO.party, org))
        ctx.add_evidence(g, agreement, s.evidence)

    if rec.approval is not None:
        g.add(
            (
                agreement,
                BWMO.approvalDate,
                date_literal(rec.approval.value),
            )
        )
        if rec.approval_body:
            body = ctx.organisation_node(g, rec.approval_body, rec.approval.evidence)
            g.add((agreement, BWMO.approvedBy, body))
        if rec.approval_note:
            g.add((agreement, BWMO.approvalNote, Literal(rec.approval_note, lang="nl")))
        ctx.add_evidence(g, agreement, rec.approval.evidence)

    if rec.end_date is not None:
        g.add((agreement, BWMO.endDate, date_literal(rec.end_date.value)))
        ctx.add_evidence(g, agreement, rec.end_date.evidence)
    if rec.commencement is not None:
        g.add((agreement, BWMO.commencementNote, Literal(rec.commencement.text, lang="nl")))
        ctx.add_evidence(g, agreement, rec.commencement.evidence)
    if rec.renewal is not None:
        g.add((agreement, BWMO.renewalNote, Literal(rec.renewal.text, lang="nl")))
        if rec.renewal_years is not None:
            g.add(
                (
                    agreement,
                    BWMO.renewalTerm,
                    duration_literal(f"P{rec.renewal_years}Y"),
                )
            )
        ctx.add_evidence(g, agreement, rec.renewal.evidence)

    if rec.goal is not None:
        g.add((agreement, BWMO.goal, Literal(rec.goal.text, lang="nl")))
        ctx.add_evidence(g, agreement, rec.goal.evidence)

    for tg in rec.target_groups:
        combined = COMBINED_TARGET_GROUPS.get(normalise_name(tg.text))
        single = concept_notation(ctx, "target-group", tg.text)
        notations = combined or ((single,) if single else ())
        if not notations:
            result.warn(tg.evidence.line, f"target group {tg.text!r} not in the code list")
        for notation in notations:
            g.add((agreement, BWMO.targetGroup, ctx.concept("target-group", notation)))
        g.add((agreement, BWMO.targetGroupText, Literal(tg.text, lang="nl")))
        ctx.add_evidence(g, agreement, tg.evidence)

    slug = known.slug if known else None
    if rec.policy_frame is not None:
        frame = _instrument(g, ctx, rec.policy_frame.text, "kader", rec.policy_frame.evidence, slug)
        g.add((agreement, BWMO.implements, frame))
    for other in rec.implements_also:
        node = _instrument(g, ctx, other.text, "plan", other.evidence, slug)
        g.add((agreement, BWMO.implements, node))
        ctx.add_evidence(g, agreement, other.evidence)
    return g
