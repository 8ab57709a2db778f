"""The ``--store`` option every graph-reading command shares, and opening it with clear errors.

``--store URL`` (or ``BWGRAPH_STORE``) points a command at a SPARQL server; ``--graph PATH`` at
a TriG file; neither means the build's default file. Failures become the command's exit 2 with a
message that names the store without credentials.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bwgraph.config import Settings
from bwgraph.store import Store

StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar="BWGRAPH_STORE", show_envvar=True,
                 help="SPARQL server to read instead of a TriG file: oxigraph+http://HOST:PORT, "
                      "virtuoso+http://HOST:PORT or sparql+http://HOST:PORT/PATH "
                      "(credentials from BWGRAPH_STORE_USER / BWGRAPH_STORE_PASSWORD)."),
]


def open_cli_store(store: str | None, graph: Path | None, *, timeout: float = 60.0) -> Store:
    """The store for a command, or ``typer.Exit(2)`` with the reason."""
    from bwgraph.cli import fail
    from bwgraph.stores import GraphFileMissing, StoreSpecError, open_store

    if store and graph is not None:
        raise fail("give either --store or --graph, not both")
    try:
        if graph is not None:
            return open_store(None, graph=graph, timeout=timeout)
        return open_store(store or "", settings=Settings(), timeout=timeout)
    except (StoreSpecError, GraphFileMissing) as exc:
        raise fail(str(exc)) from exc


def _store_errors() -> tuple[type[Exception], ...]:
    from bwgraph.store import QueryTimeout
    from bwgraph.stores.errors import RemoteQueryError, StoreUnavailable

    return (StoreUnavailable, RemoteQueryError, QueryTimeout)


#: what reading a (remote) store may raise besides a command's own errors: exit 2 with the text
STORE_ERRORS: tuple[type[Exception], ...] = _store_errors()
