"""The FastAPI app: ``create_app()`` wires store, settings, routers and middleware.

Every module in :mod:`api.routers` that exports ``router`` is included, so a new group of routes
is a new module (no edit here). The store defaults to the build's TriG file loaded into an
embedded pyoxigraph store; tests pass their own.

Cross-cutting behaviour lives here: CORS for reads (any origin; GET, POST, OPTIONS), and
conditional GET — ``ETag`` (the TriG file's sha256 plus the representation's media type) and
``Last-Modified`` (the file's mtime) on every successful GET, answering 304 to a matching
``If-None-Match`` or a not-older ``If-Modified-Since``.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import logging
import os
import pkgutil
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute, APIRouter
from fastapi.utils import generate_unique_id
from starlette.types import Message

import api.routers
from api import errors
from api.responses import ERROR_RESPONSES, LinkedData, document_routes
from api.routers.questions import ReplayAnswers
from api.runner import QueryRunner
from api.settings import ApiSettings
from api.worker import SNAPSHOT_PREFIX, NetworkPolicy, ProcessPool, sweep_stale_snapshots
from bwgraph.config import Settings
from bwgraph.store import BuildInfo, OxigraphStore, Store

log = logging.getLogger("bwgraph.api")


class GraphMissing(Exception):
    """The TriG file to serve does not exist."""


def load_store(settings: ApiSettings) -> Store:
    """The store the settings name: a SPARQL server (``BWGRAPH_STORE``) or the TriG file."""
    if settings.store:
        from bwgraph.stores import open_remote, parse_store

        spec = parse_store(settings.store, default_path=settings.graph_path)
        if spec.remote:
            return open_remote(spec, base=settings.base, timeout=settings.query_timeout,
                               retry_after=settings.store_retry_after)
        settings = replace(settings, graph=spec.path)
    path = settings.graph_path
    if not path.is_file():
        raise GraphMissing(f"{path}: no built graph; run `bwgraph build` first")
    return OxigraphStore.from_trig(path)


def router_modules() -> list[str]:
    return sorted(
        f"{api.routers.__name__}.{info.name}" for info in pkgutil.iter_modules(api.routers.__path__)
    )


def _etag(info: BuildInfo, content_type: str) -> str:
    variant = hashlib.sha256(content_type.encode()).hexdigest()[:8]
    return f'"{info.sha256[:32]}-{variant}"'


def _not_modified(request: Request, etag: str, info: BuildInfo) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:  # If-None-Match takes precedence (RFC 9110 §13.2.2)
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and info.modified <= since
    return False


#: files the build writes next to the TriG that routes serve (``/def``): copied with it
RELEASE_ARTEFACTS = ("bwmo.owl", "bwmo.jsonld", "bwmo.nt", "ontology.html")


def _release_snapshot(store: Store) -> Path | None:
    """A private copy of the release file the store was loaded from, checked by its sha256, so
    that dumps serve exactly the loaded release even after a rebuild replaces the file on disk
    (the ETag names these bytes). Swept like the workers' snapshots if the server is killed."""
    info = store.build_info
    if info is None or info.path is None or not info.path.is_file():
        return None
    sweep_stale_snapshots()
    folder = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-release-"))
    copy = folder / info.path.name
    shutil.copyfile(info.path, copy)
    if hashlib.sha256(copy.read_bytes()).hexdigest() != info.sha256:
        shutil.rmtree(folder, ignore_errors=True)
        return None  # changed between loading and copying: dumps are serialized from the store
    for name in RELEASE_ARTEFACTS:  # the ontology's serialisations and documentation
        artefact = info.path.parent / name
        if artefact.is_file():
            shutil.copyfile(artefact, folder / name)
    return copy


