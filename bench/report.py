"""The results of :mod:`bench.run` as Markdown, CSV and growth plots (``bench/results/``).

    .venv/bin/python -m bench.report [bench/results/results.json]   # rewrite md/csv/plots

The Markdown names the machine and versions, gives medians with their spread, the ratios against
both peers, and a targets table that says for each target whether it holds and, if not, by how
much. The CSV has one row per number (``scale, factor, triples, section, item, server, metric,
value``) for anyone who wants to plot differently.
"""

from __future__ import annotations

import csv
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
SERVERS = ("bwgraph", "oxigraph", "rdflib-endpoint")


def _f(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "—"
    return f"{a / b:.2f}×"


def rows_csv(results: dict[str, Any]) -> list[list[Any]]:
    out: list[list[Any]] = []
    build = results["build"]
    for n, seconds in enumerate(build["seconds"]):
        out.append(["real", 1, build["stages"][n]["triples"], "build", f"run {n + 1}", "",
                    "total_s", seconds])
        for stage, s in build["stages"][n]["stages"].items():
            out.append(["real", 1, build["stages"][n]["triples"], "build", f"run {n + 1}", "",
                        f"{stage}_s", s])
    for sc in results["scales"]:
        key = [sc["name"], sc["factor"], sc["triples"]]
        for stage, s in sc["seconds"].items():
            out.append([*key, "stages", stage, "", "seconds", s])
            out.append([*key, "stages", stage, "", "peak_mib", sc["peak_mib"][stage]])
        for sev, n in sc.get("validation", {}).items():
            out.append([*key, "validation", sev, "", "results", n])
        for path, q in sc["questions"].items():
            out.append([*key, "question_in_process", path, "", "p50_ms", q["p50_ms"]])
            out.append([*key, "question_in_process", path, "", "p99_ms", q["p99_ms"]])
        http = sc.get("http", {})
        for path, q in http.get("questions", {}).items():
            for metric in ("first_ms", "p50_ms", "p99_ms", "rps", "errors"):
                out.append([*key, "question_http", path, "bwgraph", metric, q[metric]])
        for mix, m in http.get("mix", {}).items():
            for metric in ("rps", "p50_ms", "p99_ms", "errors"):
                out.append([*key, "mix", mix, "bwgraph", metric, m[metric]])
        for name, per_server in http.get("sparql", {}).items():
            for server, e in per_server.items():
                out.append([*key, "sparql", name, server, "rows", e["rows"]])
                for conns in ("c1", "c32"):
                    for metric in ("rps", "p50_ms", "p99_ms", "errors"):
                        out.append([*key, "sparql", name, server, f"{conns}_{metric}",
                                    e[conns][metric]])
        for server, mib in sc.get("server_peak_mib", {}).items():
            out.append([*key, "server", "peak", server, "peak_mib", mib])
        for server, s in sc.get("server_start_s", {}).items():
            out.append([*key, "server", "start", server, "seconds", s])
    return out


def _machine(m: dict[str, Any]) -> list[str]:
    pk = ", ".join(f"{k} {v}" for k, v in m["bwgraph_packages"].items())
    peers = ", ".join(f"{k} {v}" for k, v in m.get("peers", {}).items()) or "not run"
    return [
        "| | |", "|---|---|",
        f"| date | {m['date']} |",
        f"| CPU | {m['cpu']} × {m['cores']} cores |",
        f"| memory | {m['memory_mib']:,} MiB |",
        f"| OS, Python | {m['os']}, Python {m['python']} |",
        f"| commit | {m['commit']} |",
        f"| bwgraph's packages | {pk} |",
        f"| peers | {peers} |",
        f"| load generator | {m['load_tool']} (1 thread) |",
        f"| load average (1 min) at the start | {_f(m.get('loadavg_at_start'))} "
        "(other processes on the machine; 2.0 is both cores busy) |",
    ]


def _nth(mapping: dict[str, Any], i: int) -> dict[str, Any]:
    values = list(mapping.values())
    found: dict[str, Any] = values[i] if i < len(values) else {}
    return found


def _spread(values: list[float]) -> str:
    if not values:
        return "—"
    med = statistics.median(values)
    return f"{_f(med)} (min {_f(min(values))}, max {_f(max(values))}, n={len(values)})"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = ["# bwgraph benchmark results", "",
           "Written by `make bench` (`bench/run.py`); numbers from one run on the machine below, "
           "which is shared with other work: read medians and ratios, not single values.", ""]
    out += _machine(m)
    build = results["build"]
    out += ["", "## Build of the real corpus (`bwgraph.pipeline.build`, end to end)", ""]
    out.append(f"Runs: {len(build['seconds'])}; the first starts from an empty output directory "
               "(nothing cached), the others reuse the ontology docs and canonical labels.")
    out.append("")
    out.append("| | seconds |")
    out.append("|---|---|")
    out.append(f"| first build (cold) | {_f(build['seconds'][0])} |")
    warm = build["seconds"][1:]
    if warm:
        out.append(f"| later builds (warm), median | {_spread(warm)} |")
    cli = build["cli_seconds"]
    out.append("| `bwgraph build` command (process start, imports, table output) | "
               f"{_f(cli) if isinstance(cli, float | int) else cli} |")
    stages = sorted({s for run in build["stages"] for s in run["stages"]},
                    key=lambda s: list(build["stages"][0]["stages"]).index(s)
                    if s in build["stages"][0]["stages"] else 99)
    for stage in stages:
        vals = [run["stages"][stage] for run in build["stages"][1:] if stage in run["stages"]] \
            or [run["stages"][stage] for run in build["stages"] if stage in run["stages"]]
        out.append(f"| stage `{stage}` (warm) | {_spread(vals)} |")
    cpu = [run["cpu"] for run in build["stages"][1:] if "cpu" in run]
    if cpu:
        out.append(f"| CPU seconds of the build process (warm) | {_spread(cpu)} |")
    out.append(f"| peak memory of the build process | {_f(build['peak_mib'])} MiB |")
    first = build["stages"][0]
    out.append(f"| triples | {first['triples']:,} |")
    out.append(f"| SHACL results | {first['validation']} |")

    scales = results["scales"]
    out += ["", "## Stages at each scale (`bench/stages.py`, one process per scale)", ""]
    head = "| stage | " + " | ".join(f"×{s['factor']} ({s['triples']:,} triples)"
                                     for s in scales) + " |"
    out += [head, "|---|" + "---|" * len(scales)]
    names = list(scales[0]["seconds"]) if scales else []
    for stage in names:
        out.append(f"| {stage} s | " + " | ".join(_f(s["seconds"].get(stage)) for s in scales)
                   + " |")
    out.append("| load average after the scale | " + " | ".join(
        _f(s.get("loadavg")) for s in scales) + " |")
    out.append("| peak memory, MiB | " + " | ".join(_f(max(s["peak_mib"].values()))
                                                   for s in scales) + " |")
    out.append("| SHACL results | " + " | ".join(
        str(s.get("validation", "—")).replace("'", "") for s in scales) + " |")
    for server in SERVERS:
        if any(server in s.get("server_start_s", {}) for s in scales):
            out.append(f"| {server}: start-up s | " + " | ".join(
                _f(s.get("server_start_s", {}).get(server)) for s in scales) + " |")
            out.append(f"| {server}: peak memory MiB (with its child processes) | " + " | ".join(
                _f(s.get("server_peak_mib", {}).get(server)) for s in scales) + " |")

    out += ["", "## Named questions (ms)", "",
            "In process: `run_question` on the embedded store, uncached (median and p99 of the "
            "runs). Over HTTP: the first request computes and caches the answer; then wrk at 1 "
            "connection gives p50/p99 of the cached answer.", ""]
    head = "| question | " + " | ".join(
        f"×{s['factor']}: in-process p50 / p99 | ×{s['factor']}: HTTP first | "
        f"×{s['factor']}: HTTP p50 / p99" for s in scales) + " |"
    out += [head, "|---|" + "---|" * (3 * len(scales))]
    # the same calls in the same order at every scale (bench.workload.calls); parameter values
    # differ between scales (the IRIs of the last region, …), so rows go by position
    paths = list(scales[0]["questions"]) if scales else []
    for i, path in enumerate(paths):
        cells = []
        for s in scales:
            q = _nth(s["questions"], i)
            h = _nth(s.get("http", {}).get("questions", {}), i)
            cells += [f"{_f(q.get('p50_ms'))} / {_f(q.get('p99_ms'))}", _f(h.get("first_ms")),
                      f"{_f(h.get('p50_ms'), 3)} / {_f(h.get('p99_ms'), 3)}"]
        label = path.split("?")[0].removeprefix("/questions/") + (
            " (with parameters)" if "?" in path else "")
        out.append(f"| {label} | " + " | ".join(cells) + " |")

    out += ["", "## Throughput", "",
            "Named questions: all of the table above in turn (a mix), cached answers. SPARQL: "
            "the queries of `bench/workload.py` sent unchanged to each server, results as SPARQL "
            "JSON. req/s, p50 / p99 in ms; ratios are bwgraph's throughput over the peer's.", ""]
    head = "| what | " + " | ".join(f"×{s['factor']}" for s in scales) + " |"
    out += [head, "|---|" + "---|" * len(scales)]
    for mix in ("questions c1", "questions c32"):
        cells = []
        for s in scales:
            r = s.get("http", {}).get("mix", {}).get(mix)
            cells.append("—" if r is None else
                         f"{_f(r['rps'])} req/s, {_f(r['p50_ms'])} / {_f(r['p99_ms'])} ms"
                         + (f", {r['errors']} errors" if r["errors"] else ""))
        out.append(f"| named-question mix, {mix.split()[1][1:]} connection(s) | "
                   + " | ".join(cells) + " |")
    queries = list(scales[0].get("http", {}).get("sparql", {})) if scales else []
    for name in queries:
        for conns in ("c1", "c32"):
            for server in SERVERS:
                cells = []
                for s in scales:
                    e = s.get("http", {}).get("sparql", {}).get(name, {}).get(server)
                    if e is None:
                        cells.append("—")
                        continue
                    r = e[conns]
                    if r.get("tool") == "timeout":
                        cells.append("no answer within 60 s")
                        continue
                    if not r["requests"]:
                        cells.append("no request completed in the run")
                        continue
                    cells.append(f"{_f(r['rps'])} req/s, {_f(r['p50_ms'])} / {_f(r['p99_ms'])} ms"
                                 + (f", {r['errors']} errors" if r["errors"] else ""))
                out.append(f"| SPARQL `{name}`, {conns[1:]} conn, {server} | "
                           + " | ".join(cells) + " |")
            for peer in SERVERS[1:]:
                cells = []
                for s in scales:
                    sp = s.get("http", {}).get("sparql", {}).get(name, {})
                    a, b = sp.get("bwgraph"), sp.get(peer)
                    cells.append(_ratio(a[conns]["rps"] if a else None,
                                        b[conns]["rps"] if b else None))
                out.append(f"| **ratio bwgraph / {peer}**, `{name}`, {conns[1:]} conn | "
                           + " | ".join(cells) + " |")
    consistent = [s.get("consistent", {}) for s in scales]
    out += ["", "Rows per SPARQL query and server (the servers must agree; −1: no answer within "
            "60 s): " + "; ".join(
        f"×{s['factor']}: " + ", ".join(f"{q} {sorted(set(c.values()))}" for q, c in cons.items())
        for s, cons in zip(scales, consistent, strict=True))]
    out += ["", "## Targets (issue 12)", "", *targets(results)]
    out += ["", "![growth curves](growth.png)", ""]
    return "\n".join(out) + "\n"


def targets(results: dict[str, Any]) -> list[str]:
    """One row per target: measured, holds or not, by how much."""
    rows = ["| target | measured | holds |", "|---|---|---|"]
    scales = results["scales"]
    real = next((s for s in scales if s["factor"] == 1), None)
    big = max(scales, key=lambda s: s["triples"]) if scales else None

    def row(target: str, measured: str, ok: bool | None, gap: str = "") -> None:
        verdict = "—" if ok is None else ("yes" if ok else f"**no**{': ' + gap if gap else ''}")
        rows.append(f"| {target} | {measured} | {verdict} |")

    warm = results["build"]["seconds"][1:] or results["build"]["seconds"]
    b = statistics.median(warm)
    row("full build of the real corpus < 5 s", f"{_f(b)} s (median of warm builds)", b < 5,
        f"{b / 5:.1f}× the target")
    if real and "http" in real:
        hq = real["http"]["questions"]
        worst = max(hq.values(), key=lambda q: q["p50_ms"])
        row("every named question < 5 ms p50 over HTTP at real size",
            f"slowest {worst['question']} {_f(worst['p50_ms'], 3)} ms",
            worst["p50_ms"] < 5)
        worst_first = max(hq.values(), key=lambda q: q["first_ms"])
        row("(uncached first request, for reference)",
            f"slowest {worst_first['question']} {_f(worst_first['first_ms'])} ms", None)
        mix = real["http"]["mix"].get("questions c32")
        if mix:
            ok = mix["rps"] >= 1500 and mix["p99_ms"] < 50
            row("≥ 1,500 req/s at 32 connections for named questions, p99 < 50 ms (real size)",
                f"{_f(mix['rps'])} req/s, p99 {_f(mix['p99_ms'])} ms", ok)
    if big and "http" in big:
        hq = big["http"]["questions"]
        worst = max(hq.values(), key=lambda q: q["p50_ms"])
        row(f"every named question < 100 ms p50 over HTTP at {big['triples']:,} triples",
            f"slowest {worst['question']} {_f(worst['p50_ms'], 3)} ms (cached)",
            worst["p50_ms"] < 100)
        inproc = max(big["questions"].values(), key=lambda q: q["p50_ms"])
        row(f"(uncached, in process, at {big['triples']:,} triples)",
            f"slowest {inproc['question']} {_f(inproc['p50_ms'])} ms", inproc["p50_ms"] < 100)
    if big and "validate" in big["seconds"]:
        v = big["seconds"]["validate"]
        row(f"SHACL, full shape set, at {big['triples']:,} triples < 30 s", f"{_f(v)} s", v < 30,
            f"{v / 30:.1f}× the target")
    for s in scales:
        sp = s.get("http", {}).get("sparql", {})
        for peer, factor in (("oxigraph", 1.5), ("rdflib-endpoint", 100.0)):
            ratios = []
            for e in sp.values():
                if "bwgraph" in e and peer in e:
                    for conns in ("c1", "c32"):
                        if e[peer][conns]["rps"]:
                            ratios.append(e["bwgraph"][conns]["rps"] / e[peer][conns]["rps"])
            if ratios:
                lo = min(ratios)
                row(f"SPARQL endpoint ≥ {factor:g}× {peer} throughput, ×{s['factor']}",
                    f"min {lo:.2f}×, median {statistics.median(ratios):.2f}× over the queries",
                    lo >= factor, f"{lo / factor:.2f} of the target")
    return rows


def plot(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """Growth curves (log-log, with a linear reference) as PNG and SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scales = sorted(results["scales"], key=lambda s: s["triples"])
    if len(scales) < 1:
        return []
    x = [s["triples"] for s in scales]
    fig, axes = plt.subplots(2, 2, figsize=(12, 9))

    def linear(ax: Any, ys: list[float]) -> None:
        if ys and ys[0]:
            ax.plot(x, [ys[0] * t / x[0] for t in x], ":", color="grey", label="linear")

    ax = axes[0][0]
    for stage in ("transform", "validate", "write", "load"):
        ys = [s["seconds"].get(stage, float("nan")) for s in scales]
        ax.plot(x, ys, "o-", label=stage)
    linear(ax, [s["seconds"].get("validate", 0) for s in scales])
    ax.set_title("build stages (s)")
    ax = axes[0][1]
    for i, path in enumerate(scales[0]["questions"]):
        ys = [_nth(s["questions"], i).get("p50_ms", float("nan")) for s in scales]
        label = path.split("?")[0].removeprefix("/questions/") + ("*" if "?" in path else "")
        ax.plot(x, ys, ".-", label=label, linewidth=0.8)
    ax.set_title("named questions in process, p50 (ms; * with parameters)")
    ax.legend(fontsize=5, ncol=2)
    ax = axes[1][0]
    for server in SERVERS:
        for name in scales[0].get("http", {}).get("sparql", {}):
            ys = [s.get("http", {}).get("sparql", {}).get(name, {}).get(server, {})
                  .get("c1", {}).get("rps", float("nan")) for s in scales]
            ax.plot(x, ys, "o-", label=f"{server} {name}", linewidth=0.8)
    mix = [s.get("http", {}).get("mix", {}).get("questions c32", {}).get("rps", float("nan"))
           for s in scales]
    ax.plot(x, mix, "s-", color="black", label="bwgraph named questions (32 conn)")
    ax.set_title("throughput (req/s; SPARQL at 1 connection)")
    ax.legend(fontsize=5)
    ax = axes[1][1]
    ax.plot(x, [max(s["peak_mib"].values()) for s in scales], "o-", label="build (stages)")
    for server in SERVERS:
        ys = [s.get("server_peak_mib", {}).get(server, float("nan")) for s in scales]
        ax.plot(x, ys, "o-", label=f"server {server}")
    ax.set_title("peak memory (MiB)")
    for row in axes:
        for a in row:
            a.set_xscale("log")
            a.set_yscale("log")
            a.set_xlabel("triples")
            a.grid(True, which="both", linewidth=0.3)
    axes[0][0].legend(fontsize=7)
    axes[1][1].legend(fontsize=7)
    fig.suptitle(f"bwgraph growth curves — {results['machine']['cpu']}, "
                 f"{results['machine']['cores']} cores, {results['machine']['date']}")
    fig.tight_layout()
    paths = [out_dir / "growth.png", out_dir / "growth.svg"]
    for p in paths:
        fig.savefig(p, dpi=110)
    plt.close(fig)
    return paths


def write_report(results: dict[str, Any], out_dir: Path, *, plots: bool = True) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    with (out_dir / "results.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["scale", "factor", "triples", "section", "item", "server", "metric", "value"])
        w.writerows(rows_csv(results))
    (out_dir / "results.md").write_text(markdown(results), encoding="utf-8")
    if plots:
        try:
            plot(results, out_dir)
        except ImportError:
            print("matplotlib missing: no plots (pip install -e '.[bench]')", file=sys.stderr)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS / "results.json"
    write_report(json.loads(path.read_text(encoding="utf-8")), path.parent)
