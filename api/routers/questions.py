"""``GET /questions`` and one ``GET /questions/{id}`` route per named question (queries/*.rq).

The routes are generated at import from the question headers, each with an explicit signature of
``Query`` parameters, so the OpenAPI document shows every question with its parameters (name,
type, required, default, description) and its fixed JSON result shape. Values are validated and
bound by :func:`bwgraph.questions.run_question` — the same function ``bwgraph ask`` calls — and a
bad value gives 422 naming the parameter. Evaluation runs in the query runner's worker threads,
so a slow question never blocks the event loop.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, create_model
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from api.deps import RunnerDep, StoreDep
from bwgraph.config import Settings
from bwgraph.formats import Format, negotiate
from bwgraph.namespaces import BWMO_CODE
from bwgraph.questions import (
    ParameterError,
    Question,
    load_questions,
    run_question,
    to_csv,
    to_json,
)

router = APIRouter(prefix="/questions", tags=["questions"])

#: The representations of a question's answer; JSON first (the default).
FORMATS: tuple[Format, ...] = (
    Format("json", ("application/json",), "json"),
    Format("csv", ("text/csv",), "csv", aliases=("text",)),
)

QUESTIONS: dict[str, Question] = load_questions(Settings().queries_dir)

_SCHEMA_FORMAT = {"xsd:date": "date", "xsd:integer": "integer", "iri": "iri"}


class ParameterInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: str | None
    description: dict[str, str]


class QuestionInfo(BaseModel):
    id: str
    title: dict[str, str]
    description: dict[str, str]
    parameters: list[ParameterInfo]
    columns: list[str]


@router.get("", summary="List the named questions", response_model=list[QuestionInfo])
def list_questions() -> list[dict[str, Any]]:
    """Every named question with its titles, descriptions, parameters and result columns."""
    return [q.summary() for q in QUESTIONS.values()]


def invalid_parameter(exc: ParameterError) -> JSONResponse:
    return JSONResponse(
        {"error": "invalid_parameter", "parameter": exc.name, "detail": str(exc)},
        status_code=422,
    )


@cache
def scheme_notations(scheme: str) -> list[str]:
    """The notations of a code list, read from ``ontology/codelists/{scheme}.ttl`` for the docs.

    Only documentation: the values are validated against the store when a question runs.
    """
    path = Settings().ontology_dir / "codelists" / f"{scheme}.ttl"
    if not path.is_file():
        return []
    g = Graph().parse(path, format="turtle")
    scheme_iri = URIRef(f"{BWMO_CODE}{scheme}")
    return sorted(
        str(n) for c in g.subjects(SKOS.inScheme, scheme_iri) for n in g.objects(c, SKOS.notation)
    )


def _py_name(name: str) -> str:
    """Question parameter names may be Python keywords (``from``); the alias keeps the URL name."""
    return f"p_{name}"


def _signature(question: Question) -> inspect.Signature:
    params = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("store", inspect.Parameter.KEYWORD_ONLY, annotation=StoreDep),
        inspect.Parameter("runner", inspect.Parameter.KEYWORD_ONLY, annotation=RunnerDep),
        inspect.Parameter(
            "fmt",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                Literal["json", "csv"] | None,
                Query(alias="format", description="json or csv (overrides Accept)"),
            ],
            default=None,
        ),
    ]
    for p in question.params:
        extra: dict[str, Any] = {"x-bwgraph-type": p.type_label}
        if p.kind in _SCHEMA_FORMAT:
            extra["format"] = _SCHEMA_FORMAT[p.kind]
        if p.kind == "code" and p.target and (codes := scheme_notations(p.target)):
            extra["enum"] = codes
        query = Query(
            alias=p.name,
            description=p.description("en"),
            json_schema_extra=extra,
        )
        params.append(
            inspect.Parameter(
                _py_name(p.name),
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[str if p.required else str | None, query],
                default=inspect.Parameter.empty if p.required else p.default,
            )
        )
    return inspect.Signature(params)


def _make_endpoint(question: Question) -> Callable[..., Awaitable[Response]]:
    async def endpoint(**kwargs: Any) -> Response:
        request: Request = kwargs["request"]
        chosen = negotiate(request.headers.get("accept"), FORMATS, format_param=kwargs["fmt"])
        raw = {p.name: kwargs[_py_name(p.name)] for p in question.params}
        raw = {k: v for k, v in raw.items() if v is not None}
        store = kwargs["store"]
        try:
            result = await kwargs["runner"].run(
                lambda _deadline: run_question(question, raw, store)
            )
        except ParameterError as exc:
            return invalid_parameter(exc)
        headers = {"Vary": "Accept"}
        assert isinstance(chosen, Format)
        if chosen.name == "csv":
            return Response(
                to_csv(result, question.columns),
                media_type="text/csv; charset=utf-8",
                headers=headers,
            )
        return Response(to_json(question, result), media_type="application/json", headers=headers)

    endpoint.__signature__ = _signature(question)  # type: ignore[attr-defined]
    endpoint.__name__ = "question_" + question.id.replace("-", "_")
    endpoint.__doc__ = question.descriptions["en"]
    return endpoint


def _result_model(question: Question) -> type[BaseModel]:
    """The fixed JSON shape of one question's answer, for the OpenAPI document."""
    cell = str | int | float | bool | None
    row = create_model(  # type: ignore[call-overload]
        "Row_" + question.id.replace("-", "_"), **{c: (cell, None) for c in question.columns}
    )
    model: type[BaseModel] = create_model(
        "Answer_" + question.id.replace("-", "_"),
        question=(str, question.id),
        columns=(list[str], list(question.columns)),
        rows=(list[row], ...),  # type: ignore[valid-type]
    )
    return model


def _add_routes() -> None:
    for question in QUESTIONS.values():
        router.add_api_route(
            f"/{question.id}",
            _make_endpoint(question),
            methods=["GET"],
            summary=question.titles["en"],
            description=f"{question.descriptions['en']}\n\n*{question.titles['nl']}*: "
            f"{question.descriptions['nl']}",
            operation_id=f"question_{question.id.replace('-', '_')}",
            response_class=Response,
            responses={
                200: {
                    "model": _result_model(question),
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                    "description": f"columns: {', '.join(question.columns)}",
                },
                422: {"description": "a parameter value is invalid (the body names it)"},
            },
        )


_add_routes()
