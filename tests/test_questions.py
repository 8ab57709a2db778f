"""Tests of :mod:`bwgraph.questions` and of every named question in ``queries/``.

Expected rows are read from the source documents by a person; each expectation quotes the line
it comes from (``001:147`` = data/sources/001_5d838909f9810eb3.txt line 147, and so on).

The graph is built from the extractors directly (ontology + reference + each document whose
extractor and transformer exist), so these tests do not depend on a full ``bwgraph build``.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import import_module
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.questions import (
    ParameterError,
    Question,
    QuestionError,
    bind_params,
    load_questions,
    parse_question,
    run_question,
    to_csv,
    to_json,
)
from bwgraph.serialize import write_trig
from bwgraph.sources import load_sources
from bwgraph.store import OxigraphStore

BASE = "https://w3id.org/bwmo/"
REGION = BASE + "id/region/"
DEF = "https://w3id.org/bwmo/def/"
SETTINGS = Settings()


# --- fixtures -----------------------------------------------------------------------------------


def build_question_graph(out: Path) -> tuple[Path, dict[str, str]]:
    """Write ontology + reference + every document that can be transformed into ``out``.

    Returns the TriG path and, per document kind, ``"ok"`` or why it is missing (shown as the
    skip reason of the tests that need that document).
    """
    from bwgraph.pipeline import _describe_document, ontology_graph
    from bwgraph.transform.reference import reference_graph

    ctx = BuildContext(SETTINGS)
    graphs = [
        (ctx.minter.graph("ontology"), ontology_graph(SETTINGS)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
    ]
    status: dict[str, str] = {}
    for doc in load_sources(SETTINGS.sources_dir):
        try:
            extractor = import_module(f"bwgraph.extract.{doc.kind}").EXTRACTOR
            to_graph = import_module(f"bwgraph.transform.{doc.kind}").to_graph
            g = to_graph(extractor.extract(doc), ctx)
        except Exception as exc:  # a part written by another engineer is not there yet
            status[doc.kind] = f"{doc.kind} extractor/transformer not usable: {exc!r}"
            continue
        _describe_document(g, doc, ctx)
        graphs.append((ctx.minter.graph(doc.id), g))
        status[doc.kind] = "ok"
    out.write_text(write_trig(graphs), encoding="utf-8")
    return out, status


@pytest.fixture(scope="session")
def question_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return build_question_graph(tmp_path_factory.mktemp("questions") / "graph.trig")


@pytest.fixture(scope="session")
def qstore(question_graph: tuple[Path, dict[str, str]]) -> OxigraphStore:
    return OxigraphStore.from_trig(question_graph[0])


@pytest.fixture(scope="session")
def questions() -> dict[str, Question]:
    return load_questions(SETTINGS.queries_dir)


def need(question_graph: tuple[Path, dict[str, str]], *kinds: str) -> None:
    """Skip (with the reason) when a document this question reads could not be transformed."""
    for kind in kinds:
        state = question_graph[1].get(kind, f"{kind}: no such document")
        if state != "ok":
            pytest.skip(state)


def ask(
    questions: dict[str, Question], store: OxigraphStore, qid: str, **params: str
) -> list[dict]:
    q = questions[qid]
    result = run_question(q, params, store)
    return json.loads(to_json(q, result))["rows"]


# --- the header parser ----------------------------------------------------------------------------

GOOD = """\
# id: sample
# title@nl: Voorbeeld
# title@en: Sample
# description@nl: Een voorbeeld.
# description@en: An example,
#   continued on a second line.
# param: day | xsd:date | required | description@en: a day
# param: kind | code:status | optional | default=yes
# columns: s, o
SELECT ?s ?o ?day ?kind WHERE { ?s ?p ?o . ?s ?q ?kind FILTER(?o < ?day) }
"""


def write(tmp_path: Path, text: str, name: str = "sample.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_good_header(tmp_path: Path) -> None:
    q = parse_question(write(tmp_path, GOOD))
    assert q.id == "sample"
    assert q.titles == {"nl": "Voorbeeld", "en": "Sample"}
    assert q.descriptions["en"] == "An example, continued on a second line."
    assert [(p.name, p.type_label, p.required, p.default) for p in q.params] == [
        ("day", "xsd:date", True, None),
        ("kind", "code:status", False, "yes"),
    ]
    assert q.columns == ("s", "o")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("# title@nl: Voorbeeld", "# title: Voorbeeld", 2, "needs a language tag"),
        ("# id: sample", "# id: other", 1, "must equal the file name"),
        ("# param: day | xsd:date |", "# param: day | xsd:datetime |", 7, "unknown type"),
        ("required | description@en: a day", "mandatory", 7, "expected 'required' or 'optional'"),
        ("# columns: s, o", "# columns: s", 9, "SELECT projects (s, o, day, kind)"),
        ("# title@en: Sample\n", "", 8, "no title@en"),
        ("# columns: s, o", "# colums: s, o", 9, "unknown header key"),
        ("{ ?s ?p ?o .", "{ ?s ?p ?o", 10, "SPARQL syntax error"),
        ("?q ?kind", "?q ?k", 9, "'kind' is not used"),
        (
            "# param: kind | code:status | optional",
            "# param: kind | code:status | required",
            8,
            "cannot have a default",
        ),
    ],
)
def test_malformed_header_names_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(QuestionError) as err:
        parse_question(path)
    assert err.value.line == line, str(err.value)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_every_shipped_question_loads(questions: dict[str, Question]) -> None:
    """The issue asks for the flagship plus at least 15 more; every file parses strictly."""
    assert "solidarity-without-outside-purchase" in questions
    assert len(questions) >= 16
    for q in questions.values():
        assert q.source.name == f"{q.id}.rq"
        assert set(q.titles) == {"nl", "en"} and set(q.descriptions) == {"nl", "en"}
        for p in q.params:
            assert {"en", "nl"} <= set(p.descriptions), f"{q.id}: {p.name} needs nl/en descriptions"


# --- binding --------------------------------------------------------------------------------------


def test_bind_date_integer_string_code(
    questions: dict[str, Question], qstore: OxigraphStore
) -> None:
    q = questions["actions-by-deadline"]
    bound = bind_params(q, {"from": "2018-01-01", "deadline_status": "done"}, qstore)
    assert bound["from"] == ox.Literal(
        "2018-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    )
    assert bound["deadline_status"] == ox.NamedNode(DEF + "deadline-status/done")
    assert "until" not in bound  # absent optional → unbound → no filter
    assert bind_params(questions["search"], {"q": 'a "b" {c}'}, qstore)["q"] == ox.Literal(
        'a "b" {c}'
    )


@pytest.mark.parametrize(
    ("qid", "params", "name", "message"),
    [
        ("agreements-in-force", {"date": "2021-13-01"}, "date", "not a valid date"),
        ("agreements-in-force", {"date": "1 juli 2021"}, "date", "not a date"),
        ("agreements-in-force", {}, "date", "required"),
        ("agreements-in-force", {"date": "2021-07-01", "dat": "x"}, "dat", "unknown parameter"),
        (
            "organisations-by-type",
            {"type": "bank"},
            "type",
            "not a code of scheme 'organisation-type'",
        ),
        ("product-offer", {"product": "castle"}, "product", "not a code of scheme 'product'"),
        (
            "municipality-profile",
            {"municipality": "Dordrecht"},
            "municipality",
            "not an absolute IRI",
        ),
        (
            "municipality-profile",
            {"municipality": REGION + "dordrecht"},
            "municipality",
            "is not a bwmo:Municipality",
        ),
        (
            "status-matrix",
            {"region_iri": "<x> } ; DROP ALL ; {"},
            "region_iri",
            "not an absolute IRI",
        ),
        ("search", {"q": "x" * 201}, "q", "longer than 200"),
    ],
)
def test_bad_values_raise_parameter_error(
    questions: dict[str, Question],
    qstore: OxigraphStore,
    qid: str,
    params: dict[str, str],
    name: str,
    message: str,
) -> None:
    with pytest.raises(ParameterError) as err:
        bind_params(questions[qid], params, qstore)
    assert err.value.name == name
    assert message in str(err.value)


def test_sparql_in_a_string_is_a_value(
    questions: dict[str, Question], qstore: OxigraphStore
) -> None:
    """A search phrase carrying SPARQL syntax is bound as a literal: no match, store unchanged."""
    before = len(qstore.ox)
    hostile = '"} ; DELETE WHERE { ?s ?p ?o } ; SELECT * { "'
    assert ask(questions, qstore, "search", q=hostile) == []
    assert len(qstore.ox) == before


def test_csv_and_json_have_the_declared_shape(
    questions: dict[str, Question], qstore: OxigraphStore
) -> None:
    q = questions["organisations-by-type"]
    result = run_question(q, {"type": "housing_corporation"}, qstore)
    text = to_csv(result, q.columns)
    header = next(csv.reader(io.StringIO(text)))
    assert header == list(q.columns)
    doc = json.loads(to_json(q, result))
    assert doc["question"] == q.id and doc["columns"] == list(q.columns)
    assert all(list(row) == list(q.columns) for row in doc["rows"])


# --- the CLI --------------------------------------------------------------------------------------


def cli(*args: str) -> tuple[int, str]:
    from bwgraph.cli import app

    res = CliRunner().invoke(app, list(args))
    return res.exit_code, res.output


def test_cli_list_and_errors(question_graph: tuple[Path, dict[str, str]]) -> None:
    code, out = cli("ask", "--list")
    assert code == 0 and "solidarity-without-outside-purchase" in out
    code, out = cli("ask", "no-such-question", "--graph", str(question_graph[0]))
    assert code == 2 and "unknown question 'no-such-question'" in out
    code, out = cli(
        "ask", "overdue-actions", "--param", "date=tomorrow", "--graph", str(question_graph[0])
    )
    assert code == 2 and "parameter 'date'" in out
    code, out = cli("ask", "overdue-actions", "--param", "date", "--graph", str(question_graph[0]))
    assert code == 2 and "NAME=VALUE" in out


def test_cli_gives_the_same_rows_as_the_library(
    questions: dict[str, Question],
    qstore: OxigraphStore,
    question_graph: tuple[Path, dict[str, str]],
) -> None:
    code, out = cli(
        "ask",
        "organisations-by-type",
        "--param",
        "type=care_provider",
        "--format",
        "json",
        "--graph",
        str(question_graph[0]),
    )
    assert code == 0, out
    assert json.loads(out)["rows"] == ask(
        questions, qstore, "organisations-by-type", type="care_provider"
    )
