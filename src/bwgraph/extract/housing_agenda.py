"""Extractor for regional housing agendas for vulnerable groups (kind ``housing_agenda``).

Document 003 ("Regionale Agenda Huisvesting Kwetsbare Groepen 2021-2022", Drechtsteden and
Alblasserwaard) is a PDF converted to text: its tables are tab-separated lines, footnote markers
are superscript digits (``¹``…``⁷``), the annex table carries HTML fragments. The extractor finds
each part by the heading or table header that introduces it, so a truncated copy is refused with
the name of the part that is missing instead of yielding half a graph.

Footnote markers are resolved with care: a marker on a column header (``Gorinchem ¹``) is the
municipality's footnote; a marker inside a cell is tied to footnote *n* only when that footnote's
label names the cell's municipality. In document 003 the markers inside cells are numbered one
lower than the footnotes (``1 ⁵`` in the Hendrik-Ido-Ambacht column, footnote ⁶ is labelled
"H - I - A"), so they stay unresolved, with a warning, rather than being attached by guess.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bwgraph.extract.dutch import WRITTEN_DATE
from bwgraph.identify import normalise_name
from bwgraph.records import Evidence, ExtractionError, ExtractResult, SourceDocument
from bwgraph.records.housing_agenda import (
    AgendaInfo,
    CapacityNeed,
    DemandEstimate,
    Footnote,
    GovernanceBody,
    HousingAgendaRecords,
    LocalOffer,
    OrganisationMention,
    ProductDescription,
    Quantity,
    StatedText,
)

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = {c: str(i) for i, c in enumerate(_SUPERSCRIPTS)}
_MARKER = re.compile(f"[{_SUPERSCRIPTS}]+")
_FOOTNOTE_LINE = re.compile(
    rf"^(?P<marker>[{_SUPERSCRIPTS}]+)\s*(?:=\s*)?"
    # "⁴ **Zwijndrecht** = …": the label is bold in the original, plain once normalised
    r"(?:(?:\*\*)?(?P<label>[^*=,.]{1,30}?)(?:\*\*)?\s+=\s*)?(?P<text>.+)$"
)
_QUANTITY = re.compile(
    r"^(?P<min>minimaal\s+)?(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?"
    r"(?:\s+(?P<unit>[^\W\d_]+))?"
    r"(?:\s+[aáà]\s+(?P<size>\d+)\s+(?P<sunit>[^\W\d_]+))?",
    re.IGNORECASE,
)
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_TITLE = "Regionale Agenda Huisvesting Kwetsbare Groepen"
_PERIOD = re.compile(r"(20\d\d)\s*[-–]\s*(20\d\d)")


def strip_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """Cell text without superscript footnote markers, and the markers found (as digits)."""
    markers = tuple("".join(_SUPER_TO_DIGIT[c] for c in m) for m in _MARKER.findall(text))
    clean = " ".join(_MARKER.sub(" ", text).split())
    return clean.strip(" ,"), markers


def parse_quantity(text: str) -> Quantity:
    """Parse "25 woningen per jaar", "Minimaal 80 woonplekken", "6-12 plekken", "2 voorzieningen
    a 15 woonplekken"; anything else keeps only its raw text (a quantity not stated)."""
    raw = " ".join(text.split())
    m = _QUANTITY.match(raw)
    if not m:
        return Quantity(raw=raw)
    a = int(m["a"])
    b = int(m["b"]) if m["b"] else None
    unit = m["unit"]
    size = int(m["size"]) if m["size"] else None
    per_year = bool(re.search(r"\bper jaar\b", raw, re.IGNORECASE))
    common = {
        "raw": raw,
        "unit": unit,
        "unit_size": size,
        "unit_size_unit": m["sunit"] if size is not None else None,
        "per_year": per_year,
    }
    if m["min"]:
        return Quantity(minimum=a, **common)  # type: ignore[arg-type]
    if b is not None:
        return Quantity(minimum=a, maximum=b, **common)  # type: ignore[arg-type]
    return Quantity(exact=a, **common)  # type: ignore[arg-type]


