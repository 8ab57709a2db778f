"""Extractor for college proposals to sign an agreement (kind ``agreement_proposal``).

Document 004 is a "collegevoorstel" converted from Word: markdown headings (``### **Doel…**``),
a form header whose values sit on the line below their labels, and prose that names the
signatories in two sentences (housing corporations, care providers). The extractor reads what
the proposal states and nothing more: when the municipal parties are only named collectively
("de gemeenten in Flevoland") it records exactly that.

A proposal ends with its "Bijlagen" section; a copy without it (or without the signatories, the
date or the end date) is refused as incomplete.
"""

from __future__ import annotations

import re
from datetime import date

from bwgraph.extract.dutch import WRITTEN_DATE, day_of
from bwgraph.normalise import canonical_text
from bwgraph.records import Evidence, ExtractionError, ExtractResult, SourceDocument
from bwgraph.records.agreement_proposal import (
    AgreementProposalRecords,
    Signatory,
    StatedDate,
    StatedText,
)

_HEADING = re.compile(r"^#+\s*")


def _date(m: re.Match[str]) -> date:
    day = day_of(m)
    if day is None:
        raise ValueError(f"not a calendar date: {m[0]!r}")
    return day


def _plain(line: str) -> str:
    """A line without markdown heading marks and emphasis."""
    return _HEADING.sub("", line).replace("**", "").replace("*", "").strip()


def _names(listing: str) -> list[str]:
    """``"A, B, C en D."`` → ``["A", "B", "C", "D"]``."""
    listing = listing.strip().rstrip(".").strip()
    head, sep, last = listing.rpartition(" en ")
    parts = [p.strip() for p in head.split(",")] + [last.strip()] if sep else listing.split(",")
    return [p.strip() for p in parts if p.strip()]


def _sentence_with(text: str, needle: str) -> str | None:
    for s in re.split(r"(?<=\.)\s+", text):
        if needle in s:
            return s.strip()
    return None


