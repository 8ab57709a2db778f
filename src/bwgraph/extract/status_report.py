"""Extractor for the national status report ("Regionale stand van het land", HHM 2020).

The document is a PDF converted to text: 45 region reports, each opened by a heading
"## Regiobeeld <name>", with narrative sections, three checklists (Norm voor
Opdrachtgeverschap, Uitvoeringsafspraken, Planning) as "Label:<TAB>symbol" lines, and a
"Voortgang" part. The conversion left headings at varying levels, HTML (``<p><b>…``), markdown
(``**…**``), page breaks inside paragraphs and table rules (``----<TAB>--``); the parser reads
by *what a line is* rather than by where it sits.

Precision first: a status cell gives a status only when its symbols determine one; anything else
is ``not_stated`` with a note. Anything the parser cannot place is a warning naming the line.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from bwgraph.config import Settings
from bwgraph.extract.mentions import find_mentions, group_mentions
from bwgraph.identify import MunicipalityRegistry
from bwgraph.normalise import canonical_text
from bwgraph.records import Evidence, ExtractionError, SourceDocument
from bwgraph.records.status_report import (
    CentrumgemeenteStatement,
    ChecklistCell,
    MemberStatement,
    MentionRecord,
    NarrativeText,
    RegionReport,
    StatusReportResult,
)

# --- the checklist ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A status item of the checklists; mirrors ``ontology/codelists/topic.ttl``."""

    notation: str
    block: str
    label: str  # as the report writes it (without the colon)
    label_en: str
    alt_labels: tuple[str, ...] = ()


NVO, UA, PLANNING = "nvo", "uitvoeringsafspraken", "planning"

#: The 17 status items in report order (the order is the ``bwmo:order`` of the topic concepts).
TOPICS: tuple[Topic, ...] = (
    Topic(
        "nvo_regiovisie",
        NVO,
        "Regiovisie aanwezig en vastgesteld",
        "Regional vision present and adopted",
    ),
    Topic(
        "nvo_stakeholders_consulted",
        NVO,
        "Tot stand gekomen in overleg met stakeholders",
        "Drawn up in consultation with stakeholders",
    ),
    Topic(
        "nvo_continuity",
        NVO,
        "Waarborgen continuïteit van zorgfuncties",
        "Continuity of care functions safeguarded",
    ),
    Topic(
        "nvo_purchase_outside_region",
        NVO,
        "Afspraken over inkoop plekken buiten eigen regio",
        "Agreements on purchasing places outside the region",
    ),
    Topic(
        "nvo_local_access_link",
        NVO,
        "Verbondenheid lokale toegang met regionale MO/gecontracteerde hulp",
        "Local access linked to regional shelter / contracted care",
    ),
    Topic("nvo_binding_governance", NVO, "Niet vrijblijvende governance", "Binding governance"),
    Topic(
        "ua_inclusion_vision",
        UA,
        "Inhoudelijke visie op sociale inclusie",
        "Substantive vision on social inclusion",
    ),
    Topic("ua_governance", UA, "Governance", "Governance"),
    Topic(
        "ua_municipal_cooperation",
        UA,
        "Samenwerking tussen gemeenten",
        "Cooperation between municipalities",
    ),
    Topic(
        "ua_stakeholder_cooperation",
        UA,
        "Samenwerking met stakeholders",
        "Cooperation with stakeholders",
    ),
    Topic(
        "ua_spread_of_facilities",
        UA,
        "Spreiding voorzieningen",
        "Spread of facilities",
        ("Spreading voorzieningen",),
    ),
    Topic("ua_access", UA, "Toegang", "Access"),
    Topic(
        "ua_budget_risk_split",
        UA,
        "Verdeling budget en financiële risico's",
        "Division of budget and financial risks",
    ),
    Topic("ua_financial_solidarity", UA, "Financiële solidariteit", "Financial solidarity"),
    Topic(
        "ua_transition_finance",
        UA,
        "Overgangsfase financiële middelen",
        "Transition phase: financial resources",
    ),
    Topic(
        "ua_transition_client_info",
        UA,
        "Overgangsfase informatieoverdracht cliënten",
        "Transition phase: transfer of client information",
    ),
    Topic(
        "planning_present", PLANNING, "Planning opgesteld/aanwezig", "Planning drawn up / present"
    ),
)

