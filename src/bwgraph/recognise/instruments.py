"""Document types and instruments: what a document is, and what it establishes or proposes.

The types and their words are data (``data/instrument_types.toml``). Two questions:

* :func:`document_type` — what the document itself is. A raads- or collegevoorstel announces
  itself in its opening lines and is a proposal even when its subject is a regiovisie ("a
  proposal *about* an instrument is a proposal"); otherwise the first type word of the title
  block decides; failing that, the type the text keeps calling itself ("deze centrumregeling",
  "dit convenant"). ``None`` when nothing says it.
* :func:`recognise_instruments` — every instrument a line names, with its title as written
  where the text gives one (in quotes, a title line, or the type word followed by a capitalised
  name/years: "Centrumregeling Beschermd Wonen Regio Utrecht 2022") and the relation the
  document has to it: ``establishes``, ``amends``, ``replaces``, ``proposes`` or ``mentions``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bwgraph.recognise.base import Hit, LineLike
from bwgraph.recognise.gazetteers import (
    description_fields,
    instrument_gazetteer,
    instrument_types,
    proposal_markers,
    title_cuts,
    title_rejects,
    viewer_quotes,
)

#: lines at the top of a document that form its title block
TITLE_BLOCK = 12
#: non-empty lines at the top that may carry the title (viewer boilerplate can come first)
TITLE_LINES = 8
#: non-empty lines searched for a line that opens with a type word
TITLE_SCAN = 15
#: self-references needed to read a document's type from them, and their share of all
SELF_MIN = 3
SELF_SHARE = 0.8
#: what may stand before the type word at the start of a title line (marks, a page number)
#: (one adjective or name, "Regionaal Plan van Aanpak", "Zeeuws Actieplan"; not an article, nor
#: an action noun as in "Ondertekening convenant …", "Evaluatie regiovisie": those are about it)
_ACTION = (
    r"(?:[A-Z][a-z]+ing|Evaluatie|Voortgang|Verslag|Nieuws|Rapportage|Toelichting|Presentatie"
    r"|Brief)"
)
_OPENS = re.compile(
    rf"^[\s#*>|\d.]*(?:(?!(?:Deze|Dit|De|Het|Een|Die|Dat)\s)(?!{_ACTION}\s)[A-Z][a-z]+\s+)?$"
)
#: the formal title of a regulation names what it holds or adopts: "Gemeenschappelijke regeling …
#: inhoudende CENTRUMREGELING …", "Besluit … houdende regels omtrent het convenant …", "Besluit …
#: tot vaststelling van de Beleidsregel …"
_HOLDING = re.compile(r"\b(?:(?:in)?houdende|tot\s+vaststelling\s+van)\b[^.;]{0,40}$", re.I)
_ABOUT = re.compile(rf"^[\s#*>|\d.]*{_ACTION}\b")
#: lines at the top of a document where a proposal shows itself
PROPOSAL_BLOCK = 40
_FIRST_WORD_PROPOSAL = re.compile(r"^\W*(voorstel)\b(?!\s+(?:van|voor|om|tot|aan)\b)", re.I)
_LABEL = re.compile(r"^(?:onderwerp|titel|betreft|subject|naam)\s*:\s*", re.I)
_QUOTED = re.compile(r"[\"“”„‘’'«](?P<q>[^\"“”„‘’'«»]{4,160})[\"“”’'»]")
_TITLE_TAIL = re.compile(
    r"(?:\s+(?:(?:[A-Z][\w'’\-&/.]*|IJ\w*|\d{4}(?:\s*[-–]\s*\d{2,4})?)"
    r"|(?:en|&|de|der|van|voor|op|in|bij|met|het)(?=\s+(?:[A-Z]|IJ|\d{4}))))+"
)
#: a name in sentence case that ends in its year: "Beleidsregel landelijke toegankelijkheid
#: beschermd wonen Valleiregio 2022", "centrumregeling regio Meierij Wmo 2020"; at most 12
#: words, none of them a word of a running sentence ("de centrumregeling wensen te vernieuwen
#: voor … (2026-2030)", "het convenant tot 1 januari 2020" are no names)
_RUNNING = (
    r"(?:de|het|een|te|om|is|zijn|was|wordt|worden|werd|heeft|hebben|in|op|per|met|voor|tot|"
    r"vanaf|sinds|na|uit|bij|door|dat|die|dit|deze|wij|we|zij|u|niet|ook|nog|al|als|aan|over|"
    r"wensen|wil|willen|moet|moeten|kan|kunnen|zal|zullen|dient|loopt|geldt)"
)
_NAME_YEAR = re.compile(
    rf"(?:,?\s+(?:&|(?!{_RUNNING}\b)[A-Za-zÀ-ÿ][\w'’&/\-]*)){{1,12}}?"
    r"\s+(?:19|20)\d{2}(?:\s*[-–]\s*(?:(?:19|20)\d{2}|\d{2}))?(?![\d\-–/])",
    re.IGNORECASE,
)
_SELF = re.compile(r"\b(?:deze|dit|het\s+onderhavige|onderhavige)\s+(?P<w>[\w\s\-]{4,40})", re.I)
_PROPOSE = re.compile(
    r"\b(?:vast\s+te\s+stellen|vaststellen|vaststelling|in\s+te\s+stemmen|instemmen|instemming|"
    r"aan\s+te\s+gaan|aangaan|te\s+ondertekenen|ondertekenen|akkoord\s+te\s+gaan|"
    r"te\s+besluiten|voorgesteld|voorstel|kennis\s+te\s+nemen|te\s+bekrachtigen|"
    r"toe\s+te\s+treden|deel\s+te\s+nemen|sluiten|te\s+sluiten|aangaan)\b",
    re.I,
)
_AMENDS = re.compile(
    r"\b(?:tot\s+wijziging|wijzigt|wijziging\s+van|gewijzigd|wijzigingsbesluit|"
    r"aan\s+te\s+passen|aanpassing\s+van)\b",
    re.I,
)
_REPLACES = re.compile(
    r"\b(?:vervangt|ter\s+vervanging|vervanging\s+van|in\s+te\s+trekken|trekt\b.*\bin\b|"
    r"intrekking|ingetrokken|komt\s+te\s+vervallen)\b",
    re.I,
)
#: a decision taken (not proposed), adopting what it names: "heeft besloten om: … vast te stellen"
_DECIDED_TO_ADOPT = re.compile(
    r"\b(?:heeft|hebben)\s+besloten\b.{0,200}?\bvast\s+te\s+stellen\b", re.I
)
_ESTABLISHES = re.compile(
    r"\b(?:treffen\s+de\s+volgende|stellen\s+vast|besluiten\s+vast\s+te\s+stellen|"
    r"gaan\b.*\baan|wordt\s+aangehaald\s+als|wordt\s+aangegaan|sluiten\s+het)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DocumentType:
    """The type a document has, why (``how``), and the line that says so."""

    notation: str
    how: str  # "proposal heading" | "title" | "self-reference"
    line: int
    text: str


def _top(lines: Sequence[LineLike], n: int) -> list[LineLike]:
    out = [x for x in lines if x.text.strip()]
    return out[:n]


def _proposal(lines: Sequence[LineLike]) -> DocumentType | None:
    """A raads- or collegevoorstel, from its opening lines (``[proposal]`` in the data file)."""
    types = instrument_types()
    gaz = instrument_gazetteer()
    opening = _top(lines, PROPOSAL_BLOCK)
    for line in opening:
        for m in gaz.finditer(line.text):
            t = m.entries[0].id
            # anywhere in the title block; further down only as a heading line of its own
            heading = len(line.text.strip()) <= len(m.text) + 20
            if types[t].proposal and (line in opening[:TITLE_BLOCK] or heading):
                return DocumentType(t, "proposal heading", line.number, m.text)
    spec = proposal_markers()
    for line in opening:
        low = line.text.lower()
        marker = next((g for g in spec.generic if g.lower() in low), None)
        if marker is None and line in opening[:TITLE_BLOCK]:
            # a form whose first word is "Voorstel" ("VOORSTEL Algemeen Omschrijving …")
            first = _FIRST_WORD_PROPOSAL.match(line.text)
            marker = first.group(1) if first else None
        if marker is None:
            continue
        text = " ".join(x.text for x in lines)
        raad = sum(len(p.findall(text)) for p in spec.raad_cues)
        college = sum(len(p.findall(text)) for p in spec.college_cues)
        if raad == college:
            return None  # a proposal, but nothing says whose: not guessed
        notation = "collegevoorstel" if college > raad else "raadsvoorstel"
        return DocumentType(notation, "proposal heading", line.number, marker)
    return None


_COLLEGE_DECIDES = re.compile(
    r"^\W*(?:het\s+college(?:\s+van\s+(?:burgemeester\s+en\s+wethouders|b\s*(?:&|en)\s*w))?|"
    r"burgemeester\s+en\s+wethouders|b\s*(?:&|en)\s*w)\s+(?:besluit|besluiten|heeft\s+besloten)"
    r"\s*:?\s*",
    re.I,
)
_TO_THE_COUNCIL = re.compile(
    r"\b(?:aan\s+de\s+(?:gemeente)?raad\s+(?:aan\s+te\s+bieden|voor\s+te\s+leggen)|"
    r"ter\s+vaststelling\s+(?:aan\s+de\s+(?:gemeente)?raad\s+)?(?:aan\s+te\s+bieden|voor\s+te\s+leggen))",
    re.I,
)


def forwarded_to_council(lines: Sequence[LineLike]) -> LineLike | None:
    """The line where a college decides to put the titled instrument to the council, if any.

    Such a text (an item of a list of college decisions) is neither the instrument nor a
    proposal document; the instrument it names in its title is *proposed*.
    """
    top = _top(lines, TITLE_BLOCK)
    for k, line in enumerate(top):
        if _COLLEGE_DECIDES.match(line.text):
            for nxt in top[k : k + 4]:
                if _TO_THE_COUNCIL.search(nxt.text):
                    return nxt
    return None


def is_description_page(lines: Sequence[LineLike]) -> bool:
    """Whether the opening carries the fields of a catalogue entry (see ``[description]``)."""
    fields, needed = description_fields()
    top = _top(lines, TITLE_BLOCK)
    found = {k for k, f in enumerate(fields) for x in top if f.match(x.text)}
    return len(found) >= needed


def document_type(lines: Sequence[LineLike]) -> DocumentType | None:
    types = instrument_types()
    gaz = instrument_gazetteer()
    proposal = _proposal(lines)
    if proposal is not None:
        return proposal
    if forwarded_to_council(lines) is not None or is_description_page(lines):
        # a college decision about the instrument, or a page describing it: not the instrument
        return None
    # a title that names its type ("Convenant Huisvesting …", "Regiovisie 2022-2026"); a type
    # that another type named in the title block refines gives way to it ("gemeenschappelijke
    # regeling" in a publication header, "Centrumregeling …" in the title)
    named = [
        (line, m, m.entries[0].id)
        for line in _top(lines, TITLE_SCAN)
        for m in gaz.finditer(line.text)
        if not types[m.entries[0].id].proposal
    ]
    # a line that opens with the type word is a title ("Centrumregeling Beschermd wonen …"),
    # even below a viewer's or a gazette's header; otherwise the first type word near the top
    opening = [(ln, m, t) for ln, m, t in named if _OPENS.match(ln.text[: m.start])]
    near_top = {x.number for x in _top(lines, TITLE_LINES)}
    refined = {types[t].refines for _, _, t in named if types[t].refines}
    # the formal title of a regulation near the top: "Gemeenschappelijke regeling … inhoudende
    # CENTRUMREGELING …", "Besluit van het college … houdende regels omtrent het convenant …"
    # (a title-like line: no full stop at its end; not news of it: "Ondertekening convenant")
    near = [
        (ln, m, t)
        for ln, m, t in named
        if ln.number in near_top
        and _HOLDING.search(ln.text[: m.start])
        and not _ABOUT.match(ln.text)
        and not ln.text.rstrip().endswith(".")
    ]
    for group in (opening, near):
        for line, m, t in group:
            if t not in refined:
                return DocumentType(t, "title", line.number, m.text)
            # "Gemeenschappelijke regeling Centrumregeling …": the refining type on the line
            for ln2, m2, t2 in named:
                if ln2 is line and types[t2].refines == t:
                    return DocumentType(t2, "title", line.number, m2.text)
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    for line in lines:
        for s in _SELF.finditer(line.text):
            for m in gaz.finditer(s["w"]):
                if m.start == 0:
                    t = m.entries[0].id
                    counts[t] += 1
                    first.setdefault(t, (line.number, s.group(0)))
    if counts:
        # a text that keeps calling itself one thing ("dit convenant" three times or more, and
        # four out of five self-references); a report that quotes several documents is not one
        (t, n), *_ = counts.most_common()
        if n >= SELF_MIN and n >= SELF_SHARE * sum(counts.values()):
            return DocumentType(t, "self-reference", first[t][0], first[t][1])
    return None


#: where a title was read, best first (the extractor keeps the best of one instrument's titles)
TITLE_SOURCES = ("quoted", "title line", "name")


def _cut(title: str, type_len: int) -> str:
    """``title`` cut before viewer furniture or a subtitle (``[title] cut``), never down to the
    bare type word ("Regiovisie. Doordecentralisatie …" keeps its name)."""
    for c in title_cuts():
        m = c.search(title)
        if m and len(title[: m.start()].strip(" .:;,")) > type_len:
            title = title[: m.start()]
    return title.strip()


def _rejected(title: str) -> bool:
    return any(r.search(title) for r in title_rejects())


#: the year (or years) that end a title: "… 2025", "… 2022-2026", "… 2020 e.v."
_TITLE_YEAR = re.compile(
    r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:(?:19|20)\d{2}|\d{2}))?(?:\s+e\.v\.)?(?![\d\-–/])"
)
#: a formal title ("… inhoudende CENTRUMREGELING … GEMEENTEN X, Y EN Z") may run long
HOLDING_TITLE_MAX = 250


def _title(
    line: str,
    start: int,
    end: int,
    in_title_block: bool,
    next_line: str = "",
    title_from: int | None = None,
) -> tuple[str, str]:
    """The title as written around a type word, and where it was read (``TITLE_SOURCES``).

    ``next_line``: the next non-empty line, for a title page that puts the type word on a line
    of its own and the name under it ("Regiovisie" / "Doordecentralisatie … 2022 -2026").
    ``title_from``: where the title line starts when a more general type word opens it
    ("Gemeenschappelijke regeling Centrumregeling …": the title is the whole line).
    """
    type_len = end - start
    viewer = any(v.match(line) for v in viewer_quotes())
    for q in () if viewer else _QUOTED.finditer(line):
        # inside the quotes ("“Bestuurlijk Akkoord Weer Thuis Flevoland”"), or the quotes right
        # after the type word ("het convenant ‘Beschermd wonen en Opvang … 2020-2021’")
        inside = q.start("q") <= start and end <= q.end("q")
        if inside or re.fullmatch(r"\s*", line[end : q.start()]):
            title = _cut(q["q"].strip(), type_len if inside else 0)
            return ("", "") if _rejected(title) else (title, "quoted")
    if viewer:
        return "", ""  # a copy of the title line: read there
    stripped = line.strip()
    # a title line opens with the type word (after marks, a page number, one adjective), or
    # is the formal title of a regulation that holds it ("… inhoudende CENTRUMREGELING …")
    opens = bool(_OPENS.match(line[:start])) or title_from is not None
    holding = not opens and bool(_HOLDING.search(line[:start])) and not _ABOUT.match(line)
    if in_title_block and (opens or holding):
        cut = re.sub(r"^[\s#*>|\d.]+", "", stripped) if opens else line[start:].strip()
        if opens and re.fullmatch(r"[\s#*>|\d.]*", line[:start]) and not line[end:].strip(" :"):
            # the type word alone on its line: the name is the next line, when it reads as one
            nxt = next_line.strip()
            if nxt and len(nxt) <= 120 and nxt[0].isupper() and not nxt.endswith("."):
                cut = f"{line[start:end]} {nxt}"
        cut = _cut(cut, type_len)
        if _rejected(cut):
            return "", ""
        limit = HOLDING_TITLE_MAX if holding else 160
        year = _TITLE_YEAR.search(cut, end - start)
        if len(cut) > limit and year:
            # other text run onto the title line: the title ends with its year ("Regionale
            # Dienstverleningsovereenkomst Westelijke Mijnstreek 2025 Inkoop, contractbeheer …")
            cut = cut[: year.end()]
        if (len(cut) <= limit and not cut.endswith(".")) or cut.endswith("e.v."):
            return _LABEL.sub("", re.sub(r"[#*]+", "", cut).strip()).strip(), "title line"
    tail = _TITLE_TAIL.match(line, end)
    named = _NAME_YEAR.match(line, end)
    ends = [x.end() for x in (tail, named) if x and x.group(0).strip()]
    if ends:
        title = (line[start:end] + line[end : max(ends)]).strip()
        return ("", "") if _rejected(title) else (title, "name")
    return "", ""


#: where a sentence or a list item ends on a long line ("… vast te stellen; 7. Het Besluit …")
_SENTENCE_END = re.compile(r"(?:(?<!\b\w)[.!?]|;)\s+(?=[A-Z0-9(•-])")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or list item) around ``start``–``end``: the relation cues that count.

    A conversion that puts a whole decision list on one line ("1. … vast te stellen; … 7. het
    Besluit … in te trekken") must not give every instrument on it the cue of another item.
    """
    a = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            return text[a : m.end()]
    return text[a:]


