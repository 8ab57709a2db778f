"""Document 002 (Deventer region action plan 2017-2022): values read from the document by hand.

Line numbers refer to ``data/sources/002_5bb28361ed2a5c7e.txt``. The table of actions keeps one
action per row, as the document does, hence the long lines.
"""

# ruff: noqa: E501

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext
from bwgraph.extract.action_plan import EXTRACTOR, parse_deadline, parse_parties
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO, TOOI_GEMEENTE
from bwgraph.records import ExtractionError, SourceDocument
from bwgraph.records.action_plan import ActionPlanRecords
from bwgraph.transform.action_plan import to_graph
from tests.extract.conftest import ConformsCheck

DEV = TOOI_GEMEENTE["gm0150"]  # Deventer
LOC = TOOI_GEMEENTE["gm0262"]  # Lochem
OLW = TOOI_GEMEENTE["gm1773"]  # Olst-Wijhe
RAA = TOOI_GEMEENTE["gm0177"]  # Raalte
ZUT = TOOI_GEMEENTE["gm0301"]  # Zutphen
ALL = frozenset({DEV, LOC, OLW, RAA, ZUT})
HOUSING = "woningcorporaties"
CARE = "zorgaanbieders"
IRIS = "iriszorg"

T1, T2, T3, T4 = (
    "wonen-en-huisvesting",
    "zorginfrastructuur",
    "activering-dagbesteding-werk-en-inkomen",
    "randvoorwaarden-op-orde",
)
T6 = "organiseren-van-de-samenwerking-en-uitvoering"

