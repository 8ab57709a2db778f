"""``bwgraph ingest``: new documents become named graphs; anything doubtful is refused whole.

The base graph is made here (ontology + reference graphs) so the tests neither depend on nor touch
``data/build``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.ingest import IngestError, ingest
from bwgraph.namespaces import BWMO
from bwgraph.pipeline import ontology_graph
from bwgraph.records import SourceDocument
from bwgraph.serialize import write_trig
from bwgraph.transform.reference import reference_graph

#: document 004, line 6: "1      22 juli 2021      L Breet" (under "Datum:")
DATE_004 = date(2021, 7, 22)


@pytest.fixture(scope="module")
def base_trig(settings: Settings) -> bytes:
    ctx = BuildContext(settings)
    graphs = [
        (ctx.minter.graph("ontology"), ontology_graph(settings)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
    ]
    return write_trig(graphs).encode("utf-8")


@pytest.fixture
def graph_path(tmp_path: Path, base_trig: bytes) -> Path:
    p = tmp_path / "build" / "bwmo.trig"
    p.parent.mkdir()
    p.write_bytes(base_trig)
    return p


def _graphs(path: Path) -> dict[URIRef, Graph]:
    ds = Dataset()
    ds.parse(path, format="trig")
    return {g.identifier: g for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)}


def _block(trig: str, name: str) -> str:
    """The text of one named graph in a TriG file written by ``write_trig``."""
    start = trig.index(f"<{name}> {{\n")
    return trig[start : trig.index("\n}\n", start)]


def _copy(src: Path, dest: Path, keep_lines: int | None = None) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    dest.write_text("".join(lines if keep_lines is None else lines[:keep_lines]), "utf-8")
    return dest


def test_renamed_copy_is_added_as_its_own_graph(
    graph_path: Path, tmp_path: Path, settings: Settings, sources: dict[str, SourceDocument]
) -> None:
    before = graph_path.read_text(encoding="utf-8")
    copy = _copy(sources["agreement_proposal"].path, tmp_path / "Weer Thuis kopie.txt")
    report = ingest([copy], graph_path, settings, doc_date=DATE_004)

    ctx = BuildContext(settings)
    new_name = ctx.minter.graph("weer-thuis-kopie")
    assert [(d.doc_id, d.kind, d.replaced) for d in report.documents] == [
        ("weer-thuis-kopie", "agreement_proposal", False)
    ]
    after_graphs = _graphs(graph_path)
    assert new_name in after_graphs
    assert set(after_graphs) == {
        ctx.minter.graph("ontology"),
        ctx.minter.graph("reference"),
        ctx.minter.graph("dataset"),
        new_name,
    }
    agreement = ctx.minter.id("agreement", "bestuurlijk-akkoord-weer-thuis-flevoland")
    assert (agreement, BWMO.describedIn, ctx.minter.document("weer-thuis-kopie")) in after_graphs[
        new_name
    ]
    # the graphs that were there are unchanged, to the byte
    after = graph_path.read_text(encoding="utf-8")
    for name in ("ontology", "reference"):
        iri = str(ctx.minter.graph(name))
        assert _block(after, iri) == _block(before, iri)


def test_ingesting_again_replaces_the_graph(
    graph_path: Path, tmp_path: Path, settings: Settings, sources: dict[str, SourceDocument]
) -> None:
    copy = _copy(sources["housing_agenda"].path, tmp_path / "agenda.txt")
    # document 003, line 14: "10 maart 2021"
    ingest([copy], graph_path, settings, doc_date=date(2021, 3, 10))
    first = graph_path.read_bytes()
    report = ingest([copy], graph_path, settings, doc_date=date(2021, 3, 10))
    assert report.documents[0].replaced
    assert graph_path.read_bytes() == first  # same input, same bytes


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notitie.txt", "Korte notitie over beschermd wonen.\nGeen bekend soort document.\n"),
        ("data.json", json.dumps({"title": "Bestuurlijk Akkoord", "parties": ["Mercatus"]})),
    ],
)
def test_unknown_kind_is_refused(
    graph_path: Path, tmp_path: Path, settings: Settings, name: str, content: str
) -> None:
    before = graph_path.read_bytes()
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=r"not a known kind of document") as info:
        ingest([path], graph_path, settings, doc_date=DATE_004)
    assert name in str(info.value)
    assert graph_path.read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "keep"),
    [("housing_agenda", 60), ("housing_agenda", 200), ("agreement_proposal", 50)],
)
def test_truncated_copy_is_refused(
    graph_path: Path,
    tmp_path: Path,
    settings: Settings,
    sources: dict[str, SourceDocument],
    kind: str,
    keep: int,
) -> None:
    before = graph_path.read_bytes()
    cut = _copy(sources[kind].path, tmp_path / f"{kind}-truncated.txt", keep_lines=keep)
    with pytest.raises(IngestError, match=rf"{kind}-truncated\.txt.*cannot be parsed"):
        ingest([cut], graph_path, settings, doc_date=DATE_004)
    assert graph_path.read_bytes() == before


def test_one_bad_file_stops_the_whole_run(
    graph_path: Path, tmp_path: Path, settings: Settings, sources: dict[str, SourceDocument]
) -> None:
    before = graph_path.read_bytes()
    good = _copy(sources["agreement_proposal"].path, tmp_path / "goed.txt")
    bad = _copy(sources["agreement_proposal"].path, tmp_path / "kapot.txt", keep_lines=30)
    with pytest.raises(IngestError, match=r"kapot\.txt"):
        ingest([good, bad], graph_path, settings, doc_date=DATE_004)
    assert graph_path.read_bytes() == before


def test_no_date_is_refused(
    graph_path: Path, tmp_path: Path, settings: Settings, sources: dict[str, SourceDocument]
) -> None:
    before = graph_path.read_bytes()
    copy = _copy(sources["agreement_proposal"].path, tmp_path / "zonder-datum.txt")
    with pytest.raises(IngestError, match=r"zonder-datum\.txt: no document date"):
        ingest([copy], graph_path, settings)
    assert graph_path.read_bytes() == before


def test_reserved_id_is_refused(graph_path: Path, tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "reference.txt"
    path.write_text("x\n", encoding="utf-8")
    with pytest.raises(IngestError, match="reserved"):
        ingest([path], graph_path, settings, doc_date=DATE_004)


def test_cli_exit_codes(
    graph_path: Path, tmp_path: Path, sources: dict[str, SourceDocument]
) -> None:
    from bwgraph.cli import app

    runner = CliRunner()
    before = graph_path.read_bytes()
    unknown = tmp_path / "onbekend.txt"
    unknown.write_text("Iets heel anders.\n", encoding="utf-8")
    res = runner.invoke(
        app, ["ingest", str(unknown), "--graph", str(graph_path), "--date", "2021-07-22"]
    )
    assert res.exit_code == 2
    assert "onbekend.txt" in res.output and "not a known kind" in res.output
    assert graph_path.read_bytes() == before

    copy = _copy(sources["agreement_proposal"].path, tmp_path / "akkoord.txt")
    res = runner.invoke(app, ["ingest", str(copy), "--graph", str(graph_path)])
    assert res.exit_code == 2 and "--date" in res.output
    res = runner.invoke(
        app, ["ingest", str(copy), "--graph", str(graph_path), "--date", "2021-07-22"]
    )
    assert res.exit_code == 0, res.output
    assert graph_path.read_bytes() != before
