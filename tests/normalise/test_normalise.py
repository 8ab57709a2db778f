"""The normaliser: every encoding, line end and format of a document reads as the same lines.

Expected lines are written out by hand from the small inputs built here.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from bwgraph.normalise import MAX_BYTES, NormaliseError, clean_line, normalise, normalise_file

DUTCH = "Café “De Kroon”: financiële\tsolidariteit € 2 mln\n’s-Hertogenbosch en Súdwest-Fryslân\n"
LINES = ("Café “De Kroon”: financiële\tsolidariteit € 2 mln", "’s-Hertogenbosch en Súdwest-Fryslân")


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (DUTCH.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + DUTCH.encode("utf-8"), "utf-8-sig"),
        (DUTCH.encode("utf-16"), "utf-16-le"),  # with a byte-order mark
        (b"\xfe\xff" + DUTCH.encode("utf-16-be"), "utf-16-be"),
        (DUTCH.encode("utf-16-le"), "utf-16-le"),  # without one
        (DUTCH.replace("\n", "\r\n").encode("cp1252"), "windows-1252"),
    ],
)
def test_encodings_read_alike(encoded: bytes, encoding: str) -> None:
    n = normalise(encoded, name="doc.txt")
    assert n.texts() == LINES
    assert n.encoding == encoding
    assert n.media_type == "text/plain"
    assert n.original_sha256 == hashlib.sha256(encoded).hexdigest()
    assert n.text_sha256 == hashlib.sha256(n.text().encode("utf-8")).hexdigest()


def test_latin1_without_curly_quotes_reads_as_windows_1252() -> None:
    n = normalise("Fryslân en financiële middelen\n".encode("latin-1") * 3, name="l1.txt")
    assert n.texts()[0] == "Fryslân en financiële middelen"


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_line_ends_keep_line_numbers(end: str) -> None:
    text = end.join(["eerste", "", "derde", "vierde"]) + end
    n = normalise(text.encode(), name="x.txt")
    assert [(line.number, line.text) for line in n.lines] == [
        (1, "eerste"), (2, ""), (3, "derde"), (4, "vierde"),
    ]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("## **Portefeuille: II**", "Portefeuille: II"),
        ("#### *1.1 Hiermee geven wij invulling*", "1.1 Hiermee geven wij invulling"),
        ("**Onderwerp:** Bestuurlijk Akkoord", "Onderwerp: Bestuurlijk Akkoord"),
        ("een __vet__ en _schuin_ woord, snake_case", "een vet en schuin woord, snake_case"),
        ("* Met uitzondering van Housing First", "* Met uitzondering van Housing First"),
        ("<p><b>Toelichting:</b> Er is &amp; wordt</p>", "Toelichting: Er is & wordt"),
        ("<p><b>Succesfactoren</b></p> <p>De regio</p>", "Succesfactoren\tDe regio"),
        ("&#10003; = Ja", "✓ = Ja"),
        ("Mei en 1 ^e helt juni", "Mei en 1e helt juni"),
        ("2^e week", "2e week"),
        ("Label:\t\t✓", "Label:\t\t✓"),
        ("Label:        ✓", "Label:\t\t✓"),  # 8 spaces: the two tabs they stand for
        ("Label:    ✓", "Label:\t✓"),
        ("einde zin.  Nieuwe zin", "einde zin. Nieuwe zin"),
        ("\tGeld\t• Binnen", "\tGeld\t• Binnen"),
        ("    Geld    • Binnen", "\tGeld\t• Binnen"),
        ("dr. Patrick Jansen  ", "dr. Patrick Jansen"),
        ("| Gemeente | Aantal |", "Gemeente\tAantal"),
        ("|---|---|", ""),
        ("a\u00a0b\u200bc\u00add", "a bcd"),
        ("⚙️ = In ontwikkeling", "⚙ = In ontwikkeling"),
        ("Afdeling:\u00a0\u00a0\u00a0\u00a0 Datum:", "Afdeling:\tDatum:"),
    ],
)
def test_residue_is_cleaned_in_one_place(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


def test_html_page() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>t</title><style>p{}</style>"
        "<script>var x = '<p>nee</p>';</script></head><body>"
        "<h1>Centrumregeling &amp; mandaat</h1><p>Eerste <b>alinea</b><br>tweede regel</p>"
        "<p>&nbsp;</p><ul><li>een</li><li>twee</li></ul>"
        "<table><tr><td>Gemeente</td><td></td><td>Aantal</td></tr>"
        "<tr><td></td><td>Geld</td><td>12</td></tr></table></body></html>"
    )
    n = normalise(page.encode("utf-8"), name="page.html")
    assert n.media_type == "text/html"
    assert n.texts() == (
        "Centrumregeling & mandaat",
        "Eerste alinea",
        "tweede regel",
        "",
        "- een",
        "- twee",
        "Gemeente\t\tAantal",
        "\tGeld\t12",
    )


def test_docx(tmp_path: Path) -> None:
    from docx import Document

    d = Document()
    d.add_heading("Gemeenschappelijke regeling", level=1)
    d.add_paragraph("Vastgesteld op 1 januari 2024.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Gemeente"
    table.cell(0, 1).text = "Rol"
    table.cell(1, 0).text = "Zwolle"
    table.cell(1, 1).text = "centrumgemeente"
    d.add_paragraph("Slot")
    buf = io.BytesIO()
    d.save(buf)
    n = normalise(buf.getvalue(), name="regeling.docx")
    assert n.media_type.endswith("wordprocessingml.document")
    assert n.texts() == (
        "Gemeenschappelijke regeling",
        "Vastgesteld op 1 januari 2024.",
        "Gemeente\tRol",
        "Zwolle\tcentrumgemeente",
        "Slot",
    )


def test_pdf_rows_tabs_and_wrapped_lines(tmp_path: Path) -> None:
    weasyprint = shutil.which("weasyprint")
    if weasyprint is None:
        pytest.fail("weasyprint is missing: run `make system-deps`")
    long = " ".join(["woonvoorziening"] * 30)
    # "Gemeenten" (9 characters): WeasyPrint draws a tab that follows exactly 8 characters with no
    # width at all, and what a PDF does not show cannot be read back.
    page = tmp_path / "p.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:A4;margin:20mm}'
        "p{white-space:pre-wrap;font-family:'DejaVu Sans Mono';font-size:9pt;margin:0;"
        "min-height:1.2em;line-height:1.2em}</style></head><body>"
        f"<p>Centrumregeling Beschermd Wonen</p><p></p><p>Gemeenten\tAantal</p><p>{long}</p>"
        "<p>Einde</p></body></html>",
        encoding="utf-8",
    )
    pdf = tmp_path / "p.pdf"
    subprocess.run([weasyprint, "-q", str(page), str(pdf)], check=True, timeout=120)
    n = normalise_file(pdf)
    assert n.media_type == "application/pdf"
    assert n.texts() == ("Centrumregeling Beschermd Wonen", "", "Gemeenten\tAantal", long, "Einde")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t \n", "empty"),
        (b"tekst\x00\x01\x02\x03 en meer\x00" * 50, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy Office"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
        (b"%PDF-1.4\nnot really a pdf", "PDF"),
        ("共同規制 保護住宅 社会的支援の計画書。".encode("shift_jis") * 20, "Latin script"),
        (b"<html><body><script>x</script></body></html>", "no text"),
    ],
)
def test_unreadable_input_is_refused_in_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(NormaliseError) as info:
        normalise(data, name="stuk.txt")
    message = str(info.value)
    assert message.startswith("stuk.txt: ")
    assert reason in message
    assert "\n" not in message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "groot.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(NormaliseError, match=r"groot\.txt: .*larger than the limit of 20 MB"):
        normalise_file(big)
    with pytest.raises(NormaliseError, match=r"larger than the limit"):
        normalise(b"a" * (MAX_BYTES + 1), name="x")


def test_zip_bomb_docx_is_refused_before_unpacking() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        with z.open("word/media/padding.bin", "w", force_zip64=True) as f:
            block = bytes(1024 * 1024)
            for _ in range(201):
                f.write(block)
    data = buf.getvalue()
    assert len(data) < 2 * 1024 * 1024  # small on disk
    with pytest.raises(NormaliseError, match=r"bom\.docx: unpacks to 201 MB.*ZIP bomb"):
        normalise(data, name="bom.docx")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NormaliseError, match=r"weg\.txt: cannot be read"):
        normalise_file(tmp_path / "weg.txt")
