"""Mentions in free text: organisations, instruments, programmes, laws and products a line names.

Built for the genre (region reports, plans, agreements of the BW/MO field), not for one file: the
words are data (``mention_patterns.toml`` next to this module, the product code list, the curated
organisations through :mod:`bwgraph.recognise.organisations`), the engine reads the patterns of
the genre:

* instruments by their type word, also inside compounds ("versnellingsagenda",
  "samenwerkingsconvenant"), with the title as written when the text gives one — a quoted title
  ("het convenant 'Huisvesting (ex)-cliënten …'"), a capitalised title starting at or before the
  type word ("Regionaal Kader Zorglandschap 2020-2026", "Convenant regionale samenwerking …
  Oost-Veluwe") or a capitalised name after it ("versnellingsagenda Bescherming en opvang in
  Zeeland") — and the status the clause gives (exists, planned, being worked on, ended; none
  when the clause says nothing);
* laws by name or abbreviation (Wmo 2015, Wlz, Wvggz …), also in compounds ("Wlz-uitname");
* programmes by a programme word and a name ("Actieprogramma Weer Thuis", "pilots: Gewoon
  Thuis, Samen Sterker in de Wijk");
* organisations by the curated list and legal forms (the recognise library), by body words with a
  name ("commissie Dannenberg", "werkgroep bedrijfsvoering", "Taskforce EPA") and by a name
  followed by its initials ("Sociaal domein Fryslân (SDF)");
* products by the labels of the product code list and their spelling variants.

Precision first: a type word alone counts only where the genre uses it for a document ("een
regiovisie", "het regioplan"), not in idioms ("in het kader van", "op de agenda"); an anaphoric
repetition on the same line ("… het convenant … dit convenant") is one mention. Every mention
keeps the exact text and character span of its line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bwgraph.identify import RegionRegistry
from bwgraph.recognise.base import TextLine
from bwgraph.recognise.base import fold as _fold_text
from bwgraph.recognise.organisations import default_recogniser
from bwgraph.records import Evidence
from bwgraph.records.status_report import MentionRecord

PATTERNS = Path(__file__).with_name("mention_patterns.toml")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """:func:`bwgraph.recognise.base.fold`, remembered: one line is folded by every finder and
    every token after a type word once per type (the build folds the same strings ~50,000
    times). ASCII text folds to itself but for the backquote (a quote)."""
    if text.isascii() and "`" not in text:
        return text
    return _fold_text(text)

KINDS = ("organisation", "instrument", "programme", "law", "product")
STATUSES = ("exists", "planned", "being_worked_on", "ended")


@dataclass(frozen=True, slots=True)
class Found:
    """One thing a line names.

    ``key``: for an instrument its type (a notation of the ``instrument-type`` code list); for a
    law its notation in the ``law`` code list ("" when the list does not hold it); for a product
    its notation; for an organisation the slug of ``organisations.csv`` ("" when unresolved); for
    a programme a normalised name. ``org_type`` is the organisation-type notation where known
    (``governance_body`` for a named body).
    """

    kind: str
    key: str
    text: str
    start: int
    end: int
    title: str = ""
    status: str | None = None
    year: int | None = None
    org_type: str | None = None
    national: bool = False


# --- data ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _InstrumentType:
    notation: str
    heads: tuple[str, ...]
    bare: tuple[str, ...]
    qualifiers: tuple[str, ...]
    not_after: tuple[str, ...]
    abbreviations: tuple[str, ...]
    suffix: bool
    pattern: re.Pattern[str]
    bare_pattern: re.Pattern[str] | None
    #: one pattern per abbreviation (case as written), in the order of ``abbreviations``
    abbreviation_patterns: tuple[re.Pattern[str], ...]
    #: any of the type's words, anywhere, in any case: a line without a hit cannot match any of
    #: the patterns above, so they are not run on it (most lines name no instrument)
    prefilter: re.Pattern[str]
    #: the same words in lower case, the prefilter of an ASCII line (``str.lower`` and ``re.I``
    #: agree on ASCII; a substring test is ten times cheaper than the pattern)
    words_lower: tuple[str, ...]

    def may_match(self, folded: str, lower: str | None) -> bool:
        """Whether a pattern of the type can match ``folded`` (``lower``: it lowercased, when
        ASCII)."""
        if lower is not None:
            return any(w in lower for w in self.words_lower)
        return self.prefilter.search(folded) is not None


@dataclass(frozen=True)
class _Patterns:
    instruments: tuple[_InstrumentType, ...]
    laws: tuple[tuple[str, re.Pattern[str]], ...]
    programme_words: str
    national_programmes: tuple[str, ...]
    programme_names: tuple[str, ...]
    body_words: tuple[str, ...]
    organisation_words: tuple[str, ...]
    name_heads: tuple[str, ...]
    status: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    #: every law form as one alternation: a line it does not match names no law (most lines)
    any_law: re.Pattern[str]


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def patterns() -> _Patterns:
    """The patterns of ``mention_patterns.toml``, compiled once."""
    raw = tomllib.loads(PATTERNS.read_text(encoding="utf-8"))
    types: list[_InstrumentType] = []
    for notation, spec in raw["instrument"].items():
        heads = tuple(spec.get("heads", ()))
        bare = tuple(spec.get("bare", ()))
        suffix = bool(spec.get("suffix"))
        if suffix:
            body = rf"(?<!\w)[\w-]*(?:{_alt(heads)})(?![\w'-])"
        else:
            body = rf"(?<!\w)(?:\w+-)?(?:{_alt(heads)})(?![\w'-])"
        bare_pattern = re.compile(rf"(?<![\w'-])(?:{_alt(bare)})(?![\w'-])", re.I) if bare else None
        abbreviations = tuple(spec.get("abbreviations", ()))
        types.append(
            _InstrumentType(
                notation,
                heads,
                bare,
                tuple(spec.get("qualifiers", ())),
                tuple(spec.get("not_after", ())),
                abbreviations,
                suffix,
                re.compile(body, re.I),
                bare_pattern,
                tuple(re.compile(rf"(?<![\w/]){re.escape(a)}(?![\w/])") for a in abbreviations),
                re.compile(_alt((*heads, *bare, *abbreviations)), re.I),
                tuple(w.lower() for w in (*heads, *bare, *abbreviations)),
            )
        )
    laws = tuple(
        (notation, re.compile(form)) for notation, forms in raw["law"].items() for form in forms
    )
    prog = raw["programme"]
    org = raw["organisation"]
    status = tuple(
        (name, tuple(re.compile(p, re.I) for p in raw["status"][name])) for name in STATUSES[::-1]
    )
    order = ("ended", "being_worked_on", "planned", "exists")
    status = tuple(sorted(status, key=lambda s: order.index(s[0])))
    return _Patterns(
        tuple(types),
        laws,
        "|".join(prog["words"]),
        tuple(prog["national"]),
        tuple(prog["names"]),
        tuple(org["body_words"]),
        tuple(org["organisation_words"]),
        tuple(org["name_heads"]),
        status,
        re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in laws)),
    )


# --- titles --------------------------------------------------------------------------------------

_QUOTE_OPEN = "'‘’“\"„"
_QUOTE_CLOSE = "'’”\""
_QUOTED_AFTER = re.compile(
    rf"\s*[{_QUOTE_OPEN}](?P<q>[A-Z0-9][^{_QUOTE_CLOSE}\n]{{2,160}})[{_QUOTE_CLOSE}]"
)
_TOKEN = re.compile(r"\S+")
_JOINERS = {
    "en",
    "&",
    "van",
    "voor",
    "op",
    "in",
    "de",
    "der",
    "het",
    "t/m",
    "-",
    "–",
    "e.v.",
    "aan",
}
_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?[,.;:)]?$")
_STRONG = re.compile(r"^(?:[A-Z0-9][\w'’/&+.-]*|IJ[\w-]*|[A-Z]{2,}[\w/-]*)[,.;:)]?$")


def _is_strong(tok: str) -> bool:
    return bool(_STRONG.match(tok) or _YEAR.match(tok))


def _title_after(line: str, start: int, end: int) -> tuple[str, int]:
    """The title that starts at ``start`` and runs over capitalised words, years and joiners.

    Lowercase words are bridged only when a capitalised word follows within two words and no
    punctuation intervenes; the title ends at its last capitalised word or year. Returns the
    title (``""`` when nothing follows the type word) and its end offset.
    """
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(line, end)]
    heads = [t.pattern for t in patterns().instruments]
    for n, (_, _, tok) in enumerate(toks):
        folded_tok = fold(tok.strip(",.;:()"))
        if any(h.fullmatch(folded_tok) for h in heads):
            toks = toks[:n]  # another instrument's type word: the title ends before it
            break
    last = end
    i = 0
    while i < len(toks):
        _, e, tok = toks[i]
        if _is_strong(tok):
            last = e - (1 if tok[-1] in ",.;:)" else 0)
            if tok[-1] in ",.;:":
                break
            nxt = [t for _, _, t in toks[i + 1 : i + 3]]
            if tok.endswith("-") and len(nxt) == 2 and nxt[0] in ("en", "of"):
                # "Dak- en thuisloosheid": an elided compound is one unit of the title
                _, e, tok = toks[i + 2]
                last = e - (1 if tok[-1] in ",.;:)" else 0)
                i += 3
                continue
            if nxt and fold(nxt[0]).lower().strip(",.;:)") in _UNIT_TAIL.get(fold(tok).lower(), ()):
                # "Beschermd wonen", "Maatschappelijke opvang": a fixed phrase of the field
                _, e, tok = toks[i + 1]
                last = e - (1 if tok[-1] in ",.;:)" else 0)
                if tok[-1] in ",.;:":
                    break
                i += 2
                continue
            i += 1
            continue
        if tok in ("-", "–") and i + 1 < len(toks) and _YEAR.match(toks[i + 1][2]):
            _, e, tok = toks[i + 1]
            last = e - (1 if tok[-1] in ",.;:)" else 0)
            i += 2
            if tok[-1] in ",.;:":
                break
            continue
        if tok.lower() in _JOINERS or tok.islower():
            if tok[-1] in ",.;:" or "(" in tok:
                break
            if i > 0 and tok.lower() not in _JOINERS:
                break  # inside a title, lowercase words are bridged only after a joiner
            ahead = toks[i + 1 : i + 4]
            k = next(
                (j for j, (_, _, t) in enumerate(ahead) if _STRONG.match(t) and not _YEAR.match(t)),
                None,
            )
            between = [t for _, _, t in ahead[: k or 0]]
            if (
                k is None
                or any(t[-1] in ",.;:" for t in between)
                or sum(t.lower() not in _JOINERS for t in between) > 1
            ):
                break
            i += 1 + k
            continue
        break
    if last == end:
        return "", end
    return line[start:last].strip(), last


#: Fixed phrases of the field that keep their second word in lowercase inside a title.
_UNIT_TAIL = {
    "beschermd": ("wonen", "thuis"),
    "maatschappelijke": ("opvang", "zorg"),
    "bescherm": ("thuis",),
}
_DETERMINERS = {"de", "het", "een", "deze", "dit", "die", "dat", "in", "op", "met", "voor", "van"}


def _title_before(line: str, start: int) -> int:
    """Capitalised words right before the type word that belong to the title ("Regionaal Kader
    …", "de Friese visie …"); a determiner or the start of a sentence is never part of it."""
    begin = start
    for m in reversed(list(re.finditer(r"\S+", line[:start]))):
        word = m.group(0)
        if not word[:1].isupper() or word.lower() in _DETERMINERS or word[-1] in ",.;:)":
            break
        before = line[: m.start()].rstrip()
        if not before or before[-1] in ".:;!?":
            break  # the first word of a sentence is capitalised anyway
        begin = m.start()
    return begin


# --- instruments ---------------------------------------------------------------------------------


def _sentence(line: str, start: int, end: int) -> tuple[str, int]:
    """The clause of the line around a span (between sentence ends) and its offset."""
    lo = max(line.rfind(". ", 0, start), line.rfind("; ", 0, start), line.rfind("? ", 0, start))
    hi_candidates = [i for i in (line.find(". ", end), line.find("; ", end)) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else len(line)
    begin = lo + 1 if lo >= 0 else 0
    return line[begin : hi + 1], begin


def status_of(clause: str, start: int = 0, end: int | None = None) -> str | None:
    """The status an instrument has in a clause: the cue nearest to the mention (``start`` …
    ``end`` within the clause) decides; ``None`` without a cue (never guessed).

    >>> status_of("Er wordt gewerkt aan een convenant.")
    'being_worked_on'
    """
    text = fold(clause)
    end = len(text) if end is None else end
    best: tuple[int, int, str] | None = None
    for rank, (name, cues) in enumerate(patterns().status):
        for cue in cues:
            for m in cue.finditer(text):
                if m.start() < end and start < m.end():
                    distance = 0
                else:
                    distance = m.start() - end if m.start() >= end else start - m.end()
                cand = (distance, rank, name)
                if best is None or cand < best:
                    best = cand
    return best[2] if best else None


_YEAR_CUE = re.compile(
    r"\b(?:in|sinds|eind|begin|medio|voorjaar|najaar|per)\s+(?:(?:het\s+)?\w+\s+)?(?P<y>(?:19|20)\d\d)\b",
    re.I,
)


def year_of(clause: str) -> int | None:
    """The one year a clause dates its content to ("In 2018 is … opgesteld"), else ``None``."""
    years = {int(m.group("y")) for m in _YEAR_CUE.finditer(clause)}
    return years.pop() if len(years) == 1 else None


_IDIOMS = re.compile(
    r"\bin het kader van\b|\bin het kader\b|\bkader van\b|\bop de agenda\b|\bagenda zetten\b|"
    r"\bkaders vanuit\b",
    re.I,
)


def _instruments(line: str) -> list[Found]:
    folded = fold(line)
    idioms = [(m.start(), m.end()) for m in _IDIOMS.finditer(folded)]
    raw: list[tuple[int, int, str, bool]] = []  # start, end, type, bare
    lower = folded.lower() if folded.isascii() else None
    for t in patterns().instruments:
        if not t.may_match(folded, lower):
            continue
        for m in t.pattern.finditer(folded):
            word = m.group(0).lower()
            if t.suffix and (word.startswith("agendapunt") or word == "agenda"):
                continue
            raw.append((m.start(), m.end(), t.notation, False))
        for abbr_pattern in t.abbreviation_patterns:
            for m in abbr_pattern.finditer(folded):
                raw.append((m.start(), m.end(), t.notation, True))
        if t.bare_pattern is not None:
            for m in t.bare_pattern.finditer(folded):
                prev = re.search(r"(\w+)\W*$", folded[: m.start()])
                prev_word = prev.group(1).lower() if prev else ""
                capital_title = (
                    line[m.start()].isupper() and _title_after(line, m.start(), m.end())[0]
                )
                if t.qualifiers and prev_word not in t.qualifiers and not capital_title:
                    continue
                if prev_word in t.not_after:
                    continue
                start = m.start()
                if prev and prev_word in t.qualifiers:
                    start = prev.start(1)
                raw.append((start, m.end(), t.notation, True))
    raw = [r for r in raw if not any(a <= r[0] < b for a, b in idioms)]
    # a span inside a longer one (the "plan" of "plan van aanpak") is the longer one
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    kept: list[tuple[int, int, str, bool]] = []
    for r in raw:
        if any(k[0] <= r[0] and r[1] <= k[1] for k in kept):
            continue
        kept.append(r)
    out: list[Found] = []
    for start, end, notation, _bare in kept:
        title = ""
        t_end = end
        q = _QUOTED_AFTER.match(line, end)
        around = _quoted_around(line, start, end)
        if any(line[start:end] in t.abbreviations for t in patterns().instruments):
            pass  # an abbreviation ("NvO", "GR", "DVO") is never the start of a title
        elif around is not None:
            start, t_end = around
            title = line[start:t_end]
        elif q:
            title, t_end = q.group("q").strip(), q.end()
        elif line[start].isupper() or (
            end < len(line) and line[end : end + 2].strip()[:1].isupper()
        ):
            begin = _title_before(line, start)
            after, t_end = _title_after(line, begin, end)
            if after:
                title = after
                start = begin
            elif begin < start:
                title = line[begin:end]
                start = begin
        clause, offset = _sentence(line, start, t_end)
        span_end = t_end if title else end
        out.append(
            Found(
                "instrument",
                notation,
                line[start:span_end].strip(),
                start,
                span_end,
                title=title,
                status=status_of(clause, start - offset, span_end - offset),
                year=year_of(clause) or _title_year(title),
            )
        )
    return _merge_anaphora(line, out)


def _quoted_around(line: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a quoted title that contains the type word ("een 'Werkprogramma GGZ …'")."""
    opening = max(line.rfind(q, 0, start) for q in "'‘“\"")
    if opening < 0 or not line[opening + 1 : start + 1][:1].isupper():
        return None
    if any(c in line[opening + 1 : start] for c in '’”"'):
        return None
    closing = min((i for i in (line.find(q, end) for q in "'’”\"") if i >= 0), default=-1)
    if closing < 0 or closing - opening > 160:
        return None
    return opening + 1, closing


def _title_year(title: str) -> int | None:
    m = re.search(r"\b((?:19|20)\d\d)\b", title)
    return int(m.group(1)) if m else None


#: Types whose bare word on a line that names a more specific one is an anaphor of it.
_ANAPHOR_OF = {"visie": ("regiovisie",)}


def _merge_anaphora(line: str, found: list[Found]) -> list[Found]:
    """One mention per thing and line.

    A titled mention absorbs the untitled ones of its type whose word its title contains ("het
    convenant 'X' … dit convenant"); a title in parentheses right after another title of the same
    type is its alias ("Convenant regionale samenwerking … (Convenant MO/BW)"), and later uses of
    the alias are the same thing; untitled mentions with the same words are one; a bare
    "visie" on a line that names a regiovisie is that regiovisie.
    """
    out: list[Found] = []
    titles: dict[str, list[str]] = {}
    for f in sorted(found, key=lambda f: f.start):
        if not f.title:
            continue
        k = _norm(f.text)
        known = titles.setdefault(f.key, [])
        prev = next((o for o in reversed(out) if o.key == f.key), None)
        alias = prev is not None and line[prev.end : f.start].strip() == "("
        if alias or any(k in t or t in k for t in known):
            known.append(k)
            continue
        known.append(k)
        out.append(f)
    untitled: dict[tuple[str, str], Found] = {}
    for f in found:
        if f.title:
            continue
        word = _norm(f.text)
        head = word.split()[-1] if word else word
        if any(word in t or head in t.split() for t in titles.get(f.key, [])):
            continue
        specific = _ANAPHOR_OF.get(f.key, ())
        if word in ("visie", "de visie") and any(g.key in specific for g in found):
            continue
        k2 = (f.key, word)
        if k2 in untitled:
            continue  # the first use on the line introduces it: its status and year count
        untitled[k2] = f
    return sorted([*out, *untitled.values()], key=lambda f: f.start)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).lower()).split())


# --- laws, programmes, products ------------------------------------------------------------------


def _laws(line: str) -> list[Found]:
    folded = fold(line)
    if not patterns().any_law.search(folded):
        return []
    found: dict[str, Found] = {}
    spans: list[tuple[int, int]] = []
    for notation, pattern in patterns().laws:
        for m in pattern.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            key = "" if notation == "unresolved" else notation
            spans.append((m.start(), m.end()))
            ident = key or _norm(m.group(0))
            found.setdefault(
                ident, Found("law", key, line[m.start() : m.end()], m.start(), m.end())
            )
    return sorted(found.values(), key=lambda f: f.start)


_WORD = r"(?:[A-Z0-9][\w'’/&+-]*|IJ\w*)"
_NAME = rf"{_WORD}(?:\s+(?:(?:en|&|de|in|van|voor|op|der|het|aan)\s+)*{_WORD})*"


def _programmes(line: str) -> list[Found]:
    """Programmes: a known name (with its programme word if any), then a programme word and a
    name: quoted ("pilot als 'Gewoon thuis'") or capitalised ("Programma BW/MO"); a plural
    ("pilots: Gewoon Thuis, Samen Sterker in de Wijk") names each item of its list."""
    p = patterns()
    found: dict[str, Found] = {}
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str) -> None:
        key = _norm(name)
        if not key or any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        national = any(_norm(n) == key for n in p.national_programmes)
        found.setdefault(
            key, Found("programme", key, line[start:end], start, end, national=national)
        )

    word = rf"(?:{p.programme_words})"
    for name in p.programme_names:
        for m in re.finditer(
            rf"(?P<word>\b{word}\s+)?[‘'“\"]?(?P<name>{re.escape(name)})(?!\w)", line, re.I
        ):
            text = m.group("name")
            if not (m.group("word") or text[0].isupper() or m.group(0)[0] in "‘'“\""):
                continue  # "weer thuis wonen" is prose, not the programme
            add(m.start("name"), m.end("name"), text)
    quoted = r"[‘'“\"](?P<qname>[A-Z][^’'”\"]{1,80})[’'”\"]"
    for m in re.finditer(rf"\b(?P<word>{word}):?\s+(?:{quoted}|(?P<name>{_NAME}))", line):
        name = m.group("qname") or m.group("name")
        start = m.start("qname") if m.group("qname") else m.start("name")
        if m.group("word").lower().startswith("pilots") and not m.group("qname"):
            rest = line[start:]
            stop = re.search(r"[.;:]|$", rest)
            items = rest[: stop.start() if stop else len(rest)]
            for item in re.finditer(rf"{_NAME}", items):
                for part in re.split(r",\s*|\s+en\s+", item.group(0)):
                    if part and part[0].isupper():
                        s0 = start + item.start() + item.group(0).index(part)
                        add(s0, s0 + len(part), part)
            continue
        add(start, start + len(name), name)
    return sorted(found.values(), key=lambda f: f.start)


#: Products: (pattern, notation). BW and MO themselves are the subject of every text and are not
#: recorded as mentions.
PRODUCTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), notation)
    for p, notation in (
        (r"\bbeschermd?\s+thuis\b|(?-i:\bBT\b)", "beschermd_thuis"),
        (r"\bhousing\s+first\b", "housing_first"),
        (r"\bsk\w*\s+hus(?:e|en)\b", "skaeve_huse"),
        (r"\btime-?\s?out(?:voorziening|plek)?\b", "time_out"),
        (r"\bflexwon(?:en|ingen)\b", "flex_housing"),
        (r"\bwoontraining\b", "woontraining"),
        (r"\bshort\s+stay\b", "short_stay"),
        (r"\bthuis\s?(?:plus\b|\+)", "thuisplus"),
        (r"\b(?:kleinschalige\s+)?tussenvoorziening(?:en)?\b", "small_scale_facility"),
        (
            r"\bintramurale\s+(?:woon)?voorziening(?:en)?\b|\b24-uursvoorziening(?:en)?\b",
            "intramural_facility",
        ),
    )
)


def _products(line: str) -> list[Found]:
    out: list[Found] = []
    for pattern, notation in PRODUCTS:
        m = pattern.search(line)
        if m:
            out.append(Found("product", notation, m.group(0), m.start(), m.end()))
    return out


# --- organisations -------------------------------------------------------------------------------


def _initials(name: str) -> str:
    return "".join(
        w[0]
        for w in re.findall(r"[A-Za-zÀ-ÿ][\w-]*", name)
        if w[0].isupper() or w.lower() not in _JOINERS
    ).upper()


def _organisations(line: str, instruments: list[Found]) -> list[Found]:
    p = patterns()
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, key: str, org_type: str | None) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        name = _norm(line[start:end])
        if any((key and f.key == key) or _norm(f.text) == name for f in found):
            taken.append((start, end))
            return
        if any(f.start <= start and end <= f.end for f in instruments):
            return
        taken.append((start, end))
        found.append(
            Found("organisation", key, line[start:end].rstrip(".,"), start, end, org_type=org_type)
        )

    for hit in default_recogniser().recognise([TextLine(1, line)]):
        add(hit.start, hit.end, hit.value, hit.attr("type") or None)
    bodies = _alt((*p.body_words, *p.organisation_words))
    for m in re.finditer(
        rf"(?<!\w)(?P<body>(?i:{bodies}))\s+(?P<name>{_NAME}|(?:(?:[a-z][\w-]*)?(?:ing|heid|zaken|wonen|zorg)\b))",
        line,
    ):
        body = m.group("body")
        name = m.group("name")
        if name[0].islower() and not (body[0].isupper() or re.search(r"(?:ing|heid|zaken)$", name)):
            continue
        if name.split()[0].lower() in _JOINERS or name.lower() in {"van", "de"}:
            continue
        is_body = body.lower() in p.body_words
        add(m.start(), m.end(), "", "governance_body" if is_body else None)
    # a capitalised compound that ends in a body word ("Ontwikkeltafel", "Regieoverleg") and a
    # quoted name before a body word ("'langer en weer thuis' werkgroep")
    for m in re.finditer(r"\b[A-Z][a-z]+(?:tafel|overleg|platform)\b", line):
        add(m.start(), m.end(), "", "governance_body")
    for m in re.finditer(
        r"[‘'](?P<name>[^’'\n]{3,60})[’']\s+(?:werkgroep|overleg|tafel|platform|netwerk)\b", line
    ):
        add(m.start(), m.end(), "", "governance_body")
    heads = _alt(p.name_heads)
    for m in re.finditer(
        rf"\b(?P<name>(?:(?:Regionaal|Regionale|Centrale|Landelijk|Landelijke|Tweede|2e)\s+)(?:[A-Z][\w-]*\s+)*[\w-]*(?i:{heads})(?:\s+{_NAME})?)\b",
        line,
    ):
        name = m.group("name")
        if not re.search(
            rf"(?:{heads})", name.split()[1] if len(name.split()) > 1 else "", re.I
        ) and not any(w[0].isupper() for w in name.split()[1:]):
            continue
        add(
            m.start(),
            m.end(),
            "",
            "governance_body" if not re.search(r"Kamer", name) else "public_body",
        )
    for m in re.finditer(
        r"(?P<name>[A-Z][\w-]*(?:\s+[\w-]+){1,4}?)\s+\((?P<abbr>[A-Z]{2,6})\)", line
    ):
        name, abbr = m.group("name"), m.group("abbr")
        words = name.split()
        for k in range(len(words)):
            cand = " ".join(words[k:])
            if _initials(cand) == abbr and cand[0].isupper():
                s = m.start("name") + name.index(cand)
                if not _other_kind(cand):
                    add(s, s + len(cand), "", None)
                break
    return found


@cache
def _regions() -> RegionRegistry:
    from bwgraph.config import Settings

    return RegionRegistry.load(Settings().reference_dir / "regions.csv")


def _other_kind(name: str) -> bool:
    """Whether a name with its initials ("Beschermd Thuis (BT)", "Westelijke Mijnstreek (WM)")
    names an instrument, a product or a region rather than an organisation."""
    folded = fold(name)
    return (
        any(t.pattern.search(folded) for t in patterns().instruments)
        or any(pattern.fullmatch(name) for pattern, _ in PRODUCTS)
        or _regions().resolve(name) is not None
    )


_IS_A = re.compile(r"^\s*(?:\([A-Z]{2,6}\)\s*)?(?:is|was)\s+(?:een|de)\s+$")


def _named_by_subject(line: str, f: Found, organisations: list[Found]) -> Found:
    """"Sociaal domein Fryslân (SDF) is een gemeenschappelijke regeling": the subject names the
    untitled instrument the sentence says it is (a joint arrangement is also a body)."""
    if f.title:
        return f
    for org in organisations:
        if org.end <= f.start and _IS_A.match(line[org.end : f.start]):
            return Found(
                f.kind, f.key, f.text, f.start, f.end, org.text, f.status, f.year, f.org_type
            )
    return f


# --- all -----------------------------------------------------------------------------------------


def find_mentions(line: str) -> list[Found]:
    """Everything one line names, in reading order (one mention per thing and line)."""
    instruments = _instruments(line)
    laws = _laws(line)
    law_spans = [(f.start, f.end) for f in laws]
    instruments = [
        f for f in instruments if not any(a <= f.start and f.end <= b for a, b in law_spans)
    ]
    # "een pilot BT": a pilot of a product names the product, not a programme of its own
    programmes = [f for f in _programmes(line) if not any(p.fullmatch(f.text) for p, _ in PRODUCTS)]
    prog_spans = [(f.start, f.end) for f in programmes]
    named = prog_spans + [(f.start, f.end) for f in instruments if f.title]
    products = [
        f for f in _products(line) if not any(a <= f.start and f.end <= b for a, b in named)
    ]
    organisations = [
        f
        for f in _organisations(line, instruments)
        if not any(a <= f.start < b for a, b in prog_spans)
    ]
    instruments = [_named_by_subject(line, f, organisations) for f in instruments]
    everything = [*instruments, *laws, *programmes, *products, *organisations]
    return sorted(everything, key=lambda f: (f.start, f.kind))


# --- one record per thing ------------------------------------------------------------------------


def _identity(f: Found) -> tuple[str, str]:
    if f.kind == "instrument":
        return (f.key, _norm(f.text))
    if f.kind in ("product", "programme"):
        return (f.key, "")
    if f.kind == "law":
        return (f.key, "" if f.key else _norm(f.text))
    return (f.key, "" if f.key else _norm(f.text))


def group_mentions(items: Iterable[tuple[Evidence, Found]]) -> list[MentionRecord]:
    """One :class:`MentionRecord` per thing a text names, with every line that names it.

    An instrument named by a specific word alone ("de versnellingsagenda") on another line than
    its title is that titled instrument when the text titles exactly one instrument of that type
    whose title contains the word; the bare type word ("het convenant") never is (a region has
    several convenants), it stays its own generic instrument. Status and
    year come from the first line that gives them.
    """
    groups: dict[tuple[str, str, str], list[tuple[Evidence, Found]]] = {}
    for ev, f in items:
        groups.setdefault((f.kind, *_identity(f)), []).append((ev, f))
    titled: dict[str, list[tuple[str, str, str]]] = {}
    for key, members in groups.items():
        if key[0] == "instrument" and members[0][1].title:
            titled.setdefault(key[1], []).append(key)
    for key in list(groups):
        kind, notation, words = key
        if kind != "instrument" or groups[key][0][1].title:
            continue
        generic = {_norm(w) for w in type_words(notation)}
        owners = [t for t in titled.get(notation, []) if words and words in t[2]]
        if len(owners) == 1 and words not in generic:
            groups[owners[0]].extend(groups.pop(key))
    out: list[MentionRecord] = []
    for (kind, notation, _), members in groups.items():
        members.sort(key=lambda m: (m[0].line, m[1].start))
        first = next((f for _, f in members if f.title), members[0][1])
        evidence = tuple(dict.fromkeys(ev for ev, _ in members))
        out.append(
            MentionRecord(
                kind=kind,
                key=notation,
                name=first.title or first.text,
                evidence=evidence,
                title=first.title,
                status=next((f.status for _, f in members if f.status), None),
                year=next((f.year for _, f in members if f.year), None),
                org_type=first.org_type,
                national=first.national,
                occurrences=tuple(dict.fromkeys((ev.line, f.text) for ev, f in members)),
            )
        )
    return sorted(out, key=lambda r: (r.evidence[0].line, r.kind, r.name))


def type_words(notation: str) -> list[str]:
    """The words that name instruments of a type (dropped from titles to key them)."""
    for t in patterns().instruments:
        if t.notation == notation:
            return [*t.heads, *t.bare, *t.abbreviations]
    return []


def instrument_type_of(title: str) -> str | None:
    """The type of the instrument a title names ("Regionaal kader …" → ``kader``), or ``None``."""
    found = _instruments(title)
    return found[0].key if found else None
