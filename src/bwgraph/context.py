"""The build context: what every transformer needs to turn records into triples.

One context per build. It owns the minter and the three registries (municipalities, regions,
organisations) so that every document resolves names the same way: one IRI per real-world entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from bwgraph.config import Settings
from bwgraph.identify import (
    IriMinter,
    KnownOrganisation,
    MunicipalityRegistry,
    OrganisationRegistry,
    RegionRegistry,
    code_concept,
    slugify,
)
from bwgraph.namespaces import BWMO, PREFIXES, PROV, SKOS
from bwgraph.records import Evidence


def new_graph() -> Graph:
    """An rdflib graph with the project's prefixes bound (for readable serialisations)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


@dataclass
class BuildContext:
    """Settings, IRI minter and entity registries shared by all transformers of one build."""

    settings: Settings = field(default_factory=Settings)

    @cached_property
    def minter(self) -> IriMinter:
        return IriMinter(self.settings.base)

    @cached_property
    def municipalities(self) -> MunicipalityRegistry:
        return MunicipalityRegistry.load(self.settings.reference_dir)

    @cached_property
    def regions(self) -> RegionRegistry:
        return RegionRegistry.load(self.settings.reference_dir / "regions.csv")

    @cached_property
    def organisations(self) -> OrganisationRegistry:
        return OrganisationRegistry.load(self.settings.reference_dir / "organisations.csv")

    # --- helpers that write triples -------------------------------------------------------

    def add_evidence(self, g: Graph, subject: URIRef, ev: Evidence) -> URIRef:
        """Attach evidence to a fact node: ``subject bwmo:evidence <…/document/{id}/line/{n}>``.

        The line node carries the document, the line number and the quote; many facts read from
        the same line share it, so a client can ask "what else was read from this line?".
        """
        line = self.minter.source_line(ev.doc_id, ev.line)
        g.add((subject, BWMO.evidence, line))
        quote = (line, BWMO.quote, Literal(ev.quote, lang="nl"))
        if quote in g:
            # described by an earlier call (only this method states a quote, and the other
            # four triples follow from the line's IRI): skip five no-op adds, which are most of
            # the cost of a fact read from a line other facts were read from
            return line
        g.add((line, RDF.type, BWMO.SourceLine))
        g.add((line, BWMO.inDocument, self.minter.document(ev.doc_id)))
        g.add((line, BWMO.lineNumber, Literal(ev.line, datatype=XSD.positiveInteger)))
        # the sources are Dutch (sources.toml `language`); a quote carries their language
        g.add(quote)
        g.add((line, RDFS.label, Literal(f"{ev.doc_id}, line {ev.line}", lang="en")))
        return line

    def organisation_node(
        self, g: Graph, name: str, ev: Evidence, *, context_slug: str | None = None
    ) -> URIRef:
        """The IRI of the organisation a name denotes, or an unresolved-mention node.

        A name in ``organisations.csv`` resolves to ``…/id/organisation/{slug}`` (its labels and
        type come from the reference graph). Anything else becomes a ``bwmo:UnresolvedMention``
        scoped to the document and line, so nothing is merged by guess.
        """
        known: KnownOrganisation | None = self.organisations.resolve(name)
        if known is not None:
            return self.minter.organisation(known.slug)
        node = self.minter.id("mention", ev.doc_id, str(ev.line), context_slug or slugify(name))
        g.add((node, RDF.type, BWMO.UnresolvedMention))
        g.add((node, RDFS.label, Literal(name, lang="nl")))
        g.add((node, SKOS.note, Literal("not resolved to a known organisation", lang="en")))
        self.add_evidence(g, node, ev)
        g.add((node, PROV.wasDerivedFrom, self.minter.document(ev.doc_id)))
        return node

    def add_mention(
        self, g: Graph, subject: URIRef, target: URIRef, name: str, evidence: Sequence[Evidence]
    ) -> URIRef:
        """Record that ``subject`` (a plan, an assignment…) names ``target``, with evidence.

        ``subject bwmo:mentions target`` is the shortcut for queries; the ``bwmo:Mention`` node
        (one per document and name) carries the name as written and the lines it was read from.
        """
        doc_id = evidence[0].doc_id
        g.add((subject, BWMO.mentions, target))
        node = self.minter.id("mention", doc_id, slugify(name))
        g.add((node, RDF.type, BWMO.Mention))
        g.add((node, BWMO.mentionOf, target))
        g.add((node, RDFS.label, Literal(name, lang="nl")))
        g.add((node, PROV.wasDerivedFrom, self.minter.document(doc_id)))
        for ev in evidence:
            self.add_evidence(g, node, ev)
        return node

    def concept(self, scheme: str, notation: str) -> URIRef:
        return code_concept(scheme, notation)
