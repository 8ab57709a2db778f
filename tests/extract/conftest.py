"""Helpers shared by the extractor tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph

from bwgraph.context import BuildContext
from bwgraph.pipeline import _describe_document, ontology_graph
from bwgraph.records import SourceDocument
from bwgraph.transform.reference import reference_graph
from bwgraph.validate import validate_graphs

ConformsCheck = Callable[[Graph, SourceDocument, BuildContext], None]


@pytest.fixture(scope="session")
def assert_conforms() -> ConformsCheck:
    """Assert that one document graph, with the ontology and the reference graph, passes
    ``shapes/`` — the same check the build makes, on one document."""

    def check(graph: Graph, doc: SourceDocument, ctx: BuildContext) -> None:
        described = Graph()
        for t in graph:
            described.add(t)
        _describe_document(described, doc, ctx)
        graphs = [
            (ctx.minter.graph("ontology"), ontology_graph(ctx.settings)),
            (ctx.minter.graph("reference"), reference_graph(ctx)),
            (ctx.minter.graph(doc.id), described),
        ]
        outcome = validate_graphs(graphs, ctx.settings)
        assert outcome.conforms, outcome.summary()

    return check
