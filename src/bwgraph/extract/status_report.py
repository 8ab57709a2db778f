"""Extractor for region reports of the national status report ("Regionale stand van het land",
HHM 2020), in whatever form they come.

The seed is a PDF converted to text: 45 region reports, each opened by a heading
"## Regiobeeld <name>", with narrative sections, three checklists (Norm voor
Opdrachtgeverschap, Uitvoeringsafspraken, Planning) as "Label:<TAB>symbol" lines, and a
"Voortgang" part. The conversion left headings at varying levels, HTML (``<p><b>…``), markdown
(``**…**``), page breaks inside paragraphs and table rules (``----<TAB>--``); the parser reads
by *what a line is* rather than by where it sits.

The same reading serves the genre, not the one file: one region report as a file of its own (no
title, no table of contents), any selection of them in any order, and the conversions documents
reach us in (see ``tests/extract/test_status_report_variants.py``): page headers, footers and
numbers interleaved (skipped as page furniture), lines and labels broken with a hyphen (re-joined),
the status on the line below its label or cut from it by a page break, "Label: ✓", "Label ✓",
table rows, numbered items and headings of another edition, a typeset PDF whose reader joined table
rows, and DOCX/HTML through :mod:`bwgraph.normalise`. What it recognises is data
(``status_report_vocabulary.toml``): topics, free-text items, headings, symbols, the blocks'
questions and page furniture.

Precision first: a status cell gives a status only when its symbols (or the document's own legend)
determine one; anything else is ``not_stated`` with a note. A label it does not know is never read
as a topic (a near-identical spelling is, with a warning); a region report whose name the
register does not know is left out with a warning (a document naming no known region is
refused). Anything the parser cannot place is a warning naming the line.
"""

from __future__ import annotations

import difflib
import html
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from bwgraph.config import Settings
from bwgraph.extract.mentions import find_mentions, group_mentions
from bwgraph.identify import MunicipalityRegistry, RegionRegistry
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
    UnknownItem,
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

#: What the template recognises (topics, free-text items, headings, status symbols, page
#: furniture), kept as data next to this module.
VOCABULARY = Path(__file__).with_name("status_report_vocabulary.toml")


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    with VOCABULARY.open("rb") as f:
        return tomllib.load(f)


#: The 17 status items in report order (the order is the ``bwmo:order`` of the topic concepts).
TOPICS: tuple[Topic, ...] = tuple(
    Topic(t["notation"], t["block"], t["label"], t["label_en"], tuple(t.get("alt_labels", ())))
    for t in _vocabulary()["topic"]
)

#: Checklist items answered in free text: section → (label, typo variants).
FREE_TEXT_ITEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    f["section"]: (f["label"], tuple(f.get("alt_labels", ()))) for f in _vocabulary()["free_text"]
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


