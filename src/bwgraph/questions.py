"""Named questions: a registry of ``queries/*.rq`` with typed parameters and fixed result shapes.

Each ``.rq`` file starts with a comment header that declares what the question is (id, titles and
descriptions in Dutch and English), which parameters it takes (with a type), and which columns it
returns. The header is the contract shared by the CLI (``bwgraph ask``) and the API
(``GET /questions/{id}``): both call :func:`run_question`, so they give the same answers.

Parameters are never spliced into the query text. They are validated here (a bad value raises
:class:`ParameterError` naming the parameter) and bound as RDF terms with the store's
substitutions, so a value carrying SPARQL syntax stays a value.

Header format (one item per line, ``#`` comments before the first query line)::

    # id: solidarity-without-outside-purchase
    # title@nl: …
    # title@en: …
    # description@nl: …
    # description@en: …
    # param: topic | code:topic | optional | default=ua_financial_solidarity | description@en: …
    # param: date | xsd:date | required | description@en: … | description@nl: …
    # columns: region, answer, reason

A line ``#   more text`` (indented after the ``#``) continues the previous title or description.

Binding uses pyoxigraph's ``substitutions``, whose rules shape how the queries are written:
the SELECT must project every parameter variable (after the declared columns, and dropped from
the result, unless the parameter is itself a column such as ``region_iri``); a substituted
variable is not seen inside sub-SELECTs nor by ``BOUND`` or a bare ``BIND(?param AS ?x)``,
so an optional parameter is used either in a triple pattern (unbound → matches anything) or in a
filter of the form ``COALESCE(<test on ?param>, true)`` (unbound → the test errors → no filter).
Parameter types: ``iri:<class CURIE>``, ``code:<scheme>``, ``xsd:date``, ``xsd:integer``,
``string``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bwgraph.namespaces import BWMO_CODE, PREFIXES
from bwgraph.store import Binding, SelectResult, Store

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Parameter types that take no argument after a colon.
SIMPLE_TYPES = ("xsd:date", "xsd:integer", "string")
#: Longest string parameter accepted (a search phrase, not a document).
MAX_STRING = 200

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER = re.compile(r"^#\s?(?P<key>[a-z]+)(?:@(?P<lang>[a-z]{2}))?:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
# An absolute IRI without characters that SPARQL's IRIREF forbids.
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`]+$')


class QuestionError(Exception):
    """A ``.rq`` file is malformed; the message names file and line."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class UnknownQuestion(KeyError):
    """No question with this id."""

    def __init__(self, qid: str, known: list[str]) -> None:
        super().__init__(qid)
        self.qid = qid
        self.known = known

    def __str__(self) -> str:
        return f"unknown question {self.qid!r} (known: {', '.join(self.known)})"


class ParameterError(ValueError):
    """A parameter value is missing, malformed or unknown; the API answers 422 with it — or 404
    when the value is a well-formed IRI that names nothing of the asked class in the graph
    (``not_found``)."""

    def __init__(self, name: str, message: str, *, not_found: bool = False) -> None:
        super().__init__(f"parameter {name!r}: {message}")
        self.name = name
        self.message = message
        self.not_found = not_found


@dataclass(frozen=True)
class Param:
    """A typed question parameter as declared in the header."""

    name: str
    #: ``iri``, ``code``, ``xsd:date``, ``xsd:integer`` or ``string``.
    kind: str
    #: The class CURIE for ``iri``, the scheme notation for ``code``, else ``None``.
    target: str | None
    required: bool
    default: str | None
    descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def type_label(self) -> str:
        """The type as written in the header (``code:topic``)."""
        return f"{self.kind}:{self.target}" if self.target else self.kind

    def description(self, lang: str = "en") -> str:
        text = self.descriptions.get(lang) or next(iter(self.descriptions.values()), "")
        return f"{text} ({self.type_label})".strip()


@dataclass(frozen=True)
class Question:
    """One named question: header metadata plus the SPARQL SELECT text."""

    id: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    query: str
    source: Path

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def summary(self) -> dict[str, Any]:
        """What ``GET /questions`` and ``bwgraph ask --list`` show."""
        return {
            "id": self.id,
            "title": self.titles,
            "description": self.descriptions,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type_label,
                    "required": p.required,
                    "default": p.default,
                    "description": p.descriptions,
                }
                for p in self.params
            ],
            "columns": list(self.columns),
        }


