"""``bwgraph serve``, server settings from the environment, and pre-generated ontology files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.cli import app as cli_app
from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from tests.api.conftest import LiveServer, SmallGraph, free_port, serve_in_thread


def test_serve_refuses_to_start_without_a_graph(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli_app, ["serve", "--graph", str(tmp_path / "missing.trig")])
    assert res.exit_code == 2
    assert "run `bwgraph build` first" in res.output


def test_bwgraph_serve_answers_on_loopback(small_graph: SmallGraph) -> None:
    """The real command in a child process: start, answer a query, stop on SIGINT."""
    port = free_port()
    exe = Path(sys.executable).with_name("bwgraph")
    env = {**os.environ, "BWGRAPH_QUERY_PROCESSES": "1"}
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--graph", str(small_graph.trig)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 90
        while True:
            try:
                r = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        assert r.status_code == 200
        assert r.json()["boolean"] is True
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("BWGRAPH_QUERY_TIMEOUT", "soon", "not a number"),
     ("BWGRAPH_QUERY_TIMEOUT", "0", "must be positive"),
     ("BWGRAPH_RESULT_LIMIT", "1.5", "not a whole number"),
     ("BWGRAPH_QUERY_PROCESSES", "-1", "must be positive")],
)
def test_bad_environment_values_are_named(monkeypatch: pytest.MonkeyPatch, name: str,
                                          value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"{name}=.*{message}"):
        ApiSettings()


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BWGRAPH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("BWGRAPH_RESULT_LIMIT", "7")
    monkeypatch.setenv("BWGRAPH_QUERY_PROCESSES", "0")
    monkeypatch.setenv("BWGRAPH_GRAPH", str(tmp_path / "g.trig"))
    s = ApiSettings()
    assert (s.query_timeout, s.result_limit, s.query_processes) == (2.5, 7, 0)
    assert s.graph_path == tmp_path / "g.trig"
    monkeypatch.delenv("BWGRAPH_GRAPH")
    assert ApiSettings.from_settings(Settings()).graph_path == Settings().default_output


@pytest.fixture(scope="module")
def server_with_ontology_files(
    tmp_path_factory: pytest.TempPathFactory, small_graph: SmallGraph, settings: Settings
) -> Iterator[LiveServer]:
    """A build directory with the ontology docs step's files next to the TriG."""
    build = tmp_path_factory.mktemp("build")
    trig = build / "bwmo.trig"
    shutil.copy(small_graph.trig, trig)
    (build / "ontology.html").write_text("<html><body>generated docs</body></html>")
    (build / "bwmo.owl").write_text('<?xml version="1.0"?><rdf:RDF '
                                    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=trig,
                               query_processes=0)
    yield from serve_in_thread(create_app(OxigraphStore.from_trig(trig), settings=api_settings))


def test_generated_ontology_files_are_served(server_with_ontology_files: LiveServer) -> None:
    url = server_with_ontology_files.url
    html = httpx.get(f"{url}/def", headers={"Accept": "text/html"})
    assert html.text == "<html><body>generated docs</body></html>"
    owl = httpx.get(f"{url}/def", headers={"Accept": "application/rdf+xml"})
    assert owl.headers["content-type"].startswith("application/rdf+xml")
    assert owl.text.startswith('<?xml version="1.0"?><rdf:RDF')
    # Turtle has no generated file: rendered from the ontology graph
    ttl = httpx.get(f"{url}/def", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and "bwmo:Region" in ttl.text


def test_sparql_without_worker_processes_uses_threads(
    server_with_ontology_files: LiveServer,
) -> None:
    assert server_with_ontology_files.app.state.runner.processes is None
    r = httpx.get(f"{server_with_ontology_files.url}/sparql",
                  params={"query": "ASK { ?s ?p ?o }"})
    assert r.json()["boolean"] is True
