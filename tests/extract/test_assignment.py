"""Document 000 (Lekstroom assignment Wonen & Zorg): values read from the document by hand.

Line numbers refer to ``data/sources/000_30bbccde72fbd127.txt``.
"""

# ruff: noqa: E501

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext
from bwgraph.extract.assignment import EXTRACTOR
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO, TOOI_GEMEENTE
from bwgraph.records import ExtractionError, SourceDocument
from bwgraph.records.assignment import AssignmentRecords
from bwgraph.transform.assignment import to_graph
from tests.extract.conftest import ConformsCheck

HOUTEN = TOOI_GEMEENTE["gm0321"]
NIEUWEGEIN = TOOI_GEMEENTE["gm0356"]
VIANEN = TOOI_GEMEENTE["gm0620"]  # until 2018-12-31; then Vijfheerenlanden (gm1961)
VIJFHEERENLANDEN = TOOI_GEMEENTE["gm1961"]
IJSSELSTEIN = TOOI_GEMEENTE["gm0353"]
LOPIK = TOOI_GEMEENTE["gm0331"]

# line 18, the bullets of "Capaciteit/tijdsinzet": (label, hours, per municipality)
HOURS = [
    ("Ambtelijk voorzitterschap Houten", Decimal(194), False),
    ("Formulieren deelopdracht woonruimteverdeling", Decimal(16), False),
    ("Analyse onderzoeken en inventarisaties", Decimal(40), False),
    (
        "Ambtelijke ondersteuning (verslag, mailingen, plannen afspraken, voorbereiden/organiseren bijeenkomsten)",
        Decimal(80),
        False,
    ),
    ("Ambtelijke inzet overige Lekstroomgemeenten", Decimal(24), True),
    ("Inzet van andere relevante actoren", Decimal(10), False),
]

# (what, when, lines): lines 21 (HTML table and its tab copy) and 23-30 state the first eight
# rows; lines 32-38 hold seven more rows, only in tab-separated form. A superscript ordinal that
# lost its formatting ("1 ^e" in the file) reads as the ordinal it is ("1e").
ACTIVITIES = [
    ("Bespreking opdracht ambtelijk", "25-31 januari", [21, 23]),
    ("Ambtelijke feedbackronde Lekstroom", "1-8 februari", [21, 24]),
    ("Afstemming opdracht met ambtelijk opdrachtgever", "Voor 15 februari", [21, 25]),
    ("(Door)start ambtelijke werkgroep W&Z", "Tweede helft februari", [21, 26]),
    ("Bestuurlijke opdracht woonruimteverdeling", "Half maart", [21, 27]),
    ("Lokale vertalingen Atrivé onderzoek e.d.", "Half maart", [21, 28]),
    ("Analyse onderzoeken en inventarisaties", "Mei en juni", [21, 29]),
    (
        "Vorbereiden introductiebijeenkomst nieuwe colleges en raadsleden",
        "Mei en 1e helt juni",
        [21, 30],
    ),
    ("Introductiebijeenkomst W&Z nieuwe colleges en raadsleden", "2e helft juni", [32]),
    (
        "Aankondigen en voorbereiden symposium Wonen en Zorg Lekstroom",
        "2e helft juni/juli-augustus",
        [33],
    ),
    ("Tussentijdse terugkoppeling gemeentesecretarissenoverleg en BPSDL", "Begin juli", [34]),
    ("Symposium Wonen&Zorg Lekstroom", "2e week september", [35]),
    (
        "Opstellen concrete regionale samenwerkingsagenda W&Z Lekstroom (kansen)",
        "2e helft september-1e helft oktober",
        [36],
    ),
    (
        "Opleveren regionale samenwerkingsagenda aan gemeentesecretarissen-overleg Lekstroom",
        "15 oktober",
        [37],
    ),
    ("Opleveren regionale samenwerkingsagenda W&Z Lekstroom aan BPSDL", "30 oktober", [38]),
]