# --- loading ----------------------------------------------------------------------------------


def load_questions(queries_dir: Path) -> dict[str, Question]:
    """Parse every ``*.rq`` in ``queries_dir``; raise :class:`QuestionError` on a bad one."""
    questions: dict[str, Question] = {}
    for path in sorted(queries_dir.glob("*.rq")):
        q = parse_question(path)
        if q.id in questions:
            raise QuestionError(
                path, 1, f"duplicate id {q.id!r} (also in {questions[q.id].source})"
            )
        questions[q.id] = q
    return questions


def parse_question(path: Path) -> Question:
    """Parse one ``.rq`` file strictly and check its query against the declared shape."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        header.append((n, line))
    if not header:
        raise QuestionError(path, 1, "missing header (expected '# id: …' on the first line)")

    qid: str | None = None
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    params: list[Param] = []
    columns: tuple[str, ...] | None = None
    last: dict[str, str] | None = None
    last_lang = ""
    for n, line in header:
        if line.strip() == "#":
            last = None
            continue
        cont = _CONTINUATION.match(line)
        if cont and last is not None:
            last[last_lang] = f"{last[last_lang]} {cont.group('value').strip()}"
            continue
        m = _HEADER.match(line)
        if not m:
            raise QuestionError(
                path, n, f"malformed header line {line!r} (expected '# key: value')"
            )
        key, lang, value = m.group("key"), m.group("lang"), m.group("value").strip()
        last = None
        if key in ("title", "description"):
            if not lang:
                raise QuestionError(path, n, f"{key} needs a language tag ({key}@nl / {key}@en)")
            target = titles if key == "title" else descriptions
            if lang in target:
                raise QuestionError(path, n, f"duplicate {key}@{lang}")
            if not value:
                raise QuestionError(path, n, f"empty {key}@{lang}")
            target[lang] = value
            last, last_lang = target, lang
            continue
        if lang:
            raise QuestionError(path, n, f"{key} takes no language tag")
        if key == "id":
            if qid is not None:
                raise QuestionError(path, n, "duplicate id")
            if not _ID.match(value):
                raise QuestionError(path, n, f"id {value!r} must be lower-case words joined by '-'")
            if value != path.stem:
                raise QuestionError(path, n, f"id {value!r} must equal the file name {path.stem!r}")
            qid = value
        elif key == "param":
            p = _parse_param(path, n, value)
            if any(x.name == p.name for x in params):
                raise QuestionError(path, n, f"duplicate parameter {p.name!r}")
            params.append(p)
        elif key == "columns":
            if columns is not None:
                raise QuestionError(path, n, "duplicate columns")
            columns = tuple(c.strip() for c in value.split(","))
            if not all(_NAME.match(c) for c in columns):
                raise QuestionError(path, n, f"columns must be lower-case names: {value!r}")
        else:
            raise QuestionError(path, n, f"unknown header key {key!r}")

    end = header[-1][0]
    if qid is None:
        raise QuestionError(path, 1, "header has no '# id:'")
    for lang in ("nl", "en"):
        if lang not in titles:
            raise QuestionError(path, end, f"header has no title@{lang}")
        if lang not in descriptions:
            raise QuestionError(path, end, f"header has no description@{lang}")
    if columns is None:
        raise QuestionError(path, end, "header has no '# columns:'")

    query = "\n".join(lines[end:]).strip() + "\n"
    body = query[query.find("{") :]  # the pattern, after the projection
    for p in params:
        if not re.search(rf"[?$]{p.name}\b", body):
            raise QuestionError(
                path, end, f"parameter {p.name!r} is not used as ?{p.name} in the query pattern"
            )
    variables = _projected_variables(path, end + 1, query)
    # A parameter may share its name with a column that shows the bound IRI (``region_iri``).
    expected = (*columns, *(p.name for p in params if p.name not in columns))
    if tuple(variables) != expected:
        raise QuestionError(
            path,
            end,
            f"SELECT projects ({', '.join(variables)}) but the header declares columns, "
            "then parameters "
            f"({', '.join(expected)})",
        )
    return Question(qid, titles, descriptions, tuple(params), columns, query, path)


def _parse_param(path: Path, n: int, value: str) -> Param:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) < 3:
        raise QuestionError(
            path,
            n,
            "param needs 'name | type | required|optional [| default=…] [| description@en: …]'",
        )
    name, type_, req = parts[0], parts[1], parts[2]
    if not _NAME.match(name):
        raise QuestionError(
            path, n, f"parameter name {name!r} must be a lower-case SPARQL variable name"
        )
    if name in ("format",):
        raise QuestionError(path, n, f"parameter name {name!r} is reserved")
    if type_ in SIMPLE_TYPES:
        kind, target = type_, None
    elif type_.startswith("iri:") or type_.startswith("code:"):
        kind, _, target = type_.partition(":")
        if not target:
            raise QuestionError(path, n, f"type {type_!r} needs a target after ':'")
        if kind == "iri":
            prefix, _, local = target.partition(":")
            if prefix not in PREFIXES or not local:
                raise QuestionError(
                    path, n, f"class {target!r} must be a CURIE with a known prefix"
                )
    else:
        raise QuestionError(
            path,
            n,
            f"unknown type {type_!r} (use iri:<class>, code:<scheme>, {', '.join(SIMPLE_TYPES)})",
        )
    if req not in ("required", "optional"):
        raise QuestionError(path, n, f"expected 'required' or 'optional', got {req!r}")
    default: str | None = None
    descs: dict[str, str] = {}
    for extra in parts[3:]:
        if extra.startswith("default="):
            default = extra[len("default=") :].strip()
        elif m := re.match(r"^description@([a-z]{2}):?\s*(.+)$", extra):
            descs[m.group(1)] = m.group(2).strip()
        else:
            raise QuestionError(path, n, f"unexpected param field {extra!r}")
    if req == "required" and default is not None:
        raise QuestionError(path, n, f"required parameter {name!r} cannot have a default")
    return Param(name, kind, target, req == "required", default, descs)


def _projected_variables(path: Path, line: int, query: str) -> list[str]:
    """Run the query on an empty store: checks the syntax and gives the SELECT variables."""
    try:
        res = ox.Store().query(query)
    except SyntaxError as exc:
        raise QuestionError(path, line, f"SPARQL syntax error: {exc}") from exc
    if not isinstance(res, ox.QuerySolutions):
        raise QuestionError(path, line, "a named question must be a SELECT query")
    return [v.value for v in res.variables]


# --- binding ----------------------------------------------------------------------------------


def expand_curie(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def bind_params(
    question: Question, raw: Mapping[str, str | None], store: Store
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Validate raw string values and turn them into RDF terms for the query's variables.

    Absent optional parameters without a default stay unbound (the query treats them as "no
    filter"). Unknown names, missing required values and malformed values raise
    :class:`ParameterError`.
    """
    for name in raw:
        if question.param(name) is None:
            known = ", ".join(p.name for p in question.params) or "none"
            raise ParameterError(
                name, f"unknown parameter for question {question.id!r} (known: {known})"
            )
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in question.params:
        value = raw.get(p.name)
        if value is None or value == "":
            value = p.default
        if value is None:
            if p.required:
                raise ParameterError(p.name, f"required ({p.type_label})")
            continue
        bound[p.name] = _term(p, value.strip(), store)
    return bound


