"""Server settings: the build's settings plus the limits that protect the endpoint.

Every value can come from the environment, so a deployment is configured without code:

* ``BWGRAPH_GRAPH`` — the TriG file to serve (default ``data/build/bwmo.trig``);
* ``BWGRAPH_QUERY_TIMEOUT`` — seconds a SPARQL query may run (default 10);
* ``BWGRAPH_RESULT_LIMIT`` — rows (SELECT) or triples (CONSTRUCT/DESCRIBE) a query may return
  (default 10000);
* ``BWGRAPH_QUERY_WORKERS`` — threads evaluating queries (default 8);
* ``BWGRAPH_QUERY_PROCESSES`` — killable worker processes for client SPARQL queries (default 2;
  0 evaluates SPARQL in threads, where a non-streaming runaway query cannot be stopped);
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


def _env_path(name: str) -> Path | None:
    raw = os.environ.get(name)
    return Path(raw) if raw else None


@dataclass(frozen=True)
class ApiSettings(Settings):
    """:class:`~bwgraph.config.Settings` plus what only the server needs."""

    graph: Path | None = field(default_factory=lambda: _env_path("BWGRAPH_GRAPH"))
    query_timeout: float = field(default_factory=lambda: _env_float("BWGRAPH_QUERY_TIMEOUT", 10.0))
    result_limit: int = field(default_factory=lambda: _env_int("BWGRAPH_RESULT_LIMIT", 10_000))
    query_workers: int = field(default_factory=lambda: _env_int("BWGRAPH_QUERY_WORKERS", 8))
    query_processes: int = field(
        default_factory=lambda: _env_int("BWGRAPH_QUERY_PROCESSES", 2, allow_zero=True)
    )

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
