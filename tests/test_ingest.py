"""``bwgraph ingest`` / ``bwgraph remove``: documents are registered durably, refusals are clean.

Every test works on its own copy of the project (``Settings(root=tmp)``): ``data/sources`` is
copied with a registry of one small seed document (000, the Lekstroom assignment) so that a
rebuild is quick, with ontology, shapes, queries and reference data beside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.ingest import IngestError, ingest, remove
from bwgraph.namespaces import BWMO, DCTERMS
from bwgraph.pipeline import build
from bwgraph.sources import load_sources, remove_entry

#: document 004, line 6: "1      22 juli 2021      L Breet" (under "Datum:")
DATE_004 = date(2021, 7, 22)
#: document 003, line 14: "10 maart 2021"
DATE_003 = date(2021, 3, 10)
REPO = Path(__file__).resolve().parents[1]
SEED_000 = "lekstroom-opdracht-wonen-zorg-2018"


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose registry holds document 000 only, with its graph built."""
    root = tmp_path_factory.mktemp("ingest") / "project"
    (root / "data").mkdir(parents=True)
    # copies, not links: the graph is compared byte for byte before and after, so its inputs
    # must not change under the test
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    src = root / "data" / "sources"
    src.mkdir()
    registry = (REPO / "data" / "sources" / "sources.toml").read_text(encoding="utf-8")
    for doc in tomllib.loads(registry)["document"]:
        if doc["id"] != SEED_000:
            registry = remove_entry(registry, doc["id"])
    (src / "sources.toml").write_text(registry, encoding="utf-8")
    shutil.copy(REPO / "data" / "sources" / "000_30bbccde72fbd127.txt", src)
    (src / "normalised").mkdir()
    shutil.copy(REPO / "data" / "sources" / "normalised" / "000_30bbccde72fbd127.txt",
                src / "normalised")
    build(Settings(root=root))
    return root


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Settings:
    """A fresh copy of the built project for one test."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    return Settings(root=root)


def _seed(name: str) -> Path:
    return next((REPO / "data" / "sources").glob(f"{name}_*.txt"))


def _copy(src: Path, dest: Path, keep_lines: int | None = None) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    dest.write_text("".join(lines if keep_lines is None else lines[:keep_lines]), "utf-8")
    return dest


def _state(settings: Settings) -> tuple[bytes, bytes, list[str]]:
    """Registry bytes, graph bytes and the files under data/sources: what must not change."""
    files = sorted(str(p.relative_to(settings.sources_dir))
                   for p in settings.sources_dir.rglob("*"))
    return (
        (settings.sources_dir / "sources.toml").read_bytes(),
        settings.default_output.read_bytes(),
        files,
    )


def _graphs(path: Path) -> dict[URIRef, Graph]:
    ds = Dataset()
    ds.parse(path, format="trig")
    return {g.identifier: g for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)}


def test_ingested_document_is_registered_and_survives_build(
    project: Settings, tmp_path: Path
) -> None:
    copy = _copy(_seed("004"), tmp_path / "Weer Thuis akkoord.txt")
    report = ingest([copy], project, doc_date=DATE_004, origin="https://example.org/akkoord")
    assert [(o.status, o.doc_id, o.kind) for o in report.outcomes] == [
        ("ingested", "weer-thuis-akkoord", "agreement_proposal")
    ]
    assert report.outcomes[0].facts["Agreement"] >= 1

    # registered like the seeds: file, normalised text, an entry with both sha256
    src = project.sources_dir
    assert (src / "weer-thuis-akkoord.txt").read_bytes() == copy.read_bytes()
    assert (src / "normalised" / "weer-thuis-akkoord.txt").is_file()
    entry = next(
        e for e in tomllib.loads((src / "sources.toml").read_text("utf-8"))["document"]
        if e["id"] == "weer-thuis-akkoord"
    )
    assert entry["kind"] == "agreement_proposal"
    assert entry["date"] == "2021-07-22"
    assert entry["origin"] == "https://example.org/akkoord"
    assert entry["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert len(entry["text_sha256"]) == 64
    assert {d.id for d in load_sources(src)} == {SEED_000, "weer-thuis-akkoord"}

    # the graph has the new document, and a rebuild gives the same bytes
    ctx = BuildContext(project)
    graphs = _graphs(project.default_output)
    agreement = ctx.minter.id("agreement", "bestuurlijk-akkoord-weer-thuis-flevoland")
    assert (agreement, BWMO.describedIn, ctx.minter.document("weer-thuis-akkoord")) in graphs[
        ctx.minter.graph("weer-thuis-akkoord")
    ]
    after_ingest = project.default_output.read_bytes()
    build(project)
    assert project.default_output.read_bytes() == after_ingest


def test_html_document_is_ingested_with_its_normalised_text(
    project: Settings, tmp_path: Path
) -> None:
    """A web page of document 004: read through the normaliser, evidence in the stored text."""
    from tests.extract.test_variants import to_html

    page = tmp_path / "weer-thuis.html"
    page.write_bytes(to_html(_seed("004").read_text(encoding="utf-8")))
    report = ingest([page], project, doc_date=DATE_004)
    assert [(o.status, o.kind) for o in report.outcomes] == [("ingested", "agreement_proposal")]
    doc = next(d for d in load_sources(project.sources_dir) if d.id == "weer-thuis")
    assert doc.path.name == "weer-thuis.html" and doc.text_path is not None
    text = doc.text_path.read_text(encoding="utf-8").split("\n")
    # the subject line of 004 ("**Onderwerp:** Bestuurlijk Akkoord …", line 10 of the text file)
    n = text.index("Onderwerp: Bestuurlijk Akkoord Weer Thuis Flevoland") + 1
    ctx = BuildContext(project)
    g = _graphs(project.default_output)[ctx.minter.graph("weer-thuis")]
    line = URIRef(f"{ctx.minter.document('weer-thuis')}/line/{n}")
    assert (line, BWMO.lineNumber, None) in g


CENTRUMREGELING = """Centrumregeling Beschermd Wonen en Maatschappelijke Opvang IJsselland 2022

