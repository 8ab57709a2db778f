"""Per-file metadata of a folder ingest (:mod:`bwgraph.ingest_manifest`): what a good manifest
or sidecar gives, and that every kind of mistake names the metadata file and the line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bwgraph.ingest import collect_files
from bwgraph.ingest_manifest import (
    ManifestError,
    collect_metadata,
    is_metadata_file,
    read_manifest,
)

KINDS = ("general", "agreement_proposal", "action_plan")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.pdf", "sub/c.txt"):
        (d / name).write_text("x\n", encoding="utf-8")
    return d


def _manifest(folder: Path, text: str) -> Path:
    path = folder / "ingest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_and_sidecar_give_each_file_its_own_metadata(folder: Path) -> None:
    _manifest(folder, """# what we know of these documents
[[document]]
file = "a.txt"
date = 2021-03-10
title = "Regionaal plan"
publisher = "Gemeente Zwolle"
kind = "general"

[[document]]
file = "sub/c.txt"
date = "2019-12-01"
origin = "https://example.org/c, retrieved 2026-11-30"
""")
    (folder / "b.pdf.meta.toml").write_text('date = 2020-06-30\ntitle = "B"\n', "utf-8")
    files, _ = collect_files([folder])
    assert [f.relative_to(folder).as_posix() for f in files] == ["a.txt", "b.pdf", "sub/c.txt"]
    meta = collect_metadata(files, [folder], KINDS)
    a, b, c = (meta[(folder / n).resolve()] for n in ("a.txt", "b.pdf", "sub/c.txt"))
    assert (a.date, a.title, a.publisher, a.kind, a.origin) == (
        date(2021, 3, 10), "Regionaal plan", "Gemeente Zwolle", "general", None)
    assert a.where == f"{folder / 'ingest.toml'}:2"
    assert (b.date, b.title, b.where) == (date(2020, 6, 30), "B", str(folder / "b.pdf.meta.toml"))
    assert (c.date, c.origin) == (date(2019, 12, 1), "https://example.org/c, retrieved 2026-11-30")


def test_metadata_files_are_no_documents(folder: Path) -> None:
    _manifest(folder, "")
    (folder / "a.txt.meta.toml").write_text("", "utf-8")
    (folder / "sub" / "ingest.toml").write_text("", "utf-8")  # only the top one is a manifest
    files, _ = collect_files([folder])
    assert [f.relative_to(folder).as_posix() for f in files] == [
        "a.txt", "b.pdf", "sub/c.txt", "sub/ingest.toml"]
    assert is_metadata_file(folder / "x.meta.toml", None)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[[document]]\nfile = "a.txt"\ndate = 2021-13-01\n', 3, "not valid TOML"),
        ('[[document]]\nfile = "a.txt"\ndate = "10 maart 2021"\n', 3, "is not a date"),
        ('[[document]]\nfile = "a.txt"\ndate = 2021-03-10T12:00:00\n', 3, "must be a date"),
        ('[[document]]\nfile = "a.txt"\n\n[[document]]\nfile = "b.pdf"\ntitel = "B"\n', 6,
         "unknown key 'titel'"),
        ('[[document]]\nfile = "a.txt"\nkind = "plan"\n', 3, "'plan' is not a known kind"),
        ('[[document]]\nfile = "nope.txt"\n', 2, "no file 'nope.txt'"),
        ('[[document]]\nfile = "../outside.txt"\n', 2, "no file '../outside.txt'"),
        ('[[document]]\nfile = "a.txt"\n[[document]]\nfile = "a.txt"\n', 4,
         r"described twice \(also at"),
        ('[[document]]\ndate = 2021-03-10\n', 1, "needs file ="),
        ('[[document]]\nfile = "a.txt"\ntitle = ""\n', 3, "title must be a non-empty string"),
        ('title = "all"\n', 1, "unknown key 'title'"),
    ],
    ids=["toml-syntax", "date-text", "datetime", "unknown-key", "unknown-kind", "missing-file",
         "outside-folder", "twice", "no-file", "empty-title", "top-level-key"],
)
def test_a_wrong_manifest_names_file_and_line(folder: Path, text: str, line: int,
                                              message: str) -> None:
    path = _manifest(folder, text)
    (folder.parent / "outside.txt").write_text("x\n", "utf-8")
    with pytest.raises(ManifestError, match=message) as err:
        read_manifest(folder, KINDS)
    assert str(err.value).startswith(f"{path}:{line}: "), str(err.value)


def test_a_file_described_by_manifest_and_sidecar_is_refused(folder: Path) -> None:
    _manifest(folder, '[[document]]\nfile = "a.txt"\ndate = 2021-03-10\n')
    side = folder / "a.txt.meta.toml"
    side.write_text("date = 2021-03-11\n", "utf-8")
    files, _ = collect_files([folder])
    with pytest.raises(ManifestError, match=rf"^{side}: 'a.txt' is described twice .*:1"):
        collect_metadata(files, [folder], KINDS)


def test_a_wrong_sidecar_names_its_line(folder: Path) -> None:
    side = folder / "b.pdf.meta.toml"
    side.write_text('title = "B"\n\npublisher = 7\n', "utf-8")
    files, _ = collect_files([folder])
    with pytest.raises(ManifestError, match=rf"^{side}:3: publisher must be a non-empty string"):
        collect_metadata(files, [folder], KINDS)
