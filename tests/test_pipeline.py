"""The build is deterministic and atomic (issue: foundation).

Most tests run on a small project tree (ontology + reference data, no documents) so that they are
fast and independent of the extractors; the full-build determinism test uses the real sources.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset

from bwgraph.config import Settings
from bwgraph.pipeline import BuildError, build

ROOT = Path(__file__).resolve().parents[1]


def _mini_root(tmp: Path, sources_toml: str = "") -> Path:
    """A project tree with the real ontology and reference data and the given source registry."""
    (tmp / "data" / "sources").mkdir(parents=True)
    (tmp / "data" / "sources" / "sources.toml").write_text(sources_toml, encoding="utf-8")
    os.symlink(ROOT / "data" / "reference", tmp / "data" / "reference")
    os.symlink(ROOT / "ontology", tmp / "ontology")
    os.symlink(ROOT / "shapes", tmp / "shapes")
    return tmp


def test_build_is_byte_identical_twice_small(tmp_path: Path) -> None:
    settings = Settings(root=_mini_root(tmp_path / "p"))
    a = build(settings, tmp_path / "a.trig")
    b = build(settings, tmp_path / "b.trig")
    assert (tmp_path / "a.trig").read_bytes() == (tmp_path / "b.trig").read_bytes()
    assert a.sha256 == b.sha256
    ds = Dataset()
    ds.parse(tmp_path / "a.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/bwmo/graph/reference" in names
    assert "https://w3id.org/bwmo/graph/ontology" in names
    assert "https://w3id.org/bwmo/graph/dataset" in names


@pytest.mark.slow
def test_full_build_is_byte_identical_twice(
    built_trig: Path, settings: Settings, tmp_path: Path
) -> None:
    """`bwgraph build` twice gives identical bytes (the Done-when of the foundation issue)."""
    again = tmp_path / "again.trig"
    build(settings, again)
    assert again.read_bytes() == built_trig.read_bytes()


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    settings = Settings(base="https://example.org/bw/", root=_mini_root(tmp_path / "p"))
    build(settings, tmp_path / "x.trig")
    text = (tmp_path / "x.trig").read_text(encoding="utf-8")
    assert "<https://example.org/bw/graph/reference>" in text
    assert "https://w3id.org/bwmo/graph/" not in text


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "bwmo.trig"
    out.write_text("# previous graph\n", encoding="utf-8")
    bad = (
        '[[document]]\nfile = "missing.txt"\nid = "x"\nkind = "status_report"\n'
        'title = "t"\npublisher = "p"\ndate = "2020-01-01"\n'
    )
    settings = Settings(root=_mini_root(tmp_path / "p", bad))
    with pytest.raises(BuildError, match=r"missing\.txt"):
        build(settings, out)
    assert out.read_text(encoding="utf-8") == "# previous graph\n"
    assert not list(tmp_path.glob(".bwgraph-tmp-*"))


def test_edited_source_is_refused(tmp_path: Path) -> None:
    root = _mini_root(tmp_path / "p")
    (root / "data" / "sources" / "doc.txt").write_text("edited\n", encoding="utf-8")
    (root / "data" / "sources" / "sources.toml").write_text(
        '[[document]]\nfile = "doc.txt"\nid = "doc"\nkind = "status_report"\ntitle = "t"\n'
        'publisher = "p"\ndate = "2020-01-01"\nsha256 = "' + "0" * 64 + '"\n',
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="differs from the sha256"):
        build(Settings(root=root), tmp_path / "o.trig")


def test_cli_build_failure_exits_2_with_message(tmp_path: Path) -> None:
    root = _mini_root(tmp_path / "p", "not toml = = =")
    out = tmp_path / "o.trig"
    out.write_text("# previous\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bwgraph.cli", "build", "--out", str(out)],
        env={**os.environ, "BWGRAPH_HOME": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "sources.toml" in proc.stderr
    assert "previous output left untouched" in proc.stderr
    assert out.read_text(encoding="utf-8") == "# previous\n"


def test_kill_during_write_leaves_previous_output_intact(tmp_path: Path) -> None:
    """SIGKILL the build while its temporary output exists: the old file must survive whole.

    We watch the output directory and kill the moment the temporary file appears, i.e. halfway
    through writing. If a run finishes before we catch it we try again (bounded).
    """
    root = _mini_root(tmp_path / "p")
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "bwmo.trig"
    previous = b"# previous graph, must survive\n"
    caught = False
    for _ in range(5):
        out.write_bytes(previous)
        proc = subprocess.Popen(
            [sys.executable, "-m", "bwgraph.cli", "build", "--quiet", "--out", str(out)],
            env={**os.environ, "BWGRAPH_HOME": str(root)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if any(outdir.glob(".bwgraph-tmp-*")):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                caught = True
                break
            time.sleep(0.0005)
        proc.wait()
        if caught:
            break
    assert caught, "never caught the build while writing"
    assert out.read_bytes() == previous
    # the next build sweeps the stale temporary and writes a complete graph
    build(Settings(root=root), out)
    assert not list(outdir.glob(".bwgraph-tmp-*"))
    Dataset().parse(out, format="trig")


def test_sweep_leaves_other_files(tmp_path: Path) -> None:
    from bwgraph.atomic import sweep_stale, write_atomic

    (tmp_path / ".bwgraph-tmp-abc.trig").write_text("x")
    (tmp_path / "keep.txt").write_text("y")
    assert sweep_stale(tmp_path) == 1
    write_atomic(tmp_path / "new.trig", b"z")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", "new.trig"]
    shutil.rmtree(tmp_path)


def test_shacl_violation_stops_the_build(tmp_path: Path) -> None:
    """Validation is wired into the build: a violation fails it and the old graph survives."""
    root = _mini_root(tmp_path / "p")
    (root / "shapes").unlink()
    shutil.copytree(ROOT / "shapes", root / "shapes")
    (root / "shapes" / "zz-test-violation.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix bwmo: <https://w3id.org/bwmo/def#> .
<https://example.org/shapes#NoCodes> a sh:NodeShape ;
    sh:targetNode <https://identifier.overheid.nl/tooi/id/gemeente/gm0363> ;
    sh:property [ sh:path bwmo:cbsCode ; sh:maxCount 0 ;
                  sh:message "test: no codes"@en , "test: geen codes"@nl ] .
""",
        encoding="utf-8",
    )
    out = tmp_path / "bwmo.trig"
    out.write_text("# previous graph\n", encoding="utf-8")
    with pytest.raises(BuildError, match="SHACL validation failed"):
        build(Settings(root=root), out)
    assert out.read_text(encoding="utf-8") == "# previous graph\n"


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    settings = Settings(root=_mini_root(tmp_path / "p"))
    with pytest.raises(BuildError, match="cannot write the output here"):
        build(settings, blocker / "sub" / "bwmo.trig")


