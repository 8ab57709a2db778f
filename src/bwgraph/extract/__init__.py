"""Stage 1: one extractor per kind of document; each yields typed records with evidence.

An extractor is a module-level ``EXTRACTOR`` object satisfying :class:`Extractor`. ``detect``
lets ``bwgraph ingest`` recognise the kind of a new document from its text, so it must be
specific: it answers ``True`` only for documents it can really parse.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Protocol

from bwgraph.records import ExtractResult, SourceDocument


class Extractor(Protocol):
    kind: str

    def detect(self, text: str) -> bool:
        """Whether ``text`` is a document of this kind (cheap, precise)."""
        ...

    def extract(self, doc: SourceDocument) -> ExtractResult:
        """Parse the document into records; raise ``ExtractionError`` if it cannot be parsed."""
        ...


def registry() -> dict[str, Extractor]:
    """Kind → extractor: every module of this package that defines ``EXTRACTOR``.

    Adding a kind is adding a module; nothing else to edit.
    """
    import bwgraph.extract as pkg

    found: dict[str, Extractor] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        ex = getattr(module, "EXTRACTOR", None)
        if ex is not None:
            if ex.kind in found:
                raise RuntimeError(f"two extractors claim kind {ex.kind!r}")
            found[ex.kind] = ex
    return found


class UnknownKindError(Exception):
    """A document no extractor recognises."""


def is_fallback(kind: str, extractor: Extractor) -> bool:
    """Whether an extractor is the fallback, asked only when no specific template recognises a
    document: the general extractor (kind ``general``, or any extractor with ``fallback = True``).
    """
    return kind == "general" or bool(getattr(extractor, "fallback", False))


def detect_kind(text: str, *, name: str = "document") -> str:
    """The one kind whose extractor recognises ``text``; refuse none or several.

    Specific templates are asked first; only if none recognises the document is the fallback
    (general) extractor asked, so a seed-like document is never read by the general rules.
    """
    extractors = registry()
    hits = [k for k, ex in extractors.items() if not is_fallback(k, ex) and ex.detect(text)]
    if not hits:
        hits = [k for k, ex in extractors.items() if is_fallback(k, ex) and ex.detect(text)]
    if not hits:
        known = ", ".join(sorted(registry()))
        raise UnknownKindError(f"{name}: not a known kind of document (known kinds: {known})")
    if len(hits) > 1:
        raise UnknownKindError(
            f"{name}: matches several kinds ({', '.join(hits)}); refusing to guess"
        )
    return hits[0]
