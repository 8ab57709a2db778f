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


def test_stored_normalised_texts_are_what_the_normaliser_reads(settings: Settings) -> None:
    """Each registered document's stored normalised text (data/sources/normalised/) is the
    normaliser's reading of the original, with the sha256 sources.toml records. If the normaliser
    changed, refresh deliberately: `python -m bwgraph.normalise FILE OUT` and the new text_sha256
    (evidence line numbers of PDF, DOCX and HTML documents point into these files)."""
    import tomllib

    from bwgraph.normalise import normalise_file

    entries = tomllib.loads((settings.sources_dir / "sources.toml").read_text("utf-8"))
    for entry in entries["document"]:
        stored = settings.sources_dir / entry["text_file"]
        n = normalise_file(settings.sources_dir / entry["file"])
        assert stored.read_text(encoding="utf-8") == n.text(), stored
        assert entry["text_sha256"] == n.text_sha256
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == n.text_sha256
        assert entry["sha256"] == n.original_sha256


def test_a_changed_normalised_text_is_caught(settings: Settings, tmp_path: Path) -> None:
    import shutil

    from bwgraph.sources import SourceError

    src = tmp_path / "sources"
    shutil.copytree(settings.sources_dir, src)
    stored = src / "normalised" / "004_2625ce35e85ee8b5.txt"
    stored.write_text(stored.read_text("utf-8").replace("Flevoland", "Friesland"), "utf-8")
    with pytest.raises(SourceError, match=r"004_2625ce35e85ee8b5\.txt: normalised text differs"):
        load_sources(src)
