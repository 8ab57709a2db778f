"""``bwgraph ingest`` and ``bwgraph remove``: the set of source documents grows and shrinks durably.

An ingested document is registered exactly like the seed documents: the file is copied into
``data/sources/`` (its normalised text beside it, in ``data/sources/normalised/``), an entry with
id, kind, title, date, origin and both sha256 is appended to ``sources.toml``, and the graph is
rebuilt from the registry. The graph is therefore always a function of ``sources.toml``: the next
``bwgraph build`` gives the same bytes, and nothing that was ingested is lost by it.

Refusals, each a one-line reason naming the file:

* a file the normaliser cannot read (binary, empty, too large, undecodable;
  :mod:`bwgraph.normalise`);
* the same content as a registered document (same original bytes, or the same normalised text, as
  a CRLF or re-encoded copy has): a *duplicate*, naming the registered id;
* a document id (the slug of the file name) that is already registered with other content: never
  replaced, rename the file;
* no known kind of document, or a document its kind's extractor cannot parse;
* no document date (``--date``, or per file in the folder's ``ingest.toml`` or a
  ``<file>.meta.toml`` sidecar: :mod:`bwgraph.ingest_manifest`): a date is a fact about the
  document and is never invented;
* a wrong metadata file refuses the whole run (file and line named), before anything is written.

One at a time: ``ingest`` and ``remove`` hold an exclusive lock (``fcntl.flock`` on
``data/.bwgraph-ingest.lock``) from reading ``sources.toml`` to writing the graph, so two runs
started together cannot both read the old registry and the later one drop the earlier one's
registration. The second waits (``--wait`` seconds, default 120) and then gives up with a message
naming the lock file and the process holding it. The kernel releases the lock when its holder
dies, so a killed run never leaves a stale lock behind.

Atomicity: everything (normalisation, extraction, the whole new graph, SHACL validation) is
computed before anything is written. Then the new source files are moved into place, and
``sources.toml`` and the TriG file are each replaced atomically (:mod:`bwgraph.atomic`); if any of
that fails, ``sources.toml`` is restored from its old bytes and the new files are deleted, so both
registry and graph are byte for byte as they were.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from bwgraph.atomic import TMP_PREFIX, sweep_stale, write_atomic
from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.extract import UnknownKindError, detect_kind, registry
from bwgraph.identify import slugify
from bwgraph.ingest_manifest import FileMeta, ManifestError, collect_metadata, is_metadata_file
from bwgraph.normalise import NormalisedText, NormaliseError, normalise_file
from bwgraph.pipeline import PRE_WRITE_HOOKS, BuildError, BuildReport, assemble, document_graph
from bwgraph.records import Diagnostic, ExtractionError, SourceDocument
from bwgraph.serialize import write_trig
from bwgraph.sources import (
    NORMALISED_DIR,
    SourceError,
    append_entries,
    load_sources,
    remove_entry,
)

#: Graph names a document id may not take: they hold the ontology, the reference data, the
#: municipality boundaries and the dataset description.
RESERVED_IDS = frozenset({"ontology", "reference", "geometry", "dataset"})

#: Marks an entry of ``sources.toml`` as added by ``bwgraph ingest`` (and so removable).
ADDED_BY = "bwgraph ingest"

#: The lock file of the registry, in the data directory (beside ``data/sources``).
LOCK_NAME = ".bwgraph-ingest.lock"
#: Seconds a run waits for another ``ingest``/``remove`` to finish before giving up.
DEFAULT_LOCK_TIMEOUT = 120.0

Status = Literal["ingested", "refused", "duplicate"]


class IngestError(Exception):
    """The run as a whole cannot go on; the message names the file and the reason."""


@dataclass(frozen=True)
class Outcome:
    """What became of one input file."""

    path: Path
    status: Status
    reason: str = ""
    doc_id: str = ""
    kind: str = ""
    #: class (local name) → number of resources of that class in the document's graph
    facts: dict[str, int] = field(default_factory=dict)
    triples: int = 0


@dataclass
class IngestReport:
    """What an ingest run did."""

    graph_path: Path
    outcomes: list[Outcome] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    graph_sizes: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    written: bool = False

    def by_status(self, status: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def documents(self) -> list[Outcome]:
        return self.by_status("ingested")


@dataclass(frozen=True)
class _Candidate:
    """A file that passed every check, staged under its final name."""

    outcome: Outcome
    doc: SourceDocument  # paths point into the staging directory
    data: bytes
    text: NormalisedText
    entry: dict[str, str]


class _Refused(Exception):
    def __init__(self, status: Status, reason: str, doc_id: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.doc_id = doc_id


def lock_path(settings: Settings) -> Path:
    return settings.sources_dir.parent / LOCK_NAME


@contextlib.contextmanager
def registry_lock(settings: Settings, timeout: float = DEFAULT_LOCK_TIMEOUT,
                  on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the registry's exclusive lock (``flock``), waiting at most ``timeout`` seconds.

    ``on_wait`` is told once, with a sentence naming the holder, when the lock is taken and this
    run has to wait (so a person at the terminal knows why nothing happens).

    Raises :class:`IngestError` naming the lock file and the holder's process id when the lock is
    still taken after ``timeout``. The lock file stays (an empty file is no state); the lock
    itself lives in the kernel and ends with the process that holds it.
    """
    path = lock_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IngestError(f"{path}: cannot open the registry lock: {exc.strerror}") from exc
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None and not told and timeout > 0:
                    told = True
                    on_wait(f"{path}: another `bwgraph ingest` or `bwgraph remove`"
                            f"{_lock_holder(path)} is running; waiting up to {timeout:g} s")
                if time.monotonic() >= deadline:
                    holder = _lock_holder(path)
                    raise IngestError(
                        f"{path}: another `bwgraph ingest` or `bwgraph remove`{holder} is "
                        f"changing the registry; gave up after waiting {timeout:g} s. Run again "
                        "when it has finished (or wait longer with --wait SECONDS)"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock_holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], bool]:
    """The files to ingest: files as given, folders expanded (sorted, hidden files skipped).

    Metadata files (a folder's ``ingest.toml``, ``*.meta.toml`` sidecars) are not documents and
    are left out. Returns the files and whether any folder was given (a folder run refuses per
    document).
    """
    files: list[Path] = []
    folder = False
    for p in paths:
        if p.is_dir():
            folder = True
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not is_metadata_file(f, p)
            )
        else:
            files.append(p)
    return files, folder


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    *,
    graph_path: Path | None = None,
    kind: str | None = None,
    doc_date: date | None = None,
    title: str | None = None,
    origin: str | None = None,
    publisher: str | None = None,
    per_document: bool | None = None,
    progress: Callable[[Path], None] | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Register ``paths`` (files or folders) as source documents and rebuild the graph.

    ``kind``, ``doc_date``, ``title``, ``origin`` and ``publisher`` apply to every file whose
    own metadata (folder ``ingest.toml``, ``<file>.meta.toml``) does not say otherwise. With
    ``per_document`` (default: when a folder is given) each refused file is reported and the
    others are ingested; otherwise one refusal stops the run with :class:`IngestError` and nothing
    is written. ``progress`` is called once per file, after it was examined. The registry lock
    is held for the whole run (waiting at most ``lock_timeout`` seconds for it).
    """
    if kind is not None and kind not in registry():
        known = ", ".join(sorted(registry()))
        raise IngestError(f"--kind {kind!r} is not a known kind of document (known: {known})")
    files, folder = collect_files(paths)
    if not files:
        raise IngestError(f"{', '.join(map(str, paths)) or 'ingest'}: no files to ingest")
    try:
        metadata = collect_metadata(files, [p for p in paths if p.is_dir()], registry())
    except ManifestError as exc:
        raise IngestError(f"{exc}; nothing was registered") from exc
    per_document = folder if per_document is None else per_document
    graph_path = graph_path or settings.default_output
    with registry_lock(settings, lock_timeout, on_wait):
        return _ingest_locked(
            files, metadata, settings, graph_path=graph_path, per_document=per_document,
            progress=progress,
            defaults=FileMeta("the command line", doc_date, title, publisher, kind, origin),
        )


def _ingest_locked(
    files: list[Path],
    metadata: dict[Path, FileMeta],
    settings: Settings,
    *,
    graph_path: Path,
    per_document: bool,
    progress: Callable[[Path], None] | None,
    defaults: FileMeta,
) -> IngestReport:
    sources_dir = settings.sources_dir
    try:
        registered = load_sources(sources_dir)
    except SourceError as exc:
        raise IngestError(str(exc)) from exc
    ctx = BuildContext(settings)
    report = IngestReport(graph_path=graph_path)

    staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=sources_dir))
    try:
        candidates: list[_Candidate] = []
        for path in files:
            try:
                cand = _examine(
                    path, staging, registered, candidates, ctx,
                    meta=metadata.get(path.resolve()), defaults=defaults,
                )
            except _Refused as exc:
                outcome = Outcome(path, exc.status, exc.reason, doc_id=exc.doc_id)
                if not per_document:
                    raise IngestError(exc.reason) from None
                report.outcomes.append(outcome)
            else:
                candidates.append(cand)
                report.outcomes.append(cand.outcome)
            if progress is not None:
                progress(path)
        if candidates:
            _commit(candidates, staging, registered, settings, ctx, graph_path, report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _examine(
    path: Path,
    staging: Path,
    registered: list[SourceDocument],
    accepted: list[_Candidate],
    ctx: BuildContext,
    *,
    meta: FileMeta | None,
    defaults: FileMeta,
) -> _Candidate:
    """Check one file completely (read, dedupe, id, kind, extract, transform); stage it.

    The file's own metadata (``meta``) wins over the command line's (``defaults``).
    """

    def pick(key: str) -> Any:
        own = getattr(meta, key) if meta is not None else None
        return own if own is not None else getattr(defaults, key)

    kind: str | None = pick("kind")
    doc_date: date | None = pick("date")
    if not path.is_file():
        raise _Refused("refused", f"{path}: no such file")
    try:
        text = normalise_file(path)
    except NormaliseError as exc:
        raise _Refused("refused", str(exc)) from None
    data = path.read_bytes()
    for other in [*registered, *(c.doc for c in accepted)]:
        if other.sha256 == text.original_sha256 or (
            other.text_sha256 and other.text_sha256 == text.text_sha256
        ) or _text_sha(other) == text.text_sha256:
            raise _Refused(
                "duplicate",
                f"{path}: the same content as the registered document {other.id!r}; "
                "not added again",
                doc_id=other.id,
            )
    try:
        doc_id = slugify(path.stem)
    except ValueError:
        raise _Refused("refused", f"{path}: cannot make a document id from the file name") from None
    if doc_id in RESERVED_IDS:
        raise _Refused(
            "refused", f"{path}: the document id {doc_id!r} is reserved; rename the file"
        )
    if any(d.id == doc_id for d in [*registered, *(c.doc for c in accepted)]):
        raise _Refused(
            "refused",
            f"{path}: the document id {doc_id!r} is already registered with other content; "
            "it is never replaced: rename the file (or `bwgraph remove` the old one first)",
            doc_id=doc_id,
        )
    if doc_date is None:
        raise _Refused(
            "refused",
            f"{path}: no document date: pass --date YYYY-MM-DD, or give it per file in the "
            "folder's ingest.toml or a <file>.meta.toml, the date the document itself states "
            "(ingest does not invent one)",
        )
    body = text.text()
    if kind is None:
        try:
            found = detect_kind(body, name=str(path))
        except UnknownKindError as exc:
            raise _Refused("refused", str(exc)) from None
    elif not registry()[kind].detect(body):
        raise _Refused("refused", f"{path}: does not look like a document of kind {kind!r}")
    else:
        found = kind

    suffix = path.suffix.lower() if path.suffix.lower() in _SUFFIXES else _SUFFIX_OF[
        text.media_type
    ]
    file_name = f"{doc_id}{suffix}"
    text_name = f"{NORMALISED_DIR}/{doc_id}.txt"
    if (staging.parent / file_name).exists() or (staging.parent / text_name).exists():
        raise _Refused(
            "refused", f"{path}: {staging.parent / file_name} exists already (unregistered); "
            "move it away or register it"
        )
    staged = staging / file_name
    staged.write_bytes(data)
    staged_text = staging / text_name
    staged_text.parent.mkdir(exist_ok=True)
    staged_text.write_text(body, encoding="utf-8")
    doc_title = pick("title") or path.name
    said = f"metadata from {meta.where}" if meta is not None else "date given by the user"
    doc_origin = pick("origin") or f"Added with `bwgraph ingest` from the file {path.name}; {said}."
    doc = SourceDocument(
        id=doc_id,
        kind=found,
        path=staged,
        title=doc_title,
        publisher=pick("publisher") or "not stated (added with bwgraph ingest)",
        date=doc_date,
        origin=doc_origin,
        sha256=text.original_sha256,
        text_path=staged_text if text.media_type != "text/plain" else None,  # as load_sources
        text_sha256=text.text_sha256,
    )
    try:
        g, _result = document_graph(doc, ctx)
    except (BuildError, ExtractionError) as exc:
        raise _Refused("refused", f"{path}: cannot be parsed as {found!r}: {exc}") from None
    entry = {
        "file": file_name,
        "id": doc_id,
        "kind": found,
        "title": doc_title,
        "publisher": doc.publisher,
        "date": doc_date.isoformat(),
        "origin": doc_origin,
        "sha256": text.original_sha256,
        "media_type": text.media_type,
        "encoding": text.encoding,
        "text_file": text_name,
        "text_sha256": text.text_sha256,
        "added_by": ADDED_BY,
    }
    outcome = Outcome(path, "ingested", doc_id=doc_id, kind=found, facts=_facts(g), triples=len(g))
    return _Candidate(outcome, doc, data, text, entry)


_SUFFIX_OF = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})


def _text_sha(doc: SourceDocument) -> str:
    """The sha256 of a registered document's normalised text (computed for seed documents)."""
    if doc.text_sha256:
        return doc.text_sha256
    try:
        return normalise_file(doc.path).text_sha256
    except NormaliseError:
        return ""