@pytest.fixture(scope="module")
def doc(sources: dict[str, SourceDocument]) -> SourceDocument:
    return sources["assignment"]


@pytest.fixture(scope="module")
def records(doc: SourceDocument) -> AssignmentRecords:
    rec = EXTRACTOR.extract(doc).records[0]
    assert isinstance(rec, AssignmentRecords)
    return rec


@pytest.fixture(scope="module")
def graph(doc: SourceDocument, ctx: BuildContext) -> Graph:
    return to_graph(EXTRACTOR.extract(doc), ctx)


@pytest.fixture(scope="module")
def node(doc: SourceDocument, ctx: BuildContext) -> URIRef:
    return ctx.minter.id("assignment", doc.id)


def test_detect_only_its_own_kind(sources: dict[str, SourceDocument]) -> None:
    for kind, d in sources.items():
        text = d.path.read_text(encoding="utf-8")
        assert EXTRACTOR.detect(text) is (kind == "assignment"), kind


def test_subject_goal_and_commissioner(graph: Graph, node: URIRef) -> None:
    # line 3: "Onderwerp	Vervolgopdracht regionale samenwerking Wonen & Zorg in Lekstroom"
    assert (node, RDF.type, BWMO.Assignment) in graph
    assert graph.value(node, BWMO.subject) == Literal(
        "Vervolgopdracht regionale samenwerking Wonen & Zorg in Lekstroom", lang="nl"
    )
    # line 8: "Doel	De opdracht van de regionale werkgroep is te sturen op de randvoorwaarden …"
    assert str(graph.value(node, BWMO.goal)).startswith("De opdracht van de regionale werkgroep")
    # line 4: "Ambtelijk opdrachtgever …: Chris Jansens (gemeente Houten)"
    assert set(graph.objects(node, BWMO.commissionedBy)) == {HOUTEN}


def test_roles(graph: Graph, node: URIRef) -> None:
    roles = {
        str(graph.value(r, RDFS.label)): (
            str(graph.value(r, BWMO.holderName)),
            graph.value(r, BWMO.heldBy),
        )
        for r in graph.objects(node, BWMO.role)
    }
    assert roles == {
        "Bestuurlijk opdrachtgever": ("Hans Adriani", None),  # line 4: no organisation stated
        "Ambtelijk opdrachtgever vanuit het programmaleidersoverleg": (
            "Chris Jansens",
            HOUTEN,
        ),  # 4
        "Beoogd opdrachtnemer": ("Ineke Kosterman", HOUTEN),  # line 5
    }


def test_lekstroom_is_a_cooperation_of_the_municipalities_it_names(
    graph: Graph, ctx: BuildContext, node: URIRef
) -> None:
    body = ctx.minter.id("body", "lekstroom")
    assert (body, RDF.type, ORG.OrganizationalCollaboration) in graph
    assert body in set(graph.objects(node, BWMO.party))
    # line 7: "… bouw mogelijkheden in Nieuwegein, Houten en Vianen liggen"; the form never
    # names IJsselstein or Lopik, so they are not asserted as members here.
    assert set(graph.objects(body, ORG.hasMember)) == {HOUTEN, NIEUWEGEIN, VIANEN}
    memberships = {graph.value(m, ORG.member): m for m in graph.subjects(ORG.organization, body)}
    assert set(memberships) == {HOUTEN, NIEUWEGEIN, VIANEN}
    for m in memberships.values():
        assert graph.value(m, BWMO.evidence) is not None


def test_vianen_resolved_on_the_document_date_keeps_its_name(
    graph: Graph, ctx: BuildContext
) -> None:
    """Vianen merged into Vijfheerenlanden on 2019-01-01; the form is of February 2018."""
    body = ctx.minter.id("body", "lekstroom")
    ms = next(
        m for m in graph.subjects(ORG.member, VIANEN) if graph.value(m, ORG.organization) == body
    )
    assert graph.value(ms, BWMO.nameInSource) == Literal("Vianen", lang="nl")
    assert VIJFHEERENLANDEN not in set(graph.objects(body, ORG.hasMember))
    # the reference data carries Vianen forward to Vijfheerenlanden
    assert ctx.municipalities.successors("GM0620") == [(date(2019, 1, 1), "GM1961")]


