"""Records of a regional housing agenda for vulnerable groups (kind ``housing_agenda``, doc 003).

The agenda states a regional capacity need per housing(-care) product, a local offer per
municipality and product, an estimated demand per target group, a product catalogue and the
bodies that govern the agenda. Records keep the text as written next to the parsed values:
product and target-group labels are matched to code-list concepts in the transform stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bwgraph.records import Evidence


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote under a table: its marker (``¹``), the label it explains (``Gorinchem``), text."""

    marker: str
    label: str | None
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a table states it: exact, a minimum, or a range; ``raw`` is the cell text.

    ``unit_size``/``unit_size_unit`` hold the "a 15 woonplekken" part of "2 voorzieningen a 15
    woonplekken" (places per facility).
    """

    raw: str
    exact: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None
    unit_size: int | None = None
    unit_size_unit: str | None = None
    per_year: bool = False

    @property
    def stated(self) -> bool:
        return self.exact is not None or self.minimum is not None or self.maximum is not None


@dataclass(frozen=True, slots=True)
class AgendaInfo:
    """The agenda itself: title, date, period and the region's municipalities as listed."""

    title: str
    title_evidence: Evidence
    date_text: str
    date_evidence: Evidence
    period_start: int
    period_end: int
    municipalities: tuple[str, ...]
    centrumgemeente: str
    municipalities_evidence: Evidence
    region_names: tuple[str, ...]  # the names the agenda gives its region(s)


@dataclass(frozen=True, slots=True)
class CapacityNeed:
    """One row of the regional capacity table ("Behoefte aan voorzieningen")."""

    product_label: str
    quantity: Quantity
    evidence: Evidence
    #: ``per_year`` / ``one_off`` only where the text says so, with the line that says it.
    periodicity: str | None = None
    periodicity_evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class LocalOffer:
    """One non-empty cell of the local offer table: a municipality's offer for one product."""

    municipality: str
    product_label: str
    text: str  # cell text without footnote markers
    quantity: int | None
    evidence: Evidence
    footnotes: tuple[Footnote, ...] = ()
    #: markers in the cell that could not be tied to a footnote with confidence
    unresolved_markers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemandEstimate:
    """One row of "Samenvatting geschatte vraag": estimated yearly outflow per target group."""

    target_group_label: str
    quantity: Quantity
    requirements: str
    clustered: str
    process: str
    evidence: Evidence
    footnotes: tuple[Footnote, ...] = ()
    periodicity_evidence: Evidence | None = None
    #: which municipalities the estimate covers, when the text restricts it (a sentence)
    scope_note: str | None = None
    scope_evidence: Evidence | None = None
    #: the total over all groups the text states next to the table (not a row of it)
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class ProductDescription:
    """A product of the catalogue (annex A) with its description as the agenda gives it."""

    product_label: str
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class StatedText:
    """A sentence or list item with the line it was read from."""

    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class GovernanceBody:
    """A body that governs the agenda (Regiegroep HKG, Bestuurlijke Tafel BW & O, …)."""

    name: str
    evidence: Evidence
    composition: tuple[StatedText, ...] = ()
    tasks: tuple[StatedText, ...] = ()
    #: the body's members are the region's municipalities (represented by their aldermen)
    municipalities_are_members: bool = False
    members_evidence: Evidence | None = None
    supported_by: str | None = None
    supported_by_evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    """A named organisation the agenda mentions, with its role as far as the text states it."""

    name: str
    evidence: Evidence


@dataclass
class HousingAgendaRecords:
    """Everything extracted from one housing agenda (the single record of the result)."""

    info: AgendaInfo
    capacity: list[CapacityNeed] = field(default_factory=list)
    offers: list[LocalOffer] = field(default_factory=list)
    offer_table_evidence: Evidence | None = None
    demand: list[DemandEstimate] = field(default_factory=list)
    products: list[ProductDescription] = field(default_factory=list)
    bodies: list[GovernanceBody] = field(default_factory=list)
    organisations: list[OrganisationMention] = field(default_factory=list)
