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


class SourceError(Exception):
    """A source registry or document problem, with the file named in the message."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
            )
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
        docs.append(doc)
    return docs
