"""A bwgraph graph for the W3C SPARQL 1.1 Protocol tests, served over loopback.

The manifest's data are three graphs ``…/data{1,2,3}.rdf`` each holding one triple that types
the graph's own IRI as a ``foaf:Document`` (and ``data0.rdf`` is named but never loaded). Here
their counterparts are bwgraph's own: the named graphs of four registered source documents, each
holding the document's description (``bwmo:SourceDocument``, title, identifier) as the build
writes it. :data:`tests.w3c.test_protocol.ADAPT` maps one onto the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.context import BuildContext, new_graph
from bwgraph.namespaces import BWMO
from bwgraph.serialize import write_trig
from bwgraph.sources import load_sources
from bwgraph.store import OxigraphStore
from tests.api.conftest import LiveServer, serve_in_thread


@dataclass(frozen=True)
class ProtocolGraph:
    trig: Path
    #: data0..data3 → (named graph IRI, document IRI)
    graphs: tuple[tuple[str, str], ...]


@pytest.fixture(scope="session")
def protocol_graph(tmp_path_factory: pytest.TempPathFactory, settings: Settings,
                   ctx: BuildContext) -> ProtocolGraph:
    docs = load_sources(settings.sources_dir)[:4]
    assert len(docs) == 4, "the protocol tests need four registered documents"
    graphs = []
    pairs = []
    for doc in docs:
        g = new_graph()
        d = ctx.minter.document(doc.id)
        g.add((d, RDF.type, BWMO.SourceDocument))
        g.add((d, DCTERMS.title, Literal(doc.title, lang=doc.language)))
        g.add((d, RDFS.label, Literal(doc.title, lang=doc.language)))
        g.add((d, DCTERMS.identifier, Literal(doc.id)))
        name = ctx.minter.graph(doc.id)
        graphs.append((URIRef(name), g))
        pairs.append((str(name), str(d)))
    out = tmp_path_factory.mktemp("w3c") / "bwmo.trig"
    out.write_text(write_trig(graphs), encoding="utf-8")
    return ProtocolGraph(out, tuple(pairs))


@pytest.fixture(scope="session")
def protocol_server(protocol_graph: ProtocolGraph, settings: Settings) -> Iterator[LiveServer]:
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=protocol_graph.trig,
                               query_timeout=5.0, result_limit=1000, query_workers=2,
                               query_processes=1)
    store = OxigraphStore.from_trig(protocol_graph.trig)
    yield from serve_in_thread(create_app(store, settings=api_settings))
