"""The worker pool evaluates on a private snapshot of the build it was started for."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from api.worker import ProcessPool, QueryRequest, SnapshotMismatch
from bwgraph.store import QueryKind
from tests.api.conftest import SmallGraph


def test_a_changed_build_file_is_refused(small_graph: SmallGraph) -> None:
    with pytest.raises(SnapshotMismatch, match="restart the server"):
        ProcessPool(small_graph.trig, size=0, timeout=1, sha256="0" * 64)


def test_pool_answers_from_its_snapshot(small_graph: SmallGraph) -> None:
    digest = hashlib.sha256(small_graph.trig.read_bytes()).hexdigest()
    pool = ProcessPool(small_graph.trig, size=1, timeout=5, sha256=digest)
    try:
        assert pool.path != small_graph.trig
        assert pool.wait_ready(1, timeout=60)
        req = QueryRequest(
            query=f"SELECT ?t WHERE {{ <{small_graph.narrative}> "
                  "<https://w3id.org/bwmo/def#text> ?t }",
            kind=QueryKind.SELECT, format_name="json", default_graphs=(), named_graphs=(),
            seconds=5, max_results=10)
        body = pool.evaluate(req, time.monotonic() + 5)
        rows = json.loads(body)["results"]["bindings"]
        assert [r["t"]["value"] for r in rows] == [small_graph.quote]
    finally:
        pool.close()
    assert not pool.path.exists()
