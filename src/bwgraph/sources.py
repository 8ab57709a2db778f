"""The registry of source documents (``data/sources/sources.toml``) and kind detection.

The TOML file is the single place where a document's metadata (title, publisher, date, kind,
origin, checksum) is written down; the build checks each file against its checksum so that an
edited source is caught instead of silently changing the graph.
"""

from __future__ import annotations

import hashlib
import tomllib
from datetime import date
from pathlib import Path

from bwgraph.records import SourceDocument

#: Where the normalised text of a PDF, DOCX, HTML or ingested document is stored, relative to
#: ``data/sources``: evidence line numbers of such documents point into these files.
NORMALISED_DIR = "normalised"

#: Keys of a ``[[document]]`` entry in the order they are written.
ENTRY_KEYS = ("file", "id", "kind", "title", "publisher", "date", "date_note", "scope",
              "language", "origin", "sha256", "media_type", "encoding", "text_file",
              "text_sha256", "added_by")


class SourceError(Exception):
    """A source registry or document problem, with the file named in the message."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _toml_string(value: str) -> str:
    """A TOML basic string (json's escaping is a subset TOML accepts)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def append_entries(toml_text: str, entries: list[dict[str, str]]) -> str:
    """``sources.toml`` with ``entries`` appended as ``[[document]]`` blocks; the existing text
    (comments, layout) is kept byte for byte, and the result is checked to parse."""
    blocks = []
    for entry in entries:
        lines = ["[[document]]"]
        lines += [f"{k} = {_toml_string(entry[k])}" for k in ENTRY_KEYS if entry.get(k)]
        blocks.append("\n".join(lines) + "\n")
    head = toml_text if toml_text.endswith("\n") or not toml_text else toml_text + "\n"
    new = head + "".join("\n" + b for b in blocks)
    tomllib.loads(new)  # never write a registry that does not parse
    return new


def remove_entry(toml_text: str, doc_id: str) -> str:
    """``sources.toml`` without the ``[[document]]`` block whose id is ``doc_id``; all other text
    is kept byte for byte."""
    lines = toml_text.splitlines(keepends=True)
    starts = [i for i, ln in enumerate(lines) if ln.strip() == "[[document]]"]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = "".join(lines[start:end])
        if tomllib.loads(block).get("document", [{}])[0].get("id") == doc_id:
            # take the blank line before the block with it
            if start > 0 and not lines[start - 1].strip():
                start -= 1
            new = "".join(lines[:start] + lines[end:])
            tomllib.loads(new)
            return new
    raise SourceError(f"sources.toml: no document with id {doc_id!r}")


def _stored_text(sources_dir: Path, entry: dict[str, str]) -> Path | None:
    """Where a document's lines are read from, if not from the document itself.

    PDF, DOCX and HTML are read from their stored normalised text: a person opens that text to
    find an evidence line, and a better PDF reader later must not move published line numbers.
    A text file keeps its own line numbers through normalisation, so it is read itself (its
    stored normalised text is kept and checked all the same).
    """
    if not entry.get("text_file") or entry.get("media_type", "text/plain") == "text/plain":
        return None
    return sources_dir / entry["text_file"]


def load_sources(sources_dir: Path, *, verify: bool = True) -> list[SourceDocument]:
    meta_path = sources_dir / "sources.toml"
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{meta_path}: cannot read the source registry: {exc}") from exc
    docs: list[SourceDocument] = []
    seen: set[str] = set()
    for i, entry in enumerate(meta.get("document", []), start=1):
        try:
            path = sources_dir / entry["file"]
            doc = SourceDocument(
                id=entry["id"],
                kind=entry["kind"],
                path=path,
                title=entry["title"],
                publisher=entry["publisher"],
                date=date.fromisoformat(entry["date"]),
                language=entry.get("language", "nl"),
                scope=entry.get("scope", ""),
                origin=entry.get("origin", ""),
                date_note=entry.get("date_note", ""),
                sha256=entry.get("sha256", ""),
                text_path=_stored_text(sources_dir, entry),
                text_sha256=entry.get("text_sha256", ""),
            )
            text_file = sources_dir / entry["text_file"] if entry.get("text_file") else None
        except (KeyError, ValueError) as exc:
            raise SourceError(f"{meta_path}: document entry {i}: {exc!r}") from exc
        if doc.id in seen:
            raise SourceError(f"{meta_path}: document id {doc.id!r} is used twice")
        seen.add(doc.id)
        if not path.is_file():
            raise SourceError(f"{path}: registered in sources.toml but missing")
        if verify and doc.sha256 and sha256(path) != doc.sha256:
            raise SourceError(
                f"{path}: content differs from the sha256 in sources.toml; sources are vendored "
                "unmodified: restore the file or register the new version"
            )
        if text_file is not None:
            if not text_file.is_file():
                raise SourceError(f"{text_file}: normalised text of {doc.id!r} is missing")
            if verify and doc.text_sha256 and sha256(text_file) != doc.text_sha256:
                raise SourceError(
                    f"{text_file}: normalised text differs from the text_sha256 in "
                    "sources.toml; evidence line numbers point into it: restore it"
                )
        docs.append(doc)
    return docs
