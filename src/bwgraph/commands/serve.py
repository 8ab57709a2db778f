"""``bwgraph serve [--host 127.0.0.1] [--port 8000] [--graph PATH]``: the API under uvicorn.

Limits come from the environment (``BWGRAPH_QUERY_TIMEOUT``, ``BWGRAPH_RESULT_LIMIT``,
``BWGRAPH_QUERY_WORKERS``; see :mod:`api.settings`). Refuses to start without a built graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="TriG file to serve (default data/build/bwmo.trig)."),
    ] = None,
) -> None:
    """Serve the SPARQL endpoint, named questions, linked-data pages and exports."""
    import uvicorn

    from api.main import create_app
    from api.settings import ApiSettings
    from bwgraph.cli import fail

    try:
        base = ApiSettings()
    except ValueError as exc:  # a malformed BWGRAPH_* variable
        raise fail(str(exc)) from exc
    settings = ApiSettings(base=base.base, root=base.root, graph=graph or base.graph,
                           query_timeout=base.query_timeout, result_limit=base.result_limit,
                           query_workers=base.query_workers)
    if not settings.graph_path.is_file():
        raise fail(f"{settings.graph_path}: no built graph to serve; run `bwgraph build` first "
                   "(or pass --graph PATH)")
    app = create_app(settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
