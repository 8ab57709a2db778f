"""``bwgraph export checklist [--format csv|xlsx] [--graph PATH | --store URL] [--out FILE]``.

CSV goes to stdout unless ``--out`` is given; xlsx needs ``--out``. Exit codes: 0 written,
2 an error (missing graph file, bad format, xlsx without ``--out``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bwgraph.stores.cli import STORE_ERRORS, StoreOption, open_cli_store


class ChecklistFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def checklist(
    fmt: Annotated[
        ChecklistFormat, typer.Option("--format", "-f", help="csv (default) or xlsx.")
    ] = ChecklistFormat.csv,
    graph: Annotated[
        Path | None, typer.Option("--graph", help="Built TriG file (default data/build/bwmo.trig).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (csv default: stdout).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Export the status report's checklist: region, item, status (765 rows for the 2020 report)."""
    from bwgraph.checklist import checklist_rows, to_csv, write_xlsx
    from bwgraph.cli import fail

    if fmt is ChecklistFormat.xlsx and out is None:
        raise fail("--format xlsx needs --out FILE")
    try:
        rows = checklist_rows(open_cli_store(store, graph))
    except STORE_ERRORS as exc:
        raise fail(str(exc)) from exc
    if fmt is ChecklistFormat.xlsx:
        assert out is not None
        write_xlsx(rows, out)
        return
    text = to_csv(rows)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


def register(app: typer.Typer) -> None:
    from bwgraph.commands.export import export_app

    export_app.command("checklist")(checklist)
