"""Document 003 (Regionale Agenda HKG 2021-2022, Drechtsteden en Alblasserwaard).

Expected values were read from data/sources/003_057f26d649f68110.txt by a person; the quoted
source line is in a comment next to each.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS, XSD

from bwgraph.context import BuildContext
from bwgraph.extract.housing_agenda import EXTRACTOR, parse_quantity, strip_markers
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO
from bwgraph.records import ExtractionError, ExtractResult, SourceDocument
from bwgraph.records.housing_agenda import HousingAgendaRecords
from bwgraph.transform.housing_agenda import to_graph
from tests.extract.conftest import ConformsCheck

#: the agenda's IRI key: its title (line 7) and its region (dordrecht), not the file's id
DOC = "regionale-agenda-huisvesting-kwetsbare-groepen-2021-2022-dordrecht"
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/"


@pytest.fixture(scope="module")
def doc(sources: dict[str, SourceDocument]) -> SourceDocument:
    return sources["housing_agenda"]


@pytest.fixture(scope="module")
def result(doc: SourceDocument) -> ExtractResult:
    return EXTRACTOR.extract(doc)


@pytest.fixture(scope="module")
def rec(result: ExtractResult) -> HousingAgendaRecords:
    (r,) = result.records
    assert isinstance(r, HousingAgendaRecords)
    return r


@pytest.fixture(scope="module")
def graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    return to_graph(result, ctx)


def _id(ctx: BuildContext, kind: str, *parts: str) -> URIRef:
    return ctx.minter.id(kind, *parts)


def test_detects_only_the_agenda(doc: SourceDocument, sources: dict[str, SourceDocument]) -> None:
    assert EXTRACTOR.detect(doc.path.read_text(encoding="utf-8"))
    others = [d for d in sources.values() if d.kind != "housing_agenda"]
    assert others and not any(EXTRACTOR.detect(d.path.read_text(encoding="utf-8")) for d in others)


def test_nine_municipalities_and_centrumgemeente(rec: HousingAgendaRecords) -> None:
    # line 32: "Dit werkgebied omvat de gemeenten: Dordrecht (centrumgemeente), Alblasserdam,
    # Gorinchem, Hardinxveld-Giessendam, Hendrik-Ido-Ambacht, Molenlanden, Papendrecht,
    # Sliedrecht, Zwijndrecht."
    assert rec.info.municipalities == (
        "Dordrecht", "Alblasserdam", "Gorinchem", "Hardinxveld-Giessendam",
        "Hendrik-Ido-Ambacht", "Molenlanden", "Papendrecht", "Sliedrecht", "Zwijndrecht",
    )  # fmt: skip
    assert rec.info.centrumgemeente == "Dordrecht"
    assert rec.info.municipalities_evidence.line == 32
    # line 14: "10 maart 2021"
    assert rec.info.date_text == "10 maart 2021"
    assert (rec.info.period_start, rec.info.period_end) == (2021, 2022)


def test_region_and_members_in_graph(graph: Graph, ctx: BuildContext) -> None:
    agenda = _id(ctx, "plan", DOC)
    region = ctx.minter.region("dordrecht")
    assert (agenda, BWMO.region, region) in graph
    assert (agenda, BWMO.documentDate, Literal("2021-03-10", datatype=XSD.date)) in graph
    members = set(graph.objects(region, ORG.hasMember))
    # Dordrecht GM0505, Molenlanden GM1978 (since 2019), Zwijndrecht GM0642
    for code in ("gm0505", "gm1978", "gm0642", "gm0482", "gm0512", "gm0523", "gm0531"):
        assert URIRef(TOOI + code) in members
    assert len(members) == 9
    assert (region, BWMO.centrumgemeente, URIRef(TOOI + "gm0505")) in graph


def test_parse_quantity() -> None:
    q = parse_quantity("6-12 plekken (geclusterd of verspreid)")
    assert (q.exact, q.minimum, q.maximum, q.unit) == (None, 6, 12, "plekken")
    q = parse_quantity("Minimaal 80 woonplekken")
    assert (q.exact, q.minimum, q.maximum, q.unit) == (None, 80, None, "woonplekken")
    q = parse_quantity("2 voorzieningen a 15 woonplekken")
    assert (q.exact, q.unit, q.unit_size, q.unit_size_unit) == (
        2,
        "voorzieningen",
        15,
        "woonplekken",
    )
    assert not parse_quantity("Nntb").stated
    assert strip_markers("Gorinchem ¹") == ("Gorinchem", ("1",))


def _capacity(graph: Graph, ctx: BuildContext, notation: str) -> URIRef:
    node = _id(ctx, "capacity-target", DOC, notation)
    assert (node, RDF.type, BWMO.CapacityTarget) in graph
    assert (node, BWMO.product, code_concept("product", notation)) in graph
    return node


def test_capacity_housing_first_per_year(graph: Graph, ctx: BuildContext) -> None:
    # line 67: "Housing first\t25 woningen per jaar"
    n = _capacity(graph, ctx, "housing_first")
    assert graph.value(n, BWMO.quantity) == Literal(25, datatype=XSD.integer)
    assert graph.value(n, BWMO.unit) == Literal("woningen", lang="nl")
    assert graph.value(n, BWMO.periodicity) == code_concept("periodicity", "per_year")


def test_capacity_minimum_and_one_off(graph: Graph, ctx: BuildContext) -> None:
    # line 68: "Tijdelijk wonen\tMinimaal 80 woonplekken"; line 75: "... alle genoemde aantallen
    # woonzorgproducten die structureel en eenmalig ... worden toegevoegd" (except Housing First)
    n = _capacity(graph, ctx, "flex_housing")
    assert graph.value(n, BWMO.quantityMin) == Literal(80, datatype=XSD.integer)
    assert graph.value(n, BWMO.quantity) is None
    assert graph.value(n, BWMO.unit) == Literal("woonplekken", lang="nl")
    assert graph.value(n, BWMO.periodicity) == code_concept("periodicity", "one_off")
    # line 73: "Kleinschalige tussenvoorzieningen (...)\tMinimaal 24 woonplekken in de regio's"
    n = _capacity(graph, ctx, "small_scale_facility")
    assert graph.value(n, BWMO.quantityMin) == Literal(24, datatype=XSD.integer)


def test_capacity_range_and_facilities(graph: Graph, ctx: BuildContext) -> None:
    # line 71: "Terugval/Time out\t6-12 plekken (geclusterd of verspreid)"
    n = _capacity(graph, ctx, "time_out")
    assert graph.value(n, BWMO.quantityMin) == Literal(6, datatype=XSD.integer)
    assert graph.value(n, BWMO.quantityMax) == Literal(12, datatype=XSD.integer)
    # line 69: "Woontraining voor jongeren\t2 voorzieningen a 15 woonplekken"
    n = _capacity(graph, ctx, "youth_woontraining")
    assert graph.value(n, BWMO.quantity) == Literal(2, datatype=XSD.integer)
    assert graph.value(n, BWMO.unitSize) == Literal(15, datatype=XSD.integer)
    # line 72: "Intramurale woonvoorziening voor mensen met zeer complexe (triple) problematiek\t1
    # voorziening a 20 plekken"
    n = _capacity(graph, ctx, "complex_needs_facility")
    assert graph.value(n, BWMO.quantity) == Literal(1, datatype=XSD.integer)
    assert graph.value(n, BWMO.unitSize) == Literal(20, datatype=XSD.integer)
    # line 70: "Skaeve Huse\t12 units in de regio's geclusterd of verspreid"
    n = _capacity(graph, ctx, "skaeve_huse")
    assert graph.value(n, BWMO.quantity) == Literal(12, datatype=XSD.integer)
    assert graph.value(n, BWMO.unit) == Literal("units", lang="nl")
    assert len(set(graph.subjects(RDF.type, BWMO.CapacityTarget))) == 7


def _offer(graph: Graph, ctx: BuildContext, municipality: str, notation: str) -> URIRef:
    return _id(ctx, "offer", DOC, municipality, notation)


def test_local_offer_numbers_and_texts(graph: Graph, ctx: BuildContext) -> None:
    # line 137: "Tijdelijk wonen (minimaal 80 woningen)\t30\tOnderzoek doorstromers\t7-8 gezinnen…"
    # columns (line 135): Dordrecht, Molenlanden, Gorinchem, Hendrik-Ido-Ambacht, Sliedrecht,
    # Alblasserdam, Zwijndrecht, Hardinxveld-Giessendam, Papendrecht
    n = _offer(graph, ctx, "Dordrecht", "flex_housing")
    assert (n, RDF.type, BWMO.LocalOffer) in graph
    assert graph.value(n, BWMO.quantity) == Literal(30, datatype=XSD.integer)
    assert graph.value(n, BWMO.municipality) == URIRef(TOOI + "gm0505")
    n = _offer(graph, ctx, "Gorinchem", "flex_housing")
    assert graph.value(n, BWMO.offerText) == Literal("7-8 gezinnen", lang="nl")
    assert graph.value(n, BWMO.quantity) is None
    n = _offer(graph, ctx, "Zwijndrecht", "flex_housing")
    assert graph.value(n, BWMO.quantity) == Literal(20, datatype=XSD.integer)
    # line 141: "Intramurale woonvoorziening / complexe (triple) problematiek (...)\tUitbreiding 2
    # plaatsen\t…" — Dordrecht only
    n = _offer(graph, ctx, "Dordrecht", "complex_needs_facility")
    assert graph.value(n, BWMO.offerText) == Literal("Uitbreiding 2 plaatsen", lang="nl")


def test_empty_cells_give_no_offer(graph: Graph, ctx: BuildContext) -> None:
    # line 137: the Sliedrecht, Alblasserdam and Papendrecht cells of "Tijdelijk wonen" are empty
    for muni in ("Sliedrecht", "Alblasserdam", "Papendrecht"):
        assert (_offer(graph, ctx, muni, "flex_housing"), None, None) not in graph
    # line 141: only Dordrecht has a cell in the intramural row
    offers = set(graph.subjects(BWMO.product, code_concept("product", "complex_needs_facility")))
    local = {o for o in offers if (o, RDF.type, BWMO.LocalOffer) in graph}
    assert local == {_offer(graph, ctx, "Dordrecht", "complex_needs_facility")}
    # 28 non-empty cells in lines 136-142 (8 + 6 + 5 + 3 + 3 + 1 + 2), counted by hand
    assert len(set(graph.subjects(RDF.type, BWMO.LocalOffer))) == 28


def test_column_footnote_attached(graph: Graph, ctx: BuildContext) -> None:
    # line 135 header "Zwijndrecht ⁴"; line 150: "⁴ **Zwijndrecht** = Zwijndrecht wil haar
    # bijdrage leveren …"
    n = _offer(graph, ctx, "Zwijndrecht", "flex_housing")
    notes = [str(x) for x in graph.objects(n, BWMO.footnote)]
    assert len(notes) == 1 and notes[0].startswith("Zwijndrecht wil haar bijdrage leveren")
    lines = {int(graph.value(e, BWMO.lineNumber)) for e in graph.objects(n, BWMO.evidence)}
    assert {137, 150} <= lines


def test_cell_marker_pointing_elsewhere_stays_unresolved(
    graph: Graph, ctx: BuildContext, result: ExtractResult
) -> None:
    # line 137: Hendrik-Ido-Ambacht cell "1 ⁵", but footnote ⁵ (line 152) names no municipality
    # and the H-I-A footnote is ⁶ (line 154): not attached by guess.
    n = _offer(graph, ctx, "Hendrik-Ido-Ambacht", "flex_housing")
    assert graph.value(n, BWMO.quantity) == Literal(1, datatype=XSD.integer)
    assert list(graph.objects(n, BWMO.footnote)) == []
    assert graph.value(n, BWMO.unresolvedFootnoteMarker) == Literal("5")
    assert any(d.line == 137 and "marker 5" in d.message for d in result.diagnostics)


def test_demand_per_target_group(graph: Graph, ctx: BuildContext) -> None:
    # line 86: "Uitstroom cliënten Beschermd Wonen >\t80 ¹\t…"; footnote ¹ on line 93
    n = _id(ctx, "demand-estimate", DOC, "leaving_beschermd_wonen")
    assert graph.value(n, BWMO.quantity) == Literal(80, datatype=XSD.integer)
    assert graph.value(n, BWMO.targetGroup) == code_concept(
        "target-group", "leaving_beschermd_wonen"
    )
    assert str(graph.value(n, BWMO.footnote)).startswith("De feitelijke uitstroom")
    # line 89: "Gezinnen met een zorgvraag >\t10-15\t…"
    n = _id(ctx, "demand-estimate", DOC, "families_with_care_needs")
    assert graph.value(n, BWMO.quantityMin) == Literal(10, datatype=XSD.integer)
    assert graph.value(n, BWMO.quantityMax) == Literal(15, datatype=XSD.integer)
    # line 91: "Uitstroom penitentiaire instelling >\t10"
    n = _id(ctx, "demand-estimate", DOC, "leaving_penitentiary_institution")
    assert graph.value(n, BWMO.quantity) == Literal(10, datatype=XSD.integer)
    # line 88: "Uitstroom Jeugdzorg >\tNntb ²": no number
    n = _id(ctx, "demand-estimate", DOC, "leaving_youth_care")
    assert graph.value(n, BWMO.quantity) is None and graph.value(n, BWMO.quantityMin) is None
    assert graph.value(n, BWMO.quantityText) == Literal("Nntb", lang="nl")
    # line 90: "Dak- en thuisloze jongeren >\t10-15"
    n = _id(ctx, "demand-estimate", DOC, "homeless_young_people")
    assert graph.value(n, BWMO.quantityMax) == Literal(15, datatype=XSD.integer)
    # six table rows (lines 86-91) and the total of line 77
    assert len(set(graph.subjects(RDF.type, BWMO.DemandEstimate))) == 7


def test_total_demand_and_its_scope(graph: Graph, ctx: BuildContext) -> None:
    # line 77: "Naar schatting betreft de uitstroom in de regio Drechtsteden jaarlijks zo'n 135 tot
    # 145 mensen."; line 79: "De gemeenten Molenlanden, Gorinchem en Hardinxveld-Giessendam zijn
    # niet in dit vraagonderzoek meegenomen."
    n = _id(ctx, "demand-estimate", DOC, "total")
    assert graph.value(n, BWMO.quantityMin) == Literal(135, datatype=XSD.integer)
    assert graph.value(n, BWMO.quantityMax) == Literal(145, datatype=XSD.integer)
    assert graph.value(n, BWMO.unit) == Literal("mensen", lang="nl")
    assert graph.value(n, BWMO.periodicity) == code_concept("periodicity", "per_year")
    assert "Molenlanden, Gorinchem en Hardinxveld-Giessendam" in str(graph.value(n, SKOS.scopeNote))
    lines = {int(graph.value(e, BWMO.lineNumber)) for e in graph.objects(n, BWMO.evidence)}
    assert lines == {77, 79}


def test_product_catalogue(graph: Graph, ctx: BuildContext, rec: HousingAgendaRecords) -> None:
    # lines 390-397 (annex A): Flex wonen, Woonzorgvoorziening voor multiproblematiek,
    # Kleinschalige tussenvoorzieningen, Time out, Skaeve huse, Housing First
    assert [p.product_label for p in rec.products] == [
        "Flex wonen", "Woonzorgvoorziening voor multiproblematiek",
        "Kleinschalige tussenvoorzieningen", "Time out", "Skaeve huse", "Housing First",
    ]  # fmt: skip
    n = _id(ctx, "product-description", DOC, "skaeve_huse")
    assert (n, RDF.type, BWMO.ProductDescription) in graph
    assert str(graph.value(n, BWMO.text)).startswith("Is een bijzondere woonvorm, afkomstig uit")
    assert graph.value(n, BWMO.product) == code_concept("product", "skaeve_huse")


def test_governance_bodies(graph: Graph, ctx: BuildContext) -> None:
    regie = ctx.minter.organisation("regiegroep-hkg-drechtsteden-alblasserwaard")
    tafel = ctx.minter.organisation("bestuurlijke-tafel-bw-en-o-drechtsteden-alblasserwaard")
    agenda = _id(ctx, "plan", DOC)
    assert {regie, tafel} <= set(graph.objects(agenda, BWMO.governedBy))
    # line 238: "… 2 wethouders wonen, 2 wethouders sociaal domein, 3 bestuurders van
    # woningcorporaties, 1 bestuurder per sector van de zorgaanbieders."
    assert Literal("3 bestuurders van woningcorporaties", lang="nl") in set(
        graph.objects(regie, BWMO.memberDescription)
    )
    # lines 242-244: three tasks
    tasks = [str(t) for t in graph.objects(regie, BWMO.bodyTask)]
    assert len(tasks) == 3
    assert any("bestuurlijke coördinatie en monitoring" in t for t in tasks)
    # line 269: "uit de 9 regio's gemeenten betrokken wethouders …"
    assert len(set(graph.objects(tafel, ORG.hasMember))) == 9


def test_truncated_copy_is_refused(doc: SourceDocument, tmp_path: Path) -> None:
    lines = doc.path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "003_truncated.txt"
    cut.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    copy = SourceDocument(
        id="truncated", kind="housing_agenda", path=cut, title="t", publisher="p",
        date=date(2021, 3, 10),
    )  # fmt: skip
    with pytest.raises(ExtractionError, match=r"003_truncated\.txt.*Bijlage A"):
        EXTRACTOR.extract(copy)


def test_graph_conforms_to_the_shapes(
    graph: Graph, doc: SourceDocument, ctx: BuildContext, assert_conforms: ConformsCheck
) -> None:
    """The document graph, with the ontology and the reference graph, passes ``shapes/``."""
    assert_conforms(graph, doc, ctx)
