"""Records of the national status report ("Regionale stand van het land", HHM 2020).

The report holds 45 region reports ("Regiobeeld …"). Each becomes a :class:`RegionReport` with
the checklist cells as :class:`ChecklistCell` records, the free text as :class:`NarrativeText`,
the municipalities the text says belong to the region as :class:`MemberStatement` and the
organisations, products and agreements its narratives name as :class:`MentionRecord`.

Records keep what the source writes (raw cell text, names as written) next to the parsed values
(topic and status notations); IRIs are decided in :mod:`bwgraph.transform.status_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bwgraph.records import Evidence, ExtractResult


@dataclass(frozen=True, slots=True)
class ChecklistCell:
    """One status item of a checklist: label, cell as written and the status it gives.

    ``status`` is a notation of the ``status`` code list; ``status_note`` (English) says why a
    cell gives ``not_stated`` (blank, several symbols, unknown text).
    """

    topic: str  # notation in the topic code list
    block: str  # nvo | uitvoeringsafspraken | planning
    label: str  # the label as the report writes it
    raw_status: str  # the cell text as written (may be empty)
    status: str  # yes | in_development | no | not_applicable | not_stated
    status_note: str | None
    evidence: Evidence  # the line of the label
    #: further lines of the item where a conversion broke it: the rest of a broken label line,
    #: the status on the line below its label
    more_evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class UnknownItem:
    """A checklist item whose label names no topic of the code list: kept as written, with the
    cell as written, never read as another topic."""

    block: str | None  # the block it stands in, if any
    label: str
    raw_status: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class NarrativeText:
    """Free text of one section of a region report (already cleaned of HTML and markdown)."""

    section: str  # notation in the narrative-section code list
    text: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class MemberStatement:
    """A municipality the text says belongs to (or takes part in) the region, as written."""

    name: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class CentrumgemeenteStatement:
    """The centrumgemeente named for a region (TOC line "Gemeente X<TAB>Regiobeeld Y")."""

    name: str  # as written, e.g. "Den Bosch", "Venlo-Roermond"
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """An organisation, instrument, programme, law or product that a region's text names.

    ``kind`` is ``organisation``, ``instrument``, ``programme``, ``law`` or ``product`` (see
    :mod:`bwgraph.extract.mentions`). ``key``: the instrument type, the law or product
    notation ("" for a law the code list does not hold), the organisation's slug in
    ``organisations.csv`` ("" when unresolved), the programme's normalised name. ``name`` is the
    name as the text first writes it; ``title`` an instrument's title as written ("" when the
    text gives none); ``status`` (exists, planned, being_worked_on, ended) and ``year`` what the
    clause introducing it says, ``None`` when it says nothing. ``occurrences`` are the
    (line, text as written) pairs of every line that names it.
    """

    kind: str
    key: str
    name: str
    evidence: tuple[Evidence, ...]
    title: str = ""
    status: str | None = None
    year: int | None = None
    org_type: str | None = None
    national: bool = False
    occurrences: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class RegionReport:
    """One "Regiobeeld": everything the report states about one region."""

    report_name: str  # exactly as after "Regiobeeld"
    order: int  # 1-based position in the report
    heading: Evidence
    centrumgemeenten: tuple[CentrumgemeenteStatement, ...] = ()
    cells: tuple[ChecklistCell, ...] = ()
    #: block (nvo | uitvoeringsafspraken | planning) → its Toelichting, if any. The Toelichting
    #: belongs to the block as a whole, never to each assessment of the block.
    explanations: dict[str, NarrativeText] = field(default_factory=dict)
    #: block → the line of its heading ("## Norm voor Opdrachtgeverschap"), where the report has one
    block_headings: dict[str, Evidence] = field(default_factory=dict)
    narratives: tuple[NarrativeText, ...] = ()
    members: tuple[MemberStatement, ...] = ()
    mentions: tuple[MentionRecord, ...] = ()
    #: checklist items whose label is no topic of the code list (another edition's new item)
    unknown_items: tuple[UnknownItem, ...] = ()

    @property
    def fact_count(self) -> int:
        """Facts stated for this region (for the build's per-region statistics)."""
        return (
            len(self.cells)
            + len(self.narratives)
            + len(self.members)
            + len(self.mentions)
            + len(self.centrumgemeenten)
        )


@dataclass
class StatusReportResult(ExtractResult):
    """The extract result of the status report: region reports plus facts per region."""

    reports: list[RegionReport] = field(default_factory=list)
    #: facts per region (key = report name); ``pipeline.assemble`` hands it to the CLI
    stats: dict[str, int] = field(default_factory=dict)
