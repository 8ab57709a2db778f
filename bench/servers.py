"""The three HTTP servers the benchmark compares, each started on loopback on a free port.

* **bwgraph** — ``bwgraph serve --graph FILE`` (this checkout's API, uvicorn);
* **oxigraph** — the bare Oxigraph server (PyPI ``oxigraph``) on a RocksDB directory loaded from
  the same TriG, ``serve-read-only --union-default-graph`` so that the default graph is the union
  of the named graphs, as in bwgraph;
* **rdflib-endpoint** — PyPI ``rdflib-endpoint`` serving the same TriG with rdflib.

The peers are installed into their own virtual environment (``bench/.peers``, not committed), so
their pinned dependencies never touch the project's ``.venv``. Every server is a child process of
the benchmark, killed by process id when the benchmark ends (also on Ctrl-C).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEERS_VENV = BENCH / ".peers"
#: pinned so that a rerun measures the same peers
PEER_PACKAGES = ("oxigraph==0.5.13", "rdflib-endpoint==0.6.3", "uvicorn==0.54.0")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def install_peers(log: Path) -> Path:
    """Create ``bench/.peers`` with the peer servers (once); return its ``bin`` directory."""
    bin_dir = PEERS_VENV / "bin"
    stamp = PEERS_VENV / ".installed"
    wanted = "\n".join(PEER_PACKAGES)
    if stamp.is_file() and stamp.read_text() == wanted:
        return bin_dir
    with log.open("a") as out:
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True,
                       stdout=out, stderr=out)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                        *PEER_PACKAGES], check=True, stdout=out, stderr=out)
    stamp.write_text(wanted)
    return bin_dir


def versions() -> dict[str, str]:
    """Versions of the peers (from their venv) for the results table."""
    out: dict[str, str] = {}
    py = PEERS_VENV / "bin" / "python"
    if not py.is_file():
        return out
    code = ("import importlib.metadata as m\n"
            "for p in ('oxigraph', 'rdflib-endpoint', 'rdflib'):\n"
            "    print(p, m.version(p))")
    res = subprocess.run([str(py), "-c", code], capture_output=True, text=True, check=False)
    for line in res.stdout.splitlines():
        name, _, version = line.partition(" ")
        out[name] = version
    return out


@dataclass
class Server:
    """One running server: its name, base URL, SPARQL URL and process."""

    name: str
    url: str
    sparql_path: str
    process: subprocess.Popen[bytes]
    started_in: float = 0.0
    extra_pids: list[int] = field(default_factory=list)

    @property
    def sparql_url(self) -> str:
        return self.url + self.sparql_path

    def peak_rss_mib(self) -> float:
        """Peak resident memory (VmHWM) of the server and its child processes, in MiB."""
        return sum(_hwm_kib(pid) for pid in _tree(self.process.pid)) / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            # the server's own children (bwgraph's query workers) die with its process group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.is_file():
        for child in children.read_text().split():
            pids += _tree(int(child))
    return pids


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _start(name: str, argv: list[str], url: str, sparql_path: str, probe: str, log: Path,
           env: dict[str, str] | None = None, timeout: float = 900.0) -> Server:
    out = log.open("ab")
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=out, stderr=out, env=env, cwd=ROOT,
                               start_new_session=True)
    server = Server(name, url, sparql_path, process)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + probe, timeout=30) as res:
                if res.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"{name} did not answer within {timeout:.0f} s; see {log}")
        time.sleep(0.2)
    server.started_in = time.perf_counter() - started
    return server


_PROBE_QUERY = "?query=ASK%7B%7D"


def start_bwgraph(trig: Path, log: Path) -> Server:
    port = free_port()
    env = {**os.environ, "BWGRAPH_GRAPH": str(trig)}
    argv = [str(ROOT / ".venv" / "bin" / "bwgraph"), "serve", "--host", "127.0.0.1",
            "--port", str(port), "--graph", str(trig)]
    return _start("bwgraph", argv, f"http://127.0.0.1:{port}", "/sparql", "/questions", log, env)


def start_oxigraph(trig: Path, workdir: Path, log: Path) -> Server:
    bin_dir = PEERS_VENV / "bin"
    location = workdir / f"oxigraph-{trig.stem}"
    if not (location / ".loaded").is_file():
        with log.open("ab") as out:
            subprocess.run([str(bin_dir / "oxigraph"), "load", "--location", str(location),
                            "--file", str(trig)], check=True, stdout=out, stderr=out)
        (location / ".loaded").write_text("")
    port = free_port()
    argv = [str(bin_dir / "oxigraph"), "serve-read-only", "--location", str(location),
            "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    return _start("oxigraph", argv, f"http://127.0.0.1:{port}", "/query",
                  "/query" + _PROBE_QUERY, log)


def start_rdflib_endpoint(trig: Path, log: Path) -> Server:
    port = free_port()
    argv = [str(PEERS_VENV / "bin" / "rdflib-endpoint"), "serve", "--host", "127.0.0.1",
            "--port", str(port), str(trig)]
    return _start("rdflib-endpoint", argv, f"http://127.0.0.1:{port}", "/",
                  "/" + _PROBE_QUERY, log)