def test_if_changed_rebuilds_only_when_an_input_or_the_output_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make build`/`make serve` run `python -m bwgraph.pipeline --if-changed`: an unchanged
    checkout starts serving at once; an edited source, or a touched output, builds again."""
    from bwgraph import pipeline

    root = _mini_root(tmp_path / "p")
    settings = Settings(root=root)
    out = tmp_path / "out" / "bwmo.trig"
    build(settings, out)
    assert pipeline.up_to_date(settings, out)
    monkeypatch.setattr(pipeline, "Settings", lambda: settings)
    built_at = out.stat().st_mtime_ns
    assert pipeline.main(["--if-changed", "--out", str(out)]) == 0
    assert out.stat().st_mtime_ns == built_at  # nothing rebuilt

    registry = root / "data" / "sources" / "sources.toml"
    registry.write_text("# an edited registry\n", encoding="utf-8")
    assert not pipeline.up_to_date(settings, out)
    assert pipeline.main(["--if-changed", "--out", str(out)]) == 0
    assert pipeline.up_to_date(settings, out)

    out.write_bytes(out.read_bytes() + b"\n")  # an output edited by hand
    assert not pipeline.up_to_date(settings, out)
    assert not pipeline.up_to_date(Settings(root=root, base="https://example.org/"), out)
