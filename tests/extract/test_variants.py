"""Every seed document, converted another way, gives the same facts (issue 10, part 2).

Each seed is converted in ``tmp_path`` the ways documents of this field reach us:

* ``tabs-to-spaces``: every tab becomes four spaces;
* ``markdown-stripped``: heading marks, ``**bold**``, ``__bold__`` and ``*emphasis*`` removed;
* ``crlf-cp1252``: CRLF line ends, Windows-1252 (characters it lacks written as HTML character
  references, as Word's "save as text (Windows)" with "allow character substitution" does);
* ``html``: a web page: paragraphs, tab-separated lines as table rows, blank lines as Word's
  ``<p>&nbsp;</p>``;
* ``pdf``: the text printed to PDF (monospaced, tab stops every 8 characters, long lines wrapped
  at the margin, as ``enscript`` prints a text file but in Unicode) by WeasyPrint (Debian package
  ``weasyprint``, installed by ``make system-deps``); marked slow.

The graph of each variant must equal the graph of the seed modulo evidence line numbers and
quotes (and the file name and line count of the document, which describe the file, not a fact).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from bwgraph.context import BuildContext
from bwgraph.namespaces import BWMO
from bwgraph.pipeline import document_graph
from bwgraph.records import SourceDocument

KINDS = ["assignment", "status_report", "action_plan", "housing_agenda", "agreement_proposal"]

#: Predicates that describe where a fact was read or the file it was read from, not the fact.
_WHERE = {BWMO.lineNumber, BWMO.quote, BWMO.fileName, BWMO.lineCount, BWMO.sha256}
_LINE_IRI = re.compile(r"/line/\d+$")
#: A mention is named after the line it was read on: …/mention/{document}/{line}/{name}.
_MENTION_LINE = re.compile(r"(/id/mention/[^/]+/)\d+/")


def tabs_to_spaces(text: str) -> bytes:
    return text.replace("\t", "    ").encode("utf-8")


def markdown_stripped(text: str) -> bytes:
    out = []
    for line in text.splitlines():
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = line.replace("**", "").replace("__", "")
        line = re.sub(r"(?<![\w*])\*(\S[^*]*?\S|\S)\*(?![\w*])", r"\1", line)
        out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def crlf_cp1252(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("cp1252", errors="xmlcharrefreplace")


def to_html(text: str) -> bytes:
    """A web page of the text: <p> per line, runs of tab-separated lines as a table."""
    body: list[str] = []
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            if not in_table:
                body.append("<table>")
                in_table = True
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            body.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        body.append(f"<p>{html.escape(line)}</p>" if line.strip() else "<p>&nbsp;</p>")
    if in_table:
        body.append("</table>")
    page = (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>bron</title>'
        "<style>td{vertical-align:top} p{margin:0}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")


VARIANTS = {
    "tabs-to-spaces": (tabs_to_spaces, ".txt"),
    "markdown-stripped": (markdown_stripped, ".txt"),
    "crlf-cp1252": (crlf_cp1252, ".txt"),
    "html": (to_html, ".html"),
}


def comparable(g: Graph) -> set[tuple[object, object, object]]:
    """The triples of a document graph without where-it-was-read: line IRIs folded, and the
    description of each evidence line (its number, label, quote) left out."""

    def fold(term: object) -> object:
        if isinstance(term, URIRef):
            return URIRef(_MENTION_LINE.sub(r"\1N/", _LINE_IRI.sub("/line/N", term)))
        return term

    return {
        (fold(s), p, fold(o))
        for s, p, o in g
        if p not in _WHERE and not (isinstance(s, URIRef) and _LINE_IRI.search(s))
    }


@pytest.fixture(scope="module")
def seed_graphs(
    sources: dict[str, SourceDocument], ctx: BuildContext
) -> dict[str, set[tuple[object, object, object]]]:
    return {kind: comparable(document_graph(sources[kind], ctx)[0]) for kind in KINDS}


def _variant_graph(doc: SourceDocument, data: bytes, suffix: str, tmp_path: Path,
                   ctx: BuildContext) -> set[tuple[object, object, object]]:
    path = tmp_path / f"{doc.path.stem}{suffix}"
    path.write_bytes(data)
    return comparable(document_graph(replace(doc, path=path), ctx)[0])


def _diff(a: set[tuple[object, object, object]], b: set[tuple[object, object, object]]) -> str:
    only_a = sorted(map(str, a - b))[:5]
    only_b = sorted(map(str, b - a))[:5]
    return f"only in the seed: {only_a}\nonly in the variant: {only_b}"


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("kind", KINDS)
def test_variant_gives_the_same_facts(
    kind: str,
    variant: str,
    sources: dict[str, SourceDocument],
    seed_graphs: dict[str, set[tuple[object, object, object]]],
    ctx: BuildContext,
    tmp_path: Path,
) -> None:
    doc = sources[kind]
    convert, suffix = VARIANTS[variant]
    text = doc.path.read_text(encoding="utf-8")
    if (variant == "tabs-to-spaces" and "\t" not in text) or (
        variant == "markdown-stripped" and markdown_stripped(text) == text.encode("utf-8")
    ):
        pytest.skip(f"{doc.path.name} has nothing this conversion changes")
    data = convert(text)
    assert data != doc.path.read_bytes()  # the variant really is another file
    got = _variant_graph(doc, data, suffix, tmp_path, ctx)
    want = seed_graphs[kind]
    assert got == want, _diff(want, got)


def test_comparison_sees_a_changed_fact(
    sources: dict[str, SourceDocument],
    seed_graphs: dict[str, set[tuple[object, object, object]]],
    ctx: BuildContext,
    tmp_path: Path,
) -> None:
    """The comparison is not blind: a variant with one fact changed is told apart."""
    doc = sources["agreement_proposal"]
    text = doc.path.read_text(encoding="utf-8")
    # line 6 "1      22 juli 2021      L Breet": the proposal's date
    assert "22 juli 2021" in text
    got = _variant_graph(doc, text.replace("22 juli 2021", "23 juli 2021").encode(), ".txt",
                         tmp_path, ctx)
    assert got != seed_graphs["agreement_proposal"]
    assert any(isinstance(o, Literal) and "2021-07-23" in o for _s, _p, o in got)


def to_printed_html(text: str) -> bytes:
    """The text as a printer shows it: monospaced, tabs at stops every 8 characters, long lines
    wrapped at the page margin (what ``enscript``/``paps`` do, in Unicode)."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    page = (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 15mm } body { margin: 0 }"
        ' p { white-space: pre-wrap; font-family: "DejaVu Sans Mono", monospace; font-size: 8pt;'
        " tab-size: 8; margin: 0; min-height: 1.2em; line-height: 1.2em }"
        "</style></head><body>\n" + body + "</body></html>\n"
    )
    return page.encode("utf-8")


