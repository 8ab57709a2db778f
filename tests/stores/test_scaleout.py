"""Scale-out: two API processes (separate uvicorn servers) on one Oxigraph server answer alike.

The API is stateless over a remote store: every process reads the same release from the server,
so a load balancer may send any request to any process. Both processes run ``bwgraph serve
--store …`` as real subprocesses on their own loopback ports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.stores.servers import Server, free_port

pytestmark = pytest.mark.slow

REQUESTS = [
    ("/sparql", {"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
                          "ORDER BY ?g", "format": "json"}),
    ("/questions/solidarity-without-outside-purchase", {"format": "csv"}),
    ("/questions/topic-status", {"topic": "ua_financial_solidarity", "format": "json"}),
    ("/id/region/alkmaar", {"format": "ntriples"}),
    ("/export", {"focus": "https://w3id.org/bwmo/id/region/utrecht", "format": "ntriples"}),
]


def _serve(store_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BWGRAPH_QUERY_PROCESSES": "0"}
    env.pop("BWGRAPH_GRAPH", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bwgraph.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--store", store_url],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


@pytest.fixture
def two_apis(oxigraph_server: Server) -> Iterator[list[str]]:
    """Two `bwgraph serve --store` processes on free ports, stopped afterwards."""
    ports = [free_port(), free_port()]
    procs = [_serve(oxigraph_server.url, p) for p in ports]
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        for url, proc in zip(urls, procs, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                try:
                    if httpx.get(f"{url}/questions", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"API at {url} did not start"
                time.sleep(0.3)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def test_two_api_processes_answer_identically(two_apis: list[str]) -> None:
    for path, params in REQUESTS:
        answers = [httpx.get(f"{url}{path}", params=params, timeout=30) for url in two_apis]
        for r in answers:
            assert r.status_code == 200, f"{r.url}: {r.status_code} {r.text[:300]}"
        first, second = answers
        if params.get("format") == "ntriples":  # same triples; line order is the store's
            assert sorted(first.text.splitlines()) == sorted(second.text.splitlines()), path
        else:
            assert first.content == second.content, path
        # both name the same release in their validators
        assert first.headers.get("etag") == second.headers.get("etag"), path
