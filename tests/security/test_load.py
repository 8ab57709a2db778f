"""The bounded load test (bench/load_test.py) on the real build: a few seconds at fixed
concurrency over named questions and SPARQL, through the production server; not one request
may fail. (Throughput and latency are reported, not asserted: timings belong to bench/.)"""

from __future__ import annotations

from pathlib import Path

from bench.load_test import load_test


def test_load_mix_has_zero_errors(built_trig: Path, tmp_path: Path) -> None:
    load = load_test(built_trig, seconds=5, connections=8, out=tmp_path / "load-test")
    assert load.requests > 50
    assert load.errors == 0
    assert (tmp_path / "load-test.md").read_text(encoding="utf-8").count("|") > 10
