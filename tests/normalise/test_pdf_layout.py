"""The PDF reader on typeset documents: justified text, tables, headings (faults seen on the
status report's typeset PDF, met by every kind of policy document).

Each PDF is rendered by WeasyPrint from the small HTML page written here; the expected lines are
the text of that page as a person reads it on paper, written out by hand.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bwgraph.normalise import normalise_file

_CSS = (
    "@page { size: A4; margin: 20mm } body { font-family: 'DejaVu Sans', sans-serif;"
    " font-size: 10pt } p { margin: 0 0 6pt 0 } td { padding: 2pt 8pt 2pt 0; vertical-align: top }"
)

#: A paragraph long enough to wrap over several lines of a narrow column.
_TEXT = (
    "De centrumgemeente ontvangt de middelen voor beschermd wonen en maatschappelijke opvang"
    " en verdeelt deze volgens de afspraken die de regiogemeenten samen hebben gemaakt over de"
    " zorg in de regio."
)


def _lines(tmp_path: Path, body: str, css: str = "") -> tuple[str, ...]:
    weasyprint = shutil.which("weasyprint")
    if weasyprint is None:
        pytest.fail("weasyprint is missing: run `make system-deps`")
    page = tmp_path / "p.html"
    page.write_text(
        f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><style>{_CSS} {css}"
        f"</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    pdf = tmp_path / "p.pdf"
    subprocess.run([weasyprint, "-q", str(page), str(pdf)], check=True, timeout=120)
    return tuple(line for line in normalise_file(pdf).texts() if line.strip())


def test_justified_text_has_single_spaces_between_words(tmp_path: Path) -> None:
    """Justification stretches the space between words; a stretched space is still one space."""
    lines = _lines(tmp_path, f"<p>{_TEXT}</p>", "p { text-align: justify; width: 60mm }")
    assert not any("\t" in line for line in lines), lines
    assert not any("  " in line for line in lines), lines
    assert " ".join(lines).split() == _TEXT.split()


def test_justified_full_width_paragraph_is_one_line(tmp_path: Path) -> None:
    """A justified paragraph over the full column is re-joined, with single spaces."""
    text = " ".join([_TEXT] * 3)
    lines = _lines(tmp_path, f"<p>{text}</p><p>Einde.</p>", "p { text-align: justify }")
    assert lines == (text, "Einde.")


def test_table_gives_one_line_per_row(tmp_path: Path) -> None:
    """Every table row is its own line (cells apart by a tab); neither the paragraph below the
    table nor the heading after it is glued to a row."""
    # the amounts are right-aligned: every row ends at the right margin, as a full line does
    rows = [
        ("Zwolle (centrumgemeente)", "€ 1.250.000"),
        ("Kampen", "€ 310.000"),
        ("Dalfsen", "€ 95.500"),
    ]
    table = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    lines = _lines(
        tmp_path,
        f"<h2>Deelnemende gemeenten</h2><table>{table}</table>"
        "<p>De gemeenten werken samen.</p><h2>Artikel 2 Taken</h2><p>Tekst.</p>",
        "table { width: 100% } td + td { text-align: right }",
    )
    # a wide gap may stand for more than one tab (empty cells): the cells are what is compared
    assert tuple(tuple(re.split(r"\t+", line)) for line in lines) == (
        ("Deelnemende gemeenten",),
        *rows,
        ("De gemeenten werken samen.",),
        ("Artikel 2 Taken",),
        ("Tekst.",),
    )


def test_heading_after_a_full_last_line_stays_apart(tmp_path: Path) -> None:
    """A paragraph whose last line reaches the margin is not glued to the heading below, nor a
    heading that fills its line to the paragraph under it."""
    # the last line of the paragraph is filled to the right margin: it is printed justified by
    # text-align-last, which a typesetter does for a paragraph ending at the margin too
    lines = _lines(
        tmp_path,
        f"<p>{_TEXT}</p><h2>Artikel 1 Begrippen</h2><p>In deze regeling wordt verstaan onder"
        " cliënt: een inwoner.</p>",
        "p { text-align: justify; text-align-last: justify }",
    )
    assert lines == (
        _TEXT,
        "Artikel 1 Begrippen",
        "In deze regeling wordt verstaan onder cliënt: een inwoner.",
    )


def test_paragraph_wrapped_over_lines_is_joined(tmp_path: Path) -> None:
    text = " ".join([_TEXT] * 2)
    lines = _lines(tmp_path, f"<p>{text}</p><p>Einde</p>")
    assert lines == (text, "Einde")


def test_bold_title_in_the_body_size_stays_apart(tmp_path: Path) -> None:
    """An article title set bold in the body's size right under a full line (no space between)
    is a new line: a typesetter does not change weight within a wrapped line."""
    lines = _lines(
        tmp_path,
        f"<p class='full'>{_TEXT}</p><p><b>Artikel 2 Taken</b></p><p>Tekst.</p>",
        "p { margin: 0 } .full { text-align: justify; text-align-last: justify }",
    )
    assert lines == (_TEXT, "Artikel 2 Taken", "Tekst.")


def test_paragraphs_apart_by_a_small_margin_stay_apart(tmp_path: Path) -> None:
    """Paragraphs apart by less than a blank line (here a quarter line) are still two lines,
    even when the first one's last line is full: the step is larger than the line pitch."""
    lines = _lines(
        tmp_path,
        f"<p class='full'>{_TEXT}</p><p>Deze regeling treedt in werking op 1 januari.</p>",
        "p { margin: 0 0 3pt 0 } .full { text-align: justify; text-align-last: justify }",
    )
    assert lines == (_TEXT, "Deze regeling treedt in werking op 1 januari.")


