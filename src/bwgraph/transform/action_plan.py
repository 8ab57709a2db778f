"""Action-plan records → the document's named graph (document 002).

Identity decisions made here, once: the plan's municipalities are TOOI IRIs resolved on the
document date; "Centrum-gemeente" is the centrumgemeente the plan names; "Gemeenten" / "Alle
gemeenten" are all municipalities of the plan; a collective ("woningcorporaties") is a
``bwmo:OrganisationGroup`` scoped to the plan because the plan names none of its members; named
organisations go through ``ctx.organisation_node`` (unknown names stay unresolved mentions). The
region is found from the centrumgemeente in ``regions.csv``, not guessed from a name.
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import code_concept, slugify
from bwgraph.namespaces import BWMO, DCTERMS
from bwgraph.records import Evidence, ExtractResult, SourceDocument
from bwgraph.records.action_plan import (
    ActionPlanRecords,
    ActionRecord,
    ChapterRecord,
    Deadline,
    MoneyRecord,
    PartyRef,
)
from bwgraph.transform.instruments import add_instrument, instrument_iri, instrument_ref
from bwgraph.transform.literals import add_milestone, add_when, date_literal


def resolve_municipality(g: Graph, ctx: BuildContext, name: str, on: date, ev: Evidence) -> URIRef:
    """The TOOI IRI of the municipality ``name`` denoted on ``on``, else an unresolved mention."""
    m = ctx.municipalities.by_name(name, on=on)
    if m is not None:
        return URIRef(m.tooi_iri)
    return ctx.organisation_node(g, name, ev, context_slug=f"municipality-{slugify(name)}")


def add_deadline(
    g: Graph,
    ctx: BuildContext,
    node: URIRef,
    deadline: Deadline,
    ev: Evidence,
    key: tuple[str, ...],
) -> None:
    """Deadline facts of an action: dates, periods, status, phases.

    ``key`` is the natural key of ``node`` under ``id/action/``; a phase ("Def. plan") becomes
    a ``bwmo:Milestone`` at ``{key}/{phase-slug}``.
    """
    g.add((node, BWMO.deadlineText, Literal(deadline.text, lang="nl")))
    g.add((node, BWMO.deadlineStatus, code_concept("deadline-status", deadline.status)))
    if deadline.note:
        g.add((node, SKOS.note, Literal(deadline.note, lang="en")))
    for part in deadline.parts:
        add_when(g, node, part.day, part.period)
        if part.label:
            ms = add_milestone(
                g,
                ctx,
                ctx.minter.id("action", *key, slugify(part.label)),
                label=part.label,
                text=part.text,
                day=part.day,
                period=part.period,
                evidence=ev,
            )
            g.add((node, BWMO.deadlineLabel, ms))


class _PlanGraph:
    """Builds one plan's graph; holds the resolved municipalities so parties resolve once."""

    def __init__(self, result: ExtractResult, ctx: BuildContext) -> None:
        self.result = result
        self.ctx = ctx
        self.doc: SourceDocument = result.document
        self.g = new_graph()
        recs = [r for r in result.records if isinstance(r, ActionPlanRecords)]
        if len(recs) != 1:
            raise ValueError(
                f"{self.doc.path.name}: expected one ActionPlanRecords, got {len(recs)}"
            )
        self.rec = recs[0]
        self.plan = ctx.minter.id("plan", self.doc.id)
        self.doc_iri = ctx.minter.document(self.doc.id)
        self.municipalities: dict[str, URIRef] = {}
        self.centre: URIRef | None = None
        self.tasks: dict[int, URIRef] = {}
        self.chapters: dict[int, URIRef] = {}
        self.roles: dict[str, URIRef] = {}
        self.vision: URIRef | None = None
        self.region_slug: str | None = None

    def build(self) -> Graph:
        self._plan()
        self._tasks()
        for action in self.rec.actions:
            self._action(action)
        self._mentions()
        self._signatures()
        self._priorities()
        self._money()
        return self.g

    # --- plan, municipalities, region -----------------------------------------------------

    def _plan(self) -> None:
        g, ctx, info, plan = self.g, self.ctx, self.rec.plan, self.plan
        g.add((plan, RDF.type, BWMO.ActionPlan))
        g.add((plan, RDFS.label, Literal(info.title, lang="nl")))
        g.add((plan, DCTERMS.title, Literal(info.title, lang="nl")))
        g.add((plan, BWMO.subject, Literal(info.subject, lang="nl")))
        g.add((plan, BWMO.periodStart, Literal(str(info.period_start), datatype=XSD.gYear)))
        g.add((plan, BWMO.periodEnd, Literal(str(info.period_end), datatype=XSD.gYear)))
        if info.version_date:
            g.add((plan, BWMO.documentDate, date_literal(info.version_date)))
        if info.version_label:
            g.add((plan, BWMO.versionLabel, Literal(info.version_label, lang="nl")))
        g.add((plan, BWMO.describedIn, self.doc_iri))
        g.add((plan, PROV.wasDerivedFrom, self.doc_iri))
        for ev in (info.title_evidence, info.version_evidence, *info.municipality_evidence):
            ctx.add_evidence(g, plan, ev)
        first_ev = info.municipality_evidence[0]
        for name in info.municipalities:
            evs = [e for e in info.municipality_evidence if name in e.quote] or [first_ev]
            iri = resolve_municipality(g, ctx, name, self.doc.date, evs[0])
            self.municipalities[name] = iri
            g.add((plan, BWMO.party, iri))
        self.centre = self.municipalities[info.centrumgemeente]
        self._region()
        if info.implements_title and info.implements_evidence:
            self._implements(info.implements_title, info.implements_evidence)

    def _region(self) -> None:
        g, ctx, info = self.g, self.ctx, self.rec.plan
        m = ctx.municipalities.by_name(info.centrumgemeente, on=self.doc.date)
        regions = ctx.regions.by_centrumgemeente(m.cbs_code) if m else []
        if len(regions) != 1:
            self.result.warn(
                info.municipality_evidence[0].line,
                f"no single BW/MO region has centrumgemeente {info.centrumgemeente!r}; "
                "plan not linked to a region",
            )
            return
        slug = regions[0].slug
        self.region_slug = slug
        region = ctx.minter.region(slug)
        g.add((self.plan, BWMO.region, region))
        if self.centre is not None:
            g.add((region, BWMO.centrumgemeente, self.centre))
        for name, iri in self.municipalities.items():
            evs = [e for e in info.municipality_evidence if name in e.quote]
            if not evs:
                continue
            mm = ctx.municipalities.by_name(name, on=self.doc.date)
            key = mm.cbs_code.lower() if mm else slugify(name)
            ms = ctx.minter.id("membership", slug, key, self.doc.id)
            g.add((ms, RDF.type, BWMO.RegionMembership))
            g.add((ms, ORG.member, iri))
            g.add((ms, ORG.organization, region))
            g.add((ms, BWMO.statedOn, date_literal(self.doc.date)))
            g.add((ms, BWMO.nameInSource, Literal(name, lang="nl")))
            region_name = ctx.regions.regions[slug].report_name
            g.add((ms, RDFS.label, Literal(f"{name} in regio {region_name}", lang="nl")))
            g.add((ms, PROV.wasDerivedFrom, self.doc_iri))
            g.add((region, ORG.hasMember, iri))
            for ev in evs:
                ctx.add_evidence(g, ms, ev)

    def _implements(self, title: str, ev: Evidence) -> None:
        """The regiovisie the plan works out: the region's instrument by the cross-document rule
        (:mod:`bwgraph.transform.instruments`), so the status report's mention of the same
        regiovisie is the same node, with the evidence of both documents."""
        g = self.g
        ref = instrument_ref(title, (ev,), self.region_slug, default="regiovisie")
        vision = add_instrument(g, self.ctx, ref)
        for iri in self.municipalities.values():
            g.add((vision, BWMO.party, iri))
        g.add((self.plan, BWMO.implements, vision))
        self.vision = vision
        # the plan itself, as other documents name it ("in 2017 een regiovisie met een actieplan
        # opgesteld"): the same rule gives the IRI they use; identity is likely, not certain
        if self.region_slug:
            own = instrument_ref(
                self.rec.plan.title,
                (self.rec.plan.title_evidence,),
                self.region_slug,
                default="plan",
            )
            g.add((self.plan, SKOS.exactMatch, instrument_iri(self.ctx, own)))

    # --- tasks and actions ----------------------------------------------------------------

    def _tasks(self) -> None:
        """A node per chapter that holds action points (and per numbered transformation task).

        A chapter on a transformation task ("2. Transformatieopgave Wonen en huisvesting") is
        the task itself: one node, typed both. Chapter 6 ("Organiseren van de samenwerking en
        uitvoering") holds actions but is no transformation task: its actions get a
        ``bwmo:chapter`` and no ``bwmo:task``.
        """
        with_actions = {a.chapter for a in self.rec.actions}
        for ch in self.rec.chapters:
            if ch.task_number is None and ch.number not in with_actions:
                continue
            self.chapters[ch.number] = self._chapter(ch)
            if ch.task_number is not None:
                self.tasks[ch.number] = self.chapters[ch.number]

    def _chapter(self, ch: ChapterRecord) -> URIRef:
        g = self.g
        node = self.ctx.minter.id("task", self.doc.id, slugify(ch.label))
        g.add((node, RDF.type, BWMO.PlanChapter))
        g.add((node, RDFS.label, Literal(ch.label, lang="nl")))
        g.add((node, BWMO.chapterNumber, Literal(ch.number, datatype=XSD.integer)))
        if ch.task_number is not None:
            g.add((node, RDF.type, BWMO.TransformationTask))
            g.add((node, SKOS.notation, Literal(str(ch.task_number))))
            g.add((node, BWMO.partOf, self.plan))
        g.add((node, DCTERMS.isPartOf, self.plan))
        for ev in ch.evidence:
            self.ctx.add_evidence(g, node, ev)
        return node

    def _action(self, a: ActionRecord) -> None:
        g, ctx = self.g, self.ctx
        node = ctx.minter.id("action", self.doc.id, str(a.number))
        g.add((node, RDF.type, BWMO.ActionPoint))
        g.add((node, RDFS.label, Literal(f"Actiepunt {a.number}", lang="nl")))
        g.add((node, BWMO.actionNumber, Literal(a.number, datatype=XSD.integer)))
        g.add((node, BWMO.text, Literal(a.text, lang="nl")))
        g.add((node, BWMO.partOf, self.plan))
        if a.chapter in self.chapters:
            g.add((node, BWMO.chapter, self.chapters[a.chapter]))
        if a.chapter in self.tasks:
            g.add((node, BWMO.task, self.tasks[a.chapter]))
        if a.section:
            g.add((node, BWMO.sectionHeading, Literal(a.section, lang="nl")))
        g.add((node, BWMO.responsibleText, Literal(a.responsible_text, lang="nl")))
        for party in a.parties:
            for iri in self._party(party, a.evidence):
                g.add((node, BWMO.responsibleParty, iri))
                if party.initiative:
                    g.add((node, BWMO.initiativeBy, iri))
        add_deadline(g, ctx, node, a.deadline, a.evidence, (self.doc.id, str(a.number)))
        g.add((node, PROV.wasDerivedFrom, self.doc_iri))
        ctx.add_evidence(g, node, a.evidence)

    def _party(self, party: PartyRef, ev: Evidence) -> list[URIRef]:
        if party.kind == "municipalities":
            return list(self.municipalities.values())
        if party.kind == "centre":
            return [self.centre] if self.centre is not None else []
        if party.kind == "organisation":
            return [self.ctx.organisation_node(self.g, party.name, ev)]
        return [self._role(party, ev)]

    def _role(self, party: PartyRef, ev: Evidence) -> URIRef:
        """A group the plan names as a whole ("woningcorporaties"): a ``bwmo:OrganisationGroup``
        scoped to this plan, because the plan names none of its members."""
        if party.name in self.roles:
            return self.roles[party.name]
        g = self.g
        node = self.ctx.minter.id("organisation", self.doc.id, slugify(party.name))
        g.add((node, RDF.type, BWMO.OrganisationGroup))
        g.add((node, RDFS.label, Literal(party.name, lang="nl")))
        if party.org_type:
            g.add((node, ORG.classification, code_concept("organisation-type", party.org_type)))
        g.add(
            (
                node,
                SKOS.note,
                Literal(
                    "A group the plan names as a whole; it names no individual organisation.",
                    lang="en",
                ),
            )
        )
        self.ctx.add_evidence(g, node, ev)
        self.roles[party.name] = node
        return node

    # --- organisations named in the text --------------------------------------------------

    def _mentions(self) -> None:
        g, ctx = self.g, self.ctx
        for mention in self.rec.organisations:
            if mention.group_type:
                group = PartyRef("group", mention.name, False, mention.group_type)
                iri = self._role(group, mention.evidence[0])
            else:
                iri = ctx.organisation_node(g, mention.name, mention.evidence[0])
            ctx.add_mention(g, self.plan, iri, mention.name, mention.evidence)

    # --- signatures, speerpunten, money ------------------------------------------------------

    def _signatures(self) -> None:
        """Who signed the plan: one ``bwmo:Signature`` per person, on behalf of a municipality.

        The municipality becomes a ``bwmo:signatory`` of the plan; the person is kept by name
        and office as written (people are not organisations and get no IRI of their own).
        """
        g, ctx = self.g, self.ctx
        for sig in self.rec.signatures:
            node = ctx.minter.id("signature", self.doc.id, slugify(sig.name))
            g.add((node, RDF.type, BWMO.Signature))
            g.add((node, RDFS.label, Literal(f"{sig.name}, {sig.role}", lang="nl")))
            g.add((node, BWMO.signerName, Literal(sig.name)))
            g.add((node, BWMO.signerRole, Literal(sig.role, lang="nl")))
            g.add((node, PROV.wasDerivedFrom, self.doc_iri))
            muni = self.municipalities.get(sig.municipality) or resolve_municipality(
                g, ctx, sig.municipality, self.doc.date, sig.evidence[-1]
            )
            g.add((node, BWMO.onBehalfOf, muni))
            g.add((self.plan, BWMO.signature, node))
            g.add((self.plan, BWMO.signatory, muni))
            for ev in sig.evidence:
                ctx.add_evidence(g, node, ev)

    def _priorities(self) -> None:
        """Speerpunten: of the regiovisie when the plan says the vision holds them."""
        g, ctx = self.g, self.ctx
        for p in self.rec.priorities:
            owner = self.vision if p.owner == "regiovisie" and self.vision else self.plan
            node = ctx.minter.id("priority", self.doc.id, str(p.number))
            g.add((node, RDF.type, BWMO.Priority))
            g.add((node, RDFS.label, Literal(p.text, lang="nl")))
            g.add((node, BWMO.position, Literal(p.number, datatype=XSD.positiveInteger)))
            g.add((node, PROV.wasDerivedFrom, self.doc_iri))
            g.add((owner, BWMO.priority, node))
            for ev in p.evidence:
                ctx.add_evidence(g, node, ev)

    def _money(self) -> None:
        """The reserve, the amounts taken from it and the budget lines, each with its line.

        An allocation ("Hiervan wordt € 1,5 miljoen aangewend …", "Het resterende saldo van de
        regioreserve …") is funded from the reserve its sentence names; a budget-table row is
        funded from a reserve only when the text says the budget is "gedekt vanuit" it.
        """
        g, ctx = self.g, self.ctx
        reserves: dict[str, tuple[URIRef, MoneyRecord]] = {}
        for m in self.rec.money:
            if m.kind != "reserve":
                continue
            node = ctx.minter.id("reserve", self.doc.id, slugify(m.purpose))
            g.add((node, RDF.type, BWMO.Reserve))
            g.add((node, RDFS.label, Literal(m.purpose, lang="nl")))
            self._amount(node, m)
            if m.as_of:
                g.add((node, BWMO.balanceDate, date_literal(m.as_of)))
            g.add((self.plan, BWMO.reserve, node))
            reserves[m.purpose.lower()] = (node, m)
        covering = [
            (node, r.evidence)
            for node, r in reserves.values()
            if re.search(rf"gedekt vanuit de {re.escape(r.purpose)}", r.evidence.quote, re.I)
        ]
        for m in self.rec.money:
            if m.kind == "reserve":
                continue
            words = re.sub(r"[^\w\s-]", " ", m.purpose).split()[:6]
            node = ctx.minter.id("budget-line", self.doc.id, m.kind, slugify(" ".join(words)))
            g.add((node, RDF.type, BWMO.BudgetLine))
            g.add((node, RDFS.label, Literal(m.purpose, lang="nl")))
            g.add((node, BWMO.budgetKind, Literal(m.kind)))
            self._amount(node, m)
            if m.section:
                g.add((node, BWMO.sectionHeading, Literal(m.section, lang="nl")))
            if m.period:
                g.add((node, BWMO.periodStart, Literal(str(m.period[0]), datatype=XSD.gYear)))
                g.add((node, BWMO.periodEnd, Literal(str(m.period[1]), datatype=XSD.gYear)))
            g.add((self.plan, BWMO.budgetLine, node))
            if m.kind == "allocation":
                for reserve, r in reserves.values():
                    if r.evidence.line == m.evidence.line:  # "Hiervan …", "resterende saldo …"
                        g.add((node, BWMO.fundedFrom, reserve))
            elif m.kind == "budget":
                for reserve, ev in covering:
                    g.add((node, BWMO.fundedFrom, reserve))
                    ctx.add_evidence(g, node, ev)

    def _amount(self, node: URIRef, m: MoneyRecord) -> None:
        g = self.g
        g.add((node, BWMO.amountEur, Literal(str(m.amount_eur), datatype=XSD.decimal)))
        g.add((node, BWMO.amountText, Literal(m.amount_text, lang="nl")))
        g.add((node, PROV.wasDerivedFrom, self.doc_iri))
        self.ctx.add_evidence(g, node, m.evidence)


def to_graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    """The named graph of an action plan: plan, region link, tasks, actions, mentions."""
    return _PlanGraph(result, ctx).build()
