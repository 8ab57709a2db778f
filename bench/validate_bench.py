"""Benchmark: SHACL validation of the full built graph (median of N runs).

    .venv/bin/python bench/validate_bench.py [--graph data/build/bwmo.trig] [--runs 5]
                                             [--engines hybrid,pyshacl] [--pyshacl-runs 1]

Without ``--graph`` the graph is built first (into a temporary directory). For each engine it
prints the triple count, the median, minimum and maximum seconds of ``validate_graph`` (loading
the file is timed separately), and the result counts, as Markdown table rows for
``bench/README.md``. ``pyshacl`` (every constraint, SPARQL ones included, in pyshacl) is the slow
reference: run it once or twice (``--pyshacl-runs``).

The machine is shared: quote medians, and rerun when the numbers look odd.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bwgraph.config import Settings
from bwgraph.validate import Engine, load_shapes, load_union, validate_graph


def _graph(path: Path | None) -> Path:
    if path is not None:
        return path
    from bwgraph.pipeline import build

    out = Path(tempfile.mkdtemp(prefix="bwgraph-bench-")) / "bwmo.trig"
    build(Settings(), out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pyshacl-runs", type=int, default=1)
    ap.add_argument("--engines", default="hybrid,pyshacl")
    args = ap.parse_args()

    path = _graph(args.graph)
    t = time.perf_counter()
    data, store = load_union(path)
    load_s = time.perf_counter() - t
    shapes = load_shapes(Settings())
    print(f"graph {path}: {len(data)} triples, loaded in {load_s:.2f} s")
    print("| engine | triples | runs | median s | min s | max s | violations | warnings | infos |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.engines.split(","):
        engine = Engine(name.strip())
        runs = args.runs if engine is Engine.HYBRID else args.pyshacl_runs
        times: list[float] = []
        counts = ""
        for _ in range(runs):
            # a fresh copy per run: pyshacl may cache per graph
            fresh, fresh_store = load_union(path)
            t = time.perf_counter()
            outcome = validate_graph(
                fresh, shapes, engine=engine, store=fresh_store if engine is Engine.HYBRID else None
            )
            times.append(time.perf_counter() - t)
            counts = " | ".join(str(n) for n in outcome.counts.values())
        print(
            f"| {engine.value} | {len(data)} | {runs} | {statistics.median(times):.2f} | "
            f"{min(times):.2f} | {max(times):.2f} | {counts} |"
        )
    del store


if __name__ == "__main__":
    main()
