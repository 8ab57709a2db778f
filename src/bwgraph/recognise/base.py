"""What every recogniser returns: a :class:`Hit` on one line, with the exact text it matched.

Recognisers work on numbered lines (``Line(number, text)`` as :mod:`bwgraph.normalise` yields
them, or anything with ``number`` and ``text``), never on a whole document string, so that every
hit carries the line a person can open and the characters they will find there.

:func:`fold` is the one comparison form of text: typographic quotes become ``'``, letters lose
their diacritics, and nothing else changes. It maps each character to exactly one character, so
an offset in the folded text is the same offset in the original: a match found in folded text is
quoted from the original without any re-alignment.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol


class LineLike(Protocol):
    """A numbered line of a normalised document (1-based ``number``)."""

    @property
    def number(self) -> int: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class TextLine:
    """A plain numbered line, for callers that have text but no normalised document."""

    number: int
    text: str


def lines_of(text: str) -> list[TextLine]:
    """``text`` split into numbered lines (1-based), line ends removed."""
    return [TextLine(i, t) for i, t in enumerate(text.splitlines(), start=1)]


@dataclass(frozen=True, slots=True)
class Hit:
    """One recognised item: what kind, where (line, character span), the exact text, its value.

    ``value`` is the normalised value (a CBS code, a region slug, an ISO date, a concept notation,
    an amount in euro as a decimal string); ``attrs`` holds what the recogniser read around it
    (the meaning of a date, the relation of an instrument, the context of a municipality).
    """

    kind: str
    line: int
    start: int
    end: int
    text: str
    value: str
    attrs: Mapping[str, str] = field(default_factory=dict)

    def attr(self, key: str, default: str = "") -> str:
        return self.attrs.get(key, default)


_QUOTES = {"\u2019": "'", "\u2018": "'", "\u201b": "'", "`": "'", "\u00b4": "'", "\u2032": "'"}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00ad": "-"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _QUOTES:
        return _QUOTES[c]
    if c in _DASHES:
        return _DASHES[c]
    if c == "\u00a0":
        return " "
    if ord(c) < 128:
        return c
    base = unicodedata.normalize("NFKD", c)
    first = base[0] if base else c
    return first if len(first) == 1 and ord(first) < 128 else c


def fold(text: str) -> str:
    """Quotes, dashes and diacritics folded, one character for one (offsets are kept).

    >>> fold("’s-Hertogenbosch – Súdwest-Fryslân")
    "'s-Hertogenbosch - Sudwest-Fryslan"
    """
    return "".join(_fold_char(c) for c in text)


def sort_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Hits in reading order (line, then start)."""
    return sorted(hits, key=lambda h: (h.line, h.start, -h.end, h.kind, h.value))


def window(lines: Sequence[LineLike], index: int, before: int = 1) -> str:
    """The text of line ``index`` with up to ``before`` preceding lines (for cue words)."""
    lo = max(0, index - before)
    return " ".join(x.text for x in lines[lo : index + 1])
