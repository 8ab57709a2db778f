"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only, no outbound requests).

* ``GET /sparql?query=…`` and ``POST /sparql`` with a form (``query=``) or a direct body
  (``application/sparql-query``); ``default-graph-uri``/``named-graph-uri`` may repeat.
* SELECT/ASK → SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE → Turtle, N-Triples, JSON-LD,
  RDF/XML, TriG; by ``Accept`` (q-values) or ``format=``; 406 when nothing fits.
* ``GET /sparql`` without a query → the service description (``sd:Service``).
* Updates → 403; SERVICE, LOAD, FROM/graph URIs not in the dataset → 400 (see
  :mod:`bwgraph.sparql_guard`); time limit → 504, result limit → 413 (see :mod:`api.runner`).

The guard and format negotiation run before evaluation, so a refused query costs nothing; the
evaluation and serialization run in a worker thread (:class:`api.runner.QueryRunner`).
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from starlette.concurrency import run_in_threadpool

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import BadRequest, QueryFailed, UnsupportedMediaType
from api.responses import choose
from api.worker import QueryRequest, WorkerFailed, WorkerSyntaxError
from bwgraph.formats import (
    GRAPH_FORMATS,
    TABLES,
    Format,
    from_rdflib,
    serialize_graph,
    serialize_outcome,
)
from bwgraph.sparql_guard import (
    DEFAULT_BASE,
    CheckedQuery,
    InvalidQuery,
    check_dataset,
    check_query,
    check_update,
)
from bwgraph.store import Store

router = APIRouter(prefix="/sparql", tags=["sparql"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")


GraphUris = Annotated[list[str] | None, Query(alias="default-graph-uri")]
NamedUris = Annotated[list[str] | None, Query(alias="named-graph-uri")]


async def answer(
    request: Request,
    store: Store,
    runner: RunnerDep,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    format_param: str | None = None,
) -> Response:
    """Guard, negotiate, evaluate in a worker, serialize: the one path for GET and POST."""
    local = store.graph_names()
    # the guard is linear in the query's length (a few µs for common queries); long queries are
    # read off the event loop
    if len(query) > 20_000:
        checked: CheckedQuery = await run_in_threadpool(check_query, query, local_graphs=local)
    else:
        checked = check_query(query, local_graphs=local)
    check_dataset(default_graphs, local, what="default-graph-uri")
    check_dataset(named_graphs, local, what="named-graph-uri")
    # from here on only the canonical text is evaluated, never the client's
    text = checked.text
    chosen = choose(request, TABLES[checked.kind], format_param=format_param)
    assert isinstance(chosen, Format)
    fmt = chosen

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
        except SyntaxError as exc:  # a remote store may be stricter than the guard's check
            raise InvalidQuery(str(exc)) from exc
        except OSError as exc:
            raise QueryFailed(f"the store failed to evaluate the query: {exc}") from exc
        except BaseException as exc:  # a Rust panic (pyo3 PanicException) is no Exception
            if isinstance(exc, Exception | KeyboardInterrupt | SystemExit):
                raise
            raise QueryFailed(f"the query engine failed ({type(exc).__name__})") from None
        return serialize_outcome(outcome, fmt)

    client = request.client.host if request.client else ""
    try:
        body = await runner.run_sparql(store, request_for_worker, work, client=client)
    except WorkerSyntaxError as exc:
        raise InvalidQuery(str(exc)) from exc
    except WorkerFailed as exc:
        raise QueryFailed(f"the store failed to evaluate the query: {exc}") from exc
    return Response(body, media_type=fmt.content_type(), headers={"Vary": "Accept"})


def service_description(request: Request, store: Store) -> list[ox.Triple]:
    """``sd:Service`` for this endpoint: what it supports and which graphs it holds.

    The endpoint's address comes from the configured public URL (``BWGRAPH_PUBLIC_URL``), never
    from the request's ``Host`` header, which a client controls.
    """
    g = Graph()
    public = request.app.state.settings.public_url
    endpoint = URIRef(public.rstrip("/") + "/sparql")
    svc = BNode()
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, endpoint))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG"):
        g.add((svc, SD.resultFormat, FORMATS_NS[name]))
    ds = BNode()
    g.add((svc, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    default = BNode()
    g.add((ds, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in sorted(store.graph_names()):
        ng = BNode()
        g.add((ds, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
    g.add((svc, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal(
        "Read-only SPARQL 1.1 endpoint of bwgraph; the default graph is the union of all named "
        "graphs; no SERVICE, LOAD or remote FROM.", lang="en")))
    return from_rdflib(g)


@router.get("", summary="SPARQL query (GET) or the service description")
async def sparql_get(
    request: Request,
    store: StoreDep,
    runner: RunnerDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="SPARQL 1.1 query")] = None,
    default_graph_uri: GraphUris = None,
    named_graph_uri: NamedUris = None,
    format: Annotated[str | None, Query(description="result format name, overrides Accept")] = None,
) -> Response:
    if "update" in request.query_params:
        await run_in_threadpool(check_update, request.query_params["update"])
    if query is None:
        chosen = choose(request, GRAPH_FORMATS)
        assert isinstance(chosen, Format)
        body = serialize_graph(service_description(request, store), chosen)
        return Response(body, media_type=chosen.content_type(), headers={"Vary": "Accept"})
    return await answer(request, store, runner, query, default_graph_uri or [],
                        named_graph_uri or [])


@router.options("", summary="Allowed methods (and CORS preflight)", status_code=204,
                response_class=Response)
async def sparql_options() -> Response:
    return Response(status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


@router.post("", summary="SPARQL query (POST form or direct)")
async def sparql_post(request: Request, store: StoreDep, runner: RunnerDep) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    if ctype == "application/x-www-form-urlencoded" or ctype == "multipart/form-data":
        form = await request.form()
        if "update" in form:
            await run_in_threadpool(check_update, str(form["update"]))
        query = form.get("query")
        default_graphs += [str(v) for v in form.getlist("default-graph-uri")]
        named_graphs += [str(v) for v in form.getlist("named-graph-uri")]
        if query is None:
            raise BadRequest("POST form without a 'query' field")
        text = str(query)
        form_format = form.get("format")
        format_param = str(form_format) if form_format is not None else None
    elif ctype == "application/sparql-query":
        text = (await request.body()).decode("utf-8", errors="replace")
        format_param = None
    elif ctype == "application/sparql-update":
        await run_in_threadpool(
            check_update, (await request.body()).decode("utf-8", errors="replace"))
        raise AssertionError("check_update always raises")  # pragma: no cover
    else:
        raise UnsupportedMediaType(
            f"POST /sparql expects application/x-www-form-urlencoded or application/sparql-query, "
            f"not {ctype or 'no content type'!r}"
        )
    return await answer(request, store, runner, text, default_graphs, named_graphs,
                        format_param)