def test_two_words_stretched_over_a_narrow_column_are_apart_by_a_space(tmp_path: Path) -> None:
    """Long words leave two words on a line of a narrow justified column (a table cell): their
    one space is stretched over more than half the column and is still one space."""
    text = (
        "Het samenwerkingsverband beschermd wonen regelt de maatschappelijke opvang, de"
        " verantwoordelijkheidsverdeling en de contractmanagementafspraken."
    )
    lines = _lines(tmp_path, f"<p>{text}</p>", "p { text-align: justify; width: 35mm }")
    assert "en de" in lines  # seven em between "en" and "de"
    assert not any("\t" in line for line in lines), lines
    assert " ".join(lines) == text


def test_space_kept_at_the_end_of_a_cell_line_is_no_word_gap(tmp_path: Path) -> None:
    """A writer that keeps the space where it wrapped a cell's text (here ``pre-wrap``) draws a
    space glyph and then the gap to the next cell: that is a column gap, the cells stay apart."""
    lines = _lines(
        tmp_path,
        "<table><tr><td>Verbondenheid lokale toegang met regionale MO en gecontracteerde"
        " hulp:</td><td>In ontwikkeling</td></tr><tr><td>Toegang:</td><td>Ja</td></tr></table>",
        "td { white-space: pre-wrap } td:first-child { width: 40mm }",
    )
    assert [re.split(r"\t+", line) for line in lines] == [
        ["Verbondenheid lokale", "In ontwikkeling"],
        ["toegang met"],
        ["regionale MO en"],
        ["gecontracteerde hulp:"],
        ["Toegang:", "Ja"],
    ]


def test_paragraph_with_a_footnote_mark_is_joined(tmp_path: Path) -> None:
    """A raised footnote mark sits on a baseline of its own; it is no line of the paragraph and
    does not stop the paragraph's wrapped lines from being joined."""
    text = " ".join([_TEXT] * 2)
    head, tail = text[:60], text[60:]
    lines = _lines(tmp_path, f"<p>{head}<sup>1</sup>{tail}</p><p>Einde</p>")
    assert [line.replace("1", "") for line in lines] == [text, "Einde"]


def test_wrapped_cell_text_reads_on_without_cell_gaps(tmp_path: Path) -> None:
    """A table cell's text wrapped over lines: the lines below the first start in the cell's
    column; they are one text, with no cell gap between the words where the lines met."""
    text = (
        "Stakeholders waren niet betrokken in het proces; het eindresultaat is met hen gedeeld"
        " en vervolgens zijn de stakeholders op uitvoeringsniveau betrokken."
    )
    lines = _lines(
        tmp_path,
        f"<table><tr><td>Betrokken stakeholders:</td><td>{text}</td></tr>"
        "<tr><td>Toegang:</td><td>Ja</td></tr></table>",
        "td { text-align: justify } td:first-child { width: 60% }",
    )
    cells = [re.split(r"\t+", line.lstrip("\t")) for line in lines]
    assert len(cells) == 3, lines
    (label, first), (rest,), last = cells
    assert label == "Betrokken stakeholders:"
    assert f"{first} {rest}" == text
    assert lines[1].startswith("\t")  # still in the second column
    assert last == ["Toegang:", "Ja"]
