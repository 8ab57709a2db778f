"""``/sparql`` for browsers: the editor, or a query's answer as an HTML table.

:func:`render_sparql_page` is called by the SPARQL router when a request prefers ``text/html``:
without a query it gives the YASGUI editor (the same page as ``/editor``); with a query it gives
a form holding the query, the result table (IRIs as named links to their local pages, literals as
text), the ASK answer or the error, and links to the same answer as CSV/JSON and to the editor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from markupsafe import Markup

from api.html import Linker
from api.web.labels import labels_for
from api.web.render import render_string
from bwgraph.store import SelectResult, Store


def editor_values(request: Request, first_query: str | None) -> dict[str, Any]:
    """What ``editor.html`` needs: named questions as tabs, prefixes, the first tab's query."""
    import json

    from api.routers.questions import QUESTIONS
    from api.web.i18n import request_lang
    from bwgraph.namespaces import PREFIXES

    lang = request_lang(request)
    # a question whose parameters would change its answer is left out: its text alone (with
    # the parameter variables unbound) asks something else
    tabs = [{"name": q.titles[lang], "query": q.query} for q in QUESTIONS.values()
            if all(not p.required and p.default is None for p in q.params)]

    def script_json(value: object) -> Markup:
        return Markup(json.dumps(value, ensure_ascii=False)
                      .replace("<", "\\u003c").replace(">", "\\u003e"))

    return {"tabs_json": script_json(tabs), "prefixes_json": script_json(dict(PREFIXES)),
            "first_query": first_query}


def render_sparql_page(query: str | None, result: SelectResult | None = None, *,
                       request: Request, store: Store, base: str,
                       ask: bool | None = None, error: str | None = None) -> str:
    """The HTML page for ``/sparql``.

    ``query`` None → the editor. Otherwise the query with ``result`` (SELECT), ``ask`` (ASK) or
    ``error`` (a message to show; the caller picks the status code). CONSTRUCT/DESCRIBE results
    are not tabulated: pass neither and the page links the RDF formats instead.
    """
    linker = Linker(base)
    if query is None:
        from api.web.i18n import request_lang, t

        return render_string(request, store, linker, "editor.html",
                             title=t("editor", request_lang(request)),
                             **editor_values(request, None))
    labels = labels_for(store)
    from api.web.i18n import request_lang

    lang = request_lang(request)
    table = None
    if result is not None:
        rows = []
        for row in result.rows:
            cells = []
            for v in result.variables:
                b = row.get(v)
                if b is None:
                    cells.append(Markup(""))
                elif b.kind == "iri":
                    cells.append(Markup('<a href="{}" title="{}">{}</a>').format(
                        linker.href(b.value) or b.value, b.value, labels(b.value, lang)))
                else:
                    note = f"@{b.lang}" if b.lang else ""
                    cells.append(Markup("{}{}").format(
                        b.value, Markup(' <span class="muted">{}</span>').format(note)
                        if note else ""))
            rows.append(cells)
        table = {"columns": list(result.variables), "rows": rows, "count": len(result.rows)}
    downloads = [(name, "/sparql?" + urlencode({"query": query, "format": fmt}))
                 for name, fmt in (("CSV", "csv"), ("JSON", "json"), ("TSV", "tsv"))]
    return render_string(request, store, linker, "sparql.html", title="SPARQL", query=query,
                         table=table, ask=ask, error=error, downloads=downloads,
                         editor_link="/editor?" + urlencode({"query": query}))
