"""Every graph-reading command gives the same output with ``--store URL`` as with ``--graph``.

Run against the session's Oxigraph server (loaded with the same build), through the real CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bwgraph.cli import app
from tests.stores.servers import Server

pytestmark = pytest.mark.slow

REGION = "https://w3id.org/bwmo/id/region/alkmaar"


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "solidarity-without-outside-purchase", "--format", "json"],
        ["ask", "topic-status", "--param", "topic=ua_financial_solidarity"],
        ["export", "checklist"],
        ["export", "focus", REGION, "--format", "ntriples"],
        ["query", "{query}", "--format", "csv"],
    ],
    ids=["ask", "ask-param", "checklist", "focus", "query"],
)
def test_store_and_file_give_the_same_output(args: list[str], oxigraph_server: Server,
                                             built_trig: Path, tmp_path: Path) -> None:
    query = tmp_path / "graphs.rq"
    query.write_text("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                     "GROUP BY ?g ORDER BY ?g\n", encoding="utf-8")
    args = [str(query) if a == "{query}" else a for a in args]
    runner = CliRunner()
    from_file = runner.invoke(app, [*args, "--graph", str(built_trig)])
    from_store = runner.invoke(app, [*args, "--store", oxigraph_server.url])
    assert from_file.exit_code == 0, from_file.output
    assert from_store.exit_code == 0, from_store.output
    if "ntriples" in args:  # same triples; line order is the store's
        assert sorted(from_store.output.splitlines()) == sorted(from_file.output.splitlines())
    else:
        assert from_store.output == from_file.output
    assert from_file.output.strip()


def test_unreachable_store_is_exit_2_with_the_reason() -> None:
    result = CliRunner().invoke(app, ["export", "checklist", "--store",
                                      "oxigraph+http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "unavailable" in result.output and "127.0.0.1:9" in result.output


def test_store_and_graph_together_are_refused(built_trig: Path) -> None:
    result = CliRunner().invoke(app, ["export", "checklist", "--graph", str(built_trig),
                                      "--store", "oxigraph+http://127.0.0.1:9"])
    assert result.exit_code == 2 and "not both" in result.output
