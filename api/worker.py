"""SPARQL evaluation in killable worker processes.

A thread cannot be stopped: a query stuck in a non-streaming operator (``ORDER BY`` or ``COUNT``
over a huge cross join) would keep its thread and a CPU core busy after its client got 504, and
a handful of such queries would exhaust the pool. Worker *processes* can be killed. Each worker
loads the build's TriG file once into its own embedded store and then evaluates requests sent
over a pipe; when a request passes its deadline, the parent kills that worker and starts a fresh
one in the background. The bytes a worker returns come from the same serializers as everywhere
else (:func:`bwgraph.formats.serialize_outcome`).

The pool serves only the store it was made for (same TriG file); a store swapped in by a test or
a non-file backend is evaluated in threads instead (:mod:`api.runner`).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing as mp
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from bwgraph.store import QueryKind, QueryTimeout, ResultTooLarge

#: seconds a new worker may take to load the graph before it is given up
START_TIMEOUT = 120.0
#: extra seconds the parent waits beyond the deadline before killing a worker (the worker's own
#: deadline check usually answers first)
GRACE = 0.5


@dataclass(frozen=True)
class QueryRequest:
    query: str
    kind: QueryKind
    format_name: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    seconds: float
    max_results: int
    base_iri: str | None = None
    #: the query names its own dataset (FROM / FROM NAMED)
    query_dataset: bool = False


class NetworkPolicy(StrEnum):
    """What a worker does about the network (``BWGRAPH_WORKER_NETWORK``)."""

    #: evaluate only in a process without network; refuse to start otherwise (the default)
    DENY = "deny"
    #: cut the network where the platform allows, else run with the guard alone (and say so)
    BEST_EFFORT = "best-effort"


class SnapshotMismatch(Exception):
    """The TriG file changed between loading the server's store and starting the workers."""


class WorkerFailed(Exception):
    """The worker could not evaluate the query (not a timeout, not a size limit)."""


class WorkerSyntaxError(Exception):
    """pyoxigraph rejected a query the guard's grammar accepted."""