# (number, line, task, responsible, initiative, dates, statuses, deadline text as written, text
# starts with). "Gemeenten" = all five; "centrumgemeente" = Deventer (line 25).
ACTIONS: list[tuple[int, int, str, frozenset, frozenset, tuple[str, ...], set[str], str, str]] = [
    # 340: "1. Het in kaart brengen … Gemeenten, initiatief bij de centrumgemeente	31-12-2017"
    (1, 340, T1, ALL, frozenset({DEV}), ("2017-12-31",), {"dated"}, "31-12-2017", "Het in kaart brengen van de huisvestingsbehoefte"),
    # 341: "Gemeenten en woningcorporaties, initiatief bij centrumgemeente	01-04-2018"
    (2, 341, T1, ALL | {HOUSING}, frozenset({DEV}), ("2018-04-01",), {"dated"}, "01-04-2018", "Het actief bijgedragen aan de vertaling"),
    # 342: "Gemeenten, woningcorporaties en zorgaanbieders, initiatief bij centrumgemeente"
    (3, 342, T1, ALL | {HOUSING, CARE}, frozenset({DEV}), ("2018-04-01",), {"dated"}, "01-04-2018", "Het zorgen voor één afgestemde werkwijze"),
    # 343: "Gemeenten	01-04-2018"
    (4, 343, T1, ALL, frozenset(), ("2018-04-01",), {"dated"}, "01-04-2018", "Onderzoeken welke andere relevante"),
    # 363, 378: "Gemeenten	31-12-2017"
    (5, 363, T2, ALL, frozenset(), ("2017-12-31",), {"dated"}, "31-12-2017", "Iedere gemeente geeft in haar plan van aanpak aan hoe zij preventie"),
    (6, 378, T2, ALL, frozenset(), ("2017-12-31",), {"dated"}, "31-12-2017", "Iedere gemeente geeft in haar plan van aanpak aan hoe zij ondersteuning"),
    # 383: "Gemeenten, de centrumgemeente inventariseert de mogelijkheden.	31-12-2017"
    (7, 383, T2, ALL, frozenset(), ("2017-12-31",), {"dated"}, "31-12-2017", "We werken uit hoe we gebruik maken van post-/briefadressen"),
    # 398, 403: "Centrum-gemeente	1-1-2018"
    (8, 398, T2, frozenset({DEV}), frozenset(), ("2018-01-01",), {"dated"}, "1-1-2018", "We voeren met al onze cliënten beschermd wonen"),
    (9, 403, T2, frozenset({DEV}), frozenset(), ("2018-01-01",), {"dated"}, "1-1-2018", "We actualiseren onze toegangsregels"),
    # 419: "Centrum-gemeente	Def. plan: 1-6-2018 Invoering: 1-1-2019"
    (10, 419, T2, frozenset({DEV}), frozenset(), ("2018-06-01", "2019-01-01"), {"dated"}, "Def. plan: 1-6-2018 Invoering: 1-1-2019", "We vragen onze zorgaanbieders om samen een plan van aanpak"),
    # 426, 427: "IrisZorg	1-1-2018"
    (11, 426, T2, frozenset({IRIS}), frozenset(), ("2018-01-01",), {"dated"}, "1-1-2018", "De ambulante crisisopvang wordt uitgebreid"),
    (12, 427, T2, frozenset({IRIS}), frozenset(), ("2018-01-01",), {"dated"}, "1-1-2018", "Er wordt onderzocht of er een betere differentiatie"),
    # 432: "Centrum-gemeente	1-6-2018"
    (13, 432, T2, frozenset({DEV}), frozenset(), ("2018-06-01",), {"dated"}, "1-6-2018", "We starten met een (regionale) pilot Skaeve huse in Deventer."),
    # 446: "Gemeenten	31-12-2017"; 453: "Centrum-gemeente	1-6-2018"
    (14, 446, T3, ALL, frozenset(), ("2017-12-31",), {"dated"}, "31-12-2017", "Iedere gemeente geeft in haar plan van aanpak aan hoe zij activering"),
    (15, 453, T3, frozenset({DEV}), frozenset(), ("2018-06-01",), {"dated"}, "1-6-2018", "We vragen onze zorgaanbieders om samen tot een brede"),
    # 469: "Centrum-gemeente	1-6-2018"; 470: "Gemeenten	1-6-2018"
    (16, 469, T4, frozenset({DEV}), frozenset(), ("2018-06-01",), {"dated"}, "1-6-2018", "We faciliteren een proces"),
    (17, 470, T4, ALL, frozenset(), ("2018-06-01",), {"dated"}, "1-6-2018", "Er worden suggesties, ideeën en concrete voorstellen ingebracht."),
    # 477: "Centrum-gemeente	1-1-2018"; 486: "Centrum-gemeente	1-6-2018"
    (18, 477, T4, frozenset({DEV}), frozenset(), ("2018-01-01",), {"dated"}, "1-1-2018", "We verbeteren de dienstverlening"),
    (19, 486, T4, frozenset({DEV}), frozenset(), ("2018-06-01",), {"dated"}, "1-6-2018", "We ontwikkelen een flexibel model"),
    # 491: "Centrum-gemeente	31-12-2017 1-1-2020"; 496: "Gemeenten	31-12-2017 1-1-2020"
    (20, 491, T4, frozenset({DEV}), frozenset(), ("2017-12-31", "2020-01-01"), {"dated"}, "31-12-2017 1-1-2020", "We zorgen voor een aangepaste bekostigingssystematiek"),
    (21, 496, T4, ALL, frozenset(), ("2017-12-31", "2020-01-01"), {"dated"}, "31-12-2017 1-1-2020", "De regiogemeenten denken actief mee"),
    # 503: "Gemeenten	1-10-2018 Doorlopend"; 508: "Centrum-gemeente	Doorlopend"
    (22, 503, T4, ALL, frozenset(), ("2018-10-01",), {"ongoing"}, "1-10-2018 Doorlopend", "Iedere gemeente zorgt dat onze regiovoorzieningen"),
    (23, 508, T4, frozenset({DEV}), frozenset(), (), {"ongoing"}, "Doorlopend", "We zorgen voor een zo goed mogelijke verbinding"),
    # 521: "Initiatief ligt bij de centrumgemeente	Gereed."; 522: "… 31-12-2019"
    (24, 521, T6, frozenset({DEV}), frozenset({DEV}), (), {"done"}, "Gereed.", "We maken een samenwerkingsconvenant en mandaatbesluit."),
    (25, 522, T6, frozenset({DEV}), frozenset({DEV}), ("2019-12-31",), {"dated"}, "31-12-2019", "In 2018 en 2019 evalueren we de samenwerking"),
    # 536: "Alle gemeenten	Doorlopend"
    (26, 536, T6, ALL, frozenset(), (), {"ongoing"}, "Doorlopend", "We organiseren een nauwe samenwerking"),
    # 590: "Initiatief ligt bij centrumgemeente	Per 1 september 2017 en dan doorlopend"
    (27, 590, T6, frozenset({DEV}), frozenset({DEV}), ("2017-09-01",), {"ongoing"}, "Per 1 september 2017 en dan doorlopend", "We ontwikkelen een maandelijkse monitor"),
    # 603, 634: "Alle gemeenten. Initiatief ligt primair bij de centrumgemeente	Doorlopend"
    (28, 603, T6, ALL, frozenset({DEV}), (), {"ongoing"}, "Doorlopend", "We regelen dat onze zorgaanbieders actief bijdragen"),
    (29, 634, T6, ALL, frozenset({DEV}), (), {"ongoing"}, "Doorlopend", "We intensiveren de samenwerking met ENO en Zilveren Kruis"),
    # 651: "Alle gemeenten. Initiatief ligt bij de centrumgemeente	Doorlopend"
    (30, 651, T6, ALL, frozenset({DEV}), (), {"ongoing"}, "Doorlopend", "Ieder half jaar is er een bijeenkomst"),
    # 658: "Centrumgemeente	Doorlopend"
    (31, 658, T6, frozenset({DEV}), frozenset(), (), {"ongoing"}, "Doorlopend", "We volgen de landelijke ontwikkelingen"),
]  # fmt: skip


