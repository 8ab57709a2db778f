"""Records of a regional action plan (kind ``action_plan``, document 002).

An action plan states its period, the municipalities that make it, its transformation tasks and
numbered action points, each with who is responsible and a deadline. The deadline cell is free
text ("31-12-2017", "Def. plan: 1-6-2018 Invoering: 1-1-2019", "Doorlopend", "Gereed."), so a
record keeps the cell as written next to what could be parsed from it; a phrase that names no day
("medio 2018") never becomes a date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bwgraph.records import Evidence


@dataclass(frozen=True, slots=True)
class DeadlinePart:
    """One dated (or period) part of a deadline cell; ``label`` is a phase name as written."""

    text: str
    day: date | None = None
    #: ``"2018"`` (xsd:gYear) or ``"2018-06"`` (xsd:gYearMonth) when the text fixes no day.
    period: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline cell: the original text, its dated parts and its status (a code-list notation).

    The status is one of ``dated``, ``ongoing``, ``done`` or ``not_stated``. A cell that gives a
    date and calls the action ongoing ("1-10-2018 Doorlopend") is ``ongoing`` and keeps its date;
    ``note`` then says so.
    """

    text: str
    parts: tuple[DeadlinePart, ...] = ()
    status: str = "not_stated"
    note: str = ""


@dataclass(frozen=True, slots=True)
class PartyRef:
    """A party named in a "Wie?" cell, before resolution.

    ``kind`` is ``municipalities`` (all municipalities of the plan: "Gemeenten", "Alle
    gemeenten"), ``centre`` (the centrumgemeente), ``group`` (a collective such as
    "woningcorporaties"; ``org_type`` is its organisation-type notation) or ``organisation`` (a
    named organisation). ``initiative`` marks the party the cell says holds the initiative.
    """

    kind: str
    name: str
    initiative: bool = False
    org_type: str | None = None


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """A numbered action point as its table row states it."""

    number: int
    text: str
    responsible_text: str
    parties: tuple[PartyRef, ...]
    deadline: Deadline
    chapter: int
    section: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ChapterRecord:
    """A top-level chapter; ``task_number`` is set when it is one of the numbered transformation
    tasks ("Transformatieopgave Wonen en huisvesting" is task 1 of the list in chapter 1)."""

    number: int
    title: str
    label: str
    task_number: int | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    """A named organisation (care provider, insurer, zorgkantoor …) and the lines naming it.

    ``group_type`` is set (an organisation-type notation) when the plan names a group as a whole
    ("Wmo-raden", "zorgverzekeraars") rather than one organisation.
    """

    name: str
    evidence: tuple[Evidence, ...]
    group_type: str | None = None


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """The plan: title, subject, period, version date, municipalities and what it implements."""

    title: str
    subject: str
    period_start: int
    period_end: int
    version_label: str
    version_date: date | None
    centrumgemeente: str
    municipalities: tuple[str, ...]
    title_evidence: Evidence
    version_evidence: Evidence
    municipality_evidence: tuple[Evidence, ...]
    implements_title: str | None = None
    implements_evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class SignatureRecord:
    """A person who signs the plan, as the signature block writes it.

    ``name`` is the person as written ("Trix van der Linden"), ``role`` the line under it
    ("Wethouder gemeente Lochem"), ``municipality`` the municipality that line names.
    """

    name: str
    role: str
    municipality: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class PriorityRecord:
    """One item of a list the plan introduces as speerpunten ("vier speerpunten:").

    ``owner`` says whose speerpunten they are in the plan's words: ``regiovisie`` when the
    introducing sentence says the vision holds them ("in de regiovisie vertaald in vier
    speerpunten"), ``plan`` otherwise.
    """

    number: int
    text: str
    owner: str
    evidence: tuple[Evidence, ...]  # the introducing line and the item's line


@dataclass(frozen=True, slots=True)
class MoneyRecord:
    """An amount of money the plan states, with what it is for, as written.

    ``kind`` is ``reserve`` (a reserve fund and its balance), ``allocation`` (an amount of the
    reserve put to a use), ``budget`` (a budget line of the plan's budget table) or
    ``earmark`` (an amount reserved for one purpose in the text). ``purpose`` is the text
    naming what the money is for; ``period`` the years it covers when the line says so.
    """

    kind: str
    amount_eur: int
    amount_text: str
    purpose: str
    evidence: Evidence
    section: str | None = None
    as_of: date | None = None
    period: tuple[int, int] | None = None


@dataclass
class ActionPlanRecords:
    """Everything the extractor read from one action plan."""

    plan: PlanInfo
    chapters: list[ChapterRecord] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    organisations: list[OrganisationMention] = field(default_factory=list)
    signatures: list[SignatureRecord] = field(default_factory=list)
    priorities: list[PriorityRecord] = field(default_factory=list)
    money: list[MoneyRecord] = field(default_factory=list)
