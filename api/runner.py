"""Query evaluation off the event loop, with a deadline.

pyoxigraph releases the GIL while it evaluates, so a pool of threads lets the server answer other
clients while one query runs. A thread cannot be killed, so the time limit is enforced twice:

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

from bwgraph.store import QueryTimeout

T = TypeVar("T")

#: extra seconds the event loop waits beyond the deadline, so the worker's own (more precise)
#: QueryTimeout usually wins
GRACE = 0.5


class QueryRunner:
    def __init__(self, *, workers: int, timeout: float, result_limit: int) -> None:
        self.timeout = timeout
        self.result_limit = result_limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bwgraph-query")

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
        self._pool.shutdown(wait=False, cancel_futures=True)