#: Checklist items answered in free text: label (and typo variants) → narrative section.
FREE_TEXT_ITEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stakeholders_involved": ("Betrokken stakeholder(s)", ()),
    "administrative_burden": ("Beperken administratieve lasten", ()),
    "multi_year_contracting": (
        "Inzet op meerjarige contractering",
        ("Invzet op meerjarige contractering",),
    ),
}

#: Section of the Toelichting under each checklist block.
EXPLANATION_SECTION = {
    NVO: "nvo_explanation",
    UA: "implementation_agreements_explanation",
    PLANNING: "planning_explanation",
}

PLACEHOLDER = "Klik of tik om tekst in te voeren."
BLANK_NOTE = "status symbol missing in the source"


def _key(text: str) -> str:
    """Comparison key for labels and headings: markup, case and spacing folded."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("*", " ").replace("#", " ")
    return " ".join(text.casefold().replace("’", "'").split()).rstrip(":").strip()


_TOPIC_BY_LABEL: dict[str, Topic] = {
    _key(label): t for t in TOPICS for label in (t.label, *t.alt_labels)
}
_FREE_BY_LABEL: dict[str, str] = {
    _key(label): section
    for section, (main, alts) in FREE_TEXT_ITEMS.items()
    for label in (main, *alts)
}

#: Headings → (kind, value): kind "section" opens a narrative section, "block" a checklist,
#: "explanation" the Toelichting of the current block, "none" a heading without own text.
HEADINGS: dict[str, tuple[str, str]] = {
    "stand van zaken": ("none", ""),
    "beweging bw - mo": ("none", ""),
    "voortgang": ("none", ""),
    "nieuwe werkwijze": ("section", "new_way_of_working"),
    "samenwerking": ("section", "cooperation"),
    "uitvoeringspraktijk": ("section", "implementation_practice"),
    "succesfactoren": ("section", "success_factors"),
    "aandachtspunten": ("section", "attention_points"),
    "ondersteuningsbehoeften": ("section", "support_needs"),
    "bijlage": ("section", "attachments"),
    "bijlagen": ("section", "attachments"),
    "norm voor opdrachtgeverschap": ("block", NVO),
    "uitvoeringsafspraken": ("block", UA),
    "planning": ("block", PLANNING),
    "toelichting": ("explanation", ""),
}

# --- status cells -----------------------------------------------------------------------------

#: Symbol → status. Variants of a symbol count as that symbol (✅ for ✓, ❌/✖ for ✗).
SYMBOLS: dict[str, str] = {
    "✓": "yes",
    "✔": "yes",
    "✅": "yes",
    "⚙": "in_development",
    "✗": "no",
    "✘": "no",
    "❌": "no",
    "✖": "no",
}
_NVT = re.compile(r"n\.?\s*v\.?\s*t\.?", re.IGNORECASE)
_VARIATION = "\ufe0f"


@dataclass(frozen=True)
class ParsedStatus:
    status: str
    note: str | None
    unknown: bool = False


def parse_status(cell: str) -> ParsedStatus:
    """The status a checklist cell determines, or ``not_stated`` with the reason.

    >>> parse_status("✓✓").status
    'yes'
    >>> parse_status("✓ ⚙️ ✖️").status
    'not_stated'
    """
    text = cell.replace(_VARIATION, "").strip()
    if not text:
        return ParsedStatus("not_stated", BLANK_NOTE)
    if _NVT.fullmatch(text):
        return ParsedStatus("not_applicable", None)
    found: list[str] = []
    for ch in text:
        if ch.isspace():
            continue
        if ch not in SYMBOLS:
            return ParsedStatus(
                "not_stated", f"unrecognised status text {cell.strip()!r} in the source", True
            )
        found.append(ch)
    statuses = {SYMBOLS[ch] for ch in found}
    if len(statuses) == 1:
        return ParsedStatus(statuses.pop(), None)
    return ParsedStatus(
        "not_stated",
        f"several status symbols at once ({cell.strip()}): the source does not determine one",
    )


# --- text cleaning ----------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def clean_text(raw: str) -> str:
    """Plain text from a converted line: HTML, markdown, bullets and the form placeholder gone."""
    text = raw.replace(PLACEHOLDER, " ")
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p>\s*<p>|</li>\s*<li>", "\n", text, flags=re.I)
    text = text.replace("\t", "\n")  # normalised text: paragraphs and list items end in a tab
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"^\s*#+\s*", "", text)
    text = text.replace("**", "").replace("•", " ")
    text = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)  # *emphasis*
    # a list item's bullet ("- Governance …") is layout, not text (the quote keeps it)
    lines = [_BULLET.sub("", " ".join(part.split())) for part in text.split("\n")]
    return "\n".join(part for part in lines if part)


_BULLET = re.compile(r"^(?:[-*•–]|o(?= [a-z]))\s+")


# --- municipality names (to split "de gemeenten A, B en C") -----------------------------------


REPORT_DATE = date(2020, 10, 29)


@lru_cache(maxsize=1)
def _municipalities() -> MunicipalityRegistry:
    """The municipality register, to tell a list of municipalities from other capitalised words."""
    return MunicipalityRegistry.load(Settings().reference_dir)


def is_municipality_name(name: str) -> bool:
    """Whether ``name`` denotes exactly one municipality on the report date."""
    return bool(name.strip()) and _municipalities().by_name(name, on=REPORT_DATE) is not None


_LIST_AFTER_GEMEENTEN = re.compile(
    r"\b(?:bestaande uit\s+)?(?:de\s+)?(?:(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|"
    r"elf|twaalf|\d+)\s+)?(?:regio)?gemeenten\s+(?P<list>[A-Z'][^.;:()]*)"
)
_JOINS = re.compile(
    r"[Dd]e gemeente (?P<name>[A-Z][\w'-]*(?: [A-Z][\w'-]*)*) heeft [^.]*?besloten[^.]*?"
    r"(?:bij (?:de )?regio [^.]*?te blijven|aan te sluiten bij)"
)


def member_names(text: str) -> list[str]:
    """Municipalities a sentence says belong to / take part in a region.

    Only two sentence shapes count: a list of at least two names after "(de) (zes)
    (regio)gemeenten" in which *every* item is a municipality of 2020, and "de gemeente X heeft
    … besloten … bij regio Y te blijven / aan te sluiten bij …". A region or province name alone
    is never a member statement.
    """
    names: list[str] = []
    for m in _LIST_AFTER_GEMEENTEN.finditer(text):
        parts = [p.strip() for p in re.split(r",\s*|\s+en\s+", m.group("list"))]
        if len(parts) < 2:
            continue
        head, last = parts[:-1], parts[-1].split()
        last_name = next(
            (
                " ".join(last[:n])
                for n in range(len(last), 0, -1)
                if is_municipality_name(" ".join(last[:n]))
            ),
            None,
        )
        if last_name and all(is_municipality_name(p) for p in head):
            names.extend([*head, last_name])
    for m in _JOINS.finditer(text):
        if is_municipality_name(m.group("name")):
            names.append(m.group("name"))
    return names


# --- the parser -------------------------------------------------------------------------------

#: "## Regiobeeld X" in the original; "Regiobeeld X" alone on its line once normalised (a line of
#: the table of contents starts with "Gemeente" and holds tabs).
_REGION_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:\*\*)?Regiobeeld\s+(?P<name>[^\t]+?)(?:\*\*)?\s*$"
)
_TOC = re.compile(r"^Gemeente\s+(?P<gemeente>.+?)\t+Regiobeeld\s+(?P<region>.+?)[\s.]*\d+\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$")
_HTML_HEADING = re.compile(r"^(?:<p>)?<b>(?P<title>[^<:]+?):?</b>(?:</p>)?\s*(?P<rest>.*)$")
_MD_HEADING = re.compile(r"^\*\*(?P<title>[^*:]+?):?\*\*:?\s*(?P<rest>.*)$")
_MD_INLINE_HEADING = re.compile(r"^\*\*(?P<title>[^*:]+?):\s*(?P<rest>[^*]+)\*\*$")
#: A known heading without markup (normalised text): the title alone, or followed by ":" or a
#: tab and the section's first text ("Toelichting: Er is …", "Succesfactoren<TAB>De regio …").
_PLAIN_HEADING = re.compile(r"^(?P<title>[^\t:]{2,80}?)\s*(?:(?::|\t)\s*(?P<rest>.*))?$")
_NB = re.compile(r"^\*?NB:")
_RULE = re.compile(r"^[-\t ]*-{2,}[-\t ]*$")
_CHECK_LINE = re.compile(r"^(?P<label>[^\t:<*#][^\t:]{1,120}?):[ \t]*(?P<cell>(?:\t.*)?)$")
_LEGEND = re.compile(r"=\s*Ja\b")


@dataclass
class _Text:
    section: str
    chunks: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, raw: str, ev: Evidence) -> None:
        cleaned = clean_text(raw)
        if cleaned:
            if self.chunks and cleaned[:1].islower():
                self.chunks[-1] = f"{self.chunks[-1]} {cleaned}"  # a paragraph cut by a page break
            else:
                self.chunks.append(cleaned)
            self.evidence.append(ev)  # only lines that gave text (not a bare placeholder)

    def record(self) -> NarrativeText | None:
        text = "\n\n".join(self.chunks).strip()
        if not text:
            return None
        return NarrativeText(self.section, text, tuple(dict.fromkeys(self.evidence)))


@dataclass
class _RegionState:
    name: str
    order: int
    heading: Evidence
    block: str | None = None
    current: _Text | None = None
    texts: dict[str, _Text] = field(default_factory=dict)
    cells: dict[str, ChecklistCell] = field(default_factory=dict)
    block_heading: dict[str, Evidence] = field(default_factory=dict)
    last_free: _Text | None = None

    def open(self, section: str) -> _Text:
        self.current = self.texts.setdefault(section, _Text(section))
        return self.current


class StatusReportExtractor:
    """Reads the 45 region reports of the HHM 2020 status report."""

    kind = "status_report"

    def detect(self, text: str) -> bool:
        """The report: its title, several "Regiobeeld" headings and checklist label lines."""
        return (
            "Regionale stand van het land" in text
            and len(re.findall(r"(?m)^Regiobeeld\s", canonical_text(text))) >= 2
            and "Norm voor Opdrachtgeverschap" in text
            and "Regiovisie aanwezig en vastgesteld:" in text
        )

    def extract(self, doc: SourceDocument) -> StatusReportResult:
        result = StatusReportResult(document=doc)
        lines = doc.lines()
        starts = [
            (i + 1, m.group("name").strip())
            for i, line in enumerate(lines)
            if (m := _REGION_HEADING.match(line))
        ]
        if not starts:
            raise ExtractionError(doc.path.name, 1, "no region report ('## Regiobeeld …') found")
        toc = self._toc(doc, lines)
        bounds = [*(s for s, _ in starts), len(lines) + 1]
        for order, (start, name) in enumerate(starts, start=1):
            report = self._region(doc, result, lines, start, bounds[order], name, order)
            report = self._with_centrum(doc, result, report, toc)
            result.reports.append(report)
            result.records.append(report)
            result.stats[report.report_name] = report.fact_count
        if not any(r.cells for r in result.reports):
            raise ExtractionError(
                doc.path.name, starts[0][0], "no checklist found in any region report"
            )
        return result

    # -- table of contents: the centrumgemeente of each region ---------------------------------

    @staticmethod
    def _toc(doc: SourceDocument, lines: tuple[str, ...]) -> list[tuple[str, str, Evidence]]:
        out: list[tuple[str, str, Evidence]] = []
        for i, line in enumerate(lines, start=1):
            m = _TOC.match(line)
            if m:
                out.append(
                    (m.group("gemeente").strip(), m.group("region").strip(), doc.evidence(i))
                )
        return out

    @staticmethod
    def _with_centrum(
        doc: SourceDocument,
        result: StatusReportResult,
        report: RegionReport,
        toc: list[tuple[str, str, Evidence]],
    ) -> RegionReport:
        """Pair a report with its TOC line by name, or by position when the TOC abbreviates it.

        The TOC writes "Vallei-regio" for "Vallei-regio (Ede)" and "Beekdaalen" for
        "Beekdaelen"; position plus a close name match pairs those, nothing else.
        """
        entry = next((t for t in toc if _key(t[1]) == _key(report.report_name)), None)
        if entry is None and len(toc) >= report.order:
            cand = toc[report.order - 1]
            a, b = _key(cand[1]), _key(report.report_name)
            if b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85:
                entry = cand
        if entry is None:
            result.warn(
                report.heading.line,
                f"region report {report.report_name!r} has no line in the table of "
                "contents; no centrumgemeente recorded",
            )
            return report
        gemeente, _, ev = entry
        evidence = [ev]
        paren = re.search(r"\(([^)]+)\)\s*$", report.report_name)
        if paren and _key(paren.group(1)) == _key(gemeente):
            evidence.append(report.heading)
        statement = CentrumgemeenteStatement(gemeente, tuple(evidence))
        return replace(report, centrumgemeenten=(statement,))

    # -- one region report ---------------------------------------------------------------------

    def _region(
        self,
        doc: SourceDocument,
        result: StatusReportResult,
        lines: tuple[str, ...],
        start: int,
        end: int,
        name: str,
        order: int,
    ) -> RegionReport:
        st = _RegionState(name=name, order=order, heading=doc.evidence(start))
        for n in range(start + 1, end):
            raw = lines[n - 1]
            if not raw.strip():
                continue
            self._line(doc, result, st, n, raw)
        return self._finish(doc, result, st)

    def _line(
        self, doc: SourceDocument, result: StatusReportResult, st: _RegionState, n: int, raw: str
    ) -> None:
        line = raw.strip()
        ev = doc.evidence(n)
        if _RULE.match(line):
            return
        if _NB.match(line):
            st.block = None
            st.open("sources_note").add(line, ev)
            st.current = None
            return
        heading = self._heading(line)
        if heading is not None:
            title, rest = heading
            kind, value = HEADINGS.get(_key(title), ("unknown", ""))
            if kind == "unknown":
                result.warn(
                    n,
                    f"unknown heading {title!r} in region report {st.name!r}; "
                    "its text is kept with the previous section",
                )
                if st.current is not None and rest:
                    st.current.add(rest, ev)
                return
            if kind == "explanation":
                if st.block is None:
                    result.warn(n, "Toelichting outside a checklist block; skipped")
                    st.current = None
                    return
                text = st.open(EXPLANATION_SECTION[st.block])
            elif kind == "block":
                st.block, st.current, st.last_free = value, None, None
                st.block_heading.setdefault(value, ev)
                return
            elif kind == "section":
                st.block, st.last_free = None, None
                text = st.open(value)
            else:
                st.block, st.current, st.last_free = None, None, None
                return
            if rest:
                text.add(rest, ev)
            return
        if st.block is not None and (st.current is None or self._is_item(raw)):
            st.current = None
            self._checklist_line(result, st, n, raw, ev)
            return
        if st.current is not None:
            st.current.add(raw, ev)
            return
        result.warn(n, f"text outside any known section of region report {st.name!r}; skipped")

    @staticmethod
    def _is_item(raw: str) -> bool:
        """Whether a line is a known checklist item (status or free text)."""
        m = _CHECK_LINE.match(raw)
        if m is None:
            return False
        label = _key(m.group("label"))
        return label in _TOPIC_BY_LABEL or label in _FREE_BY_LABEL

    @staticmethod
    def _heading(line: str) -> tuple[str, str] | None:
        """(title, text on the same line) when a line opens a section; ``None`` otherwise."""
        m = _HEADING.match(line)
        if m:
            return clean_text(m.group("title")).rstrip(":"), ""
        m = _HTML_HEADING.match(line) or _MD_HEADING.match(line) or _MD_INLINE_HEADING.match(line)
        if m and _key(m.group("title")) in HEADINGS:
            return m.group("title").strip(), m.group("rest")
        m = _PLAIN_HEADING.match(line)
        if m and _key(m.group("title")) in HEADINGS:
            return m.group("title").strip(), m.group("rest") or ""
        return None

    def _checklist_line(
        self, result: StatusReportResult, st: _RegionState, n: int, raw: str, ev: Evidence
    ) -> None:
        line = raw.strip()
        if _LEGEND.search(line) or line.endswith("?"):
            return  # the legend "✓ = Ja …" and the block's question
        m = _CHECK_LINE.match(raw.rstrip("\n"))
        label = _key(m.group("label")) if m else ""
        if m and label in _TOPIC_BY_LABEL:
            topic = _TOPIC_BY_LABEL[label]
            if topic.block != st.block:
                result.warn(
                    n,
                    f"checklist item {m.group('label')!r} under the wrong block "
                    f"({st.block}); kept under its own block",
                )
            if topic.notation in st.cells:
                result.warn(
                    n,
                    f"checklist item {m.group('label')!r} appears twice in region "
                    f"report {st.name!r}; the first one is kept",
                )
                return
            cell = m.group("cell").strip("\t ")
            parsed = parse_status(cell)
            if parsed.unknown:
                result.warn(n, f"unrecognised status {cell!r}; recorded as not_stated")
            st.cells[topic.notation] = ChecklistCell(
                topic=topic.notation,
                block=topic.block,
                label=m.group("label").strip(),
                raw_status=cell,
                status=parsed.status,
                status_note=parsed.note,
                evidence=ev,
            )
            st.last_free = None
            return
        if m and label in _FREE_BY_LABEL:
            text = st.texts.setdefault(_FREE_BY_LABEL[label], _Text(_FREE_BY_LABEL[label]))
            cell = m.group("cell").strip()
            if cell:
                text.add(cell, ev)
            st.last_free = text
            return
        if raw.startswith("\t") and st.last_free is not None:
            st.last_free.add(raw, ev)  # a free-text cell continued after a page break
            return
        if m and "\t" in raw:
            result.warn(
                n,
                f"unknown checklist label {m.group('label').strip()!r} in region "
                f"report {st.name!r}; line skipped",
            )
            return
        if line.endswith(":") and not any(c.block == st.block for c in st.cells.values()):
            return  # "Zijn er concrete uitvoeringsafspraken gemaakt over …:"
        if st.last_free is not None and line[:1].islower():
            st.last_free.add(raw, ev)
            return
        result.warn(n, f"unrecognised line in the checklist of region report {st.name!r}; skipped")

    def _finish(
        self, doc: SourceDocument, result: StatusReportResult, st: _RegionState
    ) -> RegionReport:
        cells = dict(st.cells)
        if not cells:
            result.warn(
                st.heading.line,
                f"region report {st.name!r} has no checklist that can "
                "be read; no assessments recorded for it",
            )
        else:
            for topic in TOPICS:
                if topic.notation not in cells:
                    ev = st.block_heading.get(topic.block, st.heading)
                    result.warn(
                        ev.line,
                        f"checklist item {topic.label!r} missing in region "
                        f"report {st.name!r}; recorded as not_stated",
                    )
                    cells[topic.notation] = ChecklistCell(
                        topic=topic.notation,
                        block=topic.block,
                        label=topic.label,
                        raw_status="",
                        status="not_stated",
                        status_note="checklist item missing from the region report",
                        evidence=ev,
                    )
        ordered = tuple(cells[t.notation] for t in TOPICS if t.notation in cells)
        records = {s: r for s, t in st.texts.items() if (r := t.record()) is not None}
        explanations = {
            block: records[section]
            for block, section in EXPLANATION_SECTION.items()
            if section in records
        }
        narratives = tuple(records[s] for s in sorted(records))
        return RegionReport(
            report_name=st.name,
            order=st.order,
            heading=st.heading,
            cells=ordered,
            explanations=explanations,
            block_headings=dict(st.block_heading),
            narratives=narratives,
            members=tuple(self._members(doc, narratives)),
            mentions=tuple(self._mentions(doc, narratives)),
        )

    @staticmethod
    def _texts_by_line(
        doc: SourceDocument, narratives: Iterable[NarrativeText]
    ) -> list[tuple[str, Evidence]]:
        seen: dict[int, tuple[str, Evidence]] = {}
        for nar in narratives:
            for ev in nar.evidence:
                seen.setdefault(ev.line, (clean_text(doc.lines()[ev.line - 1]), ev))
        return [seen[k] for k in sorted(seen)]

    def _members(
        self, doc: SourceDocument, narratives: Iterable[NarrativeText]
    ) -> list[MemberStatement]:
        out: dict[str, MemberStatement] = {}
        for text, ev in self._texts_by_line(doc, narratives):
            for name in member_names(text):
                out.setdefault(_key(name), MemberStatement(name, ev))
        return list(out.values())

    def _mentions(
        self, doc: SourceDocument, narratives: Iterable[NarrativeText]
    ) -> list[MentionRecord]:
        """Everything the region's texts name (see :mod:`bwgraph.extract.mentions`), one record
        per thing with every line that names it."""
        return group_mentions(
            (ev, found)
            for text, ev in self._texts_by_line(doc, narratives)
            for found in find_mentions(text)
        )

EXTRACTOR = StatusReportExtractor()