#: Classes that describe where facts come from, not facts: left out of "facts per kind".
_BOOKKEEPING = frozenset({"SourceLine", "SourceDocument", "ExtractionActivity", "SoftwareAgent"})


def _facts(g: Graph) -> dict[str, int]:
    """Resources per class (local name) in a document's graph: the facts per kind."""
    counts: Counter[str] = Counter()
    for _s, o in g.subject_objects(RDF.type):
        if isinstance(o, URIRef) and not str(o).startswith(str(PROV)):
            local = str(o).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if local not in _BOOKKEEPING:
                counts[local] += 1
    return dict(sorted(counts.items()))


def _commit(
    candidates: list[_Candidate],
    staging: Path,
    registered: list[SourceDocument],
    settings: Settings,
    ctx: BuildContext,
    graph_path: Path,
    report: IngestReport,
) -> None:
    """Build the whole new graph in memory, then move files, registry and graph into place."""
    sources_dir = settings.sources_dir
    toml_path = sources_dir / "sources.toml"
    old_toml = toml_path.read_bytes()
    new_toml = append_entries(old_toml.decode("utf-8"), [c.entry for c in candidates])
    final_text = {c.doc.id: sources_dir / c.entry["text_file"] for c in candidates}
    staged_docs = [c.doc for c in candidates]
    data, build_report = _render(settings, [*registered, *staged_docs], graph_path)
    report.diagnostics.extend(build_report.diagnostics)
    report.graph_sizes = build_report.graph_sizes
    report.sha256 = hashlib.sha256(data).hexdigest()

    moved: list[Path] = []
    text_dir = sources_dir / NORMALISED_DIR
    made_dir = not text_dir.exists()
    try:
        text_dir.mkdir(exist_ok=True)
        for cand in candidates:
            staged_text = staging / cand.entry["text_file"]
            for src, dest in (
                (cand.doc.path, sources_dir / cand.entry["file"]),
                (staged_text, final_text[cand.doc.id]),
            ):
                os.link(src, dest)  # fails if dest exists: never overwrite a source
                moved.append(dest)
        write_atomic(toml_path, new_toml.encode("utf-8"))
        graph_path.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(graph_path.parent)
        write_atomic(graph_path, data)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            if toml_path.read_bytes() != old_toml:
                write_atomic(toml_path, old_toml)
        for p in moved:
            with contextlib.suppress(OSError):
                p.unlink()
        if made_dir:
            with contextlib.suppress(OSError):
                text_dir.rmdir()
        if isinstance(exc, OSError):
            raise IngestError(
                f"{exc.filename or graph_path}: cannot write ({exc.strerror}); "
                "registry and graph left as they were"
            ) from exc
        raise
    report.written = True


