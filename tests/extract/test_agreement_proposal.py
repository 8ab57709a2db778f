"""Document 004 (collegevoorstel Bestuurlijk Akkoord Weer Thuis Flevoland).

Expected values were read from data/sources/004_2625ce35e85ee8b5.txt by a person; the quoted
source line is in a comment next to each.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from bwgraph.context import BuildContext
from bwgraph.extract.agreement_proposal import EXTRACTOR
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO
from bwgraph.records import ExtractionError, ExtractResult, SourceDocument
from bwgraph.transform.agreement_proposal import to_graph
from tests.extract.conftest import ConformsCheck


@pytest.fixture(scope="module")
def doc(sources: dict[str, SourceDocument]) -> SourceDocument:
    return sources["agreement_proposal"]


@pytest.fixture(scope="module")
def result(doc: SourceDocument) -> ExtractResult:
    return EXTRACTOR.extract(doc)


@pytest.fixture(scope="module")
def graph(result: ExtractResult, ctx: BuildContext) -> Graph:
    return to_graph(result, ctx)


@pytest.fixture(scope="module")
def agreement(ctx: BuildContext) -> URIRef:
    return ctx.minter.id("agreement", "bestuurlijk-akkoord-weer-thuis-flevoland")


def test_detects_only_the_proposal(doc: SourceDocument, sources: dict[str, SourceDocument]) -> None:
    assert EXTRACTOR.detect(doc.path.read_text(encoding="utf-8"))
    others = [d for d in sources.values() if d.kind != "agreement_proposal"]
    assert others and not any(EXTRACTOR.detect(d.path.read_text(encoding="utf-8")) for d in others)


def test_agreement_type_and_title(graph: Graph, agreement: URIRef) -> None:
    # line 10: "**Onderwerp:** Bestuurlijk Akkoord Weer Thuis Flevoland"
    assert (agreement, RDF.type, BWMO.AdministrativeAgreement) in graph
    assert (agreement, BWMO.describedIn, None) in graph
    title = graph.value(agreement, URIRef("http://purl.org/dc/terms/title"))
    assert title == Literal("Bestuurlijk Akkoord Weer Thuis Flevoland", lang="nl")


def test_signatories(graph: Graph, agreement: URIRef, ctx: BuildContext) -> None:
    # line 49: "De volgende woningcorporaties ondertekenen het Bestuurlijk Akkoord: Mercatus,
    # Woonpalet, Oost Flevoland Woondiensten, Patrimonium, Centrada, Goede Stede, De Alliantie en
    # Ymere. De zorgaanbieders die het Bestuurlijk Akkoord ondertekenen zijn: Kwintes, Leger des
    # Heils, Triade, Omega groep, Timon, Pi Groep, Iriszorg en Freeway zorg."
    corporations = ["Mercatus", "Woonpalet", "Oost Flevoland Woondiensten", "Patrimonium",
                    "Centrada", "Goede Stede", "De Alliantie", "Ymere"]  # fmt: skip
    providers = ["Kwintes", "Leger des Heils", "Triade", "Omega groep", "Timon", "Pi Groep",
                 "Iriszorg", "Freeway zorg"]  # fmt: skip
    signatories = set(graph.objects(agreement, BWMO.signatory))
    assert len(signatories) == 16
    for name in corporations + providers:
        known = ctx.organisations.resolve(name)
        assert known is not None, f"{name} has no row in organisations.csv"
        assert ctx.minter.organisation(known.slug) in signatories
        expected = "housing_corporation" if name in corporations else "care_provider"
        assert known.org_type == expected
    assert not list(graph.subjects(RDF.type, BWMO.UnresolvedMention))


def test_municipalities_only_collectively(
    graph: Graph, agreement: URIRef, ctx: BuildContext
) -> None:
    # line 19: "In 2020 startten de gemeenten in Flevoland samen met …" — no list of municipalities
    # anywhere in the proposal, so the region is the party and no municipality is invented.
    flevoland = ctx.minter.region("flevoland")
    assert (agreement, BWMO.party, flevoland) in graph
    assert (agreement, BWMO.region, flevoland) in graph
    tooi = "https://identifier.overheid.nl/tooi/id/gemeente/"
    assert not [p for p in graph.objects(agreement, BWMO.party) if str(p).startswith(tooi)]


def test_dates(graph: Graph, agreement: URIRef, ctx: BuildContext) -> None:
    # line 19: "Op 24 juni 2021 stemden de bestuurders van het Bestuurlijk Overleg Sociaal Domein
    # (BOSD), onder toezegging van een aantal wijzigingen, in met het Bestuurlijk Akkoord."
    assert graph.value(agreement, BWMO.approvalDate) == Literal("2021-06-24", datatype=XSD.date)
    assert graph.value(agreement, BWMO.approvedBy) == ctx.minter.organisation("bosd-flevoland")
    # line 6: "1      22 juli 2021      L Breet" (under "Datum:")
    assert graph.value(agreement, BWMO.documentDate) == Literal("2021-07-22", datatype=XSD.date)
    # line 63: "… treedt in werking direct na ondertekening door partijen en eindigt op
    # 31 december 2022. Na evaluatie kan het Bestuurlijk Akkoord telkens met 2 jaar verlengd
    # worden."
    assert graph.value(agreement, BWMO.endDate) == Literal("2022-12-31", datatype=XSD.date)
    assert graph.value(agreement, BWMO.renewalTerm) == Literal("P2Y", datatype=XSD.duration)
    assert "telkens met 2 jaar verlengd" in str(graph.value(agreement, BWMO.renewalNote))
    assert graph.value(agreement, BWMO.startDate) is None  # no start date is stated


def test_target_groups(graph: Graph, agreement: URIRef) -> None:
    # lines 35-37: "- Mensen die uitstromen uit Beschermd Wonen", "- Mensen die uitstromen uit
    # Maatschappelijke Opvang en Vrouwenopvang", "- Jongvolwassenen van 18 tot 23 jaar die
    # uitstromen uit jeugdhulp (met verlengd verblijf)"
    expected = {
        code_concept("target-group", n)
        for n in (
            "leaving_beschermd_wonen",
            "leaving_maatschappelijke_opvang",
            "leaving_vrouwenopvang",
            "young_adults_leaving_youth_care",
        )
    }
    assert set(graph.objects(agreement, BWMO.targetGroup)) == expected


def test_policy_frame(graph: Graph, agreement: URIRef, ctx: BuildContext) -> None:
    # line 27: "Regionaal kader zorglandschap Wmo Flevoland 2020-2026."
    # one node for the region's kader, whichever document names it (issue 11): region, type and
    # the title's distinctive words ("Regionaal", "Wmo" and the region's name left out)
    frame = ctx.minter.id("instrument", "flevoland", "kader", "zorglandschap-2020-2026")
    assert (agreement, BWMO.implements, frame) in graph
    assert (frame, RDF.type, BWMO.PolicyFrame) in graph
    assert graph.value(frame, BWMO.periodStart) == Literal("2020", datatype=XSD.gYear)
    assert graph.value(frame, BWMO.periodEnd) == Literal("2026", datatype=XSD.gYear)
    lines = {int(graph.value(e, BWMO.lineNumber)) for e in graph.objects(frame, BWMO.evidence)}
    assert lines == {27}


def test_every_fact_has_evidence(graph: Graph, agreement: URIRef) -> None:
    lines = {int(graph.value(e, BWMO.lineNumber)) for e in graph.objects(agreement, BWMO.evidence)}
    assert {6, 10, 19, 49, 63} <= lines


@pytest.mark.parametrize("keep", [20, 50, 70])
def test_truncated_copy_is_refused(doc: SourceDocument, tmp_path: Path, keep: int) -> None:
    lines = doc.path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "004_truncated.txt"
    cut.write_text("".join(lines[:keep]), encoding="utf-8")
    copy = SourceDocument(
        id="truncated", kind="agreement_proposal", path=cut, title="t", publisher="p",
        date=date(2021, 7, 22),
    )  # fmt: skip
    with pytest.raises(ExtractionError, match=r"004_truncated\.txt"):
        EXTRACTOR.extract(copy)


def test_graph_conforms_to_the_shapes(
    graph: Graph, doc: SourceDocument, ctx: BuildContext, assert_conforms: ConformsCheck
) -> None:
    """The document graph, with the ontology and the reference graph, passes ``shapes/``."""
    assert_conforms(graph, doc, ctx)
