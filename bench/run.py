"""The whole benchmark in one command: ``make bench`` (or ``.venv/bin/python -m bench.run``).

1. Builds the real corpus with ``bwgraph build`` (end to end, ``--builds`` times: wall time and
   peak memory of the process, plus the per-stage times the build reports).
2. For each scale (real size, ×10, ≈ 1 M triples; ``--scales`` adds ×100) runs
   :mod:`bench.stages` in its own process: synthetic graph, SHACL validation, TriG, load, every
   named question in process.
3. Starts bwgraph's API, a bare Oxigraph server and rdflib-endpoint on that TriG (loopback, free
   ports; :mod:`bench.servers`) and measures with wrk (:mod:`bench.load`): every named question
   over HTTP (first, uncached request and then p50/p99/throughput at 1 connection), a mix of all
   named questions at 1 and 32 connections, and the SPARQL queries of :mod:`bench.workload` on
   all three servers at 1 and 32 connections, with the ratios.
4. Writes ``bench/results/results.{md,csv,json}`` and the growth curves
   ``bench/results/growth.{png,svg}`` (:mod:`bench.plot`).

Nothing here passes or fails on a time: the numbers are for reading (``bench/README.md``). The
machine is whatever runs it; the table names it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import load, servers
from bench.workload import SPARQL, Call, calls
from bwgraph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
#: named scales: a factor, or "1M" for the factor whose graph has about a million triples
DEFAULT_SCALES = "1,10,1M"
SPARQL_ACCEPT = "application/sparql-results+json"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- machine and versions ------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    import importlib.metadata as md

    ours = {p: md.version(p) for p in ("pyoxigraph", "rdflib", "pyshacl", "fastapi", "uvicorn",
                                        "httptools", "uvloop")
            if _installed(p)}
    wrk = ""
    if load.have_wrk():
        res = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        wrk = (res.stdout or res.stderr).splitlines()[0].split(" Copyright")[0].strip()
    commit = os.environ.get("BWGRAPH_BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
        check=False).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "memory_mib": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "commit": commit, "bwgraph_packages": ours,
        "peers": servers.versions(), "load_tool": wrk or "python asyncio client",
        "loadavg_at_start": os.getloadavg()[0],
    }


def _installed(name: str) -> bool:
    import importlib.metadata as md

    try:
        md.version(name)
    except md.PackageNotFoundError:
        return False
    return True


# --- building -----------------------------------------------------------------------------------


def timed_process(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run ``argv`` from the repository root; (wall seconds, stdout). Raises when it fails."""
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, cwd=ROOT, env=env, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout


def build_real(work: Path, runs: int) -> dict[str, Any]:
    """``bwgraph build`` end to end, ``runs`` times (the first run fills the docs cache)."""
    out = work / "real" / "bwmo.trig"
    out.parent.mkdir(parents=True, exist_ok=True)
    bwgraph = str(ROOT / ".venv" / "bin" / "bwgraph")
    times: list[float] = []
    stage_runs: list[dict[str, float]] = []
    for n in range(runs):
        if n == 0:  # the first build in a fresh directory: nothing cached
            for f in out.parent.iterdir():
                if f.is_file():
                    f.unlink()
        seconds, stdout = timed_process(
            [sys.executable, "-m", "bench.build_once", "--keep-going", "--out", str(out)])
        times.append(seconds)
        stage_runs.append(json.loads(stdout))
        log(f"real build {n + 1}/{runs}: {seconds:.2f} s")
    try:
        cli_seconds: float | str = timed_process(
            [bwgraph, "build", "--quiet", "--out", str(work / "cli" / "bwmo.trig")])[0]
    except RuntimeError as exc:  # e.g. a SHACL violation in the corpus: recorded, not fatal
        cli_seconds = f"failed: {str(exc).splitlines()[-1][:200]}"
    return {"trig": str(out), "seconds": times, "cli_seconds": cli_seconds,
            "peak_mib": max(r["peak_mib"] for r in stage_runs), "stages": stage_runs}


def scale_factor(name: str, source: Path) -> int:
    if name.upper().endswith("M"):
        from bench.scale import factor_for, graphs_from_trig

        graphs, ctx = graphs_from_trig(source)
        return factor_for(int(float(name[:-1]) * 1_000_000), graphs, ctx)
    return int(name)


def run_stages(source: Path, factor: int, out: Path, runs: int, engine: str = "sparql"
               ) -> dict[str, Any]:
    seconds, stdout = timed_process(
        [sys.executable, "-m", "bench.stages", "--from", str(source), "--factor", str(factor),
         "--out", str(out), "--runs", str(runs), "--engine", engine])
    result: dict[str, Any] = json.loads(stdout)
    result["wall_seconds"] = seconds
    return result


# --- HTTP ----------------------------------------------------------------------------------------


#: seconds one request may take before the benchmark gives up on it (recorded as status 0)
REQUEST_TIMEOUT = 60.0


def first_request_ms(url: str, accept: str = "application/json") -> tuple[float, int, bytes]:
    """One request: (milliseconds, HTTP status or 0 when it timed out or failed, body)."""
    req = urllib.request.Request(url, headers={"Accept": accept})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as res:
            body = res.read()
            status = res.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        body, status = b"", 0
    return (time.perf_counter() - t) * 1000, status, body


def sparql_path(server: servers.Server, query: str) -> str:
    return server.sparql_path + "?" + urllib.parse.urlencode({"query": query})


def rows_of(body: bytes) -> int:
    try:
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return -1