De colleges van burgemeester en wethouders van de gemeenten Zwolle, Kampen, Zwartewaterland,
Hardenberg, Ommen, Dalfsen, Staphorst, Steenwijkerland, Olst-Wijhe, Raalte en Hattem;

gelet op artikel 8 van de Wet gemeenschappelijke regelingen;

Artikel 1
De gemeente Zwolle is centrumgemeente.

Artikel 10
Deze regeling treedt in werking op 1 januari 2022.
"""


def test_document_no_template_knows_goes_to_the_general_extractor(
    project: Settings, tmp_path: Path
) -> None:
    """A centrumregeling (written here, not a seed) matches no template: the fallback reads it,
    and it survives a rebuild like any other document."""
    path = tmp_path / "centrumregeling-ijsselland.txt"
    path.write_text(CENTRUMREGELING, encoding="utf-8")
    report = ingest([path], project, doc_date=date(2021, 12, 14))
    [outcome] = report.outcomes
    assert (outcome.status, outcome.kind) == ("ingested", "general"), outcome.reason
    assert outcome.facts.get("Centrumregeling") == 1  # the title line says what it is
    written = project.default_output.read_bytes()
    build(project)
    assert project.default_output.read_bytes() == written


@pytest.mark.parametrize("variant", ["same bytes", "CRLF and Windows-1252"])
def test_same_content_twice_is_refused_naming_the_registered_id(
    project: Settings, tmp_path: Path, variant: str
) -> None:
    if variant == "same bytes":
        dup = tmp_path / "opdracht.txt"
        shutil.copy(_seed("000"), dup)
    else:
        text = _seed("000").read_text("utf-8")
        dup = tmp_path / "opdracht-cp1252.txt"
        dup.write_bytes(text.replace("\n", "\r\n").encode("cp1252", "xmlcharrefreplace"))
    before = _state(project)
    with pytest.raises(IngestError, match=rf"{dup.name}: the same content as .*{SEED_000!r}"):
        ingest([dup], project, doc_date=date(2018, 2, 22))
    assert _state(project) == before


def test_id_clash_with_other_content_is_refused_never_replaced(
    project: Settings, tmp_path: Path
) -> None:
    clash = _copy(_seed("004"), tmp_path / f"{SEED_000}.txt")
    before = _state(project)
    with pytest.raises(IngestError, match=rf"id {SEED_000!r} is already registered.*never"):
        ingest([clash], project, doc_date=DATE_004)
    assert _state(project) == before


def test_remove_takes_the_document_out_again(project: Settings, tmp_path: Path) -> None:
    before = _state(project)
    copy = _copy(_seed("004"), tmp_path / "akkoord.txt")
    ingest([copy], project, doc_date=DATE_004)
    assert _state(project) != before
    removed = remove("akkoord", project)
    assert removed.doc_id == "akkoord"
    assert _state(project) == before  # registry, graph and files as before the ingest


def test_remove_refuses_unknown_ids_and_curated_documents(project: Settings) -> None:
    before = _state(project)
    with pytest.raises(IngestError, match=r"no document with id 'nope'"):
        remove("nope", project)
    with pytest.raises(IngestError, match=r"curated document.*--force"):
        remove(SEED_000, project)
    assert _state(project) == before


def _hostile(tmp_path: Path, what: str) -> Path:
    p = tmp_path / f"{what}.txt"
    if what == "binary":
        p.write_bytes(bytes(range(256)) * 64)
    elif what == "huge":
        with p.open("wb") as f:  # 50 MB, sparse: the size check comes before any reading
            f.truncate(50 * 1024 * 1024)
    elif what == "empty":
        p.write_bytes(b"")
    elif what == "blank":
        p.write_bytes(b" \r\n\t\n")
    elif what == "wrong-encoding":
        # Shift-JIS text: decodes as neither UTF-8 nor a Western code page worth reading
        p.write_bytes("共同規制 保護住宅 社会的支援の計画書。".encode("shift_jis") * 20)
    elif what == "image":
        p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return p


@pytest.mark.parametrize("what", ["binary", "huge", "empty", "blank", "wrong-encoding", "image"])
def test_hostile_file_gets_one_line_error_and_changes_nothing(
    project: Settings, tmp_path: Path, what: str
) -> None:
    path = _hostile(tmp_path, what)
    before = _state(project)
    with pytest.raises(IngestError) as info:
        ingest([path], project, doc_date=DATE_004)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert _state(project) == before


@pytest.mark.parametrize(
    ("name", "content", "pattern"),
    [
        ("notitie.txt", "Korte notitie over beschermd wonen.\nGeen bekend soort.\n",
         r"not a known kind of document"),
        ("reference.txt", "x\n", r"reserved"),
    ],
)
def test_unknown_kind_and_reserved_id_are_refused(
    project: Settings, tmp_path: Path, name: str, content: str, pattern: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = _state(project)
    with pytest.raises(IngestError, match=pattern) as info:
        ingest([path], project, doc_date=DATE_004)
    assert name in str(info.value)
    assert _state(project) == before


def test_truncated_copy_and_missing_date_are_refused(project: Settings, tmp_path: Path) -> None:
    before = _state(project)
    cut = _copy(_seed("004"), tmp_path / "akkoord-truncated.txt", keep_lines=50)
    with pytest.raises(IngestError, match=r"akkoord-truncated\.txt.*cannot be parsed"):
        ingest([cut], project, doc_date=DATE_004)
    whole = _copy(_seed("004"), tmp_path / "zonder-datum.txt")
    with pytest.raises(IngestError, match=r"zonder-datum\.txt: no document date"):
        ingest([whole], project)
    assert _state(project) == before


def test_files_named_one_by_one_are_all_or_nothing(project: Settings, tmp_path: Path) -> None:
    before = _state(project)
    good = _copy(_seed("004"), tmp_path / "goed.txt")
    bad = _copy(_seed("003"), tmp_path / "kapot.txt", keep_lines=60)
    with pytest.raises(IngestError, match=r"kapot\.txt"):
        ingest([good, bad], project, doc_date=DATE_004)
    assert _state(project) == before


def test_a_failed_write_leaves_registry_and_graph_as_they_were(
    project: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bwgraph.ingest as mod

    real = mod.write_atomic

    def fail_on_graph(target: Path, data: bytes) -> None:
        if target.suffix == ".trig":
            raise OSError(28, "No space left on device", str(target))
        real(target, data)

    monkeypatch.setattr(mod, "write_atomic", fail_on_graph)
    before = _state(project)
    copy = _copy(_seed("004"), tmp_path / "akkoord.txt")
    with pytest.raises(IngestError, match=r"No space left on device"):
        ingest([copy], project, doc_date=DATE_004)
    assert _state(project) == before


def test_folder_ingest_reports_ingested_refused_and_duplicates(
    project: Settings, tmp_path: Path
) -> None:
    from bwgraph.cli import app

    folder = tmp_path / "inbox"
    folder.mkdir()
    _copy(_seed("004"), folder / "akkoord.txt")
    shutil.copy(_seed("000"), folder / "opdracht-kopie.txt")
    _hostile(folder, "binary")
    (folder / ".hidden.txt").write_text("skipped\n", encoding="utf-8")
    before = _state(project)
    res = CliRunner().invoke(
        app, ["ingest", str(folder), "--date", "2021-07-22", "--graph",
              str(project.default_output)],
        env={"BWGRAPH_HOME": str(project.root), "COLUMNS": "250"},
    )
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    assert "1 ingested, 1 refused, 1 duplicate" in out
    assert "akkoord" in out and "agreement_proposal" in out and "Agreement 1" in out
    assert "SourceLine" not in out  # facts per kind, not bookkeeping
    assert SEED_000 in out and "binary data" in out
    # the accepted document is written, the others are not
    assert {d.id for d in load_sources(project.sources_dir)} == {SEED_000, "akkoord"}
    assert _state(project)[1] != before[1]


def test_cli_exit_codes(project: Settings, tmp_path: Path) -> None:
    from bwgraph.cli import app

    runner = CliRunner()
    env = {"BWGRAPH_HOME": str(project.root)}
    before = _state(project)
    unknown = tmp_path / "onbekend.txt"
    unknown.write_text("Iets heel anders.\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(unknown), "--date", "2021-07-22"], env=env)
    assert res.exit_code == 2
    assert "onbekend.txt" in res.output and "not a known kind" in res.output
    copy = _copy(_seed("004"), tmp_path / "akkoord.txt")
    res = runner.invoke(app, ["ingest", str(copy)], env=env)
    assert res.exit_code == 2 and "--date" in res.output
    assert _state(project) == before
    res = runner.invoke(app, ["ingest", str(copy), "--date", "2021-07-22"], env=env)
    assert res.exit_code == 0, res.output
    assert _state(project) != before
    res = runner.invoke(app, ["remove", "akkoord"], env=env)
    assert res.exit_code == 0, res.output
    assert _state(project) == before
    res = runner.invoke(app, ["remove", "akkoord"], env=env)
    assert res.exit_code == 2 and "no document with id" in res.output


# --- per-file metadata of a folder (ingest.toml, <file>.meta.toml) ---------------------------


def _entries(settings: Settings) -> dict[str, dict[str, str]]:
    registry = tomllib.loads((settings.sources_dir / "sources.toml").read_text("utf-8"))
    return {e["id"]: e for e in registry["document"]}


def test_folder_metadata_gives_each_document_its_own_date_and_title(
    project: Settings, tmp_path: Path
) -> None:
    """Two documents of different dates in one folder: the manifest dates one, a sidecar the
    other; no --date at all. 004 states its date on line 6 ("22 juli 2021") and its subject on
    line 10; the centrumregeling (written above) is dated here as a user would date it."""
    folder = tmp_path / "map"
    folder.mkdir()
    _copy(_seed("004"), folder / "akkoord.txt")
    (folder / "centrumregeling.txt").write_text(CENTRUMREGELING, encoding="utf-8")
    (folder / "ingest.toml").write_text(
        '[[document]]\nfile = "akkoord.txt"\ndate = 2021-07-22\n'
        'title = "Bestuurlijk Akkoord Weer Thuis Flevoland"\nkind = "agreement_proposal"\n',
        encoding="utf-8")
    (folder / "centrumregeling.txt.meta.toml").write_text(
        'date = "2021-12-14"\npublisher = "Gemeente Zwolle"\n', encoding="utf-8")
    report = ingest([folder], project)
    assert sorted((o.status, o.doc_id) for o in report.outcomes) == [
        ("ingested", "akkoord"), ("ingested", "centrumregeling")]
    entries = _entries(project)
    assert (entries["akkoord"]["date"], entries["akkoord"]["title"]) == (
        "2021-07-22", "Bestuurlijk Akkoord Weer Thuis Flevoland")
    assert entries["akkoord"]["origin"].endswith(f"metadata from {folder / 'ingest.toml'}:1.")
    assert entries["akkoord"]["publisher"] == "not stated (added with bwgraph ingest)"
    assert (entries["centrumregeling"]["date"], entries["centrumregeling"]["publisher"]) == (
        "2021-12-14", "Gemeente Zwolle")
    assert entries["centrumregeling"]["title"] == "centrumregeling.txt"  # none given: file name
    # the metadata files are not registered as documents, and the graph carries the dates
    assert set(entries) == {SEED_000, "akkoord", "centrumregeling"}
    ctx = BuildContext(project)
    graphs = _graphs(project.default_output)
    for doc_id, day in (("akkoord", "2021-07-22"), ("centrumregeling", "2021-12-14")):
        g = graphs[ctx.minter.graph(doc_id)]
        assert str(g.value(ctx.minter.document(doc_id), DCTERMS.date)) == day


def test_command_line_options_fill_what_a_files_metadata_leaves_out(
    project: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    _copy(_seed("004"), folder / "akkoord.txt")
    (folder / "akkoord.txt.meta.toml").write_text('title = "Weer Thuis"\n', encoding="utf-8")
    report = ingest([folder], project, doc_date=DATE_004, publisher="Provincie Flevoland",
                    title="ignored: the sidecar names it")
    assert [o.status for o in report.outcomes] == ["ingested"]
    entry = _entries(project)["akkoord"]
    assert (entry["date"], entry["title"], entry["publisher"]) == (
        "2021-07-22", "Weer Thuis", "Provincie Flevoland")


def test_a_wrong_manifest_refuses_the_whole_folder_naming_file_and_line(
    project: Settings, tmp_path: Path
) -> None:
    from bwgraph.cli import app

    folder = tmp_path / "map"
    folder.mkdir()
    _copy(_seed("004"), folder / "akkoord.txt")
    (folder / "centrumregeling.txt").write_text(CENTRUMREGELING, encoding="utf-8")
    manifest = folder / "ingest.toml"
    manifest.write_text(
        '[[document]]\nfile = "akkoord.txt"\ndate = 2021-07-22\n\n'
        '[[document]]\nfile = "centrumregeling.txt"\ndate = "14-12-2021"\n', encoding="utf-8")
    before = _state(project)
    with pytest.raises(IngestError, match=rf"^{manifest}:7: date '14-12-2021' is not a date"):
        ingest([folder], project, doc_date=DATE_004)
    assert _state(project) == before  # not even the well-described document
    res = CliRunner().invoke(app, ["ingest", str(folder)],
                             env={"BWGRAPH_HOME": str(project.root)})
    assert res.exit_code == 2
    assert f"{manifest}:7: date '14-12-2021' is not a date" in res.output
    assert "nothing was registered" in res.output
    assert _state(project) == before


# --- one ingest/remove at a time -----------------------------------------------------------


def test_a_run_that_cannot_get_the_lock_gives_up_and_changes_nothing(
    project: Settings, tmp_path: Path
) -> None:
    from bwgraph.ingest import lock_path, registry_lock

    copy = _copy(_seed("004"), tmp_path / "akkoord.txt")
    ingest([copy], project, doc_date=DATE_004)
    before = _state(project)
    with registry_lock(project, 0):  # another run holds it (a second open file: flock conflicts)
        with pytest.raises(IngestError, match=rf"^{lock_path(project)}: another .* \(process "
                                              rf"{os.getpid()}\) .*waiting 0\.2 s"):
            remove("akkoord", project, lock_timeout=0.2)
        other = _copy(_seed("003"), tmp_path / "agenda.txt")
        with pytest.raises(IngestError, match=r"gave up after waiting 0\.2 s"):
            ingest([other], project, doc_date=DATE_003, lock_timeout=0.2)
    assert _state(project) == before
    remove("akkoord", project, lock_timeout=0)  # free again: taken at once


def _cli(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bwgraph.cli", *args],
        env={**os.environ, "BWGRAPH_HOME": str(root)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_two_ingests_at_once_both_stay_registered(project: Settings, tmp_path: Path) -> None:
    """Two real processes started together, each registering another document. Without the lock
    both read the one-document registry, and the later write drops the earlier registration."""
    a = _copy(_seed("004"), tmp_path / "akkoord.txt")
    b = _copy(_seed("003"), tmp_path / "agenda.txt")
    procs = [_cli(project.root, "ingest", str(a), "--date", "2021-07-22"),
             _cli(project.root, "ingest", str(b), "--date", "2021-03-10")]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    assert {d.id for d in load_sources(project.sources_dir)} == {SEED_000, "akkoord", "agenda"}
    ctx = BuildContext(project)
    names = set(_graphs(project.default_output))
    assert {ctx.minter.graph("akkoord"), ctx.minter.graph("agenda")} <= names
    # the graph is the registry's: a rebuild gives the same bytes
    written = project.default_output.read_bytes()
    build(project)
    assert project.default_output.read_bytes() == written


@pytest.mark.slow
def test_a_second_process_waits_for_the_lock_then_gives_up_with_exit_2(
    project: Settings, tmp_path: Path
) -> None:
    from bwgraph.ingest import lock_path, registry_lock

    copy = _copy(_seed("004"), tmp_path / "akkoord.txt")
    before = _state(project)
    with registry_lock(project, 0):
        proc = _cli(project.root, "ingest", str(copy), "--date", "2021-07-22", "--wait", "0.5")
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    message = err.decode()
    assert f"{lock_path(project)}: another `bwgraph ingest` or `bwgraph remove` (process " \
        f"{os.getpid()}) is changing the registry; gave up after waiting 0.5 s" in message
    # told while it waited, not only when it gave up
    assert f"waiting: {lock_path(project)}: another `bwgraph ingest` or `bwgraph remove` " \
        f"(process {os.getpid()}) is running; waiting up to 0.5 s" in message
    assert _state(project) == before


@pytest.mark.slow
def test_a_build_waits_for_a_running_ingest_then_gives_up_with_exit_2(
    project: Settings, tmp_path: Path
) -> None:
    """A build reads the registry: while an ingest or remove holds it, ``bwgraph build`` waits
    (and ``make build``'s ``python -m bwgraph.pipeline`` too), then gives up leaving the graph."""
    from bwgraph.ingest import lock_path, registry_lock

    before = _state(project)
    with registry_lock(project, 0):
        proc = _cli(project.root, "build", "--wait", "0.5")
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 2
        assert f"{lock_path(project)}: another" in err.decode()
        assert "previous output left untouched" in err.decode()
    assert _state(project) == before
    done = _cli(project.root, "build", "--wait", "0")  # free again: builds at once
    _out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
