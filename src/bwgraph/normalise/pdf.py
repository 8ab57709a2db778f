"""PDF → lines, from the position of every character (pdfminer.six).

A PDF has no lines, only glyphs at positions. The reader rebuilds what a person sees:

* **rows**: characters on one baseline, left to right (a smaller raised mark, a footnote number,
  in the row it is raised above);
* **cells**: a horizontal gap wider than two average characters between glyphs is a tab (unless
  the glyph already carries the tab in its text, as WeasyPrint and LibreOffice write it);
* **word gaps**: a space glyph with blank around it, or the equal blanks after the spaces of a
  line, are spaces that justification stretched: one space each, not a cell gap (``EVEN_GAPS_PT``);
* **blank lines**: a vertical gap of *k* line heights stands for *k − 1* blank lines;
* **wrapped lines are re-joined**: a row whose right edge leaves no room for the first word of the
  row below (the text column is taken to be symmetric on the page) was wrapped by the typesetter,
  not ended by the author, so the two are one line; within a page and across a page break. Not
  across a change of font size or weight (a heading), a step larger than the line pitch (the
  space between paragraphs or table rows), nor after a row split into cells (a table row). A
  wrapped row indented like the row above (a cell's text, a list item) is glued on without its
  indent (``INDENT_SLACK``).

Pages come in order, each page's lines after the previous page's, and the result is what the
stored normalised text (``data/sources/normalised/``) holds, so evidence line numbers point into a
file a person can open. A PDF without a text layer (a scan) or an encrypted one is refused.
"""

from __future__ import annotations

import io
import itertools
import logging
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bwgraph.normalise.core import NormaliseError


@dataclass
class _Row:
    text: str
    x0: float
    x1: float
    y: float
    first_word: float  # width of the first word
    space: float  # width of an average character in this row
    trailing_space: bool  # the row ends in a space glyph (a typesetter's wrap keeps it)
    size: float = 0.0  # median font size of its glyphs
    bold: bool = False  # most of its glyphs are set in a bold face
    cells: bool = False  # a column gap (a tab between glyphs) splits it into cells