def measure_http(servers_: dict[str, servers.Server], workload: list[Call], args: argparse.Namespace
                 ) -> dict[str, Any]:
    out: dict[str, Any] = {"questions": {}, "mix": {}, "sparql": {}}
    bw = servers_["bwgraph"]
    # every named question: the first request computes the answer, the rest are served cached
    for call in workload:
        first, status, _ = first_request_ms(bw.url + call.path)
        res = load.run(bw.url, [call.path], connections=1, seconds=args.question_seconds,
                       tool=args.tool)
        out["questions"][call.path] = {"question": call.question, "first_ms": first,
                                       "status": status, **asdict(res)}
    paths = [c.path for c in workload]
    for conns in (1, 32):
        res = load.run(bw.url, paths, connections=conns, seconds=args.mix_seconds,
                       tool=args.tool)
        out["mix"][f"questions c{conns}"] = asdict(res)
        log(f"  named-question mix, {conns} conn: {res.rps:.0f} req/s, p50 {res.p50_ms:.2f} ms,"
            f" p99 {res.p99_ms:.2f} ms, errors {res.errors}")
    # the SPARQL queries on all three servers
    for name, query in SPARQL.items():
        for server in servers_.values():
            first, status, body = first_request_ms(server.url + sparql_path(server, query),
                                                   SPARQL_ACCEPT)
            entry: dict[str, Any] = {"status": status, "rows": rows_of(body), "first_ms": first}
            for conns in (1, 32):
                if status == 0:  # one request took longer than REQUEST_TIMEOUT: no load run
                    entry[f"c{conns}"] = asdict(load.Load(0.0, float("nan"), float("nan"), 0, 1,
                                                          "timeout"))
                    continue
                res = load.run(server.url, [sparql_path(server, query)], connections=conns,
                               seconds=args.sparql_seconds, accept=SPARQL_ACCEPT,
                               tool=args.tool)
                entry[f"c{conns}"] = asdict(res)
            out["sparql"].setdefault(name, {})[server.name] = entry
            log(f"  sparql {name} on {server.name}: {entry['c1']['rps']:.0f} / "
                f"{entry['c32']['rps']:.0f} req/s (1 / 32 conn), rows {entry['rows']}")
    return out


def start_servers(trig: Path, work: Path, peers: bool, server_log: Path
                  ) -> dict[str, servers.Server]:
    started: dict[str, servers.Server] = {}
    try:
        started["bwgraph"] = servers.start_bwgraph(trig, server_log)
        if peers:
            started["oxigraph"] = servers.start_oxigraph(trig, work, server_log)
            started["rdflib-endpoint"] = servers.start_rdflib_endpoint(trig, server_log)
    except BaseException:
        for s in started.values():
            s.stop()
        raise
    return started


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description="bwgraph benchmark (see bench/README.md)")
    ap.add_argument("--scales", default=DEFAULT_SCALES,
                    help=f"comma-separated factors, or 1M for ≈ a million triples "
                         f"(default {DEFAULT_SCALES}; add 100 for ×100)")
    ap.add_argument("--builds", type=int, default=3, help="end-to-end builds of the real corpus")
    ap.add_argument("--runs", type=int, default=20, help="in-process runs per question")
    ap.add_argument("--question-seconds", type=float, default=2.0)
    ap.add_argument("--mix-seconds", type=float, default=5.0)
    ap.add_argument("--sparql-seconds", type=float, default=3.0)
    ap.add_argument("--no-peers", action="store_true", help="measure bwgraph only")
    ap.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--work", type=Path, default=None, help="scratch directory (default: temp)")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--engine", default="sparql", choices=("sparql", "hybrid", "turbo"),
                    help="SHACL engine of the scale stages (bwgraph.validate.Engine)")
    args = ap.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="bwgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    server_log = work / "servers.log"
    if not args.no_peers:
        log("installing the peers (bench/.peers)")
        servers.install_peers(server_log)
    results: dict[str, Any] = {"machine": machine(), "scales": []}
    log(f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores")
    log("building the real corpus")
    results["build"] = build_real(work, args.builds)
    results["build"]["loadavg"] = os.getloadavg()[0]
    real = Path(results["build"]["trig"])
    for name in args.scales.split(","):
        factor = scale_factor(name.strip(), real)
        log(f"scale {name} (×{factor}): stages")
        trig = work / f"bwmo-x{factor}.trig"
        scale: dict[str, Any] = {"name": name.strip(), "factor": factor,
                                 **run_stages(real, factor, trig, args.runs, args.engine)}
        log(f"  {scale['triples']} triples; stages {scale['seconds']}")
        running = start_servers(trig, work, not args.no_peers, server_log)
        try:
            scale["server_start_s"] = {n: s.started_in for n, s in running.items()}
            scale["http"] = measure_http(running, calls(OxigraphStore.from_trig(trig)), args)
            scale["consistent"] = {
                name: {server: e["rows"] for server, e in per_server.items()}
                for name, per_server in scale["http"]["sparql"].items()
            }
            scale["server_peak_mib"] = {n: s.peak_rss_mib() for n, s in running.items()}
        finally:
            for s in running.values():
                s.stop()
        scale["loadavg"] = os.getloadavg()[0]
        results["scales"].append(scale)
        (args.out / "results.json").write_text(json.dumps(results, indent=1))
    from bench.report import write_report

    write_report(results, args.out, plots=not args.no_plots)
    log(f"results in {args.out}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return results


if __name__ == "__main__":
    main()
