"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only, no outbound requests).

* ``GET``/``HEAD /sparql?query=…`` and ``POST /sparql`` with a form (``query=``) or a direct body
  (``application/sparql-query``, UTF-8); ``default-graph-uri``/``named-graph-uri`` may repeat,
  ``query`` may not (400).
* The dataset is SPARQL's: a query's ``FROM``/``FROM NAMED`` are honoured, the protocol's graph
  parameters replace them, and only when neither names a dataset is the default graph the union
  of all named graphs. Relative IRIs resolve against ``https://w3id.org/bwmo/``.
* SELECT/ASK → SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE → Turtle, N-Triples, JSON-LD,
  RDF/XML, TriG, N-Quads; browsers (``text/html``) get a page. Chosen by ``format=`` when it
  names a usable format, else by ``Accept`` (q-values); see
  :func:`bwgraph.formats.negotiate_result`. 406 only when nothing fits.
* ``GET /sparql`` without a query → the service description (``sd:Service``, stable IRIs,
  triple counts) or, for a browser, the query editor.
* Updates → 403; SERVICE, LOAD, FROM/graph URIs not in the dataset → 400 (see
  :mod:`bwgraph.sparql_guard`); a body that is not UTF-8 → 400/415; time limit → 504, result
  limit → 413 (see :mod:`api.runner`).

