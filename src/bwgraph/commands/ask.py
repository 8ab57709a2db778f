"""``bwgraph ask ID --param k=v … [--format csv|json]``: run a named question from the CLI.

Same code path as ``GET /questions/{id}`` (:func:`bwgraph.questions.run_question`), so the CLI and
the API give the same answers. Exit codes: 0 answered, 2 unknown question, bad parameter or
missing graph.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bwgraph.config import Settings
from bwgraph.questions import (
    ParameterError,
    Question,
    QuestionError,
    UnknownQuestion,
    get_question,
    load_questions,
    render,
    run_question,
)
from bwgraph.stores.cli import STORE_ERRORS, StoreOption, open_cli_store


def parse_param_options(items: list[str]) -> dict[str, str]:
    """``["k=v", …]`` → ``{"k": "v"}``; a malformed item or a repeated key is a ParameterError."""
    raw: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(item, "expected --param NAME=VALUE")
        if name in raw:
            raise ParameterError(name, "given twice")
        raw[name] = value
    return raw


def ask(
    question_id: Annotated[str | None, typer.Argument(help="Question id (see --list).")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Parameter NAME=VALUE (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json.")] = "csv",
    graph: Annotated[
        Path | None, typer.Option("--graph", help="Built TriG file (default data/build/bwmo.trig).")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named questions.")] = False,
    store_url: StoreOption = None,
) -> None:
    """Answer a named question (queries/*.rq) with typed, validated parameters."""
    from bwgraph.cli import fail

    settings = Settings()
    try:
        questions = load_questions(settings.queries_dir)
    except QuestionError as exc:
        raise fail(str(exc)) from exc
    if list_:
        _print_list(questions, fmt)
        return
    if question_id is None:
        raise fail("give a question id, or --list")
    if fmt not in ("csv", "json"):
        raise fail(f"unknown format {fmt!r} (csv or json)")
    try:
        question = get_question(questions, question_id)
        raw = parse_param_options(param or [])
    except (UnknownQuestion, ParameterError) as exc:
        raise fail(str(exc)) from exc
    store = open_cli_store(store_url, graph)
    try:
        result = run_question(question, raw, store)
    except ParameterError as exc:
        raise fail(str(exc)) from exc
    except STORE_ERRORS as exc:
        raise fail(str(exc)) from exc
    typer.echo(render(question, result, fmt), nl=False)


def _print_list(questions: dict[str, Question], fmt: str) -> None:
    if fmt == "json":
        typer.echo(
            json.dumps([q.summary() for q in questions.values()], ensure_ascii=False, indent=2)
        )
        return
    for q in questions.values():
        params = ", ".join(f"{p.name}:{p.type_label}{'' if p.required else '?'}" for p in q.params)
        typer.echo(f"{q.id}\t{q.titles['en']}\t{params}")


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
