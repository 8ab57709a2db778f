"""One ``bwgraph.pipeline.build`` in this process: prints its stage times and peak memory (JSON).

    .venv/bin/python -m bench.build_once --out /tmp/x/bwmo.trig
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from bwgraph.config import Settings
from bwgraph.pipeline import build


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    started = time.perf_counter()
    report = build(Settings(), args.out)
    total = time.perf_counter() - started
    print(json.dumps({
        "total": total, "stages": report.timings, "triples": report.total_triples,
        "validation": report.stats.get("validation", {}), "sha256": report.sha256,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
