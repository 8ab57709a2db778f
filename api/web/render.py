"""Rendering pages: one Jinja2 environment, one context every template can rely on.

Every page gets the language (``lang``), the interface words (``t('key')``), links that stay on
this server (``href(iri)``, ``link(iri)``) and names in the page's language (``label(iri)``), so
templates never show a bare IRI where a name exists. The response carries ``Content-Language``
and ``Vary: Accept, Cookie``; ``?lang=`` is remembered in a cookie.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from api.html import Linker
from api.web import i18n
from api.web.labels import Labels, labels_for
from bwgraph.store import Store

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _slug(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def switch_url(request: Request, lang: str) -> str:
    """This page's URL in the other language."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", "en" if lang == "nl" else "nl"))
    return f"{request.url.path}?{urlencode(params)}"


def context(request: Request, store: Store, linker: Linker) -> dict[str, Any]:
    lang = i18n.request_lang(request)
    labels: Labels = labels_for(store)

    def href(iri: str) -> str:
        return linker.href(iri) or iri

    def label(iri: str, fallback: str | None = None) -> str:
        return labels(iri, lang, fallback)

    def link(iri: str, text: str | None = None, cls: str | None = None) -> Markup:
        css = f' class="{escape(cls)}"' if cls else ""
        return Markup('<a href="{}"{}>{}</a>').format(
            href(iri), Markup(css), text if text is not None else label(iri))

    return {
        "request": request,
        "lang": lang,
        "t": lambda key: i18n.t(key, lang),
        "href": href,
        "label": label,
        "link": link,
        "slug": _slug,
        "switch_url": switch_url(request, lang),
        "path": request.url.path,
        "query_text": request.query_params.get("q", "") if request.url.path == "/search" else "",
    }


def render_string(request: Request, store: Store, linker: Linker, template: str,
                  **values: Any) -> str:
    """The page as text (for routes that build their own response)."""
    ctx = context(request, store, linker)
    ctx.update(values)
    return env.get_template(template).render(**ctx)


def render(request: Request, store: Store, linker: Linker, template: str, *,
           status_code: int = 200, **values: Any) -> HTMLResponse:
    ctx = context(request, store, linker)
    ctx.update(values)
    html = env.get_template(template).render(**ctx)
    response = HTMLResponse(html, status_code=status_code, headers={
        "Content-Language": ctx["lang"], "Vary": "Accept, Cookie"})
    asked = request.query_params.get("lang")
    if asked in i18n.LANGS:
        response.set_cookie(i18n.COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax")
    return response
