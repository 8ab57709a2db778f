"""Extractor for assignment forms (kind ``assignment``; document 000, Lekstroom Wonen & Zorg).

The form is a two-column table converted to text: each line is ``label<TAB>text``, sub-labels
of "Randvoorwaarden" are italic (``<i>Tijd</i>``) and lists are ``•`` bullets inside HTML. The
activities table is there up to three times (an HTML ``<table>``, the same rows tab-separated on
the same line and again on the following lines) and some rows follow only in tab-separated form:
rows are merged on their normalised text so that none is counted twice or lost, and every line
stating a row is kept as evidence.

The extractor refuses a form that lacks what an assignment must state (subject, commissioning
role, hours total, activities), which is how a truncated copy is caught.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

from bwgraph.extract.dutch import DAY_DATE, MONTH_YEAR, MONTHS, parse_dutch_date
from bwgraph.records import ExtractionError, ExtractResult, SourceDocument
from bwgraph.records.assignment import (
    ActivityRecord,
    AssignmentRecords,
    BudgetLine,
    BudgetTotal,
    DateStatement,
    FormField,
    MunicipalityMention,
    OrganisationMention,
    RelatedAssignment,
    RiskRecord,
    RoleRecord,
)

_TAG = re.compile(r"<[^>]+>")
_HOURS = re.compile(r"^(?P<label>.+?):\s*(?P<hours>\d+(?:[.,]\d+)?)\s*uur\b(?P<rest>.*)$")
_TOTAL = re.compile(r"Totaal:\s*(?P<hours>\d+(?:[.,]\d+)?)\s*uur(?P<rest>[^<]*)")
_ROLE_SPLIT = re.compile(r"(?=\b(?:Bestuurlijk|Ambtelijk) opdrachtgever\b)")
_ROLE = re.compile(r"^(?P<role>[^:]+):\s*(?P<holder>[^(]+?)\s*(?:\((?P<q>[^)]*)\))?\s*$")
_GEMEENTE = re.compile(r"\bgemeente (?P<name>[A-Z][\w-]+)")
#: Form fields hold bulleted lists (``<ul>`` in the original); rows of the activities table do
#: not.
_FIELD_BULLET = re.compile(r"(?:^|\t)•")
_VASTGESTELD = re.compile(r"^(?P<label>.*?)\s*\((?P<note>vastgesteld[^)]*)\)\s*$")

#: Organisations the form names, as written → name looked up in organisations.csv.
NAMED_ORGANISATIONS: dict[str, str] = {
    "Breed Platform Sociaal Domein Lekstroom": "Breed Platform Sociaal Domein Lekstroom",
    "BPSDL": "Breed Platform Sociaal Domein Lekstroom",
    "Havensteder": "Havensteder",
    "Atrivé": "Atrivé",
}

#: Date statements of the form: (pattern, label). The label names what the date is for, in the
#: words of the form; the pattern's ``text`` group is the date phrase as written.
DATE_STATEMENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"In het BPSDL op (?P<text>\d{1,2} \w+ \d{4}) is besloten"), "besluit BPSDL"),
    (
        re.compile(
            r"(?P<text>Voor \d{1,2} \w+ \d{4}) opleveren van een regionale samenwerkingsagenda"
        ),
        "opleveren regionale samenwerkingsagenda",
    ),
    (re.compile(r"\((?P<text>deadline \d{1,2} \w+ \d{4})\)"), "deadline"),
    (
        re.compile(r"Het BPSDL van (?P<text>\d{1,2} \w+ \d{4}) wordt gevraagd"),
        "besluitvorming BPSDL",
    ),
)


def strip_html(text: str) -> str:
    """Text without tags and entities, spacing folded."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def bullets(text: str) -> list[str]:
    """The ``•`` items of a cell (markup removed), without the text before the first bullet."""
    parts = strip_html(text).split("•")
    return [p.strip() for p in parts[1:] if p.strip()]


