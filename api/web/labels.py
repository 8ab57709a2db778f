"""Labels of every named thing in the store, per language, read once per loaded build.

Pages show names, never IRIs: a topic, status, class or property is named by its ``@nl`` or
``@en`` label from the ontology and code lists; a region by its report name; a municipality,
organisation or document by its ``rdfs:label``/``dct:title``. The table is small (a few thousand
nodes), so it is built with one query and kept per store (keyed by the build's checksum).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from api.per_build import PerBuild
from bwgraph.store import Store

#: label properties by priority: a region's report name beats its prefLabel, which beats rdfs:label
_PRIORITY = (
    "https://w3id.org/bwmo/def#reportName",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)

_QUERY = (
    "SELECT ?s ?p ?l WHERE { VALUES ?p { "
    + " ".join(f"<{p}>" for p in _PRIORITY)
    + " } ?s ?p ?l FILTER(isIRI(?s) && isLiteral(?l)) }"
)


@dataclass
class Labels:
    """``iri → {lang: label}`` with ``""`` for untagged literals."""

    by_iri: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, iri: str, lang: str) -> str | None:
        found = self.by_iri.get(iri)
        if not found:
            return None
        for key in (lang, "", "nl", "en"):
            if key in found:
                return found[key]
        return next(iter(found.values()))

    def __call__(self, iri: str, lang: str, fallback: str | None = None) -> str:
        """The label, else ``fallback``, else the IRI's last segment (never empty)."""
        label = self.get(iri, lang)
        if label:
            return label
        if fallback:
            return fallback
        tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return tail or iri


#: names of terms from other vocabularies that the ontology graph does not label
EXTERNAL: dict[str, dict[str, str]] = {
    "http://purl.org/dc/terms/title": {"nl": "titel", "en": "title"},
    "http://purl.org/dc/terms/date": {"nl": "datum", "en": "date"},
    "http://purl.org/dc/terms/identifier": {"nl": "kenmerk", "en": "identifier"},
    "http://purl.org/dc/terms/publisher": {"nl": "uitgever", "en": "publisher"},
    "http://purl.org/dc/terms/isReplacedBy": {"nl": "opgevolgd door", "en": "replaced by"},
    "http://www.w3.org/2004/02/skos/core#note": {"nl": "opmerking", "en": "note"},
    "http://www.w3.org/2004/02/skos/core#prefLabel": {"nl": "naam", "en": "name"},
    "http://www.w3.org/2004/02/skos/core#altLabel": {"nl": "andere naam", "en": "other name"},
    "http://www.w3.org/2004/02/skos/core#definition": {"nl": "definitie", "en": "definition"},
    "http://www.w3.org/2004/02/skos/core#notation": {"nl": "code", "en": "code"},
    "http://www.w3.org/2004/02/skos/core#inScheme": {"nl": "codelijst", "en": "code list"},
    "http://www.w3.org/2004/02/skos/core#broader": {"nl": "valt onder", "en": "broader"},
    "http://www.w3.org/2004/02/skos/core#narrower": {"nl": "omvat", "en": "narrower"},
    "http://www.w3.org/2000/01/rdf-schema#label": {"nl": "naam", "en": "name"},
    "http://www.w3.org/2000/01/rdf-schema#comment": {"nl": "toelichting", "en": "comment"},
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": {"nl": "soort", "en": "type"},
    "http://www.w3.org/ns/prov#wasDerivedFrom": {"nl": "afgeleid uit", "en": "derived from"},
    "http://www.w3.org/ns/org#hasMember": {"nl": "lid", "en": "member"},
    "http://www.w3.org/ns/org#member": {"nl": "lid", "en": "member"},
    "http://www.w3.org/ns/org#organization": {"nl": "organisatie", "en": "organisation"},
    "http://www.w3.org/ns/org#role": {"nl": "rol", "en": "role"},
    "http://www.w3.org/ns/org#classification": {"nl": "soort organisatie",
                                                "en": "organisation type"},
    "http://www.w3.org/ns/org#subOrganizationOf": {"nl": "onderdeel van", "en": "part of"},
    "http://www.w3.org/ns/org#hasSubOrganization": {"nl": "heeft onderdeel",
                                                    "en": "has part"},
    "http://www.w3.org/ns/org#Organization": {"nl": "organisatie", "en": "organisation"},
    "http://www.w3.org/ns/org#Membership": {"nl": "lidmaatschap", "en": "membership"},
    "http://www.w3.org/2004/02/skos/core#Concept": {"nl": "begrip", "en": "concept"},
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": {"nl": "codelijst", "en": "code list"},
}


def load_labels(store: Store) -> Labels:
    rank = {p: i for i, p in enumerate(_PRIORITY)}
    best: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for iri, names in EXTERNAL.items():
        for lang, name in names.items():
            best[iri][lang] = (len(_PRIORITY), name)
    for row in store.select(_QUERY).rows:
        s, p, lit = row["s"].value, row["p"].value, row["l"]
        lang = (lit.lang or "").lower()
        r = rank[p]
        have = best[s].get(lang)
        if have is None or (r, lit.value) < have:
            best[s][lang] = (r, lit.value)
    return Labels({s: {lang: v for lang, (_, v) in langs.items()} for s, langs in best.items()})


#: the labels of a store (made once per build; see :class:`api.per_build.PerBuild`)
labels_for: PerBuild[Labels] = PerBuild(load_labels)