def test_hours_lines_and_stated_total(
    records: AssignmentRecords, graph: Graph, node: URIRef
) -> None:
    assert [(b.label, b.hours, b.per_municipality) for b in records.budget_lines] == HOURS
    lines = {
        str(graph.value(b, RDFS.label)): graph.value(b, BWMO.hours)
        for b in graph.objects(node, BWMO.hoursBudget)
    }
    assert lines == {label: Literal(h, datatype=XSD.decimal) for label, h, _ in HOURS}
    # line 18: "Totaal: 426 uur t/m 1 november 2018"
    assert graph.value(node, BWMO.totalHours) == Literal(Decimal(426), datatype=XSD.decimal)
    assert graph.value(node, BWMO.totalHoursText) == Literal(
        "Totaal: 426 uur t/m 1 november 2018", lang="nl"
    )


def test_hours_that_do_not_add_up_get_a_note_not_a_fix(
    records: AssignmentRecords, graph: Graph, node: URIRef
) -> None:
    """194 + 16 + 40 + 80 + 10 = 340, plus 4 × 24 for the other Lekstroom municipalities = 436,
    but the form says 426 (and 426 - 340 = 86 is no multiple of 24)."""
    total = records.total
    assert total is not None
    assert (total.hours, total.fixed_sum, total.expected, total.adds_up) == (
        Decimal(426),
        Decimal(340),
        Decimal(436),
        False,
    )
    notes = [str(n) for n in graph.objects(node, SKOS.note)]
    assert any("436" in n and "426" in n for n in notes)


def test_conflicting_completion_dates_are_both_recorded(
    graph: Graph, ctx: BuildContext, doc: SourceDocument, node: URIRef
) -> None:
    def ms(slug: str) -> URIRef:
        return ctx.minter.id("assignment", doc.id, "date", slug)

    # line 11: "Start: februari 2018 • Afronding vervolgfase: 1 november 2017"
    assert graph.value(ms("start"), BWMO.deadlinePeriod) == Literal(
        "2018-02", datatype=XSD.gYearMonth
    )
    assert graph.value(ms("start"), BWMO.deadline) is None
    assert graph.value(ms("afronding-vervolgfase"), BWMO.deadline) == Literal(
        "2017-11-01", datatype=XSD.date
    )
    # line 19: "(deadline 1 november 2018)"; line 10: "Voor 1 november 2018 opleveren …"
    assert graph.value(ms("deadline"), BWMO.deadline) == Literal("2018-11-01", datatype=XSD.date)
    assert set(graph.objects(node, BWMO.deadline)) == {Literal("2018-11-01", datatype=XSD.date)}
    assert graph.value(ms("afronding-vervolgfase"), BWMO.evidence) == ctx.minter.source_line(
        doc.id, 11
    )
    assert any("conflicting" in str(n) for n in graph.objects(node, SKOS.note))


def test_activities_once_each_with_timing(
    records: AssignmentRecords, graph: Graph, node: URIRef
) -> None:
    got = [(a.what, a.when, [e.line for e in a.evidence]) for a in records.activities]
    assert got == ACTIVITIES
    assert len(set(graph.objects(node, BWMO.activity))) == 15
    timings = {
        str(graph.value(a, RDFS.label)): str(graph.value(a, BWMO.timing))
        for a in graph.objects(node, BWMO.activity)
    }
    assert timings == {what: when for what, when, _ in ACTIVITIES}


def test_risks(records: AssignmentRecords, graph: Graph, node: URIRef) -> None:
    # line 39: six "•" items under "Afbreukrisico's"
    assert [r.text[:30] for r in records.risks] == [
        "Onvoldoende animo om tot regio",
        "Onvoldoende beschikbaarheid ex",
        "Onheldere of niet realistische",
        "Geen eenduidige aansturing van",
        "Teveel bezig met praktische ui",
        "Te weinig ambtelijke capacitei",
    ]
    assert len(set(graph.objects(node, BWMO.risk))) == 6