def _relation(text: str, proposal_doc: bool, in_title: bool, own_type: bool) -> str:
    # a document amends or replaces what its title or its own type names, or what it proposes;
    # "wijziging" in passing in a report is no amendment by that report
    if in_title or own_type or proposal_doc:
        if _REPLACES.search(text):
            return "replaces"
        if _AMENDS.search(text):
            return "amends"
    if proposal_doc:
        return "proposes" if (in_title or _PROPOSE.search(text)) else "mentions"
    if own_type and (in_title or _ESTABLISHES.search(text)):
        return "establishes"
    # the publication of a decision: "Het college … heeft besloten om: 1. De Beleidsregels …
    # vast te stellen" establishes what it adopts, whatever its type
    if _DECIDED_TO_ADOPT.search(text):
        return "establishes"
    return "mentions"


#: "dit convenant Maatschappelijke Opvang", "deze Samenwerkingsovereenkomst": the document itself
_SELF_BEFORE = re.compile(r"\b(?:deze|dit|onderhavige)\s+$", re.I)


def recognise_instruments(
    lines: Sequence[LineLike], doc_type: DocumentType | None = None
) -> list[Hit]:
    """Instrument hits: value = type notation; attrs ``title`` (as written, may be empty) and
    ``relation``. Proposal types (raadsvoorstel …) are document types, not instruments."""
    types = instrument_types()
    gaz = instrument_gazetteer()
    proposal_doc = (
        doc_type is not None and types[doc_type.notation].proposal
    ) or forwarded_to_council(lines) is not None
    title_lines = {x.number for x in _top(lines, TITLE_LINES)}
    if doc_type is not None and doc_type.how == "title":
        title_lines.add(doc_type.line)  # a title below a viewer's or gazette's header
    hits: list[Hit] = []
    nonempty = [x for x in lines if x.text.strip()]
    following = {a.number: b.text for a, b in itertools.pairwise(nonempty)}
    # a title page's type word on a line of its own ("Regiovisie", its name on the next line)
    # below a viewer's header
    for x in nonempty[:TITLE_SCAN]:
        word = list(gaz.finditer(x.text))
        if len(word) == 1 and not re.sub(r"[\s#*>|\d.:]", "", x.text.replace(word[0].text, "")):
            title_lines.add(x.number)
    for line in lines:
        previous: tuple[int, int, str] | None = None  # (start, end, type) of the last type word
        for m in gaz.finditer(line.text):
            t = m.entries[0].id
            # a proposal type is the document's kind, never an instrument; "Wet gemeenschappelijke
            # regelingen" (a form of its own, so that it wins as the longest match) is the law
            if types[t].proposal or (t == "gemeenschappelijke_regeling" and "Wet " in m.text):
                continue
            in_title = line.number in title_lines
            # "Gemeenschappelijke regeling Centrumregeling …": the general type opens the title
            opened_by_general = (
                previous is not None
                and types[t].refines == previous[2]
                and not line.text[previous[1] : m.start].strip()
                and bool(_OPENS.match(line.text[: previous[0]]))
            )
            previous = (m.start, m.end, t)
            title, title_from = _title(
                line.text,
                m.start,
                m.end,
                in_title,
                following.get(line.number, ""),
                0 if opened_by_general else None,
            )
            own = doc_type is not None and doc_type.notation == t
            relation = _relation(_sentence(line.text, m.start, m.end), proposal_doc, in_title, own)
            hits.append(
                Hit(
                    "instrument",
                    line.number,
                    m.start,
                    m.end,
                    m.text,
                    t,
                    {
                        "title": title,
                        "title_from": title_from,
                        "relation": relation,
                        "self": "yes" if _SELF_BEFORE.search(line.text[: m.start]) else "",
                    },
                )
            )
    return _others_of_own_type(hits)


