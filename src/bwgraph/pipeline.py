"""``build()`` = extract → identify → transform → validate → write, atomically.

Everything is computed in memory first; only when every stage succeeded is the TriG file replaced
(see :mod:`bwgraph.atomic`). A failing build leaves the previous graph untouched and raises
:class:`BuildError` with a message that names the file and, where known, the line.
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from bwgraph.atomic import sweep_stale, write_atomic
from bwgraph.config import Settings
from bwgraph.context import BuildContext, new_graph
from bwgraph.extract import registry
from bwgraph.namespaces import BWMO
from bwgraph.ontology_docs import write_ontology_artifacts
from bwgraph.records import Diagnostic, ExtractionError, ExtractResult, SourceDocument
from bwgraph.serialize import cached_canonical, write_trig
from bwgraph.sources import SourceError, load_sources
from bwgraph.transform import transformer_for
from bwgraph.transform.dataset import dataset_graph  # VoID/DCAT of the build
from bwgraph.transform.reference import reference_graph


class BuildError(Exception):
    """The build cannot complete; the message names what and where."""


@dataclass
class BuildReport:
    """What a build produced: per-graph triple counts, diagnostics and optional extras."""

    output: Path
    graph_sizes: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Free-form per-document statistics (e.g. facts per region), shown by the CLI.
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    sha256: str = ""
    #: Files written next to the graph (ontology serialisations, documentation).
    artefacts: list[Path] = field(default_factory=list)
    #: Seconds per stage (``assemble``, ``validate``, ``serialize``, ``docs``, ``write``), for
    #: ``bench/`` and for anyone asking where a build spends its time.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def total_triples(self) -> int:
        return sum(self.graph_sizes.values())


#: Hooks run on the assembled graphs before writing. Each takes (graphs, ctx, report) and raises
#: BuildError to stop the build. SHACL validation is the first: violations stop the build.
BuildHook = Callable[[list[tuple[URIRef, Graph]], BuildContext, BuildReport], None]


def _validate(graphs: list[tuple[URIRef, Graph]], ctx: BuildContext, report: BuildReport) -> None:
    from bwgraph.validate import build_hook

    build_hook(graphs, ctx, report)


PRE_WRITE_HOOKS: list[BuildHook] = [_validate]

#: The ontology graph with canonical blank-node labels, cached next to the output
#: (:func:`bwgraph.serialize.cached_canonical`).
CANONICAL_CACHE = ".ontology-canonical.json"


def ontology_files(settings: Settings) -> list[Path]:
    """The ontology's source files: ``bwmo.ttl`` and the code lists."""
    return [
        settings.ontology_dir / "bwmo.ttl",
        *sorted((settings.ontology_dir / "codelists").glob("*.ttl")),
    ]


def ontology_digest(settings: Settings) -> str:
    """sha256 over the ontology's source files (names and bytes): the docs cache key."""
    h = hashlib.sha256()
    for path in ontology_files(settings):
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def ontology_graph(settings: Settings) -> Graph:
    """The ontology plus its SKOS code lists, parsed from ``ontology/``."""
    g = new_graph()
    for path in ontology_files(settings):
        if not path.is_file():
            raise BuildError(f"{path}: missing ontology file")
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise BuildError(f"{path}: not valid Turtle: {exc}") from exc
    return g


def document_graph(doc: SourceDocument, ctx: BuildContext) -> tuple[Graph, ExtractResult]:
    """Extract and transform one document into its named graph (no I/O besides reading it)."""
    extractors = registry()
    if doc.kind not in extractors:
        known = ", ".join(sorted(extractors))
        raise BuildError(f"{doc.path}: unknown document kind {doc.kind!r} (known: {known})")
    try:
        result = extractors[doc.kind].extract(doc)
    except ExtractionError as exc:
        raise BuildError(str(exc)) from exc
    g = transformer_for(doc.kind)(result, ctx)
    if doc.kind != "general":
        _mark_template_facts(g, doc, ctx)
    _describe_document(g, doc, ctx)
    return g, result