def _render(
    settings: Settings, docs: list[SourceDocument], graph_path: Path
) -> tuple[bytes, BuildReport]:
    """The TriG bytes of a full build over ``docs`` (validated), without writing anything."""
    build_report = BuildReport(output=graph_path)
    try:
        graphs, ctx = assemble(settings, build_report, docs=docs)
        for hook in PRE_WRITE_HOOKS:
            hook(graphs, ctx, build_report)
    except BuildError as exc:
        raise IngestError(f"the graph with the new documents cannot be built: {exc}") from exc
    build_report.graph_sizes = {str(n): len(g) for n, g in graphs}
    return write_trig(graphs).encode("utf-8"), build_report


@dataclass(frozen=True)
class Removed:
    doc_id: str
    files: list[Path]
    sha256: str


def remove(doc_id: str, settings: Settings, *, graph_path: Path | None = None,
           force: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
           on_wait: Callable[[str], None] | None = None) -> Removed:
    """Take a registered document out of ``sources.toml``, ``data/sources`` and the graph.

    Documents not added by ``bwgraph ingest`` (the curated seed documents) need ``force``. Holds
    the registry lock, as ``ingest`` does.
    """
    with registry_lock(settings, lock_timeout, on_wait):
        return _remove_locked(doc_id, settings, graph_path=graph_path or settings.default_output,
                              force=force)


