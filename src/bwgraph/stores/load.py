"""``bwgraph load``: push a built TriG file into a SPARQL server, graph by graph, and verify it.

SPARQL 1.1 Graph Store HTTP Protocol, one ``PUT ?graph=IRI`` per named graph (N-Triples body):
PUT *replaces* the graph, so loading twice leaves the same triples, never duplicates. Graphs of
the previous release that the new build no longer has are deleted. Each graph's triple count is
then read back with ``COUNT`` and compared with the file; only when all match is the release
record written (:mod:`bwgraph.stores.release`), so an API process never reports a release that
is not completely in the store.

A server normalising literals (e.g. ``"1.50"^^xsd:decimal`` → ``"1.5"``) can merge triples and
make a count differ: that is reported per graph as an error, not ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyoxigraph as ox

from bwgraph.store import BuildInfo
from bwgraph.stores.errors import LoadError, RemoteQueryError, StoreUnavailable
from bwgraph.stores.release import Release, release_graph, release_triples
from bwgraph.stores.remote import SparqlHttpStore

#: seconds one graph may take to upload
PUT_TIMEOUT = 300.0


@dataclass(frozen=True)
class LoadReport:
    sha256: str
    graphs: dict[str, int]
    removed: tuple[str, ...]
    seconds: float


def read_graphs(path: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs of a TriG/N-Quads file; triples in the default graph are refused
    (every triple must belong to a source's graph)."""
    if not path.is_file():
        raise LoadError(f"{path}: no built graph; run `bwgraph build` first")
    fmt = ox.RdfFormat.N_QUADS if path.suffix.lower() == ".nq" else ox.RdfFormat.TRIG
    graphs: dict[str, set[ox.Triple]] = defaultdict(set)
    try:
        for q in ox.parse(path=str(path), format=fmt):
            if not isinstance(q.graph_name, ox.NamedNode):
                raise LoadError(f"{path}: a triple outside any named graph ({q.subject} "
                                f"{q.predicate} …); every triple must be in a source's graph")
            graphs[q.graph_name.value].add(ox.Triple(q.subject, q.predicate, q.object))
    except SyntaxError as exc:
        raise LoadError(f"{path}: cannot parse: {exc}") from exc
    return {g: sorted(ts, key=str) for g, ts in sorted(graphs.items())}


def _gsp(store: SparqlHttpStore, method: str, graph: str, body: bytes | None = None) -> int:
    url = store.spec.graph_store_url
    if not url:
        raise LoadError(f"{store.where}: no Graph Store endpoint known; give "
                        "sparql+http://…/query?graph-store=URL")
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    response = store._send(method, url, seconds=PUT_TIMEOUT, params={"graph": graph},
                           content=body, headers=headers)
    try:
        response.read()
    except httpx.HTTPError as exc:
        raise StoreUnavailable(store.where,
                               f"the connection broke during {method}: {exc}") from None
    finally:
        response.close()
    if response.status_code in (401, 403):
        raise LoadError(f"{store.where}: {method} {graph} refused (HTTP {response.status_code}); "
                        "set BWGRAPH_STORE_USER and BWGRAPH_STORE_PASSWORD to an account that "
                        "may write")
    if method == "DELETE" and response.status_code == 404:
        return 404
    if response.status_code >= 300:
        text = " ".join(response.text[:300].split())
        raise LoadError(f"{store.where}: {method} {graph} failed: HTTP {response.status_code} "
                        f"{text}")
    return response.status_code


def count_triples(store: SparqlHttpStore, graph: str) -> int:
    g = ox.NamedNode(graph)
    res = store.raw_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}",
                           dataset=False, seconds=max(store.timeout, 60.0))
    return int(res.rows[0]["n"].value) if res.rows and "n" in res.rows[0] else 0


def load(store: SparqlHttpStore, path: Path, *,
         progress: Callable[[str], None] = lambda _: None) -> LoadReport:
    """Replace bwgraph's graphs in ``store`` with those of ``path``, verify, record the release."""
    started = datetime.now(UTC)
    info = BuildInfo.of(path)
    graphs = read_graphs(path)
    record = release_graph(store.base)
    if record in graphs:
        raise LoadError(f"{path}: has a graph named {record}, which is reserved for the release "
                        "record")
    try:
        previous = store.release(refresh=True)
    except RemoteQueryError:
        previous = None
    for graph, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert body is not None
        _gsp(store, "PUT", graph, body)
        progress(f"put {graph} ({len(triples)} triples)")
    removed = tuple(sorted(set(previous.graphs) - set(graphs))) if previous else ()
    for graph in removed:
        _gsp(store, "DELETE", graph)
        progress(f"deleted {graph} (not in this build)")
    wrong = {}
    for graph, triples in graphs.items():
        n = count_triples(store, graph)
        if n != len(triples):
            wrong[graph] = (len(triples), n)
    if wrong:
        detail = "; ".join(f"{g}: {want} in the file, {got} in the store"
                           for g, (want, got) in wrong.items())
        raise LoadError(f"{store.where}: triple counts differ after loading ({detail}); the "
                        "release record was not written")
    counts = {g: len(ts) for g, ts in graphs.items()}
    release = Release(info.sha256, info.modified, datetime.now(UTC), path.name, counts)
    body = ox.serialize(release_triples(store.base, release), format=ox.RdfFormat.N_TRIPLES)
    assert body is not None
    _gsp(store, "PUT", record, body)
    written = store.release(refresh=True)
    if written is None or written.sha256 != info.sha256 or written.graphs != counts:
        raise LoadError(f"{store.where}: the release record reads back differently; load again")
    seconds = (datetime.now(UTC) - started).total_seconds()
    return LoadReport(info.sha256, counts, removed, seconds)