def _mark_template_facts(g: Graph, doc: SourceDocument, ctx: BuildContext) -> None:
    """Facts read by a curated template extractor say so, like the general extractor's facts
    say "rules": every node carrying evidence is ``prov:wasGeneratedBy`` the document's
    extraction activity (extractor = the template's kind, method ``template``), so an analyst can
    select curated facts as well as filter machine-read ones."""
    from bwgraph import __version__
    from bwgraph.transform.general import add_extraction_activity

    nodes = sorted({s for s in g.subjects(BWMO.evidence, None) if isinstance(s, URIRef)})
    if not nodes:
        return
    act = add_extraction_activity(g, ctx, doc.id, extractor=f"bwgraph {doc.kind} template",
                                  version=__version__, method="template")
    for node in nodes:
        if (node, PROV.wasGeneratedBy, None) not in g:
            g.add((node, PROV.wasGeneratedBy, act))


def _describe_document(g: Graph, doc: SourceDocument, ctx: BuildContext) -> None:
    d = ctx.minter.document(doc.id)
    g.add((d, RDF.type, BWMO.SourceDocument))
    g.add((d, RDF.type, PROV.Entity))
    g.add((d, DCTERMS.identifier, Literal(doc.id)))
    g.add((d, DCTERMS.title, Literal(doc.title, lang=doc.language)))
    g.add((d, RDFS.label, Literal(doc.title, lang=doc.language)))
    g.add((d, DCTERMS.publisher, Literal(doc.publisher)))
    g.add((d, DCTERMS.date, Literal(doc.date.isoformat(), datatype=XSD.date)))
    g.add((d, DCTERMS.language, Literal(doc.language)))
    g.add((d, BWMO.documentKind, Literal(doc.kind)))
    g.add((d, BWMO.fileName, Literal(doc.path.name)))
    if doc.sha256:
        g.add((d, BWMO.sha256, Literal(doc.sha256)))
    if doc.scope:
        g.add((d, DCTERMS.coverage, Literal(doc.scope, lang="en")))
    if doc.origin:
        g.add((d, DCTERMS.provenance, Literal(doc.origin, lang="en")))
    if doc.date_note:
        g.add((d, RDFS.comment, Literal(doc.date_note, lang="en")))
    g.add((d, BWMO.lineCount, Literal(len(doc.lines()), datatype=XSD.nonNegativeInteger)))


def _geometry_graph(ctx: BuildContext) -> Graph:
    from bwgraph.transform.geometry import GeometryError, geometry_graph

    try:
        return geometry_graph(ctx)
    except GeometryError as exc:
        raise BuildError(str(exc)) from exc