@pytest.fixture(scope="module")
def doc(sources: dict[str, SourceDocument]) -> SourceDocument:
    return sources["action_plan"]


@pytest.fixture(scope="module")
def records(doc: SourceDocument) -> ActionPlanRecords:
    rec = EXTRACTOR.extract(doc).records[0]
    assert isinstance(rec, ActionPlanRecords)
    return rec


@pytest.fixture(scope="module")
def graph(doc: SourceDocument, ctx: BuildContext) -> Graph:
    return to_graph(EXTRACTOR.extract(doc), ctx)


def _party(ctx: BuildContext, doc: SourceDocument, p: object) -> URIRef:
    if p == IRIS:
        return ctx.minter.organisation("iriszorg")
    if p in (HOUSING, CARE):
        return ctx.minter.id("organisation", doc.id, str(p))
    assert isinstance(p, URIRef)
    return p


def test_detect_only_its_own_kind(sources: dict[str, SourceDocument]) -> None:
    for kind, d in sources.items():
        text = d.path.read_text(encoding="utf-8")
        assert EXTRACTOR.detect(text) is (kind == "action_plan"), kind


def test_plan(
    records: ActionPlanRecords, graph: Graph, ctx: BuildContext, doc: SourceDocument
) -> None:
    info = records.plan
    assert info.title == "Regionaal actieplan 2017-2022"  # line 3
    assert (info.period_start, info.period_end) == (2017, 2022)
    assert info.version_label == "Concept" and info.version_date == date(2017, 5, 31)  # 8-9
    # line 25: "centrumgemeente Deventer … namens de gemeenten Lochem, Olst-Wijhe, Raalte en Zutphen"
    assert info.centrumgemeente == "Deventer"
    assert set(info.municipalities) == {"Deventer", "Lochem", "Olst-Wijhe", "Raalte", "Zutphen"}
    plan = ctx.minter.id("plan", doc.id)
    assert (plan, RDF.type, BWMO.ActionPlan) in graph
    assert set(graph.objects(plan, BWMO.party)) == ALL
    assert graph.value(plan, BWMO.periodStart) == Literal("2017", datatype=XSD.gYear)
    assert graph.value(plan, BWMO.periodEnd) == Literal("2022", datatype=XSD.gYear)
    assert graph.value(plan, BWMO.documentDate) == Literal("2017-05-31", datatype=XSD.date)
    # line 13: "Dit actieplan is een concrete uitwerking van de regiovisie 2017-2022"
    vision = graph.value(plan, BWMO.implements)
    assert graph.value(vision, RDFS.label) == Literal("regiovisie 2017-2022", lang="nl")


