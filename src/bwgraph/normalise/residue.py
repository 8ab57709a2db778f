"""Conversion residue, cleaned in one place, as data.

Every source here went through at least one converter (Word → markdown, PDF → text, a web CMS →
HTML fragments). What they leave behind is not content: ``**bold**``, ``## heading``, ``<p>``,
``&amp;``, ``1 ^e helft``, a run of spaces where a tab separated two cells. :func:`clean_line`
removes it so that every conversion of a document reads the same.

The canonical line it produces:

* Unicode NFC; no-break and other odd spaces are spaces; zero-width characters, soft hyphens and
  variation selectors (``⚙️`` → ``⚙``: how a symbol is drawn, which a PDF does not keep) are gone.
* HTML fragments: tags that end a block or a cell (``</p>``, ``</td>``, ``<br>``, …) become a cell
  separator, other tags disappear, entities are decoded (``&#10003;`` → ``✓``).
* Markdown: heading marks, emphasis marks, table pipes and ``---`` rules are gone. A ``*`` that
  opens a line stays: it is a bullet or a footnote mark, and only the reader can tell which.
* Cells are separated by tabs, and empty cells are kept (``a<TAB><TAB>b``: the middle cell is
  empty), because tables are read by column. Runs of three or more spaces stand for tabs (what
  a tabs-to-spaces conversion or a PDF layout leaves), one tab per :data:`TAB_WIDTH` columns
  (rounded), a tab counting as four; two spaces are one space. Markup boundaries
  (``</td> <td>``, ``</p> <p>``, `` | ``) are one separator however many tags and blanks.
* No trailing whitespace; no leading whitespace except tabs where the line began with a tab or
  with two or more spaces (an empty first cell, a cell continued after a page break).

Each rule is one line below (pattern, replacement, why), applied in order; a line is never split
or joined, so line numbers survive.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple


class Rule(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    replacement: str


def _r(name: str, pattern: str, replacement: str, flags: int = 0) -> Rule:
    return Rule(name, re.compile(pattern, flags), replacement)


#: Internal mark for a cell boundary made by markup (``</td>``, ``</p>``, ``|``); a tab at the end.
CELL = "\x1f"

#: Characters removed outright: zero-width space/joiners, BOM, soft hyphen, variation selectors.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0e\ufe0f"))

#: Characters that are spaces in every sense a reader cares about; the Symbol-font bullet of Word
#: exports (a private-use character) is the bullet it stands for.
SPACES = {
    **dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"), " "),
    0xF0B7: "•",
}

#: Tags whose end closes a block or a cell: they become a cell separator.
_BLOCK = r"(?:p|div|td|th|tr|li|h[1-6]|table|thead|tbody|tfoot|ul|ol|dt|dd|blockquote|caption)"

#: HTML residue, before entities are decoded (so that ``&lt;p&gt;`` written as text stays text).
HTML_RULES: tuple[Rule, ...] = (
    _r("comment", r"<!--.*?-->", ""),
    _r("break", r"<br\s*/?>", CELL, re.I),
    _r("block end", rf"</{_BLOCK}\s*>", CELL, re.I),
    _r("block start", rf"<{_BLOCK}(?:\s[^<>]*)?>", CELL, re.I),
    _r("inline tag", r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", ""),
)

#: Markdown residue, after HTML.
MARKDOWN_RULES: tuple[Rule, ...] = (
    _r("table rule", r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", ""),
    _r("horizontal rule", r"^\s*(?:[-*_]\s*){3,}$", ""),
    _r("table pipes", r"^\s*\|(.*)\|\s*$", r"\1"),
    _r("table cell pipe", r"\s+\|\s+", CELL),
    _r("heading", r"^\s{0,3}#{1,6}(?:\s+|$)", ""),
    _r("closing hashes", r"\s+#{1,6}\s*$", ""),
    _r("blockquote", r"^\s*>\s?", ""),
    _r("strong", r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2"),
    _r("stray strong", r"\*\*|(?<![\w])__|__(?![\w])", ""),
    _r("emphasis *", r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", r"\1"),
    _r("emphasis _", r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", r"\1"),
    _r("escaped", r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1"),
)

#: Typographic residue of PDF/Word conversion.
TEXT_RULES: tuple[Rule, ...] = (
    # "1 ^e helft", "2^e", "1^ste": an ordinal whose superscript lost its formatting.
    _r("superscript ordinal", r"(\d)\s*\^\s*(e|ste|de|en)\b", r"\1\2"),
)

#: What a rule's pattern cannot match without (one of these substrings in the text): the rule is
#: not run on a line without any (most lines carry no markup; same result, a fifth of the time).
NEEDS: dict[str, tuple[str, ...]] = {
    "table rule": ("---",),
    "horizontal rule": ("-", "*", "_"),
    "table pipes": ("|",),
    "table cell pipe": ("|",),
    "heading": ("#",),
    "closing hashes": ("#",),
    "blockquote": (">",),
    "strong": ("**", "__"),
    "stray strong": ("**", "__"),
    "emphasis *": ("*",),
    "emphasis _": ("_",),
    "escaped": ("\\",),
    "superscript ordinal": ("^",),
}


def _apply(rules: tuple[Rule, ...], text: str) -> str:
    for rule in rules:
        needs = NEEDS.get(rule.name)
        if needs is None or any(n in text for n in needs):
            text = rule.pattern.sub(rule.replacement, text)
    return text


#: Width of a tab in spaces, for runs of spaces that stand for tabs (a tabs-to-spaces
#: conversion writes four spaces per tab; PDF layout text pads columns with spaces).
TAB_WIDTH = 4

_MARKUP_SEPARATOR = re.compile(rf"[ \t{CELL}]*{CELL}[ \t{CELL}]*")
_RUN = re.compile(r"[ \t]{2,}|\t")


def _separator(m: re.Match[str]) -> str:
    """A run of blanks → cell separators, a tab counting as :data:`TAB_WIDTH` spaces: two spaces
    are one (typewriter spacing after a full stop), three or more are a tab, and every further
    tab width (rounded) one more tab, so that a tab and its four spaces read alike."""
    run = m.group(0)
    width = TAB_WIDTH * run.count("\t") + run.count(" ")
    if width == 2:
        return " "
    return "\t" * max(1, (width + 1) // TAB_WIDTH)


def clean_line(raw: str) -> str:
    """One raw line (no line end) → its canonical form (see the module docstring)."""
    text = unicodedata.normalize("NFC", raw).translate(INVISIBLE).translate(SPACES)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    text = text[len(indent):]
    if "<" in text:
        for rule in HTML_RULES:
            text = rule.pattern.sub(rule.replacement, text)
    if "&" in text:
        text = html.unescape(text).translate(INVISIBLE).translate(SPACES)
    text = _apply(TEXT_RULES, _apply(MARKDOWN_RULES, text))
    # Control characters other than the tab are never content (CELL is turned into a tab below);
    # a printable text has none (every category C character is unprintable).
    if not text.isprintable():
        text = "".join(c for c in text if c in ("\t", CELL) or unicodedata.category(c)[0] != "C")
    # Markup boundaries (however many tags and blanks) are one separator.
    text = _MARKUP_SEPARATOR.sub(CELL, text).strip(f" \t{CELL}")
    if not text:
        return ""
    # Leading blanks that stand for a tab (an empty first cell, a continued cell) are kept.
    lead = _RUN.sub(_separator, indent) if ("\t" in indent or len(indent) >= 2) else ""
    return (lead + _RUN.sub(_separator, text)).replace(CELL, "\t")
