"""``bwgraph validate``: check a built graph against ``shapes/`` and summarise its data quality.

Exit codes (as pySHACL's CLI): 0 the graph conforms (no ``sh:Violation``), 1 it does not, 2 an
error (missing or unparseable file, broken shapes).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from bwgraph.config import Settings
from bwgraph.quality import QualitySummary, summarise
from bwgraph.store import OxigraphStore
from bwgraph.stores.cli import STORE_ERRORS, StoreOption, open_cli_store
from bwgraph.validate import (
    Severity,
    ShapesError,
    ValidationOutcome,
    load_shapes,
    load_union,
    short,
    validate_graph,
)

_STYLE = {Severity.VIOLATION: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def validate_command(
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="Built graph (TriG); default data/build/bwmo.trig."),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write the sh:ValidationReport as Turtle to this file."),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary/--no-summary", help="Print the data-quality summary.")
    ] = True,
    max_per_shape: Annotated[
        int,
        typer.Option("--max-per-shape", help="Focus nodes shown per shape (0: all)."),
    ] = 10,
    store: StoreOption = None,
) -> None:
    """Validate the built graph with the SHACL shapes; print results and a data-quality summary."""
    from bwgraph.cli import fail

    settings = Settings()
    path = graph or settings.default_output
    with tempfile.TemporaryDirectory(prefix="bwgraph-validate-") as tmp:
        if store:  # the graph as the server holds it, copied once (SHACL runs locally)
            remote = open_cli_store(store, graph)
            path = Path(tmp) / "store.nq"
            try:
                ox.serialize(remote.quads(), path, ox.RdfFormat.N_QUADS)
            except STORE_ERRORS as exc:
                raise fail(str(exc)) from exc
        _validate(path, settings, report, summary, max_per_shape)


def _validate(path: Path, settings: Settings, report: Path | None, summary: bool,
              max_per_shape: int) -> None:
    from bwgraph.cli import console, fail, out

    try:
        data, ox_store = load_union(path)
        shapes = load_shapes(settings)
        outcome = validate_graph(data, shapes, store=ox_store)
    except (FileNotFoundError, ValueError, ShapesError) as exc:
        raise fail(str(exc)) from exc
    print_outcome(outcome, out, max_per_shape=max_per_shape)
    if report is not None:
        try:
            outcome.report.serialize(destination=report, format="turtle")
        except OSError as exc:
            raise fail(f"{report}: cannot write the report: {exc}") from exc
        console.print(f"report written to {report}", highlight=False)
    if summary:
        print_quality(summarise(OxigraphStore(ox_store)), out)
    raise typer.Exit(0 if outcome.conforms else 1)


def print_outcome(outcome: ValidationOutcome, console: Console, *, max_per_shape: int = 10) -> None:
    """Results grouped by shape, then focus node, each with its evidence line where known."""
    grouped = outcome.grouped()
    for shape, by_focus in grouped.items():
        first = next(iter(by_focus.values()))[0]
        style = _STYLE[first.severity]
        n = sum(len(v) for v in by_focus.values())
        console.print(
            f"[{style}]{first.severity.label}[/] [b]{short(shape)}[/] "
            f"({n} result{'s' if n != 1 else ''}, {len(by_focus)} focus node"
            f"{'s' if len(by_focus) != 1 else ''})",
            highlight=False,
        )
        shown = list(by_focus.items())
        if max_per_shape > 0:
            shown = shown[:max_per_shape]
        for focus, results in shown:
            console.print(f"  {focus}", highlight=False)
            for r in results:
                path = f"{short(r.path)}: " if r.path and ":" in r.path else ""
                console.print(f"    {path}{r.message_en}", highlight=False)
                if r.message_nl and r.message_nl != r.message_en:
                    console.print(f"    [dim]{r.message_nl}[/]", highlight=False)
            ev = results[0].evidence
            if ev is not None:
                console.print(f"    [dim]evidence {ev}: {ev.quote[:120]!r}[/]", highlight=False)
        if len(shown) < len(by_focus):
            console.print(f"  … and {len(by_focus) - len(shown)} more", highlight=False)
    c = outcome.counts
    verdict = "[green]conforms[/]" if outcome.conforms else "[bold red]does not conform[/]"
    console.print(
        f"{verdict}: {c[Severity.VIOLATION]} violation(s), {c[Severity.WARNING]} warning(s), "
        f"{c[Severity.INFO]} info note(s); {outcome.triples} triples in {outcome.seconds:.2f} s",
        highlight=False,
    )


def print_quality(q: QualitySummary, console: Console) -> None:
    """The data-quality summary as rich tables."""
    share = f"{q.not_stated_total} of {q.assessments_total}"
    t = Table(title=f"not_stated statuses per region ({share})")
    t.add_column("region")
    t.add_column("not_stated", justify="right")
    t.add_column("assessments", justify="right")
    t.add_column("topics not stated")
    for r in q.regions:
        if r.not_stated:
            t.add_row(r.name, str(r.not_stated), str(r.assessments), ", ".join(r.topics))
    silent = sum(1 for r in q.regions if not r.not_stated)
    t.caption = f"{silent} region(s) with every status stated are not listed"
    console.print(t)

    t = Table(title="not_stated statuses per topic")
    t.add_column("topic")
    t.add_column("not_stated", justify="right")
    t.add_column("assessments", justify="right")
    for tg in q.topics:
        t.add_row(tg.name, str(tg.not_stated), str(tg.assessments))
    console.print(t)

    t = Table(title="facts per source document")
    t.add_column("document")
    t.add_column("fact nodes", justify="right")
    t.add_column("lines cited", justify="right")
    t.add_column("lines", justify="right")
    for d in q.documents:
        t.add_row(d.identifier, str(d.facts), str(d.lines_cited),
                  "" if d.line_count is None else str(d.line_count))
    console.print(t)

    print_coverage(q, console)

    t = Table(title="nodes per class")
    t.add_column("class")
    t.add_column("nodes", justify="right")
    for c in q.classes:
        t.add_row(short(c.cls), str(c.nodes))
    console.print(t)


def print_coverage(q: QualitySummary, console: Console) -> None:
    """Coverage per region and document: facts per kind, mentions (unresolved), not-stated."""
    by_region: dict[tuple[str, str], list[str]] = {}
    for c in q.coverage:
        by_region.setdefault((c.name, c.document), []).append(f"{c.kind} {c.facts}")
    not_stated = {r.name: r.not_stated for r in q.regions}
    mentions: dict[str, list[str]] = {}
    for m in q.mentions:
        extra = f" ({m.unresolved} unresolved)" if m.unresolved else ""
        mentions.setdefault(m.name, []).append(f"{m.kind} {m.mentions}{extra}")
    t = Table(title="coverage per region and document")
    t.add_column("region")
    t.add_column("document")
    t.add_column("facts per kind")
    t.add_column("mentions per kind")
    t.add_column("not_stated", justify="right")
    for (name, document), kinds in sorted(by_region.items()):
        t.add_row(
            name,
            document,
            ", ".join(kinds),
            ", ".join(mentions.get(name, [])),
            str(not_stated.get(name, "")),
        )
    console.print(t)

    t = Table(title=f"names seen but not resolved ({len(q.unresolved)})")
    t.add_column("name")
    t.add_column("kind")
    t.add_column("region")
    t.add_column("document:line")
    for u in q.unresolved:
        t.add_row(u.text, u.kind, u.region, f"{u.document}:{u.line or ''}")
    console.print(t)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
