"""Load generation: ``wrk`` (C, one thread) when installed, else a small asyncio client.

Both send HTTP/1.1 keep-alive GETs over ``connections`` connections for ``seconds`` seconds,
cycling through a list of request paths (a mix), and report requests per second, the latency
percentiles (p50, p99) and the number of failed requests (non-2xx status, socket errors,
time-outs). wrk is what the published numbers use: on a 2-core machine a Python client would
be the bottleneck long before the servers. The asyncio client exists for the smoke test and for
machines without wrk.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Load:
    """One measured run."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    tool: str


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


_LUA = """
local paths = {%s}
local accept = %s
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = accept})
end
"""


def _lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text.strip())
    if not m:
        raise ValueError(f"cannot read wrk latency {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def run_wrk(base: str, paths: list[str], *, connections: int, seconds: float,
            accept: str = "application/json", timeout_s: float = 10.0) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_LUA % (", ".join(_lua_string(p) for p in paths), _lua_string(accept)))
        script = f.name
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            f"--timeout={timeout_s:g}s", "--latency", "-s", script, base]
    try:
        out = subprocess.run(argv, capture_output=True, text=True, check=True,
                             timeout=seconds + timeout_s + 30).stdout
    finally:
        Path(script).unlink(missing_ok=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      out):
        errors += sum(int(x) for x in m.groups())
    nan = float("nan")
    return Load(rps, _ms(p50.group(1)) if p50 else nan, _ms(p99.group(1)) if p99 else nan,
                total, errors, "wrk")


async def _client(host: str, port: int, requests: list[bytes], stop: float,
                  latencies: list[float], failures: list[int], offset: int) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < stop:
            t = time.perf_counter()
            writer.write(requests[i % len(requests)])
            i += 1
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - t) * 1000)
            if not status_line.split(b" ")[1].startswith(b"2"):
                failures.append(1)
    finally:
        writer.close()


def run_python(base: str, paths: list[str], *, connections: int, seconds: float,
               accept: str = "application/json") -> Load:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = [
        f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n\r\n".encode()
        for p in paths
    ]
    latencies: list[float] = []
    failures: list[int] = []

    async def main() -> float:
        start = time.perf_counter()
        stop = start + seconds
        await asyncio.gather(*(_client(host, port, requests, stop, latencies, failures, n)
                               for n in range(connections)))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    qs = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Load(len(latencies) / elapsed, qs[49], qs[98], len(latencies), len(failures),
                "python")


def run(base: str, paths: list[str], *, connections: int, seconds: float,
        accept: str = "application/json", tool: str = "auto") -> Load:
    """Measure with wrk when available (``tool="auto"``), or with the named tool."""
    if tool == "wrk" or (tool == "auto" and have_wrk()):
        return run_wrk(base, paths, connections=connections, seconds=seconds, accept=accept)
    return run_python(base, paths, connections=connections, seconds=seconds, accept=accept)
