"""``bwgraph ingest PATH…`` and ``bwgraph remove ID`` (see :mod:`bwgraph.ingest`).

``ingest`` registers documents (files, or folders of them) in ``data/sources`` and rebuilds the
graph. Files named one by one are all or nothing; a folder is taken document by document, with a
progress bar and a closing table of what was ingested (facts per kind), refused (the reason) and
duplicate (the registered id).

A folder may give each file its own date, title, publisher, kind and origin in an ``ingest.toml``
at its top or a ``<file>.meta.toml`` beside the file (:mod:`bwgraph.ingest_manifest`); the
options below are the defaults for files whose metadata does not say. Two runs at once take turns
(a lock in the data directory); ``--wait`` says how long the second waits.

Exit codes: 0 everything ingested; 2 something refused or the run failed (what was accepted from
a folder is written; registry and graph are otherwise byte for byte as they were; a wrong metadata
file or a lock not obtained refuses the whole run).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

_err = Console(stderr=True, soft_wrap=True)
_out = Console(soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("remove")(remove_command)


def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Documents (text, PDF, DOCX, HTML) or folders of them.")
    ],
    date_text: Annotated[
        str | None,
        typer.Option("--date", help="Date the document states, YYYY-MM-DD (required)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Kind of document (default: detected).")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title as written (default: the file name).")
    ] = None,
    origin: Annotated[
        str | None, typer.Option("--origin", help="Where the document comes from (URL, date).")
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", help="Who published it, as the document says.")
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="TriG file to write (default data/build/bwmo.trig)."),
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help="Base IRI for minted IRIs.")] = None,
    wait: Annotated[
        float, typer.Option("--wait", min=0, help="Seconds to wait for another ingest/remove.")
    ] = 120.0,
) -> None:
    """Register documents in data/sources and rebuild the graph with them.

    Per-file metadata: ingest.toml in the folder ([[document]] file, date, title, publisher,
    kind, origin) or FILE.meta.toml beside a file; options are the defaults.
    """
    from bwgraph.cli import settings_from
    from bwgraph.ingest import IngestError, collect_files, ingest

    settings = settings_from(base)
    doc_date: date | None = None
    if date_text is not None:
        try:
            doc_date = date.fromisoformat(date_text)
        except ValueError:
            _fail(f"--date {date_text!r} is not a date (YYYY-MM-DD)")
    target = graph or settings.default_output
    files, folder = collect_files(paths)
    progress = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=_err, transient=True, disable=not folder,
    )
    try:
        with progress:
            task = progress.add_task("", total=len(files))
            report = ingest(
                paths, settings, graph_path=target, kind=kind, doc_date=doc_date, title=title,
                origin=origin, publisher=publisher, lock_timeout=wait, on_wait=_waiting,
                progress=lambda p: progress.update(task, advance=1, description=p.name),
            )
    except IngestError as exc:
        _fail(f"ingest refused, registry and {target} left unchanged: {exc}")

    table = Table(title=f"bwgraph ingest → {target}")
    table.add_column("file", overflow="fold")
    table.add_column("result")
    table.add_column("document id")
    table.add_column("kind / reason", overflow="fold")
    table.add_column("facts per kind", overflow="fold")
    for o in report.outcomes:
        facts = ", ".join(f"{k} {n}" for k, n in o.facts.items())
        detail = o.kind if o.status == "ingested" else o.reason.removeprefix(f"{o.path}: ")
        colour = {"ingested": "green", "refused": "red", "duplicate": "yellow"}[o.status]
        table.add_row(str(o.path), f"[{colour}]{o.status}[/]", o.doc_id, detail, facts)
    _out.print(table)
    counts = {s: len(report.by_status(s)) for s in ("ingested", "refused", "duplicate")}
    _out.print(", ".join(f"{n} {s}" for s, n in counts.items()))
    for diag in report.diagnostics:
        _err.print(f"[yellow]warning:[/] {diag}", highlight=False)
    if report.written:
        _out.print(f"sha256 {report.sha256}")
    if counts["refused"] or counts["duplicate"]:
        raise typer.Exit(2)


def remove_command(
    doc_id: Annotated[str, typer.Argument(help="Id of a registered document.")],
    force: Annotated[
        bool, typer.Option("--force", help="Also remove a curated (seed) document.")
    ] = False,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="TriG file to write (default data/build/bwmo.trig)."),
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help="Base IRI for minted IRIs.")] = None,
    wait: Annotated[
        float, typer.Option("--wait", min=0, help="Seconds to wait for another ingest/remove.")
    ] = 120.0,
) -> None:
    """Take a document out of data/sources, sources.toml and the graph."""
    from bwgraph.cli import settings_from
    from bwgraph.ingest import IngestError, remove

    settings = settings_from(base)
    target = graph or settings.default_output
    try:
        removed = remove(doc_id, settings, graph_path=target, force=force, lock_timeout=wait,
                         on_wait=_waiting)
    except IngestError as exc:
        _fail(f"remove refused, registry and {target} left unchanged: {exc}")
    _out.print(f"removed {removed.doc_id}: {', '.join(str(p) for p in removed.files)}")
    _out.print(f"sha256 {removed.sha256}")


def _waiting(message: str) -> None:
    _err.print(f"[yellow]waiting:[/] {message}", highlight=False)


def _fail(message: str) -> NoReturn:
    _err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)
