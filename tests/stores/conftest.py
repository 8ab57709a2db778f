"""Session fixtures: the built graph loaded once into each real server.

Both servers start on loopback with throwaway data directories, get the session's build pushed
by :func:`bwgraph.stores.load.load` (the code behind ``bwgraph load``) and are stopped at the end
of the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bwgraph.config import Settings
from bwgraph.store import OxigraphStore, Store
from bwgraph.stores import SparqlHttpStore, open_remote, parse_store
from bwgraph.stores.load import load
from bwgraph.stores.spec import Credentials
from tests.stores.servers import (
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    OxigraphServer,
    Server,
    VirtuosoServer,
)

BACKENDS = ("embedded", "oxigraph", "virtuoso")


def remote_store(server: Server, settings: Settings, *, timeout: float = 20.0) -> SparqlHttpStore:
    creds = (Credentials(VIRTUOSO_USER, VIRTUOSO_PASSWORD)
             if isinstance(server, VirtuosoServer) else None)
    spec = parse_store(server.url, default_path=settings.default_output, credentials=creds)
    return open_remote(spec, base=settings.base, timeout=timeout)


def _loaded(server: Server, built_trig: Path, settings: Settings) -> Iterator[Server]:
    server.start()
    try:
        store = remote_store(server, settings)
        # read back through their adapters, both servers keep every fact as the file has it
        # (test_load checks that a server changing facts is caught and named)
        load(store, built_trig)
        store.close()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory, built_trig: Path,
                    settings: Settings) -> Iterator[Server]:
    yield from _loaded(OxigraphServer(tmp_path_factory.mktemp("oxigraph")), built_trig, settings)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory, built_trig: Path,
                    settings: Settings) -> Iterator[Server]:
    yield from _loaded(VirtuosoServer(tmp_path_factory.mktemp("virtuoso")), built_trig, settings)


@pytest.fixture(scope="session")
def embedded(built_trig: Path) -> OxigraphStore:
    return OxigraphStore.from_trig(built_trig)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, settings: Settings,
            embedded: OxigraphStore) -> Iterator[tuple[str, Store]]:
    """``(name, store)`` for each backend; remote ones are clients of the loaded servers."""
    name: str = request.param
    if name == "embedded":
        yield name, embedded
        return
    server: Server = request.getfixturevalue(f"{name}_server")
    store = remote_store(server, settings)
    yield name, store
    store.close()


