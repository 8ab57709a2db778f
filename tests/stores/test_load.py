"""``bwgraph load``: idempotent, verified, recorded, and silent about credentials.

Runs the real command (``bwgraph load --store …``) against a fresh Oxigraph server, and the load
function against the session's Virtuoso (digest authentication from the environment).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from bwgraph.cli import app
from bwgraph.config import Settings
from bwgraph.store import BuildInfo
from bwgraph.stores import SparqlHttpStore
from bwgraph.stores.families import VirtuosoStore
from bwgraph.stores.load import count_triples, load, read_graphs
from bwgraph.stores.release import release_graph
from tests.stores.conftest import remote_store
from tests.stores.servers import VIRTUOSO_PASSWORD, OxigraphServer, Server

pytestmark = pytest.mark.slow


@pytest.fixture
def empty_oxigraph(tmp_path: Path) -> Iterator[Server]:
    server = OxigraphServer(tmp_path)
    server.start()
    yield server
    server.stop()


def _counts(server: Server, settings: Settings, graphs: list[str]) -> dict[str, int]:
    store = remote_store(server, settings)
    try:
        return {g: count_triples(store, g) for g in graphs}
    finally:
        store.close()


def test_load_twice_leaves_the_same_triples(empty_oxigraph: Server, built_trig: Path,
                                             settings: Settings, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["load", "--store", empty_oxigraph.url, "--graph", str(built_trig)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    expected = {g: len(ts) for g, ts in read_graphs(built_trig).items()}
    assert _counts(empty_oxigraph, settings, list(expected)) == expected

    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert _counts(empty_oxigraph, settings, list(expected)) == expected  # replaced, not doubled
    sha = BuildInfo.of(built_trig).sha256
    assert f"release sha256 {sha}" in second.output

    store = remote_store(empty_oxigraph, settings)
    release = store.release(refresh=True)
    assert release is not None and release.sha256 == sha and release.graphs == expected
    assert release.note is None  # Oxigraph stores every fact as it is
    assert store.graph_names() == frozenset(expected)  # the record itself is not served
    assert release_graph(settings.base) not in store.graph_names()

    # a build without one of the graphs: that graph is removed from the store
    dropped = sorted(expected)[0]
    smaller = tmp_path / "smaller.trig"
    quads = [q for q in ox.parse(path=str(built_trig), format=ox.RdfFormat.TRIG)
             if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == dropped)]
    ox.serialize(quads, smaller, ox.RdfFormat.TRIG)
    third = runner.invoke(app, ["load", "--store", empty_oxigraph.url, "--graph", str(smaller)])
    assert third.exit_code == 0, third.output
    assert f"removed {dropped}" in third.output
    assert count_triples(store, dropped) == 0
    store.release(refresh=True)  # the store re-reads the record every few seconds by itself
    assert store.graph_names() == frozenset(expected) - {dropped}
    store.close()


def test_credentials_stay_out_of_output(virtuoso_server: Server, built_trig: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BWGRAPH_STORE_USER", "dba")
    monkeypatch.setenv("BWGRAPH_STORE_PASSWORD", VIRTUOSO_PASSWORD)
    # read back through its adapter, Virtuoso's copy is the file's: no changes to accept
    result = CliRunner().invoke(app, ["load", "--store", virtuoso_server.url, "--graph",
                                      str(built_trig)])
    assert result.exit_code == 0, result.output
    assert "release sha256" in result.output and "changed" not in result.output
    assert f"dba:{VIRTUOSO_PASSWORD}" not in result.output
    assert VIRTUOSO_PASSWORD not in result.output
    # a wrong password is refused with a hint, and the password is not echoed
    monkeypatch.setenv("BWGRAPH_STORE_PASSWORD", "not-the-password-42")
    refused = CliRunner().invoke(app, ["load", "--store", virtuoso_server.url, "--graph",
                                       str(built_trig)])
    assert refused.exit_code == 2
    assert "BWGRAPH_STORE_USER" in refused.output
    assert "not-the-password-42" not in refused.output
    # a URL with user info is refused before anything is sent
    url = virtuoso_server.url.replace("http://", "http://dba:secret-in-url@")
    in_url = CliRunner().invoke(app, ["load", "--store", url])
    assert in_url.exit_code == 2 and "secret-in-url" not in in_url.output


def test_a_server_that_changes_facts_is_caught(virtuoso_server: Server, built_trig: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without its adapter's read-back, Virtuoso's copy differs from the file (a year-month
    duration comes back as its months, WKT without spaces): the load is refused, naming a
    changed triple, unless ``--accept-server-changes``, which records the release with a note."""
    monkeypatch.setenv("BWGRAPH_STORE_USER", "dba")
    monkeypatch.setenv("BWGRAPH_STORE_PASSWORD", VIRTUOSO_PASSWORD)
    args = ["load", "--store", virtuoso_server.url, "--graph", str(built_trig)]
    with monkeypatch.context() as raw:
        raw.setattr(VirtuosoStore, "adapt_term", SparqlHttpStore.adapt_term)
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "changed what it stored" in result.output
        assert "XMLSchema#duration" in result.output or "virtrdf#Geometry" in result.output
        accepted = CliRunner().invoke(app, [*args, "--accept-server-changes"])
        assert accepted.exit_code == 0, accepted.output
        assert "release sha256" in accepted.output and "the server changed" in accepted.output
    # with the adapter again, the release is recorded without a note (the session's state)
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "changed" not in again.output, again.output


def test_load_refuses_a_file_without_named_graphs(empty_oxigraph: Server, tmp_path: Path,
                                                  settings: Settings) -> None:
    flat = tmp_path / "flat.trig"
    flat.write_text("<https://example.org/s> <https://example.org/p> 1 .\n", encoding="utf-8")
    store = remote_store(empty_oxigraph, settings)
    with pytest.raises(Exception, match="outside any named graph"):
        load(store, flat)
    assert store.release(refresh=True) is None
    store.close()
