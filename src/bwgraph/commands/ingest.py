"""``bwgraph ingest PATH…``: add documents to an existing graph (see :mod:`bwgraph.ingest`).

Exit codes: 0 added, 2 refused (nothing written; the message names the file and the reason).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

_err = Console(stderr=True, soft_wrap=True)
_out = Console()


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Text files of documents to add.")],
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="TriG file to add to (default data/build/bwmo.trig)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Kind of document (default: detected).")
    ] = None,
    date_text: Annotated[
        str | None,
        typer.Option("--date", help="Date the document states, YYYY-MM-DD (required)."),
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help="Base IRI for minted IRIs.")] = None,
) -> None:
    """Add documents to the graph, each as its own named graph; all or nothing."""
    from bwgraph.config import Settings
    from bwgraph.ingest import IngestError, ingest

    settings = Settings(base=base) if base else Settings()
    doc_date: date | None = None
    if date_text is not None:
        try:
            doc_date = date.fromisoformat(date_text)
        except ValueError:
            _fail(f"--date {date_text!r} is not a date (YYYY-MM-DD)")
    target = graph or settings.default_output
    try:
        report = ingest(paths, target, settings, kind=kind, doc_date=doc_date)
    except IngestError as exc:
        _fail(f"ingest refused, {target} left unchanged: {exc}")
    for d in report.documents:
        verb = "replaced" if d.replaced else "added"
        _out.print(f"{verb} {d.graph} ({d.kind}, {d.triples} triples) from {d.path}")
    for diag in report.diagnostics:
        _err.print(f"[yellow]warning:[/] {diag}", highlight=False)
    _out.print(f"sha256 {report.sha256}")


def _fail(message: str) -> NoReturn:
    _err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)
