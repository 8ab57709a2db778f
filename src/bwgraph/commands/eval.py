"""``bwgraph eval [--corpus data/devcorpus] [--split dev|heldout|all] [--report FILE.md|FILE.csv]``.

Prints precision and recall of the general extractor per fact kind over the development corpus,
on the split the rules were tuned on (``dev``, default), on the held-out split, or on both.
Exit codes: 0 evaluated (whatever the numbers), 2 the corpus cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def eval_command(
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus folder (default data/devcorpus).")
    ] = None,
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="Corpus split: dev (tuned on), heldout (never tuned on) or all.",
        ),
    ] = "dev",
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write the report: .md (with errors) or .csv."),
    ] = None,
) -> None:
    """Precision and recall of the general extractor per fact kind on the development corpus."""
    from rich.table import Table

    from bwgraph.cli import fail, out
    from bwgraph.config import project_root
    from bwgraph.evaluate import TARGETS, EvalError, evaluate, rows, to_csv, to_markdown

    path = corpus or project_root() / "data" / "devcorpus"
    try:
        result = evaluate(path, split)
    except EvalError as exc:
        raise fail(str(exc)) from exc
    table = Table(title=f"bwgraph eval → {path}, split {split} ({result.documents} documents)")
    for col in ("kind", "tp", "fp", "fn", "precision", "recall", "target"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    met = result.meets_targets()
    for kind, tp, fp, fn, p, r in rows(result):
        target = ""
        if kind in TARGETS:
            target = (
                "met" if met[kind] else "not met"
            ) + f" (P≥{TARGETS[kind][0]}, R≥{TARGETS[kind][1]})"
        table.add_row(kind, str(tp), str(fp), str(fn), p, r, target)
    out.print(table)
    if report is not None:
        text = to_csv(result) if report.suffix.lower() == ".csv" else to_markdown(result)
        try:
            report.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"{report}: cannot write the report: {exc.strerror}") from exc
        out.print(f"report written to {report}")


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