def _serve(path: str, conn: Connection, policy: str, memory_mb: int
           ) -> None:  # pragma: no cover - runs in the child
    from api.sandbox import IsolationUnavailable, isolate_network, limit_memory

    # first, before anything could open a socket: no network for this process
    try:
        isolation = isolate_network()
    except IsolationUnavailable as exc:
        if policy == NetworkPolicy.DENY:
            conn.send(("isolation_failed", str(exc)))
            return
        isolation = f"none ({exc})"
    from bwgraph.formats import TABLES, by_name, serialize_outcome
    from bwgraph.store import OxigraphStore

    try:
        store = OxigraphStore.from_trig(Path(path))
    except (OSError, SyntaxError, ValueError) as exc:  # the snapshot is gone (server stopping)
        conn.send(("load_failed", f"{path}: {exc}"))
        return
    limit_memory(memory_mb)
    conn.send(("ready", isolation))
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        if req is None:
            return
        try:
            outcome = store.evaluate(
                req.query, default_graphs=list(req.default_graphs) or None,
                named_graphs=list(req.named_graphs) or None,
                deadline=time.monotonic() + req.seconds, max_results=req.max_results,
                base_iri=req.base_iri, query_dataset=req.query_dataset,
            )
            body = serialize_outcome(outcome, by_name(req.format_name, TABLES[req.kind]))
        except QueryTimeout:
            conn.send(("timeout", None))
        except ResultTooLarge as exc:
            conn.send(("too_large", (exc.limit, exc.unit)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except MemoryError:
            conn.send(("crashed", "the query needed more memory than a worker may use"))
            return
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        except BaseException as exc:  # a Rust panic (pyo3 PanicException) ends this worker
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            conn.send(("crashed", f"the query engine failed ({type(exc).__name__})"))
            return
        else:
            conn.send(("ok", body))


#: temporary folders holding worker snapshots are named ``{prefix}{server pid}-…``
SNAPSHOT_PREFIX = "bwgraph-workers-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep_stale_snapshots(tmpdir: Path | None = None) -> list[Path]:
    """Remove snapshot folders left by servers that died (kill -9) — those whose pid is gone."""
    root = Path(tmpdir or tempfile.gettempdir())
    removed: list[Path] = []
    for folder in root.glob(f"{SNAPSHOT_PREFIX}*"):
        pid_text = folder.name.removeprefix(SNAPSHOT_PREFIX).split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


@dataclass(eq=False)  # identity: each worker is one process
class _Worker:
    process: BaseProcess
    conn: Connection


class ProcessPool:
    """``size`` worker processes serving the TriG file at ``path``."""

    def __init__(self, path: Path, *, size: int, timeout: float, sha256: str | None = None,
                 network: NetworkPolicy = NetworkPolicy.DENY, memory_mb: int = 0,
                 queue_wait: float = 5.0) -> None:
        """Workers load a private snapshot of ``path``, so a rebuild while the server runs
        cannot make a replacement worker answer from a different graph than the rest of the
        server. ``sha256`` (the build the server loaded) is checked against the snapshot.
        Each worker cuts itself off the network (``network``) and caps its memory."""
        sweep_stale_snapshots()
        self._snapshot_dir = tempfile.TemporaryDirectory(
            prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-")
        self.path = Path(self._snapshot_dir.name) / path.name
        shutil.copyfile(path, self.path)
        if sha256 is not None:
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
            if digest != sha256:
                self._snapshot_dir.cleanup()
                raise SnapshotMismatch(
                    f"{path} changed since the server loaded it; restart the server")
        self.timeout = timeout
        #: seconds a request may wait for an idle worker
        self.queue_wait = queue_wait
        self.network = network
        self.memory_mb = memory_mb
        #: how the workers are cut off the network ("netns", …), as they reported it
        self.isolation: str | None = None
        #: why the last worker failed to start, if one did
        self.last_error: str | None = None
        self._ctx = mp.get_context("spawn")  # no fork: the server has threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.failed_starts = 0
        for _ in range(size):
            self._start_in_background()

    def _start_in_background(self) -> None:
        threading.Thread(target=self._start, name="bwgraph-worker-start", daemon=True).start()

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_serve, args=(str(self.path), child, str(self.network), self.memory_mb),
            daemon=True, name="bwgraph-sparql-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        ready = False
        try:
            if parent.poll(START_TIMEOUT):
                status, detail = parent.recv()
                ready = status == "ready"
                if ready:
                    self.isolation = str(detail)
                else:
                    self.last_error = str(detail)
            else:
                self.last_error = f"no worker ready within {START_TIMEOUT:g} s"
        except (EOFError, OSError):  # the child died while loading
            self.last_error = "the worker died while loading the graph"
        with self._lock:
            if not ready or self._closed:
                self.failed_starts += int(not self._closed)
                self._kill(worker)
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _kill(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self._all.discard(worker)

    def evaluate(self, request: QueryRequest, deadline: float) -> bytes:
        """Blocking: run ``request`` in an idle worker, killing it at ``deadline``.

        The request waits at most :attr:`queue_wait` seconds for an idle worker
        (:class:`api.runner.Overloaded` then); the time limit counts from when a worker takes it.
        """
        from api.runner import Overloaded

        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise Overloaded(
                f"all {len(self._all)} SPARQL workers stayed busy for {self.queue_wait:g} s",
                retry_after=max(int(self.timeout), 1)) from None
        deadline = time.monotonic() + min(self.timeout, request.seconds)
        try:
            worker.conn.send(request)
            answered = worker.conn.poll(max(deadline - time.monotonic(), 0) + GRACE)
            reply: tuple[str, Any] = worker.conn.recv() if answered else ("killed", None)
        except (EOFError, OSError) as exc:  # the worker died (out of memory, a crash)
            self._replace(worker)
            raise WorkerFailed(f"the query worker died ({exc.__class__.__name__})") from None
        status, payload = reply
        if status == "killed":
            self._replace(worker)
            raise QueryTimeout(self.timeout)
        if status == "crashed":
            self._replace(worker)
            raise WorkerFailed(payload)
        self._idle.put(worker)
        if status == "ok":
            body: bytes = payload
            return body
        if status == "timeout":
            raise QueryTimeout(self.timeout)
        if status == "too_large":
            raise ResultTooLarge(*payload)
        if status == "syntax":
            raise WorkerSyntaxError(payload)
        raise WorkerFailed(payload)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._kill(worker)
        if not self._closed:
            self._start_in_background()

    def ready_workers(self) -> int:
        return self._idle.qsize()

    def wait_ready(self, size: int, timeout: float = START_TIMEOUT) -> bool:
        """Block until ``size`` workers are idle (server start-up), or ``timeout`` passes."""
        end = time.monotonic() + timeout
        while self._idle.qsize() < size:
            if time.monotonic() > end or self.failed_starts:
                return False
            time.sleep(0.05)
        return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for worker in list(self._all):
                self._kill(worker)
        self._snapshot_dir.cleanup()
