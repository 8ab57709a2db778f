"""HTML pages for people: resource pages, source texts with line anchors, the index.

Plain server-side HTML with escaped values (no template engine, no JavaScript). Links to IRIs
this server publishes are rewritten to local paths (:class:`Linker`), so the pages can be browsed
on ``127.0.0.1`` although the IRIs say ``https://w3id.org/bwmo/…``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from bwgraph.namespaces import BWMO_ONTOLOGY, PREFIXES
from bwgraph.resources import EvidenceLine, Fact, ResourceView

#: TOOI identifiers (municipalities, provinces) get a local page at /tooi/…
TOOI_ID = "https://identifier.overheid.nl/tooi/id/"

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;
vertical-align:top;text-align:left}code,.iri{font-family:ui-monospace,monospace;font-size:.9em}
blockquote{margin:.2rem 0 .2rem 1rem;padding-left:.5rem;border-left:3px solid #bbb;color:#444}
.muted{color:#777;font-size:.9em}pre.src span:target{background:#ffef9e}
pre.src{white-space:pre-wrap}pre.src a{color:#999;text-decoration:none;user-select:none}
"""


@dataclass(frozen=True)
class Linker:
    """Maps IRIs to the local paths this server answers them on."""

    base: str

    def href(self, iri: str) -> str | None:
        if iri.startswith(TOOI_ID):
            return "/tooi/" + iri[len(TOOI_ID):]
        if iri.startswith(BWMO_ONTOLOGY):
            return "/def" + iri[len(BWMO_ONTOLOGY):]
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):]
        return None

    def curie(self, iri: str) -> str:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def page(title: str, body: str, *, alternates: Iterable[tuple[str, str]] = ()) -> str:
    links = "".join(
        f'<link rel="alternate" type="{escape(mt)}" href="{escape(href)}">'
        for mt, href in alternates
    )
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title>{links}<style>{_STYLE}</style></head><body>"
        f'<p class="muted"><a href="/">bwgraph</a> · <a href="/sparql">SPARQL</a> · '
        f'<a href="/def">ontology</a> · <a href="/docs">API</a></p>{body}</body></html>'
    )


def _iri_link(iri: str, linker: Linker, label: str | None = None) -> str:
    href = linker.href(iri) or iri
    text = escape(label) if label else f'<span class="iri">{escape(linker.curie(iri))}</span>'
    title = f' title="{escape(iri)}"'
    return f'<a href="{escape(href)}"{title}>{text}</a>'


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, label: str | None,
           linker: Linker) -> str:
    if isinstance(term, ox.NamedNode):
        return _iri_link(term.value, linker, label)
    if isinstance(term, ox.BlankNode):
        return f"<code>_:{escape(term.value)}</code>"
    extra = ""
    if term.language:
        extra = f' <span class="muted">@{escape(term.language)}</span>'
    elif term.datatype.value not in ("http://www.w3.org/2001/XMLSchema#string",):
        extra = f' <span class="muted">{escape(linker.curie(term.datatype.value))}</span>'
    return f"{escape(term.value)}{extra}"


def _evidence(lines: Sequence[EvidenceLine], linker: Linker) -> str:
    out = []
    for ev in lines:
        src = ""
        if ev.file_name and ev.line_number is not None:
            src = (f' · <a href="/sources/{escape(ev.file_name)}#L{ev.line_number}">'
                   "source text</a>")
        doc = _iri_link(ev.document, linker, ev.document_label) if ev.document else ""
        where = f"line {ev.line_number}" if ev.line_number is not None else "line ?"
        quote = f"<blockquote>{escape(ev.quote)}</blockquote>" if ev.quote else ""
        out.append(
            f'<div>{quote}<span class="muted">{doc}, {_iri_link(ev.line, linker, where)}'
            f"{src}</span></div>"
        )
    return "".join(out)


def _fact_rows(facts: Sequence[Fact], view: ResourceView, linker: Linker) -> str:
    rows = []
    for f in facts:
        rows.append(
            f"<tr><td>{_iri_link(f.predicate, linker)}</td>"
            f"<td>{_value(f.value, f.value_label, linker)}{_evidence(f.evidence, linker)}</td></tr>"
        )
    return "".join(rows)


