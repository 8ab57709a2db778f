"""Status report records → triples: regions, assessments, narratives, memberships, mentions.

Every node minted here comes from a natural key (region slug, topic, section, CBS code, report
date), so re-ingesting the report gives the same IRIs and the same triples. Every fact node gets
evidence (document, line, quote) through ``ctx.add_evidence``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import code_concept, slugify
from bwgraph.namespaces import BWMO
from bwgraph.records import Evidence, ExtractResult
from bwgraph.records.status_report import (
    MentionRecord,
    NarrativeText,
    RegionReport,
    StatusReportResult,
)
from bwgraph.transform.instruments import InstrumentRef, add_instrument
from bwgraph.transform.literals import date_literal

#: The checklist blocks as the report titles them (the ``topic`` concepts nvo, … hold them too).
BLOCK_TITLES: dict[str, str] = {
    "nvo": "Norm voor Opdrachtgeverschap",
    "uitvoeringsafspraken": "Uitvoeringsafspraken",
    "planning": "Planning",
}


@lru_cache(maxsize=4)
def _section_labels(path: Path) -> dict[str, str]:
    g = Graph().parse(path, format="turtle")
    return {
        str(g.value(c, SKOS.notation)): str(label)
        for c, label in g.subject_objects(SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "nl"
    }


def section_labels(ctx: BuildContext) -> dict[str, str]:
    """Dutch names of the narrative sections (``narrative-section`` code list), for labels."""
    return _section_labels(ctx.settings.ontology_dir / "codelists" / "narrative-section.ttl")


def to_graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    """The named graph of the status report."""
    if not isinstance(result, StatusReportResult):
        raise TypeError("status_report.to_graph needs a StatusReportResult")
    g = new_graph()
    for report in result.reports:
        _Region(g, ctx, result, report).add()
    return g


class _Region:
    """Writes what one region report states."""

    def __init__(
        self, g: Graph, ctx: BuildContext, result: StatusReportResult, report: RegionReport
    ) -> None:
        self.g, self.ctx, self.report = g, ctx, report
        self.doc = result.document
        self.day = result.document.date
        known = ctx.regions.resolve(report.report_name)
        self.slug = known.slug if known else slugify(report.report_name)
        self.iri = ctx.minter.region(self.slug)
        self.doc_iri = ctx.minter.document(self.doc.id)

    def add(self) -> None:
        g, r = self.g, self.report
        g.add((self.iri, BWMO.reportName, Literal(r.report_name)))
        g.add((self.iri, BWMO.reportOrder, Literal(r.order, datatype=XSD.integer)))
        g.add((self.iri, BWMO.describedIn, self.doc_iri))
        self._centrumgemeenten()
        self._members()
        self._assessments()
        self._narratives()
        self._mentions()
        self._unknown_items()

    def _fact(
        self, node: URIRef, cls: URIRef, evidence: tuple[Evidence, ...] | list[Evidence]
    ) -> None:
        self.g.add((node, RDF.type, cls))
        self.g.add((node, PROV.wasDerivedFrom, self.doc_iri))
        for ev in evidence:
            self.ctx.add_evidence(self.g, node, ev)

    # -- centrumgemeente and members -------------------------------------------------------------

    def _resolve(self, name: str) -> list[str]:
        """CBS codes a name denotes on the report date; "Venlo-Roermond" names two."""
        reg = self.ctx.municipalities
        m = reg.by_name(name, on=self.day)
        if m is not None:
            return [m.cbs_code]
        parts = [reg.by_name(p, on=self.day) for p in name.replace("/", "-").split("-")]
        if len(parts) > 1 and all(parts):
            return [p.cbs_code for p in parts if p is not None]
        return []

    def _membership(self, cbs: str, evidence: tuple[Evidence, ...]) -> URIRef:
        municipality = self.ctx.municipalities.get(cbs)
        muni = URIRef(municipality.tooi_iri)
        node = self.ctx.minter.id("membership", self.slug, cbs.lower(), self.day.isoformat())
        self._fact(node, BWMO.RegionMembership, evidence)
        label = f"{municipality.preferred_name} in regio {self.report.report_name}"
        self.g.add((node, RDFS.label, Literal(label, lang="nl")))
        self.g.add((node, RDF.type, ORG.Membership))
        self.g.add((node, ORG.member, muni))
        self.g.add((node, ORG.organization, self.iri))
        self.g.add((node, BWMO.statedOn, date_literal(self.day)))
        self.g.add((self.iri, ORG.hasMember, muni))
        return node

    def _centrumgemeenten(self) -> None:
        for st in self.report.centrumgemeenten:
            for cbs in self._resolve(st.name):
                node = self._membership(cbs, st.evidence)
                self.g.add((node, ORG.role, BWMO.centrumgemeenteRole))
                muni = URIRef(self.ctx.municipalities.get(cbs).tooi_iri)
                self.g.add((self.iri, BWMO.centrumgemeente, muni))

    def _members(self) -> None:
        for st in self.report.members:
            m = self.ctx.municipalities.by_name(st.name, on=self.day)
            if m is not None:
                self._membership(m.cbs_code, (st.evidence,))

    # -- checklist -------------------------------------------------------------------------------

    def _blocks(self) -> dict[str, URIRef]:
        """One node per checklist block of the region: the block's Toelichting belongs here.

        The report writes one Toelichting under each block (after all its items); it may speak
        of one item, of several or of none, so it is the block's text, never copied onto each
        assessment. Evidence: the block heading and the lines of the Toelichting.
        """
        g, r = self.g, self.report
        blocks: dict[str, URIRef] = {}
        for block in dict.fromkeys(c.block for c in r.cells):
            node = self.ctx.minter.id("checklist-block", self.slug, block, self.day.isoformat())
            heading = r.block_headings.get(block)
            explanation = r.explanations.get(block)
            evidence = (
                [heading] if heading else [next(c.evidence for c in r.cells if c.block == block)]
            )
            if explanation is not None:
                evidence.extend(explanation.evidence)
            self._fact(node, BWMO.ChecklistBlock, list(dict.fromkeys(evidence)))
            title = BLOCK_TITLES.get(block, block)
            g.add((node, RDFS.label, Literal(f"{r.report_name}: {title}", lang="nl")))
            g.add((node, BWMO.region, self.iri))
            g.add((node, BWMO.topic, code_concept("topic", block)))
            g.add((node, BWMO.assessedOn, date_literal(self.day)))
            if explanation is not None:
                g.add((node, BWMO.explanation, Literal(explanation.text, lang="nl")))
            blocks[block] = node
        return blocks

    def _assessments(self) -> None:
        g, r = self.g, self.report
        blocks = self._blocks()
        for cell in r.cells:
            node = self.ctx.minter.id("assessment", self.slug, cell.topic, self.day.isoformat())
            self._fact(node, BWMO.Assessment, (cell.evidence, *cell.more_evidence))
            g.add((node, RDFS.label, Literal(f"{r.report_name}: {cell.label}", lang="nl")))
            g.add((node, BWMO.region, self.iri))
            g.add((node, BWMO.topic, code_concept("topic", cell.topic)))
            g.add((node, BWMO.status, code_concept("status", cell.status)))
            g.add((node, BWMO.assessedOn, date_literal(self.day)))
            g.add((node, BWMO.rawStatus, Literal(cell.raw_status)))
            if cell.status_note:
                g.add((node, BWMO.statusNote, Literal(cell.status_note, lang="en")))
            g.add((node, BWMO.checklistBlock, blocks[cell.block]))

    # -- narratives ------------------------------------------------------------------------------

    def _narratives(self) -> None:
        for nar in self.report.narratives:
            self._narrative(nar)

    def _narrative(self, nar: NarrativeText) -> URIRef:
        node = self.ctx.minter.id("narrative", self.slug, nar.section)
        self._fact(node, BWMO.Narrative, nar.evidence)
        section = section_labels(self.ctx).get(nar.section, nar.section)
        self.g.add((node, RDFS.label, Literal(f"{self.report.report_name}: {section}", lang="nl")))
        self.g.add((node, BWMO.region, self.iri))
        self.g.add((node, BWMO.section, code_concept("narrative-section", nar.section)))
        self.g.add((node, BWMO.text, Literal(nar.text, lang="nl")))
        self.g.add((self.iri, BWMO.hasNarrative, node))
        return node

    # -- checklist items the topic code list does not hold -----------------------------------------

    def _unknown_items(self) -> None:
        """An item another edition added (or renamed beyond recognition): the region names it,
        as a ``bwmo:UnresolvedMention`` of kind ``topic`` with the label as written and its line,
        so that it is visible in the data-quality views; never an assessment of another topic."""
        for item in self.report.unknown_items:
            node = unresolved(self.g, self.ctx, item.label, item.evidence, "topic")
            self.g.add((self.iri, BWMO.mentions, node))

    # -- mentions --------------------------------------------------------------------------------

    def _mentions(self) -> None:
        """What the region's texts name: one node per thing, a ``bwmo:Mention`` per region.

        Resolved names link to their node (a curated organisation, a code-list concept, the
        instrument by the cross-document rule of :mod:`bwgraph.transform.instruments`); a name
        seen but not resolved becomes a ``bwmo:UnresolvedMention`` with its text and line.
        """
        for mention in self.report.mentions:
            target = self._mention_target(mention)
            node = self.ctx.minter.id(
                "mention", self.slug, mention.kind, slugify(self._mention_key(mention))
            )
            self._fact(node, BWMO.Mention, mention.evidence)
            self.g.add((node, BWMO.region, self.iri))
            self.g.add((node, BWMO.mentionOf, target))
            self.g.add((node, BWMO.mentionKind, Literal(mention.kind)))
            self.g.add((node, BWMO.nameAsWritten, Literal(mention.name, lang="nl")))
            self.g.add(
                (node, RDFS.label, Literal(f"{self.report.report_name}: {mention.name}", lang="nl"))
            )
            self.g.add((self.iri, BWMO.mentions, target))

    @staticmethod
    def _mention_key(mention: MentionRecord) -> str:
        if mention.kind == "instrument":
            return f"{mention.key}-{mention.title or mention.name}"
        return mention.key or mention.name

    def _mention_target(self, mention: MentionRecord) -> URIRef:
        first = mention.evidence[0]
        if mention.kind == "organisation":
            if mention.key:
                return self.ctx.minter.organisation(mention.key)
            if mention.org_type == "governance_body":
                return self._body(mention)
            return unresolved(self.g, self.ctx, mention.name, first, "organisation")
        if mention.kind == "product":
            return code_concept("product", mention.key)
        if mention.kind == "law":
            if mention.key:
                return code_concept("law", mention.key)
            return unresolved(self.g, self.ctx, mention.name, first, "law")
        if mention.kind == "programme":
            return self._programme(mention)
        ref = InstrumentRef(
            mention.key,
            mention.name,
            mention.title,
            mention.evidence,
            self.slug,
            mention.status,
            mention.year,
        )
        return add_instrument(self.g, self.ctx, ref, region_name=self.report.report_name)

    def _body(self, mention: MentionRecord) -> URIRef:
        """A governance body the text names ("Taskforce EPA"): scoped to the region."""
        node = self.ctx.minter.id("body", self.slug, slugify(mention.name))
        self._fact(node, BWMO.GovernanceBody, mention.evidence)
        self.g.add((node, RDF.type, ORG.Organization))
        self.g.add((node, RDFS.label, Literal(mention.name, lang="nl")))
        self.g.add((node, BWMO.region, self.iri))
        self.g.add((node, ORG.classification, code_concept("organisation-type", "governance_body")))
        return node

    def _programme(self, mention: MentionRecord) -> URIRef:
        """A programme: national ones (Actieprogramma Weer Thuis) are one node for the country,
        others are scoped to the region that names them."""
        key = slugify(mention.key)
        node = (
            self.ctx.minter.id("programme", key)
            if mention.national
            else self.ctx.minter.id("programme", self.slug, key)
        )
        self._fact(node, BWMO.Programme, mention.evidence)
        self.g.add((node, RDFS.label, Literal(mention.name, lang="nl")))
        if not mention.national:
            self.g.add((node, BWMO.region, self.iri))
        return node


def unresolved(g: Graph, ctx: BuildContext, name: str, ev: Evidence, kind: str) -> URIRef:
    """A name seen but not resolved: a ``bwmo:UnresolvedMention`` with its text and line.

    Scoped to the document and line (``…/id/mention/{doc}/{line}/{name}``), so nothing is merged
    by guess; ``bwmo:mentionKind`` says what kind of thing the text names.
    """
    if kind == "organisation":
        node = ctx.organisation_node(g, name, ev)
    else:
        node = ctx.minter.id("mention", ev.doc_id, str(ev.line), slugify(name))
        g.add((node, RDF.type, BWMO.UnresolvedMention))
        g.add((node, RDFS.label, Literal(name, lang="nl")))
        g.add((node, SKOS.note, Literal(f"not resolved to a known {kind}", lang="en")))
        ctx.add_evidence(g, node, ev)
        g.add((node, PROV.wasDerivedFrom, ctx.minter.document(ev.doc_id)))
    g.add((node, BWMO.mentionKind, Literal(kind)))
    return node
