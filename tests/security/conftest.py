"""A server set up for attack: the small graph of the API tests behind real worker processes
(no network), a short time limit, one query per client address, and a loopback listener that
records every connection anyone makes to it — the target a smuggled ``SERVICE`` would reach.

Clients come from different loopback addresses (127.0.0.2, 127.0.0.3 …: all of 127.0.0.0/8 is
this machine) so that per-client fairness can be tested from one process.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from tests.api.conftest import (  # noqa: F401 - fixtures used by this package's tests
    LiveServer,
    SmallGraph,
    serve_in_thread,
    small_graph,
    small_store,
)

#: the hostile server's time limit (seconds)
SECURITY_TIMEOUT = 2.0

#: a SPARQL JSON answer the listener sends back, so a query that did reach it would show rows
_ANSWER = (b'{"head":{"vars":["leak"]},"results":{"bindings":[{"leak":{"type":"literal",'
           b'"value":"reached the listener"}}]}}')


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that counts connections and answers like a SPARQL endpoint."""

    port: int
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


def _accept(sock: socket.socket, listener: Listener, stop: threading.Event) -> None:
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, addr = sock.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        listener.connections.append(addr)
        with conn:
            conn.settimeout(1)
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                             b"\r\nContent-Length: " + str(len(_ANSWER)).encode()
                             + b"\r\nConnection: close\r\n\r\n" + _ANSWER)
            except OSError:
                pass


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A fresh listener per test: ``connections`` must stay empty."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    listener = Listener(sock.getsockname()[1])
    stop = threading.Event()
    thread = threading.Thread(target=_accept, args=(sock, listener, stop), daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        stop.set()
        sock.close()
        thread.join(timeout=2)


@pytest.fixture(scope="session")
def hostile_settings(small_graph: SmallGraph, settings: Settings) -> ApiSettings:  # noqa: F811
    return ApiSettings(base=settings.base, root=settings.root, graph=small_graph.trig,
                       query_timeout=SECURITY_TIMEOUT, result_limit=2000, query_workers=8,
                       query_processes=4, client_concurrency=1, queue_size=16, queue_wait=1.0,
                       max_body=200_000, worker_network="deny", worker_memory_mb=2048)


@pytest.fixture(scope="session")
def hostile_server(small_store: OxigraphStore,  # noqa: F811
                   hostile_settings: ApiSettings) -> Iterator[LiveServer]:
    yield from serve_in_thread(create_app(small_store, settings=hostile_settings))


@pytest.fixture(scope="session")
def endpoint(hostile_server: LiveServer) -> str:
    return f"{hostile_server.url}/sparql"


def client_from(address: str, timeout: float = 30.0) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (a loopback address)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=timeout)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright (no browser download). Module scope:
    Playwright's sync API runs an event loop while it is open, and tests/web opens its own."""
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import chromium_path

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(),
                              args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield b
        b.close()