def create_app(store: Store | None = None, *, settings: Settings | None = None) -> FastAPI:
    """The API over ``store`` (default: the built TriG at ``settings.graph_path``)."""
    api_settings = ApiSettings.from_settings(settings)
    the_store: Store = store if store is not None else load_store(api_settings)
    runner = QueryRunner(workers=api_settings.query_workers, timeout=api_settings.query_timeout,
                         result_limit=api_settings.result_limit,
                         per_client=api_settings.client_concurrency,
                         queue_size=api_settings.queue_size,
                         queue_wait=api_settings.queue_wait)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        info = the_store.build_info
        size = api_settings.query_processes
        if size > 0 and info is not None and info.path is not None and info.path.is_file():
            pool = ProcessPool(info.path, size=size, timeout=api_settings.query_timeout,
                               sha256=info.sha256,
                               network=NetworkPolicy(api_settings.worker_network),
                               memory_mb=api_settings.worker_memory_mb,
                               queue_wait=api_settings.queue_wait)
            if not await asyncio.to_thread(pool.wait_ready, size):
                pool.close()
                hint = (" (set BWGRAPH_WORKER_NETWORK=best-effort to run with the query guard "
                        "alone, or BWGRAPH_QUERY_PROCESSES=0)"
                        if "unshare" in (pool.last_error or "") else "")
                raise RuntimeError(f"{info.path}: SPARQL worker processes did not start: "
                                   f"{pool.last_error}{hint}")
            runner.attach_processes(pool, the_store)
        yield
        runner.shutdown()
        release = app.state.release_file
        if release is not None:
            shutil.rmtree(release.parent, ignore_errors=True)

    app = FastAPI(
        title="bwgraph",
        description="Linked-data knowledge graph of Dutch beschermd wonen (BW) and "
        "maatschappelijke opvang (MO) policy: SPARQL, named questions, dereferenceable IRIs, "
        "exports. Every fact carries evidence (document, line, quote).",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are served from local files by api.routers.web_pages
        redoc_url=None,
    )
    app.state.store = the_store
    app.state.settings = api_settings
    app.state.release_file = _release_snapshot(the_store)
    app.state.runner = runner
    errors.install(app)

    @app.middleware("http")
    async def conditional_get(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        info = the_store.build_info
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or info is None:
            return response
        # pages in two languages share a URL (cookie): the language is part of the variant
        etag = _etag(info, response.headers.get("content-type", "")
                     + response.headers.get("content-language", ""))
        headers = {"ETag": etag, "Last-Modified": format_datetime(info.modified, usegmt=True)}
        if _not_modified(request, etag, info):
            keep = {k: v for k, v in response.headers.items()
                    if k.lower() in ("vary", "content-location", "cache-control")}
            return Response(status_code=304, headers={**keep, **headers})
        response.headers.update(headers)
        return response

    @app.middleware("http")
    async def limit_body(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """413 for a body over ``max_body``: by its Content-Length before reading a byte, and
        while reading for a body without one (chunked)."""
        limit = api_settings.max_body
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return errors.error_response(errors.BodyTooLarge(limit))
        if length is None and request.method in ("POST", "PUT", "PATCH"):
            receive = request.receive
            seen = 0

            async def counting() -> Message:
                nonlocal seen
                message = await receive()
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise errors.BodyTooLarge(limit)
                return message

            request = Request(request.scope, counting)
        return await call_next(request)

    @app.middleware("http")
    async def internal_errors(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """An unexpected exception becomes a JSON 500 inside the CORS layer (so a web client
        can read it), never a bare text page."""
        try:
            return await call_next(request)
        except errors.BodyTooLarge as exc:
            return errors.error_response(exc)
        except Exception as exc:  # the last line of defence: reported, not swallowed
            log.exception("unhandled error on %s %s", request.method, request.url.path)
            return errors.error_response(exc)

    app.add_middleware(LinkedData)  # extension aliases, Link headers (api.responses)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Last-Modified", "Content-Location", "Vary"],
    )
    # outermost: replays complete named-question responses (see api.routers.questions)
    app.add_middleware(ReplayAnswers)
    for name in router_modules():
        module = importlib.import_module(name)
        router = getattr(module, "router", None)
        if router is not None:
            _head_out_of_schema(router)
            app.include_router(router, responses=ERROR_RESPONSES)
    document_routes(app)
    return app


def _head_out_of_schema(router: APIRouter) -> None:
    """Serve HEAD on every read route but document only GET (idempotent).

    A route declared for GET and HEAD gets one operation id for both methods, which OpenAPI
    forbids (FastAPI warns "Duplicate Operation ID"); HEAD is implied by GET in HTTP anyway.
    """
    extra: list[APIRoute] = []
    for route in router.routes:
        methods = route.methods if isinstance(route, APIRoute) else None
        if isinstance(route, APIRoute) and methods and {"GET", "HEAD"} <= methods:
            route.methods = {m for m in methods if m != "HEAD"}
            route.unique_id = route.operation_id or generate_unique_id(route)
            extra.append(
                APIRoute(route.path, route.endpoint, methods=["HEAD"], name=f"{route.name}_head",
                         include_in_schema=False, response_class=route.response_class,
                         dependencies=route.dependencies)
            )
    router.routes.extend(extra)
