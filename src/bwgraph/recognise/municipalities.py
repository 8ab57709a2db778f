"""Municipalities named in a text, resolved against the TOOI register valid on the document date.

Names come from the register (official and preferred names of every municipality that ever
existed) plus ``data/municipality_aliases.csv`` (everyday names: Den Bosch, Bergen (NH.) …).
Matching is the shared :class:`~bwgraph.recognise.engine.Gazetteer`: apostrophes and typographic
quotes, diacritics and hyphen/space are folded; longest name wins (Bergen op Zoom over Bergen).

Precision first:

* a name that is also an ordinary word or another place (``data/municipality_context_names.csv``:
  Best, Beek, Sluis, Laren, Bergen …) counts only in a municipal context: right after
  "gemeente(n)", "burgemeester (van)", "college van", "raad van", "centrumgemeente", "te";
  inside an enumeration
  with another municipality ("de gemeenten Bergen, Heiloo en Uitgeest"); with a qualifier
  ("Bergen (NH)"); or alone on its line (a list item, a signature block);
* "provincie Utrecht" is a province and "regio Utrecht" a region, not the municipality;
* a surname with a particle after a first name or initials ("Sabien von dem Borne") is a person;
* the date picks among municipalities that carried the same name; a name that on the document
  date belongs to a dissolved municipality (an old name of a merged one) counts only in a
  municipal context (as for ambiguous words) and resolves to the one successor that then holds
  its territory, with ``attrs["named"]`` the old code; if the
  territory was split, or the name is ambiguous and nothing in the text decides, the hit keeps
  ``value == ""`` and ``attrs["unresolved"]`` says why — nothing is guessed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from bwgraph.identify import Municipality, MunicipalityRegistry
from bwgraph.recognise.base import Hit, LineLike, fold
from bwgraph.recognise.engine import Entry, Gazetteer, canonical

DATA = Path(__file__).parent / "data"

#: words right before a name that make it a municipality (searched in the 60 characters before)
_CUE = re.compile(
    r"(?:\b(?:regio)?gemeenten?|\bburgemeesters?(?:\s+van)?|\bwethouders?(?:\s+van)?|"
    r"\bcolleges?\s+van(?:\s+burgemeester\s+en\s+wethouders\s+van)?|\bB\s*(?:&|en)\s*W\s+van|"
    r"\b(?:gemeente)?raad\s+van|\braden\s+van|\bcentrumgemeente|\bgastgemeente|\bte)"
    r"\s+(?:de\s+gemeenten?\s+)?$",
    re.IGNORECASE,
)
#: what may stand between two members of an enumeration
_ENUM_GAP = re.compile(
    r"^\s*(?:,|;|/|&|\ben\b|,\s*en\b|\(\w+\)\s*(?:,|\ben\b)|\(\s*(?:en|of)?)?\s*$"
)  # "Olst-Wijhe, Raalte, Deventer (en Voorst)"
_NOT_MUNICIPALITY_BEFORE = re.compile(
    r"(?:\bprovincie|\bprovincies|\bregio|\bregio's|\bProvinciale\s+Staten\s+van)\s*$", re.I
)
#: a surname with its particle after a first name or initials is a person, not a place:
#: "Contactpersoon Sabien von dem Borne", "J. van den Heuvel" (case-sensitive; a bare "van" is
#: left alone: "Rijk van Nijmegen", "college van Heerlen")
_PERSON_BEFORE = re.compile(
    r"(?:\b[A-Z][a-z]+|(?:\b[A-Z]\.)+)\s+(?:von(?:\s+de[mnr])?|van\s+de[nr]?|van\s+'t|van\s+’t)\s+$"
)
_COMPOUND_AFTER = re.compile(r"^-(?:[A-Z]|IJ)")
_COMPOUND_BEFORE = re.compile(r"(?:^|[^\w'’])[A-Z][a-z]+-$")
_QUALIFIER_AFTER = re.compile(r"^\s*\((?:NH|N\.?H\.?|L|L\.|Lb|O\.?|Ov|Gld|[A-Z][a-z\-]+)\)")
_ALONE = re.compile(r"^\s*(?:[-*•·]\s*|\d+[.)]\s*)?(?:gemeente\s+)?(?P<n>.+?)\s*[.,;:]?\s*$", re.I)


@dataclass(frozen=True)
class MunicipalityRecogniser:
    """Recognises municipality names in numbered lines; one instance per reference directory."""

    registry: MunicipalityRegistry
    gazetteer: Gazetteer
    context_names: frozenset[str]

    @classmethod
    def load(cls, reference_dir: Path) -> MunicipalityRecogniser:
        registry = MunicipalityRegistry.load(reference_dir)
        entries: list[Entry] = []
        for m in registry.iter_all():
            for form in {m.name, m.preferred_name}:
                entries.append(Entry(form, m.cbs_code))
        with (DATA / "municipality_aliases.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                entries.append(Entry(row["form"], row["cbs_code"], (("alias", "yes"),)))
        # the bare name "Bergen" denotes two municipalities: both entries, decided by context
        for m in registry.iter_all():
            bare = re.sub(r"\s*\(.*\)$", "", m.name)
            if bare != m.name:
                entries.append(Entry(bare, m.cbs_code, (("bare", "yes"),)))
        with (DATA / "municipality_context_names.csv").open(encoding="utf-8") as f:
            context = frozenset(canonical(r["form"]).lower() for r in csv.DictReader(f))
        return cls(registry, Gazetteer(entries), context)

    # --- public -------------------------------------------------------------------------------

    def recognise(self, lines: Sequence[LineLike], on: date | None = None) -> list[Hit]:
        """Every municipality the lines name, in reading order, resolved on ``on``.

        Hits whose name is ambiguous or context-dependent and not decided by the text are left
        out, except that a qualifier-less "Bergen" in a document whose other municipalities all
        lie in one province resolves to the Bergen of that province.
        """
        raw: list[tuple[LineLike, int, int, str, tuple[Entry, ...]]] = []
        for line in lines:
            for m in self.gazetteer.finditer(line.text):
                raw.append((line, m.start, m.end, m.text, m.entries))
        hits: list[Hit] = []
        pending: list[tuple[LineLike, int, int, str, list[Municipality], str]] = []
        by_line: dict[int, list[tuple[int, int, bool]]] = {}
        for line, start, end, _text, _entries in raw:
            by_line.setdefault(line.number, []).append(
                (start, end, canonical(_text).lower() in self.context_names)
            )
        for line, start, end, text, entries in raw:
            before = line.text[:start]
            if _NOT_MUNICIPALITY_BEFORE.search(before) or _PERSON_BEFORE.search(before):
                continue
            # part of a longer name that is not a municipality's: "Utrecht-West", "Noord-Groningen"
            if _COMPOUND_AFTER.match(line.text[end:]) or _COMPOUND_BEFORE.search(before):
                continue
            needs_context = canonical(text).lower() in self.context_names
            context = self._context(line, start, end, by_line[line.number])
            if needs_context and context == "mention":
                continue
            candidates = self._candidates(entries, on)
            # an old name (of a municipality that no longer exists) is read only where the text
            # treats it as a municipality, never in passing: "Valkenburg" is rarely Katwijk's
            ended = candidates and all(
                m.end is not None and (on is None or m.end < on) for m in candidates
            )
            if ended and context == "mention":
                continue
            if len(candidates) == 1:
                hits.append(self._hit(line, start, end, text, candidates[0], on, context))
            elif candidates:
                pending.append((line, start, end, text, candidates, context))
        # ambiguous names (bare "Bergen"): decided by the provinces of the municipalities named
        # on the same line (an enumeration), else in the whole text — only if exactly one
        # candidate's province occurs there
        everywhere = {self.registry.get(h.value).province_name for h in hits if h.value}
        for line, start, end, text, candidates, context in pending:
            same_line = {
                self.registry.get(h.value).province_name
                for h in hits
                if h.value and h.line == line.number
            }
            chosen = self._by_province(candidates, same_line) or self._by_province(
                candidates, everywhere
            )
            if chosen is not None:
                hit = self._hit(line, start, end, text, chosen, on, context)
                attrs = {**hit.attrs, "decided_by": "province of the other municipalities named"}
                hits.append(Hit(hit.kind, hit.line, hit.start, hit.end, hit.text, hit.value, attrs))
        return sorted(hits, key=lambda h: (h.line, h.start))

    def resolve_name(self, name: str, on: date | None = None) -> Municipality | None:
        """The municipality a whole name denotes on ``on`` (no context rules), or ``None``."""
        cands = self._candidates(tuple(self.gazetteer.lookup(name)), on)
        return cands[0] if len(cands) == 1 else None

    # --- internals ----------------------------------------------------------------------------

    def _context(
        self, line: LineLike, start: int, end: int, spans: list[tuple[int, int, bool]]
    ) -> str:
        text = line.text
        if _QUALIFIER_AFTER.match(text[end:]) or re.search(r"\((?:NH|L)\.?\)$", text[start:end]):
            return "qualified"
        if re.search(r"\bcentrumgemeente\s*$", text[:start], re.I):
            return "centrumgemeente"
        alone = _ALONE.match(text)
        if alone and fold(alone["n"]).strip() == fold(text[start:end]).strip():
            return "standalone"
        if self._in_enumeration(text, start, end, spans):
            return "enumeration"
        if _CUE.search(text[max(0, start - 120) : start]):  # the cue right before the name
            return "gemeente"
        return "mention"

    @staticmethod
    def _in_enumeration(
        text: str, start: int, end: int, spans: list[tuple[int, int, bool]]
    ) -> bool:
        """Whether the name stands next to another, not context-dependent, municipality name."""
        ordered = sorted(spans)
        i = ordered.index(next(s for s in ordered if s[0] == start and s[1] == end))
        j = i
        while j > 0 and _ENUM_GAP.match(text[ordered[j - 1][1] : ordered[j][0]]):
            j -= 1
        k = i
        while k + 1 < len(ordered) and _ENUM_GAP.match(text[ordered[k][1] : ordered[k + 1][0]]):
            k += 1
        chain = ordered[j : k + 1]
        return len(chain) > 1 and any(not s[2] for s in chain if s[:2] != (start, end))

    def _candidates(self, entries: tuple[Entry, ...], on: date | None) -> list[Municipality]:
        munis = {e.id: self.registry.get(e.id) for e in entries}
        if on is None:
            current = [m for m in munis.values() if m.end is None]
            return current or list(munis.values())
        valid = [m for m in munis.values() if m.valid_on(on)]
        if valid:
            return valid
        # an old name: only municipalities that had ended by the date (never a future one)
        return [m for m in munis.values() if m.end is not None and m.end < on]

    @staticmethod
    def _by_province(candidates: list[Municipality], provinces: set[str]) -> Municipality | None:
        matching = [m for m in candidates if m.province_name in provinces]
        return matching[0] if len(matching) == 1 else None

    def _hit(
        self,
        line: LineLike,
        start: int,
        end: int,
        text: str,
        m: Municipality,
        on: date | None,
        context: str,
    ) -> Hit:
        attrs = {"context": context, "name": m.preferred_name}
        value = m.cbs_code
        if on is not None and not m.valid_on(on):
            successors = self.registry.current(m.cbs_code, on)
            attrs["named"] = m.cbs_code
            if len(successors) == 1:
                value = successors[0].cbs_code
                attrs["name"] = successors[0].preferred_name
                attrs["note"] = f"{m.name} (ended {m.end}) is now part of {attrs['name']}"
            else:
                value = ""
                attrs["unresolved"] = f"{m.name} ended {m.end}; its territory is now in " + (
                    ", ".join(s.preferred_name for s in successors) or "no known municipality"
                )
        return Hit("municipality", line.number, start, end, text, value, attrs)


@cache
def default_recogniser() -> MunicipalityRecogniser:
    """The recogniser over the project's reference data (loaded once per process)."""
    from bwgraph.config import Settings

    return MunicipalityRecogniser.load(Settings().reference_dir)


def recognise_municipalities(lines: Sequence[LineLike], on: date | None = None) -> list[Hit]:
    """Municipality hits in ``lines`` on the date ``on`` (see :class:`MunicipalityRecogniser`)."""
    return default_recogniser().recognise(lines, on)
