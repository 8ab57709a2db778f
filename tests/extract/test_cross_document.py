"""One node per real-world thing across documents (issue 11).

Two documents that name the same instrument write one node, found by the same rule (region,
type, the title's distinctive words and years: :func:`bwgraph.identify.instrument_key`), each
with its own evidence. Line numbers refer to the vendored sources.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from bwgraph.context import BuildContext
from bwgraph.extract import registry
from bwgraph.namespaces import BWMO
from bwgraph.records import SourceDocument
from bwgraph.transform import transformer_for


@pytest.fixture(scope="module")
def merged(sources: dict[str, SourceDocument], ctx: BuildContext) -> Graph:
    """The graphs of documents 001, 002 and 004 together (as the built dataset holds them)."""
    g = Graph()
    for kind in ("status_report", "action_plan", "agreement_proposal"):
        doc = sources[kind]
        result = registry()[kind].extract(doc)
        for t in transformer_for(kind)(result, ctx):
            g.add(t)
    return g


def _evidence(g: Graph, node: URIRef) -> set[tuple[str, int]]:
    out = set()
    for ev in g.objects(node, BWMO.evidence):
        doc = str(g.value(ev, BWMO.inDocument)).rsplit("/", 1)[-1]
        out.add((doc, int(str(g.value(ev, BWMO.lineNumber)))))
    return out


def test_flevoland_kader_is_one_node_with_evidence_from_both(
    merged: Graph, ctx: BuildContext
) -> None:
    # 001:264 and 001:330 "… het Regionaal Kader Zorglandschap 2020-2026 …" (Regiobeeld Flevoland);
    # 004:27 "Regionaal kader zorglandschap Wmo Flevoland 2020-2026."
    kader = ctx.minter.id("instrument", "flevoland", "kader", "zorglandschap-2020-2026")
    ev = _evidence(merged, kader)
    assert {
        ("hhm-2020-regionale-stand-van-het-land", 264),
        ("hhm-2020-regionale-stand-van-het-land", 330),
    } <= ev
    assert any(doc != "hhm-2020-regionale-stand-van-het-land" and line == 27 for doc, line in ev)
    agreement = ctx.minter.id("agreement", "bestuurlijk-akkoord-weer-thuis-flevoland")
    assert (agreement, BWMO.implements, kader) in merged
    assert (ctx.minter.region("flevoland"), BWMO.mentions, kader) in merged


def test_midden_ijssel_regiovisie_is_one_node_with_evidence_from_both(
    merged: Graph, ctx: BuildContext, sources: dict[str, SourceDocument]
) -> None:
    # 001:1419 "Binnen de regio Midden-IJssel is in 2017 een regiovisie met een actieplan
    # opgesteld."; 002:13 "Dit actieplan is een concrete uitwerking van de regiovisie 2017-2022"
    vision = ctx.minter.id("instrument", "midden-ijssel", "regiovisie", "2017")
    ev = _evidence(merged, vision)
    assert ("hhm-2020-regionale-stand-van-het-land", 1419) in ev
    assert (sources["action_plan"].id, 13) in ev
    plan = ctx.minter.id("plan", sources["action_plan"].id)
    assert (plan, BWMO.implements, vision) in merged
    assert (ctx.minter.region("midden-ijssel"), BWMO.mentions, vision) in merged
    # the plan itself: the status report's "… een regiovisie met een actieplan opgesteld" (2017)
    # is likely the "Regionaal actieplan 2017-2022": linked, not merged
    actieplan = ctx.minter.id("instrument", "midden-ijssel", "plan", "2017")
    assert (plan, SKOS.exactMatch, actieplan) in merged
    assert ("hhm-2020-regionale-stand-van-het-land", 1419) in _evidence(merged, actieplan)


def test_actieprogramma_weer_thuis_is_one_national_node(merged: Graph, ctx: BuildContext) -> None:
    node = ctx.minter.id("programme", "weer-thuis")
    regions = set(merged.subjects(BWMO.mentions, node))
    assert len(regions) >= 5
    assert not list(merged.objects(node, BWMO.region))