def _term(p: Param, value: str, store: Store) -> ox.NamedNode | ox.Literal:
    if p.kind == "xsd:date":
        if not _DATE.match(value):
            raise ParameterError(p.name, f"{value!r} is not a date (expected YYYY-MM-DD)")
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ParameterError(p.name, f"{value!r} is not a valid date: {exc}") from exc
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if p.kind == "xsd:integer":
        if not _INTEGER.match(value):
            raise ParameterError(p.name, f"{value!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if p.kind == "string":
        if len(value) > MAX_STRING:
            raise ParameterError(p.name, f"longer than {MAX_STRING} characters")
        if not value:
            raise ParameterError(p.name, "empty")
        return ox.Literal(value)
    if p.kind == "code":
        assert p.target is not None
        return _code(p, p.target, value, store)
    if p.kind == "iri":
        assert p.target is not None
        return _iri(p, p.target, value, store)
    raise AssertionError(p.kind)  # pragma: no cover - types are checked when parsing


def _code(p: Param, scheme_name: str, value: str, store: Store) -> ox.NamedNode:
    """A code is given by its notation (or its concept IRI) and must be in the scheme."""
    scheme = ox.NamedNode(f"{BWMO_CODE}{scheme_name}")
    res = store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?c ?n ?scheme WHERE { ?c skos:inScheme ?scheme ; skos:notation ?n } ORDER BY ?n",
        bindings={"scheme": scheme},
    )
    known = {row["n"].value: row["c"].value for row in res.rows if "n" in row}
    if value in known:
        return ox.NamedNode(known[value])
    if value in known.values():
        return ox.NamedNode(value)
    listing = ", ".join(sorted(known)) if known else "none: the scheme is not in the store"
    raise ParameterError(
        p.name, f"{value!r} is not a code of scheme {scheme_name!r} (known: {listing})"
    )


