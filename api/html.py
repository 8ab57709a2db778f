"""Links to local pages (:class:`Linker`) and the plain pages that need no template: error pages
and the fallback ontology documentation.

Links to IRIs this server publishes are rewritten to local paths, so the pages can be browsed on
``127.0.0.1`` although the IRIs say ``https://w3id.org/bwmo/…``; TOOI municipality IRIs get the
local ``/tooi/…`` page. The pages for people (resource pages, regions, questions, matrix, map) are
rendered from templates by :mod:`api.web`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from bwgraph.namespaces import BWMO_ONTOLOGY, PREFIXES
from bwgraph.resources import ResourceView

#: TOOI identifiers (municipalities, provinces) get a local page at /tooi/…
TOOI_ID = "https://identifier.overheid.nl/tooi/id/"

_STYLE = """
main{max-width:60rem}table{border-collapse:collapse;width:100%}
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
    """A minimal page in the site's style (error messages and the ontology fallback, in
    English like the messages they carry)."""
    links = "".join(
        f'<link rel="alternate" type="{escape(mt)}" href="{escape(href)}">'
        for mt, href in alternates
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{links}"
        f'<link rel="stylesheet" href="/static/style.css"><style>{_STYLE}</style></head><body>'
        '<header class="site"><a class="brand" href="/">bwgraph</a><nav aria-label="Main menu">'
        '<ul><li><a href="/ui/questions">Questions</a></li><li><a href="/matrix">Status matrix</a>'
        '</li><li><a href="/sparql">SPARQL</a></li><li><a href="/def">Ontology</a></li>'
        '<li><a href="/docs">API</a></li></ul></nav></header>'
        f'<main id="main">{body}</main></body></html>'
    )


def _iri_link(iri: str, linker: Linker, label: str | None = None) -> str:
    href = linker.href(iri) or iri
    text = escape(label) if label else f'<span class="iri">{escape(linker.curie(iri))}</span>'
    title = f' title="{escape(iri)}"'
    return f'<a href="{escape(href)}"{title}>{text}</a>'


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