def resource_page(view: ResourceView, linker: Linker, *, path: str) -> str:
    title = view.label or linker.curie(view.iri)
    types = ", ".join(_iri_link(t.value, linker, view.label_of(t.value)) for t in view.types)
    body = [f"<h1>{escape(title)}</h1>",
            f'<p><code class="iri">{escape(view.iri)}</code></p>']
    if types:
        body.append(f"<p>Type: {types}</p>")
    if view.evidence:
        body.append("<h2>Evidence</h2>" + _evidence(view.evidence, linker))
    if view.facts:
        body.append("<h2>Facts</h2><table><tr><th>property</th><th>value</th></tr>"
                    + _fact_rows(view.facts, view, linker) + "</table>")
    if view.incoming:
        body.append("<h2>Referenced by</h2><table><tr><th>property</th><th>from</th></tr>"
                    + _fact_rows(view.incoming, view, linker) + "</table>")
    formats = " · ".join(
        f'<a href="{escape(path)}?format={name}">{label}</a>'
        for name, label in (("turtle", "Turtle"), ("jsonld", "JSON-LD"),
                            ("ntriples", "N-Triples"), ("rdfxml", "RDF/XML"))
    )
    body.append(f'<p class="muted">Also as {formats}.</p>')
    alternates = [("text/turtle", f"{path}?format=turtle"),
                  ("application/ld+json", f"{path}?format=jsonld")]
    return page(title, "".join(body), alternates=alternates)


def source_page(file_name: str, lines: Sequence[str], *, document: str | None,
                linker: Linker) -> str:
    """A vendored source text with an anchor per line (``#L12``), for checking evidence."""
    doc = f"<p>Document: {_iri_link(document, linker)}</p>" if document else ""
    width = len(str(len(lines)))
    numbered = "".join(
        f'<span id="L{n}"><a href="#L{n}">{n:>{width}}</a>  {escape(text)}\n</span>'
        for n, text in enumerate(lines, start=1)
    )
    return page(file_name, f"<h1>{escape(file_name)}</h1>{doc}"
                f'<p class="muted"><a href="?format=txt">plain text</a></p>'
                f'<pre class="src">{numbered}</pre>')


def index_page(graphs: Sequence[str], linker: Linker) -> str:
    items = "".join(f"<li>{_iri_link(g, linker)}</li>" for g in graphs)
    return page("bwgraph", (
        "<h1>bwgraph</h1><p>Knowledge graph of Dutch beschermd wonen (BW) and maatschappelijke "
        "opvang (MO) policy documents; every fact carries its evidence (document, line, quote)."
        "</p><ul><li><a href=\"/sparql\">SPARQL endpoint</a> (read-only)</li>"
        "<li><a href=\"/docs\">API documentation (OpenAPI)</a></li>"
        "<li><a href=\"/def\">Ontology</a> · <a href=\"/context.jsonld\">JSON-LD context</a></li>"
        "<li><a href=\"/export/dataset.trig\">Dataset (TriG)</a> · "
        "<a href=\"/export/dataset.nq\">N-Quads</a> · "
        "<a href=\"/.well-known/void\">VoID/DCAT description</a></li></ul>"
        f"<h2>Named graphs</h2><ul>{items}</ul>"
    ))


def ontology_page(view: ResourceView | None, terms: Sequence[tuple[str, str, str | None]],
                  linker: Linker) -> str:
    """Fallback documentation of the ontology when no generated ontology.html exists:
    ``terms`` are ``(iri, kind, label)``."""
    head = f"<h1>{escape((view.label if view else None) or 'bwmo ontology')}</h1>"
    rows = "".join(
        f'<tr id="{escape(iri.rpartition("#")[2])}"><td>{_iri_link(iri, linker, label)}</td>'
        f"<td>{escape(linker.curie(kind))}</td></tr>"
        for iri, kind, label in terms
    )
    return page("bwmo ontology", head + '<p><a href="/def?format=turtle">Turtle</a> · '
                '<a href="/def?format=rdfxml">RDF/XML (OWL)</a> · '
                '<a href="/def?format=jsonld">JSON-LD</a></p>'
                f"<table><tr><th>term</th><th>kind</th></tr>{rows}</table>")
