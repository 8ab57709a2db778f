"""The ``bwgraph export …`` command group; feature modules add sub-commands to ``export_app``."""

from __future__ import annotations

import typer

export_app = typer.Typer(help="Export parts of the graph (checklist, dataset dumps, subgraphs).",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