def test_region_is_midden_ijssel_through_its_centrumgemeente(
    graph: Graph, ctx: BuildContext, doc: SourceDocument
) -> None:
    """The plan never names the region; regions.csv gives Deventer (GM0150) as the
    centrumgemeente of Midden-IJssel, the name of the 2020 status report."""
    region = ctx.minter.region("midden-ijssel")
    assert graph.value(ctx.minter.id("plan", doc.id), BWMO.region) == region
    assert set(graph.objects(region, BWMO.centrumgemeente)) == {DEV}
    assert set(graph.objects(region, URIRef("http://www.w3.org/ns/org#hasMember"))) == ALL
    assert len(set(graph.subjects(RDF.type, BWMO.RegionMembership))) == 5


def test_tasks(graph: Graph, ctx: BuildContext, doc: SourceDocument) -> None:
    # lines 97-100: "1. Wonen en huisvesting; 2. Zorginfrastructuur; 3. Activering, …; 4. Randvoorwaarden op orde."
    for number, slug, label in [
        (1, T1, "Wonen en huisvesting"),
        (2, T2, "Zorginfrastructuur"),
        (3, T3, "Activering, dagbesteding, werk en inkomen"),
        (4, T4, "Randvoorwaarden op orde"),
    ]:
        task = ctx.minter.id("task", doc.id, slug)
        assert (task, RDF.type, BWMO.TransformationTask) in graph
        assert graph.value(task, SKOS.notation) == Literal(str(number))
        assert graph.value(task, RDFS.label) == Literal(label, lang="nl")
    # line 510: chapter 6 holds actions 24-31 but is not a transformation task
    ch6 = ctx.minter.id("task", doc.id, T6)
    assert (ch6, RDF.type, BWMO.PlanChapter) in graph
    assert (ch6, RDF.type, BWMO.TransformationTask) not in graph
    assert graph.value(ch6, BWMO.chapterNumber) == Literal(6, datatype=XSD.integer)


def test_thirty_one_consecutive_actions(records: ActionPlanRecords) -> None:
    assert [a.number for a in records.actions] == list(range(1, 32))


@pytest.mark.parametrize("row", ACTIONS, ids=[f"action-{r[0]}" for r in ACTIONS])
def test_action(row: tuple, graph: Graph, ctx: BuildContext, doc: SourceDocument) -> None:
    number, line, task, responsible, initiative, dates, statuses, text, starts = row
    node = ctx.minter.id("action", doc.id, str(number))
    assert (node, RDF.type, BWMO.ActionPoint) in graph
    assert graph.value(node, BWMO.actionNumber) == Literal(number, datatype=XSD.integer)
    chapter = ctx.minter.id("task", doc.id, task)
    assert graph.value(node, BWMO.chapter) == chapter
    # actions of chapter 6 belong to no transformation task
    assert graph.value(node, BWMO.task) == (None if task == T6 else chapter)
    assert str(graph.value(node, BWMO.text)).startswith(starts)
    assert set(graph.objects(node, BWMO.responsibleParty)) == {
        _party(ctx, doc, p) for p in responsible
    }
    assert set(graph.objects(node, BWMO.initiativeBy)) == {_party(ctx, doc, p) for p in initiative}
    assert {str(d) for d in graph.objects(node, BWMO.deadline)} == set(dates)
    assert set(graph.objects(node, BWMO.deadlineStatus)) == {
        code_concept("deadline-status", s) for s in statuses
    }  # exactly one status; "1-10-2018 Doorlopend" is ongoing and keeps its date
    assert graph.value(node, BWMO.deadlineText) == Literal(text, lang="nl")
    assert graph.value(node, BWMO.responsibleText) is not None
    assert graph.value(node, BWMO.evidence) == ctx.minter.source_line(doc.id, line)


