"""Typed literals and dated nodes shared by the transforms.

Dates are written one way everywhere (``xsd:date`` for a day, ``xsd:gYear``/``xsd:gYearMonth``
for a period the source fixes no day of), so that SPARQL comparisons and the shapes see the same
datatypes whatever document a fact came from.
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from bwgraph.context import BuildContext
from bwgraph.durations import canonical
from bwgraph.namespaces import BWMO
from bwgraph.records import Evidence


def date_literal(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def duration_literal(lexical: str) -> Literal:
    """An xsd:duration in canonical form (``P18M`` → ``P1Y6M``, see :mod:`bwgraph.durations`)."""
    return Literal(canonical(lexical), datatype=XSD.duration)


def period_literal(period: str) -> Literal:
    """``"2018"`` → xsd:gYear, ``"2018-06"`` → xsd:gYearMonth."""
    return Literal(period, datatype=XSD.gYear if len(period) == 4 else XSD.gYearMonth)


def add_when(g: Graph, node: URIRef, day: date | None, period: str | None) -> None:
    """``bwmo:deadline`` for a day, ``bwmo:deadlinePeriod`` for a period (never an invented day)."""
    if day:
        g.add((node, BWMO.deadline, date_literal(day)))
    if period:
        g.add((node, BWMO.deadlinePeriod, period_literal(period)))


def add_milestone(
    g: Graph,
    ctx: BuildContext,
    node: URIRef,
    *,
    label: str,
    text: str,
    day: date | None,
    period: str | None,
    evidence: Evidence,
) -> URIRef:
    """A ``bwmo:Milestone``: a named, dated step as the source writes it ("Def. plan: 1-6-2018")."""
    g.add((node, RDF.type, BWMO.Milestone))
    g.add((node, RDFS.label, Literal(label, lang="nl")))
    g.add((node, BWMO.deadlineText, Literal(text, lang="nl")))
    add_when(g, node, day, period)
    ctx.add_evidence(g, node, evidence)
    return node