class AgreementProposalExtractor:
    """``agreement_proposal``: a college proposal to sign a (bestuurlijk) akkoord."""

    kind = "agreement_proposal"

    def detect(self, text: str) -> bool:
        text = canonical_text(text)
        return (
            re.search(r"(?m)^Onderwerp:", text) is not None
            and "Voorgesteld besluit" in text
            and ("Akkoord" in text or "akkoord" in text)
        )

    def extract(self, doc: SourceDocument) -> ExtractResult:
        result = ExtractResult(doc)
        lines = doc.lines()
        name = doc.path.name

        def ev(n: int, quote: str | None = None) -> Evidence:
            return doc.evidence(n, quote)

        def find(needle: str, start: int = 1) -> int | None:
            for n in range(start, len(lines) + 1):
                if needle in lines[n - 1]:
                    return n
            return None

        def heading(title: str) -> int | None:
            """A line that is the heading ``title`` (the normaliser removed its markdown)."""
            for n in range(1, len(lines) + 1):
                if _plain(lines[n - 1]).rstrip(":").strip() == title:
                    return n
            return None

        def require(needle: str, what: str) -> int:
            n = find(needle)
            if n is None:
                raise ExtractionError(
                    name,
                    len(lines),
                    f"{what} not found (looked for {needle!r}); the proposal is "
                    "incomplete or not an agreement proposal",
                )
            return n

        def after_heading(title: str) -> tuple[int, str] | None:
            h = heading(title)
            if h is None:
                return None
            for n in range(h + 1, len(lines) + 1):
                if lines[n - 1].strip():
                    return n, _plain(lines[n - 1])
            return None

        # the proposal must be complete: its last section is the list of annexes
        if heading("Bijlagen") is None:
            raise ExtractionError(
                name, len(lines), "the closing section 'Bijlagen' not found; the proposal is "
                "incomplete or not an agreement proposal",
            )

        t = next((n for n, ln in enumerate(lines, 1) if ln.startswith("Onderwerp:")), None)
        if t is None:
            raise ExtractionError(name, 1, "the subject line (Onderwerp:) not found")
        title = _plain(lines[t - 1]).removeprefix("Onderwerp:").strip()

        d_label = require("Datum:", "the form header with the proposal's date")
        doc_date: StatedDate | None = None
        for n in range(d_label, min(d_label + 3, len(lines)) + 1):
            m = WRITTEN_DATE.search(lines[n - 1])
            if m:
                doc_date = StatedDate(m[0], _date(m), ev(n))
                break
        if doc_date is None:
            raise ExtractionError(name, d_label, "no date under the form header 'Datum:'")

        p = require("de gemeenten in ", "the municipal parties")
        pm = re.search(r"de gemeenten in (\w+)", lines[p - 1])
        assert pm is not None
        rm = re.search(r"\bregio ([A-Z]\w+)", lines[p - 1])
        rec = AgreementProposalRecords(
            title=title,
            title_evidence=ev(t),
            document_date=doc_date,
            municipal_parties_text=pm[0],
            municipal_parties_evidence=ev(p),
            region_name=rm[1] if rm else pm[1],
        )

        m = re.search(
            r"Op (\d{1,2} \w+ \d{4}) stemden de bestuurders van het ([^(]+?) \((\w+)\)(.*?)"
            r"in met het",
            lines[p - 1],
        )
        if m:
            dm = WRITTEN_DATE.search(m[1])
            if dm:
                sentence = _sentence_with(lines[p - 1], m[0]) or m[0]
                rec.approval = StatedDate(m[1], _date(dm), ev(p))
                rec.approval_body = m[2].strip()
                rec.approval_note = sentence
        else:
            result.warn(p, "no consent date of a regional body found")

        s = require("ondertekenen het", "the signatories")
        text = lines[s - 1]
        corp = re.search(r"De volgende woningcorporaties ondertekenen het [^:]+:\s*([^.]+)\.", text)
        care = re.search(r"De zorgaanbieders die het [^:]+ ondertekenen zijn:\s*([^.]+)\.", text)
        if not corp or not care:
            raise ExtractionError(
                name,
                s,
                "the sentences listing the signing housing corporations and care "
                "providers are incomplete",
            )
        for role, match in (("housing_corporation", corp), ("care_provider", care)):
            for org in _names(match[1]):
                rec.signatories.append(Signatory(org, role, ev(s)))

        e = require("eindigt op", "the agreement's end date")
        em = re.search(r"eindigt op " + WRITTEN_DATE.pattern, lines[e - 1])
        if not em:
            raise ExtractionError(name, e, "'eindigt op' is not followed by a date")
        dm = WRITTEN_DATE.search(em[0])
        assert dm is not None
        rec.end_date = StatedDate(dm[0], _date(dm), ev(e))
        start_sentence = _sentence_with(lines[e - 1], "treedt in werking")
        if start_sentence:
            rec.commencement = StatedText(start_sentence, ev(e))
        r = next(
            (n for n, x in enumerate(lines, 1) if re.search(r"\bverlengd (worden|wordt)", x)), None
        )
        if r is not None:
            renewal = _sentence_with(lines[r - 1], "verlengd") or lines[r - 1].strip()
            rec.renewal = StatedText(renewal, ev(r))
            ym = re.search(r"telkens met (\d+) jaar verlengd", renewal)
            rec.renewal_years = int(ym[1]) if ym else None

        goal = after_heading("Doelstelling")
        if goal:
            rec.goal = StatedText(goal[1], ev(*goal))
        frame = after_heading("Beleidsreferentie")
        if frame:
            rec.policy_frame = StatedText(frame[1].rstrip("."), ev(*frame))
        else:
            result.warn(1, "no 'Beleidsreferentie' section: policy frame not stated")

        g = find("De doelgroepen die onder de afspraken")
        if g is None:
            result.warn(1, "no list of target groups found")
        else:
            for n in range(g + 1, len(lines) + 1):
                line = lines[n - 1].strip()
                if line.startswith("- "):
                    rec.target_groups.append(StatedText(line[2:].strip(), ev(n)))
                elif line and rec.target_groups:
                    break

        for n, line in enumerate(lines, start=1):
            um = re.search(
                r"invulling aan hoofddoel \d+ uit het (Uitvoeringsprogramma [^*]+)", line
            )
            if um and not any(x.text == um[1].strip() for x in rec.implements_also):
                rec.implements_also.append(StatedText(um[1].strip(), ev(n)))

        b = find("Voorgesteld besluit")
        if b is not None:
            for n in range(b + 1, len(lines) + 1):
                line = lines[n - 1].strip()
                if re.match(r"^\d+\.\s", line):
                    rec.proposed_decisions.append(StatedText(re.sub(r"^\d+\.\s*", "", line), ev(n)))
                elif line and rec.proposed_decisions:
                    break  # the next heading

        result.records.append(rec)
        result.stats = {  # type: ignore[attr-defined]
            "signatories": len(rec.signatories),
            "target groups": len(rec.target_groups),
        }
        return result


EXTRACTOR = AgreementProposalExtractor()