def assemble(
    settings: Settings, report: BuildReport, *, docs: list[SourceDocument] | None = None,
    freeze: bool = False,
) -> tuple[list[tuple[URIRef, Graph]], BuildContext]:
    """All named graphs of the registered documents (or of ``docs``: ingest builds the graph of
    the registry-to-be before writing it).

    ``freeze``: each finished graph is moved out of the garbage collector's sight
    (``gc.freeze``), so that the full collections the next graphs' allocations trigger do not
    rescan it (0.2 s of a build); the caller must ``gc.unfreeze()`` when done, as :func:`build`
    does."""
    ctx = BuildContext(settings)
    if docs is None:
        try:
            docs = load_sources(settings.sources_dir)
        except SourceError as exc:
            raise BuildError(str(exc)) from exc
    graphs: list[tuple[URIRef, Graph]] = [
        (ctx.minter.graph("ontology"), ontology_graph(settings)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
    ]
    geometry = _geometry_graph(ctx)  # boundaries (GeoSPARQL), a graph of their own
    if len(geometry):
        graphs.append((ctx.minter.graph("geometry"), geometry))
    for doc in docs:
        if freeze:
            gc.freeze()
        g, result = document_graph(doc, ctx)
        graphs.append((ctx.minter.graph(doc.id), g))
        report.diagnostics.extend(result.diagnostics)
        stats = getattr(result, "stats", None)
        if isinstance(stats, dict):
            report.stats[doc.id] = stats
    ds = dataset_graph(graphs, ctx)
    graphs.append((ctx.minter.graph("dataset"), ds))
    return graphs, ctx


def build(settings: Settings | None = None, out: Path | None = None) -> BuildReport:
    """Build the graph and replace ``out`` atomically; raise :class:`BuildError` on failure."""
    try:
        return _build(settings, out)
    finally:
        # the assembled graphs (frozen below) are ordinary garbage again once the build is done
        gc.unfreeze()


def _build(settings: Settings | None, out: Path | None) -> BuildReport:
    settings = settings or Settings()
    out = out or settings.default_output
    report = BuildReport(output=out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(out.parent)
    except OSError as exc:
        raise BuildError(f"{out.parent}: cannot write the output here: {exc.strerror}") from exc
    # the inputs' digest before reading them: an edit during the build is seen by the next one
    inputs = inputs_digest(settings)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.timings[stage] = now - clock
        clock = now

    graphs, ctx = assemble(settings, report, freeze=True)
    # the graphs live until the build ends: out of the collector's sight, validation and
    # serialisation do not rescan their millions of objects at every full collection
    gc.freeze()
    # the ontology's blank nodes relabelled canonically once per ontology version, not per build
    digest = ontology_digest(settings)
    onto_name = ctx.minter.graph("ontology")
    graphs = [
        (name, cached_canonical(g, out.parent / CANONICAL_CACHE, digest) if name == onto_name
         else g)
        for name, g in graphs
    ]
    lap("assemble")
    for hook in PRE_WRITE_HOOKS:
        hook(graphs, ctx, report)
    lap("validate")
    data = write_trig(graphs).encode("utf-8")
    report.graph_sizes = {str(name): len(g) for name, g in graphs}
    report.sha256 = hashlib.sha256(data).hexdigest()
    lap("serialize")
    # Derived artefacts first (ontology serialisations and HTML docs, each replaced atomically),
    # the graph last: a build killed in between leaves the previous graph in place.
    ontology = dict(graphs)[ctx.minter.graph("ontology")]
    try:
        report.artefacts = write_ontology_artifacts(
            ontology, out.parent, source_digest=digest
        )
        lap("docs")
        write_atomic(out, data)
        lap("write")
        write_atomic(stamp_path(out), json.dumps({"inputs": inputs, "sha256": report.sha256})
                     .encode("utf-8"))
    except OSError as exc:
        raise BuildError(f"{exc.filename or out}: cannot write: {exc.strerror}") from exc
    return report


# --- rebuild only when an input changed (make build / make serve) ------------------------------

#: What a build reads: the documents and their metadata, the reference data, the ontology, the
#: shapes and the code (globs under the project root).
INPUTS: tuple[str, ...] = (
    "data/sources/**/*", "data/reference/**/*", "ontology/**/*", "shapes/**/*",
    "src/bwgraph/**/*.py", "src/bwgraph/**/*.toml", "pyproject.toml",
)


def inputs_digest(settings: Settings) -> str:
    """sha256 over every input file of a build (path and bytes) and the base IRI."""
    h = hashlib.sha256(settings.base.encode() + b"\0")
    files = sorted({p for pattern in INPUTS for p in settings.root.glob(pattern) if p.is_file()})
    for path in files:
        h.update(str(path.relative_to(settings.root)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def stamp_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.inputs.json")


def up_to_date(settings: Settings, out: Path) -> bool:
    """True when ``out`` was built from exactly the current inputs and has not been changed since.

    The stamp next to the output records the inputs' digest and the output's sha256; both must
    match. A missing or unreadable stamp, a changed input or a touched output means rebuild.
    """
    try:
        stamp = json.loads(stamp_path(out).read_text(encoding="utf-8"))
        built = hashlib.sha256(out.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return False
    return (
        isinstance(stamp, dict)
        and stamp.get("sha256") == built
        and stamp.get("inputs") == inputs_digest(settings)
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m bwgraph.pipeline [--if-changed] [--out PATH]``: what ``make build`` runs."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(description="Build the graph (bwgraph build, no table output).")
    ap.add_argument("--if-changed", action="store_true",
                    help="do nothing when the output was built from the current inputs")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    # run as ``python -m`` this file is ``__main__``; the hooks raise bwgraph.pipeline.BuildError
    from bwgraph import pipeline

    settings = pipeline.Settings()
    out = args.out or settings.default_output
    if args.if_changed and pipeline.up_to_date(settings, out):
        print(f"{out}: up to date (no source, ontology, shape or code change)")
        return 0
    from bwgraph.ingest import IngestError, registry_lock

    def waiting(message: str) -> None:
        print(message, file=sys.stderr)

    try:
        # the registry must not change under the build (an ingest would be overwritten by a
        # graph of the older registry): the same lock as ingest and remove
        with registry_lock(settings, on_wait=waiting):
            report = pipeline.build(settings, out)
    except (pipeline.BuildError, IngestError) as exc:
        print(f"error: build failed, previous output left untouched: {exc}", file=sys.stderr)
        return 2
    print(f"{out}: {report.total_triples} triples, sha256 {report.sha256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
