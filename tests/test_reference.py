"""Reference data: municipalities valid per date, mergers, and the reference graph."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from bwgraph.context import BuildContext
from bwgraph.namespaces import BWMO, TOOI_GEMEENTE
from bwgraph.transform.reference import reference_graph


def _peildatum_sets(ctx: BuildContext) -> dict[str, set[str]]:
    sets: dict[str, set[str]] = defaultdict(set)
    path = ctx.settings.reference_dir / "gemeenten_per_peildatum_2019_2026.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sets[row["peildatum"]].add(row["cbs_code"])
    return sets


@pytest.mark.parametrize(
    ("day", "count"),
    # counts from the reference README ("Counts per 1 Jan"), not from our code
    [
        ("2019-01-01", 355),
        ("2020-01-01", 355),
        ("2021-01-01", 352),
        ("2022-01-01", 345),
        ("2022-03-24", 344),
        ("2023-01-01", 342),
        ("2026-01-01", 342),
    ],
)
def test_registry_validity_matches_the_per_date_table(
    ctx: BuildContext, day: str, count: int
) -> None:
    valid = {m.cbs_code for m in ctx.municipalities.valid_on(date.fromisoformat(day))}
    assert len(valid) == count
    assert valid == _peildatum_sets(ctx)[day]


def test_weesp_is_carried_to_amsterdam(ctx: BuildContext) -> None:
    # Weesp joined Amsterdam on 24 March 2022 (reference README)
    reg = ctx.municipalities
    weesp = reg.by_name("Weesp", on=date(2020, 10, 29))
    assert weesp is not None
    assert [m.preferred_name for m in reg.current(weesp.cbs_code, date(2023, 1, 1))] == [
        "Amsterdam"
    ]
    assert [m.preferred_name for m in reg.current(weesp.cbs_code, date(2022, 1, 1))] == ["Weesp"]


def test_reference_graph_links_mergers_and_codes(ctx: BuildContext) -> None:
    g = reference_graph(ctx)
    weesp = TOOI_GEMEENTE["gm0457"]
    assert (weesp, RDF.type, BWMO.Municipality) in g
    assert (weesp, BWMO.cbsCode, Literal("GM0457")) in g
    assert (weesp, DCTERMS.isReplacedBy, TOOI_GEMEENTE["gm0363"]) in g
    amsterdam_province = g.value(TOOI_GEMEENTE["gm0363"], BWMO.province)
    assert amsterdam_province == URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv27")
    # every municipality has exactly one CBS code
    for m in g.subjects(RDF.type, BWMO.Municipality):
        assert len(list(g.objects(m, BWMO.cbsCode))) == 1


def test_organisations_are_typed_by_class_and_concept(ctx: BuildContext) -> None:
    """IrisZorg is a care provider (document 002 names it as the care provider of the region)."""
    from rdflib.namespace import ORG

    g = reference_graph(ctx)
    iris = URIRef("https://w3id.org/bwmo/id/organisation/iriszorg")
    assert (iris, RDF.type, BWMO.CareProvider) in g
    assert (
        iris,
        ORG.classification,
        URIRef("https://w3id.org/bwmo/def/organisation-type/care_provider"),
    ) in g
