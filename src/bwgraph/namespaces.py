"""RDF namespaces used across bwgraph.

The ontology namespace is fixed (it is a published vocabulary); the namespace of minted instance
IRIs depends on the configured base (see :mod:`bwgraph.config`), so it is not a constant here.
"""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

#: The bwgraph ontology (classes and properties). Hash namespace: one document describes all.
BWMO = Namespace("https://w3id.org/bwmo/def#")
#: The ontology IRI itself.
BWMO_ONTOLOGY = "https://w3id.org/bwmo/def"
#: Code lists (SKOS concept schemes) live under this fixed namespace, e.g. ``…/def/status/yes``.
BWMO_CODE = Namespace("https://w3id.org/bwmo/def/")

#: Government identifiers (TOOI) for municipalities and provinces.
TOOI_GEMEENTE = Namespace("https://identifier.overheid.nl/tooi/id/gemeente/")
TOOI_PROVINCIE = Namespace("https://identifier.overheid.nl/tooi/id/provincie/")
TOOI_ONT = Namespace("https://identifier.overheid.nl/tooi/def/ont/")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
#: OGC GeoSPARQL 1.1 (municipality boundaries: geo:hasGeometry, geo:asWKT).
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

PREFIXES: dict[str, str] = {
    "bwmo": str(BWMO),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "tooi": str(TOOI_ONT),
    "gemeente": str(TOOI_GEMEENTE),
    "provincie": str(TOOI_PROVINCIE),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "geo": str(GEO),
}

__all__ = [
    "BWMO",
    "BWMO_CODE",
    "BWMO_ONTOLOGY",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "GEO",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TIME",
    "TOOI_GEMEENTE",
    "TOOI_ONT",
    "TOOI_PROVINCIE",
    "VOID",
    "XSD",
]
