"""The ``bwgraph`` command line. Thin: each command calls one plain function and maps errors to
exit codes (0 success, 1 a negative answer such as "does not conform", 2 an error).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bwgraph.config import Settings

app = typer.Typer(
    name="bwgraph",
    help="Knowledge graph of Dutch beschermd wonen (BW) and maatschappelijke opvang (MO).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)
out = Console()

OutOption = Annotated[
    Path | None, typer.Option("--out", help="Output TriG file (default data/build/bwmo.trig).")
]
BaseOption = Annotated[
    str | None,
    typer.Option("--base", help="Base IRI for minted IRIs (default https://w3id.org/bwmo/)."),
]


@app.callback()
def _root() -> None:
    """Knowledge graph of Dutch beschermd wonen (BW) and maatschappelijke opvang (MO)."""


def settings_from(base: str | None) -> Settings:
    return Settings(base=base) if base else Settings()


def fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.command()
def build(
    out_path: OutOption = None,
    base: BaseOption = None,
    quiet: bool = False,
    wait: Annotated[float, typer.Option(
        "--wait", min=0, help="Seconds to wait for a running ingest/remove.")] = 120.0,
) -> None:
    """Build the graph: sources + reference + ontology → one TriG file (atomic, deterministic)."""
    from bwgraph.ingest import IngestError, registry_lock
    from bwgraph.pipeline import BuildError
    from bwgraph.pipeline import build as run_build

    settings = settings_from(base)
    try:
        # the registry must not change under the build: the same lock as ingest and remove
        with registry_lock(settings, wait,
                           on_wait=lambda m: console.print(m, highlight=False)):
            report = run_build(settings, out_path)
    except (BuildError, IngestError) as exc:
        raise fail(f"build failed, previous output left untouched: {exc}") from exc
    if quiet:
        return
    table = Table(title=f"bwgraph build → {report.output}")
    table.add_column("named graph", overflow="fold")
    table.add_column("triples", justify="right")
    for name, n in sorted(report.graph_sizes.items()):
        table.add_row(name, str(n))
    table.add_row("[b]total[/]", f"[b]{report.total_triples}[/]")
    out.print(table)
    for doc_id, stats in sorted(report.stats.items()):
        is_validation = doc_id == "validation"
        st = Table(title="SHACL validation" if is_validation else f"facts per item: {doc_id}")
        st.add_column("severity" if is_validation else "item", overflow="fold")
        st.add_column("results" if is_validation else "facts", justify="right")
        for key, n in sorted(stats.items()):
            st.add_row(key, str(n))
        out.print(st)
    for d in report.diagnostics:
        console.print(f"[yellow]warning:[/] {d}", highlight=False)
    out.print(f"sha256 {report.sha256}")


def _register_feature_commands() -> None:
    from bwgraph.commands import register_all

    register_all(app)


_register_feature_commands()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
