"""Extractor for regional action plans (kind ``action_plan``; document 002, Deventer region).

The plan is prose with tables of numbered action points (``Actiepunten<TAB>Wie?<TAB>Deadline``)
spread over its chapters. The extractor reads the title and version, the municipalities from the
sentences that name them, the chapters (found through the table of contents, so that a numbered
list item is never taken for a chapter), the numbered transformation tasks, every action row and
the organisations the plan names.

Completeness is checked, not assumed: every entry of the table of contents must occur as a
heading in the text and the action numbers must run 1, 2, 3 … without a gap. A truncated or
mangled copy therefore fails with the file and line instead of yielding a partial graph.

The Dutch date helpers (:mod:`bwgraph.extract.dutch`, :func:`parse_deadline`) are shared with the
assignment extractor.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation

from bwgraph.extract.dutch import DAY_DATE, MONTH_YEAR, MONTHS, YEAR, day_of, parse_dutch_date
from bwgraph.records import ExtractionError, ExtractResult, SourceDocument
from bwgraph.records.action_plan import (
    ActionPlanRecords,
    ActionRecord,
    ChapterRecord,
    Deadline,
    DeadlinePart,
    MoneyRecord,
    OrganisationMention,
    PartyRef,
    PlanInfo,
    PriorityRecord,
    SignatureRecord,
)


def parse_deadline(text: str) -> Deadline:
    """Parse a deadline cell, keeping the text; never invent a day.

    Day dates become ``DeadlinePart.day``; a phase name written before a date and ending in a
    colon ("Def. plan: 1-6-2018") becomes its label. Without any day date, "juni 2018" gives the
    period ``2018-06`` and "medio 2018", "eind 2017", "Q3 2018" or "2018" the period ``2018``
    (the year is fixed, the day is not). The status is ``done`` for "Gereed"/"Afgerond",
    ``ongoing`` for "Doorlopend" (a date in the same cell is kept), ``dated`` for a cell with a
    date or period only, ``not_stated`` otherwise.
    """
    raw = " ".join(text.split())
    parts: list[DeadlinePart] = []
    notes: list[str] = []
    last_end = 0
    for m in DAY_DATE.finditer(raw):
        day = day_of(m)
        before = raw[last_end : m.start()].strip()
        label = before[:-1].strip() if before.endswith(":") else None
        if day is None:
            notes.append(f"{m.group(0)!r} is not a valid calendar date")
        else:
            parts.append(DeadlinePart(text=m.group(0), day=day, label=label or None))
        last_end = m.end()
    if not parts and not notes:
        mm = MONTH_YEAR.search(raw)
        if mm:
            month = MONTHS[mm.group("m").lower()]
            parts.append(DeadlinePart(text=mm.group(0), period=f"{mm.group('y')}-{month:02d}"))
        else:
            years = {y.group("y") for y in YEAR.finditer(raw)}
            if len(years) == 1:
                parts.append(DeadlinePart(text=raw, period=years.pop()))
            elif years:
                notes.append("several years and no day: period left open")
    low = raw.lower()
    ongoing = re.search(r"\b(doorlopend|continu)\b", low) is not None
    done = re.search(r"\b(gereed|afgerond)\b", low) is not None
    if done:
        status = "done"
    elif ongoing:
        status = "ongoing"
    elif parts:
        status = "dated"
    else:
        status = "not_stated"
        notes.append("the deadline cell gives no date, period or status")
    if parts and (done or ongoing):
        notes.append(f"the cell gives a date and calls the action {status}; the date is kept")
    return Deadline(text=text.strip(), parts=tuple(parts), status=status, note="; ".join(notes))


# --- responsible parties ---------------------------------------------------------------------

#: Organisations the plan names, as written → the name looked up in organisations.csv.
#: Matched case-sensitively on word boundaries ("ENO" must not match "geno…").
NAMED_ORGANISATIONS: dict[str, str] = {
    "IrisZorg": "IrisZorg",
    "Tactus": "Tactus",
    "Bijzonder Zorgteam": "Bijzonder Zorgteam",
    "BZT": "Bijzonder Zorgteam",
    "ENO": "ENO",
    "Zilveren Kruis": "Zilveren Kruis",
    "Centrum Indicatiestelling Zorg": "Centrum Indicatiestelling Zorg",
    "CIZ": "Centrum Indicatiestelling Zorg",
    "zorgkantoor Midden-IJssel": "Zorgkantoor Midden-IJssel",
}
#: Groups the plan names as a whole (partner lists, chapter 6.5): pattern → (name, type).
NAMED_GROUPS: dict[str, tuple[str, str]] = {
    r"\bWmo[- ]raden\b": ("Wmo-raden", "wmo_council"),
    r"\bwoningcorporaties\b": ("woningcorporaties", "housing_corporation"),
    r"\bzorgaanbieders\b": ("zorgaanbieders", "care_provider"),
    r"\bzorgverzekeraars\b": ("zorgverzekeraars", "health_insurer"),
    r"\bzorgkantoren\b": ("zorgkantoren", "zorgkantoor"),
}
_ORG_RE = "|".join(re.escape(n) for n in sorted(NAMED_ORGANISATIONS, key=len, reverse=True))
_PARTY = re.compile(
    r"(?P<all>\b(?:alle\s+|regio)?gemeenten\b)"
    r"|(?P<centre>\bcentrum-?\s?gemeente\b)"
    r"|(?P<housing>\b(?:woning)?corporaties\b)"
    r"|(?P<care>\bzorgaanbieders\b)"
    rf"|(?P<org>(?-i:\b(?:{_ORG_RE})\b))",
    re.IGNORECASE,
)


def parse_parties(text: str) -> tuple[PartyRef, ...]:
    """The parties of a "Wie?" cell, in order; a clause with "initiatief" marks its parties.

    >>> [p.kind for p in parse_parties("Gemeenten, initiatief bij de centrumgemeente")]
    ['municipalities', 'centre']
    """
    found: dict[tuple[str, str], PartyRef] = {}
    for clause in re.split(r"[.,;]", text):
        initiative = "initiatief" in clause.lower()
        for m in _PARTY.finditer(clause):
            if m.group("all"):
                ref = PartyRef("municipalities", m.group(0), initiative)
            elif m.group("centre"):
                ref = PartyRef("centre", m.group(0), initiative)
            elif m.group("housing"):
                ref = PartyRef("group", "woningcorporaties", initiative, "housing_corporation")
            elif m.group("care"):
                ref = PartyRef("group", "zorgaanbieders", initiative, "care_provider")
            else:
                ref = PartyRef("organisation", NAMED_ORGANISATIONS[m.group(0)], initiative)
            key = (ref.kind, ref.name if ref.kind in ("group", "organisation") else "")
            prev = found.get(key)
            if prev is None or (initiative and not prev.initiative):
                found[key] = ref
    return tuple(found.values())


# --- signatures, speerpunten, money ------------------------------------------------------------

#: A person's name as a signature block writes it: capitalised words with Dutch particles.
_PERSON = re.compile(
    r"^(?P<name>[A-Z][\w.'-]+(?:\s+(?:van|der|de|den|ten|ter|te|het|in|'t|[A-Z][\w.'-]*))+)$"
)
#: The office under the name: "Wethouder gemeente Lochem", "Wethouder (centrum)gemeente Deventer".
_OFFICE = re.compile(
    r"^(?P<role>(?:[Ww]ethouder|[Bb]urgemeester|[Gg]edeputeerde|[Vv]oorzitter)\b.*?"
    r"\b(?:\(centrum\))?(?:centrum)?gemeente\s+(?P<municipality>[A-Z][\w' -]*?))\s*$"
)


def signatures(
    doc: SourceDocument, head: tuple[str, ...], result: ExtractResult
) -> list[SignatureRecord]:
    """The signature block before the table of contents: a name line, then its office line.

    Only a pair of lines counts (a person's name directly followed, after blank lines, by an
    office that names a municipality), so a sentence or heading is never taken for a signer.
    """
    out: list[SignatureRecord] = []
    filled = [(n, ln.strip()) for n, ln in enumerate(head, 1) if ln.strip()]
    for (n, name_line), (k, office_line) in itertools.pairwise(filled):
        person, office = _PERSON.match(name_line), _OFFICE.match(office_line)
        if person and office:
            out.append(
                SignatureRecord(
                    name=person.group("name"),
                    role=office.group("role"),
                    municipality=office.group("municipality").strip(),
                    evidence=(doc.evidence(n), doc.evidence(k)),
                )
            )
    return out


_COUNT_WORDS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8}
_PRIORITY_INTRO = re.compile(
    rf"\b(?P<count>{'|'.join(_COUNT_WORDS)}|\d+)\s+speerpunten\s*:\s*$", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*[-•*]\s+(?P<text>\S.*?)[;.]?\s*$")


def priorities(
    doc: SourceDocument, lines: tuple[str, ...], result: ExtractResult
) -> list[PriorityRecord]:
    """The items of a bulleted list introduced by "… (vier) speerpunten:".

    The count the sentence names must equal the number of items; otherwise the list is not
    recorded and a warning names the line (a list cut by a page break is not guessed at).
    """
    out: list[PriorityRecord] = []
    for n, ln in enumerate(lines, 1):
        intro = _PRIORITY_INTRO.search(ln)
        if intro is None:
            continue
        items: list[tuple[int, str]] = []
        for k in range(n + 1, len(lines) + 1):
            text = lines[k - 1]
            if not text.strip():
                if items:
                    break
                continue
            m = _BULLET.match(text)
            if m is None:
                break
            items.append((k, m.group("text").strip()))
        word = intro.group("count").lower()
        count = _COUNT_WORDS.get(word) or int(word)
        if len(items) != count:
            result.warn(
                n, f"the text announces {count} speerpunten but lists {len(items)}; not recorded"
            )
            continue
        owner = "regiovisie" if "regiovisie" in ln.lower() else "plan"
        for i, (k, text) in enumerate(items, 1):
            out.append(PriorityRecord(i, text, owner, (doc.evidence(n), doc.evidence(k))))
    return out


_EURO = r"€\s?\d[\d.]*(?:,\d+)?(?:,-+)?(?:\s+(?:miljoen|mln\.?))?"
_RESERVE = re.compile(
    rf"\b(?:[Dd]e\s+)?(?P<name>\w*reserve)\s+bedraagt\s+(?:\(stand\s+(?P<asof>[^)]+)\)\s+)?"
    rf"(?:afgerond\s+)?(?P<amount>{_EURO})"
)
_ALLOCATED = re.compile(rf"\b[Hh]iervan wordt (?P<amount>{_EURO}) (?P<purpose>aangewend [^.]+)")
_REMAINDER = re.compile(
    rf"\bresterende saldo (?P<of>[^,]*), (?P<amount>{_EURO}), wordt (?P<purpose>[^.]+)"
)
_EARMARK = re.compile(rf"^\s*[-•]\s+(?P<amount>{_EURO})\s+voor\s+(?P<purpose>.+?)\s*;?\s*$")
_BUDGET_ROW = re.compile(
    rf"^(?P<label>[^\t€<]+?)\t+(?P<amount>{_EURO})\s*(?:\((?P<years>[^)]*)\))?\s*$"
)
_SECTION = re.compile(r"^(?P<n>\d+(?:\.\d+)+)\.?\s+(?P<title>\S.*)$")


def euro_amount(text: str) -> int | None:
    """Whole euros in a Dutch amount: "€ 800.000,--" → 800000, "€ 2,8 miljoen" → 2800000.

    >>> euro_amount("€ 1,5 miljoen"), euro_amount("€ 25.000,--")
    (1500000, 25000)
    """
    m = re.search(r"(\d[\d.]*(?:,\d+)?)(?:,-+)?\s*(miljoen|mln)?", text)
    if m is None:
        return None
    number = m.group(1).replace(".", "").replace(",", ".")
    try:
        value = Decimal(number) * (1_000_000 if m.group(2) else 1)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None


def _years(text: str | None) -> tuple[int, int] | None:
    years = sorted({int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text or "")})
    return (years[0], years[-1]) if years else None


def money(doc: SourceDocument, lines: tuple[str, ...]) -> list[MoneyRecord]:
    """Reserve, allocations, earmarks and budget-table rows, each from one line as written."""
    out: list[MoneyRecord] = []
    section: str | None = None
    for n, ln in enumerate(lines, 1):
        text = ln.strip()
        sec = _SECTION.match(text)
        if sec and "\t" not in text:
            section = " ".join(text.split())
        ev = doc.evidence(n)
        found: list[tuple[str, str, str, dict[str, object]]] = []
        for m in _RESERVE.finditer(text):
            as_of = parse_dutch_date(m.group("asof") or "")
            found.append(("reserve", m.group("amount"), m.group("name"), {"as_of": as_of}))
        for m in _ALLOCATED.finditer(text):
            found.append(("allocation", m.group("amount"), m.group("purpose"), {}))
        for m in _REMAINDER.finditer(text):
            found.append(("allocation", m.group("amount"), m.group("purpose"), {}))
        if earmark := _EARMARK.match(ln):
            found.append(("earmark", earmark.group("amount"), earmark.group("purpose"), {}))
        if row := _BUDGET_ROW.match(ln):
            period: dict[str, object] = {"period": _years(row.group("years"))}
            found.append(("budget", row.group("amount"), row.group("label"), period))
        for kind, amount, purpose, extra in found:
            value = euro_amount(amount)
            if value is not None:
                out.append(
                    MoneyRecord(
                        kind,
                        value,
                        amount.strip(),
                        purpose.strip(),
                        ev,
                        section,
                        as_of=extra.get("as_of"),  # type: ignore[arg-type]
                        period=extra.get("period"),  # type: ignore[arg-type]
                    )
                )
    return out


# --- the document ----------------------------------------------------------------------------

TITLE = re.compile(r"^Regionaal actieplan (\d{4})\s*[-–]\s*(\d{4})$")
ACTION_HEADER = ("Actiepunten", "Wie?", "Deadline")
TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)\t+(?P<page>\d+)$")
TOP_CHAPTER = re.compile(r"^(?P<n>\d+)\.\s+(?P<title>\S.*)$")
SUBSECTION = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S")
ACTION_ROW = re.compile(r"^(?P<n>\d+)\.\s+(?P<text>\S.*)$")
MUNICIPALITY_LIST = re.compile(
    r"(?:namens|ten behoeve van) de gemeenten "
    r"(?P<list>(?:[A-Z][\w-]+, )*[A-Z][\w-]+ en [A-Z][\w-]+)"
)
CENTRE = re.compile(r"\bcentrumgemeente (?P<name>[A-Z][\w-]+)")
IMPLEMENTS = re.compile(r"uitwerking van de (?P<title>regiovisie \d{4}\s*[-–]\s*\d{4})")


def normalise_heading(text: str) -> str:
    """Headings as the TOC and the body both write them: markup, tabs and spacing folded."""
    text = re.sub(r"</?i>|\*", "", text)
    text = re.sub(r"^(\d+(?:\.\d+)*\.)\s*", r"\1 ", text.strip())
    return " ".join(text.split())


class ActionPlanExtractor:
    """Reads a regional action plan with numbered action points (see module docstring)."""

    kind = "action_plan"

    def detect(self, text: str) -> bool:
        head = [ln.strip() for ln in text.splitlines()[:15] if ln.strip()]
        return (
            bool(head)
            and TITLE.match(head[0]) is not None
            and "Actiepunten\tWie?\tDeadline" in text
        )

    def extract(self, doc: SourceDocument) -> ExtractResult:
        lines = doc.lines()
        file = doc.path.name
        result = ExtractResult(doc)
        plan = self._plan(doc, lines, file)
        toc, body_start = self._toc(lines, file)
        chapters = self._chapters(doc, lines, file, toc, body_start, result)
        actions = self._actions(doc, lines, file, body_start, chapters, result)
        records = ActionPlanRecords(plan=plan, chapters=chapters, actions=actions)
        records.organisations = self._organisations(doc, lines, body_start)
        records.signatures = signatures(doc, lines[: toc[0][0] - 1], result)
        records.priorities = priorities(doc, lines, result)
        records.money = money(doc, lines)
        result.records.append(records)
        return result

    # --- plan ------------------------------------------------------------------------------

    def _plan(self, doc: SourceDocument, lines: tuple[str, ...], file: str) -> PlanInfo:
        first = next((i for i, ln in enumerate(lines, 1) if ln.strip()), None)
        m = TITLE.match(lines[first - 1].strip()) if first else None
        if first is None or m is None:
            raise ExtractionError(
                file, first or 1, "expected the title 'Regionaal actieplan YYYY-YYYY'"
            )
        blocks = self._bold_blocks(lines, first)
        if len(blocks) < 2:
            raise ExtractionError(
                file, first, "expected the bold subject and version blocks after the title"
            )
        (_, subject), (version_line, version) = blocks[0], blocks[1]
        version_day = parse_dutch_date(version)
        version_label = DAY_DATE.sub("", version).strip()
        centre: str | None = None
        names: list[str] = []
        evidence = []
        implements: tuple[str, int] | None = None
        for n, ln in enumerate(lines, 1):
            lst = MUNICIPALITY_LIST.search(ln)
            if lst:
                c = CENTRE.search(ln)
                if c and centre is None:
                    centre = c.group("name")
                    names.insert(0, centre)
                for name in re.split(r", | en ", lst.group("list")):
                    if name not in names:
                        names.append(name)
                evidence.append(doc.evidence(n))
            im = IMPLEMENTS.search(ln)
            if im and implements is None:
                implements = (im.group("title"), n)
        if centre is None or len(names) < 2:
            raise ExtractionError(
                file,
                first,
                "no sentence names the centrumgemeente and the municipalities of the plan",
            )
        return PlanInfo(
            title=lines[first - 1].strip(),
            subject=subject,
            period_start=int(m.group(1)),
            period_end=int(m.group(2)),
            version_label=version_label,
            version_date=version_day,
            centrumgemeente=centre,
            municipalities=tuple(names),
            title_evidence=doc.evidence(first),
            version_evidence=doc.evidence(version_line),
            municipality_evidence=tuple(evidence),
            implements_title=implements[0] if implements else None,
            implements_evidence=doc.evidence(implements[1]) if implements else None,
        )

    @staticmethod
    def _bold_blocks(lines: tuple[str, ...], start: int) -> list[tuple[int, str]]:
        """The paragraphs after the title (bold in the original; the normaliser drops the
        ``**`` marks, so a paragraph is a run of non-blank lines), with their last line."""
        blocks: list[tuple[int, str]] = []
        current: list[str] = []
        last = start
        for n in range(start + 1, min(start + 12, len(lines)) + 1):
            ln = lines[n - 1].strip()
            if ln:
                current.append(ln)
                last = n
            elif current:
                blocks.append((last, " ".join(current)))
                current = []
        if current:
            blocks.append((last, " ".join(current)))
        return blocks

    # --- structure -------------------------------------------------------------------------

    def _toc(self, lines: tuple[str, ...], file: str) -> tuple[list[tuple[int, str]], int]:
        """Entries of the table of contents (line, normalised title) and the first body line."""
        start = next((n for n, ln in enumerate(lines, 1) if ln.strip() == "Inhoudsopgave"), None)
        if start is None:
            raise ExtractionError(file, 1, "no table of contents ('Inhoudsopgave')")
        entries: list[tuple[int, str]] = []
        n = start
        for n in range(start + 1, len(lines) + 1):
            ln = lines[n - 1]
            m = TOC_ENTRY.match(ln.strip())
            if m:
                entries.append((n, normalise_heading(m.group("title"))))
            elif ln.strip() and entries:
                break
        if not entries:
            raise ExtractionError(file, start, "the table of contents has no entries")
        return entries, entries[-1][0] + 1

    def _chapters(
        self,
        doc: SourceDocument,
        lines: tuple[str, ...],
        file: str,
        toc: list[tuple[int, str]],
        body_start: int,
        result: ExtractResult,
    ) -> list[ChapterRecord]:
        headings: dict[str, int] = {}
        toc_start = toc[0][0]
        for n in [*range(1, toc_start), *range(body_start, len(lines) + 1)]:
            ln = lines[n - 1]
            if ln.strip() and "\t" not in ln.strip():
                headings.setdefault(normalise_heading(ln), n)
        for toc_line, title in toc:
            if title not in headings:
                raise ExtractionError(
                    file,
                    toc_line,
                    f"the table of contents lists {title!r} but the text (ending at line "
                    f"{len(lines)}) has no such heading: truncated or damaged copy?",
                )
        tasks = self._task_list(lines, body_start)
        chapters: list[ChapterRecord] = []
        for _, title in toc:
            m = TOP_CHAPTER.match(title)
            if not m:
                continue
            line = headings[title]
            number, text = int(m.group("n")), m.group("title")
            label = text.removeprefix("Transformatieopgave ").strip()
            task_number = None
            evidence = [doc.evidence(line)]
            if text.startswith("Transformatieopgave "):
                hit = tasks.get(label.lower())
                if hit is None:
                    result.warn(line, f"chapter {text!r} is not in the numbered list of tasks")
                else:
                    task_number = hit[0]
                    evidence.insert(0, doc.evidence(hit[1]))
            chapters.append(ChapterRecord(number, text, label, task_number, tuple(evidence)))
        return chapters

    @staticmethod
    def _task_list(lines: tuple[str, ...], body_start: int) -> dict[str, tuple[int, int]]:
        """The numbered list after "… de volgende transformatieopgaven:": label → (number, line)."""
        out: dict[str, tuple[int, int]] = {}
        for n in range(body_start, len(lines) + 1):
            if "volgende transformatieopgaven" in lines[n - 1]:
                for k in range(n + 1, min(n + 12, len(lines)) + 1):
                    m = re.match(r"^(\d+)\.\s+(.+?)[;.]?$", lines[k - 1].strip())
                    if m:
                        out[m.group(2).strip().lower()] = (int(m.group(1)), k)
                    elif out:
                        break
                break
        return out

    # --- actions ---------------------------------------------------------------------------

    def _actions(
        self,
        doc: SourceDocument,
        lines: tuple[str, ...],
        file: str,
        body_start: int,
        chapters: list[ChapterRecord],
        result: ExtractResult,
    ) -> list[ActionRecord]:
        chapter_lines = sorted((c.evidence[-1].line, c.number) for c in chapters)
        actions: list[ActionRecord] = []
        section: str | None = None
        n = body_start
        while n <= len(lines):
            ln = lines[n - 1].strip()
            if SUBSECTION.match(ln) and "\t" not in ln:
                section = normalise_heading(ln)
            elif TOP_CHAPTER.match(ln) and any(line == n for line, _ in chapter_lines):
                section = None
            if tuple(c.strip() for c in ln.split("\t")) == ACTION_HEADER:
                n += 1
                while n <= len(lines) and lines[n - 1].strip():
                    actions.append(self._row(doc, file, n, chapter_lines, section))
                    n += 1
                continue
            n += 1
        if not actions:
            raise ExtractionError(
                file, body_start, "no action-point table ('Actiepunten\\tWie?\\tDeadline')"
            )
        for expected, action in enumerate(actions, 1):
            if action.number != expected:
                raise ExtractionError(
                    file,
                    action.evidence.line,
                    f"action points must be numbered 1, 2, 3 …: expected {expected}, "
                    f"found {action.number}",
                )
        for a in actions:
            if a.deadline.status == "not_stated" or "not a valid" in a.deadline.note:
                result.warn(a.evidence.line, f"action {a.number}: {a.deadline.note}")
            if not a.parties:
                result.warn(
                    a.evidence.line,
                    f"action {a.number}: no party recognised in {a.responsible_text!r}",
                )
        return actions

    @staticmethod
    def _row(
        doc: SourceDocument,
        file: str,
        n: int,
        chapter_lines: list[tuple[int, int]],
        section: str | None,
    ) -> ActionRecord:
        cells = [c.strip() for c in doc.lines()[n - 1].split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        m = ACTION_ROW.match(cells[0]) if cells else None
        if len(cells) != 3 or m is None:
            raise ExtractionError(file, n, "an action row must read 'N. text<TAB>who<TAB>deadline'")
        chapter = max((c for line, c in chapter_lines if line < n), default=0)
        return ActionRecord(
            number=int(m.group("n")),
            text=" ".join(m.group("text").replace("<i>", "").replace("</i>", "").split()),
            responsible_text=cells[1],
            parties=parse_parties(cells[1]),
            deadline=parse_deadline(cells[2]),
            chapter=chapter,
            section=section,
            evidence=doc.evidence(n),
        )

    # --- organisations ---------------------------------------------------------------------

    @staticmethod
    def _organisations(
        doc: SourceDocument, lines: tuple[str, ...], body_start: int
    ) -> list[OrganisationMention]:
        pattern = re.compile(rf"\b(?:{_ORG_RE})\b")
        seen: dict[str, list[int]] = {}
        for n in range(body_start, len(lines) + 1):
            for m in pattern.finditer(lines[n - 1]):
                name = NAMED_ORGANISATIONS[m.group(0)]
                at = seen.setdefault(name, [])
                if n not in at:
                    at.append(n)
        out = [
            OrganisationMention(name, tuple(doc.evidence(n) for n in at))
            for name, at in seen.items()
        ]
        for regex, (name, org_type) in NAMED_GROUPS.items():
            group = re.compile(regex, re.IGNORECASE)
            at = [n for n in range(body_start, len(lines) + 1) if group.search(lines[n - 1])]
            if at:
                out.append(OrganisationMention(name, tuple(doc.evidence(n) for n in at), org_type))
        return out


EXTRACTOR = ActionPlanExtractor()