The guard and format negotiation run before evaluation, so a refused query costs nothing; the
evaluation and serialization run in a worker (:class:`api.runner.QueryRunner`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD
from starlette.concurrency import run_in_threadpool

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import STATUS, BadRequest, QueryFailed, UnsupportedMediaType
from api.per_build import PerBuild
from api.responses import HTML, IRI_SCHEMA, POST_BODY, SPARQL_GET_RESPONSES, SPARQL_POST_RESPONSES
from api.routers.questions import REPLAYABLE
from api.worker import QueryRequest, WorkerFailed, WorkerSyntaxError
from bwgraph.formats import (
    GRAPH_FORMATS,
    TABLES,
    Format,
    NotAcceptable,
    by_name,
    negotiate,
    negotiate_result,
    parse_select_json,
    serialize_graph,
    serialize_outcome,
    used_prefixes,
)
from bwgraph.sparql_guard import (
    DEFAULT_BASE,
    CheckedQuery,
    InvalidQuery,
    OutboundRefused,
    UpdateRefused,
    check_dataset,
    check_query,
    check_update,
)
from bwgraph.store import Binding, OxigraphStore, QueryKind, SelectResult, Store
from bwgraph.stores.errors import RemoteQueryError

router = APIRouter(prefix="/sparql", tags=["sparql"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")


GraphUris = Annotated[list[str] | None, Query(
    alias="default-graph-uri", description="a named graph of the dataset (repeatable)",
    json_schema_extra={"items": {"type": "string", **IRI_SCHEMA}})]
NamedUris = Annotated[list[str] | None, Query(
    alias="named-graph-uri", description="a named graph of the dataset (repeatable)",
    json_schema_extra={"items": {"type": "string", **IRI_SCHEMA}})]


def _accepts_html(request: Request) -> bool:
    """A browser: ``text/html`` named in ``Accept`` (``*/*`` alone is a program)."""
    return "text/html" in request.headers.get("accept", "").lower()


async def answer(
    request: Request,
    store: Store,
    runner: RunnerDep,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    format_params: Sequence[str] = (),
) -> Response:
    """Guard, negotiate, evaluate in a worker, serialize: the one path for GET and POST."""
    # a remote store answers this over the network: never on the event loop
    local = (store.graph_names() if isinstance(store, OxigraphStore)
             else await run_in_threadpool(store.graph_names))
    html = _accepts_html(request)
    try:
        # the guard is linear in the query's length (a few µs for common queries); long queries
        # are read off the event loop
        # the grammar itself is checked by the engine in the worker, under the time limit
        if len(query) > 20_000:
            checked: CheckedQuery = await run_in_threadpool(check_query, query,
                                                            local_graphs=local, syntax=False)
        else:
            checked = check_query(query, local_graphs=local, syntax=False)
    except (InvalidQuery, OutboundRefused, UpdateRefused) as exc:
        if html:
            return _html_error(request, store, query, exc)
        raise
    check_dataset(default_graphs, local, what="default-graph-uri")
    check_dataset(named_graphs, local, what="named-graph-uri")
    # from here on only the canonical text is evaluated, never the client's
    text = checked.text
    chosen = negotiate_result(request.headers.get("accept"), checked.kind,
                              format_params=format_params, extra=(HTML,) if html else ())
    as_html = chosen == HTML
    # a browser's page is rendered from the rows (JSON) or triples (N-Triples) the worker sends
    fmt = (by_name("ntriples" if checked.kind in GRAPH_KINDS else "json", TABLES[checked.kind])
           if as_html else chosen)
    assert isinstance(fmt, Format)

    request_for_worker = QueryRequest(
        query=text, kind=checked.kind, format_name=fmt.name,
        default_graphs=tuple(default_graphs), named_graphs=tuple(named_graphs),
        seconds=runner.timeout, max_results=runner.result_limit,
        base_iri=DEFAULT_BASE, query_dataset=checked.has_dataset,
    )

    def work(deadline: float) -> bytes:
        try:
            outcome = store.evaluate(
                text, default_graphs=default_graphs or None, named_graphs=named_graphs or None,
                deadline=deadline, max_results=runner.result_limit, base_iri=DEFAULT_BASE,
                query_dataset=checked.has_dataset,
            )
        except SyntaxError as exc:  # the engine's parse, placed in the client's text
            raise checked.syntax_error(str(exc)) from None
        except RemoteQueryError as exc:
            # a remote server parses the query itself (nothing is parsed twice here): its 4xx
            # is the client's query (400, with the server's words); its 5xx is the server's
            # failure (502, with its message)
            if 400 <= exc.status < 500:
                raise InvalidQuery(f"the SPARQL server refused it: {exc}") from None
            raise
        except OSError as exc:
            raise QueryFailed(f"the store failed to evaluate the query: {exc}") from exc
        except BaseException as exc:  # a Rust panic (pyo3 PanicException) is no Exception
            if isinstance(exc, Exception | KeyboardInterrupt | SystemExit):
                raise
            raise QueryFailed(f"the query engine failed ({type(exc).__name__})") from None
        return serialize_outcome(outcome, fmt)

    client = request.client.host if request.client else ""
    try:
        try:
            body = await runner.run_sparql(store, request_for_worker, work, client=client)
        except WorkerSyntaxError as exc:
            raise checked.syntax_error(str(exc)) from None
    except InvalidQuery as exc:  # the engine's parse: a browser gets its form back
        if as_html:
            return _html_error(request, store, query, exc)
        raise
    except WorkerFailed as exc:
        raise QueryFailed(f"the store failed to evaluate the query: {exc}") from exc
    if as_html:
        return _html_answer(request, store, query, checked.kind, body)
    if isinstance(store, OxigraphStore) and store.build_info is not None:
        # answers of a loaded release never change: identical GETs may be replayed whole
        # (api.routers.questions.ReplayAnswers; keyed by the build's sha256, query string,
        # Accept and Origin)
        request.scope[REPLAYABLE] = store
    return Response(body, media_type=fmt.content_type(), headers={"Vary": "Accept"})


#: query kinds whose result is a graph
GRAPH_KINDS = (QueryKind.CONSTRUCT, QueryKind.DESCRIBE)


def _html_answer(request: Request, store: Store, query: str, kind: QueryKind,
                 body: bytes) -> Response:
    """The answer as a page: rows as a table, ASK as yes/no, a graph as subject/predicate/object
    rows (rendered by :func:`api.web.sparql_html.render_sparql_page`)."""
    from api.web.sparql_html import render_sparql_page

    base = request.app.state.settings.base
    if kind in GRAPH_KINDS:
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        rows = [{"subject": _binding(t.subject), "predicate": _binding(t.predicate),
                 "object": _binding(t.object)} for t in triples]
        page = render_sparql_page(query, SelectResult(["subject", "predicate", "object"], rows),
                                  request=request, store=store, base=base, graph=True)
    else:
        parsed = parse_select_json(body)
        if isinstance(parsed, bool):
            page = render_sparql_page(query, request=request, store=store, base=base, ask=parsed)
        else:
            page = render_sparql_page(query, parsed, request=request, store=store, base=base)
    return HTMLResponse(page, headers={"Vary": "Accept"})


def _binding(term: object) -> Binding:
    if isinstance(term, ox.NamedNode):
        return Binding("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Binding("bnode", term.value)
    assert isinstance(term, ox.Literal)
    return Binding("literal", term.value, term.datatype.value, term.language)


def _html_error(request: Request, store: Store, query: str, exc: Exception) -> Response:
    """A refused query in a browser: the form again, holding the query, with the reason."""
    from api.web.sparql_html import render_sparql_page

    status, _ = STATUS.get(type(exc), (400, "bad_request"))
    page = render_sparql_page(query, request=request, store=store,
                              base=request.app.state.settings.base, error=str(exc))
    return HTMLResponse(page, status_code=status, headers={"Vary": "Accept"})


def _local_name(graph: str, base: str) -> str:
    """A stable fragment for a graph's description node (``graph-reference``)."""
    prefix = f"{base}graph/"
    if graph.startswith(prefix):
        return "graph-" + re.sub(r"[^A-Za-z0-9_-]", "-", graph[len(prefix):])
    return "graph-" + hashlib.sha256(graph.encode()).hexdigest()[:16]


def _count_graphs(store: Store) -> tuple[dict[str, int], int]:
    """Triples per named graph and in the union default graph."""
    per_graph = {
        row["g"].value: int(row["n"].value)
        for row in store.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    }
    union = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                         "WHERE { GRAPH ?g { ?s ?p ?o } } }").rows
    return per_graph, int(union[0]["n"].value) if union else 0


#: graph sizes, counted once per release
_graph_sizes: PerBuild[tuple[dict[str, int], int]] = PerBuild(_count_graphs)

#: the prefixes a service description uses (and no others)
SD_PREFIXES = {"sd": str(SD), "rdf": str(RDF), "rdfs": str(RDFS), "void": str(VOID),
               "xsd": str(XSD), "formats": str(FORMATS_NS), "dct": str(DCTERMS)}


def service_description(request: Request, store: Store) -> list[ox.Triple]:
    """``sd:Service`` for this endpoint: what it supports and which graphs it holds.

    Every node is an IRI under the endpoint's address (``…/sparql#service``, ``#dataset``,
    ``#default-graph``, ``#graph-{name}``), so the description is the same bytes on every
    request of a release (its ETag names them). The endpoint's address comes from the
    configured public URL (``BWGRAPH_PUBLIC_URL``), never from the request's ``Host`` header.
    """
    settings = request.app.state.settings
    endpoint = settings.public_url.rstrip("/") + "/sparql"
    per_graph, union = _graph_sizes(store)

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def count(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(str(XSD.integer)))

    a = n(str(RDF.type))
    svc, ds, default = n(f"{endpoint}#service"), n(f"{endpoint}#dataset"), \
        n(f"{endpoint}#default-graph")
    out = [
        ox.Triple(svc, a, n(str(SD.Service))),
        ox.Triple(svc, n(str(SD.endpoint)), n(endpoint)),
        ox.Triple(svc, n(str(SD.supportedLanguage)), n(str(SD.SPARQL11Query))),
        ox.Triple(svc, n(str(SD.feature)), n(str(SD.UnionDefaultGraph))),
        ox.Triple(svc, n(str(RDFS.comment)), ox.Literal(
            "Read-only SPARQL 1.1 endpoint of bwgraph. A query that names no dataset (no FROM, "
            "FROM NAMED, default-graph-uri or named-graph-uri) sees the union of all named "
            "graphs as its default graph; one that names a dataset sees exactly that dataset. "
            "Relative IRIs resolve against " + DEFAULT_BASE + ". No SERVICE, LOAD or remote "
            "FROM; updates are refused (403).", language="en")),
    ]
    out += [ox.Triple(svc, n(str(SD.resultFormat)), n(str(FORMATS_NS[name])))
            for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                         "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
                         "TriG", "N-Quads")]
    out += [
        ox.Triple(svc, n(str(SD.defaultDataset)), ds),
        ox.Triple(ds, a, n(str(SD.Dataset))),
        ox.Triple(ds, n(str(DCTERMS.source)), n(f"{settings.base}dataset")),
        ox.Triple(ds, n(str(SD.defaultGraph)), default),
        ox.Triple(default, a, n(str(SD.Graph))),
        ox.Triple(default, n(str(VOID.triples)), count(union)),
    ]
    for graph in sorted(store.graph_names()):
        node = n(f"{endpoint}#named-{_local_name(graph, settings.base)}")
        desc = n(f"{endpoint}#{_local_name(graph, settings.base)}")
        out += [
            ox.Triple(ds, n(str(SD.namedGraph)), node),
            ox.Triple(node, a, n(str(SD.NamedGraph))),
            ox.Triple(node, n(str(SD.name)), n(graph)),
            ox.Triple(node, n(str(SD.graph)), desc),
            ox.Triple(desc, a, n(str(SD.Graph))),
            ox.Triple(desc, n(str(VOID.triples)), count(per_graph.get(graph, 0))),
        ]
    return out


def _single(values: Sequence[str], what: str) -> str | None:
    """The one value of a parameter the protocol allows once (``query``): 400 when repeated."""
    if len(values) > 1:
        raise BadRequest(f"{len(values)} '{what}' parameters: the SPARQL protocol allows one")
    return values[0] if values else None


def _graph_params(values: Sequence[str]) -> list[str]:
    """``default-graph-uri``/``named-graph-uri`` values; empty ones (``?default-graph-uri=``, a
    form field left blank) name no graph."""
    return [v for v in values if v.strip()]


@router.api_route("", methods=["GET", "HEAD"],
                  summary="SPARQL query (GET) or the service description",
                  response_class=Response, responses=SPARQL_GET_RESPONSES)
async def sparql_get(
    request: Request,
    store: StoreDep,
    runner: RunnerDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="SPARQL 1.1 query (at most one)",
                                       json_schema_extra={"minLength": 1})] = None,
    default_graph_uri: GraphUris = None,
    named_graph_uri: NamedUris = None,
    format: Annotated[str | None, Query(
        description="result format (json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml, "
        "trig, nquads or a media type); a value naming nothing usable for the query is "
        "ignored and Accept decides")] = None,
) -> Response:
    params = request.query_params
    if "update" in params:
        await run_in_threadpool(check_update, params["update"])
    text = _single(params.getlist("query"), "query")
    if text is None:
        if _accepts_html(request):
            return _editor(request, store)
        chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS,
                           format_param=_first_usable(params.getlist("format"), GRAPH_FORMATS))
        assert isinstance(chosen, Format)
        triples = service_description(request, store)
        body = serialize_graph(triples, chosen, used_prefixes(triples, SD_PREFIXES))
        return Response(body, media_type=chosen.content_type(), headers={"Vary": "Accept"})
    return await answer(request, store, runner, text,
                        _graph_params(params.getlist("default-graph-uri")),
                        _graph_params(params.getlist("named-graph-uri")),
                        _format_params(params.getlist("format"), params))


