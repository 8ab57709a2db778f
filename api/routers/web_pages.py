"""Pages for analysts who do not write SPARQL: landing page, question forms, status matrix, map,
search, index pages, the SPARQL editor (YASGUI) and the API docs from local files.

All pages are server-rendered (:mod:`api.web.render`) and work without JavaScript; small local
scripts add search-as-you-type, matrix filtering and map details. Browser libraries come from
``api/web/static/vendor`` (``make web-deps``), never from a CDN.
"""

from __future__ import annotations

import io
import json
import math
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from markupsafe import Markup, escape

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import NotFound
from api.html import Linker
from api.routers.questions import QUESTIONS
from api.settings import ApiSettings
from api.web import geo, views
from api.web.labels import labels_for
from api.web.render import STATIC, render
from api.web.search import MARK_END, MARK_START, index_for
from api.web.sparql_html import editor_values
from bwgraph.namespaces import BWMO_CODE, PREFIXES
from bwgraph.questions import Param, ParameterError, Question, run_question
from bwgraph.store import Binding, SelectResult, Store


def _build_indexes(store: Store) -> None:
    labels_for(store)
    index_for(store)


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """At server start, build the labels and the search index in the background (about a
    second), so the first search does not wait for them."""
    store = getattr(app.state, "store", None)
    if store is not None:
        threading.Thread(target=_build_indexes, args=(store,), name="bwgraph-search-index",
                         daemon=True).start()
    yield


router = APIRouter(include_in_schema=False, lifespan=_warm_up)

READ = ["GET", "HEAD"]
PAGE_SIZE = 50
BWMO = "https://w3id.org/bwmo/def#"
ORG = "http://www.w3.org/ns/org#"
#: the questions shown first on the landing page
FEATURED = ("solidarity-without-outside-purchase", "topic-status", "compare-regions",
            "agreements-in-force", "search")


def _linker(settings: ApiSettings) -> Linker:
    return Linker(settings.base)


# --- static files ------------------------------------------------------------------------------


@router.api_route("/static/{path:path}", methods=READ)
def static(path: str) -> FileResponse:
    root = STATIC.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        hint = " (run `make web-deps`)" if path.startswith("vendor/") else ""
        raise NotFound(f"no static file {path!r}{hint}")
    return FileResponse(target, headers={"Cache-Control": "public, max-age=3600"})


# --- landing page ------------------------------------------------------------------------------


