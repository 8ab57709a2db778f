"""Recognisers per dimension: the reusable reading layer under the general extractor.

Each module recognises one dimension in numbered lines and returns :class:`Hit` records (line,
character span, exact text, normalised value, attributes). Words and names are data files
(``data/``, ``data/reference/``) run by one engine (:mod:`bwgraph.recognise.engine`):

=================  =========================================================================
municipalities     TOOI register on the document date; aliases; context rules; enumerations
regions            ``regions.csv``; "regio X"
organisations      ``organisations.csv``; legal forms (Stichting X, woningcorporatie X, GGD X)
roles              centrumgemeente, gastgemeente, mandate holder
instruments        document type; instruments with title as written and relation
dates              dates with meaning (vastgesteld, ondertekend, in werking …)
periods            year and date ranges, durations
money              amounts in euro with meaning (budget, plafond, reserve …)
scope              scope concepts (beschermd wonen, maatschappelijke opvang, Wvggz …)
=================  =========================================================================

:func:`recognise_all` runs them together and settles overlaps (a region name is not also a
municipality: "regio Utrecht", "Amsterdam-Amstelland"; nor is a place inside an organisation's
name: "Zorgkantoor Utrecht").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bwgraph.recognise.base import Hit, LineLike, TextLine, fold, lines_of, sort_hits
from bwgraph.recognise.dates import recognise_dates
from bwgraph.recognise.instruments import DocumentType, document_type, recognise_instruments
from bwgraph.recognise.money import recognise_money
from bwgraph.recognise.municipalities import recognise_municipalities
from bwgraph.recognise.organisations import recognise_organisations
from bwgraph.recognise.periods import recognise_periods
from bwgraph.recognise.regions import recognise_regions
from bwgraph.recognise.roles import recognise_roles
from bwgraph.recognise.scope import recognise_scope

__all__ = [
    "DocumentType",
    "Hit",
    "LineLike",
    "Recognised",
    "TextLine",
    "document_date",
    "fold",
    "lines_of",
    "recognise_all",
]

#: date meanings that date the document itself, in order of preference
DOCUMENT_DATE_MEANINGS = ("document_datum", "vastgesteld", "ondertekend", "besluit", "vergadering")


@dataclass
class Recognised:
    """Everything the recognisers found in one document."""

    doc_type: DocumentType | None
    municipalities: list[Hit] = field(default_factory=list)
    regions: list[Hit] = field(default_factory=list)
    organisations: list[Hit] = field(default_factory=list)
    roles: list[Hit] = field(default_factory=list)
    instruments: list[Hit] = field(default_factory=list)
    dates: list[Hit] = field(default_factory=list)
    periods: list[Hit] = field(default_factory=list)
    amounts: list[Hit] = field(default_factory=list)
    scope: list[Hit] = field(default_factory=list)

    def all(self) -> list[Hit]:
        return sort_hits(
            self.municipalities
            + self.regions
            + self.organisations
            + self.roles
            + self.instruments
            + self.dates
            + self.periods
            + self.amounts
            + self.scope
        )


def document_date(dates: Sequence[Hit]) -> date | None:
    """The date a document carries (its own date, else adoption, signing, decision, meeting)."""
    for meaning in DOCUMENT_DATE_MEANINGS:
        for h in dates:
            if h.attr("meaning") == meaning and len(h.value) == 10:
                return date.fromisoformat(h.value)
    return None


def recognise_all(lines: Sequence[LineLike], on: date | None = None) -> Recognised:
    """Run every recogniser over ``lines``; ``on`` is the document date (else read from the text).

    Municipalities are resolved on ``on``; without it, on the date the text itself carries
    (:func:`document_date`), and without that against the current register.
    """
    dates = recognise_dates(lines)
    day = on or document_date(dates)
    regions = recognise_regions(lines)
    organisations = recognise_organisations(lines)
    # a place inside the name of a region or an organisation ("regio Utrecht", "Zorgkantoor
    # Utrecht", "GGD Zeeland") is part of that name, not the municipality
    name_spans = {(h.line, h.start, h.end) for h in regions + organisations}
    munis = [
        h
        for h in recognise_municipalities(lines, day)
        if not any(ln == h.line and s <= h.start and h.end <= e for ln, s, e in name_spans)
    ]
    dtype = document_type(lines)
    return Recognised(
        doc_type=dtype,
        municipalities=munis,
        regions=regions,
        organisations=organisations,
        roles=recognise_roles(lines, munis),
        instruments=recognise_instruments(lines, dtype),
        dates=dates,
        periods=recognise_periods(lines),
        amounts=recognise_money(lines),
        scope=recognise_scope(lines),
    )
