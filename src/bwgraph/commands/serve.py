"""``bwgraph serve [--host 127.0.0.1] [--port 8000] [--graph PATH | --store URL]``: the API.

Limits come from the environment (``BWGRAPH_QUERY_TIMEOUT``, ``BWGRAPH_RESULT_LIMIT``,
``BWGRAPH_QUERY_WORKERS``; see :mod:`api.settings`). Refuses to start without a built graph.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from bwgraph.stores.cli import StoreOption


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="TriG file to serve (default data/build/bwmo.trig)."),
    ] = None,
    store: StoreOption = None,
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
                           query_workers=base.query_workers, store=store or None)
    if store:
        from bwgraph.stores import StoreSpecError, parse_store

        if graph is not None:
            raise fail("give either --store or --graph, not both")
        try:
            spec = parse_store(store, default_path=settings.graph_path)
        except StoreSpecError as exc:
            raise fail(str(exc)) from exc
        if spec.remote:  # the server may be down now: the API answers 503 until it is up
            uvicorn.run(create_app(settings=settings), host=host, port=port, log_level="info")
            return
        settings = replace(settings, store=None, graph=spec.path)
    if not settings.graph_path.is_file():
        raise fail(f"{settings.graph_path}: no built graph to serve; run `bwgraph build` first "
                   "(or pass --graph PATH)")
    app = create_app(settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
