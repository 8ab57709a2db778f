"""Typed records passed from extraction to transformation.

Every fact an extractor finds is a record that carries :class:`Evidence`: the document, the
1-based line number and the text of that line. Records hold source text and parsed values, never
IRIs: identity is decided later, in :mod:`bwgraph.identify`, so that one resolver serves all
documents. Kind-specific records live in sibling modules (``records/status_report.py`` …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=32)
def _read_lines(path: Path) -> tuple[str, ...]:
    """The canonical lines of a document (:mod:`bwgraph.normalise`): every extractor reads every
    conversion of a document (tabs or spaces, markdown or not, any encoding, PDF …) the same way.
    """
    from bwgraph.normalise import normalise_file

    return normalise_file(path).texts()


@lru_cache(maxsize=32)
def _read_stored(path: Path) -> tuple[str, ...]:
    """A stored normalised text: already canonical, read as it is (UTF-8, one line per line)."""
    return tuple(path.read_text(encoding="utf-8").split("\n")[:-1])


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: document id, 1-based line number and the line's text (the quote)."""

    doc_id: str
    line: int
    quote: str

    def __post_init__(self) -> None:
        if self.line < 1:
            raise ValueError(f"line numbers are 1-based, got {self.line}")


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A source document as registered in ``data/sources/sources.toml``."""

    id: str
    kind: str
    path: Path
    title: str
    publisher: str
    date: date
    language: str = "nl"
    scope: str = ""
    origin: str = ""
    date_note: str = ""
    sha256: str = ""
    #: The stored normalised text (PDF, DOCX, HTML and ingested documents): lines are read from
    #: it, so evidence line numbers point into a file a person can open.
    text_path: Path | None = None
    text_sha256: str = ""

    def lines(self) -> tuple[str, ...]:
        """The document's lines without line ends; ``lines()[n - 1]`` is line ``n`` (cached)."""
        if self.text_path is not None:
            return _read_stored(self.text_path)
        return _read_lines(self.path)

    def evidence(self, line: int, quote: str | None = None) -> Evidence:
        """Evidence for a 1-based line; the quote defaults to the stripped line text."""
        if quote is None:
            quote = self.lines()[line - 1].strip()
        return Evidence(self.id, line, quote)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning an extractor raises instead of dropping something silently."""

    doc_id: str
    line: int
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file or self.doc_id}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class ExtractResult:
    """What an extractor yields for one document: records plus warnings."""

    document: SourceDocument
    records: list[object] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(self.document.id, line, message, file=self.document.path.name)
        )


class ExtractionError(Exception):
    """A document that cannot be parsed at all: stops the build, naming file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message
