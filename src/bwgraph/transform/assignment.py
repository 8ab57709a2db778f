"""Assignment records → the document's named graph (document 000, Lekstroom).

The cooperation the assignment is for (Lekstroom) is an ``org:OrganizationalCollaboration`` at
``id/body/{slug}``: it is a sub-area of a BW/MO region, not a BW/MO region itself, so it is not in
``regions.csv``. Its members are only the municipalities the form names, each through an
``org:Membership`` with evidence and the name as written; a municipality is resolved on the
document date (Vianen, merged into Vijfheerenlanden on 2019-01-01, stays Vianen here; the
reference graph carries it forward with ``dct:isReplacedBy``).

Contradictions of the form are recorded, not resolved: each stated date is a ``bwmo:Milestone``
with its own evidence, the stated hours total is kept next to the lines with a note when they do
not add up.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import code_concept, slugify
from bwgraph.namespaces import BWMO, DCTERMS
from bwgraph.records import ExtractResult
from bwgraph.records.assignment import AssignmentRecords, DateStatement
from bwgraph.transform.action_plan import resolve_municipality
from bwgraph.transform.literals import add_milestone, date_literal

#: Date statements that state the assignment's deadline (labels of ``DATE_STATEMENTS``).
DEADLINE_LABELS = ("deadline", "opleveren regionale samenwerkingsagenda")
#: The "Tijd" bullet that states a completion date of its own.
COMPLETION_LABEL = "Afronding vervolgfase"


def _short_slug(text: str, words: int = 8) -> str:
    return slugify(" ".join(text.split()[:words]))


class _AssignmentGraph:
    def __init__(self, result: ExtractResult, ctx: BuildContext) -> None:
        recs = [r for r in result.records if isinstance(r, AssignmentRecords)]
        if len(recs) != 1:
            raise ValueError(
                f"{result.document.path.name}: expected one AssignmentRecords, got {len(recs)}"
            )
        self.rec = recs[0]
        self.result = result
        self.ctx = ctx
        self.doc = result.document
        self.g = new_graph()
        self.node = ctx.minter.id("assignment", self.doc.id)
        self.doc_iri = ctx.minter.document(self.doc.id)
        self.municipalities: dict[str, URIRef] = {}

    def build(self) -> Graph:
        self._assignment()
        self._cooperation()
        self._roles()
        self._dates()
        self._hours()
        self._activities()
        self._risks()
        self._related()
        self._mentions()
        return self.g

    def _assignment(self) -> None:
        g, rec, a = self.g, self.rec, self.node
        g.add((a, RDF.type, BWMO.Assignment))
        g.add((a, DCTERMS.title, Literal(rec.subject.text, lang="nl")))
        g.add((a, RDFS.label, Literal(rec.subject.text, lang="nl")))
        g.add((a, BWMO.subject, Literal(rec.subject.text, lang="nl")))
        g.add((a, BWMO.describedIn, self.doc_iri))
        g.add((a, PROV.wasDerivedFrom, self.doc_iri))
        self.ctx.add_evidence(g, a, rec.subject.evidence)
        fields = {f.label: f for f in rec.fields}
        for label, prop in (("Doel", BWMO.goal), ("Gewenst resultaat", BWMO.desiredResult)):
            f = fields.get(label)
            if f is not None:
                g.add((a, prop, Literal(f.text, lang="nl")))
                self.ctx.add_evidence(g, a, f.evidence)
        for m in rec.municipalities:
            self.municipalities[m.name] = resolve_municipality(
                g, self.ctx, m.name, self.doc.date, m.evidence[0]
            )

    def _cooperation(self) -> None:
        g, ctx, rec = self.g, self.ctx, self.rec
        body = ctx.minter.id("body", slugify(rec.cooperation))
        g.add((body, RDF.type, ORG.OrganizationalCollaboration))
        g.add((body, RDFS.label, Literal(rec.cooperation, lang="nl")))
        for ev in rec.cooperation_evidence:
            ctx.add_evidence(g, body, ev)
            if f"regio {rec.cooperation}" in ev.quote:
                g.add((body, SKOS.altLabel, Literal(f"regio {rec.cooperation}", lang="nl")))
        g.add((self.node, BWMO.party, body))
        for mention in rec.municipalities:
            iri = self.municipalities[mention.name]
            m = ctx.municipalities.by_name(mention.name, on=self.doc.date)
            key = m.cbs_code.lower() if m else slugify(mention.name)
            ms = ctx.minter.id("membership", slugify(rec.cooperation), key, self.doc.id)
            g.add((ms, RDF.type, ORG.Membership))
            g.add((ms, ORG.member, iri))
            g.add((ms, ORG.organization, body))
            g.add((ms, DCTERMS.date, date_literal(self.doc.date)))
            g.add((ms, BWMO.nameInSource, Literal(mention.name, lang="nl")))
            label = f"{mention.name} in {rec.cooperation}"
            g.add((ms, RDFS.label, Literal(label, lang="nl")))
            g.add((ms, PROV.wasDerivedFrom, self.doc_iri))
            for ev in mention.evidence:
                ctx.add_evidence(g, ms, ev)
            g.add((body, ORG.hasMember, iri))
            g.add((self.node, BWMO.party, iri))

    def _roles(self) -> None:
        g, ctx = self.g, self.ctx
        commissioners: set[URIRef] = set()
        for r in self.rec.roles:
            node = ctx.minter.id("role", self.doc.id, slugify(r.role))
            g.add((node, RDF.type, BWMO.Role))
            # the role's title as written; W3C ORG's org:role is an object property, so the
            # title is the label and the holder's name a separate literal
            g.add((node, RDFS.label, Literal(r.role, lang="nl")))
            g.add((node, BWMO.holderName, Literal(r.holder)))
            if r.qualifier:
                g.add((node, BWMO.roleDescription, Literal(r.qualifier, lang="nl")))
            if r.organisation:
                org = resolve_municipality(g, ctx, r.organisation, self.doc.date, r.evidence)
                g.add((node, BWMO.heldBy, org))
                if "opdrachtgever" in r.role.lower():
                    commissioners.add(org)
            ctx.add_evidence(g, node, r.evidence)
            g.add((self.node, BWMO.role, node))
        for org in commissioners:
            g.add((self.node, BWMO.commissionedBy, org))

    def _dates(self) -> None:
        g, ctx, a = self.g, self.ctx, self.node
        deadlines: list[DateStatement] = []
        for d in self.rec.dates:
            ms = add_milestone(
                g,
                ctx,
                ctx.minter.id("assignment", self.doc.id, "date", slugify(d.label)),
                label=d.label,
                text=d.text,
                day=d.day,
                period=d.period,
                evidence=d.evidence,
            )
            g.add((a, BWMO.milestone, ms))
            if d.label in DEADLINE_LABELS and d.day:
                deadlines.append(d)
        for d in deadlines:
            g.add((a, BWMO.deadline, date_literal(d.day)))  # type: ignore[arg-type]
            ctx.add_evidence(g, a, d.evidence)
        completion = [d for d in self.rec.dates if d.label == COMPLETION_LABEL and d.day]
        days = {d.day for d in deadlines}
        for c in completion:
            if days and c.day not in days:
                stated = ", ".join(
                    sorted(f"{d.text!r} (line {d.evidence.line})" for d in deadlines)
                )
                g.add(
                    (
                        a,
                        SKOS.note,
                        Literal(
                            f"The form states conflicting dates: '{c.label}: {c.text}' (line "
                            f"{c.evidence.line}) against the deadline {stated}. Both are "
                            "recorded as stated; neither is corrected.",
                            lang="en",
                        ),
                    )
                )

    def _hours(self) -> None:
        g, ctx, a = self.g, self.ctx, self.node
        for line in self.rec.budget_lines:
            node = ctx.minter.id("budget-line", self.doc.id, slugify(line.label))
            g.add((node, RDF.type, BWMO.BudgetLine))
            g.add((node, RDFS.label, Literal(line.label, lang="nl")))
            g.add((node, BWMO.hours, Literal(line.hours, datatype=XSD.decimal)))
            g.add((node, BWMO.perMunicipality, Literal(line.per_municipality)))
            g.add((node, BWMO.hoursText, Literal(line.text, lang="nl")))
            ctx.add_evidence(g, node, line.evidence)
            g.add((a, BWMO.hoursBudget, node))
        total = self.rec.total
        if total is None:
            return
        g.add((a, BWMO.totalHours, Literal(total.hours, datatype=XSD.decimal)))
        g.add((a, BWMO.totalHoursText, Literal(total.text, lang="nl")))
        if total.note:
            g.add((a, SKOS.note, Literal(total.note, lang="en")))
        ctx.add_evidence(g, a, total.evidence)

    def _activities(self) -> None:
        g, ctx = self.g, self.ctx
        for act in self.rec.activities:
            node = ctx.minter.id("activity", self.doc.id, slugify(act.what))
            g.add((node, RDF.type, BWMO.Activity))
            g.add((node, RDFS.label, Literal(act.what, lang="nl")))
            g.add((node, BWMO.timing, Literal(act.when, lang="nl")))
            g.add((node, BWMO.position, Literal(act.position, datatype=XSD.positiveInteger)))
            for ev in act.evidence:
                ctx.add_evidence(g, node, ev)
            g.add((self.node, BWMO.activity, node))

    def _risks(self) -> None:
        g, ctx = self.g, self.ctx
        for risk in self.rec.risks:
            node = ctx.minter.id("risk", self.doc.id, _short_slug(risk.text))
            g.add((node, RDF.type, BWMO.Risk))
            g.add((node, RDFS.label, Literal(risk.text, lang="nl")))
            g.add((node, BWMO.position, Literal(risk.position, datatype=XSD.positiveInteger)))
            ctx.add_evidence(g, node, risk.evidence)
            g.add((self.node, BWMO.risk, node))

    def _related(self) -> None:
        g, ctx = self.g, self.ctx
        coop = slugify(self.rec.cooperation)
        for rel in self.rec.related:
            node = ctx.minter.id("assignment", coop, slugify(rel.label))
            g.add((node, RDF.type, BWMO.Assignment))
            g.add((node, RDFS.label, Literal(rel.label, lang="nl")))
            if rel.note:
                g.add((node, RDFS.comment, Literal(rel.note, lang="nl")))
            if rel.topic == "bw_mo":
                for product in ("beschermd_wonen", "maatschappelijke_opvang"):
                    g.add((node, DCTERMS.subject, code_concept("product", product)))
            g.add((node, PROV.wasDerivedFrom, self.doc_iri))
            for ev in rel.evidence:
                ctx.add_evidence(g, node, ev)
            g.add((self.node, BWMO.relatedInstrument, node))

    def _mentions(self) -> None:
        g, ctx = self.g, self.ctx
        for mention in self.rec.organisations:
            iri = ctx.organisation_node(g, mention.name, mention.evidence[0])
            ctx.add_mention(g, self.node, iri, mention.name, mention.evidence)


def to_graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    """The named graph of an assignment: the instrument, its cooperation, roles, dates, hours,
    activities, risks, related assignments and named organisations."""
    return _AssignmentGraph(result, ctx).build()
