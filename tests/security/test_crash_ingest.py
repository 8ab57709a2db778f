"""kill -9 of ``bwgraph ingest`` at any moment: the graph file is always complete (the old one
or the new one, never a part), the registry always parses and names only files that exist, and
the next ``bwgraph build`` gives a complete graph again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from rdflib import Dataset

from bwgraph.config import Settings
from bwgraph.pipeline import build
from tests.test_ingest import _seed, built_project  # noqa: F401 - fixture

DOC_GRAPH = "https://w3id.org/bwmo/graph/"


def _graphs(trig: Path) -> set[str]:
    ds = Dataset()
    ds.parse(trig, format="trig")  # raises on a partial file
    return {str(g.identifier) for g in ds.graphs() if str(g.identifier).startswith(DOC_GRAPH)}


def _registry_is_whole(settings: Settings) -> list[str]:
    meta = tomllib.loads((settings.sources_dir / "sources.toml").read_text(encoding="utf-8"))
    for entry in meta["document"]:
        assert (settings.sources_dir / entry["file"]).is_file(), entry["file"]
        if entry.get("text_file"):
            assert (settings.sources_dir / entry["text_file"]).is_file(), entry["text_file"]
    return [entry["id"] for entry in meta["document"]]


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.4, 1.2, 1.8, 2.2, 3.0])
def test_kill_9_during_ingest_leaves_a_whole_graph(built_project: Path,  # noqa: F811
                                                    tmp_path: Path, after: float) -> None:
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    settings = Settings(root=root)
    trig = settings.default_output
    before = _graphs(trig)
    doc = tmp_path / "agenda.txt"
    shutil.copy(_seed("003"), doc)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bwgraph.cli", "ingest", str(doc), "--date", "2021-03-10"],
        env={**os.environ, "BWGRAPH_HOME": str(root)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(after)
    if proc.poll() is None:  # (measured: reading, registering, writing, done by ~2.5 s)
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    after_graphs = _graphs(trig)  # whole, whatever the moment
    assert after_graphs == before or after_graphs > before
    ids = _registry_is_whole(settings)
    # the next build makes a whole graph of what the registry holds
    build(settings)
    rebuilt = _graphs(trig) - {DOC_GRAPH + name
                               for name in ("dataset", "ontology", "reference", "geometry")}
    assert rebuilt == {DOC_GRAPH + i for i in ids}
    assert not list(trig.parent.glob(".bwgraph-tmp-*"))
