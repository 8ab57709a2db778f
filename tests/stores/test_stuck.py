"""A server that stops answering after a query past the limit is reported, not waited on.

Virtuoso 7 can keep a query running past its time limit without CPU and then answer nothing
(docs/DEPLOY.md). The adapter cannot stop such a query over HTTP, but after a query past its
limit it asks ``ASK {}``: a server that does not answer that either is reported unavailable (503
with the reason in the API) for a few seconds, so later requests fail at once instead of each
waiting out its time limit; a server that answers the probe leaves the timeout a timeout. A
loopback server plays the store, so the test does not depend on reproducing Virtuoso's fault.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from bwgraph.store import QueryTimeout
from bwgraph.stores import SparqlHttpStore, open_remote, parse_store
from bwgraph.stores import remote as remote_module
from bwgraph.stores.errors import StoreUnavailable
from bwgraph.stores.spec import Credentials

ASK_TRUE = b'{"head": {}, "boolean": true}'
HEAVY = "SELECT * WHERE { ?s ?p ?o }"


class PlayedStore:
    """``/query``: heavy queries never answer; ``ASK {}`` answers unless ``stuck`` is set."""

    def __init__(self) -> None:
        self.stuck = threading.Event()
        self.release = threading.Event()
        played = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                query = parse_qs(self.rfile.read(length).decode())["query"][0]
                if query.strip() != "ASK {}" or played.stuck.is_set():
                    played.release.wait(30)  # hangs like the wedged server
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(ASK_TRUE)))
                self.end_headers()
                self.wfile.write(ASK_TRUE)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"sparql+http://127.0.0.1:{self.server.server_address[1]}/query"

    def __enter__(self) -> PlayedStore:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def played() -> Iterator[PlayedStore]:
    with PlayedStore() as store:
        yield store


def _store(played: PlayedStore, tmp_path: Path) -> SparqlHttpStore:
    spec = parse_store(played.url, default_path=tmp_path / "x.trig",
                       credentials=Credentials("", ""))
    return open_remote(spec, base="https://w3id.org/bwmo/", timeout=1.0)


def test_a_server_that_still_answers_keeps_the_timeout(played: PlayedStore,
                                                       tmp_path: Path) -> None:
    store = _store(played, tmp_path)
    with pytest.raises(QueryTimeout):
        store.evaluate(HEAVY, default_graphs=["urn:g"], deadline=time.monotonic() + 0.5)
    assert store.evaluate("ASK {}", default_graphs=["urn:g"]) is True
    store.close()


def test_a_server_that_stops_answering_is_unavailable_at_once(
        played: PlayedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_module, "PROBE_SECONDS", 0.5)
    monkeypatch.setattr(remote_module, "STUCK_TTL", 1.5)
    store = _store(played, tmp_path)
    played.stuck.set()
    with pytest.raises(StoreUnavailable) as first:
        store.evaluate(HEAVY, default_graphs=["urn:g"], deadline=time.monotonic() + 0.5)
    assert "stopped answering" in str(first.value) and "time limit" in str(first.value)
    assert first.value.retry_after > 0
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):  # remembered: no second wait for the time limit
        store.evaluate("ASK {}", default_graphs=["urn:g"])
    assert time.monotonic() - started < 0.2
    # the server recovers: after STUCK_TTL the store is tried again and answers
    played.stuck.clear()
    time.sleep(1.6)
    assert store.evaluate("ASK {}", default_graphs=["urn:g"]) is True
    store.close()
