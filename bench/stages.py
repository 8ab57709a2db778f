"""One build at one scale, stage by stage, in its own process (so its peak memory is its own).

    .venv/bin/python -m bench.stages --from data/build/bwmo.trig --factor 10 --out X.trig

Stages, each timed with the peak resident memory after it:

* ``transform`` — the synthetic document graphs (:func:`bench.scale.scaled`); for factor 1 the
  real graphs as built;
* ``validate`` — SHACL on the union of all graphs (:func:`bwgraph.validate.validate_graphs` as
  in the build, stores included; ``--engine hybrid|turbo``: :func:`~bwgraph.validate.validate_graph`
  on a union graph built before), with the result counts;
* ``write`` — the deterministic TriG (:func:`bwgraph.serialize.write_trig`) and the file;
* ``load`` — the TriG into the embedded store (:meth:`bwgraph.store.OxigraphStore.from_trig`),
  what the server does at start-up;
* ``questions`` — every named question of the workload in process, uncached (p50, p99 of
  ``--runs`` runs).

Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from bench.scale import graphs_from_trig, scaled
from bench.workload import calls
from bwgraph.config import Settings
from bwgraph.questions import load_questions, run_question
from bwgraph.serialize import write_trig
from bwgraph.store import OxigraphStore
from bwgraph.validate import (
    Engine,
    load_shapes,
    oxigraph_store,
    union_graph,
    validate_graph,
    validate_graphs,
)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def question_times(store: OxigraphStore, runs: int) -> dict[str, dict[str, Any]]:
    questions = load_questions(Settings().queries_dir)
    out: dict[str, dict[str, Any]] = {}
    for call in calls(store):
        q = questions[call.question]
        times: list[float] = []
        rows = 0
        for _ in range(runs):
            t = time.perf_counter()
            rows = len(run_question(q, dict(call.params), store).rows)
            times.append((time.perf_counter() - t) * 1000)
        out[call.path] = {"question": call.question, "p50_ms": statistics.median(times),
                          "p99_ms": percentile(times, 0.99), "rows": rows}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", type=Path, required=True)
    ap.add_argument("--factor", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--engine", default="sparql",
                    help="validation engine (sparql, the build's; hybrid, turbo)")
    args = ap.parse_args()

    timings: dict[str, float] = {}
    memory: dict[str, float] = {}
    result: dict[str, Any] = {"factor": args.factor, "seconds": timings, "peak_mib": memory}

    def mark(stage: str, started: float) -> float:
        now = time.perf_counter()
        timings[stage] = now - started
        memory[stage] = peak_mib()
        return now

    t = time.perf_counter()
    real, ctx = graphs_from_trig(args.source)
    t = mark("read", t)
    graphs = scaled(real, ctx, args.factor)
    del real
    result["triples"] = sum(len(g) for _, g in graphs)
    t = mark("transform", t)
    if not args.no_validate:
        engine = Engine(args.engine)
        if engine is Engine.SPARQL:
            # as the build does it: both stores filled from the named graphs, timed with it
            t = mark("validate_setup", t)
            outcome = validate_graphs(graphs, Settings())
        else:
            data = union_graph(g for _, g in graphs)
            store = oxigraph_store(data)
            shapes = load_shapes(Settings())
            t = mark("validate_setup", t)
            outcome = validate_graph(data, shapes, store=store, engine=engine)
            del data, store
        result["validation"] = {s.label: n for s, n in outcome.counts.items()}
        result["engine"] = args.engine
        del outcome
        t = mark("validate", t)
    text = write_trig(graphs).encode("utf-8")
    args.out.write_bytes(text)
    del graphs, text
    t = mark("write", t)
    loaded = OxigraphStore.from_trig(args.out)
    t = mark("load", t)
    result["questions"] = question_times(loaded, args.runs)
    mark("questions", t)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