def _others_of_own_type(hits: list[Hit]) -> list[Hit]:
    """A document that titles what it establishes ("Convenant uitstroom … 2019" on its title line)
    establishes that one; another name of the same type further on ("op basis van de
    Samenwerkingsovereenkomst Specialistische hulp …", "een regionaal beleidskader Opvang …") is
    another instrument, only mentioned, unless the text points at itself ("dit convenant
    Maatschappelijke Opvang"): then it is the document's own, without a second title.
    """
    titled = {
        h.value
        for h in hits
        if h.attr("relation") == "establishes" and h.attr("title_from") in ("quoted", "title line")
    }
    out: list[Hit] = []
    for h in hits:
        if h.value in titled and h.attr("title_from") != "title line" and h.attr("self") == "yes":
            # "dit convenant (Maatschappelijke Opvang)": the document's own, no second title
            attrs = {**h.attrs, "title": "", "title_from": "", "relation": "establishes"}
            h = Hit(h.kind, h.line, h.start, h.end, h.text, h.value, attrs)
        elif (
            h.value in titled
            and h.attr("relation") == "establishes"
            and h.attr("title_from") == "name"
        ):
            h = Hit(h.kind, h.line, h.start, h.end, h.text, h.value,
                    {**h.attrs, "relation": "mentions"})  # fmt: skip
        out.append(h)
    return out
