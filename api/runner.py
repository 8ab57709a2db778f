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
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
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
    """This client's own line stayed blocked by its running queries (HTTP 429)."""

    def __init__(self, limit: int, waited: float, retry_after: int = 2) -> None:
        super().__init__(
            f"this client already has {limit} SPARQL queries running (the limit per client "
            f"address) and none finished within {waited:g} s; wait for one to finish")
        self.retry_after = retry_after


class Admission:
    """Fair scheduling of client SPARQL.

    * Each client address runs at most ``per_client`` queries at once; more wait in that
      client's own line, at most ``wait`` seconds (then 429 with ``Retry-After``). A client's
      runaway queries therefore hold at most ``per_client`` workers, never all of them, while a
      client sending many fast queries is merely paced, not refused.
    * At most ``queue_size`` requests are admitted at once in total (running or waiting); beyond
      that a flood gets an immediate 503 with ``Retry-After`` instead of piling up connections.

    Runs on the event loop (single-threaded), so plain counters suffice.
    """

    def __init__(self, *, per_client: int, queue_size: int, wait: float = 5.0) -> None:
        self.per_client = per_client
        self.queue_size = queue_size
        self.wait = wait
        self._lines: dict[str, asyncio.Semaphore] = {}
        self._users: dict[str, int] = {}
        self._admitted = 0

    @asynccontextmanager
    async def admit(self, client: str) -> AsyncIterator[None]:
        if self._admitted >= self.queue_size:
            raise Overloaded(f"{self._admitted} SPARQL requests are already in progress")
        line = self._lines.setdefault(client, asyncio.Semaphore(self.per_client))
        self._users[client] = self._users.get(client, 0) + 1
        self._admitted += 1
        try:
            try:
                await asyncio.wait_for(line.acquire(), timeout=self.wait)
            except TimeoutError:
                raise TooManyQueries(self.per_client, self.wait) from None
            try:
                yield
            finally:
                line.release()
        finally:
            self._admitted -= 1
            self._users[client] -= 1
            if not self._users[client]:
                del self._users[client]
                del self._lines[client]


class QueryRunner:
    def __init__(self, *, workers: int, timeout: float, result_limit: int,
                 per_client: int = 2, queue_size: int = 64, queue_wait: float = 5.0) -> None:
        self.timeout = timeout
        self.result_limit = result_limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bwgraph-query")
        self.processes: ProcessPool | None = None
        self._process_store: object | None = None
        self.admission = Admission(per_client=per_client, queue_size=queue_size, wait=queue_wait)

    def attach_processes(self, pool: ProcessPool, store: object) -> None:
        """Evaluate SPARQL for ``store`` (and only that store) in ``pool``."""
        self.processes = pool
        self._process_store = store

    async def run_sparql(self, store: object, request: QueryRequest,
                         in_thread: Callable[[float], bytes], *, client: str = "") -> bytes:
        """Serialized result of a client's SPARQL query: in a worker process when one serves
        ``store``, otherwise ``in_thread(deadline)`` in a thread; admitted per client first."""
        pool = self.processes
        async with self.admission.admit(client):
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
