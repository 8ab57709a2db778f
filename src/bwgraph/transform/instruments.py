"""Policy instruments named in any document: one node per real-world instrument.

Every transformer that meets an instrument (the status report's mentions, an action plan's
regiovisie, an agreement's policy frame) writes it here, so that the same rule decides identity
everywhere: the IRI is ``id/instrument/{region}/{type}/{key}`` with the key from
:func:`bwgraph.identify.instrument_key` (the title's distinctive words and years, or the year the
text dates an untitled one to). Two documents that name the Flevoland "Regionaal Kader
Zorglandschap 2020-2026" therefore write one node, each adding its own evidence; a national
instrument (the Norm voor Opdrachtgeverschap) has one node for the country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from bwgraph.context import BuildContext
from bwgraph.extract.mentions import instrument_type_of, type_words
from bwgraph.identify import code_concept, instrument_key, region_place_words, slugify
from bwgraph.namespaces import BWMO
from bwgraph.records import Evidence

#: Instrument type (``instrument-type`` notation) → ontology class.
INSTRUMENT_CLASSES: dict[str, URIRef] = {
    "regiovisie": BWMO.RegionalVision,
    "visie": BWMO.PolicyInstrument,
    "agenda": BWMO.RegionalAgenda,
    "plan": BWMO.ActionPlan,
    "uitvoeringsprogramma": BWMO.ActionPlan,
    "convenant": BWMO.Convenant,
    "centrumregeling": BWMO.Centrumregeling,
    "gemeenschappelijke_regeling": BWMO.JointArrangement,
    "regeling": BWMO.PolicyInstrument,
    "overeenkomst": BWMO.Agreement,
    "bestuurlijk_akkoord": BWMO.AdministrativeAgreement,
    "kader": BWMO.PolicyFrame,
    "fonds": BWMO.PolicyInstrument,
    "addendum": BWMO.Agreement,
    "prestatieafspraken": BWMO.Agreement,
    "verordening": BWMO.PolicyInstrument,
    "nota": BWMO.PolicyInstrument,
    "norm": BWMO.PolicyFrame,
}
#: Types of which the country has one instrument (not one per region).
NATIONAL_TYPES = frozenset({"norm"})
#: Dutch names of the types, for the label of an untitled instrument.
TYPE_LABELS: dict[str, str] = {
    "regiovisie": "regiovisie",
    "visie": "visie",
    "agenda": "agenda",
    "plan": "plan",
    "uitvoeringsprogramma": "uitvoeringsprogramma",
    "convenant": "convenant",
    "centrumregeling": "centrumregeling",
    "gemeenschappelijke_regeling": "gemeenschappelijke regeling",
    "regeling": "regeling",
    "overeenkomst": "overeenkomst",
    "bestuurlijk_akkoord": "bestuurlijk akkoord",
    "kader": "kader",
    "fonds": "fonds",
    "addendum": "addendum",
    "prestatieafspraken": "prestatieafspraken",
    "verordening": "verordening",
    "nota": "nota",
    "norm": "Norm voor Opdrachtgeverschap",
}
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class InstrumentRef:
    """What a document says about an instrument it names."""

    notation: str  # instrument-type notation
    name: str  # as written (title, or the type word as the text writes it)
    title: str  # "" when the text gives no title
    evidence: tuple[Evidence, ...]
    region_slug: str | None
    status: str | None = None
    year: int | None = None


def instrument_iri(ctx: BuildContext, ref: InstrumentRef) -> URIRef:
    """The IRI of the instrument a reference denotes (the rule in the module docstring)."""
    if ref.notation in NATIONAL_TYPES:
        return ctx.minter.id("instrument", "nl", ref.notation)
    place: list[str] = []
    if ref.region_slug and ref.region_slug in ctx.regions.regions:
        place = region_place_words(ctx.regions.regions[ref.region_slug])
    key = instrument_key(
        ref.title, type_words=type_words(ref.notation), place_words=place, year=ref.year
    )
    if not key:
        # untitled and undated: kept apart by the words that name it ("plan van aanpak",
        # "regionaal plan"), never merged with a titled instrument of the type
        key = f"generic-{slugify(ref.name)}"
    return ctx.minter.id("instrument", ref.region_slug or "unplaced", ref.notation, key)


def add_instrument(
    g: Graph, ctx: BuildContext, ref: InstrumentRef, *, region_name: str = ""
) -> URIRef:
    """Write (or add to) the node of the instrument ``ref`` denotes; returns its IRI."""
    node = instrument_iri(ctx, ref)
    cls = INSTRUMENT_CLASSES.get(ref.notation, BWMO.PolicyInstrument)
    g.add((node, RDF.type, cls))
    g.add((node, BWMO.instrumentType, code_concept("instrument-type", ref.notation)))
    if ref.notation in NATIONAL_TYPES:
        g.add((node, RDFS.label, Literal(TYPE_LABELS[ref.notation], lang="nl")))
    elif ref.title:
        # each document's spelling of the title is an alternative title of the one instrument
        # ("Regionaal Kader Zorglandschap 2020-2026", "Regionaal kader zorglandschap Wmo
        # Flevoland 2020-2026"); none of them is privileged as dct:title
        g.add((node, DCTERMS.alternative, Literal(ref.title, lang="nl")))
        g.add((node, RDFS.label, Literal(ref.title, lang="nl")))
        period = _PERIOD.search(ref.title)
        if period:
            g.add((node, BWMO.periodStart, Literal(period[1], datatype=XSD.gYear)))
            g.add((node, BWMO.periodEnd, Literal(period[2], datatype=XSD.gYear)))
    else:
        where = f" ({region_name})" if region_name else ""
        label = f"{TYPE_LABELS.get(ref.notation, ref.notation)}{where}"
        if ref.year:
            label = f"{TYPE_LABELS.get(ref.notation, ref.notation)} {ref.year}{where}"
        g.add((node, RDFS.label, Literal(label, lang="nl")))
        g.add(
            (
                node,
                SKOS.note,
                Literal("named only by its type in the source; title not stated", lang="en"),
            )
        )
    if (
        ref.status
        and ref.notation not in NATIONAL_TYPES
        and g.value(node, BWMO.instrumentStatus) is None
    ):
        # the status the first line naming it gives (a region report cannot state the status
        # of a national instrument)
        g.add((node, BWMO.instrumentStatus, code_concept("instrument-status", ref.status)))
    if ref.region_slug and ref.notation not in NATIONAL_TYPES:
        g.add((node, BWMO.region, ctx.minter.region(ref.region_slug)))
    for ev in ref.evidence:
        ctx.add_evidence(g, node, ev)
        g.add((node, PROV.wasDerivedFrom, ctx.minter.document(ev.doc_id)))
    return node


def instrument_ref(
    title: str, evidence: tuple[Evidence, ...], region_slug: str | None, *, default: str
) -> InstrumentRef:
    """A reference to an instrument a document names by its title (type read from the title)."""
    notation = instrument_type_of(title) or default
    return InstrumentRef(notation, title, title, evidence, region_slug)
