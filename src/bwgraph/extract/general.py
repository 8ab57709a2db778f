"""The general extractor (kind ``general``): any instrument of the BW/MO landscape, read by rules.

Used when no specific template recognises a document: a centrumregeling, gemeenschappelijke
regeling, convenant, bestuurlijk akkoord, samenwerkingsovereenkomst, regiovisie, beleidsplan,
plan van aanpak, raads- or collegevoorstel. It runs the recognisers (:mod:`bwgraph.recognise`)
over the document's numbered lines and keeps what they found, grouped per thing, each with the
evidence of its lines:

* the document type and the instruments it establishes, amends, replaces or proposes (a
  proposal *about* a regiovisie is a proposal that proposes a regiovisie);
* municipalities on the document date, regions, organisations, roles (centrumgemeente …);
* dates with meaning, periods, amounts, scope concepts.

Precision first: what the rules cannot read is left out, never guessed. A document that yields
neither a type nor one municipality or region is refused (:class:`ExtractionError`) with that
reason. Every fact is marked as machine-read (``method = "rules"``, extractor and version), so
an analyst can tell it from the facts of the curated templates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bwgraph.recognise import Hit, LineLike, Recognised, TextLine, lines_of, recognise_all
from bwgraph.recognise.engine import canonical
from bwgraph.recognise.instruments import TITLE_SOURCES
from bwgraph.records import Evidence, ExtractionError, ExtractResult, SourceDocument
from bwgraph.records.general import (
    AmountFact,
    DateFact,
    DocumentTypeFact,
    GeneralRecords,
    InstrumentFact,
    MunicipalityFact,
    OrganisationFact,
    PeriodFact,
    RegionFact,
    RoleFact,
    ScopeFact,
)

KIND = "general"
VERSION = "0.1.0"
METHOD = "rules"


def _quote(lines: Sequence[LineLike], n: int) -> str:
    return lines[n - 1].text.strip() if 0 < n <= len(lines) else ""


_PUNCT = re.compile(r"[.,;:!?'\"“”‘’„()\[\]]+")


def _title_key(title: str) -> str:
    """How titles are compared when grouping: case, spacing and punctuation folded
    ("Regiovisie. Doordecentralisatie …" is inside "Regiovisie Doordecentralisatie … 2022")."""
    return " ".join(_PUNCT.sub(" ", canonical(title).lower()).split())


def read_records(
    lines: Sequence[LineLike], doc_id: str, on: date | None = None
) -> tuple[GeneralRecords, Recognised]:
    """The records of one document's lines (``on``: the document date, if known).

    Separate from :meth:`GeneralExtractor.extract` so that evaluation and other stages can read a
    text that is not a registered source document.
    """
    found = recognise_all(lines, on)

    def ev(n: int) -> Evidence:
        return Evidence(doc_id, n, _quote(lines, n) or " ")

    def evs(hits: Sequence[Hit]) -> tuple[Evidence, ...]:
        return tuple(ev(n) for n in sorted({h.line for h in hits}))

    rec = GeneralRecords(extractor=f"bwgraph.extract.{KIND}", version=VERSION, method=METHOD)
    if found.doc_type is not None:
        t = found.doc_type
        rec.document_type = DocumentTypeFact(t.notation, t.how, t.text, ev(t.line))

    # instruments: one per (type, relation, title); untitled mentions are left out (noise)
    groups: dict[tuple[str, str, str], list[Hit]] = {}
    for h in found.instruments:
        title, relation = h.attr("title"), h.attr("relation")
        if relation == "mentions" and not title:
            continue
        groups.setdefault((h.value, relation, _title_key(title)), []).append(h)
    # one thing written twice: a title inside a longer one ("Vaststellen Regiovisie X 2023" /
    # "Regiovisie X 2023"), or an untitled reference next to a titled one, is the same instrument
    keys = sorted(groups, key=lambda k: (len(k[2]) == 0, len(k[2])))
    merged: dict[tuple[str, str, str], list[Hit]] = {}
    for key in keys:
        into = next(
            (k for k in merged if k[:2] == key[:2] and k[2] and (not key[2] or k[2] in key[2])),
            None,
        )
        merged.setdefault(into or key, []).extend(groups[key])
    for (notation, relation, _norm), hits in merged.items():
        # the best title of the group: quoted (the first written), a title line (the fullest:
        # the group's titles contain one another, "Regiovisie. Doordecentralisatie …" and the
        # title page's "Regiovisie Doordecentralisatie … 2022 -2026"), else the longest name
        titled = [h for h in hits if h.attr("title")]

        def rank(h: Hit) -> tuple[int, int, int, int]:
            source = TITLE_SOURCES.index(h.attr("title_from"))
            if h.attr("title_from") == "quoted":
                return (source, 0, h.line, h.start)
            return (source, -len(h.attr("title")), h.line, h.start)

        best = min(titled, key=rank, default=None)
        title = best.attr("title") if best else ""
        hits.sort(key=lambda h: (h.line, h.start))
        rec.instruments.append(InstrumentFact(notation, title, relation, hits[0].text, evs(hits)))

    by_code: dict[str, list[Hit]] = {}
    for h in found.municipalities:
        if h.value:
            by_code.setdefault(h.value, []).append(h)
    for code, hits in by_code.items():
        first = hits[0]
        rec.municipalities.append(
            MunicipalityFact(
                code, first.text, first.attr("context"), first.attr("named"), evs(hits)
            )
        )

    by_region: dict[tuple[str, str], list[Hit]] = {}
    for h in found.regions:
        by_region.setdefault((h.value, h.value or canonical(h.text)), []).append(h)
    for (slug, _), hits in by_region.items():
        rec.regions.append(RegionFact(slug, hits[0].text, evs(hits)))

    by_org: dict[str, list[Hit]] = {}
    for h in found.organisations:
        by_org.setdefault(h.value or canonical(h.text), []).append(h)
    for hits in by_org.values():
        h = hits[0]
        rec.organisations.append(OrganisationFact(h.value, h.text, h.attr("type"), evs(hits)))

    by_role: dict[tuple[str, str], list[Hit]] = {}
    for h in found.roles:
        by_role.setdefault((h.attr("role"), h.value), []).append(h)
    for (role, code), hits in by_role.items():
        rec.roles.append(RoleFact(role, code, hits[0].text, evs(hits)))

    seen_dates: set[tuple[str, str]] = set()
    for h in found.dates:
        dkey = (h.value, h.attr("meaning"))
        if dkey not in seen_dates:
            seen_dates.add(dkey)
            rec.dates.append(DateFact(h.value, h.attr("meaning"), h.text, ev(h.line)))

    seen_periods: set[tuple[str, str, str]] = set()
    # a range also stated with its duration elsewhere is that one period ("2026-2030" in the
    # title, "voor tenminste 4 jaar (2026-2030)" in the text)
    with_duration = {(h.attr("start"), h.attr("end")) for h in found.periods if h.attr("duration")}
    for h in found.periods:
        pkey = (h.attr("start"), h.attr("end"), h.attr("duration"))
        if not pkey[2] and pkey[:2] in with_duration:
            continue
        if pkey not in seen_periods:
            seen_periods.add(pkey)
            rec.periods.append(
                PeriodFact(
                    h.attr("start"),
                    h.attr("end"),
                    h.attr("duration"),
                    h.attr("minimum") == "yes",
                    h.attr("of"),
                    h.text,
                    ev(h.line),
                )
            )

    seen_amounts: set[tuple[str, str, int]] = set()
    for h in found.amounts:
        akey = (h.value, h.attr("meaning"), h.line)
        if akey not in seen_amounts:
            seen_amounts.add(akey)
            rec.amounts.append(
                AmountFact(
                    Decimal(h.value), h.attr("currency"), h.attr("meaning"), h.text, ev(h.line)
                )
            )

    by_scope: dict[str, list[Hit]] = {}
    for h in found.scope:
        by_scope.setdefault(h.value, []).append(h)
    for concept, hits in by_scope.items():
        rec.scope.append(ScopeFact(concept, hits[0].text, evs(hits)))
    return rec, found


def _listed_type(rec: GeneralRecords) -> bool:
    """Whether the document has one of the listed types; "other" (a beleidsregel, a
    subsidieregeling …) says too little about the field to take a document on its own."""
    return rec.document_type is not None and rec.document_type.notation != "other"


def refusal(rec: GeneralRecords) -> str | None:
    """Why a document cannot be taken (no type and no municipality or region), or ``None``."""
    if not _listed_type(rec) and not rec.municipalities and not any(r.slug for r in rec.regions):
        return (
            "no known document type (centrumregeling, convenant, regiovisie, raadsvoorstel …) "
            "and no municipality or region named: nothing to attach facts to, refusing to guess"
        )
    return None


class GeneralExtractor:
    """``general``: the fallback extractor, by rules, for any instrument of the landscape."""

    kind = KIND
    version = VERSION
    method = METHOD
    #: used only when no specific template recognises the document
    fallback = True

    def confidence(self, text: str) -> float:
        """How much the rules find to hold on to: 1.0 type and place, 0.5 one of them, else 0."""
        rec, _ = read_records(lines_of(text), "probe")
        has_type = _listed_type(rec)
        has_place = bool(rec.municipalities) or any(r.slug for r in rec.regions)
        return (has_type + has_place) / 2

    def detect(self, text: str) -> bool:
        """True for a text no template recognises and the rules can read (see ``refusal``).

        Deferring to the templates keeps ``detect_kind`` unambiguous: a seed document is still
        read by its own template, never by this fallback.
        """
        from bwgraph.extract import registry

        for kind, ex in registry().items():
            if kind != self.kind and ex.detect(text):
                return False
        return self.confidence(text) > 0

    def extract(self, doc: SourceDocument) -> ExtractResult:
        lines = [TextLine(i, t) for i, t in enumerate(doc.lines(), start=1)]
        if not any(x.text.strip() for x in lines):
            raise ExtractionError(doc.path.name, 1, "the document is empty")
        rec, found = read_records(lines, doc.id, doc.date)
        why = refusal(rec)
        if why is not None:
            raise ExtractionError(doc.path.name, 1, why)
        result = ExtractResult(doc)
        for h in found.municipalities:
            if not h.value:
                result.warn(h.line, f"municipality {h.text!r} not resolved: {h.attr('unresolved')}")
        if rec.document_type is None:
            result.warn(1, "document type not stated in a way the rules read: not_stated")
        result.records.append(rec)
        result.stats = rec.counts()  # type: ignore[attr-defined]
        return result


EXTRACTOR = GeneralExtractor()
