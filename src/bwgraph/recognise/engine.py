"""One matching engine for every gazetteer: names as data, compiled into one regular expression.

A gazetteer is a list of :class:`Entry` (surface form → id). All forms are folded
(:func:`bwgraph.recognise.base.fold`), spaces and hyphens inside a name are interchangeable
(``Súdwest-Fryslân`` = ``Sudwest Fryslan``), and the alternation is ordered longest first so that
``Bergen op Zoom`` wins over ``Bergen`` and ``Hof van Twente`` over any shorter name inside it.
Matches must stand alone: no letter or digit directly before or after.

Case: by default a form matches as written (proper names are capitalised, so the adjective
"best" is not the municipality Best) and, in addition, fully upper-case (headings). Forms marked
``case_insensitive`` (document-type words like "convenant") match in any case.

Why not Aho–Corasick: a few thousand forms compile into one ``re`` pattern that scans a line in
microseconds, needs no extra dependency and gives the same leftmost-longest results here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bwgraph.recognise.base import fold

_SEP = re.compile(r"[\s\-]+")


def canonical(form: str) -> str:
    """The lookup key of a surface form: folded, separators collapsed to one space."""
    return _SEP.sub(" ", fold(form).strip())


@dataclass(frozen=True, slots=True)
class Entry:
    """One surface form of one thing: ``form`` as written, ``id`` of the thing, free ``attrs``."""

    form: str
    id: str
    attrs: tuple[tuple[str, str], ...] = ()
    case_insensitive: bool = False

    def attr(self, key: str, default: str = "") -> str:
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]  # every entry with this surface form (several = ambiguous)


@dataclass
class Gazetteer:
    """A compiled list of surface forms; :meth:`finditer` yields non-overlapping longest matches."""

    entries: list[Entry]
    _index: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        sensitive: set[str] = set()
        insensitive: set[str] = set()
        for e in self.entries:
            key = canonical(e.form)
            if not key:
                raise ValueError(f"empty surface form for {e.id!r}")
            self._index.setdefault(key.lower() if e.case_insensitive else key, []).append(e)
            (insensitive if e.case_insensitive else sensitive).add(key)
            if not e.case_insensitive:
                sensitive.add(key.upper())
                self._index.setdefault(key.upper(), [])
                if e not in self._index[key.upper()]:
                    self._index[key.upper()].append(e)
        # one alternation, longest first overall so that no shorter form shadows a longer one
        keys = [(k, False) for k in sensitive] + [(k, True) for k in insensitive]
        keys.sort(key=lambda t: (-len(t[0]), t[0]))
        body = "|".join(self._alt(k, i) for k, i in keys) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w])(?:{body})(?![\w])")

    @staticmethod
    def _alt(key: str, insensitive: bool) -> str:
        parts = [re.escape(p) for p in key.split(" ")]
        alt = r"[\s\-]+".join(parts)
        return f"(?i:{alt})" if insensitive else alt

    def lookup(self, text: str) -> list[Entry]:
        key = canonical(text)
        return self._index.get(key) or self._index.get(key.lower()) or []

    def finditer(self, text: str) -> Iterator[GazetteerMatch]:
        """Non-overlapping matches in ``text``, leftmost first, the longest form at each place."""
        assert self._pattern is not None
        folded = fold(text)
        for m in self._pattern.finditer(folded):
            entries = self.lookup(m.group(0))
            if entries:
                yield GazetteerMatch(m.start(), m.end(), text[m.start() : m.end()], tuple(entries))


def entries_from_pairs(pairs: Iterable[tuple[str, str]], **attrs: str) -> list[Entry]:
    """``(form, id)`` pairs as entries sharing ``attrs``."""
    items = tuple(sorted(attrs.items()))
    return [Entry(form, ident, items) for form, ident in pairs]