def pdf_lines(data: bytes, name: str) -> list[str]:
    """The text lines of a PDF (see the module docstring)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFTextExtractionNotAllowed

    for logger in ("pdfminer", "pdfminer.pdfinterp", "pdfminer.pdfpage"):
        logging.getLogger(logger).setLevel(logging.ERROR)
    pages: list[tuple[list[_Row], float]] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=None):
            pages.append((_rows(_chars(page)), page.width))
    except (PDFEncryptionError, PDFPasswordIncorrect, PDFTextExtractionNotAllowed) as exc:
        raise NormaliseError(name, f"an encrypted or protected PDF ({exc}); save an open copy") \
            from exc
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise NormaliseError(name, f"a broken PDF file ({type(exc).__name__}: {exc})") from exc
    if not any(rows for rows, _w in pages):
        raise NormaliseError(name, "a PDF without a text layer (a scan?); it needs OCR first")
    return _join_pages(pages)


def _chars(obj: object) -> Iterator[object]:
    from pdfminer.layout import LTChar

    if isinstance(obj, LTChar):
        yield obj
    elif isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        for child in obj:
            yield from _chars(child)


def _rows(chars: Iterable[object]) -> list[_Row]:
    """Characters grouped into rows on a baseline, top to bottom."""
    glyphs = [c for c in chars if c.get_text() and c.upright]  # type: ignore[attr-defined]
    glyphs.sort(key=lambda c: (-round(c.y0, 1), c.x0))  # type: ignore[attr-defined]
    rows: list[list[object]] = []
    for c in glyphs:
        if rows:
            last = rows[-1][0]
            if abs(c.y0 - last.y0) < 0.4 * max(last.height, 1.0):  # type: ignore[attr-defined]
                rows[-1].append(c)
                continue
        rows.append([c])
    rows = _raised_into_rows(rows)
    if not rows:
        return []
    left = min(r[0].x0 for r in rows)  # type: ignore[attr-defined]
    ordered = [sorted(r, key=lambda c: c.x0) for r in rows]  # type: ignore[attr-defined]
    return [_row(r, min(left, r[0].x0)) for r in ordered]  # type: ignore[attr-defined]


#: A glyph set smaller than a row's text (below this fraction of its size) and raised within the
#: row's height is a superscript (a footnote mark, "1e"): it belongs to that row, not to a row
#: of its own between two lines of a paragraph.
RAISED_SIZE = 0.95


def _raised_into_rows(rows: list[list[object]]) -> list[list[object]]:
    """Rows of small raised glyphs merged into the row they are raised above."""
    out: list[list[object]] = []
    for i, row in enumerate(rows):
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below is not None and row:
            base = below[0]
            size = max(c.size for c in below)  # type: ignore[attr-defined]
            small = all(c.size < RAISED_SIZE * size for c in row)  # type: ignore[attr-defined]
            raised = all(0 < c.y0 - base.y0 < 0.8 * size  # type: ignore[attr-defined]
                         for c in row)
            if small and raised:
                below.extend(row)
                continue
        out.append(row)
    return out


def _glyph_text(c: object) -> str:
    """The text of a glyph. Some writers map a glyph to the whole cluster it was first shaped in
    (WeasyPrint: a tab and the letter after it, "\\tB"), so whitespace around a visible glyph is
    dropped: spacing is read from positions, not from the cluster text."""
    t: str = c.get_text()  # type: ignore[attr-defined]
    return t.strip() or (" " if t else "")


#: Several space glyphs stretched wider than this many font sizes (em) are spaces an author
#: typed to align a column, not a word gap (justified text stretches one gap to one or two em).
TYPED_COLUMN_GAP_EM = 3.0

#: Justification widens the space between words, and a reader must not take the blank for a
#: column gap. It is told apart in two ways: some writers (WeasyPrint) share the stretch out on
#: both sides of the space glyph, however wide (two long words on a line of a narrow column);
#: others widen the space glyph's advance, so the blank follows it, as it follows a space left at
#: the end of a table cell's line before the next cell: there the word gaps of one line are
#: equal (the typesetter shares the slack out evenly), up to rounding of positions (points).
#: A blank after a space glyph that neither explains is read as before: a column gap.
EVEN_GAPS_PT = 0.5

#: Font names of bold faces: a bold row is a heading (or a bold cell), never the wrapped
#: continuation of a regular row, nor the other way round.
BOLD_MARKS = ("bold", "black", "heavy", "semibold", "demibold")


def _is_bold(c: object) -> bool:
    name = str(getattr(c, "fontname", "")).lower()
    return any(m in name for m in BOLD_MARKS)


def _row(chars: list, left: float) -> _Row:
    texts = [_glyph_text(c) for c in chars]
    visible = [c for c, t in zip(chars, texts, strict=True) if t.strip()]
    widths = [c.x1 - c.x0 for c in visible]
    space = statistics.median(widths) if widths else 1.0
    size = statistics.median(c.size for c in visible) if visible else 0.0
    bold = sum(map(_is_bold, visible)) * 2 > len(visible)
    explicit_spaces = " " in texts
    stretched = _stretched_spaces(chars, texts, space, size) if explicit_spaces else {}
    parts: list[str] = []
    prev = None
    cells = False
    for i, (c, t) in enumerate(zip(chars, texts, strict=True)):
        if i in stretched:
            # a space run widened by justification: one word gap, or a column gap if too wide
            if stretched[i]:
                parts.append(stretched[i])
                cells = cells or "\t" in stretched[i]
            prev = None  # the blank up to the next glyph is read already
            continue
        if prev is not None and t:
            gap = c.x0 - prev.x1
            tab_gap = 0.3 * space if explicit_spaces else 1.5 * space
            if gap > tab_gap:
                parts.append("\t" * _tabs(prev.x1, c.x0, space))
                cells = True
            elif gap > 0.15 * space and t != " " and parts[-1][-1:] != " ":
                parts.append(" ")
        parts.append(t)
        prev = c
    text = "".join(parts)
    if chars[0].x0 - left > 0.6 * space:  # an empty first cell: the row starts at a tab stop
        text = "\t" * _tabs(left, chars[0].x0, space) + text
    first = _first_unit(chars, texts, space)
    baseline = statistics.median(c.y0 for c in chars)  # a raised mark starting it aside
    return _Row(text, chars[0].x0, chars[-1].x1, baseline, first, space, texts[-1] == " ",
                size, bold, cells)


def _word_space(c: object) -> bool:
    """A glyph drawn for the space between words (not a tab a writer drew as a glyph)."""
    return c.get_text() == " "  # type: ignore[attr-defined]


def _stretched_spaces(chars: list, texts: list[str], space: float, size: float) -> dict[int, str]:
    """The space glyphs between two visible glyphs whose blank is wider than the glyphs
    themselves in justified text (see ``EVEN_GAPS_PT``), each mapped to what it reads as: the
    first of a run to one space (or the tabs of a column gap, ``TYPED_COLUMN_GAP_EM``), the
    others to nothing. Space runs the writer set without stretching (monospaced text, kept
    wraps) are not in it: they keep every space as drawn. A tab glyph is no word space."""
    runs: list[tuple[int, int, float, bool]] = []  # first space, end, width, stretch shared
    i = 0
    while i < len(texts):
        if not _word_space(chars[i]) or i == 0 or not texts[i - 1].strip():
            i += 1
            continue
        j = i
        while j < len(texts) and _word_space(chars[j]):
            j += 1
        if j == len(texts):  # trailing spaces: the writer's mark of a wrap, kept
            break
        run = chars[i - 1:j + 1]
        blanks = [max(0.0, b.x0 - a.x1) for a, b in itertools.pairwise(run)]
        if sum(blanks) > 0.3 * space:
            # a stretch shared out on both sides of one space glyph is a justified word gap
            shared = j - i == 1 and min(blanks) > 0.15 * space
            runs.append((i, j, chars[j].x0 - chars[i - 1].x1, shared))
        i = j
    # justification gives every word gap of a line the same width, however wide
    spans = [w for _i, _j, w, _s in runs]
    even = len(spans) >= 2 and max(spans) - min(spans) <= EVEN_GAPS_PT
    out: dict[int, str] = {}
    for i, j, width, shared in runs:
        if not (shared or even):
            continue  # a space glyph before a blank of its own: a cell ends there (as drawn)
        wide = j - i > 1 and size > 0 and width > TYPED_COLUMN_GAP_EM * size
        out[i] = "\t" * _tabs(chars[i - 1].x1, chars[j].x0, space) if wide else " "
        out.update((k, "") for k in range(i + 1, j))
    return out


_CLOSING = tuple("”’\"'»)]")
_OPENING = tuple("([{“‘«")


def _first_unit(chars: list, texts: list[str], space: float) -> float:
    """Width of the row's first unbreakable unit: its first word, or more where the Unicode line
    breaking rules forbid a break at the space after it (a closing quote before an opening
    bracket: ``Flevoland” (hierna:``, UAX #14 rule LB15)."""
    width = 0.0
    prev = None
    word = ""
    for i, (c, t) in enumerate(zip(chars, texts, strict=True)):
        gap = prev is not None and c.x0 - prev.x1 > 0.3 * space
        if width and (not t.strip() or gap):
            nxt = next((x for x in texts[i:] if x.strip()), "")
            if not (word.endswith(_CLOSING) and nxt.startswith(_OPENING)) or gap:
                break
        if t.strip():
            width += c.x1 - c.x0
            word += t
        else:
            width += c.x1 - c.x0 if word else 0.0
            word = word if not word.endswith(_CLOSING) else ""
        prev = c
    return width


def _tabs(end: float, start: float, width: float) -> int:
    """How many tabs a gap stands for. A tab advances at least half a character to the next tab
    stop; stops are eight characters apart (CSS, terminals, text editors), so every further eight
    characters of gap is one more tab (an empty cell)."""
    if width <= 0:
        return 1
    return 1 + max(0, int((start - end - 0.55 * width) // (8 * width)))


def _join_pages(pages: list[tuple[list[_Row], float]]) -> list[str]:
    rows_all = [r for rows, _w in pages for r in rows]
    # Writers that keep the space glyph where they wrapped a line tell wraps apart exactly; for
    # the others a row is wrapped when the next row's first word would not have fitted.
    by_space = sum(r.trailing_space for r in rows_all) >= 0.02 * len(rows_all)
    out: list[str] = []
    above: _Row | None = None
    above_right = 0.0
    for rows, width in pages:
        if not rows:
            continue
        left = min(r.x0 for r in rows)
        right = width - left  # the text column, taken to be symmetric on the page
        steps = [a.y - b.y for a, b in itertools.pairwise(rows) if a.y > b.y]
        height = statistics.median(steps) if steps else 1.0
        pitch = _pitches(rows)
        for i, row in enumerate(rows):
            # blank lines are seen within a page; across a page break none is assumed
            blank = round((rows[i - 1].y - row.y) / height) - 1 if i and height > 0 else 0
            close = not i or rows[i - 1].y - row.y <= WRAP_PITCH_SLACK * pitch.get(
                _size_key(row), height) + 0.5
            if (above is not None and blank <= 0 and close
                    and _wrapped(above, row, above_right, by_space)):
                more = row.text
                if not by_space and row.x0 >= above.x0 - INDENT_SLACK * row.space:
                    more = more.lstrip("\t")  # the indent of the block it continues
                out[-1] = _glue(out[-1], more, by_space)
            else:
                out.extend([""] * max(0, min(blank, 3)))
                out.append(row.text)
            above, above_right = row, right
    return out


#: A wrapped line follows the line above at the paragraph's line pitch; a larger step (the
#: padding between table rows, the space after a paragraph or before a heading) ends a line.
#: The pitch of a font size is the smallest step between two rows of that size on the page;
#: this factor allows for rounding and for a taller glyph (an accent, a symbol) in a row.
WRAP_PITCH_SLACK = 1.1

#: Lines of text are set at least this many font sizes (em) apart (CSS and word processors
#: offer no tighter line spacing for running text than about one em).
MIN_PITCH_EM = 0.9

#: Font sizes closer than this (as a fraction) are one size: a wrapped line keeps its size.
SAME_SIZE = 0.1


def _size_key(row: _Row) -> float:
    return round(row.size * 2) / 2


def _pitches(rows: list[_Row]) -> dict[float, float]:
    """The line pitch of each font size on a page: the smallest step between two consecutive
    rows of that size (the lines of one paragraph). A step shorter than the font size is no line
    pitch (a raised or overprinted glyph on a baseline of its own) and would stop every join."""
    out: dict[float, float] = {}
    for a, b in itertools.pairwise(rows):
        step = a.y - b.y
        if step >= MIN_PITCH_EM * a.size and _size_key(a) == _size_key(b):
            k = _size_key(a)
            out[k] = min(out.get(k, step), step)
    return out


def _same_style(row: _Row, below: _Row) -> bool:
    """A typesetter wraps a line within one paragraph, so in one font size and weight: a change
    of either is a heading starting or ending."""
    big = max(row.size, below.size)
    return row.bold == below.bold and (big <= 0 or abs(row.size - below.size) <= SAME_SIZE * big)


def _wrapped(row: _Row, below: _Row, right: float, by_space: bool) -> bool:
    """Whether ``row`` was wrapped by the typesetter rather than ended by the author: the first
    word of the row below would not have fitted, in the same font size and weight, and, for
    writers that keep the space glyph at a wrap, the row ends where a line may break (that
    space, a hyphen, a slash, or between a closing and an opening bracket: ``…](#)``). For the
    other writers a row split into cells (a table row) is never wrapped: a full table row is a
    row whose last cell reaches the margin, not a line wrapped into the next."""
    if not _same_style(row, below):
        return False
    if row.cells and not by_space:
        return False
    full = row.x1 + below.first_word > right - 0.5 * row.space
    if by_space:
        return full and (
            row.trailing_space
            or row.text.endswith(("-", "/"))
            or (row.text.endswith((")", "]")) and below.text.startswith(("(", "[")))
        )
    return full


#: A wrapped row that starts where the row above starts (within this many characters) continues
#: an indented block or a table cell: its leading tabs are that indent, not text; glued on, they
#: would read as a cell gap in the middle of a sentence. (Writers that keep the space at a wrap
#: tell an indent from a tab the author typed at the wrap, and keep it.)
INDENT_SLACK = 0.6


def _glue(text: str, more: str, by_space: bool) -> str:
    """Join a wrapped row to the next (a kept space, a hyphen or a slash needs nothing more)."""
    if text.endswith((" ", "-", "/", "\t")) or by_space:
        return text + more
    return f"{text} {more}"
