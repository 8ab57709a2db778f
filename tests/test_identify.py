"""Entity resolution: one IRI per real-world entity, across documents and reference data.

One test per resolved variant. The variants are spellings the documents really use (the line is
quoted); anything that cannot be resolved with confidence must stay unresolved.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import IriMinter, municipality_iri, normalise_name, slugify
from bwgraph.namespaces import BWMO
from bwgraph.records import Evidence, SourceDocument

# --- organisations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "other", "slug"),
    [
        # 002 lines 395/423: "IrisZorg"; 004 line 49: "… Pi Groep, Iriszorg en Freeway zorg."
        ("IrisZorg", "Iriszorg", "iriszorg"),
        # 003 line 148: "In een nieuwbouwproject van Woonkracht 10 …" (corporation Woonkracht10)
        ("Woonkracht 10", "Woonkracht10", "woonkracht10"),
        # 003 line 228: "De Bestuurlijke Tafel Beschermd Wonen & Opvang (Afkort tot: Bestuurlijke
        # Tafel BW & O)"; line 214: "de Bestuurlijke Tafel BW&O"
        (
            "Bestuurlijke Tafel BW&O",
            "De Bestuurlijke Tafel Beschermd Wonen & Opvang",
            "bestuurlijke-tafel-bw-en-o-drechtsteden-alblasserwaard",
        ),
        # 003 line 236: "Regiegroep HKG"; line 315: "Regiegroep Huisvesting Kwetsbare groepen"
        (
            "Regiegroep HKG",
            "Regiegroep Huisvesting Kwetsbare groepen",
            "regiegroep-hkg-drechtsteden-alblasserwaard",
        ),
        # 004 line 19: "Bestuurlijk Overleg Sociaal Domein (BOSD)"
        ("Bestuurlijk Overleg Sociaal Domein", "BOSD", "bosd-flevoland"),
        # 004 line 49: "Omega groep" (the organisation writes "Omega Groep")
        ("Omega groep", "Omega Groep", "omega-groep"),
    ],
)
def test_organisation_variants_share_one_iri(
    ctx: BuildContext, variant: str, other: str, slug: str
) -> None:
    a, b = ctx.organisations.resolve(variant), ctx.organisations.resolve(other)
    assert a is not None and b is not None
    assert a.slug == b.slug == slug
    g = new_graph()
    ev = Evidence("test", 1, variant)
    assert ctx.organisation_node(g, variant, ev) == ctx.organisation_node(g, other, ev)
    assert len(g) == 0  # resolved names add no mention nodes


def test_iriszorg_is_one_node_across_documents(
    ctx: BuildContext, sources: dict[str, SourceDocument]
) -> None:
    """The 004 signatory "Iriszorg" is the IrisZorg that 002 names (line 395)."""
    from bwgraph.extract.agreement_proposal import EXTRACTOR
    from bwgraph.transform.agreement_proposal import to_graph

    g = to_graph(EXTRACTOR.extract(sources["agreement_proposal"]), ctx)
    agreement = ctx.minter.id("agreement", "bestuurlijk-akkoord-weer-thuis-flevoland")
    iris_002 = ctx.organisation_node(new_graph(), "IrisZorg", Evidence("x", 395, "IrisZorg"))
    assert (agreement, BWMO.signatory, iris_002) in g


def test_unknown_organisation_stays_unresolved(ctx: BuildContext) -> None:
    # no fuzzy matching: a shortened or unknown name is not merged into a known organisation
    assert ctx.organisations.resolve("Iris") is None
    assert ctx.organisations.resolve("Zorggroep Nergenshuizen") is None
    g = new_graph()
    ev = Evidence("doc", 7, "… Zorggroep Nergenshuizen …")
    node = ctx.organisation_node(g, "Zorggroep Nergenshuizen", ev)
    assert (node, RDF.type, BWMO.UnresolvedMention) in g
    assert (node, RDFS.label, Literal("Zorggroep Nergenshuizen", lang="nl")) in g
    assert "/id/mention/doc/7/" in str(node)


# --- regions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # 001 "Regiobeeld Flevoland"; 004 line 19: "binnen de regio Flevoland"
        ("Flevoland", "flevoland"),
        ("regio Flevoland", "flevoland"),
        # 003 line 12: "in de Drechtsteden en Alblasserwaard" (the 9 municipalities of line 32);
        # line 36: "de regio's Alblasserwaard en Drechtsteden"; 001: "Regiobeeld Dordrecht"
        ("Drechtsteden en Alblasserwaard", "dordrecht"),
        ("Alblasserwaard en Drechtsteden", "dordrecht"),
        ("Dordrecht", "dordrecht"),
        # 001 line 56: "Regiobeeld Midden-IJssel"; 002 line 626: "Midden-IJssel"
        ("Midden-IJssel", "midden-ijssel"),
    ],
)
def test_region_names(ctx: BuildContext, name: str, slug: str) -> None:
    known = ctx.regions.resolve(name)
    assert known is not None and known.slug == slug


def test_deventer_region_is_midden_ijssel(ctx: BuildContext) -> None:
    # 002 line 25: "centrumgemeente Deventer" (GM0150); 001 line 56: "Gemeente Deventer
    # Regiobeeld Midden-IJssel"
    deventer = ctx.municipalities.by_name("Deventer", on=date(2017, 5, 31))
    assert deventer is not None
    assert [r.slug for r in ctx.regions.by_centrumgemeente(deventer.cbs_code)] == ["midden-ijssel"]


def test_part_of_a_region_is_not_the_region(ctx: BuildContext) -> None:
    # 003 line 77: "de regio Drechtsteden" excludes Molenlanden, Gorinchem and Hardinxveld-
    # Giessendam (line 79): it is not the BW/MO region and must not resolve to it.
    assert ctx.regions.resolve("Drechtsteden") is None
    assert ctx.regions.resolve("Alblasserwaard") is None


def test_agenda_and_status_report_share_the_region_iri(
    ctx: BuildContext, sources: dict[str, SourceDocument]
) -> None:
    from bwgraph.extract.housing_agenda import EXTRACTOR
    from bwgraph.transform.housing_agenda import to_graph

    g = to_graph(EXTRACTOR.extract(sources["housing_agenda"]), ctx)
    agenda = ctx.minter.id(
        "plan", "regionale-agenda-huisvesting-kwetsbare-groepen-2021-2022-dordrecht"
    )
    # the region of "Regiobeeld Dordrecht" (001) is the region of the agenda (003)
    assert g.value(agenda, BWMO.region) == ctx.minter.region("dordrecht")


# --- municipalities -------------------------------------------------------------------------


def test_vianen_carried_to_vijfheerenlanden(ctx: BuildContext) -> None:
    # 000 (2018) names Vianen; it merged into Vijfheerenlanden (GM1961) on 2019-01-01
    vianen = ctx.municipalities.by_name("Vianen", on=date(2018, 2, 22))
    assert vianen is not None and vianen.cbs_code == "GM0620"
    assert vianen.end == date(2018, 12, 31)
    assert ctx.municipalities.successors("GM0620") == [(date(2019, 1, 1), "GM1961")]
    now = ctx.municipalities.current("GM0620", date(2026, 1, 1))
    assert [m.cbs_code for m in now] == ["GM1961"]
    assert ctx.municipalities.current("GM0620", date(2018, 12, 31))[0].cbs_code == "GM0620"
    assert ctx.municipalities.by_name("Vianen", on=date(2020, 1, 1)) is None


@pytest.mark.parametrize(("name", "code"), [("Appingedam", "GM0003"), ("Delfzijl", "GM0010"),
                                            ("Loppersum", "GM0024")])  # fmt: skip
def test_eemsdelta_merger(ctx: BuildContext, name: str, code: str) -> None:
    # Appingedam, Delfzijl and Loppersum (2020 names) form Eemsdelta (GM1979) on 2021-01-01
    m = ctx.municipalities.by_name(name, on=date(2020, 10, 29))
    assert m is not None and m.cbs_code == code
    assert [x.cbs_code for x in ctx.municipalities.current(code, date(2021, 1, 1))] == ["GM1979"]
    assert [x.cbs_code for x in ctx.municipalities.current(code, date(2020, 12, 31))] == [code]
    eemsdelta = ctx.municipalities.get("GM1979")
    assert eemsdelta.begin == date(2021, 1, 1)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Den Bosch", "GM0796"),
        ("'s-Hertogenbosch", "GM0796"),
        ("gemeente 's-Hertogenbosch", "GM0796"),
        ("Den Haag", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
    ],
)
def test_municipality_aliases(ctx: BuildContext, name: str, code: str) -> None:
    m = ctx.municipalities.by_name(name, on=date(2020, 10, 29))
    assert m is not None and m.cbs_code == code
    assert municipality_iri(m.cbs_code) == municipality_iri(code.lower())


def test_unknown_municipality_is_none(ctx: BuildContext) -> None:
    assert ctx.municipalities.by_name("Nergenshuizen", on=date(2020, 1, 1)) is None
    # "Bergen" is two municipalities (NH and L): ambiguous without more, never guessed
    assert ctx.municipalities.by_name("Bergen", on=date(2020, 1, 1)) is None


# --- IRIs and slugs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Vallei-regio (Ede)", "vallei-regio-ede"),
        ("Fryslân", "fryslan"),
        ("Bestuurlijke Tafel BW & O", "bestuurlijke-tafel-bw-en-o"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Noord- en Midden-Limburg", "noord-en-midden-limburg"),
    ],
)
def test_slugify_is_stable(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(slug) == slug  # idempotent: a slug stays itself


def test_normalised_names_fold_case_and_punctuation() -> None:
    assert normalise_name("IrisZorg") == normalise_name("Iriszorg") == normalise_name("IRIS-ZORG")


def test_minted_iris_do_not_depend_on_run_state() -> None:
    a = IriMinter("https://example.org/")
    b = IriMinter("https://example.org/")
    assert a.id("capacity-target", "agenda", "housing_first") == b.id(
        "capacity-target", "agenda", "housing_first"
    )
    assert str(a.region("Midden-IJssel")) == "https://example.org/id/region/midden-ijssel"
