"""Every route serves the release the server loaded, and a killed server leaves nothing behind
that the next one trips over."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from api.main import create_app
from api.settings import ApiSettings
from api.worker import SNAPSHOT_PREFIX, sweep_stale_snapshots
from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from tests.api.conftest import SmallGraph, free_port, serve_in_thread

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(url: str) -> int:
    r = httpx.get(f"{url}/sparql", params={"query": COUNT},
                  headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_a_rebuild_on_disk_does_not_change_what_is_served(
        tmp_path: Path, small_graph: SmallGraph, settings: Settings) -> None:
    trig = tmp_path / "bwmo.trig"
    shutil.copyfile(small_graph.trig, trig)
    owl = tmp_path / "bwmo.owl"  # an artefact the build writes next to the graph (/def)
    owl.write_text('<?xml version="1.0"?><!-- release A --><rdf:RDF xmlns:rdf="http://www.w3.'
                   'org/1999/02/22-rdf-syntax-ns#"/>', encoding="utf-8")
    released = hashlib.sha256(trig.read_bytes()).hexdigest()
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=trig,
                               query_processes=1, query_timeout=5)
    app = create_app(OxigraphStore.from_trig(trig), settings=api_settings)
    for server in serve_in_thread(app):
        before = _count(server.url)
        # a rebuild replaces the file (here: one more triple) while the server runs
        with trig.open("a", encoding="utf-8") as f:
            f.write("\n<urn:x:graph> { <urn:x:s> <urn:x:p> <urn:x:o> . }\n")
        owl.write_text(owl.read_text(encoding="utf-8").replace("release A", "release B"),
                       encoding="utf-8")
        ontology = httpx.get(f"{server.url}/def", params={"format": "rdfxml"}, timeout=30)
        assert ontology.status_code == 200
        assert b"release A" in ontology.content
        dump = httpx.get(f"{server.url}/export/dataset.trig", timeout=30)
        assert dump.status_code == 200
        assert released[:32] in dump.headers["etag"]
        assert b"urn:x:s" not in dump.content  # the old release, not the file on disk now
        assert hashlib.sha256(dump.content).hexdigest() == released
        assert _count(server.url) == before


def test_snapshot_folders_of_dead_servers_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{SNAPSHOT_PREFIX}{dead.pid}-abc"
    stale.mkdir()
    (stale / "bwmo.trig").write_text("x")
    alive = tmp_path / f"{SNAPSHOT_PREFIX}{os.getpid()}-def"
    alive.mkdir()
    assert sweep_stale_snapshots(tmp_path) == [stale]
    assert not stale.exists()
    assert alive.exists()


def test_kill_9_of_a_serving_server_loses_nothing(tmp_path: Path, small_graph: SmallGraph
                                                  ) -> None:
    """kill -9 under load: the graph file is untouched, the next server serves it, and the
    snapshot folder the dead one left is swept."""
    trig = tmp_path / "bwmo.trig"
    shutil.copyfile(small_graph.trig, trig)
    before = trig.read_bytes()
    env = {**os.environ, "BWGRAPH_GRAPH": str(trig), "TMPDIR": str(tmp_path),
           "BWGRAPH_QUERY_PROCESSES": "1"}

    def start() -> tuple[subprocess.Popen[bytes], str]:
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bwgraph.cli", "serve", "--host", "127.0.0.1", "--port",
             str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}).status_code == 200:
                    return proc, url
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        proc.kill()
        raise AssertionError("server did not start")

    proc, url = start()
    expected = _count(url)
    with httpx.Client(timeout=30) as client:
        for _ in range(5):
            client.get(f"{url}/sparql", params={"query": COUNT})
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert list(tmp_path.glob(f"{SNAPSHOT_PREFIX}*"))  # left behind by the dead server
    proc2, url2 = start()
    try:
        assert _count(url2) == expected
        left = [p for p in tmp_path.glob(f"{SNAPSHOT_PREFIX}*")
                if not p.name.startswith(f"{SNAPSHOT_PREFIX}{proc2.pid}-")]
        assert left == []
    finally:
        os.killpg(proc2.pid, signal.SIGKILL)
        proc2.wait(timeout=30)
    assert trig.read_bytes() == before
