"""The bounded load test of issue 9: fixed concurrency, fixed duration, loopback only.

Starts ``bwgraph serve`` on a free loopback port (the production server: worker processes
without network, the admission limits), sends a mix of every named question and the plain
SPARQL queries of :mod:`bench.workload` over ``--connections`` keep-alive connections for
``--seconds`` seconds, and reports throughput, p50/p99 latency and the errors (any non-2xx,
socket error or time-out). Writes ``bench/results/load-test.md`` and ``.csv`` and exits 1 when a
single request failed::

    .venv/bin/python -m bench.load_test                    # 30 s, 16 connections
    .venv/bin/python -m bench.load_test --seconds 60 --connections 32 --graph data/build/bwmo.trig

Uses ``wrk`` when it is installed (``make bench-deps``), else a small asyncio client.
"""

from __future__ import annotations

import argparse
import csv
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench.load import Load, run
from bench.servers import ROOT, start_bwgraph
from bench.workload import SPARQL, calls
from bwgraph.store import OxigraphStore

RESULTS = ROOT / "bench" / "results"


def mix(trig: Path) -> list[str]:
    """Request paths: every named question, then every SPARQL query, interleaved."""
    store = OxigraphStore.from_trig(trig)
    questions = [c.path for c in calls(store)]
    sparql = [f"/sparql?{urlencode({'query': q})}" for q in SPARQL.values()]
    paths: list[str] = []
    for i in range(max(len(questions), len(sparql))):
        if i < len(questions):
            paths.append(questions[i])
        paths.append(sparql[i % len(sparql)])
    return paths


def report(load: Load, *, seconds: float, connections: int, paths: int, out: Path) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    md = "\n".join([
        "# Load test (issue 9)",
        "",
        f"{when}; {platform.node()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; tool: {load.tool}; {connections} connections, "
        f"{seconds:g} s; mix of {paths} requests (named questions and SPARQL), cycled.",
        "",
        "| requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) |",
        "|---:|---:|---:|---:|---:|",
        f"| {load.requests} | {load.errors} | {load.rps:.0f} | {load.p50_ms:.1f} | "
        f"{load.p99_ms:.1f} |",
        "",
    ])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(md, encoding="utf-8")
    with out.with_suffix(".csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["when", "tool", "connections", "seconds", "requests", "errors", "rps",
                    "p50_ms", "p99_ms"])
        w.writerow([when, load.tool, connections, seconds, load.requests, load.errors,
                    f"{load.rps:.1f}", f"{load.p50_ms:.2f}", f"{load.p99_ms:.2f}"])
    return md


def load_test(trig: Path, *, seconds: float, connections: int, out: Path,
              tool: str = "auto") -> Load:
    paths = mix(trig)
    log = out.with_suffix(".server.log")
    out.parent.mkdir(parents=True, exist_ok=True)
    server = start_bwgraph(trig, log)
    try:
        load = run(server.url, paths, connections=connections, seconds=seconds, tool=tool)
    finally:
        server.stop()
    print(report(load, seconds=seconds, connections=connections, paths=len(paths), out=out))
    return load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "data" / "build" / "bwmo.trig")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--out", type=Path, default=RESULTS / "load-test")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 60:
        parser.error("--seconds must be in (0, 60]: the load test is bounded")
    if not args.graph.is_file():
        parser.error(f"{args.graph}: no built graph; run `bwgraph build` first")
    load = load_test(args.graph, seconds=args.seconds, connections=args.connections,
                     out=args.out, tool=args.tool)
    return 1 if load.errors else 0


if __name__ == "__main__":
    sys.exit(main())
