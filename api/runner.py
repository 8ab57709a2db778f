"""Query evaluation off the event loop, with a deadline.

SPARQL queries from clients run in killable worker processes (:mod:`api.worker`) when the store
was loaded from a file: past the deadline the worker is killed, so a runaway query costs nothing
after its client got 504. Everything else (named questions, resource pages, and SPARQL on a store
without a file) runs in threads; pyoxigraph releases the GIL while it evaluates, so other clients
are answered meanwhile. A thread cannot be killed, so there the time limit is enforced twice:

1. inside the worker, :meth:`bwgraph.store.OxigraphStore.evaluate` pulls results one by one and
   stops as soon as the deadline has passed (this ends streaming queries — the common runaway,
   a cross join — on time and frees the thread);
2. in the event loop, the request waits at most the time limit (plus a small grace) for the
   worker; past it the client gets 504 even if the worker is stuck in a non-streaming operator
   (ORDER BY, GROUP BY over a huge intermediate result). That worker finishes in the background
   and its result is dropped; the pool has several threads so other clients are still served.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from api.worker import ProcessPool, QueryRequest
from bwgraph.store import QueryTimeout

T = TypeVar("T")

#: extra seconds the event loop waits beyond the deadline, so the worker's own (more precise)
#: QueryTimeout usually wins
GRACE = 1.0


class Overloaded(Exception):
    """Every SPARQL worker is busy and the waiting line is full, or the wait ran out (HTTP 503)."""

    def __init__(self, reason: str, retry_after: int = 5) -> None:
        super().__init__(f"{reason}; try again in {retry_after} s")
        self.retry_after = retry_after


class TooManyQueries(Exception):
    """This client already runs as many SPARQL queries as one client may (HTTP 429)."""

    def __init__(self, limit: int, retry_after: int = 2) -> None:
        super().__init__(
            f"this client already has {limit} SPARQL queries running (the limit per client "
            "address); wait for one to finish")
        self.retry_after = retry_after


class Admission:
    """Fair scheduling of client SPARQL: at most ``per_client`` queries per client address run
    or wait at once (more → 429), and at most ``queue_size`` wait for a worker (more → 503).

    With fewer queries allowed per client than there are workers, one client's runaway queries
    cannot take every worker; with a bounded line, a flood gets a fast 503 with ``Retry-After``
    instead of piling up connections until each times out.
    """

    def __init__(self, *, per_client: int, queue_size: int) -> None:
        self.per_client = per_client
        self.queue_size = queue_size
        self._active: dict[str, int] = {}
        self._waiting = 0
        self._lock = threading.Lock()

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        with self._lock:
            if self._active.get(client, 0) >= self.per_client:
                raise TooManyQueries(self.per_client)
            if self._waiting >= self.queue_size:
                raise Overloaded(f"{self._waiting} SPARQL requests are already waiting")
            self._active[client] = self._active.get(client, 0) + 1
            self._waiting += 1
        try:
            yield
        finally:
            with self._lock:
                self._waiting -= 1
                left = self._active[client] - 1
                if left:
                    self._active[client] = left
                else:
                    del self._active[client]


class QueryRunner:
    def __init__(self, *, workers: int, timeout: float, result_limit: int,
                 per_client: int = 2, queue_size: int = 32) -> None:
        self.timeout = timeout
        self.result_limit = result_limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bwgraph-query")
        self.processes: ProcessPool | None = None
        self._process_store: object | None = None
        self.admission = Admission(per_client=per_client, queue_size=queue_size)

    def attach_processes(self, pool: ProcessPool, store: object) -> None:
        """Evaluate SPARQL for ``store`` (and only that store) in ``pool``."""
        self.processes = pool
        self._process_store = store

    async def run_sparql(self, store: object, request: QueryRequest,
                         in_thread: Callable[[float], bytes], *, client: str = "") -> bytes:
        """Serialized result of a client's SPARQL query: in a worker process when one serves
        ``store``, otherwise ``in_thread(deadline)`` in a thread; admitted per client first."""
        pool = self.processes
        with self.admission.admit(client):
            if pool is not None and store is self._process_store:
                return await self.run(lambda deadline: pool.evaluate(request, deadline),
                                      extra=pool.queue_wait)
            return await self.run(in_thread)

    async def run(self, work: Callable[[float], T], *, extra: float = 0.0) -> T:
        """Run ``work(deadline)`` in a worker thread; raise QueryTimeout past the time limit.

        ``deadline`` is a :func:`time.monotonic` value the work must respect; ``extra`` seconds
        are allowed on top for waiting in line (a worker process's queue).
        """
        deadline = time.monotonic() + self.timeout
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, work, deadline)
        done, _ = await asyncio.wait({future}, timeout=self.timeout + extra + GRACE)
        if not done:
            future.cancel()  # drops the result; a running thread finishes on its own
            raise QueryTimeout(self.timeout)
        try:
            return future.result()
        except QueryTimeout as exc:  # report the configured limit, not the measured one
            raise QueryTimeout(self.timeout) from exc

    def shutdown(self) -> None:
        if self.processes is not None:
            self.processes.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
