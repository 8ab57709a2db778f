"""Where bwgraph's graph is queried: the embedded store or an existing SPARQL server.

:func:`open_store` turns a store setting (``BWGRAPH_STORE``, ``--store``; see
:mod:`bwgraph.stores.spec`) into a :class:`~bwgraph.store.Store`. Everything that reads the graph
(CLI commands, the API) asks for its store here, so switching to Oxigraph server, Virtuoso or any
SPARQL 1.1 server is a setting, not a code change. The server families' differences live in
:mod:`bwgraph.stores.families`; :mod:`bwgraph.stores.load` pushes a build into a server.
"""

from __future__ import annotations

from pathlib import Path

from bwgraph.config import Settings
from bwgraph.store import OxigraphStore, Store
from bwgraph.stores.errors import LoadError, RemoteQueryError, StoreSpecError, StoreUnavailable
from bwgraph.stores.families import (
    FAMILY_CLASSES,
    GenericSparqlStore,
    OxigraphServerStore,
    VirtuosoStore,
)
from bwgraph.stores.remote import SparqlHttpStore
from bwgraph.stores.spec import Credentials, StoreSpec, parse_store

__all__ = [
    "Credentials",
    "GenericSparqlStore",
    "GraphFileMissing",
    "LoadError",
    "OxigraphServerStore",
    "RemoteQueryError",
    "SparqlHttpStore",
    "StoreSpec",
    "StoreSpecError",
    "StoreUnavailable",
    "VirtuosoStore",
    "open_remote",
    "open_store",
    "parse_store",
]


class GraphFileMissing(FileNotFoundError):
    """The embedded store's TriG file does not exist."""


def open_remote(spec: StoreSpec, *, base: str, timeout: float = 10.0,
                retry_after: int = 5) -> SparqlHttpStore:
    """The adapter for a remote ``spec`` (no request is made: a server that is down now may be
    up at the first query)."""
    if not spec.remote:
        raise StoreSpecError(f"{spec.display()}: not a SPARQL server URL")
    return FAMILY_CLASSES[spec.family](spec, base=base, timeout=timeout, retry_after=retry_after)


def open_store(value: str | None = None, *, graph: Path | None = None,
               settings: Settings | None = None, timeout: float = 10.0) -> Store:
    """The store named by ``value`` (a ``--store`` value), else ``graph`` (a TriG file), else
    ``BWGRAPH_STORE``, else the build's default TriG file.

    Raises :class:`StoreSpecError` for an unusable setting and :class:`GraphFileMissing` for an
    embedded store whose file does not exist.
    """
    import os

    settings = settings or Settings()
    if value is None and graph is None:
        value = os.environ.get("BWGRAPH_STORE")
    if value and graph is not None:
        raise StoreSpecError("give either --store or --graph, not both")
    spec = parse_store(value, default_path=graph or settings.default_output)
    if spec.remote:
        return open_remote(spec, base=settings.base, timeout=timeout)
    assert spec.path is not None
    if not spec.path.is_file():
        raise GraphFileMissing(f"{spec.path}: graph file not found (no built graph); run "
                               "`bwgraph build` first, or give --graph PATH / --store URL")
    return OxigraphStore.from_trig(spec.path)