@dataclass
class _Lines:
    """The document's lines with 1-based look-ups and a helpful error for missing parts."""

    doc: SourceDocument

    def __post_init__(self) -> None:
        self.lines = self.doc.lines()

    def text(self, n: int) -> str:
        return self.lines[n - 1]

    def ev(self, n: int, quote: str | None = None) -> Evidence:
        return self.doc.evidence(n, quote)

    def find(self, predicate_text: str, *, start: int = 1, startswith: bool = False) -> int | None:
        for n in range(start, len(self.lines) + 1):
            line = self.lines[n - 1].strip()
            if line.startswith(predicate_text) if startswith else predicate_text in line:
                return n
        return None

    def require(self, text: str, what: str, *, start: int = 1, startswith: bool = False) -> int:
        n = self.find(text, start=start, startswith=startswith)
        if n is None:
            raise ExtractionError(
                self.doc.path.name,
                len(self.lines),
                f"{what} not found (looked for {text!r}); the document is incomplete or not a "
                "housing agenda",
            )
        return n

    def table(self, header: int) -> list[int]:
        """Line numbers of the tab-separated rows right after a header line."""
        rows: list[int] = []
        n = header + 1
        while n <= len(self.lines) and "\t" in self.lines[n - 1]:
            rows.append(n)
            n += 1
        return rows

    def footnotes(self, start: int, stop_at: int) -> list[Footnote]:
        notes: list[Footnote] = []
        for n in range(start, min(stop_at, len(self.lines) + 1)):
            m = _FOOTNOTE_LINE.match(self.lines[n - 1].strip())
            if m:
                marker = "".join(_SUPER_TO_DIGIT[c] for c in m["marker"])
                label = m["label"].strip() if m["label"] else None
                notes.append(Footnote(marker, label, m["text"].strip(), self.ev(n)))
        return notes


def _label_names(label: str, municipality: str) -> bool:
    """Whether a footnote label (``Gorinchem``, ``H - I - A``) names a municipality.

    Abbreviations count only as the initials of the hyphenated name, as the document writes them
    (``H - I - A`` = Hendrik-Ido-Ambacht, ``H - G`` = Hardinxveld-Giessendam).
    """
    if normalise_name(label) == normalise_name(municipality):
        return True
    initials = "".join(p[0] for p in re.split(r"[-\s]+", municipality) if p).lower()
    return len(initials) > 1 and normalise_name(label) == initials


