"""Per-file metadata for ``bwgraph ingest``: a folder's ``ingest.toml`` and ``<file>.meta.toml``.

A document's date, title, publisher, kind and origin are facts about that document; one
``--date`` for a whole folder of documents is almost always wrong for some of them. So a folder
may say, per file, what the user knows::

    # ingest.toml, at the top of the folder given to `bwgraph ingest`
    [[document]]
    file = "plan-2021.pdf"            # relative to the folder
    date = 2021-03-10                 # a TOML date or "YYYY-MM-DD"
    title = "Regionaal plan 2021"
    publisher = "Centrumgemeente Zwolle"
    kind = "general"                  # optional: detected when absent
    origin = "https://…, retrieved 2026-11-30"

or, next to one file, ``plan-2021.pdf.meta.toml`` with the same keys at top level (no ``file``).
What a file's metadata leaves out comes from the command line (``--date``, ``--title`` …); a file
with no date anywhere is refused as before.

A metadata file that is wrong in any way (TOML syntax, an unknown key, a date that is no date, a
kind no extractor has, a file that is not in the folder, a file described twice) refuses the whole
run before anything is read or written, with the metadata file and line in the message: a typo in
the manifest must not register documents with half their metadata.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

#: The folder manifest's file name (only at the top of a folder given to ``bwgraph ingest``).
MANIFEST_NAME = "ingest.toml"
#: A sidecar's suffix: ``report.pdf`` → ``report.pdf.meta.toml``.
SIDECAR_SUFFIX = ".meta.toml"
#: Keys a file's metadata may give.
KEYS = ("date", "title", "publisher", "kind", "origin")


class ManifestError(Exception):
    """A metadata file is wrong; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class FileMeta:
    """What a metadata file says about one document; ``None`` where it says nothing."""

    where: str  # "folder/ingest.toml:12": where it was said, for messages and the origin note
    date: date | None = None
    title: str | None = None
    publisher: str | None = None
    kind: str | None = None
    origin: str | None = None


def is_metadata_file(path: Path, folder: Path | None) -> bool:
    """A sidecar anywhere, or the manifest at the top of ``folder``: never a document."""
    if path.name.endswith(SIDECAR_SUFFIX):
        return True
    return folder is not None and path.parent == folder and path.name == MANIFEST_NAME


def _key_lines(lines: list[str], start: int, end: int) -> dict[str, int]:
    """1-based line of each ``key =`` between two table headers (for messages)."""
    out: dict[str, int] = {}
    for i in range(start, end):
        m = re.match(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=", lines[i])
        if m:
            out.setdefault(m.group(1).strip('"'), i + 1)
    return out


def _parse(path: Path) -> tuple[dict[str, Any], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends "(at line N, column M)"
        m = re.search(r"at line (\d+)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise ManifestError(f"{where}: not valid TOML: {exc}") from exc
    return data, text.splitlines()


def _meta(values: Mapping[str, Any], where: str, path: Path, lines_of: dict[str, int],
          known_kinds: Iterable[str], *, allowed: tuple[str, ...] = KEYS) -> FileMeta:
    def at(key: str) -> str:
        return f"{path}:{lines_of[key]}" if key in lines_of else where

    for key in values:
        if key not in allowed:
            raise ManifestError(
                f"{at(key)}: unknown key {key!r} (allowed: {', '.join(allowed)})"
            )
    out: dict[str, Any] = {}
    for key in ("title", "publisher", "kind", "origin"):
        if key in values:
            value = values[key]
            if not isinstance(value, str) or not value.strip():
                raise ManifestError(f"{at(key)}: {key} must be a non-empty string")
            out[key] = value.strip()
    if "date" in values:
        raw = values["date"]
        if isinstance(raw, date) and not hasattr(raw, "hour"):
            out["date"] = raw
        elif isinstance(raw, str):
            try:
                out["date"] = date.fromisoformat(raw.strip())
            except ValueError:
                raise ManifestError(
                    f"{at('date')}: date {raw!r} is not a date (YYYY-MM-DD)"
                ) from None
        else:
            raise ManifestError(f"{at('date')}: date must be a date (YYYY-MM-DD), got {raw!r}")
    kinds = set(known_kinds)
    if "kind" in out and out["kind"] not in kinds:
        raise ManifestError(
            f"{at('kind')}: kind {out['kind']!r} is not a known kind of document "
            f"(known: {', '.join(sorted(kinds))})"
        )
    return FileMeta(where=where, **out)


def read_manifest(folder: Path, known_kinds: Iterable[str]) -> dict[Path, FileMeta]:
    """The ``[[document]]`` entries of ``folder/ingest.toml`` by (resolved) file path."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    data, lines = _parse(path)
    kinds = list(known_kinds)
    for key in data:
        if key != "document":
            line = _key_lines(lines, 0, len(lines)).get(key)
            where = f"{path}:{line}" if line else str(path)
            raise ManifestError(f"{where}: unknown key {key!r} (only [[document]] tables)")
    entries = data.get("document", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ManifestError(f"{path}: 'document' must be [[document]] tables")
    headers = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*document\s*\]\]", ln)]
    out: dict[Path, FileMeta] = {}
    for n, entry in enumerate(entries):
        start = headers[n] if n < len(headers) else 0
        end = headers[n + 1] if n + 1 < len(headers) else len(lines)
        where = f"{path}:{start + 1}"
        lines_of = _key_lines(lines, start + 1, end)
        name = entry.get("file")
        at_file = f"{path}:{lines_of['file']}" if "file" in lines_of else where
        if not isinstance(name, str) or not name.strip():
            raise ManifestError(f"{where}: a [[document]] entry needs file = \"name\"")
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()) or not target.is_file():
            raise ManifestError(f"{at_file}: no file {name!r} in {folder}")
        if is_metadata_file(target, folder.resolve()):
            raise ManifestError(f"{at_file}: {name!r} is a metadata file, not a document")
        if target in out:
            raise ManifestError(
                f"{at_file}: {name!r} is described twice (also at {out[target].where})"
            )
        values = {k: v for k, v in entry.items() if k != "file"}
        out[target] = _meta(values, where, path, lines_of, kinds)
    return out


def read_sidecar(document: Path, known_kinds: Iterable[str]) -> FileMeta | None:
    """``<document>.meta.toml`` next to ``document``, if there is one."""
    path = document.with_name(document.name + SIDECAR_SUFFIX)
    if not path.is_file():
        return None
    data, lines = _parse(path)
    return _meta(data, str(path), path, _key_lines(lines, 0, len(lines)), known_kinds)


def collect_metadata(files: Iterable[Path], folders: Iterable[Path],
                     known_kinds: Iterable[str]) -> dict[Path, FileMeta]:
    """Metadata for ``files`` (resolved path → :class:`FileMeta`) from the manifests of
    ``folders`` and the files' sidecars; raises :class:`ManifestError`."""
    kinds = list(known_kinds)
    out: dict[Path, FileMeta] = {}
    for folder in folders:
        for target, meta in read_manifest(folder, kinds).items():
            if target in out:
                raise ManifestError(
                    f"{meta.where}: {target.name!r} is described twice (also at "
                    f"{out[target].where})"
                )
            out[target] = meta
    for f in files:
        side = read_sidecar(f, kinds)
        if side is None:
            continue
        key = f.resolve()
        if key in out:
            raise ManifestError(
                f"{side.where}: {f.name!r} is described twice (also at {out[key].where}); "
                "keep one"
            )
        out[key] = side
    return out
