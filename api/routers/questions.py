"""``GET /questions`` and one ``GET /questions/{id}`` route per named question (queries/*.rq).

The routes are generated at import from the question headers, each with an explicit signature of
``Query`` parameters, so the OpenAPI document shows every question with its parameters (name,
type, required, default, description) and its fixed JSON result shape. Values are validated and
bound by :func:`bwgraph.questions.run_question` — the same function ``bwgraph ask`` calls — and a
bad value gives 422 naming the parameter. Evaluation runs in the query runner's worker threads,
so a slow question never blocks the event loop.

Answers are cached (:class:`AnswerCache`): a built graph never changes while it is served, so the
answer to a question is a pure function of the build (its TriG's sha256), the question, its
parameters and the format. The cache hangs on the store it answers for (a new store — a restart
after a rebuild, or a store a test swaps in — starts with an empty cache) and every key carries
the build's sha256 as well, so an answer computed from one build can never be served for another.
A store without a build identity (an in-memory store in a test) is not cached at all.
"""

from __future__ import annotations

import inspect
import threading
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
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
from bwgraph.store import Store

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
    """422 for a malformed value; 404 for a well-formed IRI naming nothing of its class."""
    if exc.not_found:
        return JSONResponse(
            {"error": "not_found", "parameter": exc.name, "detail": str(exc)}, status_code=404)
    return JSONResponse(
        {"error": "invalid_parameter", "parameter": exc.name, "detail": str(exc)},
        status_code=422,
    )


#: The answer bytes and media type of one (question, parameters, format).
Answer = tuple[bytes, str]
CacheKey = tuple[str, str, str, tuple[tuple[str, str], ...]]


class AnswerCache:
    """Least-recently-used answers of one store, keyed by (build sha256, question, format,
    parameters as given after dropping empty ones).

    Keying by the raw parameter strings is sound because binding is deterministic for a fixed
    graph: the same strings always validate to the same typed terms (or the same 422), so they
    give the same answer. Errors are not cached. ``max_entries`` bounds the memory a client can
    fill with distinct parameter values.
    """

    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[CacheKey, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: CacheKey) -> Answer | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: CacheKey, answer: Answer) -> None:
        with self._lock:
            self._entries[key] = answer
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


_CACHES: weakref.WeakKeyDictionary[object, AnswerCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def answer_cache(store: Store) -> AnswerCache | None:
    """The cache of ``store``, or ``None`` when the store has no build identity."""
    if getattr(store, "build_info", None) is None:
        return None
    with _CACHES_LOCK:
        found = _CACHES.get(store)
        if found is None:
            found = _CACHES[store] = AnswerCache()
        return found


def _compute(question: Question, raw: dict[str, str], store: Store, fmt: str) -> Answer:
    """Run the question and serialize it (in a worker thread)."""
    result = run_question(question, raw, store)
    if fmt == "csv":
        return to_csv(result, question.columns).encode("utf-8"), "text/csv; charset=utf-8"
    return to_json(question, result).encode("utf-8"), "application/json"


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
        extra: dict[str, Any] = {"x-bwgraph-type": p.type_label, "minLength": 1}
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
        if kwargs["fmt"] is None and "text/html" in request.headers.get("accept", "").lower():
            # a browser: the question's page (form + table), same parameters
            target = f"/ui/questions/{question.id}"
            if request.url.query:
                target += f"?{request.url.query}"
            return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
        chosen = negotiate(request.headers.get("accept"), FORMATS, format_param=kwargs["fmt"])
        raw = {p.name: kwargs[_py_name(p.name)] for p in question.params}
        raw = {k: v for k, v in raw.items() if v is not None}
        for name, value in raw.items():  # an empty value is a mistake, not "no filter"
            if not value.strip():
                return invalid_parameter(ParameterError(
                    name, "empty; leave the parameter out to apply no filter"))
        store = kwargs["store"]
        assert isinstance(chosen, Format)
        fmt = chosen.name
        cache_ = answer_cache(store)
        key: CacheKey | None = None
        found: Answer | None = None
        if cache_ is not None and store.build_info is not None:
            key = (store.build_info.sha256, question.id, fmt, tuple(sorted(raw.items())))
            found = cache_.get(key)
        if found is None:
            try:
                found = await kwargs["runner"].run(
                    lambda _deadline: _compute(question, raw, store, fmt)
                )
            except ParameterError as exc:
                return invalid_parameter(exc)
            if cache_ is not None and key is not None:
                cache_.put(key, found)
        if cache_ is not None:
            request.scope[REPLAYABLE] = store
        body, media_type = found
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})

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
                303: {"description": "a browser (Accept: text/html, no format=) is sent to the "
                            "question's page /ui/questions/{id} with the same parameters"},
                404: {"description": "an IRI parameter names nothing of its class in the graph"},
                422: {"description": "a parameter value is invalid (the body names it)"},
            },
        )