def _clean_html(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


class HousingAgendaExtractor:
    """``housing_agenda``: capacity need, local offer, demand, products and governance."""

    kind = "housing_agenda"

    def detect(self, text: str) -> bool:
        """The agenda's title on its first page. Only the opening is looked at, so that a damaged
        copy is still recognised and then refused by :meth:`extract` with the missing part."""
        head = "\n".join(text.splitlines()[:40])
        return _TITLE in head

    def extract(self, doc: SourceDocument) -> ExtractResult:
        result = ExtractResult(doc)
        lines = _Lines(doc)
        info = self._info(lines)
        records = HousingAgendaRecords(info=info)
        self._capacity(lines, records, result)
        self._offers(lines, records, result)
        self._demand(lines, records, result)
        self._products(lines, records, result)
        self._bodies(lines, records, result)
        self._organisations(lines, records)
        result.records.append(records)
        result.stats = {  # type: ignore[attr-defined]
            "capacity targets": len(records.capacity),
            "local offers": len(records.offers),
            "demand estimates": len(records.demand),
            "product descriptions": len(records.products),
            "governance bodies": len(records.bodies),
        }
        return result

    # --- the agenda ----------------------------------------------------------------------

    def _info(self, lines: _Lines) -> AgendaInfo:
        t = lines.require(_TITLE, "the agenda's title")
        title = lines.text(t).strip()
        period = _PERIOD.search(title)
        if not period:
            raise ExtractionError(
                lines.doc.path.name, t, f"no period (YYYY-YYYY) in title {title!r}"
            )
        d = next(
            (
                n
                for n in range(t, min(t + 12, len(lines.lines) + 1))
                if WRITTEN_DATE.fullmatch(lines.text(n).strip())
            ),
            None,
        )
        if d is None:
            raise ExtractionError(lines.doc.path.name, t, "no date under the agenda's title")
        region_line = next(
            (n for n in range(t + 1, d) if lines.text(n).strip().startswith("in de ")), None
        )
        region_names: tuple[str, ...] = ()
        if region_line is not None:
            region_names = (lines.text(region_line).strip()[len("in de ") :].strip(),)
        m = lines.require("omvat de gemeenten:", "the list of municipalities (Werkgebied agenda)")
        listed = lines.text(m).split("omvat de gemeenten:", 1)[1].split(".", 1)[0]
        names: list[str] = []
        centrum = ""
        for part in listed.split(","):
            name = part.strip()
            if name.endswith("(centrumgemeente)"):
                name = name.removesuffix("(centrumgemeente)").strip()
                centrum = name
            if name:
                names.append(name)
        if not centrum:
            raise ExtractionError(
                lines.doc.path.name, m, "no municipality marked (centrumgemeente)"
            )
        return AgendaInfo(
            title=title,
            title_evidence=lines.ev(t),
            date_text=lines.text(d).strip(),
            date_evidence=lines.ev(d),
            period_start=int(period[1]),
            period_end=int(period[2]),
            municipalities=tuple(names),
            centrumgemeente=centrum,
            municipalities_evidence=lines.ev(m),
            region_names=region_names,
        )

    # --- capacity need -------------------------------------------------------------------

    def _capacity(self, lines: _Lines, rec: HousingAgendaRecords, result: ExtractResult) -> None:
        h = lines.require(
            "Voorzieningen*\tAantallen", "the capacity table (Voorzieningen/Aantallen)"
        )
        rows = lines.table(h)
        if not rows:
            raise ExtractionError(lines.doc.path.name, h, "the capacity table has no rows")
        note_n = lines.find("* ", start=rows[-1] + 1, startswith=True)
        note = lines.text(note_n).strip() if note_n else ""
        excepted = ""
        one_off_stated = bool(note_n) and "eenmalig" in note
        m = re.search(r"Met uitzondering van ([^,]+),", note)
        if m:
            excepted = m[1].strip()
        for n in rows:
            label, _, amount = lines.text(n).partition("\t")
            q = parse_quantity(amount)
            if not q.stated:
                result.warn(n, f"capacity for {label.strip()!r} has no number: {amount.strip()!r}")
            periodicity: str | None = None
            p_ev: Evidence | None = None
            if q.per_year:
                periodicity, p_ev = "per_year", lines.ev(n)
            elif (
                one_off_stated
                and note_n
                and normalise_name(label.strip()) != normalise_name(excepted)
            ):
                periodicity, p_ev = "one_off", lines.ev(note_n)
            rec.capacity.append(CapacityNeed(label.strip(), q, lines.ev(n), periodicity, p_ev))

    # --- local offer ---------------------------------------------------------------------

    def _offers(self, lines: _Lines, rec: HousingAgendaRecords, result: ExtractResult) -> None:
        h = lines.require("Lokale bod\t", "the local offer table (Lokale bod)", startswith=True)
        rec.offer_table_evidence = lines.ev(h)
        header = lines.text(h).split("\t")
        columns: list[tuple[str, tuple[str, ...]]] = []
        for cell in header[1:]:
            name, markers = strip_markers(cell)
            if name and len(name) < 40:  # the last column is a description
                columns.append((name, markers))
        rows = lines.table(h)
        if not rows:
            raise ExtractionError(lines.doc.path.name, h, "the local offer table has no rows")
        stop = lines.find("4.2", start=rows[-1] + 1, startswith=True) or len(lines.lines) + 1
        notes = {f.marker: f for f in lines.footnotes(rows[-1] + 1, stop)}
        column_notes: dict[str, list[Footnote]] = {}
        for muni, head_markers in columns:
            column_notes[muni] = []
            for mk in head_markers:
                note = notes.get(mk)
                if note is not None and note.label and _label_names(note.label, muni):
                    column_notes[muni].append(note)
                else:
                    result.warn(
                        h,
                        f"footnote {mk} on column {muni!r} not found or not about "
                        "that municipality",
                    )
        for n in rows:
            cells = lines.text(n).split("\t")
            product = _TRAILING_PARENS.sub("", cells[0]).strip()
            for i, (muni, _) in enumerate(columns, start=1):
                raw = cells[i] if i < len(cells) else ""
                text, markers = strip_markers(raw)
                if not text:
                    continue
                attached: list[Footnote] = list(column_notes[muni])
                unresolved: list[str] = []
                for mk in markers:
                    note = notes.get(mk)
                    if note is not None and note.label and _label_names(note.label, muni):
                        attached.append(note)
                    else:
                        unresolved.append(mk)
                        why = (
                            "no such footnote"
                            if note is None
                            else "the footnote names no municipality"
                            if not note.label
                            else f"the footnote is about {note.label!r}"
                        )
                        result.warn(
                            n,
                            f"footnote marker {mk} in the cell {muni!r} × {product!r} left "
                            f"unresolved: {why}",
                        )
                quantity = int(text) if text.isdigit() else None
                rec.offers.append(
                    LocalOffer(
                        municipality=muni,
                        product_label=product,
                        text=text,
                        quantity=quantity,
                        evidence=lines.ev(n),
                        footnotes=tuple(attached),
                        unresolved_markers=tuple(unresolved),
                    )
                )

    # --- demand --------------------------------------------------------------------------

    def _demand(self, lines: _Lines, rec: HousingAgendaRecords, result: ExtractResult) -> None:
        h = lines.find("Doelgroep", startswith=True)
        if h is None or "\t" not in lines.text(h):
            result.warn(1, "no demand table (Doelgroep …) found")
            return
        rows = lines.table(h)
        stop = lines.find("Flexibele voorraad", start=h) or (rows[-1] + 6 if rows else h)
        notes = {f.marker: f for f in lines.footnotes((rows[-1] if rows else h) + 1, stop)}
        # the yearly basis is stated in the paragraph that introduces the table
        yearly = next(
            (n for n in range(h - 1, max(0, h - 10), -1) if "jaarlijks" in lines.text(n)), None
        )
        yearly_ev = lines.ev(yearly) if yearly is not None else None
        # "… zijn niet in dit vraagonderzoek meegenomen": the estimate covers part of the region
        scope = next(
            (
                n
                for n in range(h - 1, max(0, h - 10), -1)
                if "niet in dit vraagonderzoek" in lines.text(n)
            ),
            None,
        )
        scope_note = _first_sentence(lines.text(scope)) if scope is not None else None
        scope_ev = lines.ev(scope) if scope is not None else None
        if yearly is not None:
            total = re.search(r"jaarlijks zo'n (\d+) tot (\d+) (\w+)", lines.text(yearly))
            if total:
                rec.demand.append(
                    DemandEstimate(
                        target_group_label="kwetsbare groepen",
                        quantity=Quantity(
                            raw=total[0],
                            minimum=int(total[1]),
                            maximum=int(total[2]),
                            unit=total[3],
                            per_year=True,
                        ),
                        requirements="",
                        clustered="",
                        process="",
                        evidence=lines.ev(yearly),
                        periodicity_evidence=yearly_ev,
                        scope_note=scope_note,
                        scope_evidence=scope_ev,
                        is_total=True,
                    )
                )
        for n in rows:
            cells = [c.strip() for c in lines.text(n).split("\t")]
            cells += [""] * (5 - len(cells))
            group = cells[0].rstrip(" >").strip()
            amount, markers = strip_markers(cells[1])
            attached = tuple(notes[m] for m in markers if m in notes)
            for m in markers:
                if m not in notes:
                    result.warn(n, f"footnote marker {m} for {group!r} has no footnote")
            q = parse_quantity(amount)
            rec.demand.append(
                DemandEstimate(
                    target_group_label=group,
                    quantity=q,
                    requirements=cells[2],
                    clustered=cells[3],
                    process=cells[4],
                    evidence=lines.ev(n),
                    footnotes=attached,
                    periodicity_evidence=yearly_ev,
                    scope_note=scope_note,
                    scope_evidence=scope_ev,
                )
            )

    # --- product catalogue ---------------------------------------------------------------

    def _products(self, lines: _Lines, rec: HousingAgendaRecords, result: ExtractResult) -> None:
        a = lines.require("Bijlage A", "annex A (the product catalogue)", startswith=True)
        h = lines.require("Woonzorgproduct\tToelichting", "the product catalogue table", start=a)
        for n in range(h + 1, len(lines.lines) + 1):
            line = lines.text(n)
            if "\t" not in line:
                continue
            label, _, text = line.partition("\t")
            label, text = _clean_html(label), _clean_html(text)
            if label and text:
                rec.products.append(ProductDescription(label, text, lines.ev(n)))
        if not rec.products:
            raise ExtractionError(lines.doc.path.name, h, "the product catalogue has no entries")

    # --- governance ----------------------------------------------------------------------

    def _bodies(self, lines: _Lines, rec: HousingAgendaRecords, result: ExtractResult) -> None:
        regie = lines.find("Regiegroep HKG", startswith=True)
        while regie is not None and lines.text(regie).strip() != "Regiegroep HKG":
            regie = lines.find("Regiegroep HKG", start=regie + 1, startswith=True)
        if regie is None:
            result.warn(1, "no section 'Regiegroep HKG' found; governance bodies skipped")
            return
        comp_n = lines.require(
            "De Regiegroep HKG bestaat uit", "the Regiegroep's composition", start=regie
        )
        comp_text = lines.text(comp_n).split(":", 1)[1].strip().rstrip(".")
        composition = tuple(StatedText(p.strip(), lines.ev(comp_n)) for p in comp_text.split(","))
        t = lines.require("Taken Regiegroep HKG", "the Regiegroep's tasks", start=regie)
        tasks = tuple(StatedText(x, lines.ev(n)) for n, x in self._items(lines, t + 1))
        sup = lines.find("wordt ondersteund door een programmteam", start=t)
        rec.bodies.append(
            GovernanceBody(
                name="Regiegroep HKG",
                evidence=lines.ev(regie + 2) if regie + 2 <= len(lines.lines) else lines.ev(regie),
                composition=composition,
                tasks=tasks,
                supported_by="Programmateam HKG" if sup else None,
                supported_by_evidence=lines.ev(sup) if sup else None,
            )
        )
        tafel = lines.find("Bestuurlijke Tafel BW & O", start=regie, startswith=True)
        if tafel is not None:
            deel = lines.require(
                "nemen deel:", "the members of the Bestuurlijke Tafel", start=tafel
            )
            members = tuple(
                StatedText(x.rstrip(",;"), lines.ev(n)) for n, x in self._items(lines, deel + 1)
            )
            tasks_t: list[StatedText] = [
                StatedText(_first_sentence(lines.text(tafel + 2)), lines.ev(tafel + 2))
            ]
            dialoog = lines.find("vindt dialoog en verkenning plaats", start=tafel)
            if dialoog is not None:
                tasks_t.append(StatedText(_first_sentence(lines.text(dialoog)), lines.ev(dialoog)))
            rec.bodies.append(
                GovernanceBody(
                    name="Bestuurlijke Tafel BW & O",
                    evidence=lines.ev(tafel + 2),
                    composition=members,
                    tasks=tuple(tasks_t),
                    municipalities_are_members=any(
                        "9 regio's gemeenten" in m.text for m in members
                    ),
                    members_evidence=next(
                        (m.evidence for m in members if "9 regio's gemeenten" in m.text), None
                    ),
                )
            )
        team = lines.find("Programmteam", start=regie, startswith=False)
        team = lines.find("- Programmteam", start=regie) or team
        if team is not None:
            bestaat = lines.find("Dit team bestaat", start=team)
            if bestaat is not None:
                sentences = _sentences(lines.text(bestaat))
                comp = [s for s in sentences if s.startswith("Dit team bestaat")]
                taak_n = lines.find("Het programmteam ondersteunt de Regiegroep", start=bestaat)
                team_tasks: list[StatedText] = []
                if taak_n is not None:
                    team_tasks = [
                        StatedText(s, lines.ev(taak_n))
                        for s in _sentences(lines.text(taak_n))
                        if "programmteam" in s.lower() or "ondersteunen" in s
                    ]
                rec.bodies.append(
                    GovernanceBody(
                        name="Programmateam HKG",
                        evidence=lines.ev(bestaat),
                        composition=tuple(StatedText(s, lines.ev(bestaat)) for s in comp),
                        tasks=tuple(team_tasks),
                    )
                )

    @staticmethod
    def _items(lines: _Lines, start: int) -> list[tuple[int, str]]:
        """The ``- item`` lines of a list starting at ``start`` (blank lines between allowed)."""
        items: list[tuple[int, str]] = []
        n = start
        while n <= len(lines.lines):
            s = lines.text(n).strip()
            if s.startswith("- "):
                items.append((n, s[2:].strip().rstrip(";").strip()))
            elif s and items:
                break
            n += 1
        return items

    # --- organisations named in the text ---------------------------------------------------

    _NAMED = ("Woonkracht 10", "De Hoop", "VGZ", "CQ Procesmanagement")

    def _organisations(self, lines: _Lines, rec: HousingAgendaRecords) -> None:
        for name in self._NAMED:
            pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
            for n, line in enumerate(lines.lines, start=1):
                if pattern.search(line):
                    rec.organisations.append(OrganisationMention(name, lines.ev(n)))
                    break


def _sentences(text: str) -> list[str]:
    text = " ".join(text.replace("*", "").split())
    return [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-Z])", text) if s.strip()]


def _first_sentence(text: str) -> str:
    s = _sentences(text)
    return s[0] if s else text.strip()


EXTRACTOR = HousingAgendaExtractor()
