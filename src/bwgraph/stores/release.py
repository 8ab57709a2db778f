"""The release record: which build a remote store holds.

``bwgraph load`` writes it last, into its own small named graph ``{base}graph/release``, once
every graph is pushed and its triple count verified, so an API process (or an operator) can tell
from the store alone which checksummed TriG file it serves::

    <{base}graph/release> a prov:Entity ;
        dcterms:identifier "sha256:…" ;          # sha256 of the TriG file loaded
        dcterms:modified "…"^^xsd:dateTime ;     # the file's build time (Last-Modified)
        dcterms:issued "…"^^xsd:dateTime ;       # when it was loaded
        dcterms:source "bwmo.trig" ;
        dcterms:description "…" ;                # only if the server changed facts (load
                                                 # --accept-server-changes)
        dcterms:hasPart <{base}graph/…> .        # one per named graph of the release
    <{base}graph/…> void:triples 1234 .

The record is not part of the dataset bwgraph serves: queries see exactly the graphs it lists.
Only standard vocabularies (DCMI Terms, PROV-O, VoID) are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from bwgraph.stores.remote import SparqlHttpStore

DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


def release_graph(base: str) -> str:
    return f"{base}graph/release"


@dataclass(frozen=True)
class Release:
    sha256: str
    modified: datetime
    loaded: datetime | None
    source: str | None
    #: named graph → triple count verified at load time
    graphs: dict[str, int]
    #: what the server changed when it stored the graphs (accepted by the operator), if anything
    note: str | None = None


def release_triples(base: str, release: Release) -> list[ox.Triple]:
    """The record as triples (what ``bwgraph load`` PUTs into the release graph)."""
    node = ox.NamedNode(release_graph(base))

    def t(p: str, o: ox.NamedNode | ox.Literal, s: ox.NamedNode = node) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(p), o)

    def when(d: datetime) -> ox.Literal:
        text = d.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "dateTime"))

    out = [
        t(RDF_TYPE, ox.NamedNode(PROV + "Entity")),
        t(DCT + "identifier", ox.Literal(f"sha256:{release.sha256}")),
        t(DCT + "modified", when(release.modified)),
    ]
    if release.loaded is not None:
        out.append(t(DCT + "issued", when(release.loaded)))
    if release.source:
        out.append(t(DCT + "source", ox.Literal(release.source)))
    if release.note:
        out.append(t(DCT + "description", ox.Literal(release.note)))
    for graph, n in sorted(release.graphs.items()):
        g = ox.NamedNode(graph)
        out.append(t(DCT + "hasPart", g))
        out.append(t(VOID + "triples", ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer")),
                     s=g))
    return out


def read_release(store: SparqlHttpStore, base: str) -> Release | None:
    """The record in ``store``, or ``None`` when no release was loaded there."""
    r = ox.NamedNode(release_graph(base))
    res = store.raw_select(
        f"PREFIX dcterms: <{DCT}> PREFIX void: <{VOID}>\n"
        "SELECT ?sha ?modified ?loaded ?source ?note ?graph ?triples WHERE { "
        f"GRAPH {r} {{ {r} dcterms:identifier ?sha ; dcterms:modified ?modified . "
        f"OPTIONAL {{ {r} dcterms:issued ?loaded }} OPTIONAL {{ {r} dcterms:source ?source }} "
        f"OPTIONAL {{ {r} dcterms:description ?note }} "
        f"OPTIONAL {{ {r} dcterms:hasPart ?graph . OPTIONAL {{ ?graph void:triples ?triples }} }}"
        " } }",
        dataset=False,
    )
    if not res.rows:
        return None
    first = res.rows[0]
    sha = first["sha"].value.removeprefix("sha256:")
    graphs = {row["graph"].value: int(row["triples"].value) if "triples" in row else -1
              for row in res.rows if "graph" in row}
    return Release(
        sha256=sha,
        modified=_datetime(first["modified"].value),
        loaded=_datetime(first["loaded"].value) if "loaded" in first else None,
        source=first["source"].value if "source" in first else None,
        graphs=graphs,
        note=first["note"].value if "note" in first else None,
    )


def _datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
