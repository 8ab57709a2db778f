"""Stage 3: records → triples, one named graph per source document.

Each document kind has a module here with ``to_graph(result, ctx) -> Graph``; :data:`TRANSFORMERS`
maps kinds to them. ``reference`` turns the reference data (municipalities, provinces, mergers,
regions, organisations) into the reference graph.
"""

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

    from bwgraph.context import BuildContext
    from bwgraph.records import ExtractResult

Transformer = Callable[["ExtractResult", "BuildContext"], "Graph"]


def transformer_for(kind: str) -> Transformer:
    """The ``to_graph`` function of ``bwgraph.transform.{kind}``."""
    module = import_module(f"bwgraph.transform.{kind}")
    fn: Transformer = module.to_graph
    return fn
