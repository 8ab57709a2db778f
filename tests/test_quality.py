"""The quality report's coverage views (issue 11): facts per kind per region and document,
mentions per kind with the unresolved ones, and every name seen but not resolved.

Built from the status report (document 001) alone; expected values are read from the document.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from bwgraph.context import BuildContext
from bwgraph.extract.status_report import EXTRACTOR
from bwgraph.quality import QualitySummary, summarise
from bwgraph.records import SourceDocument
from bwgraph.store import OxigraphStore
from bwgraph.transform.status_report import to_graph

DOC = "hhm-2020-regionale-stand-van-het-land"


@pytest.fixture(scope="module")
def summary(sources: dict[str, SourceDocument], ctx: BuildContext) -> QualitySummary:
    from bwgraph.pipeline import _describe_document

    doc = sources["status_report"]
    g = to_graph(EXTRACTOR.extract(doc), ctx)
    _describe_document(g, doc, ctx)
    store = ox.Store()
    store.load(input=g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return summarise(OxigraphStore(store))


def test_coverage_per_region_and_document(summary: QualitySummary) -> None:
    fryslan = {c.kind: c.facts for c in summary.coverage if c.name == "Fryslân"}
    assert fryslan["Assessment"] == 17  # 6 + 10 + 1 checklist items
    assert fryslan["ChecklistBlock"] == 3
    assert fryslan["Narrative"] >= 9
    assert {c.document for c in summary.coverage} == {DOC}


def test_mentions_per_kind_with_unresolved(summary: QualitySummary) -> None:
    fryslan = {m.kind: (m.mentions, m.unresolved) for m in summary.mentions if m.name == "Fryslân"}
    # 2942 "… Jeugd, Wmo en Participatie"; 2981 "… MO/WLZ/financien …"
    assert fryslan["law"][0] >= 2 and fryslan["law"][1] == 0
    # 3026 "… getoetst door Bureau HHM" is seen but not resolved
    assert fryslan["organisation"][1] >= 1


def test_every_unresolved_name_with_kind_and_line(summary: QualitySummary) -> None:
    got = {(u.text, u.kind, u.region, u.document, u.line) for u in summary.unresolved}
    assert ("Bureau HHM", "organisation", "Fryslân", DOC, 3026) in got
    # 617 (Oost-Veluwe) "… de implementatie van het wetsvoorstel Woonplaatsbeginsel BW …"
    assert ("wetsvoorstel Woonplaatsbeginsel BW", "law", "Oost-Veluwe", DOC, 617) in got
