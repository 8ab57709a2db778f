"""The source registry: every vendored document is registered, unmodified and described."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bwgraph.config import Settings
from bwgraph.sources import load_sources

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_five_documents_registered_with_metadata(settings: Settings) -> None:
    docs = load_sources(settings.sources_dir)
    assert [d.path.name[:3] for d in docs] == ["000", "001", "002", "003", "004"]
    kinds = {d.kind for d in docs}
    assert kinds == {"assignment", "status_report", "action_plan", "housing_agenda",
                     "agreement_proposal"}
    for d in docs:
        assert d.title and d.publisher and d.origin
        assert len(d.sha256) == 64
        assert hashlib.sha256(d.path.read_bytes()).hexdigest() == d.sha256
    # dates as the corpus README gives them
    by_kind = {d.kind: d for d in docs}
    assert by_kind["status_report"].date.isoformat() == "2020-10-29"
    assert by_kind["action_plan"].date.isoformat() == "2017-05-31"
    assert by_kind["housing_agenda"].date.isoformat() == "2021-03-10"
    assert by_kind["agreement_proposal"].date.isoformat() == "2021-07-22"


def test_vendored_copies_equal_the_shared_corpus(settings: Settings) -> None:
    """Where ../shared is present (always in CI), the vendored files are byte-identical."""
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not beside the project (outside the workplace layout)")
    for d in load_sources(settings.sources_dir):
        assert d.path.read_bytes() == (SHARED / d.path.name).read_bytes(), d.path.name


def test_evidence_quotes_are_line_text(settings: Settings) -> None:
    doc = next(d for d in load_sources(settings.sources_dir) if d.kind == "status_report")
    ev = doc.evidence(95)
    # line 95 of the file is "## Regiobeeld Alkmaar": the quote is that line without its markdown
    assert doc.path.read_text(encoding="utf-8").splitlines()[94] == "## Regiobeeld Alkmaar"
    assert ev.quote == "Regiobeeld Alkmaar"
    assert ev.line == 95
