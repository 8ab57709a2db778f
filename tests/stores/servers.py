"""Real SPARQL servers on loopback for the store tests: Oxigraph server and Virtuoso.

Each server gets a throwaway directory and free ports, runs in the foreground as a child process
of the test session, and can be stopped and started again on the same ports and data (the
down/recover test does that). Nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

#: seconds a query may run on the Oxigraph test server, whoever asked (--timeout-s): the backstop
#: that ends a runaway query after bwgraph closed the connection
SERVER_TIMEOUT = 5
#: Virtuoso's own cap (MaxQueryExecutionTime); bwgraph passes its limit per query (``timeout``),
#: so this is only the outer bound, generous for a loaded two-core test machine
VIRTUOSO_MAX_SECONDS = 30
VIRTUOSO_USER = "dba"
#: the throwaway database's administrator password (Virtuoso creates new databases with dba/dba)
VIRTUOSO_PASSWORD = "dba"


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGTERM the server when the test process dies, so a killed
    test run (a timeout, Ctrl-C twice) leaves no server behind."""
    with contextlib.suppress(OSError):  # not Linux: the fixtures' own teardown still stops it
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """A child process serving SPARQL on ``http://127.0.0.1:{port}``."""

    name = "server"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = directory / f"{self.name}.log"

    @property
    def url(self) -> str:
        raise NotImplementedError

    @property
    def probe(self) -> str:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 90.0) -> None:
        assert self.process is None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            cwd=self.directory, start_new_session=True,
                                            preexec_fn=_die_with_parent)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}: "
                                   f"{self.log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(self.probe, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:g} s; log: {self.log}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


class OxigraphServer(Server):
    name = "oxigraph"

    @property
    def url(self) -> str:
        return f"oxigraph+http://127.0.0.1:{self.port}"

    @property
    def probe(self) -> str:
        return f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D"

    def command(self) -> list[str]:
        exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        # --timeout-s: the server's own limit, which ends a query after the client gave up
        # (closing the connection stops a streaming answer, not a COUNT over a huge join)
        return [exe, "serve", "--location", str(self.directory / "db"),
                "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(SERVER_TIMEOUT)]


#: ``MaxQueryCostEstimationTime`` is 5 s, not the shipped 400: Virtuoso's estimator put a 5 ms
#: question at 591–889 s on a fresh server, so the questions are written to estimate low, and a
#: question whose estimate explodes fails here instead of on an operator's server.
VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.errors.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2
DirsAllowed        = ., {dir}
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {dir}
ServerThreads      = 10
MaxKeepAlives      = 10
KeepAliveTimeout   = 10
Charset            = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = {server_timeout}
MaxQueryCostEstimationTime = 5
"""


class VirtuosoServer(Server):
    """Virtuoso Open Source 7 (Debian ``virtuoso-opensource``), a fresh database per session."""

    name = "virtuoso"

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.sql_port = free_port()
        ini = VIRTUOSO_INI.format(dir=directory, sql_port=self.sql_port, http_port=self.port,
                                  server_timeout=VIRTUOSO_MAX_SECONDS)
        (directory / "virtuoso.ini").write_text(ini, encoding="utf-8")

    @property
    def url(self) -> str:
        return f"virtuoso+http://127.0.0.1:{self.port}"

    @property
    def probe(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql?query=ASK%7B%7D"

    def command(self) -> list[str]:
        exe = shutil.which("virtuoso-t")
        if exe is None:
            raise RuntimeError("virtuoso-t not found: run `make virtuoso` (installs the Debian "
                               "package virtuoso-opensource)")
        return [exe, "+foreground", "+configfile", str(self.directory / "virtuoso.ini")]


def credentials_env(server: Server) -> dict[str, str]:
    """Environment for a client that writes to ``server`` (empty for Oxigraph: no auth)."""
    if isinstance(server, VirtuosoServer):
        return {"BWGRAPH_STORE_USER": VIRTUOSO_USER, "BWGRAPH_STORE_PASSWORD": VIRTUOSO_PASSWORD}
    return {}


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env
