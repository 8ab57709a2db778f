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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from api.worker import ProcessPool, QueryRequest
from bwgraph.store import QueryTimeout

T = TypeVar("T")

#: extra seconds the event loop waits beyond the deadline, so the worker's own (more precise)
#: QueryTimeout usually wins
GRACE = 1.0


class QueryRunner:
    def __init__(self, *, workers: int, timeout: float, result_limit: int) -> None:
        self.timeout = timeout
        self.result_limit = result_limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bwgraph-query")
        self.processes: ProcessPool | None = None
        self._process_store: object | None = None

    def attach_processes(self, pool: ProcessPool, store: object) -> None:
        """Evaluate SPARQL for ``store`` (and only that store) in ``pool``."""
        self.processes = pool
        self._process_store = store

    async def run_sparql(self, store: object, request: QueryRequest,
                         in_thread: Callable[[float], bytes]) -> bytes:
        """Serialized result of a client's SPARQL query: in a worker process when one serves
        ``store``, otherwise ``in_thread(deadline)`` in a thread."""
        pool = self.processes
        if pool is not None and store is self._process_store:
            return await self.run(lambda deadline: pool.evaluate(request, deadline))
        return await self.run(in_thread)

    async def run(self, work: Callable[[float], T]) -> T:
        """Run ``work(deadline)`` in a worker thread; raise QueryTimeout past the time limit.

        ``deadline`` is a :func:`time.monotonic` value the work must respect.
        """
        deadline = time.monotonic() + self.timeout
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, work, deadline)
        done, _ = await asyncio.wait({future}, timeout=self.timeout + GRACE)
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
