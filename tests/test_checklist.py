"""``bwgraph export checklist``: the CSV/xlsx contract, run on a TriG assembled in tmp_path.

The TriG holds the ontology, the reference graph and the status report's graph only, so this test
depends on nothing but the status report's own code.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bwgraph.checklist import checklist_rows
from bwgraph.cli import app
from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.extract.status_report import EXTRACTOR, TOPICS
from bwgraph.pipeline import ontology_graph
from bwgraph.records import SourceDocument
from bwgraph.serialize import write_trig
from bwgraph.store import OxigraphStore
from bwgraph.transform.reference import reference_graph
from bwgraph.transform.status_report import to_graph

STATUSES = {"yes", "in_development", "no", "not_applicable", "not_stated"}


@pytest.fixture(scope="module")
def trig(
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    sources: dict[str, SourceDocument],
) -> Path:
    ctx = BuildContext(settings)
    doc = sources["status_report"]
    graphs = [
        (ctx.minter.graph("ontology"), ontology_graph(settings)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
        (ctx.minter.graph(doc.id), to_graph(EXTRACTOR.extract(doc), ctx)),
    ]
    path = tmp_path_factory.mktemp("checklist") / "bwmo.trig"
    path.write_text(write_trig(graphs), encoding="utf-8")
    return path


def test_csv_to_stdout(trig: Path) -> None:
    res = CliRunner().invoke(app, ["export", "checklist", "--graph", str(trig)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["region", "item", "status"]
    body = rows[1:]
    assert len(body) == 765
    assert {r[2] for r in body} <= STATUSES
    assert {r[1] for r in body} == {t.notation for t in TOPICS}
    # line 1695 "## Regiobeeld Vallei-regio (Ede)": the name exactly as the report writes it
    vallei = [r for r in body if r[0] == "Vallei-regio (Ede)"]
    assert len(vallei) == 17
    # report order, then checklist order: line 123 "Regiovisie aanwezig en vastgesteld:\t\t✓"
    assert body[0] == ["Alkmaar", "nvo_regiovisie", "yes"]
    # the last report is IJssel-Vecht; line 4449 "Planning opgesteld/aanwezig:\t" is blank
    assert body[-1] == ["IJssel-Vecht", "planning_present", "not_stated"]
    # a region name with a comma survives CSV quoting
    assert any(r[0] == "Zuid-Kennemerland, IJmond en Haarlemmermeer" for r in body)


def test_rows_from_the_store(trig: Path) -> None:
    rows = checklist_rows(OxigraphStore.from_trig(trig))
    assert len(rows) == 765
    # line 3103 "Planning opgesteld/aanwezig:\t✓ ⚙️ ✖️" (Holland Rijnland): not guessed
    assert ("Holland Rijnland", "planning_present", "not_stated") in rows
    # line 607 "Afspraken over inkoop plekken buiten eigen regio:\tNVT" (Oost-Veluwe)
    assert ("Oost-Veluwe", "nvo_purchase_outside_region", "not_applicable") in rows


def test_csv_to_file(trig: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.csv"
    res = CliRunner().invoke(app, ["export", "checklist", "--graph", str(trig), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 766


def test_xlsx(trig: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.xlsx"
    res = CliRunner().invoke(
        app, ["export", "checklist", "--graph", str(trig), "--format", "xlsx", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    assert ws is not None
    assert ws.max_row == 766
    assert [c.value for c in ws[1]] == ["region", "item", "status"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C766"


def test_xlsx_needs_out(trig: Path) -> None:
    res = CliRunner().invoke(app, ["export", "checklist", "--graph", str(trig), "-f", "xlsx"])
    assert res.exit_code == 2
    assert "--out" in res.output


def test_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.trig"
    res = CliRunner().invoke(app, ["export", "checklist", "--graph", str(missing)])
    assert res.exit_code == 2
    assert "nope.trig" in res.output and "not found" in res.output
