"""``bwgraph query FILE.rq [--format …]``: run a SPARQL query on the built graph.

Same checks and same bytes as ``/sparql``: the query passes :mod:`bwgraph.sparql_guard` (no
updates, SERVICE, LOAD or remote FROM) and the result is written by
:func:`bwgraph.formats.serialize_outcome`. Exit codes: 0 success, 2 error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bwgraph.formats import TABLES, NotAcceptable, by_name, serialize_outcome
from bwgraph.sparql_guard import DEFAULT_BASE, GuardError, check_query
from bwgraph.store import ResultTooLarge
from bwgraph.stores import StoreSpecError, open_store
from bwgraph.stores.cli import STORE_ERRORS, StoreOption

GraphOption = Annotated[
    Path | None, typer.Option("--graph", help="TriG file to query (default data/build/bwmo.trig).")
]


def run_query_file(
    query_file: Path, fmt_name: str | None, graph: Path | None, *, limit: int | None = None,
    store_url: str | None = None,
) -> bytes:
    """The serialized result of the query in ``query_file`` on the TriG file ``graph`` or the
    SPARQL server ``store_url`` (raises on any problem)."""
    text = query_file.read_text(encoding="utf-8")
    if store_url and graph is not None:
        raise StoreSpecError("give either --store or --graph, not both")
    store = open_store(store_url or "", graph=graph, timeout=60.0)
    checked = check_query(text, local_graphs=store.graph_names())
    table = TABLES[checked.kind]
    fmt = by_name(fmt_name, table) if fmt_name else table[0]
    outcome = store.evaluate(checked.text, max_results=limit, base_iri=DEFAULT_BASE,
                             query_dataset=checked.has_dataset)
    return serialize_outcome(outcome, fmt)


def query(
    query_file: Annotated[Path, typer.Argument(help="A .rq file with one SPARQL query.")],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f",
                     help="json|xml|csv|tsv (SELECT/ASK); turtle|ntriples|jsonld|rdfxml|trig "
                     "(CONSTRUCT/DESCRIBE). Default json or turtle."),
    ] = None,
    graph: GraphOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query file on the built graph (read-only; same output as /sparql)."""
    from bwgraph.cli import fail

    if not query_file.is_file():
        raise fail(f"{query_file}: no such query file")
    try:
        body = run_query_file(query_file, format, graph, store_url=store)
    except (FileNotFoundError, StoreSpecError) as exc:
        raise fail(str(exc)) from exc
    except STORE_ERRORS as exc:
        raise fail(f"{query_file}: {exc}") from exc
    except (GuardError, NotAcceptable, ResultTooLarge) as exc:
        raise fail(f"{query_file}: {exc}") from exc
    except SyntaxError as exc:
        raise fail(f"{query_file}: invalid SPARQL: {exc}") from exc
    if out is not None:
        out.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command(name="query")(query)
