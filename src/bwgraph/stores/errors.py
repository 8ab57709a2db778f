"""Errors of remote stores, kept apart from the query errors of :mod:`bwgraph.store`.

:class:`StoreUnavailable` is the store's fault, not the client's: the API answers 503 with a
``Retry-After`` and recovers by itself once the server is back. It deliberately does not derive
from :class:`OSError`, which the SPARQL route reports as a failed evaluation (500).
"""

from __future__ import annotations


class StoreSpecError(ValueError):
    """A ``--store``/``BWGRAPH_STORE`` value that cannot be used; the message says why."""


class StoreUnavailable(Exception):
    """The SPARQL server cannot be reached or says it is unavailable (HTTP 503)."""

    def __init__(self, where: str, reason: str, *, retry_after: int = 5) -> None:
        super().__init__(f"the SPARQL store at {where} is unavailable: {reason}; "
                         f"retry in {retry_after} s")
        self.where = where
        self.reason = reason
        self.retry_after = retry_after


class RemoteQueryError(OSError):
    """The server refused or failed a query that passed bwgraph's own checks.

    An :class:`OSError`, so the API reports it as a failed evaluation (500) with the server's
    own message, as it does for the embedded store.
    """

    def __init__(self, where: str, status: int, message: str) -> None:
        super().__init__(f"{where} answered HTTP {status}: {message}")
        self.status = status


class LoadError(Exception):
    """``bwgraph load`` could not push or verify the graph; the message names the graph."""