def _sublabel(cell: str) -> str | None:
    """A short second cell followed by text is a sub-label ("Randvoorwaarden" → "Tijd", "Geld"):
    italic in the original form, a short label once the normaliser removed the markup."""
    cell = cell.strip()
    if 0 < len(cell) <= 40 and "•" not in cell and not cell.endswith((".", ":")):
        return cell
    return None


def _key(text: str) -> str:
    """Comparison key for activity rows: case, spacing and superscript markers folded."""
    return " ".join(text.replace(" ^", "^").lower().split())


def _period(text: str) -> tuple[date | None, str | None]:
    day = parse_dutch_date(text)
    if day:
        return day, None
    m = MONTH_YEAR.search(text)
    if m:
        return None, f"{m.group('y')}-{MONTHS[m.group('m').lower()]:02d}"
    return None, None


class AssignmentExtractor:
    """Reads an assignment form (see module docstring)."""

    kind = "assignment"

    def detect(self, text: str) -> bool:
        head = text[:4000]
        return (
            re.search(r"^Onderwerp\t", head, re.M) is not None
            and re.search(r"^Opdrachtgever\t", head, re.M) is not None
            and "Afbreukrisico" in text
            and "Activiteiten" in text
        )

    def extract(self, doc: SourceDocument) -> ExtractResult:
        lines = doc.lines()
        file = doc.path.name
        result = ExtractResult(doc)
        activities = self._activities(doc, lines, file, result)
        table_lines = [e.line for a in activities for e in a.evidence]
        fields = self._fields(doc, lines, skip=set(range(min(table_lines), max(table_lines) + 1)))
        by_label = {f.label: f for f in fields}
        subject = by_label.get("Onderwerp")
        if subject is None or not subject.text:
            raise ExtractionError(file, 1, "no 'Onderwerp' (subject) field: not an assignment form")
        m = re.search(r"\bin (?:de )?(?:regio )?(?P<name>[A-Z][\w-]+)$", subject.text)
        if m is None:
            raise ExtractionError(
                file, subject.evidence.line, "the subject names no cooperation ('… in <name>')"
            )
        coop = m.group("name")
        coop_lines = [n for n, ln in enumerate(lines, 1) if re.search(rf"\b{coop}\b", ln)][:3]
        rec = AssignmentRecords(
            subject=subject,
            cooperation=coop,
            cooperation_evidence=tuple(doc.evidence(n) for n in coop_lines),
            fields=fields,
        )
        rec.roles = self._roles(doc, lines, file)
        rec.budget_lines, rec.total = self._hours(doc, lines, file)
        rec.dates = self._dates(doc, lines)
        rec.activities = activities
        rec.risks = self._risks(doc, lines)
        rec.related = self._related(doc, lines)
        rec.municipalities = self._municipalities(doc, lines)
        rec.organisations = self._organisations(doc, lines)
        if not rec.risks:
            result.warn(len(lines), "no risks ('Afbreukrisico's') found")
        if not rec.municipalities:
            result.warn(
                subject.evidence.line,
                f"no municipality of {coop} found: the source registry's scope lists none "
                "or the form names none; the cooperation gets no members",
            )
        result.records.append(rec)
        return result

    # --- form fields -----------------------------------------------------------------------

    @staticmethod
    def _cells(line: str) -> list[str]:
        cells = [c.strip() for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        return cells

    def _label(self, line: str) -> str:
        """The first cell of a form line without markup: "<p>Activiteiten</p>" → "Activiteiten"."""
        cells = self._cells(line)
        return strip_html(cells[0]).rstrip(":") if cells else ""

    def _fields(
        self, doc: SourceDocument, lines: tuple[str, ...], skip: set[int]
    ) -> list[FormField]:
        """``label<TAB>text`` lines; an italic second cell is a sub-label ("Randvoorwaarden")."""
        fields: list[FormField] = []
        parent = ""
        for n, ln in enumerate(lines, 1):
            cells = self._cells(ln)
            if len(cells) < 2 or "<table" in ln or n in skip:
                continue
            label, rest = strip_html(cells[0]).rstrip(":"), cells[1:]
            if label:
                parent = label
            elif not parent:
                continue
            sub = _sublabel(rest[0])
            if sub and len(rest) > 1:
                label = f"{parent}: {sub}"
                rest = rest[1:]
            elif not label:
                continue  # a continuation row (activities): handled by _activities
            fields.append(FormField(label, strip_html(" ".join(rest)), doc.evidence(n)))
        return fields

    def _roles(self, doc: SourceDocument, lines: tuple[str, ...], file: str) -> list[RoleRecord]:
        roles: list[RoleRecord] = []
        for n, ln in enumerate(lines, 1):
            cells = self._cells(ln)
            if len(cells) < 2:
                continue
            label = strip_html(cells[0]).rstrip(":")
            text = strip_html(" ".join(cells[1:]))
            if label == "Opdrachtgever":
                segments = [s.strip() for s in _ROLE_SPLIT.split(text) if s.strip()]
            elif label == "Beoogd opdrachtnemer":
                segments = [f"{label}: {text}"]
            else:
                continue
            for seg in segments:
                m = _ROLE.match(seg)
                if m is None:
                    raise ExtractionError(file, n, f"cannot read the role {seg!r}")
                q = m.group("q")
                org = _GEMEENTE.search(q) if q else None
                roles.append(
                    RoleRecord(
                        role=m.group("role").strip(),
                        holder=m.group("holder").strip(),
                        organisation=org.group("name") if org else None,
                        qualifier=q,
                        evidence=doc.evidence(n),
                    )
                )
        if not any("opdrachtgever" in r.role.lower() for r in roles):
            raise ExtractionError(file, 1, "no 'Opdrachtgever' (commissioning role) found")
        return roles

    # --- hours -----------------------------------------------------------------------------

    def _hours(
        self, doc: SourceDocument, lines: tuple[str, ...], file: str
    ) -> tuple[list[BudgetLine], BudgetTotal]:
        for n, ln in enumerate(lines, 1):
            total = _TOTAL.search(ln)
            if total is None:
                continue
            body = ln[: total.start()]
            items: list[BudgetLine] = []
            for item in bullets(body):
                m = _HOURS.match(item.rstrip("."))
                if m is None:
                    continue
                rest = m.group("rest").strip()
                items.append(
                    BudgetLine(
                        label=m.group("label").strip(),
                        hours=Decimal(m.group("hours").replace(",", ".")),
                        per_municipality="per gemeente" in rest,
                        text=item.rstrip("."),
                        evidence=doc.evidence(n),
                    )
                )
            if not items:
                raise ExtractionError(file, n, "the hours total has no hours lines ('…: N uur')")
            return items, self._total(doc, n, total, items)
        raise ExtractionError(
            file,
            len(lines),
            f"no hours total ('Totaal: N uur') in the form (it ends at line {len(lines)}): "
            "an assignment must state its hours budget; truncated copy?",
        )

    @staticmethod
    def _total(
        doc: SourceDocument, n: int, total: re.Match[str], items: list[BudgetLine]
    ) -> BudgetTotal:
        """Check the lines against the stated total; keep the total as stated either way.

        The number of "other" municipalities of a per-municipality line is not in the form; it
        is taken from the source registry's scope ("Lekstroom (Houten, IJsselstein, …)"): all
        listed municipalities but the one with its own line.
        """
        stated = Decimal(total.group("hours").replace(",", "."))
        text = strip_html(total.group(0)).rstrip(".")
        fixed = sum((i.hours for i in items if not i.per_municipality), Decimal(0))
        per = sum((i.hours for i in items if i.per_municipality), Decimal(0))
        scope = re.search(r"\((?P<names>[^)]*)\)", doc.scope)
        others = len(scope.group("names").split(",")) - 1 if scope and per else None
        expected = fixed + per * others if others is not None else None
        if per == 0:
            adds_up: bool | None = fixed == stated
            expected = fixed
        else:
            adds_up = expected == stated if expected is not None else None
        notes: list[str] = []
        if adds_up is False:
            notes.append(
                f"The hours lines do not add up to the stated total of {stated} hours: "
                f"{fixed} hours in the fixed lines"
                + (
                    f" plus {per} hours for each of the {others} other municipalities "
                    f"(the source registry lists {others + 1}) make {expected} hours."
                    if per and others is not None
                    else "."
                )
            )
            if per and (stated - fixed) % per != 0:
                notes.append(
                    f"No whole number of municipalities gives {stated} ({stated} - {fixed} = "
                    f"{stated - fixed} is not a multiple of {per})."
                )
            notes.append("The stated total is kept as stated.")
        elif adds_up is None:
            notes.append(
                f"{fixed} hours plus {per} hours per other municipality; the form does not say "
                "how many, so the total was not checked."
            )
        return BudgetTotal(
            hours=stated,
            text=text,
            until=parse_dutch_date(total.group("rest")),
            fixed_sum=fixed,
            per_municipality=per,
            other_municipalities=others,
            expected=expected,
            adds_up=adds_up,
            note=" ".join(notes),
            evidence=doc.evidence(n),
        )

    # --- dates -----------------------------------------------------------------------------

    def _dates(self, doc: SourceDocument, lines: tuple[str, ...]) -> list[DateStatement]:
        out: list[DateStatement] = []
        for n, ln in enumerate(lines, 1):
            cells = self._cells(ln)
            # "Tijd" bullets: "Start: februari 2018", "Afronding vervolgfase: 1 november 2017"
            if len(cells) >= 3 and _sublabel(cells[1]) == "Tijd":
                for item in bullets(" ".join(cells[2:])):
                    label, _, when = item.partition(":")
                    day, period = _period(when)
                    if when and (day or period):
                        out.append(
                            DateStatement(label.strip(), when.strip(), day, period, doc.evidence(n))
                        )
            for pattern, label in DATE_STATEMENTS:
                for m in pattern.finditer(strip_html(ln)):
                    phrase = m.group("text")
                    day = parse_dutch_date(phrase) if DAY_DATE.search(phrase) else None
                    out.append(DateStatement(label, phrase, day, None, doc.evidence(n)))
        return out

    # --- activities ------------------------------------------------------------------------

    def _activities(
        self, doc: SourceDocument, lines: tuple[str, ...], file: str, result: ExtractResult
    ) -> list[ActivityRecord]:
        start = next(
            (n for n, ln in enumerate(lines, 1) if self._label(ln) == "Activiteiten"), None
        )
        if start is None:
            raise ExtractionError(
                file, len(lines), "no 'Activiteiten' table in the form: truncated copy?"
            )
        rows: list[tuple[str, str, int]] = []
        # the table may stand in the label's line (an HTML table, one cell per tab once
        # normalised) and continues in the lines below, "what<TAB>when"
        pairs = [[c for c in self._cells(lines[start - 1])[1:] if c]]
        n = start + 1
        while n <= len(lines):
            if _FIELD_BULLET.search(lines[n - 1]):
                break  # the next form field ("Afbreukrisico's\t<ul …>")
            pairs.append([c for c in self._cells(lines[n - 1]) if c])
            n += 1
        for k, cells in enumerate(pairs):
            line = start if k == 0 else start + k
            if len(cells) % 2:
                raise ExtractionError(file, line, "an activities row must read 'what<TAB>when'")
            for i in range(0, len(cells), 2):
                rows.append((strip_html(cells[i]), strip_html(cells[i + 1]), line))
        merged: dict[str, tuple[str, str, list[int]]] = {}
        for what, when, line in rows:
            if _key(what) == "wat" and _key(when) == "wanneer":
                continue  # the header row
            key = _key(what)
            if key in merged:
                _, t, at = merged[key]
                if _key(t) != _key(when):
                    result.warn(line, f"activity {what!r}: timing {when!r} differs from {t!r}")
                if line not in at:
                    at.append(line)
            else:
                merged[key] = (what, when, [line])
        if not merged:
            raise ExtractionError(file, start, "the 'Activiteiten' table has no rows")
        return [
            ActivityRecord(i, what, when, tuple(doc.evidence(x) for x in sorted(at)))
            for i, (what, when, at) in enumerate(merged.values(), 1)
        ]

    # --- risks, related assignments, names -------------------------------------------------

    def _risks(self, doc: SourceDocument, lines: tuple[str, ...]) -> list[RiskRecord]:
        for n, ln in enumerate(lines, 1):
            cells = self._cells(ln)
            if cells and strip_html(cells[0]).startswith("Afbreukrisico"):
                return [
                    RiskRecord(i, text, doc.evidence(n))
                    for i, text in enumerate(bullets(" ".join(cells[1:])), 1)
                ]
        return []

    def _related(self, doc: SourceDocument, lines: tuple[str, ...]) -> list[RelatedAssignment]:
        related: list[RelatedAssignment] = []
        for n, ln in enumerate(lines, 1):
            cells = self._cells(ln)
            if not cells or not strip_html(cells[0]).startswith("Samenhang met andere"):
                continue
            for item in bullets(" ".join(cells[1:])):
                item = item.rstrip(".")
                m = _VASTGESTELD.match(item)
                label, note = (m.group("label"), m.group("note")) if m else (item, None)
                bw_mo = "beschermd wonen" in label.lower()
                aliases = [r"deelopdrachten? BW/MO"] if bw_mo else []
                if "inventarisatie" in label.lower():
                    aliases.append(r"inventarisatie \(jeugd\) hulp met verblijf")
                if "inkoopstrategie" in label.lower():
                    aliases.append(r"inkoopstrategie 20\d\d")
                extra = [
                    k
                    for k, other in enumerate(lines, 1)
                    if k != n and any(re.search(a, other, re.I) for a in aliases)
                ]
                evidence = tuple(doc.evidence(k) for k in sorted({n, *extra}))
                related.append(RelatedAssignment(label, note, evidence, "bw_mo" if bw_mo else None))
        # The separate administrative assignment on housing allocation (lines "aparte
        # bestuurlijke (vervolg)opdracht … woonruimteverdeling"), named in the activities table.
        wrv = [
            n
            for n, ln in enumerate(lines, 1)
            if re.search(r"aparte bestuurlijke (?:vervolg)?opdracht", ln)
        ]
        if wrv:
            label_line = next(
                (
                    n
                    for n, ln in enumerate(lines, 1)
                    if "Bestuurlijke opdracht woonruimteverdeling" in ln
                ),
                None,
            )
            if label_line:
                related.append(
                    RelatedAssignment(
                        "Bestuurlijke opdracht woonruimteverdeling",
                        None,
                        tuple(doc.evidence(k) for k in sorted({*wrv, label_line})),
                    )
                )
        return related

    def _municipalities(
        self, doc: SourceDocument, lines: tuple[str, ...]
    ) -> list[MunicipalityMention]:
        """Municipalities of the cooperation that the form itself names.

        The names looked for come from the source registry's scope; only those the text
        really names become records (the form does not name IJsselstein or Lopik).
        """
        scope = re.search(r"\((?P<names>[^)]*)\)", doc.scope)
        names = [s.strip() for s in scope.group("names").split(",")] if scope else []
        out: list[MunicipalityMention] = []
        for name in names:
            at = [n for n, ln in enumerate(lines, 1) if re.search(rf"\b{re.escape(name)}\b", ln)]
            if at:
                out.append(MunicipalityMention(name, tuple(doc.evidence(n) for n in at)))
        return out

    def _organisations(
        self, doc: SourceDocument, lines: tuple[str, ...]
    ) -> list[OrganisationMention]:
        pattern = re.compile(
            r"\b(?:"
            + "|".join(re.escape(k) for k in sorted(NAMED_ORGANISATIONS, key=len, reverse=True))
            + r")\b"
        )
        seen: dict[str, list[int]] = {}
        for n, ln in enumerate(lines, 1):
            for m in pattern.finditer(ln):
                at = seen.setdefault(NAMED_ORGANISATIONS[m.group(0)], [])
                if n not in at:
                    at.append(n)
        return [OrganisationMention(k, tuple(doc.evidence(n) for n in v)) for k, v in seen.items()]


EXTRACTOR = AssignmentExtractor()
