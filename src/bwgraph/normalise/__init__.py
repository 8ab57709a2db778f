"""Stage 0: every document, whatever its format, becomes numbered lines of clean text.

Extractors never read bytes. A source arrives as UTF-8, Windows-1252 or UTF-16 text, with LF,
CRLF or CR line ends, as PDF, DOCX or HTML, and carries the residue of whatever converted it
(markdown marks, HTML fragments, ``^e`` superscripts, runs of spaces where a tab stood).
:func:`normalise` turns any of these into one canonical form, so that an extractor written for one
conversion reads every other conversion of the same document the same way.

Line numbers are the evidence contract: ``Line.number`` is the 1-based line a person finds when
they open the document.

* Text input (``text/plain``): cleaning works line by line and never joins or splits a line, so
  line *n* of the normalised text is line *n* of the original file.
* PDF, DOCX and HTML have no lines a person can point at; their text is written out once (the
  normalised text, stored beside the original with both sha256, see :mod:`bwgraph.sources`) and
  line numbers refer to that file. For PDF the pages are kept in order and wrapped lines are
  re-joined (see :mod:`bwgraph.normalise.pdf`).

In every case ``lines[i].number == i + 1``: the normalised text *is* the document a person opens.
"""

from __future__ import annotations

from bwgraph.normalise.core import (
    MAX_BYTES,
    Line,
    NormalisedText,
    NormaliseError,
    canonical_text,
    clean_line,
    normalise,
    normalise_file,
)

__all__ = [
    "MAX_BYTES",
    "Line",
    "NormaliseError",
    "NormalisedText",
    "canonical_text",
    "clean_line",
    "normalise",
    "normalise_file",
]
