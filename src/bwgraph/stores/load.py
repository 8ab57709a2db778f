"""``bwgraph load``: push a built TriG file into a SPARQL server, graph by graph, and verify it.

SPARQL 1.1 Graph Store HTTP Protocol, one ``PUT ?graph=IRI`` per named graph (N-Triples body):
PUT *replaces* the graph, so loading twice leaves the same triples, never duplicates. Graphs of
the previous release that the new build no longer has are deleted. Each graph's triple count is
then read back with ``COUNT`` and compared with the file; only when all match is the release
record written (:mod:`bwgraph.stores.release`), so an API process never reports a release that
is not completely in the store.

A server normalising literals (e.g. ``"1.50"^^xsd:decimal`` → ``"1.5"``) can merge triples and
make a count differ: that is reported per graph as an error, not ignored. The content is then
compared too (see :func:`load`), so a server that changes a datatype or a lexical form is caught
even when the count is right.
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
    #: graph → how the server's copy differs from the file (empty: identical)
    changes: dict[str, list[str]]


def read_graphs(path: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs of a TriG/N-Quads file as the embedded store holds them (the reference
    for "the same answers": pyoxigraph writes e.g. ``"7"^^xsd:positiveInteger`` as
    ``xsd:integer``), so what is pushed and verified is what the embedded store serves. Triples
    in the default graph are refused: every triple must belong to a source's graph."""
    if not path.is_file():
        raise LoadError(f"{path}: no built graph; run `bwgraph build` first")
    fmt = ox.RdfFormat.N_QUADS if path.suffix.lower() == ".nq" else ox.RdfFormat.TRIG
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise LoadError(f"{path}: cannot parse: {exc}") from exc
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        raise LoadError(f"{path}: a triple outside any named graph ({q.subject} {q.predicate} "
                        "…); every triple must be in a source's graph")
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in store:
        assert isinstance(q.graph_name, ox.NamedNode)
        graphs[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
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
         progress: Callable[[str], None] = lambda _: None,
         accept_changes: bool = False) -> LoadReport:
    """Replace bwgraph's graphs in ``store`` with those of ``path``, verify, record the release.

    Verification is by count and by content: every graph is read back and compared with the
    file, read through the family's adapter (which turns Virtuoso's months back into the
    canonical ``xsd:duration`` and its geometries back into WKT). A server that still changes
    facts (Virtuoso keeps one datatype per integer value: an ``xsd:positiveInteger`` may come
    back as ``xsd:integer``) fails the load unless ``accept_changes``; then the release record
    notes the changes (``dcterms:description``) and they are returned in the report.
    """
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
    changes: dict[str, list[str]] = {}
    for graph, triples in graphs.items():
        found = content_changes(triples, store.graph_triples(graph))
        if found:
            changes[graph] = found
    if changes and not accept_changes:
        raise LoadError(f"{store.where} changed what it stored: {_summary(changes)}; the "
                        "release record was not written (bwgraph load --accept-server-changes "
                        "records the release anyway, with these changes noted)")
    for graph, found in changes.items():
        progress(f"warning: {graph}: the server changed {len(found)} triple(s), e.g. {found[0]}")
    counts = {g: len(ts) for g, ts in graphs.items()}
    note = f"stored with changes by the server: {_summary(changes)}" if changes else None
    release = Release(info.sha256, info.modified, datetime.now(UTC), path.name, counts, note)
    body = ox.serialize(release_triples(store.base, release), format=ox.RdfFormat.N_TRIPLES)
    assert body is not None
    _gsp(store, "PUT", record, body)
    written = store.release(refresh=True)
    if written is None or written.sha256 != info.sha256 or written.graphs != counts:
        raise LoadError(f"{store.where}: the release record reads back differently; load again")
    seconds = (datetime.now(UTC) - started).total_seconds()
    return LoadReport(info.sha256, counts, removed, seconds, changes)


def _canonical(triples: list[ox.Triple]) -> set[ox.Triple]:
    ds = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ds}


def content_changes(loaded: list[ox.Triple], stored: list[ox.Triple]) -> list[str]:
    """How the server's copy of a graph differs from the file's (blank nodes canonicalised):
    one line per triple the file has and the server does not, naming what the server holds
    instead for the same subject and predicate (a datatype or lexical form it changed)."""
    mine, theirs = _canonical(loaded), _canonical(stored)
    missing = sorted(mine - theirs, key=str)
    if not missing:
        extra = sorted(theirs - mine, key=str)
        return [f"{t} is not in the file" for t in extra]
    instead: dict[tuple[str, str], list[ox.Triple]] = defaultdict(list)
    for t in theirs - mine:
        instead[(str(t.subject), str(t.predicate))].append(t)
    out = []
    for t in missing:
        other = instead.get((str(t.subject), str(t.predicate)))
        out.append(f"{t} stored as {other[0].object}" if other else f"{t} missing")
    return out


def _summary(changes: dict[str, list[str]]) -> str:
    total = sum(len(v) for v in changes.values())
    example = next(iter(changes.values()))[0]
    return f"{total} triple(s) in {len(changes)} graph(s), e.g. {example}"
