"""One ``bwgraph.pipeline.build`` in this process: prints its stage times and peak memory (JSON).

    .venv/bin/python -m bench.build_once --out /tmp/x/bwmo.trig [--keep-going]

``--keep-going`` runs the same SHACL validation but records violations instead of stopping, so a
corpus with a violation (work in progress elsewhere) can still be timed; the JSON then carries
the violation count, and the results table shows it.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from rdflib import Graph, URIRef

from bwgraph import pipeline, validate
from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.pipeline import BuildReport, build


def _validate_and_record(graphs: list[tuple[URIRef, Graph]], ctx: BuildContext,
                         report: BuildReport) -> None:
    """``validate.build_hook`` without stopping on violations."""
    outcome = validate.validate_graphs(graphs, ctx.settings)
    report.stats["validation"] = {s.label: n for s, n in outcome.counts.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--keep-going", action="store_true")
    args = ap.parse_args()
    if args.keep_going:
        pipeline.PRE_WRITE_HOOKS[:] = [_validate_and_record]
    started, cpu = time.perf_counter(), time.process_time()
    report = build(Settings(), args.out)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({
        # CPU seconds of this process: what the build costs, less sensitive than wall time to
        # the other processes on a shared machine
        "total": total, "cpu": cpu, "stages": report.timings, "triples": report.total_triples,
        "validation": report.stats.get("validation", {}), "sha256": report.sha256,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