def _editor(request: Request, store: Store) -> Response:
    """``/sparql`` in a browser without a query: the query editor."""
    from api.web.sparql_html import render_sparql_page

    page = render_sparql_page(None, request=request, store=store,
                              base=request.app.state.settings.base)
    return HTMLResponse(page, headers={"Vary": "Accept"})


def _first_usable(values: Sequence[str], table: Sequence[Format]) -> str | None:
    for value in values:
        try:
            by_name(value, table)
        except NotAcceptable:
            continue
        return value
    return None


def _format_params(values: Sequence[str], params: Mapping[str, str]) -> list[str]:
    """``format`` values, then SPARQLWrapper's synonyms ``output`` and ``results``."""
    out = list(values)
    for synonym in ("output", "results"):
        if synonym in params:
            out.append(params[synonym])
    return out


@router.options("", summary="Allowed methods (and CORS preflight)", status_code=204,
                response_class=Response, responses={204: {"description": "the allowed methods"}})
async def sparql_options() -> Response:
    return Response(status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


def _charset_ok(content_type: str) -> None:
    """A body in another encoding than UTF-8 is refused (the protocol's queries are UTF-8)."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
                "utf-8", "utf8", "us-ascii"):
            raise UnsupportedMediaType(
                f"charset {value.strip()!r}: SPARQL requests must be UTF-8")


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the request body is not UTF-8 (byte {exc.start})") from None


@router.post("", summary="SPARQL query (POST form or direct)", response_class=Response,
             responses=SPARQL_POST_RESPONSES, openapi_extra=POST_BODY)
async def sparql_post(request: Request, store: StoreDep, runner: RunnerDep) -> Response:
    raw_type = request.headers.get("content-type", "")
    ctype = raw_type.split(";")[0].strip().lower()
    params = request.query_params
    default_graphs = _graph_params(params.getlist("default-graph-uri"))
    named_graphs = _graph_params(params.getlist("named-graph-uri"))
    format_params = _format_params(params.getlist("format"), params)
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        _charset_ok(raw_type)
        form = await request.form()
        if "update" in form:
            updates = form.getlist("update")
            if len(updates) > 1:
                raise BadRequest(f"{len(updates)} 'update' fields: the protocol allows one "
                                 "(and this endpoint is read-only)")
            await run_in_threadpool(check_update, str(updates[0]))
        text = _single([str(v) for v in form.getlist("query")] + params.getlist("query"),
                       "query")
        default_graphs += _graph_params([str(v) for v in form.getlist("default-graph-uri")])
        named_graphs += _graph_params([str(v) for v in form.getlist("named-graph-uri")])
        if text is None:
            raise BadRequest("POST form without a 'query' field")
        format_params = [str(v) for v in form.getlist("format")] + format_params
    elif ctype == "application/sparql-query":
        _charset_ok(raw_type)
        if "query" in params:
            raise BadRequest("a direct POST carries the query in its body; 'query' in the URL "
                             "as well is ambiguous")
        text = _utf8(await request.body())
    elif ctype == "application/sparql-update":
        _charset_ok(raw_type)
        await run_in_threadpool(check_update, _utf8(await request.body()))
        raise AssertionError("check_update always raises")  # pragma: no cover
    else:
        raise UnsupportedMediaType(
            f"POST /sparql expects application/x-www-form-urlencoded or application/sparql-query, "
            f"not {ctype or 'no content type'!r}"
        )
    return await answer(request, store, runner, text, default_graphs, named_graphs,
                        format_params)
