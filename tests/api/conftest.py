"""A small graph served over real HTTP on a loopback port, for the API tests.

The graph is built here (ontology + code lists, reference data, one hand-made document graph
from real lines of the status report, and the VoID/DCAT graph), written with the project's TriG
writer, loaded into the embedded store and served by uvicorn in a background thread on
``127.0.0.1`` with a free port. The tests use real clients (SPARQLWrapper, rdflib's SPARQLStore,
httpx) against it, so routing, negotiation and threading are exercised as in production.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.context import BuildContext, new_graph
from bwgraph.namespaces import BWMO
from bwgraph.pipeline import dataset_graph, ontology_graph
from bwgraph.records import SourceDocument
from bwgraph.serialize import write_trig
from bwgraph.store import OxigraphStore
from bwgraph.transform.reference import reference_graph

#: the query time limit of the test server (small, so the timeout test is quick)
TEST_TIMEOUT = 1.0
TEST_RESULT_LIMIT = 2000

#: line 103 of the status report, the first paragraph of "Regiobeeld Alkmaar"
ALKMAAR_LINE = 103


@dataclass(frozen=True)
class SmallGraph:
    trig: Path
    base: str
    doc_id: str
    file_name: str
    region: URIRef
    narrative: URIRef
    line: URIRef
    quote: str


@pytest.fixture(scope="session")
def small_graph(
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    ctx: BuildContext,
    sources: dict[str, SourceDocument],
) -> SmallGraph:
    doc = sources["status_report"]
    region = ctx.minter.region("alkmaar")
    narrative = ctx.minter.id("narrative", "alkmaar", "test-fixture")
    g = new_graph()
    d = ctx.minter.document(doc.id)
    g.add((d, RDF.type, BWMO.SourceDocument))
    g.add((d, RDFS.label, Literal(doc.title, lang="nl")))
    g.add((d, DCTERMS.identifier, Literal(doc.id)))
    g.add((d, BWMO.fileName, Literal(doc.path.name)))
    g.add((narrative, RDF.type, BWMO.Narrative))
    g.add((narrative, BWMO.region, region))
    ev = doc.evidence(ALKMAAR_LINE)
    g.add((narrative, BWMO.text, Literal(ev.quote, lang="nl")))
    g.add((narrative, PROV.wasDerivedFrom, d))
    g.add((region, BWMO.hasNarrative, narrative))
    line = ctx.add_evidence(g, narrative, ev)
    g.add((d, DCTERMS.date, Literal(doc.date.isoformat(), datatype=XSD.date)))
    graphs = [
        (ctx.minter.graph("ontology"), ontology_graph(settings)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
        (ctx.minter.graph(doc.id), g),
    ]
    graphs.append((ctx.minter.graph("dataset"), dataset_graph(graphs, ctx)))
    out = tmp_path_factory.mktemp("api") / "bwmo.trig"
    out.write_text(write_trig(graphs), encoding="utf-8")
    return SmallGraph(out, settings.base, doc.id, doc.path.name, region, narrative, line,
                      ev.quote)


@pytest.fixture(scope="session")
def small_store(small_graph: SmallGraph) -> OxigraphStore:
    return OxigraphStore.from_trig(small_graph.trig)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread
    app: FastAPI


def serve_in_thread(app: FastAPI) -> Iterator[LiveServer]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # start-up loads the graph in the worker processes
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", server, thread, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def api_settings(small_graph: SmallGraph, settings: Settings) -> ApiSettings:
    return ApiSettings(base=settings.base, root=settings.root, graph=small_graph.trig,
                       query_timeout=TEST_TIMEOUT, result_limit=TEST_RESULT_LIMIT,
                       query_workers=4, query_processes=2)


@pytest.fixture(scope="session")
def live_server(small_store: OxigraphStore, api_settings: ApiSettings) -> Iterator[LiveServer]:
    """The API over the small graph, on 127.0.0.1:{free port}, for the whole session."""
    yield from serve_in_thread(create_app(small_store, settings=api_settings))


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url
