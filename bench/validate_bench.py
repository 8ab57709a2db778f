"""Benchmark: SHACL validation of the full built graph (median of N runs).

    .venv/bin/python bench/validate_bench.py [--graph data/build/bwmo.trig] [--runs 5]
                                             [--engines sparql,hybrid,pyshacl] [--pyshacl-runs 1]
                                             [--same]

Without ``--graph`` the graph is built first (into a temporary directory). For each engine it
prints the triple count, the median, minimum and maximum seconds of ``validate_graph`` (loading
the file is timed separately), and the result counts, as Markdown table rows for
``bench/README.md``. ``pyshacl`` (every constraint, SPARQL ones included, in pyshacl) is the slow
reference: run it once or twice (``--pyshacl-runs``). ``--same`` also checks that every engine
gave the same results as the first one (every field but blank-node labels), and says so.

The machine is shared: quote medians, and rerun when the numbers look odd.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from bwgraph.config import Settings
from bwgraph.validate import (
    Engine,
    ValidationResult,
    load_for_validation,
    load_shapes,
    load_union,
    validate_graph,
)


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
    ap.add_argument("--engines", default="sparql,hybrid")
    ap.add_argument("--same", action="store_true", help="compare the engines' results")
    args = ap.parse_args()

    path = _graph(args.graph)
    t = time.perf_counter()
    data, store = load_union(path)
    load_s = time.perf_counter() - t
    shapes = load_shapes(Settings())
    print(f"graph {path}: {len(data)} triples, loaded in {load_s:.2f} s")
    print("| engine | triples | runs | median s | min s | max s | violations | warnings | infos |")
    print("|---|---|---|---|---|---|---|---|---|")
    del data, store
    first: tuple[str, Counter[tuple[object, ...]]] | None = None
    for name in args.engines.split(","):
        engine = Engine(name.strip())
        runs = args.pyshacl_runs if engine is Engine.PYSHACL else args.runs
        times: list[float] = []
        counts = ""
        for _ in range(runs):
            # a fresh copy per run: pyshacl may cache per graph
            fresh, fresh_store, core_store = load_for_validation(path)
            t = time.perf_counter()
            outcome = validate_graph(
                fresh, shapes, engine=engine,
                store=None if engine is Engine.PYSHACL else fresh_store,
                core_store=core_store if engine is Engine.SPARQL else None,
            )
            times.append(time.perf_counter() - t)
            counts = " | ".join(str(n) for n in outcome.counts.values())
            del fresh, fresh_store, core_store
        print(
            f"| {engine.value} | {outcome.triples} | {runs} | {statistics.median(times):.2f} | "
            f"{min(times):.2f} | {max(times):.2f} | {counts} |", flush=True,
        )
        if args.same:
            keys = _keys(outcome.results)
            if first is None:
                first = (engine.value, keys)
            else:
                verdict = "the same results as" if keys == first[1] else "DIFFERENT results from"
                print(f"{engine.value}: {verdict} {first[0]} ({sum(keys.values())} results)")
        del outcome


def _keys(results: list[ValidationResult]) -> Counter[tuple[object, ...]]:
    """Every field of every result; blank-node labels (which differ between runs) as None."""
    def b(x: str | None) -> str | None:
        return None if x is None or ":" not in x else x

    return Counter((b(r.focus_node), b(r.path), b(r.value), b(r.source_shape), r.constraint,
                    r.severity, r.message_nl, r.message_en, r.evidence) for r in results)


if __name__ == "__main__":
    main()
