"""Where the graph lives: the ``BWGRAPH_STORE`` / ``--store`` value, parsed once.

Forms (the scheme before ``+`` picks the server family, see :mod:`bwgraph.stores.families`):

* empty, a file path or ``file:PATH`` — the embedded pyoxigraph store loaded from a TriG file;
* ``oxigraph+http://HOST:PORT`` — an Oxigraph server (``/query``, ``/update``, ``/store``);
* ``virtuoso+http://HOST:PORT`` — Virtuoso (``/sparql``; updates and the Graph Store through
  ``/sparql-auth`` and ``/sparql-graph-crud-auth`` with digest authentication);
* ``sparql+http://HOST:PORT/PATH`` — any SPARQL 1.1 server: the URL is the query endpoint;
  ``?update=URL`` and ``?graph-store=URL`` name the update and Graph Store endpoints where the
  server has them (Fuseki: ``/ds/query``, ``/ds/update``, ``/ds/data``).

Credentials never go into the URL (a URL with ``user:password@`` is refused, since URLs end up in
logs and shell histories); they come from ``BWGRAPH_STORE_USER`` and ``BWGRAPH_STORE_PASSWORD``,
or a bearer token from ``BWGRAPH_STORE_TOKEN``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bwgraph.stores.errors import StoreSpecError

FAMILIES = ("oxigraph", "virtuoso", "sparql")

#: path suffixes a user may paste from a server's documentation; the family derives the rest
_KNOWN_PATHS = {"oxigraph": ("/query",), "virtuoso": ("/sparql",)}


@dataclass(frozen=True)
class Credentials:
    """A user and password (basic or digest, per family), or a bearer token (TriplyDB, …)."""

    user: str
    password: str = field(repr=False)
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls) -> Credentials | None:
        """``BWGRAPH_STORE_USER``/``BWGRAPH_STORE_PASSWORD``, or ``BWGRAPH_STORE_TOKEN``."""
        token = os.environ.get("BWGRAPH_STORE_TOKEN")
        if token:
            return cls("", "", token)
        user = os.environ.get("BWGRAPH_STORE_USER")
        if not user:
            return None
        return cls(user, os.environ.get("BWGRAPH_STORE_PASSWORD", ""))


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store setting: an embedded file or a remote server of one family."""

    family: str  # "embedded" or one of FAMILIES
    path: Path | None = None
    base_url: str | None = None
    query_url: str | None = None
    update_url: str | None = None
    graph_store_url: str | None = None
    credentials: Credentials | None = field(default=None, repr=False)

    @property
    def remote(self) -> bool:
        return self.family != "embedded"

    def display(self) -> str:
        """What messages and logs show: never credentials (they are not in the URL anyway)."""
        if not self.remote:
            return str(self.path)
        return f"{self.family}+{self.query_url}"


def parse_store(value: str | None, *, default_path: Path,
                credentials: Credentials | None = None) -> StoreSpec:
    """Parse a ``BWGRAPH_STORE``/``--store`` value (``None`` or empty: the default TriG file)."""
    creds = credentials if credentials is not None else Credentials.from_env()
    if value is None or not value.strip():
        return StoreSpec("embedded", path=default_path)
    value = value.strip()
    scheme, sep, rest = value.partition("+")
    if not sep or scheme not in FAMILIES:
        if value.startswith("file:"):
            return StoreSpec("embedded", path=Path(value.removeprefix("file:")))
        if "://" in value:
            raise StoreSpecError(
                f"store {_safe(value)!r}: unknown form; use oxigraph+http://HOST:PORT, "
                "virtuoso+http://HOST:PORT, sparql+http://HOST:PORT/PATH or a TriG file path")
        return StoreSpec("embedded", path=Path(value))
    parts = urlsplit(rest)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreSpecError(f"store {_safe(value)!r}: expected {scheme}+http(s)://HOST[:PORT]/…")
    if parts.username or parts.password:
        raise StoreSpecError(
            f"store {_safe(value)!r}: credentials in the URL are refused (URLs are logged); "
            "set BWGRAPH_STORE_USER and BWGRAPH_STORE_PASSWORD instead")
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    update = options.pop("update", None)
    graph_store = options.pop("graph-store", None)
    path = parts.path.rstrip("/")
    for suffix in _KNOWN_PATHS.get(scheme, ()):
        path = path.removesuffix(suffix)
    base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    if scheme == "oxigraph":
        return StoreSpec(scheme, base_url=base, query_url=f"{base}/query",
                         update_url=update or f"{base}/update",
                         graph_store_url=graph_store or f"{base}/store", credentials=creds)
    if scheme == "virtuoso":
        return StoreSpec(scheme, base_url=base, query_url=f"{base}/sparql",
                         update_url=update or f"{base}/sparql-auth",
                         graph_store_url=graph_store or f"{base}/sparql-graph-crud-auth",
                         credentials=creds)
    query = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(options), ""))
    return StoreSpec(scheme, base_url=base, query_url=query, update_url=update,
                     graph_store_url=graph_store, credentials=creds)


def _safe(value: str) -> str:
    """``value`` with any user info masked, for error messages."""
    _, sep, rest = value.partition("+")
    url = rest if sep else value
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if parts.username or parts.password:
        netloc = f"***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return f"{value.partition('+')[0]}+{url}" if sep else url
