"""Server settings: the build's settings plus the limits that protect the endpoint.

Every value can come from the environment, so a deployment is configured without code:

* ``BWGRAPH_GRAPH`` — the TriG file to serve (default ``data/build/bwmo.trig``);
* ``BWGRAPH_STORE`` — serve from a SPARQL server instead (``oxigraph+http://HOST:PORT``,
  ``virtuoso+http://HOST:PORT``, ``sparql+http://HOST:PORT/PATH``; see
  :mod:`bwgraph.stores.spec`), with ``BWGRAPH_STORE_USER``/``BWGRAPH_STORE_PASSWORD`` where the
  server wants them; a remote query past ``BWGRAPH_QUERY_TIMEOUT`` is cancelled;
* ``BWGRAPH_STORE_RETRY_AFTER`` — seconds clients are told to wait (``Retry-After``) while that
  server is unreachable (default 5);
* ``BWGRAPH_QUERY_TIMEOUT`` — seconds a SPARQL query may run (default 10);
* ``BWGRAPH_RESULT_LIMIT`` — rows (SELECT) or triples (CONSTRUCT/DESCRIBE) a query may return
  (default 10000);
* ``BWGRAPH_QUERY_WORKERS`` — threads evaluating queries (default 8);
* ``BWGRAPH_QUERY_PROCESSES`` — killable worker processes for client SPARQL queries (default 4;
  0 evaluates SPARQL in threads, where a non-streaming runaway query cannot be stopped and the
  guard is the only protection against outbound requests);
* ``BWGRAPH_WORKER_NETWORK`` — ``deny`` (default): workers run in a network namespace without
  interfaces, or the server does not start; ``best-effort``: without network where possible;
* ``BWGRAPH_WORKER_MEMORY_MB`` — address-space cap of each worker (default 4096; 0 none);
* ``BWGRAPH_MAX_BODY`` — request body limit in bytes (default 1,000,000; 413 beyond);
* ``BWGRAPH_CLIENT_CONCURRENCY`` — SPARQL queries one client address may run at once (default 2;
  more wait in that client's own line);
* ``BWGRAPH_QUEUE_SIZE`` — SPARQL requests admitted at once, running or waiting (default 64;
  then 503 with Retry-After);
* ``BWGRAPH_QUEUE_WAIT`` — seconds a request may wait in line (default 5; then 429 for a client
  over its share, 503 when all workers stay busy);
* ``BWGRAPH_PUBLIC_URL`` — this server's public address for the service description;
* plus ``BWGRAPH_BASE`` and ``BWGRAPH_HOME`` from :class:`bwgraph.config.Settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bwgraph.config import Settings


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a number of seconds") from exc
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


def _env_int(name: str, default: int, *, allow_zero: bool = False) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a whole number") from exc
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name, "").strip() or default
    if raw not in choices:
        raise ValueError(f"{name}={raw!r} must be one of {', '.join(choices)}")
    return raw


def _env_path(name: str) -> Path | None:
    raw = os.environ.get(name)
    return Path(raw) if raw else None


@dataclass(frozen=True)
class ApiSettings(Settings):
    """:class:`~bwgraph.config.Settings` plus what only the server needs."""

    graph: Path | None = field(default_factory=lambda: _env_path("BWGRAPH_GRAPH"))
    store: str | None = field(default_factory=lambda: os.environ.get("BWGRAPH_STORE") or None)
    store_retry_after: int = field(
        default_factory=lambda: _env_int("BWGRAPH_STORE_RETRY_AFTER", 5))
    query_timeout: float = field(default_factory=lambda: _env_float("BWGRAPH_QUERY_TIMEOUT", 10.0))
    result_limit: int = field(default_factory=lambda: _env_int("BWGRAPH_RESULT_LIMIT", 10_000))
    query_workers: int = field(default_factory=lambda: _env_int("BWGRAPH_QUERY_WORKERS", 8))
    query_processes: int = field(
        default_factory=lambda: _env_int("BWGRAPH_QUERY_PROCESSES", 4, allow_zero=True)
    )
    #: ``deny`` (default): SPARQL workers run without network or not at all; ``best-effort``
    worker_network: str = field(
        default_factory=lambda: _env_choice("BWGRAPH_WORKER_NETWORK", "deny",
                                            ("deny", "best-effort")))
    #: address-space cap per SPARQL worker process in MiB (0: none)
    worker_memory_mb: int = field(
        default_factory=lambda: _env_int("BWGRAPH_WORKER_MEMORY_MB", 4096, allow_zero=True))
    #: largest request body accepted, in bytes (413 beyond)
    max_body: int = field(default_factory=lambda: _env_int("BWGRAPH_MAX_BODY", 1_000_000))
    #: SPARQL queries a single client (IP address) may have running at once
    client_concurrency: int = field(
        default_factory=lambda: _env_int("BWGRAPH_CLIENT_CONCURRENCY", 2))
    #: SPARQL requests admitted at once, running or waiting (503 with Retry-After beyond)
    queue_size: int = field(default_factory=lambda: _env_int("BWGRAPH_QUEUE_SIZE", 64))
    #: seconds a SPARQL request may wait in line (its client's, then for a worker)
    queue_wait: float = field(default_factory=lambda: _env_float("BWGRAPH_QUEUE_WAIT", 5.0))
    #: the public address of this server, used in the service description
    public_url: str = field(
        default_factory=lambda: os.environ.get("BWGRAPH_PUBLIC_URL", "http://127.0.0.1:8000/"))

    @property
    def graph_path(self) -> Path:
        """The TriG file served (``graph`` or the build's default output)."""
        return self.graph or self.default_output

    @classmethod
    def from_settings(cls, settings: Settings | None) -> ApiSettings:
        if isinstance(settings, ApiSettings):
            return settings
        if settings is None:
            return cls()
        return cls(base=settings.base, root=settings.root)
