"""The status report (document 001, HHM 2020): expected values read from the document by hand.

Line numbers refer to ``data/sources/001_5d838909f9810eb3.txt``; each expected value quotes or
describes the line it comes from. The corpus README's quirks are each covered: a blank status,
``NVT``, ``❌`` and ``✅``, a doubled ``✓✓``, a cell with three symbols, the label typo
``Spreading voorzieningen`` and the placeholder ``Klik of tik om tekst in te voeren.``.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, RDFS

from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.extract.status_report import EXTRACTOR, TOPICS, parse_status
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO, SKOS
from bwgraph.records import ExtractionError, SourceDocument
from bwgraph.records.status_report import ChecklistCell, RegionReport, StatusReportResult
from bwgraph.transform.status_report import to_graph
from tests.extract.conftest import ConformsCheck

GM = "https://identifier.overheid.nl/tooi/id/gemeente/"


@pytest.fixture(scope="module")
def doc(sources: dict[str, SourceDocument]) -> SourceDocument:
    return sources["status_report"]


@pytest.fixture(scope="module")
def result(doc: SourceDocument) -> StatusReportResult:
    return EXTRACTOR.extract(doc)


@pytest.fixture(scope="module")
def graph(result: StatusReportResult, ctx: BuildContext) -> rdflib.Graph:
    return to_graph(result, ctx)


def report(result: StatusReportResult, name: str) -> RegionReport:
    return next(r for r in result.reports if r.report_name == name)


def cell(result: StatusReportResult, region: str, topic: str) -> ChecklistCell:
    return next(c for c in report(result, region).cells if c.topic == topic)


def copy_with(
    doc: SourceDocument, tmp_path: Path, lines: list[str], sub: str = "copy"
) -> SourceDocument:
    """A modified copy of the document in tmp_path (the real one is never edited).

    Each copy gets its own directory: document lines are cached per path.
    """
    (tmp_path / sub).mkdir()
    path = tmp_path / sub / doc.path.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dataclasses.replace(doc, path=path)


# --- detection --------------------------------------------------------------------------------


def test_detect_accepts_the_report_and_refuses_the_other_documents(
    doc: SourceDocument, settings: Settings
) -> None:
    assert EXTRACTOR.kind == "status_report"
    assert EXTRACTOR.detect(doc.path.read_text(encoding="utf-8"))
    others = [p for p in settings.sources_dir.glob("*.txt") if p != doc.path]
    assert others
    for path in others:
        assert not EXTRACTOR.detect(path.read_text(encoding="utf-8")), path.name


# --- regions ----------------------------------------------------------------------------------


def test_45_reports_in_report_order(result: StatusReportResult, settings: Settings) -> None:
    names = [r.report_name for r in result.reports]
    assert len(names) == 45
    # line 95 "## Regiobeeld Alkmaar", line 1695 "## Regiobeeld Vallei-regio (Ede)",
    # line 4363 "## Regiobeeld IJssel-Vecht"
    assert names[0] == "Alkmaar" and result.reports[0].heading.line == 95
    assert names[17] == "Vallei-regio (Ede)" and result.reports[17].heading.line == 1695
    assert names[-1] == "IJssel-Vecht" and result.reports[-1].heading.line == 4363
    assert [r.order for r in result.reports] == list(range(1, 46))
    with (settings.reference_dir / "regions.csv").open(encoding="utf-8") as f:
        reference = {
            row["report_name"]
            for row in csv.DictReader(f)
            if row["slug"] not in {"drenthe", "noordoost-brabant"}
        }  # the two parents
    assert set(names) == reference


def test_no_warnings_on_the_real_document(result: StatusReportResult) -> None:
    assert [str(d) for d in result.diagnostics] == []


def test_stats_count_facts_per_region(result: StatusReportResult) -> None:
    assert len(result.stats) == 45
    assert result.stats["Vallei-regio (Ede)"] == report(result, "Vallei-regio (Ede)").fact_count
    assert all(n > 17 for n in result.stats.values())


# --- checklist --------------------------------------------------------------------------------


def test_765_assessments_17_per_report_in_checklist_order(result: StatusReportResult) -> None:
    assert sum(len(r.cells) for r in result.reports) == 765
    order = [t.notation for t in TOPICS]
    for r in result.reports:
        assert [c.topic for c in r.cells] == order, r.report_name


#: Status cells read by hand from the document: (region, topic, line, raw cell, status). The
#: variant tests (test_status_report_variants.py) expect the same cells in other forms.
HAND_CHECKED_CELLS: list[tuple[str, str, int, str, str]] = [
    # line 123 "Regiovisie aanwezig en vastgesteld:\t\t✓" (two tabs)
    ("Alkmaar", "nvo_regiovisie", 123, "✓", "yes"),
    # line 144 "Spreiding voorzieningen:\t✗"
    ("Alkmaar", "ua_spread_of_facilities", 144, "✗", "no"),
    # line 154 "Planning opgesteld/aanwezig:\t✓"
    ("Alkmaar", "planning_present", 154, "✓", "yes"),
    # line 443 "Verdeling budget en financiële risico's:\t" (blank: symbol lost)
    ("Amersfoort", "ua_budget_risk_split", 443, "", "not_stated"),
    # line 607 "Afspraken over inkoop plekken buiten eigen regio:\tNVT"
    ("Oost-Veluwe", "nvo_purchase_outside_region", 607, "NVT", "not_applicable"),
    # line 1318 "Verdeling budget en financiële risico's:\t❌"
    ("Den Haag", "ua_budget_risk_split", 1318, "❌", "no"),
    # line 1319 "Financiële solidariteit:\t❌"
    ("Den Haag", "ua_financial_solidarity", 1319, "❌", "no"),
    # line 1321 "Overgangsfase informatieoverdracht cliënten:\t✅"
    ("Den Haag", "ua_transition_client_info", 1321, "✅", "yes"),
    # line 1457 "Regiovisie aanwezig en vastgesteld:\t✓✓"
    ("Midden-IJssel", "nvo_regiovisie", 1457, "✓✓", "yes"),
    # line 1461 "Afspraken over inkoop plekken buiten eigen regio:\t✗"
    ("Midden-IJssel", "nvo_purchase_outside_region", 1461, "✗", "no"),
    # line 1755 "Verdeling budget en financiële risico's:\t✗"
    ("Vallei-regio (Ede)", "ua_budget_risk_split", 1755, "✗", "no"),
    # line 1772 "Planning opgesteld/aanwezig:" (no tab, nothing after it)
    ("Vallei-regio (Ede)", "planning_present", 1772, "", "not_stated"),
    # line 2405 "Toegang:\t" (blank)
    ("Zuid-Kennemerland, IJmond en Haarlemmermeer", "ua_access", 2405, "", "not_stated"),
    # line 2821 "Spreading voorzieningen:\t✓" (label typo)
    ("Gooi & Vechtstreek", "ua_spread_of_facilities", 2821, "✓", "yes"),
    # line 2988 "Inhoudelijke visie op sociale inclusie:\t" (blank)
    ("Fryslân", "ua_inclusion_vision", 2988, "", "not_stated"),
    # line 3103 "Planning opgesteld/aanwezig:\t✓ ⚙️ ✖️" (all three symbols); the raw status
    # is the normalised cell: the emoji variation selector (U+FE0F) is not kept
    ("Holland Rijnland", "planning_present", 3103, "✓ ⚙ ✖", "not_stated"),
    # line 3178 "Samenwerking tussen gemeenten:\t" (blank)
    ("Maastricht", "ua_municipal_cooperation", 3178, "", "not_stated"),
    # line 3382 "Spreading voorzieningen:\t⚙️" (label typo)
    ("Nissewaard", "ua_spread_of_facilities", 3382, "⚙", "in_development"),
    # line 3673 "Governance:\t✓✓"
    ("Rotterdam", "ua_governance", 3673, "✓✓", "yes"),
    # line 4165 "Overgangsfase informatieoverdracht cliënten:\t✅"
    ("Vlaardingen", "ua_transition_client_info", 4165, "✅", "yes"),
    # line 4417 "Regiovisie aanwezig en vastgesteld:\t⚙️"
    ("IJssel-Vecht", "nvo_regiovisie", 4417, "⚙", "in_development"),
    # line 4432 "Inhoudelijke visie op sociale inclusie:\t✗"
    ("IJssel-Vecht", "ua_inclusion_vision", 4432, "✗", "no"),
    # line 4443 "Overgangsfase financiële middelen:\t" (blank)
    ("IJssel-Vecht", "ua_transition_finance", 4443, "", "not_stated"),
]


@pytest.mark.parametrize(("region", "topic", "line", "raw", "status"), HAND_CHECKED_CELLS)
def test_status_cells_read_by_hand(
    result: StatusReportResult, region: str, topic: str, line: int, raw: str, status: str
) -> None:
    c = cell(result, region, topic)
    assert (c.evidence.line, c.raw_status, c.status) == (line, raw, status)


def test_blank_cell_is_not_stated_with_a_note(result: StatusReportResult) -> None:
    c = cell(result, "Amersfoort", "ua_budget_risk_split")  # line 443, blank
    assert c.status_note == "status symbol missing in the source"


def test_three_symbols_are_not_stated_with_a_note_naming_them(
    result: StatusReportResult,
) -> None:
    note = cell(result, "Holland Rijnland", "planning_present").status_note  # line 3103
    assert note is not None
    assert "✓" in note and "⚙" in note and "✖" in note


def test_no_status_is_guessed(result: StatusReportResult) -> None:
    """Every not_stated cell has a note; every stated cell has a symbol or NVT."""
    for r in result.reports:
        for c in r.cells:
            if c.status == "not_stated":
                assert c.status_note, (r.report_name, c.topic)
            else:
                assert c.raw_status and c.status_note is None


@pytest.mark.parametrize(
    ("cell_text", "status"),
    [
        ("✓", "yes"),
        ("✅", "yes"),
        ("✓✓", "yes"),
        ("⚙️", "in_development"),
        ("⚙", "in_development"),
        ("✗", "no"),
        ("❌", "no"),
        ("NVT", "not_applicable"),
        ("n.v.t.", "not_applicable"),
        ("", "not_stated"),
        ("✓ ✗", "not_stated"),
        # a cell that is just the answer word states it; any other word is no status
        ("ja", "yes"),
        ("Nee", "no"),
        ("In ontwikkeling", "in_development"),
        ("Deels", "not_stated"),
        ("ja, deels", "not_stated"),
    ],
)
def test_parse_status(cell_text: str, status: str) -> None:
    assert parse_status(cell_text).status == status


def test_evidence_quote_is_the_line_text(doc: SourceDocument, result: StatusReportResult) -> None:
    lines = doc.lines()
    for r in result.reports:
        for c in r.cells:
            assert c.evidence.doc_id == "hhm-2020-regionale-stand-van-het-land"
            assert c.evidence.quote == lines[c.evidence.line - 1].strip()


# --- explanations and narratives --------------------------------------------------------------


def test_explanations(result: StatusReportResult) -> None:
    almelo = report(result, "Almelo")
    # line 220 "<b>Toelichting:</b> In 2019 heeft de subregio Almelo een addendum bij het …"
    assert almelo.explanations["nvo"].text.startswith(
        "In 2019 heeft de subregio Almelo een addendum bij het convenant Wmo 2015 vastgesteld."
    )
    # line 155 "<p><b>Toelichting:</b> Het streven is om eind Q1 van 2021 besluitvorming …</p>"
    planning = report(result, "Alkmaar").explanations["planning"]
    assert planning.text.startswith("Het streven is om eind Q1 van 2021 besluitvorming")
    assert "<" not in planning.text and [e.line for e in planning.evidence] == [155]
    # line 2571 "### Toelichting:" (a heading without text) followed by three paragraphs on
    # lines 2573, 2575 and 2577 (Parkstad en Beekdaelen): the text comes from those three
    parkstad = report(result, "Parkstad en Beekdaelen").explanations["nvo"]
    assert [e.line for e in parkstad.evidence] == [2573, 2575, 2577]
    assert parkstad.text.startswith(
        "Op dit moment zijn veel afspraken vastgelegd in een Gemeenschappelijke Regeling (GR)"
    )


def test_placeholder_is_not_an_explanation(result: StatusReportResult, graph: rdflib.Graph) -> None:
    fryslan = report(result, "Fryslân")
    # lines 2998 and 3003 "<b>Toelichting:</b> Klik of tik om tekst in te voeren."
    assert "uitvoeringsafspraken" not in fryslan.explanations
    assert "planning" not in fryslan.explanations
    assert len(fryslan.cells) == 17  # the assessments stay
    for _, _, o in graph:
        assert "Klik of tik" not in str(o)


def test_narratives_are_clean_text(result: StatusReportResult) -> None:
    alkmaar = {n.section: n for n in report(result, "Alkmaar").narratives}
    # line 159 "<p><b>Succesfactoren</b></p> <p>De regio is trots op de ontwikkeling van …"
    assert alkmaar["success_factors"].text.startswith(
        "De regio is trots op de ontwikkeling van het product Beschermd Thuis"
    )
    # line 125 "Betrokken stakeholder(s):\tStakeholders waren niet betrokken in het proces; …"
    assert alkmaar["stakeholders_involved"].text.startswith(
        "Stakeholders waren niet betrokken in het proces;"
    )
    for r in result.reports:
        for n in r.narratives:
            for bad in ("<p>", "<b>", "<li>", "**", "&nbsp;", "##"):
                assert bad not in n.text, (r.report_name, n.section, bad)


def test_sources_note_and_typo_label_free_text(result: StatusReportResult) -> None:
    almelo = {n.section: n for n in report(result, "Almelo").narratives}
    # line 252 "*NB: Dit regiobeeld is gemaakt op basis van de ingevulde digitale uitvraag, …*"
    assert almelo["sources_note"].text.startswith("NB: Dit regiobeeld is gemaakt op basis van")
    den_haag = {n.section: n for n in report(result, "Den Haag").narratives}
    # line 1303 "Invzet op meerjarige contractering:\tBeperkt, financiering bevat …" (typo)
    assert den_haag["multi_year_contracting"].text.startswith("Beperkt, financiering bevat")


def test_free_text_cell_continued_after_a_page_break(result: StatusReportResult) -> None:
    # line 2276 "Beperken administratieve lasten:\tBinnen de regio is contractering …", continued
    # on line 2281 "\tgemeenschappelijke kaders hoe de front- en backoffice ingericht kan worden."
    burden = {n.section: n for n in report(result, "Groninger gemeenten").narratives}[
        "administrative_burden"
    ]
    assert [e.line for e in burden.evidence] == [2276, 2281]
    assert burden.text.endswith(
        "gemeenschappelijke kaders hoe de front- en backoffice ingericht kan worden."
    )


# --- centrumgemeente and members --------------------------------------------------------------


def test_centrumgemeente_from_the_table_of_contents(
    result: StatusReportResult, graph: rdflib.Graph, ctx: BuildContext
) -> None:
    nml = ctx.minter.region("noord-en-midden-limburg")
    # line 87 "Gemeente Venlo-Roermond\tRegiobeeld Noord- en Midden-Limburg" names two
    assert set(graph.objects(nml, BWMO.centrumgemeente)) == {
        URIRef(GM + "gm0983"),
        URIRef(GM + "gm0957"),
    }
    # line 53 "Gemeente Den Bosch\tRegiobeeld Meierij en Bommelerwaard"
    assert set(
        graph.objects(ctx.minter.region("meierij-en-bommelerwaard"), BWMO.centrumgemeente)
    ) == {URIRef(GM + "gm0796")}
    # line 59 "Gemeente Ede\tRegiobeeld Vallei-regio" and
    # line 1695 "## Regiobeeld Vallei-regio (Ede)"
    vallei = report(result, "Vallei-regio (Ede)").centrumgemeenten[0]
    assert vallei.name == "Ede" and [e.line for e in vallei.evidence] == [59, 1695]


def test_centrumgemeenten_agree_with_regions_csv_except_where_the_text_names_two(
    graph: rdflib.Graph, ctx: BuildContext
) -> None:
    for r in ctx.regions:
        if r.slug in {"drenthe", "noordoost-brabant"}:
            continue
        found = set(graph.objects(ctx.minter.region(r.slug), BWMO.centrumgemeente))
        expected = URIRef(GM + r.centrumgemeente.lower())
        assert expected in found, r.slug
        assert len(found) == (2 if r.slug == "noord-en-midden-limburg" else 1), r.slug


def test_member_statements(
    result: StatusReportResult, graph: rdflib.Graph, ctx: BuildContext
) -> None:
    members = {
        r.report_name: [(m.name, m.evidence.line) for m in r.members]
        for r in result.reports
        if r.members
    }
    assert members == {
        # line 282 "De gemeente Zeewolde heeft net besloten bij regio Flevoland te blijven …"
        "Flevoland": [("Zeewolde", 282)],
        # line 2544 "De gemeente Beekdaelen heeft in januari 2019, … besloten om … aan te sluiten
        # bij Parkstad."
        "Parkstad en Beekdaelen": [("Beekdaelen", 2544)],
        # line 3714 "… de regio Westelijke Mijnstreek (WM) bestaande uit de gemeenten Sittard-
        # Geleen, Beek en Stein …"
        "Westelijke Mijnstreek": [("Sittard- Geleen", 3714), ("Beek", 3714), ("Stein", 3714)],
    }
    wm = ctx.minter.region("westelijke-mijnstreek")
    assert {URIRef(GM + c) for c in ("gm1883", "gm0888", "gm0971")} <= set(
        graph.objects(wm, ORG.hasMember)
    )
    node = ctx.minter.id("membership", "westelijke-mijnstreek", "gm0888", "2020-10-29")
    assert (node, ORG.organization, wm) in graph
    assert (
        node,
        BWMO.evidence,
        ctx.minter.source_line("hhm-2020-regionale-stand-van-het-land", 3714),
    ) in graph


# --- mentions ---------------------------------------------------------------------------------


def _mentions(result: StatusReportResult, region: str) -> set[tuple[str, str, str]]:
    return {(m.kind, m.key, m.name) for m in report(result, region).mentions}


def _named(result: StatusReportResult, region: str) -> set[tuple[str, str]]:
    return {(m.kind, m.name) for m in report(result, region).mentions}


def test_mentions(result: StatusReportResult) -> None:
    # line 583 "… zorgverzekeraar (Zilveren Kruis) en huisartsen."
    assert ("organisation", "zilveren-kruis", "Zilveren Kruis") in _mentions(result, "Oost-Veluwe")
    # line 3071 "… Stichting Lumen, de cliëntenraad van de Binnenvest …": both resolve to the
    # curated organisations
    hr = {(k, key) for k, key, _ in _mentions(result, "Holland Rijnland")}
    assert {("organisation", "lumen"), ("organisation", "de-binnenvest")} <= hr
    # line 2155 "… realiseren van Skaeve Huse … mogelijkheden voor Housing First …"
    gouda = {(k, key) for k, key, _ in _mentions(result, "Gouda")}
    assert {("product", "skaeve_huse"), ("product", "housing_first")} <= gouda
    # line 190 "In de regio wordt sinds 2015 samengewerkt op basis van het Convenant 'Samenwerken
    # aan beschermd wonen, opvang en zorg Twente 2015'."
    almelo = {m.title: m for m in report(result, "Almelo").mentions if m.kind == "instrument"}
    conv = almelo["Samenwerken aan beschermd wonen, opvang en zorg Twente 2015"]
    assert conv.key == "convenant" and [e.line for e in conv.evidence] == [190]
    # line 2244 "… het convenant 'een boost' te geven" is not a title
    assert not any(m.title == "een boost" for m in report(result, "Groninger gemeenten").mentions)


def test_titles_the_text_gives_are_stated(result: StatusReportResult) -> None:
    """Regression (issue 11): these titles were reported as not stated although the text gives
    them on the line the report cites."""
    titles = {
        (m.key, m.title)
        for region in ("Fryslân", "Meierij en Bommelerwaard", "Zeeland", "Tilburg")
        for m in report(result, region).mentions
        if m.kind == "instrument" and m.title
    }
    # 2938 "In 2018 is de Friese visie Opvang en Beschermd wonen vastgesteld …"
    assert ("visie", "Friese visie Opvang en Beschermd wonen") in titles
    # 2938 "… een concept regioplan 'De Fryske Oanpak Beschermd wonen vanaf 2022' …"
    assert ("plan", "De Fryske Oanpak Beschermd wonen vanaf 2022") in titles
    # 1147 "… de Regiovisie BW en MO 2020 vastgesteld."
    assert ("regiovisie", "Regiovisie BW en MO 2020") in titles
    # 4191 "In 2019 is de versnellingsagenda Bescherming en opvang in Zeeland opgesteld …"
    assert ("agenda", "versnellingsagenda Bescherming en opvang in Zeeland") in titles
    # 3811 "Het plan van aanpak 'Vervolgtraject Beschermd Wonen, Maatschappelijke Opvang,
    # preventie GGZ en Verslavingszorg' is in 2020 vastgesteld."
    assert (
        "plan",
        "Vervolgtraject Beschermd Wonen, Maatschappelijke Opvang, preventie GGZ en Verslavingszorg",
    ) in titles
    # 2942 "Sociaal domein Fryslân (SDF) is een gemeenschappelijke regeling …": the body and the
    # joint arrangement it is, titled by its name
    assert ("organisation", "Sociaal domein Fryslân") in _named(result, "Fryslân")
    assert ("gemeenschappelijke_regeling", "Sociaal domein Fryslân") in titles


def test_planned_instruments_are_not_shown_as_existing(result: StatusReportResult) -> None:
    """Regression (issue 11): "er wordt gewerkt aan een convenant" became an agreement with no
    status, as if it existed."""

    def status(region: str, notation: str, name: str) -> str | None:
        return next(
            m.status
            for m in report(result, region).mentions
            if m.kind == "instrument" and m.key == notation and m.name == name
        )

    # 3827 (Tilburg) "Daarnaast wordt gewerkt aan een convenant."
    assert status("Tilburg", "convenant", "convenant") == "being_worked_on"
    # 4244 (Zeeland) "Het streven is om in Q2 2021 een uitgewerkt plan (… solidariteitsfonds BW) aan
    # de gemeenteraden voor te leggen."
    assert status("Zeeland", "fonds", "solidariteitsfonds BW") == "planned"
    # 2232 (Groninger gemeenten) "De nieuwe centrumregeling met bijhorend convenant is in
    # september 2020 door alle gemeenteraden vastgesteld."
    assert status("Groninger gemeenten", "centrumregeling", "centrumregeling") == "exists"
    # 264 (Flevoland) "Er was een visie met een looptijd t/m 2020 …"
    assert status("Flevoland", "visie", "visie") == "ended"


def test_laws_and_programmes(
    result: StatusReportResult, graph: rdflib.Graph, ctx: BuildContext
) -> None:
    # 3815 (Tilburg) "… de Wlz-uitname …"; 583 (Oost-Veluwe) "… op het snijvlak van Zvw en Wmo."
    assert ("law", "wlz") in {(m.kind, m.key) for m in report(result, "Tilburg").mentions}
    ov = {(m.kind, m.key) for m in report(result, "Oost-Veluwe").mentions}
    assert {("law", "zvw"), ("law", "wmo_2015"), ("law", "wvggz")} <= ov  # 650 "Wet verplichte GGZ"
    assert (ctx.minter.region("tilburg"), BWMO.mentions, code_concept("law", "wlz")) in graph
    # the national Actieprogramma Weer Thuis: one node, named by many regions
    # (589 Oost-Veluwe "het actieprogramma Weer Thuis", 2244 Groninger gemeenten, 4191 Zeeland …)
    weer_thuis = ctx.minter.id("programme", "weer-thuis")
    regions = set(graph.subjects(BWMO.mentions, weer_thuis))
    assert {
        ctx.minter.region(r) for r in ("oost-veluwe", "groninger-gemeenten", "zeeland", "fryslan")
    } <= regions
    assert (weer_thuis, rdflib.RDF.type, BWMO.Programme) in graph


def test_unresolved_names_are_visible(graph: rdflib.Graph) -> None:
    """A name seen but not resolved is a bwmo:UnresolvedMention with its text and line."""
    nodes = set(graph.subjects(rdflib.RDF.type, BWMO.UnresolvedMention))
    labels = {str(graph.value(n, rdflib.RDFS.label)) for n in nodes}
    # 3026 (Fryslân) "… getoetst door Bureau HHM."; 617 (Oost-Veluwe) "wetsvoorstel
    # Woonplaatsbeginsel BW"
    assert {"Bureau HHM", "wetsvoorstel Woonplaatsbeginsel BW"} <= labels
    for n in nodes:
        assert list(graph.objects(n, BWMO.evidence)), n
        assert graph.value(n, BWMO.mentionKind) is not None, n


def test_mention_nodes_in_the_graph(graph: rdflib.Graph, ctx: BuildContext) -> None:
    region = ctx.minter.region("gouda")
    assert (region, BWMO.mentions, code_concept("product", "skaeve_huse")) in graph
    node = ctx.minter.id("mention", "gouda", "product", "skaeve_huse")
    assert (node, BWMO.mentionOf, code_concept("product", "skaeve_huse")) in graph
    assert (node, BWMO.region, region) in graph
    assert list(graph.objects(node, BWMO.evidence))
    assert (
        ctx.minter.region("oost-veluwe"),
        BWMO.mentions,
        ctx.minter.organisation("zilveren-kruis"),
    ) in graph


# --- the graph --------------------------------------------------------------------------------


def test_assessment_nodes(graph: rdflib.Graph, ctx: BuildContext, doc: SourceDocument) -> None:
    assessments = set(graph.subjects(rdflib.RDF.type, BWMO.Assessment))
    assert len(assessments) == 765
    statuses = {
        code_concept("status", s)
        for s in ("yes", "in_development", "no", "not_applicable", "not_stated")
    }
    lines = doc.lines()
    for a in assessments:
        assert graph.value(a, BWMO.status) in statuses
        (ev,) = graph.objects(a, BWMO.evidence)
        n = int(str(graph.value(ev, BWMO.lineNumber)))
        assert str(graph.value(ev, BWMO.quote)) == lines[n - 1].strip()
    a = ctx.minter.id("assessment", "den-haag", "ua_transition_client_info", "2020-10-29")
    assert graph.value(a, BWMO.status) == code_concept("status", "yes")  # line 1321 "✅"
    assert str(graph.value(a, BWMO.rawStatus)) == "✅"
    a = ctx.minter.id("assessment", "almelo", "nvo_regiovisie", "2020-10-29")
    block = graph.value(a, BWMO.checklistBlock)
    assert str(graph.value(block, BWMO.explanation)).startswith("In 2019 heeft de subregio Almelo")


def test_explanation_belongs_to_the_block_not_to_each_topic(
    graph: rdflib.Graph, ctx: BuildContext
) -> None:
    """Regression (issue 11): every NvO assessment of a region carried the whole block's
    Toelichting, so the regiovisie assessment quoted text about continuity and governance.

    Regiobeeld Alkmaar: "## Norm voor Opdrachtgeverschap" (line 117), its Toelichting on line
    132 ("Er is bestuurlijk bereidheid om samen te werken … formele borging van afspraken …");
    "## Uitvoeringsafspraken" (line 134), Toelichting line 150 ("In de regio Alkmaar wordt
    verkend of een regionaal fonds …").
    """
    explained = set(graph.subjects(BWMO.explanation))
    assert explained and all((s, RDF.type, BWMO.ChecklistBlock) in graph for s in explained)
    nvo = ctx.minter.id("checklist-block", "alkmaar", "nvo", "2020-10-29")
    ua = ctx.minter.id("checklist-block", "alkmaar", "uitvoeringsafspraken", "2020-10-29")
    assert str(graph.value(nvo, BWMO.explanation)).startswith(
        "Er is bestuurlijk bereidheid om samen te werken"
    )
    assert str(graph.value(ua, BWMO.explanation)).startswith(
        "In de regio Alkmaar wordt verkend of een regionaal fonds"
    )
    lines = {int(str(graph.value(e, BWMO.lineNumber))) for e in graph.objects(nvo, BWMO.evidence)}
    assert lines == {117, 132}
    assert graph.value(nvo, BWMO.topic) == code_concept("topic", "nvo")
    assert str(graph.value(nvo, RDFS.label)) == "Alkmaar: Norm voor Opdrachtgeverschap"
    regiovisie = ctx.minter.id("assessment", "alkmaar", "nvo_regiovisie", "2020-10-29")
    solidarity = ctx.minter.id("assessment", "alkmaar", "ua_financial_solidarity", "2020-10-29")
    assert graph.value(regiovisie, BWMO.checklistBlock) == nvo
    assert graph.value(solidarity, BWMO.checklistBlock) == ua
    assert graph.value(regiovisie, BWMO.explanation) is None
    # 6 + 10 + 1 assessments per region, 3 blocks per region with a checklist
    blocks = set(graph.subjects(RDF.type, BWMO.ChecklistBlock))
    assert len(blocks) == 45 * 3


def test_reingesting_gives_an_isomorphic_graph(
    doc: SourceDocument, graph: rdflib.Graph, settings: Settings
) -> None:
    again = to_graph(EXTRACTOR.extract(doc), BuildContext(settings))
    assert isomorphic(graph, again)
    assert set(graph) == set(again)


def test_topic_code_list_matches_the_extractor(settings: Settings) -> None:
    g = rdflib.Graph().parse(settings.ontology_dir / "codelists" / "topic.ttl")
    for i, t in enumerate(TOPICS, start=1):
        c = code_concept("topic", t.notation)
        assert str(g.value(c, SKOS.notation)) == t.notation
        assert int(str(g.value(c, BWMO.order))) == i
        labels = {
            str(o) for o in g.objects(c, SKOS.prefLabel) if getattr(o, "language", None) == "nl"
        }
        assert labels == {t.label}
    spread = code_concept("topic", "ua_spread_of_facilities")
    assert "Spreading voorzieningen" in {str(o) for o in g.objects(spread, SKOS.altLabel)}


# --- warnings and errors ----------------------------------------------------------------------


def test_unknown_label_warns_naming_the_line(doc: SourceDocument, tmp_path: Path) -> None:
    lines = list(doc.lines())
    assert lines[144] == "Toegang:\t⚙"  # line 145, Alkmaar ("⚙️" in the file)
    lines[144] = "Woonvoorzieningen gepland:\t⚙️"
    res = EXTRACTOR.extract(copy_with(doc, tmp_path, lines))
    messages = [str(d) for d in res.diagnostics]
    assert any(
        m.startswith(f"{doc.path.name}:145:") and "Woonvoorzieningen gepland" in m for m in messages
    ), messages
    # the missing item is recorded as not_stated, never dropped or guessed
    c = cell(res, "Alkmaar", "ua_access")
    assert c.status == "not_stated" and c.status_note


def test_region_report_without_checklist_warns(doc: SourceDocument, tmp_path: Path) -> None:
    lines = list(doc.lines())
    # Almelo (heading line 178): blank out its three checklist blocks (lines 204-244)
    start = lines.index("Norm voor Opdrachtgeverschap", 178)
    end = lines.index("Voortgang", start)
    lines[start:end] = [""] * (end - start)
    res = EXTRACTOR.extract(copy_with(doc, tmp_path, lines))
    assert any(
        str(d).startswith(f"{doc.path.name}:178:") and "no checklist" in str(d)
        for d in res.diagnostics
    )
    assert sum(len(r.cells) for r in res.reports) == 765 - 17


def test_unparseable_document_raises_with_file_and_line(
    doc: SourceDocument, tmp_path: Path
) -> None:
    no_regions = [line.replace("Regiobeeld", "Regio") for line in doc.lines()]
    with pytest.raises(ExtractionError, match=rf"^{doc.path.name}:1: "):
        EXTRACTOR.extract(copy_with(doc, tmp_path, no_regions))
    no_checklist = [
        line
        for line in doc.lines()
        if ":\t" not in line
        and not line.endswith(":")
        and not line.startswith("Planning opgesteld")
    ]
    with pytest.raises(ExtractionError, match=rf"^{doc.path.name}:\d+: no checklist"):
        EXTRACTOR.extract(copy_with(doc, tmp_path, no_checklist, "no-checklist"))


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "De regiogemeenten Lochem, Raalte en Zutphen werken samen.",
            ["Lochem", "Raalte", "Zutphen"],
        ),
        (
            "bestaande uit de gemeenten Sittard- Geleen, Beek en Stein ervoor gekozen",
            ["Sittard- Geleen", "Beek", "Stein"],
        ),
        # a province or region name is not a municipality: the whole list is refused
        ("de gemeenten Groningen en Fryslân", []),
        ("de gemeenten Utrecht en Zeeland", []),
        ("overleg tussen de gemeenten en de provincie Utrecht", []),
        ("De gemeente Zeewolde heeft net besloten bij regio Flevoland te blijven.", ["Zeewolde"]),
        ("De gemeente Amsterdam heeft afspraken gemaakt met woningcorporaties.", []),
    ],
)
def test_member_sentence_shapes(sentence: str, names: list[str]) -> None:
    from bwgraph.extract.status_report import member_names

    assert member_names(sentence) == names


def test_agreement_and_body_nodes(graph: rdflib.Graph, ctx: BuildContext) -> None:
    # line 199 "… het Convenant 'Samenwerken aan beschermd wonen, opvang en zorg Twente 2015'."
    title = "Samenwerken aan beschermd wonen, opvang en zorg Twente 2015"
    (conv,) = graph.subjects(
        rdflib.namespace.DCTERMS.alternative, rdflib.Literal(title, lang="nl")
    )
    assert str(conv).startswith(str(ctx.minter.id("instrument", "almelo", "convenant")) + "/")
    assert (conv, rdflib.RDF.type, BWMO.Convenant) in graph
    assert str(graph.value(conv, rdflib.RDFS.label)) == title
    assert (ctx.minter.region("almelo"), BWMO.mentions, conv) in graph
    # line 583 "Binnen de Taskforce EPA vindt structureel overleg … plaats"
    body = ctx.minter.id("body", "oost-veluwe", "taskforce-epa")
    assert (body, rdflib.RDF.type, BWMO.GovernanceBody) in graph
    assert list(graph.objects(body, BWMO.evidence))


def test_no_blank_nodes(graph: rdflib.Graph) -> None:
    assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)


def test_every_fact_node_has_evidence(graph: rdflib.Graph) -> None:
    fact_classes = [
        BWMO.Assessment,
        BWMO.Narrative,
        BWMO.Mention,
        BWMO.RegionMembership,
        BWMO.Convenant,
        BWMO.Centrumregeling,
        BWMO.JointArrangement,
        BWMO.Agreement,
        BWMO.RegionalVision,
        BWMO.ActionPlan,
        BWMO.GovernanceBody,
    ]
    for cls in fact_classes:
        nodes = set(graph.subjects(rdflib.RDF.type, cls))
        assert nodes, cls
        for node in nodes:
            assert list(graph.objects(node, BWMO.evidence)), node


def test_docstring_examples() -> None:
    import doctest

    import bwgraph.extract.status_report as module

    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def test_graph_conforms_to_the_shapes(
    graph: rdflib.Graph, doc: SourceDocument, ctx: BuildContext, assert_conforms: ConformsCheck
) -> None:
    """The document graph, with the ontology and the reference graph, passes ``shapes/``."""
    assert_conforms(graph, doc, ctx)
