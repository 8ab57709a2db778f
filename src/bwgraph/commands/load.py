"""``bwgraph load --store URL [--graph PATH]``: push the built graph into a SPARQL server.

One named graph per source, replaced with the Graph Store HTTP Protocol (loading twice leaves the
same triples), each graph's triple count and content verified, then the release record (the TriG
file's sha256) written so API processes know what they serve (see :mod:`bwgraph.stores.load`).
Credentials come from ``BWGRAPH_STORE_USER``/``BWGRAPH_STORE_PASSWORD`` and are never printed.
Exit codes: 0 loaded and verified, 2 an error (the message names the graph and the reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bwgraph.stores.cli import StoreOption

_err = Console(stderr=True, soft_wrap=True)


def load_command(
    store: StoreOption = None,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="TriG file to load (default data/build/bwmo.trig)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Only errors.")] = False,
    accept_server_changes: Annotated[
        bool, typer.Option("--accept-server-changes",
                           help="Record the release although the server changed some facts "
                                "(Virtuoso: integer datatypes, durations); they are listed.")
    ] = False,
) -> None:
    """Load the built graph into a SPARQL server (replace, verify, record the release)."""
    from bwgraph.cli import fail, out
    from bwgraph.config import Settings
    from bwgraph.store import QueryTimeout
    from bwgraph.stores import (
        LoadError,
        RemoteQueryError,
        StoreSpecError,
        StoreUnavailable,
        open_remote,
        parse_store,
    )
    from bwgraph.stores.load import load

    settings = Settings()
    if not store:
        raise fail("give --store URL (or set BWGRAPH_STORE): the SPARQL server to load into")
    try:
        spec = parse_store(store, default_path=settings.default_output)
        if not spec.remote:
            raise StoreSpecError(f"{spec.display()}: --store must name a SPARQL server, not a file")
    except StoreSpecError as exc:
        raise fail(str(exc)) from exc
    path = graph or settings.default_output
    remote = open_remote(spec, base=settings.base, timeout=120.0)
    progress = (lambda _: None) if quiet else (lambda m: _err.print(m, highlight=False))
    try:
        report = load(remote, path, progress=progress, accept_changes=accept_server_changes)
    except (LoadError, StoreUnavailable, RemoteQueryError, QueryTimeout) as exc:
        raise fail(f"load into {spec.display()} failed: {exc}") from exc
    finally:
        remote.close()
    if quiet:
        return
    table = Table(title=f"bwgraph load → {spec.display()}")
    table.add_column("named graph", overflow="fold")
    table.add_column("triples (verified)", justify="right")
    for name, n in sorted(report.graphs.items()):
        table.add_row(name, str(n))
    table.add_row("[b]total[/]", f"[b]{sum(report.graphs.values())}[/]")
    out.print(table)
    for name in report.removed:
        out.print(f"removed {name} (not in this build)", highlight=False)
    for name, found in sorted(report.changes.items()):
        _err.print(f"[yellow]warning:[/] {name}: the server changed {len(found)} triple(s), "
                   f"e.g. {found[0]}", highlight=False)
    out.print(f"release sha256 {report.sha256} ({report.seconds:.1f} s)", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("load")(load_command)