def _fold(text: str) -> str:
    """A looser key for checklist labels: also accents, "&"/"en" and punctuation folded, so
    "Waarborgen continuiteit van zorgfuncties" and "…continuïteit…" are one label.

    >>> _fold("Verdeling budget & financiële risico’s:")
    'verdeling budget en financiele risico s'
    """
    text = unicodedata.normalize("NFKD", _key(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("&", " en ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_TOPIC_BY_LABEL: dict[str, Topic] = {
    _fold(label): t for t in TOPICS for label in (t.label, *t.alt_labels)
}
_FREE_BY_LABEL: dict[str, str] = {
    _fold(label): section
    for section, (main, alts) in FREE_TEXT_ITEMS.items()
    for label in (main, *alts)
}


@dataclass(frozen=True)
class LabelMatch:
    """What a checklist label names: a status topic or a free-text section, and whether the
    label differs from every known spelling (then the match is reported as a warning)."""

    topic: Topic | None = None
    free: str | None = None
    close: bool = False


def match_label(label: str) -> LabelMatch | None:
    """The checklist item a label names, or ``None``: an exact (folded) match, else one unique
    known label at least 90 % alike (a typo, a dropped word ending), never a looser guess.

    >>> match_label("Regiovisie aanwezig & vastgesteld").topic.notation
    'nvo_regiovisie'
    >>> match_label("Regiovisie aanwezig en vastgestled").close
    True
    >>> match_label("Woonplaatsbeginsel uitgewerkt") is None
    True
    """
    if any(ch in _SYMBOL_CHARS for ch in label):
        return None  # a status symbol is never part of a label
    key = _fold(label)
    if key in _TOPIC_BY_LABEL:
        return LabelMatch(topic=_TOPIC_BY_LABEL[key])
    if key in _FREE_BY_LABEL:
        return LabelMatch(free=_FREE_BY_LABEL[key])
    if len(key) < 12:
        return None
    known = [*_TOPIC_BY_LABEL, *_FREE_BY_LABEL]
    close = difflib.get_close_matches(key, known, n=2, cutoff=0.9)
    if not close:
        return None
    best = close[0]
    target = _TOPIC_BY_LABEL.get(best) or _FREE_BY_LABEL.get(best)
    if len(close) > 1 and (_TOPIC_BY_LABEL.get(close[1]) or _FREE_BY_LABEL.get(close[1])) != target:
        return None  # two items alike: no guess
    if best in _TOPIC_BY_LABEL:
        return LabelMatch(topic=_TOPIC_BY_LABEL[best], close=True)
    return LabelMatch(free=_FREE_BY_LABEL[best], close=True)


#: Headings → (kind, value): kind "section" opens a narrative section, "block" a checklist,
#: "explanation" the Toelichting of the current block, "none" a heading without own text.
HEADINGS: dict[str, tuple[str, str]] = {
    _key(title): (kind, value) for title, (kind, value) in _vocabulary()["headings"].items()
}

_HEADINGS_FOLDED = {_fold(title): v for title, v in _vocabulary()["headings"].items()}
#: A section number before a heading ("2.1 ", "3. ") and an abbreviation after it (" (NvO)").
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_HEADING_ABBREVIATION = re.compile(r"\s*\([A-Za-z]{2,6}\)\s*$")


def heading_kind(title: str) -> tuple[str, str] | None:
    """What a heading opens (see ``HEADINGS``), also when another edition numbers it ("2.1 Norm
    voor Opdrachtgeverschap"), adds its abbreviation ("… (NvO)") or spells it with other case,
    accents or punctuation; ``None`` for any other title.

    >>> heading_kind("2.1 Norm voor opdrachtgeverschap (NvO)")
    ('block', 'nvo')
    >>> heading_kind("Stand van zaken Beweging") is None
    True
    """
    if _key(title) in HEADINGS:
        return HEADINGS[_key(title)]
    bare = _HEADING_ABBREVIATION.sub("", _HEADING_NUMBER.sub("", title.strip()))
    found = _HEADINGS_FOLDED.get(_fold(bare))
    return (found[0], found[1]) if found else None


# --- status cells -----------------------------------------------------------------------------

#: Symbol → status. Variants of a symbol count as that symbol (✅ for ✓, ❌/✖ for ✗).
SYMBOLS: dict[str, str] = dict(_vocabulary()["status"]["symbols"])
_SYMBOL_CHARS = frozenset(SYMBOLS)
_NVT = re.compile(r"n\.?\s*v\.?\s*t\.?", re.IGNORECASE)
_VARIATION = "\ufe0f"


@dataclass(frozen=True)
class ParsedStatus:
    status: str
    note: str | None
    unknown: bool = False


#: Words a legend pairs with a symbol ("✓ = Ja"), folded: what they mean when a legend uses
#: them for a symbol the vocabulary does not know ("√ = Ja").
LEGEND_WORDS: dict[str, str] = {
    _fold(w): status for w, status in _vocabulary()["status"]["legend_words"].items()
}


def parse_status(cell: str, legend: dict[str, str] | None = None) -> ParsedStatus:
    """The status a checklist cell determines, or ``not_stated`` with the reason.

    ``legend`` maps the words and symbols the document's own legend line defines ("✓ = Ja   ⚙ =
    In ontwikkeling   ✗ = Nee", see :func:`read_legend`) to statuses. A cell that is nothing but
    one of the answer words themselves ("Ja", "Nee", "In ontwikkeling", as "n.v.t.") states its
    status with or without a legend; any other word ("Deels") is not a status.

    >>> parse_status("✓✓").status
    'yes'
    >>> parse_status("✓ ⚙️ ✖️").status
    'not_stated'
    >>> parse_status("Ja").status, parse_status("nee").status, parse_status("Deels").status
    ('yes', 'no', 'not_stated')
    """
    text = cell.replace(_VARIATION, "").strip()
    if not text:
        return ParsedStatus("not_stated", BLANK_NOTE)
    if _NVT.fullmatch(text):
        return ParsedStatus("not_applicable", None)
    legend = legend or {}
    if _fold(text) in legend:
        return ParsedStatus(legend[_fold(text)], None)
    if _fold(text) in LEGEND_WORDS:  # the whole cell is the answer itself ("Ja", "Nee")
        return ParsedStatus(LEGEND_WORDS[_fold(text)], None)
    found: set[str] = set()
    for ch in text:
        if ch.isspace():
            continue
        status = SYMBOLS.get(ch) or legend.get(ch)
        if status is None:
            return ParsedStatus(
                "not_stated", f"unrecognised status text {cell.strip()!r} in the source", True
            )
        found.add(status)
    if len(found) == 1:
        return ParsedStatus(found.pop(), None)
    return ParsedStatus(
        "not_stated",
        f"several status symbols at once ({cell.strip()}): the source does not determine one",
    )


_LEGEND_PAIR = re.compile(r"(?P<symbol>\S)\s*=\s*(?P<word>[^\t=]*?[^\s=])(?=\s*(?:\S\s*=|$))")


def read_legend(line: str) -> dict[str, str]:
    """What a legend line defines: each word as the status of its symbol, and a symbol the
    vocabulary does not know as the status its word names. A pair whose symbol and word
    disagree defines nothing.

    >>> read_legend("✓ = Ja\\t⚙ = In ontwikkeling\\t✗ = Nee")
    {'ja': 'yes', 'in ontwikkeling': 'in_development', 'nee': 'no'}
    >>> read_legend("√ = Ja   X = Nee")
    {'√': 'yes', 'ja': 'yes', 'X': 'no', 'nee': 'no'}
    """
    out: dict[str, str] = {}
    for m in _LEGEND_PAIR.finditer(line.replace(_VARIATION, "")):
        symbol, word = m.group("symbol"), _fold(m.group("word"))
        by_symbol, by_word = SYMBOLS.get(symbol), LEGEND_WORDS.get(word)
        if by_symbol and by_word and by_symbol != by_word:
            continue
        status = by_symbol or by_word
        if status is None:
            continue
        if by_symbol is None:
            out[symbol] = status
        if word:
            out[word] = status
    return out


def is_status_text(text: str, legend: dict[str, str] | None = None) -> bool:
    """Whether a line holds nothing but a status (symbols, NVT or a legend word): the cell of a
    table converted cell by cell, on the line below its label."""
    parsed = parse_status(text, legend)
    return bool(text.strip()) and not parsed.unknown


#: A list mark or number before a checklist item ("- ", "• ", "1. ", "a) ").
_ITEM_MARK = re.compile(r"^\s*(?:[-•–·▪]|\d{1,2}[.)]|[a-z][.)])\s+")


def starts_label(line: str) -> bool:
    """Whether a line is the start of a checklist label that a conversion broke ("Waarborgen
    con-" / "tinuïteit van zorgfuncties:"): no line of text, whatever its case.

    >>> starts_label("Waarborgen con-"), starts_label("2019 één regionale raamovereenkomst")
    (True, False)
    """
    key = _fold(line.rstrip("-"))
    labels = (*_TOPIC_BY_LABEL, *_FREE_BY_LABEL)
    return len(key) >= 6 and any(label.startswith(key) for label in labels)


def split_item(
    raw: str, legend: dict[str, str] | None = None, *, bare: bool = True
) -> tuple[str, str, LabelMatch] | None:
    """(label, cell, what the label names) of a checklist item line, in the forms conversions
    give it: "Label:<TAB>✓" (the report), "Label: ✓" (whitespace collapsed), "Label<TAB>✓"
    (a table whose colon was not kept), "Label ✓" (a status at the end of the line), "Label" alone
    (its cell empty, or on the next line). Without the report's colon and tab a status item's
    cell must be a status or empty, and a free-text item's text must follow a colon or a tab.

    >>> [split_item(x)[:2] for x in ("Toegang: ✓", "Toegang\\t⚙", "Governance ✗")]
    [('Toegang', '✓'), ('Toegang', '⚙'), ('Governance', '✗')]
    >>> split_item("Toegang: de toegang is lokaal belegd.") is None
    True

    A label starts with a capital and never ends a sentence: "governance." and "en financiële
    solidariteit:" are the ends of wrapped sentences, not items. ``bare=False`` (inside a text)
    refuses the label alone, which could be a wrapped line of that text.
    """
    raw = _ITEM_MARK.sub("", raw)
    line = raw.strip()
    if not line[:1].isupper():
        return None
    m = _CHECK_LINE.match(raw)
    if m and (found := match_label(m.group("label"))):
        return m.group("label").strip(), m.group("cell").strip("\t "), found
    candidates = []
    for sep in (":", "\t"):
        label, hit, cell = line.partition(sep)
        if hit and ":" not in label and "\t" not in label:  # the first separator only
            candidates.append((label, cell.strip("\t :")))
    words = line.split()
    for k in (3, 2, 1):  # the longest status at the end: "Label ✓ ⚙️ ✖️" is one cell
        if len(words) > k:
            candidates.append((" ".join(words[:-k]), " ".join(words[-k:])))
    if bare:
        candidates.append((line, ""))  # the label alone: a table row with an empty status cell
    for label, cell in candidates:
        if label.rstrip().endswith(".") or any(
            ch in SYMBOLS or (ch in (legend or {}) and not ch.isalnum()) for ch in label
        ):
            continue  # a label never ends a sentence, and holds no status symbol
        found = match_label(label.strip().rstrip(":"))
        if found is None:
            continue
        if found.topic is not None and (not cell or is_status_text(cell, legend)):
            return label.strip().rstrip(":").strip(), cell, found
        if found.free is not None and (cell or label == line):
            return label.strip().rstrip(":").strip(), cell, found
    if "\t" in line:  # a justified PDF line: the spaces between words came through as tabs
        return split_item(" ".join(line.split()), legend, bare=bare)
    return None


def _status_tail(line: str, legend: dict[str, str] | None) -> tuple[str, str] | None:
    """(text, status) when a line ends in a status cell: "…regionale MO/<TAB>⚙"."""
    words = line.split()
    for k in (3, 2, 1):
        if len(words) > k and is_status_text(" ".join(words[-k:]), legend):
            return " ".join(words[:-k]), " ".join(words[-k:])
    return None


def joins(first: str, more: str, legend: dict[str, str] | None = None) -> list[str]:
    """The lines two parts of a broken checklist line may have been: the parts joined, and, when
    the first part ends in the status (a table cell whose label wrapped below its status), the
    label's parts joined with the status after them.

    >>> joins("Verbondenheid lokale toegang met regionale MO/\\t⚙", "gecontracteerde hulp:")[1]
    'Verbondenheid lokale toegang met regionale MO/ gecontracteerde hulp:\\t⚙'
    """
    out = [join_broken(first, more)]
    tail = _status_tail(first, legend)
    if tail is not None:
        out.append(f"{join_broken(tail[0], more).rstrip(':')}:\t{tail[1]}")
    return out


@lru_cache(maxsize=1)
def _label_at_end() -> re.Pattern[str]:
    """A status item's label (any known spelling) and its cell at the end of a line."""
    labels = sorted(
        {label for t in TOPICS for label in (t.label, *t.alt_labels)}, key=len, reverse=True
    )
    words = ("|".join(r"\s+".join(map(re.escape, label.split())) for label in labels))
    return re.compile(rf"(?<!\w)(?P<label>{words})\s*:?[\t ]*(?P<cell>[^\t:]*)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _joined_split() -> re.Pattern[str]:
    """Where a PDF reader glued the next line onto a sentence: before a free-text item's label
    and its colon, before "Toelichting:", before a heading that ends the line."""
    free = [label for main, alts in FREE_TEXT_ITEMS.values() for label in (main, *alts)]
    heads = [t for t, (kind, _) in _vocabulary()["headings"].items() if kind != "explanation"]
    free_re = "|".join(map(re.escape, free))
    heads_re = "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
    return re.compile(
        rf"(?<=[.!?)])\s+(?=(?:{free_re})\s*:|Toelichting\s*:\s|(?:{heads_re})\s*$)"
    )


def split_joined(text: str) -> list[str]:
    """A line as the lines a PDF reader joined into it: the rows of a table whose cells wrapped,
    the paragraph below it, the next heading. Nothing is split elsewhere.

    >>> split_joined("… één jaar. Toelichting: Regionaal is een visie. Uitvoeringsafspraken")
    ['… één jaar.', 'Toelichting: Regionaal is een visie.', 'Uitvoeringsafspraken']
    >>> split_joined("Er is een visie: zie de Toelichting: hieronder.")
    ['Er is een visie: zie de Toelichting: hieronder.']
    """
    return [part for part in _joined_split().split(text) if part.strip()]


def embedded_item(line: str, legend: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(text before, item) when a line ends in a status item after other text: a table row that
    a PDF reader joined to the (wrapped) row above it.

    >>> embedded_item("met corporaties). Waarborgen continuïteit van zorgfuncties:\\t✓")
    ('met corporaties).', 'Waarborgen continuïteit van zorgfuncties:\\t✓')
    """
    m = _label_at_end().search(line)
    if m is None or m.start() == 0 or not is_status_text(m.group("cell"), legend):
        return None
    return line[: m.start()].strip(), f"{m.group('label')}:\t{m.group('cell').strip()}"


# --- page furniture -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _furniture_rules() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    f = _vocabulary()["furniture"]
    phrases = frozenset(_fold(p) for p in f["phrases"])
    return phrases, tuple(re.compile(p, re.I) for p in f["patterns"])


def _is_furniture_part(part: str) -> bool:
    """A known phrase (alone, or with a date or page number after it: "Regionale stand van het
    land, oktober 2020"), the report's reference or a page number."""
    phrases, patterns = _furniture_rules()
    part = part.strip()
    if any(p.match(part) for p in patterns):
        return True
    key = _fold(part)
    for phrase in phrases:
        if key == phrase:
            return True
        rest = key[len(phrase):].split() if key.startswith(phrase + " ") else None
        if rest and len([w for w in rest if not w.isdigit()]) <= 2 and any(
            w.isdigit() for w in rest
        ):
            return True
    return False


def is_furniture(line: str) -> bool:
    """Whether a line is a running header, footer or page number (every tab-separated part is a
    known phrase, the report's reference or a page number).

    >>> is_furniture("PJ/20/1813/domobw\\t\\t17"), is_furniture("Regionale stand van het land\\t5")
    (True, True)
    >>> is_furniture("Regionale stand van het land wordt besproken.")
    False
    """
    parts = [p for p in line.split("\t") if p.strip()]
    return bool(parts) and all(_is_furniture_part(p) for p in parts)


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
def _regions() -> RegionRegistry:
    """The region register, to tell a region name the register knows from one it does not."""
    return RegionRegistry.load(Settings().reference_dir / "regions.csv")


def _everyday_region(name: str) -> str | None:
    """The registered report name of a region a heading calls by an everyday name ("Parkstad
    Limburg", "Midden-Holland", "regio DWO"): the region names the general extractor knows
    (``recognise/data/region_aliases.csv``, one gazetteer for both), only when one region's name
    is the whole heading."""
    from bwgraph.normalise import Line
    from bwgraph.recognise.regions import default_recogniser

    text = name.strip()
    hits = [h for h in default_recogniser().recognise([Line(1, text)]) if h.value]
    if len(hits) != 1 or hits[0].end != len(text):
        return None
    if text[: hits[0].start].strip().lower() not in ("", "regio", "de regio"):
        return None
    return _regions().regions[hits[0].value].report_name


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
#: the table of contents starts with "Gemeente" and holds tabs). "REGIOBEELD X" and
#: "Regiobeeld: X" (other conversions) count too.
_REGION_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:\*\*)?(?:Regiobeeld|REGIOBEELD)\s*[:\-–]?\s+(?P<name>.+?)(?:\*\*)?\s*$"
)
#: A region heading that a PDF reader joined to the end of the line above it ("… (#) Regiobeeld
#: Helmond"): a heading only when the register knows the name.
_GLUED_REGION = re.compile(
    r"(?<=[.!?)\]])\s+(?P<heading>(?:Regiobeeld|REGIOBEELD)\s+(?P<name>[^\t]+?))\s*$"
)
_TOC = re.compile(r"^Gemeente\s+(?P<gemeente>.+?)\s+Regiobeeld\s+(?P<region>.+?)[\s.]*\d+\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$")
_HTML_HEADING = re.compile(r"^(?:<p>)?<b>(?P<title>[^<:]+?):?</b>(?:</p>)?\s*(?P<rest>.*)$")
_MD_HEADING = re.compile(r"^\*\*(?P<title>[^*:]+?):?\*\*:?\s*(?P<rest>.*)$")
_MD_INLINE_HEADING = re.compile(r"^\*\*(?P<title>[^*:]+?):\s*(?P<rest>[^*]+)\*\*$")
#: A known heading without markup (normalised text): the title alone, or followed by ":" or a
#: tab and the section's first text ("Toelichting: Er is …", "Succesfactoren<TAB>De regio …").
#: It starts with a capital (after a section number): "planning: …" at the start of a line is a
#: sentence continued.
_PLAIN_HEADING = re.compile(
    r"^(?P<title>(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^\t:]{1,79}?)\s*(?:(?::|\t)\s*(?P<rest>.*))?$"
)
_NB = re.compile(r"^\*?NB:")
_RULE = re.compile(r"^[-\t ]*-{2,}[-\t ]*$")
_CHECK_LINE = re.compile(r"^(?P<label>[^\t:<*#][^\t:]{1,120}?):[ \t]*(?P<cell>(?:\t.*)?)$")
_LEGEND = re.compile(r"=\s*(?:Ja|Nee|In ontwikkeling)\b")
#: A word broken at the end of a line ("regio-" / "nale"): the hyphen goes when the next part
#: goes on in lower case and is not a word of its own ("front- en backoffice" keeps it).
_BROKEN = re.compile(r"(?<=[a-zà-ÿ])-$")
_KEEPS_HYPHEN = re.compile(r"^(?:en|of|tot|t/m|als|noch)\b")


def _is_question(line: str) -> bool:
    """Whether a line is a checklist block's question (``questions`` of the vocabulary), however
    its punctuation came through the conversion."""
    key = _fold(line)
    return any(key.startswith(q) for q in _questions())


@lru_cache(maxsize=1)
def _questions() -> tuple[str, ...]:
    return tuple(_fold(q) for q in _vocabulary()["checklist"]["questions"])


def _is_block_question(line: str, st: _RegionState) -> bool:
    """A sentence ending in ":" above a block's first item (another wording of its question);
    a short "Label:" there is an item, not a question."""
    return (
        line.endswith(":")
        and len(line.split()) >= 6
        and not any(c.block == st.block for c in st.cells.values())
    )


def join_broken(first: str, more: str) -> str:
    """Two parts of one line that a conversion broke: de-hyphenated when the break falls inside
    a word, else joined with a space.

    >>> join_broken("met regio-", "nale MO"), join_broken("de front-", "en backoffice")
    ('met regionale MO', 'de front- en backoffice')
    """
    first, more = first.rstrip(), more.strip()
    if _BROKEN.search(first) and more[:1].islower() and not _KEEPS_HYPHEN.match(more):
        return first[:-1] + more
    return f"{first} {more}"


@dataclass
class _Text:
    section: str
    chunks: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, raw: str, ev: Evidence, *, adjacent: bool = False) -> None:
        """Add a line's text: it goes on the paragraph before when it continues in lower case (a
        page break or a conversion cut the paragraph) or, on the next line with no blank line
        between, when that paragraph has not ended (a line wrapped at the margin)."""
        cleaned = clean_text(raw)
        if cleaned:
            wrapped = (
                adjacent
                and bool(self.chunks)
                and not self.chunks[-1].endswith((".", "!", "?", ":", ";"))
                and _BULLET.match(raw.strip()) is None
                and _ITEM_MARK.match(raw) is None  # a list's next item ("4. …", "- …")
            )
            if self.chunks and (cleaned[:1].islower() or wrapped):
                # a paragraph cut by a page break or a line broken by the conversion
                self.chunks[-1] = join_broken(self.chunks[-1], cleaned)
            else:
                self.chunks.append(cleaned)
            self.evidence.append(ev)  # only lines that gave text (not a bare placeholder)

    def ended(self) -> bool:
        """Whether the text so far ends a sentence (a wrapped line would not)."""
        return not self.chunks or self.chunks[-1].endswith((".", "!", "?", ";"))

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
    legend: dict[str, str]
    block: str | None = None
    current: _Text | None = None
    texts: dict[str, _Text] = field(default_factory=dict)
    cells: dict[str, ChecklistCell] = field(default_factory=dict)
    block_heading: dict[str, Evidence] = field(default_factory=dict)
    last_free: _Text | None = None
    #: a checklist line that is not whole on its own (the start of a label the conversion broke)
    pending: tuple[int, str] | None = None
    #: a status item whose label line had no cell at all: its status may stand on the next line
    open_cell: str | None = None
    #: checklist items whose label is no known topic
    unknown: list[UnknownItem] = field(default_factory=list)
    #: line numbers of page furniture (headers, footers, page numbers) in the document
    skip: set[int] = field(default_factory=set)
    #: whether the line being read follows the previous one without a blank line between
    adjacent: bool = False
    #: a status line without its label (a table row cut by a page break): (cell, evidence)
    orphan: tuple[str, Evidence] | None = None
    #: the sources note ("NB: …") just read: a line going on in lower case continues it
    last_note: _Text | None = None

    def open(self, section: str) -> _Text:
        self.current = self.texts.setdefault(section, _Text(section))
        return self.current


def _label_lines(text: str) -> set[str]:
    """Notations of the status items whose label opens a line of ``text`` (in any of the forms
    :func:`split_item` reads, or broken over two lines by the conversion)."""
    found: set[str] = set()
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.strip() or len(line) > 200:
            continue
        item = split_item(line)
        if item is None and i + 1 < len(lines) and lines[i + 1].strip():
            item = split_item(join_broken(line, lines[i + 1]))  # a label broken by the conversion
        if item is not None and item[2].topic is not None:
            found.add(item[2].topic.notation)
    return found


class StatusReportExtractor:
    """Reads the region reports of the HHM 2020 status report: the whole report, one region
    report alone or any selection of them, in any of the conversions :mod:`bwgraph.normalise`
    reads."""

    kind = "status_report"

    def detect(self, text: str) -> bool:
        """A region report: a "Regiobeeld …" heading, the Norm voor Opdrachtgeverschap
        checklist block and at least three of the checklist's status labels opening a line.

        The report's title is not needed: one region report may come as a file of its own.
        """
        canon = canonical_text(text)
        return (
            re.search(r"(?m)^(?:Regiobeeld|REGIOBEELD)\s*[:\-–]?\s+\S", canon) is not None
            and re.search(r"(?mi)^(?:[\d.]+\s+)?Norm voor Opdrachtgeverschap\b", canon) is not None
            and len(_label_lines(canon)) >= 3
        )

    def extract(self, doc: SourceDocument) -> StatusReportResult:
        result = StatusReportResult(document=doc)
        lines = doc.lines()
        legend: dict[str, str] = {}
        for line in lines:
            if _LEGEND.search(line):
                legend.update(read_legend(line))
        skip = self._furniture(lines, legend)
        starts: list[tuple[int, str]] = []
        glued: dict[int, int] = {}  # line → where a heading joined to the line above begins
        for i, line in enumerate(lines):
            m = _REGION_HEADING.match(line)
            g = _GLUED_REGION.search(line) if m is None else None
            if g is not None and _regions().resolve(" ".join(g.group("name").split())):
                m, glued[i + 1] = g, g.start("heading")
            if m is None or (i + 1) in skip:
                continue
            name = self._region_name(m.group("name"))
            name = self._wrapped_name(lines, i, name, skip)
            if starts and _key(starts[-1][1]) == _key(name):
                skip.add(i + 1)  # the region's name as a running page header
                continue
            starts.append((i + 1, name))
        if not starts:
            raise ExtractionError(doc.path.name, 1, "no region report ('## Regiobeeld …') found")
        unknown = self._check_region_names(doc, result, starts)
        toc = self._toc(doc, lines)
        bounds = [*(s for s, _ in starts), len(lines) + 1]
        for order, (start, name) in enumerate(starts, start=1):
            if start in unknown:
                continue  # its lines still end the report before it (bounds)
            report = self._region(
                doc, result, lines, start, bounds[order], name, order, skip, legend, glued
            )
            report = self._with_centrum(doc, result, report, toc)
            result.reports.append(report)
            result.records.append(report)
            result.stats[report.report_name] = report.fact_count
        if not any(r.cells for r in result.reports):
            raise ExtractionError(
                doc.path.name, starts[0][0], "no checklist found in any region report"
            )
        return result

    @staticmethod
    def _region_name(written: str) -> str:
        """The region name of a heading: the whole text when the register knows it, else the
        part before a tab (a running header "Regiobeeld Alkmaar<TAB>Bureau HHM") or without a
        leading "regio" ("Regiobeeld regio Alkmaar") when the register knows that; else the
        whole text, to be refused by name if the register does not know it."""
        name = " ".join(written.split())  # a justified PDF heading has tabs between words
        if _regions().resolve(name) is not None:
            return name
        first = written.split("\t")[0].strip()
        bare = re.sub(r"^(?:de\s+)?regio\s+", "", name, flags=re.IGNORECASE)
        for candidate in (first, bare):
            if candidate and _regions().resolve(candidate) is not None:
                return candidate
        for candidate in (name, first):
            known = _everyday_region(candidate)
            if known is not None:
                return known
        return name

    @staticmethod
    def _wrapped_name(lines: tuple[str, ...], i: int, name: str, skip: set[int]) -> str:
        """A region name the typesetter wrapped onto the next line ("Regiobeeld Zuid-
        Kennemerland, IJmond en" / "Haarlemmermeer"): joined when the name alone is not in the
        register and the joined one is; that line is then part of the heading."""
        if _regions().resolve(name) is not None:
            return name
        below = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
        if below is None:
            return name
        more = " ".join(lines[below].split())
        joined = join_broken(name, more)
        if len(more) <= 60 and _regions().resolve(joined) is not None:
            skip.add(below + 1)
            return joined
        return name

    @staticmethod
    def _furniture(lines: tuple[str, ...], legend: dict[str, str]) -> set[int]:
        """Line numbers of page furniture: known running headers/footers and page numbers
        (:func:`is_furniture`), and short lines repeated on three or more pages that are no
        heading, checklist line or legend (with their digits, page numbers, ignored)."""
        skip = {i for i, line in enumerate(lines, start=1) if is_furniture(line)}
        seen: dict[str, list[int]] = {}
        for i, line in enumerate(lines, start=1):
            text = line.strip()
            if not text or len(text) > 100 or i in skip:
                continue
            seen.setdefault(re.sub(r"\d+", "#", text), []).append(i)
        for text, where in seen.items():
            if len(where) < 3 or text.endswith((".", ":", "?", "-")):
                continue  # a sentence, a label, a question, a word broken at the line end
            sample = lines[where[0] - 1].strip()
            after = next((t for t in lines[where[0]:where[0] + 3] if t.strip()), "")
            if (
                StatusReportExtractor._heading(sample) is not None
                or StatusReportExtractor._is_item(sample, legend)
                or any(
                    StatusReportExtractor._is_item(j, legend) for j in joins(sample, after, legend)
                )
                or _CHECK_LINE.match(sample)
                or _REGION_HEADING.match(sample)
                or _LEGEND.search(sample)
                or _is_question(sample)
                or _RULE.match(sample)
                or is_status_text(sample)
                or (not re.search(r"\d|\t", text) and len(text.split()) > 6)
            ):
                continue
            skip.update(where)
        return skip

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
        """Pair a report with its TOC line by name, or by a unique close name.

        The TOC writes "Vallei-regio" for "Vallei-regio (Ede)" and "Beekdaalen" for
        "Beekdaelen": a TOC name that the heading starts with, or one at least 85 % alike, pairs
        those when exactly one TOC line is that close; nothing else. A document without a table
        of contents (one region report on its own) names no centrumgemeente, silently.
        """
        if not toc:
            return report
        b = _key(report.report_name)
        entry = next((t for t in toc if _key(t[1]) == b), None)
        if entry is None:
            close = [
                t for t in toc
                if b.startswith(_key(t[1]))
                or difflib.SequenceMatcher(None, _key(t[1]), b).ratio() >= 0.85
            ]
            if len(close) == 1:
                entry = close[0]
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

    @staticmethod
    def _check_region_names(doc: SourceDocument, result: StatusReportResult,
                            starts: list[tuple[int, str]]) -> set[int]:
        """The heading lines of region reports whose region the register does not know.

        A region report's facts belong to its region; a name the register (report names and
        alt_labels of ``data/reference/regions.csv``, everyday names of
        ``recognise/data/region_aliases.csv``) does not hold cannot be placed without a guess,
        and a region minted from it would stand beside the real one. Such a report is left out,
        with a warning naming the line, the name and the register's closest names (so that a
        person can add the spelling and ingest again); the other regions' reports are read. A
        document none of whose region names is known is refused.
        """
        unknown = [(n, name) for n, name in starts if _regions().resolve(name) is None]
        if not unknown:
            return set()
        known = {_key(r.report_name): r.report_name for r in _regions()}
        parts = []
        for n, name in unknown:
            close = difflib.get_close_matches(_key(name), list(known), n=2, cutoff=0.6)
            hint = f" (closest: {', '.join(repr(known[c]) for c in close)})" if close else ""
            parts.append((n, f"{name!r}{hint}"))
        advice = ("add the name to data/reference/regions.csv (as the region or an alt_label of "
                  "it) and ingest again; no region is guessed")
        if len(unknown) == len(starts):
            raise ExtractionError(
                doc.path.name,
                unknown[0][0],
                f"region name(s) not in the region register: "
                f"{'; '.join(p for _, p in parts)}; {advice}",
            )
        for n, part in parts:
            result.warn(n, f"region name not in the region register: {part}; its report is left "
                           f"out; {advice}")
        return {n for n, _ in unknown}

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
        skip: set[int],
        legend: dict[str, str],
        glued: dict[int, int] | None = None,
    ) -> RegionReport:
        st = _RegionState(
            name=name, order=order, heading=doc.evidence(start), legend=legend, skip=skip
        )
        last = start
        for n in range(start + 1, end):
            raw = lines[n - 1]
            if not raw.strip() or n in skip:
                continue
            # no blank line since the last line read (page furniture aside): the same paragraph
            st.adjacent = all(m in skip for m in range(last + 1, n))
            last = n
            self._line(doc, result, st, n, raw)
        if glued and end in glued:  # the next region's heading joined to this region's last line
            self._line(doc, result, st, end, lines[end - 1][: glued[end]])
        self._flush(result, st)
        self._drop_orphan(result, st)
        return self._finish(doc, result, st)

    def _line(
        self, doc: SourceDocument, result: StatusReportResult, st: _RegionState, n: int, raw: str
    ) -> None:
        line = raw.strip()
        ev = doc.evidence(n)
        if _RULE.match(line):
            return
        if _NB.match(line):
            self._flush(result, st)
            st.block = None
            st.last_note = st.open("sources_note")
            st.last_note.add(line, ev)
            st.current = None
            return
        if st.last_note is not None and st.current is None and line[:1].islower():
            st.last_note.add(line, ev)  # the note's sentence broken by the conversion
            return
        st.last_note = None
        heading = self._heading(line)
        if heading is not None and st.pending is not None:
            if any(self._whole(j, st) for j in joins(st.pending[1], raw, st.legend)):
                heading = None  # the rest of a broken checklist line, not a heading
            else:
                self._flush(result, st)
        if heading is not None:
            st.open_cell = None
            self._drop_orphan(result, st)
            title, rest = heading
            kind, value = heading_kind(title) or ("unknown", "")
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
                rest, *joined_lines = split_joined(rest) or [""]
                text.add(rest, ev)
                for more_line in joined_lines:  # the lines a PDF reader joined to it
                    self._line(doc, result, st, n, more_line)
            return
        if st.block is not None and (
            st.current is None
            or self._is_item(raw, st.legend, bare=False)
            or st.pending is not None
        ):
            st.current = None
            self._checklist_line(result, st, n, raw, ev, doc)
            return
        if st.current is not None:
            first, *joined_lines = split_joined(raw) or [""]
            st.current.add(first, ev, adjacent=st.adjacent)
            for more_line in joined_lines:  # the lines a PDF reader joined to it
                self._line(doc, result, st, n, more_line)
            return
        result.warn(n, f"text outside any known section of region report {st.name!r}; skipped")

    @staticmethod
    def _is_item(raw: str, legend: dict[str, str] | None = None, *, bare: bool = True) -> bool:
        """Whether a line is a known checklist item (status or free text)."""
        return split_item(raw, legend, bare=bare) is not None

    @staticmethod
    def _heading(line: str) -> tuple[str, str] | None:
        """(title, text on the same line) when a line opens a section; ``None`` otherwise."""
        m = _HEADING.match(line)
        if m:
            return clean_text(m.group("title")).rstrip(":"), ""
        m = _HTML_HEADING.match(line) or _MD_HEADING.match(line) or _MD_INLINE_HEADING.match(line)
        if m and heading_kind(m.group("title")) is not None:
            return m.group("title").strip(), m.group("rest")
        m = _PLAIN_HEADING.match(line)
        if m and heading_kind(m.group("title")) is not None:
            return m.group("title").strip(), m.group("rest") or ""
        return None

    @staticmethod
    def _drop_orphan(result: StatusReportResult, st: _RegionState) -> None:
        """A status line that no item took: said, never given to an item by a guess."""
        if st.orphan is not None:
            cell, ev = st.orphan
            st.orphan = None
            result.warn(
                ev.line,
                f"status {cell!r} without a checklist item in region report {st.name!r}; "
                "skipped",
            )

    @staticmethod
    def _flush(result: StatusReportResult, st: _RegionState) -> None:
        """A line held as the start of a broken checklist line that nothing completed: an
        unknown item ("Label:" with nothing after it) or a line that is skipped, warned."""
        if st.pending is not None:
            n, text = st.pending
            st.pending = None
            if _is_question(text):
                return  # a block's question without its punctuation
            fm = _CHECK_LINE.match(_ITEM_MARK.sub("", text))
            if fm is not None and not fm.group("cell").strip() and fm.group("label")[:1].isupper():
                label = fm.group("label").strip()
                result.warn(
                    n,
                    f"unknown checklist item {label!r} (no status) in region report "
                    f"{st.name!r}: its topic is not in the topic code list; recorded as an "
                    "unresolved topic, no assessment",
                )
                st.unknown.append(
                    UnknownItem(st.block, label, "", Evidence(st.heading.doc_id, n, text.strip()))
                )
                return
            result.warn(
                n, f"unrecognised line in the checklist of region report {st.name!r}; skipped"
            )

    def _checklist_line(
        self,
        result: StatusReportResult,
        st: _RegionState,
        n: int,
        raw: str,
        ev: Evidence,
        doc: SourceDocument,
    ) -> None:
        more: tuple[Evidence, ...] = ()
        if st.pending is not None:
            first_n, first = st.pending
            joined = (
                None  # the line is whole by itself: the held one was, too
                if split_item(raw, st.legend) is not None
                else next((j for j in joins(first, raw, st.legend) if self._whole(j, st)), None)
            )
            fm = _CHECK_LINE.match(_ITEM_MARK.sub("", first))
            if joined is not None:
                st.pending = None
                raw, more, ev = joined, (ev,), doc.evidence(first_n)
                n = first_n
            elif (
                fm is not None
                and not fm.group("cell").strip()
                and fm.group("label")[:1].isupper()
                and is_status_text(raw.strip(), st.legend)
            ):  # an unknown item's label with its status on the line below
                st.pending = None
                label = fm.group("label").strip()
                result.warn(
                    first_n,
                    f"unknown checklist item {label!r} (cell {raw.strip()!r}) in region report "
                    f"{st.name!r}: its topic is not in the topic code list; recorded as an "
                    "unresolved topic, no assessment",
                )
                st.unknown.append(UnknownItem(st.block, label, raw.strip(), doc.evidence(first_n)))
                return
            else:
                self._flush(result, st)
        line = raw.strip()
        if _LEGEND.search(line):
            st.legend.update(read_legend(line))
            return  # the legend "✓ = Ja …"
        if line.endswith("?") or _is_question(line):
            if not line.endswith((":", "?")) and not more:
                st.pending = (n, raw)  # the question wrapped: its rest is on the next line
            return  # the block's question
        if st.open_cell is not None:
            notation, st.open_cell = st.open_cell, None
            if is_status_text(line, st.legend):
                self._status_below(result, st, notation, line, ev)
                return
        if is_status_text(line, st.legend):
            # a status whose label the page break moved to the next page: it is the status of
            # the next item if that item has none, else it stays unplaced (warned)
            self._drop_orphan(result, st)
            st.orphan = (line, ev)
            return
        item = split_item(raw, st.legend)
        if item is not None:
            label, cell, found = item
            if found.close:
                known = found.topic.label if found.topic else FREE_TEXT_ITEMS[found.free or ""][0]
                result.warn(
                    n, f"checklist label {label!r} read as {known!r} (the spelling differs)"
                )
            if found.topic is not None:
                self._status_cell(result, st, n, label, cell, found.topic, ev, more)
                return
            section = found.free or ""
            text = st.texts.setdefault(section, _Text(section))
            embedded = embedded_item(cell, st.legend) if cell else None
            if embedded is not None:  # the next row, joined to this one by a PDF reader
                cell = embedded[0]
            cell, *joined_lines = split_joined(cell) or [""]
            if cell:
                text.add(cell, ev)
            st.last_free = text
            if embedded is not None:
                self._checklist_line(result, st, n, embedded[1], ev, doc)
            for more_line in joined_lines:  # the rows and lines a PDF reader joined to it
                self._line(doc, result, st, n, more_line)
            return
        embedded = embedded_item(raw, st.legend)
        if embedded is not None:
            before, item_line = embedded
            if st.last_free is not None and before:
                st.last_free.add(before, ev)  # the free text of the row above, wrapped
            elif before:
                result.warn(n, f"text before a checklist item skipped: {before[:60]!r}")
            self._checklist_line(result, st, n, item_line, ev, doc)
            return
        if st.last_free is not None and not st.last_free.chunks:
            self._add_free(doc, result, st, n, raw)  # a free-text item's text, below its label
            return
        unmarked = _ITEM_MARK.sub("", raw)
        m = _CHECK_LINE.match(unmarked)
        if raw.startswith("\t") and st.last_free is not None:
            self._add_free(doc, result, st, n, raw)  # a free-text cell continued (page break)
            return
        if m and unmarked[:1].isupper() and (
            "\t" in raw or is_status_text(m.group("cell"), st.legend)
        ):
            label, cell = m.group("label").strip(), m.group("cell").strip()
            result.warn(
                n,
                f"unknown checklist item {label!r} (cell {cell!r}) in region report "
                f"{st.name!r}: its topic is not in the topic code list; recorded as an "
                "unresolved topic, no assessment",
            )
            st.unknown.append(UnknownItem(st.block, label, cell, ev))
            return
        if _is_block_question(line, st):
            return  # "Zijn er concrete uitvoeringsafspraken gemaakt over …:"
        if st.last_free is not None and (
            line[:1].islower()
            or (st.adjacent and not starts_label(line))
        ):
            self._add_free(doc, result, st, n, raw)  # a free-text cell continued (wrapped)
            return
        if not more:
            st.pending = (n, raw)  # perhaps the start of a line the conversion broke
            return
        result.warn(n, f"unrecognised line in the checklist of region report {st.name!r}; skipped")

    def _add_free(
        self, doc: SourceDocument, result: StatusReportResult, st: _RegionState, n: int, raw: str
    ) -> None:
        """Text of the free-text item being read, and whatever a PDF reader joined to it."""
        assert st.last_free is not None
        rest, *joined_lines = split_joined(raw) or [""]
        st.last_free.add(rest, doc.evidence(n))
        for more_line in joined_lines:
            self._line(doc, result, st, n, more_line)

    @staticmethod
    def _whole(joined: str, st: _RegionState) -> bool:
        """Whether two parts of a broken line make one line the checklist knows."""
        line = joined.strip()
        if _LEGEND.search(line) or line.endswith("?") or _is_question(line):
            return True
        if split_item(joined, st.legend) is not None:
            return True
        return _is_block_question(line, st)

    def _status_cell(
        self,
        result: StatusReportResult,
        st: _RegionState,
        n: int,
        label: str,
        cell: str,
        topic: Topic,
        ev: Evidence,
        more: tuple[Evidence, ...],
    ) -> None:
        if topic.block != st.block:
            result.warn(
                n,
                f"checklist item {label!r} under the wrong block "
                f"({st.block}); kept under its own block",
            )
        if topic.notation in st.cells:
            result.warn(
                n,
                f"checklist item {label!r} appears twice in region "
                f"report {st.name!r}; the first one is kept",
            )
            return
        if (
            not cell
            and st.orphan is not None
            and any(k in st.skip for k in range(st.orphan[1].line + 1, ev.line))
        ):  # the status stood at the foot of the page before, its label at the top of this one
            cell, orphan_ev = st.orphan
            more = (*more, orphan_ev)
            st.orphan = None
        self._drop_orphan(result, st)
        parsed = parse_status(cell, st.legend)
        if parsed.unknown:
            result.warn(n, f"unrecognised status {cell!r}; recorded as not_stated")
        st.cells[topic.notation] = ChecklistCell(
            topic=topic.notation,
            block=topic.block,
            label=label,
            raw_status=cell,
            status=parsed.status,
            status_note=parsed.note,
            evidence=ev,
            more_evidence=more,
        )
        st.last_free = None
        if not cell:
            st.open_cell = topic.notation

    @staticmethod
    def _status_below(
        result: StatusReportResult, st: _RegionState, notation: str, cell: str, ev: Evidence
    ) -> None:
        """The status of an item whose label line had no cell, on the line below it."""
        parsed = parse_status(cell, st.legend)
        old = st.cells[notation]
        st.cells[notation] = replace(
            old,
            raw_status=cell,
            status=parsed.status,
            status_note=parsed.note,
            more_evidence=(*old.more_evidence, ev),
        )

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
            unknown_items=tuple(st.unknown),
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