def _iri(p: Param, class_curie: str, value: str, store: Store) -> ox.NamedNode:
    """An IRI must be absolute and name an instance of the class (or of a subclass) in the store."""
    if not _IRI.match(value):
        raise ParameterError(p.name, f"{value!r} is not an absolute IRI")
    try:
        node = ox.NamedNode(value)
    except ValueError as exc:
        raise ParameterError(p.name, f"{value!r} is not a valid IRI: {exc}") from exc
    if class_curie == "rdfs:Resource":
        return node
    found = store.ask(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "ASK { ?x a ?t . ?t rdfs:subClassOf* ?cls }",
        bindings={"x": node, "cls": ox.NamedNode(expand_curie(class_curie))},
    )
    if not found:
        raise ParameterError(p.name, f"<{value}> is not a {class_curie} in the graph",
                             not_found=True)
    return node


# --- running and formatting -------------------------------------------------------------------


def run_question(
    question: Question, raw_params: Mapping[str, str | None], store: Store
) -> SelectResult:
    """Validate and bind the parameters, run the query, and check the result shape."""
    bindings = bind_params(question, raw_params, store)
    result = store.select(question.query, bindings=bindings)
    if tuple(result.variables[: len(question.columns)]) != question.columns:
        raise RuntimeError(
            f"{question.source}: result columns {result.variables} != {question.columns}"
        )
    # The parameter variables are projected only because substitution needs them; drop them.
    return SelectResult(list(question.columns), result.rows)


def get_question(questions: Mapping[str, Question], qid: str) -> Question:
    try:
        return questions[qid]
    except KeyError:
        raise UnknownQuestion(qid, sorted(questions)) from None


_NUMERIC = {
    XSD + "integer": int,
    XSD + "decimal": float,
    XSD + "double": float,
    XSD + "float": float,
}


def json_value(b: Binding | None) -> str | int | float | bool | None:
    """A cell as JSON: numbers and booleans typed, everything else its lexical form or IRI."""
    if b is None:
        return None
    if b.kind == "literal" and b.datatype in _NUMERIC:
        try:
            return _NUMERIC[b.datatype](b.value)
        except ValueError:
            return b.value
    if b.kind == "literal" and b.datatype == XSD + "boolean":
        return b.value in ("true", "1")
    return b.value


def to_rows(result: SelectResult, columns: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    return [{c: json_value(row.get(c)) for c in columns} for row in result.rows]


def to_json(question: Question, result: SelectResult) -> str:
    """``{"question": id, "columns": [...], "rows": [{col: value}]}``: one shape for all."""
    doc = {
        "question": question.id,
        "columns": list(question.columns),
        "rows": to_rows(result, question.columns),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(result: SelectResult, columns: tuple[str, ...] | list[str]) -> str:
    """CSV with exactly the declared columns as header; absent values are empty cells."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in result.rows:
        w.writerow(["" if c not in row else row[c].value for c in columns])
    return buf.getvalue()


def render(question: Question, result: SelectResult, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(result, question.columns)
    if fmt == "json":
        return to_json(question, result)
    raise ValueError(f"unknown format {fmt!r} (csv or json)")