def test_phased_deadline_has_a_milestone_per_phase(
    graph: Graph, ctx: BuildContext, doc: SourceDocument
) -> None:
    # line 419: "Def. plan: 1-6-2018 Invoering: 1-1-2019"
    action = ctx.minter.id("action", doc.id, "10")
    phases = {
        str(graph.value(m, RDFS.label)): str(graph.value(m, BWMO.deadline))
        for m in graph.objects(action, BWMO.deadlineLabel)
    }
    assert phases == {"Def. plan": "2018-06-01", "Invoering": "2019-01-01"}
    assert (ctx.minter.id("action", doc.id, "10", "def-plan"), RDF.type, BWMO.Milestone) in graph
    # two dates without phase names (line 491) get no invented labels
    assert not list(graph.objects(ctx.minter.id("action", doc.id, "20"), BWMO.deadlineLabel))


def test_named_organisations_resolve(graph: Graph, ctx: BuildContext, doc: SourceDocument) -> None:
    plan = ctx.minter.id("plan", doc.id)
    mentioned = set(graph.objects(plan, BWMO.mentions))
    for slug in [
        "iriszorg",  # lines 395, 423, 474
        "tactus",  # 267, 395, 474
        "bijzonder-zorgteam-deventer",  # 268 "Bijzonder Zorgteam", 474 "BZT"
        "eno",  # 624, 626
        "zilveren-kruis",  # 624, 626
        "zorgkantoor-midden-ijssel",  # 626
        "ciz",  # 620
    ]:
        assert ctx.minter.organisation(slug) in mentioned, slug
    assert not list(graph.subjects(RDF.type, BWMO.UnresolvedMention))


def test_groups_named_as_a_whole(graph: Graph, ctx: BuildContext, doc: SourceDocument) -> None:
    """Line 594: "… samenwerking met en initiatief vanuit zorgaanbieders, woningcorporaties,
    Wmo-raden, zorgverzekeraars, zorgkantoren …": groups without named members."""
    from rdflib.namespace import ORG

    plan = ctx.minter.id("plan", doc.id)
    mentioned = set(graph.objects(plan, BWMO.mentions))
    for name, org_type in [
        ("Wmo-raden", "wmo_council"),
        ("woningcorporaties", "housing_corporation"),
        ("zorgaanbieders", "care_provider"),
        ("zorgverzekeraars", "health_insurer"),
        ("zorgkantoren", "zorgkantoor"),
    ]:
        group = ctx.minter.id("organisation", doc.id, name.lower())
        assert group in mentioned, name
        assert (group, RDF.type, BWMO.OrganisationGroup) in graph
        assert graph.value(group, ORG.classification) == code_concept("organisation-type", org_type)
        mention = ctx.minter.id("mention", doc.id, name.lower())
        assert ctx.minter.source_line(doc.id, 594) in set(graph.objects(mention, BWMO.evidence))


def test_iriszorg_spelling_variant_is_one_organisation(ctx: BuildContext) -> None:
    """002 writes "IrisZorg", 004 (line 49) "Iriszorg": one organisation, one IRI."""
    a, b = ctx.organisations.resolve("IrisZorg"), ctx.organisations.resolve("Iriszorg")
    assert a is not None and a == b and a.org_type == "care_provider"


@pytest.mark.parametrize(
    ("text", "day", "period", "statuses"),
    [
        ("1 januari 2018", date(2018, 1, 1), None, {"dated"}),
        ("01-04-2018", date(2018, 4, 1), None, {"dated"}),
        ("medio 2018", None, "2018", {"dated"}),
        ("eind 2017", None, "2017", {"dated"}),
        ("Q3 2018", None, "2018", {"dated"}),
        ("2018", None, "2018", {"dated"}),
        ("juni 2018", None, "2018-06", {"dated"}),
        ("Doorlopend", None, None, {"ongoing"}),
        ("Gereed.", None, None, {"done"}),
        ("n.t.b.", None, None, {"not_stated"}),
        ("31-02-2018", None, None, {"not_stated"}),
    ],
)
def test_parse_deadline_never_invents_a_day(
    text: str, day: date | None, period: str | None, statuses: set[str]
) -> None:
    d = parse_deadline(text)
    assert d.text == text
    assert {d.status} == statuses
    assert [p.day for p in d.parts if p.day] == ([day] if day else [])
    assert [p.period for p in d.parts if p.period] == ([period] if period else [])