def test_related_assignments_and_bw_mo(graph: Graph, ctx: BuildContext, node: URIRef) -> None:
    related = {
        str(graph.value(r, RDFS.label)): r for r in graph.objects(node, BWMO.relatedInstrument)
    }
    # line 40 names three; lines 7 and 10 the separate assignment on housing allocation
    assert set(related) == {
        "Opdracht Beschermd Wonen en Maatschappelijke Opvang",
        "Deelopdracht Inventarisatie (jeugd) hulp met verblijf",
        "Ontwikkeling inkoopstrategie 2020",
        "Bestuurlijke opdracht woonruimteverdeling",
    }
    bwmo = related["Opdracht Beschermd Wonen en Maatschappelijke Opvang"]
    assert graph.value(bwmo, RDFS.comment) == Literal(
        "vastgesteld in het BPSDL van mei 2017", lang="nl"
    )
    from rdflib.namespace import DCTERMS

    assert set(graph.objects(bwmo, DCTERMS.subject)) == {
        code_concept("product", "beschermd_wonen"),
        code_concept("product", "maatschappelijke_opvang"),
    }
    # line 7: "de twee deelopdrachten BW/MO en …"; line 19 the same
    lines = {int(str(x).rsplit("/", 1)[1]) for x in graph.objects(bwmo, BWMO.evidence)}
    assert lines == {7, 19, 40}
    assert ctx.minter.region("utrecht") not in set(
        graph.all_nodes()
    )  # the form never names Utrecht


def test_named_organisations(graph: Graph, ctx: BuildContext, node: URIRef) -> None:
    mentioned = set(graph.objects(node, BWMO.mentions))
    for slug in ["bpsdl", "havensteder", "atrive"]:  # lines 20 (BPSDL), 39, 7
        assert ctx.minter.organisation(slug) in mentioned


def _copy(doc: SourceDocument, tmp_path: Path, lines: list[str]) -> SourceDocument:
    path = tmp_path / doc.path.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dataclasses.replace(doc, path=path)


def test_truncated_copy_is_refused(doc: SourceDocument, tmp_path: Path) -> None:
    lines = doc.path.read_text(encoding="utf-8").splitlines()
    cut = _copy(doc, tmp_path, lines[: int(len(lines) * 0.3)])
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(cut)
    assert str(err.value).startswith(f"{doc.path.name}:")
    assert "truncated" in str(err.value)


def test_missing_activities_table_is_refused(doc: SourceDocument, tmp_path: Path) -> None:
    """Everything but the activities (lines 21-38) is there: still refused."""
    lines = doc.path.read_text(encoding="utf-8").splitlines()
    cut = _copy(doc, tmp_path, lines[:20] + lines[38:])
    with pytest.raises(ExtractionError, match="Activiteiten"):
        EXTRACTOR.extract(cut)


def test_reextraction_gives_an_isomorphic_graph(
    doc: SourceDocument, ctx: BuildContext, graph: Graph
) -> None:
    assert isomorphic(graph, to_graph(EXTRACTOR.extract(doc), ctx))


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


def test_every_fact_node_has_evidence(graph: Graph) -> None:
    for cls in (
        BWMO.Assignment,
        BWMO.Role,
        BWMO.Milestone,
        BWMO.BudgetLine,
        BWMO.Activity,
        BWMO.Risk,
        ORG.Membership,
    ):
        for s in graph.subjects(RDF.type, cls):
            assert graph.value(s, BWMO.evidence) is not None, s


def test_graph_conforms_to_the_shapes(
    graph: Graph, doc: SourceDocument, ctx: BuildContext, assert_conforms: ConformsCheck
) -> None:
    """The document graph, with the ontology and the reference graph, passes ``shapes/``."""
    assert_conforms(graph, doc, ctx)
