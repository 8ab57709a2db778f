"""The API on a remote store keeps the public endpoint's promises, and survives the store.

* Read-only, no outbound requests, typed parameters: the guard and parameter binding run before
  any backend, so an update is 403, SERVICE / a remote FROM is 400, a hostile search phrase is a
  value — on Oxigraph server and Virtuoso alike.
* Limits: a result over the limit is 413; a query past the time limit is 504 and is *stopped* on
  the server (its CPU goes quiet, it answers the next query) — Virtuoso is told the limit, the
  Oxigraph server is left by closing the connection and ends the query by its own --timeout-s.
* The release: ETags name the sha256 recorded by ``bwgraph load``.
* Failure: with the server stopped in the middle of a run the API answers 503 with the reason and
  ``Retry-After``; once the server is back it answers again, without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.questions import run_question
from bwgraph.store import OxigraphStore
from bwgraph.stores.load import load
from tests.stores.conftest import remote_store
from tests.stores.servers import SERVER_TIMEOUT, OxigraphServer, Server
from tests.stores.test_cross_store import QUESTIONS

pytestmark = pytest.mark.slow

#: a COUNT over a join of every literal with every other one: minutes of work on any store,
#: within Virtuoso's cost estimate (a three-way cross join is refused before it starts)
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
           "FILTER(isLiteral(?c) && isLiteral(?f) && STR(?c) < STR(?f)) }")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _client(server: Server, settings: Settings, **limits: float) -> TestClient:
    api_settings = ApiSettings(query_processes=0, query_timeout=limits.get("timeout", 10.0),
                               result_limit=int(limits.get("result_limit", 10_000)))
    store = remote_store(server, settings, timeout=api_settings.query_timeout)
    return TestClient(create_app(store, settings=api_settings))


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    found: Server = request.getfixturevalue(f"{request.param}_server")
    return found


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def test_guarantees_hold(server: Server, settings: Settings, embedded: OxigraphStore,
                         built_trig: Path) -> None:
    with _client(server, settings, result_limit=100) as client:
        ok = client.get("/sparql", params={"query": COUNT},
                        headers={"Accept": "application/sparql-results+json"})
        assert ok.status_code == 200, ok.text
        n = ok.json()["results"]["bindings"][0]["n"]["value"]
        assert n == embedded.select(COUNT).rows[0]["n"].value
        # the release served: ETag from the sha256 `bwgraph load` recorded (= the file's)
        sha = embedded.build_info.sha256 if embedded.build_info else ""
        assert sha[:32] in ok.headers["etag"]

        update = client.post("/sparql", content="DROP ALL",
                             headers={"Content-Type": "application/sparql-update"})
        assert update.status_code == 403
        service = client.get("/sparql", params={
            "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
        assert service.status_code == 400
        remote_from = client.get("/sparql", params={
            "query": "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }"})
        assert remote_from.status_code == 400
        too_many = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert too_many.status_code == 413, too_many.text

        # the server parses the query: its refusal is the client's 400 …
        invalid = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        assert invalid.status_code == 400 and invalid.json()["error"] == "invalid_query"
        # … and its failure on a valid SPARQL 1.1 query a 502 with its message (Virtuoso 7
        # has no default separator for GROUP_CONCAT; Oxigraph server answers)
        concat = client.get("/sparql", params={
            "query": "SELECT (GROUP_CONCAT(?o) AS ?x) WHERE { ?s a <https://w3id.org/bwmo/def#"
                     "Region> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?o }"},
            headers={"Accept": "application/sparql-results+json"})
        if server.name == "virtuoso":
            assert concat.status_code == 502, concat.text
            assert concat.json()["error"] == "store_error" and "GROUP_CONCAT" in concat.text
        else:
            assert concat.status_code == 200, concat.text

        hostile = 'x" } UNION { ?s ?p ?o } #'
        answer = client.get("/questions/search", params={"q": hostile, "format": "json"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["rows"] == []  # a value, not SPARQL: it matches no text
        bad = client.get("/questions/overdue-actions", params={"date": "tomorrow"})
        assert bad.status_code == 422 and bad.json()["parameter"] == "date"


def test_runaway_query_is_stopped(server: Server, settings: Settings) -> None:
    assert server.process is not None
    with _client(server, settings, timeout=1.0) as client:
        started = time.monotonic()
        slow = client.get("/sparql", params={"query": RUNAWAY})
        took = time.monotonic() - started
        assert slow.status_code == 504, slow.text
        assert took < 4.0, f"504 after {took:.1f} s for a 1 s limit"
        # the server stops the query by itself within its own limit, not minutes later
        deadline = time.monotonic() + SERVER_TIMEOUT + 4
        while True:
            before = _cpu_seconds(server.process.pid)
            time.sleep(0.5)
            if _cpu_seconds(server.process.pid) - before < 0.1:
                break
            assert time.monotonic() < deadline, f"{server.name} still computing the runaway"
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.fixture
def own_oxigraph(tmp_path: Path, built_trig: Path, settings: Settings) -> Iterator[Server]:
    """An Oxigraph server this test may stop and start (the session's stays up)."""
    server = OxigraphServer(tmp_path)
    server.start()
    try:
        store = remote_store(server, settings)
        load(store, built_trig)
        store.close()
        yield server
    finally:
        server.stop()


def test_server_down_then_back(own_oxigraph: Server, settings: Settings,
                               embedded: OxigraphStore) -> None:
    sparql = {"query": COUNT, "format": "json"}
    # a question not asked before (answers are cached per release, which would hide the store)
    question, params = "/questions/topic-status", {"topic": "nvo_regiovisie", "format": "json"}
    with _client(own_oxigraph, settings, timeout=5.0) as client:
        first = client.get("/sparql", params=sparql)
        assert first.status_code == 200
        own_oxigraph.stop()
        for path, query in (("/sparql", sparql), (question, params)):
            down = client.get(path, params=query)
            assert down.status_code == 503, down.text
            assert down.json()["error"] == "store_unavailable"
            assert "unavailable" in down.json()["detail"]
            assert int(down.headers["retry-after"]) > 0
        own_oxigraph.start()  # same port, same data directory
        deadline = time.monotonic() + 10
        while True:
            again = client.get("/sparql", params=sparql)
            if again.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert again.status_code == 200, again.text
        assert again.json() == first.json()
        answer = client.get(question, params=params)
        assert answer.status_code == 200, answer.text
        assert len(answer.json()["rows"]) == len(run_question(
            QUESTIONS["topic-status"], {"topic": "nvo_regiovisie"}, embedded).rows)


def test_unreachable_store_at_startup_is_503_not_a_crash(settings: Settings) -> None:
    """An API started while its store is down serves 503s and the pages that need no store."""
    api_settings = ApiSettings(query_processes=0, store="oxigraph+http://127.0.0.1:9")
    with TestClient(create_app(settings=api_settings)) as client:
        down = client.get("/sparql", params={"query": COUNT})
        assert down.status_code == 503 and "retry-after" in down.headers