#: Seeds whose PDF does not yet read back to the same facts, and why (measured, not assumed).
PDF_KNOWN_GAPS = {
    "assignment": "a printed line that wraps exactly at a tab cannot be told from a line end",
    "action_plan": "a printed line that wraps exactly at a tab cannot be told from a line end",
    "housing_agenda": "a printed line that wraps exactly at a tab cannot be told from a line end",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(k, marks=pytest.mark.xfail(reason=PDF_KNOWN_GAPS[k], strict=True))
        if k in PDF_KNOWN_GAPS
        else k
        for k in KINDS
    ],
)
def test_pdf_variant_gives_the_same_facts(
    kind: str,
    sources: dict[str, SourceDocument],
    seed_graphs: dict[str, set[tuple[object, object, object]]],
    ctx: BuildContext,
    tmp_path: Path,
) -> None:
    weasyprint = shutil.which("weasyprint")
    if weasyprint is None:
        pytest.fail("weasyprint is missing: run `make system-deps` (Debian package weasyprint)")
    doc = sources[kind]
    page = tmp_path / "page.html"
    page.write_bytes(to_printed_html(doc.path.read_text(encoding="utf-8")))
    pdf = tmp_path / f"{doc.path.stem}.pdf"
    subprocess.run([weasyprint, "-q", str(page), str(pdf)], check=True, timeout=300)
    got = _variant_graph(doc, pdf.read_bytes(), ".pdf", tmp_path, ctx)
    assert got == seed_graphs[kind], _diff(seed_graphs[kind], got)