_add_routes()


# --- replaying whole responses ------------------------------------------------------------------

#: scope key the question endpoints set when their answer came from (or went into) the answer
#: cache of the app's own store: only such responses may be replayed.
REPLAYABLE = "bwgraph.replayable"
_Message = dict[str, Any]
_ReplayKey = tuple[str, str, bytes, bytes, bytes]


#: largest response body kept for replay (a SPARQL result may be megabytes: those are not kept)
MAX_REPLAY_BYTES = 256 * 1024


class ReplayAnswers:
    """Pure ASGI middleware: replay the complete HTTP response of a named question, or of a
    ``GET /sparql`` query answered from the app's own (immutable, file-loaded) store.

    The first request for a (path, query string, ``Accept``, ``Origin``) goes through the whole
    stack — routing, validation, the answer cache, the conditional-GET and CORS middleware — and
    its status, headers and body are kept; identical requests afterwards get the same bytes without
    entering FastAPI (about a third of the cost of the shortest route). It is therefore exact by
    construction. Conditional requests (``If-None-Match``/``If-Modified-Since``) always take the
    full path, so 304s keep working. Correct after a rebuild for the same reasons as
    :class:`AnswerCache`: the replay store hangs on the served store object and every key carries
    the build's sha256; with ``dependency_overrides`` in place (tests) nothing is replayed.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], max_entries: int = 4096) -> None:
        self.app = app
        self.max_entries = max_entries
        self._replays: weakref.WeakKeyDictionary[object, OrderedDict[_ReplayKey, list[_Message]]]
        self._replays = weakref.WeakKeyDictionary()

    def _key(self, scope: dict[str, Any]) -> tuple[object, _ReplayKey] | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if not path.startswith("/questions/") and path != "/sparql":
            return None
        app = scope.get("app")
        if app is None or app.dependency_overrides:
            return None
        store = app.state.store
        info = getattr(store, "build_info", None)
        if info is None:
            return None
        accept = origin = b""
        for name, value in scope["headers"]:
            if name in (b"if-none-match", b"if-modified-since"):
                return None
            if name == b"accept":
                accept = value
            elif name == b"origin":
                origin = value
        return store, (info.sha256, path, scope["query_string"], accept, origin)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        found = self._key(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        store, key = found
        replays = self._replays.get(store)
        if replays is not None and (messages := replays.get(key)) is not None:
            for message in messages:
                await send(message)
            return
        recorded: list[_Message] = []

        async def recording_send(message: _Message) -> None:
            recorded.append(message)
            await send(message)

        await self.app(scope, receive, recording_send)
        start = recorded[0] if recorded else {}
        complete = bool(recorded) and not recorded[-1].get("more_body", False)
        size = sum(len(m.get("body", b"")) for m in recorded)
        if (scope.get(REPLAYABLE) is store and start.get("status") == 200 and complete
                and size <= MAX_REPLAY_BYTES):
            replays = self._replays.setdefault(store, OrderedDict())
            replays[key] = recorded
            while len(replays) > self.max_entries:
                replays.popitem(last=False)