def _remove_locked(doc_id: str, settings: Settings, *, graph_path: Path, force: bool) -> Removed:
    sources_dir = settings.sources_dir
    toml_path = sources_dir / "sources.toml"
    try:
        registered = load_sources(sources_dir)
        old_toml = toml_path.read_bytes()
        meta = tomllib.loads(old_toml.decode("utf-8"))
    except (SourceError, OSError, tomllib.TOMLDecodeError) as exc:
        raise IngestError(str(exc)) from exc
    entries = {e.get("id"): e for e in meta.get("document", [])}
    if doc_id not in entries:
        known = ", ".join(sorted(str(k) for k in entries))
        raise IngestError(f"{toml_path}: no document with id {doc_id!r} (registered: {known})")
    entry = entries[doc_id]
    if entry.get("added_by") != ADDED_BY and not force:
        raise IngestError(
            f"{toml_path}: {doc_id!r} is a curated document, not one added by `bwgraph ingest`; "
            "pass --force to remove it anyway"
        )
    new_toml = remove_entry(old_toml.decode("utf-8"), doc_id)
    rest = [d for d in registered if d.id != doc_id]
    data, _ = _render(settings, rest, graph_path)
    files = [sources_dir / entry["file"]]
    if entry.get("text_file"):
        files.append(sources_dir / entry["text_file"])
    try:
        write_atomic(toml_path, new_toml.encode("utf-8"))
        graph_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(graph_path, data)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            write_atomic(toml_path, old_toml)
        if isinstance(exc, OSError):
            raise IngestError(
                f"{exc.filename or graph_path}: cannot write ({exc.strerror}); "
                "registry and graph left as they were"
            ) from exc
        raise
    for p in files:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    with contextlib.suppress(OSError):  # only when empty: a folder ingest created
        (sources_dir / NORMALISED_DIR).rmdir()
    return Removed(doc_id, files, hashlib.sha256(data).hexdigest())