@router.api_route("/", methods=READ)
def landing(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    lang = _lang(request)
    labels = labels_for(store)
    info = store.build_info
    return render(
        request, store, _linker(settings), "index.html", title="bwgraph",
        overview=views.overview(store, labels, lang, settings.base),
        featured=[QUESTIONS[q] for q in FEATURED if q in QUESTIONS],
        build_date=info.modified.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if info else None,
        checksum=info.sha256 if info else None,
    )


def _lang(request: Request) -> str:
    from api.web.i18n import request_lang

    return request_lang(request)


# --- named questions as pages ------------------------------------------------------------------


def _field(store: Store, p: Param, value: str | None, lang: str) -> dict[str, Any]:
    """What the form shows for one parameter: the widget and its choices."""
    labels = labels_for(store)
    field: dict[str, Any] = {"p": p, "value": value if value is not None else (p.default or ""),
                             "description": p.descriptions.get(lang) or p.description(lang)}
    if p.kind == "code" and p.target:
        field["widget"] = "select"
        field["options"] = [(c.notation, c.label + (f" ({c.group_label})" if c.group_label else ""))
                            for c in views.codes(store, f"{BWMO_CODE}{p.target}", labels, lang)]
    elif p.kind == "iri":
        field["widget"] = "lookup"
        cls = p.target or ""
        prefix, _, local = cls.partition(":")
        field["cls"] = PREFIXES.get(prefix, "") + local
        field["value_label"] = labels(field["value"], lang) if field["value"] else ""
    elif p.kind == "xsd:date":
        field["widget"] = "date"
    elif p.kind == "xsd:integer":
        field["widget"] = "number"
    else:
        field["widget"] = "text"
    return field


def _resolve_iri(store: Store, p: Param, raw: dict[str, str], form: dict[str, str]) -> None:
    """An IRI field typed without picking a suggestion: take the single best name match."""
    typed = form.get(f"{p.name}__label", "").strip()
    if raw.get(p.name) or not typed:
        return
    prefix, _, local = (p.target or "").partition(":")
    found = index_for(store).lookup(typed, PREFIXES.get(prefix, "") + local, limit=5)
    exact = [iri for iri, title in found if title.casefold() == typed.casefold()]
    if exact or len(found) == 1:
        raw[p.name] = (exact or [found[0][0]])[0]
    else:
        raise ParameterError(p.name, f"no single match for {typed!r}: choose a suggestion")


@router.api_route("/ui/questions", methods=READ)
def question_list(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    return render(request, store, _linker(settings), "questions.html",
                  title=_t(request, "questions"), questions=list(QUESTIONS.values()))


def _t(request: Request, key: str) -> str:
    from api.web.i18n import t

    return t(key, _lang(request))


def _question(qid: str) -> Question:
    q = QUESTIONS.get(qid)
    if q is None:
        raise NotFound(f"unknown question {qid!r} (known: {', '.join(sorted(QUESTIONS))})")
    return q


def _raw_params(request: Request, q: Question, store: Store) -> tuple[dict[str, str], bool]:
    form = dict(request.query_params)
    raw = {p.name: form[p.name] for p in q.params if form.get(p.name)}
    for p in q.params:
        if p.kind == "iri":
            _resolve_iri(store, p, raw, form)
    submitted = "run" in form or bool(raw) or not any(p.required for p in q.params)
    return raw, submitted


@router.api_route("/ui/questions/{qid}", methods=READ)
async def question_page(qid: str, request: Request, store: StoreDep, settings: SettingsDep,
                        runner: RunnerDep) -> HTMLResponse:
    q = _question(qid)
    lang = _lang(request)
    error: ParameterError | None = None
    result: SelectResult | None = None
    raw: dict[str, str] = {}
    try:
        raw, submitted = _raw_params(request, q, store)
        if submitted:
            result = await runner.run(lambda _deadline: run_question(q, raw, store))
    except ParameterError as exc:
        error = exc
    fields = [_field(store, p, raw.get(p.name) or request.query_params.get(p.name), lang)
              for p in q.params]
    params = urlencode(raw)
    linker = _linker(settings)
    table = _table(q, result, store, linker, lang) if result is not None else None
    return render(
        request, store, linker, "question.html", title=q.titles[lang],
        status_code=422 if error else 200, q=q, fields=fields, error=error, table=table,
        downloads=[("CSV", f"/questions/{q.id}?{urlencode({**raw, 'format': 'csv'})}"),
                   ("XLSX", f"/ui/questions/{q.id}/answer.xlsx?{params}"),
                   ("JSON", f"/questions/{q.id}?{urlencode({**raw, 'format': 'json'})}")],
        editor_link="/editor?" + urlencode({"query": q.query}),
    )


@router.api_route("/ui/questions/{qid}/answer.xlsx", methods=READ)
async def question_xlsx(qid: str, request: Request, store: StoreDep, runner: RunnerDep
                        ) -> Response:
    """The answer as a spreadsheet (one sheet, the declared columns as header)."""
    from openpyxl import Workbook

    q = _question(qid)
    try:
        raw, _ = _raw_params(request, q, store)
        result = await runner.run(lambda _deadline: run_question(q, raw, store))
    except ParameterError as exc:
        return JSONResponse({"error": "invalid_parameter", "parameter": exc.name,
                             "detail": str(exc)}, status_code=422)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = q.id[:31]
    ws.append(list(q.columns))
    for row in result.rows:
        ws.append([_cell_value(row.get(c)) for c in q.columns])
    buf = io.BytesIO()
    wb.save(buf)
    return Response(buf.getvalue(), media_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        headers={"Content-Disposition": f'attachment; filename="{q.id}.xlsx"'})


def _cell_value(b: Binding | None) -> str | int | float | None:
    if b is None:
        return None
    if b.kind == "literal" and b.datatype and b.datatype.endswith(("#integer", "#decimal")):
        try:
            return int(b.value) if b.datatype.endswith("#integer") else float(b.value)
        except ValueError:
            return b.value
    return b.value


_STATUS_COLUMNS = ("status", "answer")


def _table(q: Question | None, result: SelectResult, store: Store, linker: Linker, lang: str
           ) -> dict[str, Any]:
    """Header and cells of an answer: IRIs as named links, ``x`` linked to ``x_iri``, statuses
    as badges; ``x_iri`` columns folded into ``x`` when both exist."""
    labels = labels_for(store)
    columns = list(q.columns) if q else list(result.variables)
    shown = [c for c in columns if not (c.endswith("_iri") and c[:-4] in columns)]
    statuses = {c.notation: c.label for c in views.codes(
        store, views.STATUS_SCHEME, labels, lang)}
    body = []
    for row in result.rows:
        cells = []
        for c in shown:
            b = row.get(c)
            target = row.get(f"{c}_iri")
            if b is None:
                cells.append(Markup(""))
            elif b.kind == "iri":
                href = linker.href(b.value) or b.value
                cells.append(Markup('<a href="{}">{}</a>').format(href, labels(b.value, lang)))
            elif target is not None and target.kind == "iri":
                href = linker.href(target.value) or target.value
                cells.append(Markup('<a href="{}">{}</a>').format(href, b.value))
            elif (c.endswith(_STATUS_COLUMNS) and b.value in statuses) or (
                    c.endswith(_STATUS_COLUMNS) and b.value in ("cannot_tell", "not_assessed")):
                text = statuses.get(b.value, b.value.replace("_", " "))
                cells.append(Markup('<span class="status s-{}"><span class="sym" '
                                    'aria-hidden="true"></span>{}</span>').format(
                                        b.value if b.value in statuses else "none", text))
            else:
                cells.append(Markup("{}").format(b.value))
        body.append(cells)
    return {"columns": shown, "rows": body, "count": len(result.rows)}


@router.get("/ui/lookup")
def lookup(store: StoreDep, settings: SettingsDep, request: Request,
           q: Annotated[str, Query(max_length=200)] = "",
           cls: Annotated[str | None, Query(max_length=300)] = None) -> JSONResponse:
    """Search-as-you-type for the IRI fields of the question forms: ``[{iri, label}]``."""
    hits = index_for(store).lookup(q, cls) if q.strip() else []
    labels = labels_for(store)
    lang = _lang(request)
    return JSONResponse([{"iri": iri, "label": labels(iri, lang, title)} for iri, title in hits])


# --- status matrix -----------------------------------------------------------------------------


@router.api_route("/matrix", methods=READ)
def matrix_page(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    lang = _lang(request)
    m = views.matrix(store, labels_for(store), lang)
    groups: list[tuple[str, int]] = []
    for topic in m.topics:
        if groups and groups[-1][0] == (topic.group_label or ""):
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((topic.group_label or "", 1))
    return render(request, store, _linker(settings), "matrix.html", title=_t(request, "matrix"),
                  m=m, groups=groups)


# --- map ---------------------------------------------------------------------------------------


def _map_inputs(request: Request, store: Store, settings: ApiSettings
                ) -> tuple[views.Matrix, str, int, Path, dict[int, Path]]:
    lang = _lang(request)
    m = views.matrix(store, labels_for(store), lang)
    files = geo.geo_files(settings.reference_dir / "geo")
    if not files:
        raise NotFound("no municipality boundaries in data/reference/geo")
    topic_arg = request.query_params.get("topic", "ua_financial_solidarity")
    topic = next((t.iri for t in m.topics if topic_arg in (t.notation, t.iri)), None)
    if topic is None:
        raise NotFound(f"unknown topic {topic_arg!r}")
    year_arg = request.query_params.get("year", "")
    year = int(year_arg) if year_arg.isdigit() and int(year_arg) in files else min(files)
    return m, topic, year, files[year], files


@router.api_route("/map", methods=READ)
def map_page(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    lang = _lang(request)
    m, topic, year, path, files = _map_inputs(request, store, settings)
    proj = geo.projected(path)
    items = geo.areas(store, path, m, topic, labels_for(store), lang)
    linker = _linker(settings)
    topic_code = next(t for t in m.topics if t.iri == topic)
    return render(request, store, linker, "map.html", title=_t(request, "map"), m=m,
                  topic=topic_code, year=year, years=sorted(files), proj=proj, areas=items,
                  geojson=f"/map.geojson?{urlencode({'topic': topic_code.notation, 'year': year})}")


@router.api_route("/map.geojson", methods=READ)
def map_geojson(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    m, topic, _year, path, _ = _map_inputs(request, store, settings)
    items = geo.areas(store, path, m, topic, labels_for(store), _lang(request))
    linker = _linker(settings)
    pages = {r: linker.href(r) or r for a in items for r, _ in a.regions}
    body = json.dumps(geo.feature_collection(items, topic, pages), ensure_ascii=False)
    return Response(body, media_type="application/geo+json")


# --- search ------------------------------------------------------------------------------------


def _marked(text: str) -> Markup:
    return Markup(str(escape(text)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@router.api_route("/search", methods=READ)
def search_page(request: Request, store: StoreDep, settings: SettingsDep,
                q: Annotated[str, Query(max_length=200)] = "",
                page: Annotated[int, Query(ge=1, le=1000)] = 1) -> HTMLResponse:
    lang = _lang(request)
    labels = labels_for(store)
    total, hits = index_for(store).search(q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    results = []
    for h in hits:
        title = labels.get(h.iri, lang) or h.title
        if labels.get(h.iri, lang) is None and h.region:
            title = f"{labels(h.region, lang)} — {labels(h.kind, lang)}"
        results.append({"iri": h.iri, "title": title, "kind": labels(h.kind, lang),
                        "region": h.region, "snippet": _marked(h.snippet)})
    return render(request, store, _linker(settings), "search.html", title=_t(request, "search"),
                  q=q, total=total, results=results, page=page,
                  pages=max(1, math.ceil(total / PAGE_SIZE)),
                  page_base=f"/search?{urlencode({'q': q})}&")


# --- index pages -------------------------------------------------------------------------------

_INDEXES: dict[str, tuple[str, list[str], str | None]] = {
    "regions": ("regions", [f"{BWMO}Region"], f"{BWMO}reportOrder"),
    "organisations": ("organisations", [f"{ORG}Organization"], None),
    "agreements": ("agreements", [f"{BWMO}PolicyInstrument"], None),
    "documents": ("documents", [f"{BWMO}SourceDocument"], "http://purl.org/dc/terms/date"),
    "municipalities": ("municipalities", [f"{BWMO}Municipality"], f"{BWMO}cbsCode"),
}


def _index_route(name: str) -> None:
    key, classes, detail = _INDEXES[name]

    def index_page(request: Request, store: StoreDep, settings: SettingsDep,
                   page: Annotated[int, Query(ge=1, le=10000)] = 1) -> HTMLResponse:
        lang = _lang(request)
        items = views.instances(store, classes, labels_for(store), lang, detail)
        if name == "organisations":  # municipalities have their own index
            items = [i for i in items if "/tooi/" not in i.iri]
        pages = max(1, math.ceil(len(items) / PAGE_SIZE))
        shown = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        return render(request, store, _linker(settings), "list.html", title=_t(request, key),
                      items=shown, total=len(items), page=page, pages=pages,
                      page_base=f"/{name}?", detail=detail)

    index_page.__name__ = f"index_{name}"
    router.add_api_route(f"/{name}", index_page, methods=READ)


for _name in _INDEXES:
    _index_route(_name)


# --- TOOI municipalities and provinces get local pages -----------------------------------------


@router.api_route("/tooi/{path:path}", methods=READ)
def tooi(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    from api.routers.resources import dereference

    return dereference(request, store, settings, f"https://identifier.overheid.nl/tooi/id/{path}")


# --- SPARQL editor and API docs from local files -----------------------------------------------


@router.api_route("/editor", methods=READ)
def editor(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    return render(request, store, _linker(settings), "editor.html", title=_t(request, "editor"),
                  **editor_values(request, request.query_params.get("query")))


@router.api_route("/docs", methods=READ)
def swagger(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    return render(request, store, _linker(settings), "swagger.html", title="API (OpenAPI)")


@router.api_route("/redoc", methods=READ)
def redoc(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    return render(request, store, _linker(settings), "redoc.html", title="API (ReDoc)")
