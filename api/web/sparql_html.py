"""``/sparql`` for browsers: the editor, or a query's answer as an HTML table.

:func:`render_sparql_page` is called by the SPARQL router when a request prefers ``text/html``:
without a query it gives the YASGUI editor (the same page as ``/editor``); with a query it gives
a form holding the query, the result table (IRIs as named links to their local pages, literals as
text), the ASK answer or the error, and links to the same answer as CSV/JSON and to the editor.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request
from markupsafe import Markup

from api.html import Linker
from api.web.labels import labels_for
from api.web.render import render_string
from bwgraph.namespaces import BWMO_CODE
from bwgraph.questions import Question
from bwgraph.store import SelectResult, Store


def editor_values(request: Request, first_query: str | None) -> dict[str, Any]:
    """What ``editor.html`` needs: named questions as tabs, prefixes, the first tab's query."""
    import json

    from api.routers.questions import QUESTIONS
    from api.web.i18n import request_lang
    from bwgraph.namespaces import PREFIXES

    lang = request_lang(request)
    # a question with required parameters is left out (its text alone asks something else);
    # defaults are written as a VALUES block, so the tab answers as the form does
    tabs = [{"name": q.titles[lang], "query": with_defaults(q)} for q in QUESTIONS.values()
            if all(not p.required for p in q.params)]

    def script_json(value: object) -> Markup:
        return Markup(json.dumps(value, ensure_ascii=False)
                      .replace("<", "\\u003c").replace(">", "\\u003e"))

    return {"tabs_json": script_json(tabs), "prefixes_json": script_json(dict(PREFIXES)),
            "first_query": first_query}


def with_defaults(question: Question) -> str:
    """The question's query with its parameters' defaults bound by a ``VALUES`` block."""
    names, terms = [], []
    for p in question.params:
        if p.default is None:
            continue
        if p.kind == "code":
            term = f"<{BWMO_CODE}{p.target}/{p.default}>"
        elif p.kind == "iri":
            term = str(ox.NamedNode(p.default))
        elif p.kind == "xsd:date":
            term = f'"{p.default}"^^<http://www.w3.org/2001/XMLSchema#date>'
        else:
            term = str(ox.Literal(p.default))
        names.append(f"?{p.name}")
        terms.append(term)
    if not names:
        return question.query
    # at the start of the WHERE group, so the engine joins the values first
    where = re.search(r"\bWHERE\s*\{", question.query, re.IGNORECASE)
    if where is None:
        return question.query
    values = (f"\n  # the form's defaults\n  VALUES ({' '.join(names)}) "
              f"{{ ({' '.join(terms)}) }}")
    return question.query[: where.end()] + values + question.query[where.end():]


def render_sparql_page(query: str | None, result: SelectResult | None = None, *,
                       request: Request, store: Store, base: str,
                       ask: bool | None = None, error: str | None = None,
                       graph: bool = False) -> str:
    """The HTML page for ``/sparql``.

    ``query`` None → the editor. Otherwise the query with ``result`` (SELECT), ``ask`` (ASK) or
    ``error`` (a message to show; the caller picks the status code). CONSTRUCT/DESCRIBE results
    are shown as subject/predicate/object rows with ``graph=True``, which links the RDF formats
    for download instead of the table formats.
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
    # a graph (CONSTRUCT/DESCRIBE, shown as subject/predicate/object rows) downloads as RDF
    formats = ((("Turtle", "turtle"), ("N-Triples", "ntriples"), ("JSON-LD", "jsonld"))
               if graph else (("CSV", "csv"), ("JSON", "json"), ("TSV", "tsv")))
    downloads = [(name, "/sparql?" + urlencode({"query": query, "format": fmt}))
                 for name, fmt in formats]
    return render_string(request, store, linker, "sparql.html", title="SPARQL", query=query,
                         table=table, ask=ask, error=error, downloads=downloads,
                         editor_link="/editor?" + urlencode({"query": query}))
