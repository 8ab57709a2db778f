"""``bwgraph export dataset`` and ``bwgraph export focus IRI``: the API's exports from the CLI.

They call the same functions as ``/export/dataset.*`` and ``/export?focus=`` (:mod:`bwgraph.export`)
and the same serializers (:mod:`bwgraph.formats`), so the files are identical.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bwgraph.commands.export import export_app
from bwgraph.export import dataset_dump, describe, find_format
from bwgraph.formats import GRAPH_FORMATS, NotAcceptable, by_name, serialize_graph
from bwgraph.store import Store
from bwgraph.stores.cli import STORE_ERRORS, StoreOption, open_cli_store

GraphOption = Annotated[
    Path | None, typer.Option("--graph", help="TriG file to read (default data/build/bwmo.trig).")
]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")]


def _store(graph: Path | None, store: str | None = None) -> Store:
    return open_cli_store(store, graph)


def _write(body: bytes, out: Path | None) -> None:
    if out is not None:
        out.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()


@export_app.command("dataset")
def export_dataset(
    format: Annotated[str, typer.Option("--format", "-f", help="trig or nquads")] = "trig",
    graph: GraphOption = None,
    out: OutOption = None,
    store: StoreOption = None,
) -> None:
    """The whole dataset with its named graphs (TriG or N-Quads)."""
    from bwgraph.cli import fail

    try:
        fmt = find_format(format)
    except NotAcceptable as exc:
        raise fail(str(exc)) from exc
    try:
        body = dataset_dump(_store(graph, store), fmt)
    except STORE_ERRORS as exc:
        raise fail(str(exc)) from exc
    _write(body, out)


@export_app.command("focus")
def export_focus(
    iri: Annotated[str, typer.Argument(help="IRI of the resource to describe")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="turtle, ntriples, jsonld, rdfxml or trig")
    ] = "turtle",
    graph: GraphOption = None,
    out: OutOption = None,
    store: StoreOption = None,
    profile: Annotated[
        str, typer.Option("--profile", help="full (every fact about it, with evidence and "
                          "labels; as /export?focus=) or cbd (the bare Concise Bounded "
                          "Description)")
    ] = "full",
) -> None:
    """Everything the graph says about one resource (or its bare CBD), with labels."""
    from bwgraph.cli import fail
    from bwgraph.export import PROFILES

    if profile not in PROFILES:
        raise fail(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    try:
        fmt = by_name(format, GRAPH_FORMATS)
    except NotAcceptable as exc:
        raise fail(str(exc)) from exc
    try:
        triples = describe(_store(graph, store), iri, profile=profile)
    except ValueError as exc:
        raise fail(f"{iri!r} is not a valid IRI: {exc}") from exc
    except STORE_ERRORS as exc:
        raise fail(str(exc)) from exc
    if not triples:
        raise fail(f"<{iri}> is not in this dataset (no triple mentions it)")
    _write(serialize_graph(triples, fmt), out)


def register(app: typer.Typer) -> None:
    """Sub-commands attach to ``export_app`` on import; nothing to add to the root app."""
