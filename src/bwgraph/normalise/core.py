"""The normaliser's data types and its one entry point, :func:`normalise`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bwgraph.normalise.residue import clean_line

#: Larger inputs are refused before any decoding: no policy document of this field comes near it,
#: and parsing a hostile 50 MB file would only burn time and memory.
MAX_BYTES = 20 * 1024 * 1024


class NormaliseError(Exception):
    """A document that cannot be read as text; the message is one line naming the file."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = " ".join(reason.split())
        super().__init__(f"{name}: {self.reason}")


@dataclass(frozen=True)
class Line:
    """One line of a normalised document.

    ``number`` is 1-based and points at the line a person opens: in a text source the same line
    of the original file; for PDF, DOCX and HTML the line of the stored normalised text (pages of a
    PDF in order, each page's lines after the previous page's).
    """

    number: int
    text: str


@dataclass(frozen=True)
class NormalisedText:
    """A document as canonical lines, with where it came from."""

    lines: tuple[Line, ...]
    encoding: str
    media_type: str
    original_sha256: str
    text_sha256: str

    def text(self) -> str:
        """The normalised text, one line per :class:`Line`, each ending in ``\\n``."""
        return _join(line.text for line in self.lines)

    def texts(self) -> tuple[str, ...]:
        """Just the line texts; ``texts()[n - 1]`` is line ``n``."""
        return tuple(line.text for line in self.lines)


def _join(texts: object) -> str:
    return "".join(f"{t}\n" for t in texts)  # type: ignore[attr-defined]


def normalise(data: bytes, *, name: str) -> NormalisedText:
    """``data`` (the bytes of a file called ``name``) → canonical numbered lines.

    Raises :class:`NormaliseError` with a one-line reason for input that is empty, too large,
    binary, undecodable or a broken PDF/DOCX/HTML file.
    """
    from bwgraph.normalise import formats

    if len(data) > MAX_BYTES:
        raise NormaliseError(
            name, f"{len(data) / 1_048_576:.1f} MB is larger than the limit of "
            f"{MAX_BYTES // 1_048_576} MB for a document"
        )
    if not data.strip():
        raise NormaliseError(name, "the file is empty")
    media_type = formats.sniff(data, name)
    raw_lines, encoding = formats.READERS[media_type](data, name)
    texts = [clean_line(raw) for raw in raw_lines]
    while texts and not texts[-1] and media_type != "text/plain":
        texts.pop()
    if not any(texts):
        raise NormaliseError(name, "no text in the document (empty after conversion)")
    lines = tuple(Line(i, t) for i, t in enumerate(texts, start=1))
    return NormalisedText(
        lines=lines,
        encoding=encoding,
        media_type=media_type,
        original_sha256=hashlib.sha256(data).hexdigest(),
        text_sha256=hashlib.sha256(_join(texts).encode("utf-8")).hexdigest(),
    )


@lru_cache(maxsize=8)
def canonical_text(text: str) -> str:
    """Already-decoded text in canonical form, line for line (idempotent, cached).

    Extractors' ``detect`` use it so that they recognise a document whether they are handed the
    raw text or the normalised one.
    """
    return _join(clean_line(raw) for raw in _LINE_END.split(text))


_LINE_END = re.compile(r"\r\n|\r|\n")


def normalise_file(path: Path) -> NormalisedText:
    """:func:`normalise` of a file on disk; an unreadable or oversized file is a NormaliseError."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise NormaliseError(
                str(path), f"{size / 1_048_576:.1f} MB is larger than the limit of "
                f"{MAX_BYTES // 1_048_576} MB for a document"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise NormaliseError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    return normalise(data, name=str(path))


__all__ = ["MAX_BYTES", "Line", "NormaliseError", "NormalisedText", "canonical_text", "clean_line",
           "normalise", "normalise_file"]
