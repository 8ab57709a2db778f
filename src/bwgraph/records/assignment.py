"""Records of an assignment ("opdrachtformulering", kind ``assignment``, document 000).

An assignment is a two-column form (label, text) converted with HTML fragments: subject,
commissioning roles, goal, conditions (time, money, hours), an activities table, risks and the
other assignments it relates to. Records keep the text as written next to parsed numbers and
dates; where the form contradicts itself (two completion dates, a total that is not the sum of
its lines) both statements are recorded, never reconciled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bwgraph.records import Evidence


@dataclass(frozen=True, slots=True)
class FormField:
    """One labelled field of the form ("Doel", "Aanleiding" …) with its text, markup removed."""

    label: str
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class RoleRecord:
    """A role in the assignment: "Bestuurlijk opdrachtgever: Hans Adriani" and where it sits."""

    role: str
    holder: str
    organisation: str | None
    qualifier: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DateStatement:
    """A date the form states, with its label as written; ``period`` when no day is given."""

    label: str
    text: str
    day: date | None
    period: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """An hours line: "Ambtelijk voorzitterschap Houten: 194 uur"."""

    label: str
    hours: Decimal
    per_municipality: bool
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class BudgetTotal:
    """The stated total ("Totaal: 426 uur t/m 1 november 2018") and the check of the lines.

    ``fixed_sum`` is the sum of the lines not given per municipality, ``per_municipality`` the
    hours per municipality; ``expected`` is the sum for ``other_municipalities`` municipalities
    when that number is known (from the source registry), else ``None``.
    """

    hours: Decimal
    text: str
    until: date | None
    fixed_sum: Decimal
    per_municipality: Decimal
    other_municipalities: int | None
    expected: Decimal | None
    adds_up: bool | None
    note: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """A row of the activities table; ``evidence`` lists every line that states the row."""

    position: int
    what: str
    when: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class RiskRecord:
    position: int
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class RelatedAssignment:
    """Another (regional) assignment the form names, e.g. "Opdracht Beschermd Wonen en
    Maatschappelijke Opvang (vastgesteld in het BPSDL van mei 2017)"."""

    label: str
    note: str | None
    evidence: tuple[Evidence, ...]
    topic: str | None = None  # "bw_mo" when the text names beschermd wonen / MO


@dataclass(frozen=True, slots=True)
class MunicipalityMention:
    """A municipality the form names; ``lekstroom`` when the text places it in the cooperation."""

    name: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    name: str
    evidence: tuple[Evidence, ...]


@dataclass
class AssignmentRecords:
    """Everything the extractor read from one assignment form."""

    subject: FormField
    cooperation: str
    cooperation_evidence: tuple[Evidence, ...]
    fields: list[FormField] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)
    dates: list[DateStatement] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    total: BudgetTotal | None = None
    activities: list[ActivityRecord] = field(default_factory=list)
    risks: list[RiskRecord] = field(default_factory=list)
    related: list[RelatedAssignment] = field(default_factory=list)
    municipalities: list[MunicipalityMention] = field(default_factory=list)
    organisations: list[OrganisationMention] = field(default_factory=list)
