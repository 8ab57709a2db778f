"""``bwgraph ingest``: add new documents to an existing graph, each as its own named graph.

All or nothing. Every file is read, its kind detected (or taken from ``--kind``), extracted and
transformed *before* anything is written; one file that cannot be read, is of no known kind or
cannot be parsed (a truncated copy, say) stops the whole run with a message naming the file and
the reason, and the existing TriG file is left byte for byte as it was. Only then is the file
rewritten atomically (:mod:`bwgraph.atomic`): every existing named graph is kept, each new
document's graph ``{base}graph/{doc-id}`` is added (or replaced, when a document with the same id
was ingested before), and the dataset description (VoID) is regenerated for the new set of graphs.

The document id is the slug of the file name without its extension. The document date must be
given (``--date``): a date is a fact about the document, and an ingested file has no entry in
``sources.toml`` to take it from, so ingest refuses rather than inventing one (today's date would
be the date of ingestion, not of the document).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from bwgraph.atomic import sweep_stale, write_atomic
from bwgraph.config import Settings
from bwgraph.context import BuildContext, new_graph
from bwgraph.extract import UnknownKindError, detect_kind, registry
from bwgraph.identify import slugify
from bwgraph.pipeline import PRE_WRITE_HOOKS, BuildError, BuildReport, dataset_graph, document_graph
from bwgraph.records import Diagnostic, ExtractionError, SourceDocument
from bwgraph.serialize import write_trig
from bwgraph.sources import sha256

#: Graph names a document id may not take: they hold the ontology, the reference data and the
#: dataset description.
RESERVED_IDS = frozenset({"ontology", "reference", "dataset"})


class IngestError(Exception):
    """A file cannot be ingested; the message names the file and the reason. Nothing was written."""


@dataclass(frozen=True)
class IngestedDocument:
    """One document added by an ingest run."""

    path: Path
    doc_id: str
    kind: str
    graph: URIRef
    triples: int
    replaced: bool  # a graph with this name existed and was replaced


@dataclass
class IngestReport:
    """What an ingest run wrote."""

    graph_path: Path
    documents: list[IngestedDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    graph_sizes: dict[str, int] = field(default_factory=dict)
    sha256: str = ""


def ingest(
    paths: Sequence[Path],
    graph_path: Path,
    settings: Settings,
    *,
    kind: str | None = None,
    doc_date: date | None = None,
) -> IngestReport:
    """Add ``paths`` to the TriG file ``graph_path``; raise :class:`IngestError` on any problem.

    Nothing is written unless every file was extracted and transformed successfully.
    """
    if not paths:
        raise IngestError("no files to ingest")
    if kind is not None and kind not in registry():
        known = ", ".join(sorted(registry()))
        raise IngestError(f"--kind {kind!r} is not a known kind of document (known: {known})")
    if doc_date is None:
        raise IngestError(
            f"{paths[0]}: no document date: pass --date YYYY-MM-DD, the date the document itself "
            "states (ingest does not invent one)"
        )
    existing = _read_graphs(graph_path)
    ctx = BuildContext(settings)
    report = IngestReport(graph_path=graph_path)

    new: dict[URIRef, Graph] = {}
    for path in paths:
        doc = _source_document(path, kind, doc_date)
        name = ctx.minter.graph(doc.id)
        if name in new:
            raise IngestError(f"{path}: document id {doc.id!r} is given twice in this run")
        try:
            g, result = document_graph(doc, ctx)
        except (BuildError, ExtractionError) as exc:
            raise IngestError(f"{path}: cannot be parsed as {doc.kind!r}: {exc}") from exc
        new[name] = g
        report.diagnostics.extend(result.diagnostics)
        report.documents.append(
            IngestedDocument(path, doc.id, doc.kind, name, len(g), replaced=name in existing)
        )

    graphs = [(n, g) for n, g in existing.items() if n != ctx.minter.graph("dataset")]
    graphs = [(n, g) for n, g in graphs if n not in new] + list(new.items())
    graphs.append((ctx.minter.graph("dataset"), dataset_graph(graphs, ctx)))
    hook_report = BuildReport(output=graph_path)
    try:
        for hook in PRE_WRITE_HOOKS:
            hook(graphs, ctx, hook_report)
    except BuildError as exc:
        names = ", ".join(str(p) for p in paths)
        raise IngestError(
            f"{names}: the graph with these documents does not validate: {exc}"
        ) from exc
    report.diagnostics.extend(hook_report.diagnostics)

    data = write_trig(graphs).encode("utf-8")
    report.graph_sizes = {str(n): len(g) for n, g in graphs}
    report.sha256 = hashlib.sha256(data).hexdigest()
    sweep_stale(graph_path.parent)
    write_atomic(graph_path, data)
    return report


def _read_graphs(graph_path: Path) -> dict[URIRef, Graph]:
    """The named graphs of an existing TriG file (the file must exist and parse)."""
    if not graph_path.is_file():
        raise IngestError(f"{graph_path}: no graph to add to (run `bwgraph build` first)")
    ds = Dataset()
    try:
        ds.parse(graph_path, format="trig")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise IngestError(f"{graph_path}: the existing graph is not valid TriG: {exc}") from exc
    graphs: dict[URIRef, Graph] = {}
    for context in ds.graphs():
        name = context.identifier
        if not isinstance(name, URIRef) or len(context) == 0:
            continue
        g = new_graph()
        for triple in context:
            g.add(triple)
        graphs[name] = g
    return graphs


def _source_document(path: Path, kind: str | None, doc_date: date) -> SourceDocument:
    """Read and recognise one file; refuse anything that is not a known kind of document."""
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if not text.strip():
        raise IngestError(f"{path}: the file is empty")
    try:
        doc_id = slugify(path.stem)
    except ValueError as exc:
        raise IngestError(f"{path}: cannot make a document id from the file name") from exc
    if doc_id in RESERVED_IDS:
        raise IngestError(f"{path}: the document id {doc_id!r} is reserved; rename the file")
    if kind is None:
        try:
            kind = detect_kind(text, name=str(path))
        except UnknownKindError as exc:
            raise IngestError(str(exc)) from exc
    elif not registry()[kind].detect(text):
        raise IngestError(f"{path}: does not look like a document of kind {kind!r}")
    return SourceDocument(
        id=doc_id,
        kind=kind,
        path=path.resolve(),
        title=path.name,
        publisher="not stated (added with bwgraph ingest)",
        date=doc_date,
        origin=f"Added with `bwgraph ingest` from the file {path.name}; date given by the user.",
        sha256=sha256(path),
    )