def test_parse_parties_marks_initiative() -> None:
    parties = parse_parties("Alle gemeenten. Initiatief ligt primair bij de centrumgemeente")
    assert [(p.kind, p.initiative) for p in parties] == [
        ("municipalities", False),
        ("centre", True),
    ]


def _copy(doc: SourceDocument, tmp_path: Path, lines: list[str]) -> SourceDocument:
    path = tmp_path / doc.path.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dataclasses.replace(doc, path=path)


def test_truncated_copy_is_refused(doc: SourceDocument, tmp_path: Path) -> None:
    lines = doc.path.read_text(encoding="utf-8").splitlines()
    cut = _copy(doc, tmp_path, lines[: int(len(lines) * 0.3)])
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(cut)
    assert doc.path.name in str(err.value)
    assert "truncated" in str(err.value)


def test_gap_in_action_numbers_is_refused(doc: SourceDocument, tmp_path: Path) -> None:
    lines = doc.path.read_text(encoding="utf-8").splitlines()
    del lines[470 - 1]  # action 17
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(_copy(doc, tmp_path, lines))
    # action 18 (line 477) moves up to line 476 and is reported there
    assert f"{doc.path.name}:476:" in str(err.value)
    assert "expected 17, found 18" in str(err.value)


def test_reextraction_gives_an_isomorphic_graph(
    doc: SourceDocument, ctx: BuildContext, graph: Graph
) -> None:
    again = to_graph(EXTRACTOR.extract(doc), ctx)
    assert isomorphic(graph, again)


def test_no_blank_nodes(graph: Graph) -> None:
    from rdflib import BNode

    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


def test_graph_conforms_to_the_shapes(
    graph: Graph, doc: SourceDocument, ctx: BuildContext, assert_conforms: ConformsCheck
) -> None:
    """The document graph, with the ontology and the reference graph, passes ``shapes/``."""
    assert_conforms(graph, doc, ctx)


# --- signatures, speerpunten, budget and reserve (issue 11) --------------------------------------

# lines 29-42: the Voorwoord is signed by five wethouders, a name line and an office line each
SIGNERS = [
    ("Trix van der Linden", "Wethouder gemeente Lochem", LOC, 29),
    ("Patricia Withagen", "Wethouder gemeente Zutphen", ZUT, 32),
    ("Gosse Hiemstra", "Wethouder gemeente Raalte", RAA, 35),
    ("Herman Engberink", "Wethouder gemeente Olst-Wijhe", OLW, 38),
    ("Jan Jaap Kolkman", "Wethouder (centrum)gemeente Deventer", DEV, 41),
]


def test_signatories(graph: Graph, ctx: BuildContext, doc: SourceDocument) -> None:
    plan = ctx.minter.id("plan", doc.id)
    signatures = set(graph.objects(plan, BWMO.signature))
    assert len(signatures) == 5
    got = {}
    for s in signatures:
        lines = sorted(
            int(str(graph.value(e, BWMO.lineNumber))) for e in graph.objects(s, BWMO.evidence)
        )
        got[str(graph.value(s, BWMO.signerName))] = (
            str(graph.value(s, BWMO.signerRole)),
            graph.value(s, BWMO.onBehalfOf),
            lines,
        )
    assert got == {name: (role, muni, [line, line + 1]) for name, role, muni, line in SIGNERS}
    assert set(graph.objects(plan, BWMO.signatory)) == ALL


def test_speerpunten_of_the_regiovisie(
    graph: Graph, ctx: BuildContext, doc: SourceDocument
) -> None:
    # line 18 "Deze ambities zijn in de regiovisie vertaald in vier speerpunten:", lines 20-23
    vision = graph.value(ctx.minter.id("plan", doc.id), BWMO.implements)
    items = {
        int(graph.value(p, BWMO.position)): (
            str(graph.value(p, RDFS.label)),
            sorted(
                int(str(graph.value(e, BWMO.lineNumber))) for e in graph.objects(p, BWMO.evidence)
            ),
        )
        for p in graph.objects(vision, BWMO.priority)
    }
    assert items == {
        1: ("Zelfstandig wonen en lokale ondersteuning, tenzij", [18, 20]),
        2: ("Doorontwikkeling regionale samenwerking", [18, 21]),
        3: ("Sterke ketensamenwerking", [18, 22]),
        4: ("Een lerende en waarde gestuurde samenwerking", [18, 23]),
    }


