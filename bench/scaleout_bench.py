"""Throughput of 1, 2 and 4 API processes: on one Oxigraph server, or each with its own replica.

Loopback only and bounded: starts an Oxigraph server (``oxigraph serve``, throwaway directory,
free port), loads the build into it with ``bwgraph load``'s code, then for each process count
starts that many ``bwgraph serve`` processes on free ports and sends requests round-robin for a
fixed time from one asyncio client with a fixed number of connections in flight. The same is done
with every process serving its own embedded replica of the same TriG file (``--graph``). Every
process it starts is stopped at the end.

The requests miss every cache: SPARQL queries about a different region each time and the linked
data page (bounded description, several store queries) of a different region each time.

    .venv/bin/python -m bench.scaleout_bench --seconds 10 --processes 1 2 4

Prints one line per configuration: requests/s, p50 and p95 latency, errors.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from bwgraph.stores import open_remote, parse_store
from bwgraph.stores.load import load

REGIONS_QUERY = ("PREFIX bwmo: <https://w3id.org/bwmo/def#> "
                 "SELECT ?r WHERE { ?r a bwmo:Region } ORDER BY ?r")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)


@contextmanager
def oxigraph_server(trig: Path, settings: Settings) -> Iterator[str]:
    """An Oxigraph server on loopback holding the build; yields its store URL."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bwgraph-bench-oxigraph-") as tmp:
        proc = subprocess.Popen([exe, "serve", "--location", tmp, "--bind", f"127.0.0.1:{port}",
                                 "--timeout-s", "30"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc)
            url = f"oxigraph+http://127.0.0.1:{port}"
            store = open_remote(parse_store(url, default_path=trig), base=settings.base,
                                timeout=120)
            load(store, trig)
            store.close()
            yield url
        finally:
            stop([proc])


@contextmanager
def api_processes(n: int, source: list[str]) -> Iterator[list[str]]:
    """``n`` ``bwgraph serve`` processes with ``source`` (``--store URL`` or ``--graph FILE``)."""
    env = {**os.environ, "BWGRAPH_QUERY_PROCESSES": "0"}
    ports = [free_port() for _ in range(n)]
    procs = [subprocess.Popen([sys.executable, "-m", "bwgraph.cli", "serve", "--host",
                               "127.0.0.1", "--port", str(p), *source], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for p in ports]
    try:
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for url, proc in zip(urls, procs, strict=True):
            wait_http(f"{url}/questions", proc)
        yield urls
    finally:
        stop(procs)


def requests(regions: list[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """Alternating SPARQL queries and linked-data pages, a different region each time."""
    for region in itertools.cycle(regions):
        yield "/sparql", {"query": f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?x ?p <{region}> }} "
                                   "GROUP BY ?p", "format": "json"}
        yield f"/id/{region.split('/id/', 1)[1]}", {"format": "ntriples"}


async def drive(urls: list[str], regions: list[str], seconds: float, concurrency: int
                ) -> tuple[int, int, list[float]]:
    """(ok, errors, latencies) of round-robin requests for ``seconds``."""
    work = requests(regions)
    targets = itertools.cycle(urls)
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < end:
            path, params = next(work)
            started = time.monotonic()
            try:
                r = await client.get(f"{next(targets)}{path}", params=params)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.monotonic() - started)
            else:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency * len(urls))
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return len(latencies), errors, latencies


def measure(label: str, n: int, urls: list[str], regions: list[str], seconds: float,
            concurrency: int) -> None:
    asyncio.run(drive(urls, regions, 2.0, concurrency))  # warm up connections and caches
    ok, errors, lat = asyncio.run(drive(urls, regions, seconds, concurrency))
    lat.sort()
    p50 = statistics.median(lat) * 1000 if lat else float("nan")
    p95 = lat[int(len(lat) * 0.95)] * 1000 if lat else float("nan")
    print(f"{label:8} processes={n}  {ok / seconds:7.1f} req/s  p50 {p50:6.1f} ms  "
          f"p95 {p95:6.1f} ms  errors {errors}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trig", type=Path, default=Settings().default_output)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--mode", choices=("remote", "replica", "both"), default="both")
    args = parser.parse_args()
    settings = Settings()
    regions = [r["r"].value for r in OxigraphStore.from_trig(args.trig).select(REGIONS_QUERY).rows]
    print(f"{args.trig}: {len(regions)} regions; {args.seconds:g} s per configuration, "
          f"{args.concurrency} requests in flight, {os.cpu_count()} CPUs", flush=True)
    if args.mode in ("remote", "both"):
        with oxigraph_server(args.trig, settings) as store_url:
            for n in args.processes:
                with api_processes(n, ["--store", store_url]) as urls:
                    measure("oxigraph", n, urls, regions, args.seconds, args.concurrency)
    if args.mode in ("replica", "both"):
        for n in args.processes:
            with api_processes(n, ["--graph", str(args.trig)]) as urls:
                measure("replica", n, urls, regions, args.seconds, args.concurrency)


if __name__ == "__main__":
    main()
