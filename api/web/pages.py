"""Resource pages that read as pages: a region page, and a labelled page for everything else.

:func:`resource_html` is what ``GET /id/…`` (and ``/def/…``, ``/tooi/…``) answers a browser. A
region gets its own layout (centrumgemeente and members, the 17 statuses with explanations,
narratives under their section titles, agreements, mentions, capacities, actions — each fact
with its evidence). Other resources get the generic page: names instead of IRIs for types,
properties and values, evidence quotes first, incoming links grouped by property and kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import HTMLResponse

from api.html import Linker
from api.web import views
from api.web.i18n import request_lang
from api.web.labels import Labels, labels_for
from api.web.render import render
from bwgraph.resources import EvidenceLine, Fact, ResourceView, resource_view
from bwgraph.store import Store

BWMO = "https://w3id.org/bwmo/def#"
_REGION_TYPES = {f"{BWMO}Region", f"{BWMO}SubRegion"}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Value:
    iri: str | None
    text: str
    note: str | None = None  # language tag or datatype shown small


@dataclass(frozen=True)
class Row:
    predicate: str
    label: str
    values: list[Value]


@dataclass(frozen=True)
class Incoming:
    predicate_label: str
    kind_label: str
    items: list[tuple[str, str, tuple[EvidenceLine, ...]]]  # (iri, label, evidence)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, labels: Labels, lang: str
           ) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(term.value, labels(term.value, lang))
    if isinstance(term, ox.BlankNode):
        return Value(None, f"_:{term.value}")
    note = None
    if not term.language and term.datatype.value not in (
            "http://www.w3.org/2001/XMLSchema#string",):
        note = term.datatype.value.rsplit("#", 1)[-1]
    return Value(None, term.value, note)


def page_title(view: ResourceView, labels: Labels, lang: str) -> str:
    """The label, else "{region} — {kind}" for unnamed fact nodes (narratives), else the IRI."""
    own = labels.get(view.iri, lang)
    if own:
        return own
    facts = {f.predicate: f.value for f in view.facts}
    parts = []
    region = facts.get(f"{BWMO}region")
    if isinstance(region, ox.NamedNode):
        parts.append(labels(region.value, lang))
    section = facts.get(f"{BWMO}section")
    if isinstance(section, ox.NamedNode):
        parts.append(labels(section.value, lang))
    elif view.types:
        parts.append(labels(view.types[0].value, lang))
    return " — ".join(parts) if parts else view.iri


def _rows(facts: list[Fact], labels: Labels, lang: str) -> list[Row]:
    grouped: dict[str, list[Value]] = defaultdict(list)
    for f in facts:
        grouped[f.predicate].append(_value(f.value, labels, lang))
    return sorted((Row(p, labels(p, lang), vals) for p, vals in grouped.items()),
                  key=lambda r: r.label.casefold())


def _incoming(view: ResourceView, store: Store, labels: Labels, lang: str) -> list[Incoming]:
    subjects = [f.value.value for f in view.incoming if isinstance(f.value, ox.NamedNode)]
    kinds: dict[str, str] = {}
    if subjects:
        values = " ".join(f"<{s}>" for s in sorted(set(subjects)))
        for r in views.rows(store, f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}"):
            s, t = r["s"].value, r["t"].value
            if t.startswith(BWMO) or s not in kinds:
                kinds[s] = labels(t, lang)
    grouped: dict[tuple[str, str], list[tuple[str, str, tuple[EvidenceLine, ...]]]] = (
        defaultdict(list))
    for f in view.incoming:
        if not isinstance(f.value, ox.NamedNode):
            continue
        s = f.value.value
        grouped[(labels(f.predicate, lang), kinds.get(s, ""))].append(
            (s, labels.get(s, lang) or _subject_title(store, s, labels, lang), f.evidence))
    return [Incoming(p, k, sorted(items, key=lambda i: i[1].casefold()))
            for (p, k), items in sorted(grouped.items())]


def _subject_title(store: Store, iri: str, labels: Labels, lang: str) -> str:
    found = views.rows(store, "SELECT ?r ?s WHERE { OPTIONAL { $x bwmo:region ?r } "
                       "OPTIONAL { $x bwmo:section ?s } }", x=iri)
    parts = [labels(b.value, lang) for r in found[:1] for k in ("r", "s") if (b := r.get(k))]
    return " — ".join(parts) if parts else labels(iri, lang)


def resource_html(request: Request, store: Store, linker: Linker, iri: str, *, path: str
                  ) -> HTMLResponse | None:
    view = resource_view(store, iri)
    if view is None:
        return None
    lang = request_lang(request)
    labels = labels_for(store)
    types = {t.value for t in view.types}
    alternates = [("text/turtle", f"{path}?format=turtle"),
                  ("application/ld+json", f"{path}?format=jsonld")]
    formats = [("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"),
               ("rdfxml", "RDF/XML")]
    if types & _REGION_TYPES:
        region = views.region_view(store, iri, labels, lang)
        return render(request, store, linker, "region.html", title=region.label, r=region,
                      alternates=alternates, formats=formats, iri=iri)
    facts = [f for f in view.facts if f.predicate != _RDF_TYPE]
    extra: dict[str, Any] = {}
    if f"{BWMO}Assessment" in types:
        cell = next((v for p, v in ((f.predicate, f.value) for f in view.facts)
                     if p == f"{BWMO}status" and isinstance(v, ox.NamedNode)), None)
        if cell is not None:
            extra["status"] = (cell.value.rsplit("/", 1)[-1], labels(cell.value, lang))
    if f"{BWMO}SourceDocument" in types:
        name = next((f.value.value for f in view.facts if f.predicate == f"{BWMO}fileName"), None)
        extra["source_file"] = name
    if f"{BWMO}Municipality" in types:
        extra["regions"] = [
            (r["r"].value, labels(r["r"].value, lang)) for r in views.rows(
                store, "SELECT DISTINCT ?r WHERE { { ?r org:hasMember $m } UNION "
                "{ ?r bwmo:centrumgemeente $m } }", m=iri)]
    return render(request, store, linker, "resource.html", title=page_title(view, labels, lang),
                  view=view, rows=_rows(facts, labels, lang),
                  type_links=[(t.value, labels(t.value, lang)) for t in view.types],
                  incoming=_incoming(view, store, labels, lang), alternates=alternates,
                  formats=formats, iri=iri, **extra)


def source_html(request: Request, store: Store, linker: Linker, file_name: str,
                lines: list[str], document: str | None) -> HTMLResponse:
    """A vendored source text with an anchor per line (``#L12``), for checking evidence."""
    return render(request, store, linker, "source.html", title=file_name, file_name=file_name,
                  lines=lines, document=document, width=len(str(len(lines))))
