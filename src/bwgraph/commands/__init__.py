"""CLI commands, one module per feature, each with ``register(app)``.

Adding a command is adding a module here; ``cli.py`` stays untouched. Modules are registered in
name order; the ``export`` sub-command group lives in :mod:`bwgraph.commands.export` and other
modules attach to ``export_app``.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    import bwgraph.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
