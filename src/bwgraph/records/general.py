"""Records of the general extractor (kind ``general``): facts read by rules, not by a template.

One record type per fact kind, each with the exact text the rule matched and the
:class:`~bwgraph.records.Evidence` of its line. Values are normalised (CBS codes, ISO dates,
euro amounts as :class:`~decimal.Decimal`), never invented: a name that did not resolve keeps an
empty identifier and is recorded as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bwgraph.records import Evidence


@dataclass(frozen=True, slots=True)
class DocumentTypeFact:
    """What the document is (``regiovisie``, ``raadsvoorstel`` …) and how that was read."""

    notation: str
    how: str  # "proposal heading" | "title" | "self-reference"
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class InstrumentFact:
    """An instrument the document establishes, amends, replaces, proposes or mentions."""

    notation: str
    title: str  # as written; "" when the text gives only the type word
    relation: str  # establishes | amends | replaces | proposes | mentions
    text: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class MunicipalityFact:
    """A municipality named in the text: CBS code valid on the document date."""

    cbs_code: str
    name: str  # as written
    context: str  # enumeration | gemeente | qualified | standalone | centrumgemeente | mention
    named_code: str  # the code of the municipality the name belonged to, when it has merged since
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class RegionFact:
    slug: str  # "" when the region is not in regions.csv
    name: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class OrganisationFact:
    slug: str  # "" when not in organisations.csv
    name: str
    org_type: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class RoleFact:
    """A municipality in a role the text states (centrumgemeente, gastgemeente, mandate)."""

    role: str
    cbs_code: str
    name: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class DateFact:
    value: str  # ISO day or month
    meaning: str
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class PeriodFact:
    start: str  # year or ISO day; "" for a duration only
    end: str
    duration: str  # ISO 8601 ("P4Y"); "" for a range
    minimum: bool  # "ten minste vier jaar"
    of: str  # instrument type notation named before it on the line, or ""
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class AmountFact:
    value: Decimal
    currency: str
    meaning: str
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ScopeFact:
    concept: str  # notation in the scope code list
    text: str
    evidence: tuple[Evidence, ...]


@dataclass
class GeneralRecords:
    """Everything the general extractor read from one document (the single record)."""

    extractor: str
    version: str
    method: str  # "rules"
    document_type: DocumentTypeFact | None = None
    instruments: list[InstrumentFact] = field(default_factory=list)
    municipalities: list[MunicipalityFact] = field(default_factory=list)
    regions: list[RegionFact] = field(default_factory=list)
    organisations: list[OrganisationFact] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    periods: list[PeriodFact] = field(default_factory=list)
    amounts: list[AmountFact] = field(default_factory=list)
    scope: list[ScopeFact] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "type": int(self.document_type is not None),
            "instruments": len(self.instruments),
            "municipalities": len(self.municipalities),
            "regions": len(self.regions),
            "organisations": len(self.organisations),
            "roles": len(self.roles),
            "dates": len(self.dates),
            "periods": len(self.periods),
            "amounts": len(self.amounts),
            "scope": len(self.scope),
        }
