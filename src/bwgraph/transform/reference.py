"""The reference graph: municipalities (TOOI), provinces, boundary changes, regions, organisations.

Municipalities keep their TOOI IRI as identity; we add our own typing and the CBS code as a literal
so that a SPARQL user can join on either. Dissolved municipalities stay in the graph with their end
date and ``dct:isReplacedBy`` links, so a 2020 name can be carried to today's municipality.
"""

from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from bwgraph.context import BuildContext, new_graph
from bwgraph.identify import code_concept
from bwgraph.namespaces import BWMO, TOOI_ONT
from bwgraph.transform.literals import date_literal

TOOI_REGISTER = URIRef("https://identifier.overheid.nl/tooi/set/rwc_gemeenten_compleet/4")
TOOI_PROVINCE_REGISTER = URIRef("https://identifier.overheid.nl/tooi/set/rwc_provincies_compleet/1")


def reference_graph(ctx: BuildContext) -> Graph:
    g = new_graph()
    _provinces(ctx, g)
    _municipalities(ctx, g)
    _regions(ctx, g)
    _organisations(ctx, g)
    return g


def _provinces(ctx: BuildContext, g: Graph) -> None:
    path = ctx.settings.reference_dir / "tooi_rwc_provincies_compleet_1.jsonld"
    for obj in json.loads(path.read_text(encoding="utf-8")):
        types = obj.get("@type", [])
        if str(TOOI_ONT.Provincie) not in types:
            continue
        iri = URIRef(obj["@id"])
        name = obj[str(TOOI_ONT.officieleNaamExclSoort)][0]["@value"]
        g.add((iri, RDF.type, BWMO.Province))
        g.add((iri, RDFS.label, Literal(name, lang="nl")))
        g.add((iri, SKOS.prefLabel, Literal(name, lang="nl")))
        g.add((iri, BWMO.cbsCode, Literal("PV" + obj[str(TOOI_ONT.provinciecode)][0]["@value"])))
        g.add((iri, DCTERMS.source, TOOI_PROVINCE_REGISTER))


def _municipalities(ctx: BuildContext, g: Graph) -> None:
    reg = ctx.municipalities
    for m in reg.iter_all():
        iri = URIRef(m.tooi_iri)
        g.add((iri, RDF.type, BWMO.Municipality))
        g.add((iri, RDFS.label, Literal(m.preferred_name, lang="nl")))
        g.add((iri, SKOS.prefLabel, Literal(m.preferred_name, lang="nl")))
        if m.name != m.preferred_name:
            g.add((iri, SKOS.altLabel, Literal(m.name, lang="nl")))
        g.add((iri, BWMO.cbsCode, Literal(m.cbs_code)))
        g.add((iri, SKOS.notation, Literal(m.cbs_code[2:])))
        if m.province_iri:
            g.add((iri, BWMO.province, URIRef(m.province_iri)))
        if m.begin:
            g.add((iri, BWMO.establishedOn, date_literal(m.begin)))
        if m.end:
            g.add((iri, BWMO.dissolvedOn, date_literal(m.end)))
        if m.owms_iri:
            g.add((iri, RDFS.seeAlso, URIRef(m.owms_iri)))
        g.add((iri, DCTERMS.source, TOOI_REGISTER))
    for ch in reg.changes:
        ev = URIRef(ch.iri)
        g.add((ev, RDF.type, BWMO.BoundaryChange))
        g.add((ev, DCTERMS.date, date_literal(ch.day)))
        g.add((ev, BWMO.changeKind, Literal(ch.kind, lang="nl")))
        g.add((ev, RDFS.label, Literal(f"{ch.kind} {ch.day.isoformat()}", lang="nl")))
        for code in ch.dissolved:
            g.add((ev, BWMO.dissolvedMunicipality, URIRef(reg.get(code).tooi_iri)))
        for code in ch.created:
            g.add((ev, BWMO.createdMunicipality, URIRef(reg.get(code).tooi_iri)))
        for code in ch.extended:
            g.add((ev, BWMO.extendedMunicipality, URIRef(reg.get(code).tooi_iri)))
        for old in ch.dissolved:
            for new in ch.created + ch.extended:
                g.add(
                    (
                        URIRef(reg.get(old).tooi_iri),
                        DCTERMS.isReplacedBy,
                        URIRef(reg.get(new).tooi_iri),
                    )
                )
        g.add((ev, DCTERMS.source, TOOI_REGISTER))


def _regions(ctx: BuildContext, g: Graph) -> None:
    """Regions as identities only: their facts (members, status) come from the documents."""
    for r in ctx.regions:
        iri = ctx.minter.region(r.slug)
        g.add((iri, RDF.type, BWMO.Region))
        g.add((iri, RDFS.label, Literal(r.report_name, lang="nl")))
        g.add((iri, SKOS.prefLabel, Literal(r.report_name, lang="nl")))
        for alt in r.alt_labels:
            g.add((iri, SKOS.altLabel, Literal(alt, lang="nl")))
        if r.parent:
            parent = ctx.minter.region(r.parent)
            g.add((iri, ORG.subOrganizationOf, parent))
            g.add((parent, ORG.hasSubOrganization, iri))
            g.add((iri, RDF.type, BWMO.SubRegion))


#: Organisation types that have their own class, so that ``?x a bwmo:CareProvider`` works as well
#: as the classification concept.
ORGANISATION_CLASSES = {
    "housing_corporation": BWMO.HousingCorporation,
    "care_provider": BWMO.CareProvider,
    "client_council": BWMO.ClientCouncil,
    "health_insurer": BWMO.HealthInsurer,
    "zorgkantoor": BWMO.Zorgkantoor,
    "governance_body": BWMO.GovernanceBody,
}


def _organisations(ctx: BuildContext, g: Graph) -> None:
    for org in ctx.organisations:
        iri = ctx.minter.organisation(org.slug)
        g.add((iri, RDF.type, ORG.Organization))
        if org.org_type in ORGANISATION_CLASSES:
            g.add((iri, RDF.type, ORGANISATION_CLASSES[org.org_type]))
        g.add((iri, RDFS.label, Literal(org.name, lang="nl")))
        g.add((iri, SKOS.prefLabel, Literal(org.name, lang="nl")))
        for alt in org.alt_labels:
            g.add((iri, SKOS.altLabel, Literal(alt, lang="nl")))
        if org.org_type:
            g.add((iri, ORG.classification, code_concept("organisation-type", org.org_type)))
        if org.note:
            g.add((iri, SKOS.note, Literal(org.note, lang="en")))