def _amounts(graph: Graph, plan: URIRef) -> dict[tuple[str, int], URIRef]:
    return {
        (str(graph.value(b, BWMO.budgetKind)), int(float(str(graph.value(b, BWMO.amountEur))))): b
        for b in graph.objects(plan, BWMO.budgetLine)
    }


def test_budget_lines_and_regional_reserve(
    graph: Graph, ctx: BuildContext, doc: SourceDocument
) -> None:
    plan = ctx.minter.id("plan", doc.id)
    (reserve,) = graph.objects(plan, BWMO.reserve)
    # line 702 "De regioreserve bedraagt (stand 1 juni 2017) afgerond € 2,8 miljoen. Hiervan wordt
    # € 1,5 miljoen aangewend … Het resterende saldo van de regioreserve, € 1,3 miljoen, wordt
    # gehanteerd als weerstandsvermogen."
    assert str(graph.value(reserve, RDFS.label)) == "regioreserve"
    assert graph.value(reserve, BWMO.amountEur) == Literal("2800000", datatype=XSD.decimal)
    assert graph.value(reserve, BWMO.balanceDate) == Literal("2017-06-01", datatype=XSD.date)
    assert str(graph.value(reserve, BWMO.amountText)) == "€ 2,8 miljoen"
    got = sorted(
        (
            str(graph.value(b, BWMO.budgetKind)),
            int(float(str(graph.value(b, BWMO.amountEur)))),
            sorted(
                int(str(graph.value(e, BWMO.lineNumber))) for e in graph.objects(b, BWMO.evidence)
            ),
        )
        for b in graph.objects(plan, BWMO.budgetLine)
    )
    assert got == sorted(
        [
            # lines 684-687: "- € 800.000,-- voor transformatieprojecten …", "- € 50.000,-- voor
            # een nieuwe communicatieaanpak …", "- € 50.000,-- voor het ontwikkelen van een nieuw
            # flexibel model …", "- € 25.000,-- voor het inventariseren en uitwerken …"
            ("earmark", 800000, [684]),
            ("earmark", 50000, [685]),
            ("earmark", 50000, [686]),
            ("earmark", 25000, [687]),
            ("allocation", 1500000, [702]),
            ("allocation", 1300000, [702]),
            # lines 705-706: "Projectfinanciering transformatie\t€ 925.000,--", "Extra lokale
            # inzet gemeenten\t€ 575.000,-- (2017, 2018 en 2019)"; both "gedekt vanuit de
            # regioreserve" (line 702)
            ("budget", 925000, [702, 705]),
            ("budget", 575000, [702, 706]),
        ]
    )
    amounts = _amounts(graph, plan)
    extra = amounts[("budget", 575000)]
    assert str(graph.value(extra, RDFS.label)) == "Extra lokale inzet gemeenten"
    assert graph.value(extra, BWMO.periodStart) == Literal("2017", datatype=XSD.gYear)
    assert graph.value(extra, BWMO.periodEnd) == Literal("2019", datatype=XSD.gYear)
    for key in [
        ("budget", 925000),
        ("budget", 575000),
        ("allocation", 1500000),
        ("allocation", 1300000),
    ]:
        assert graph.value(amounts[key], BWMO.fundedFrom) == reserve
    assert graph.value(amounts[("earmark", 25000)], BWMO.fundedFrom) is None
    assert (
        str(graph.value(amounts[("allocation", 1300000)], RDFS.label))
        == "gehanteerd als weerstandsvermogen"
    )
    # the rent limit "(onder de € 410,-)" on line 122 is no budget line
    assert all(k[1] != 410 for k in amounts)
