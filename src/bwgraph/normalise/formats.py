"""From bytes to raw lines, per media type: the only place that knows file formats.

Each reader returns the raw lines (before residue cleaning) and the text encoding it used. The
media type is sniffed from the content first (magic numbers), the file name only breaks ties
(HTML), so a PDF called ``.txt`` is still read as a PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser

from bwgraph.normalise.core import NormaliseError

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Magic numbers of formats that are not documents we can read, with what to tell the user.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls); save as DOCX or PDF"),
    (b"\x89PNG", "a PNG image, not a document"),
    (b"\xff\xd8\xff", "a JPEG image, not a document"),
    (b"GIF8", "a GIF image, not a document"),
    (b"\x1f\x8b", "gzip-compressed data; unpack it first"),
    (b"\x7fELF", "an executable, not a document"),
    (b"MZ", "an executable, not a document"),
    (b"{\\rtf", "an RTF file; save it as DOCX or PDF"),
)

#: A DOCX (a ZIP archive) may unpack to at most this much: Word documents of this field are a
#: few MB; a small archive that unpacks to gigabytes is an attack, not a document.
MAX_UNPACKED = 200 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: charset-normalizer names of Western single-byte code pages; Dutch text in any of them is read
#: as Windows-1252, the superset Word and Windows write (curly quotes, €, …).
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp850", "mac_roman", "cp1250",
            "iso8859_2", "iso8859_9", "cp1254", "iso8859_16"}

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.I | re.S)
_LINE_END = re.compile(r"\r\n|\r|\n")


def sniff(data: bytes, name: str) -> str:
    """The media type of ``data``; refuse formats that are not documents."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                unpacked = sum(info.file_size for info in zf.infolist())
        except zipfile.BadZipFile as exc:
            raise NormaliseError(name, f"a broken ZIP/DOCX file ({exc})") from exc
        if unpacked > MAX_UNPACKED:
            raise NormaliseError(
                name, f"unpacks to {unpacked / 1_048_576:.0f} MB, more than the "
                f"{MAX_UNPACKED // 1_048_576} MB a document may (a ZIP bomb?)"
            )
        if "word/document.xml" in names:
            return DOCX
        raise NormaliseError(name, "a ZIP archive that is not a Word (DOCX) document")
    for magic, what in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise NormaliseError(name, what)
    head = data[:2048]
    if _HTML_START.match(_strip_bom(head)) or (
        name.lower().endswith((".html", ".htm", ".xhtml")) and b"<" in head
    ):
        return HTML
    return TEXT


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes of a text file → (text, encoding). UTF-8 first, BOMs honoured, else detected."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as exc:
                raise NormaliseError(
                    name, f"starts with a {enc} byte-order mark but is not {enc} "
                    f"({exc.reason} at byte {exc.start})"
                ) from exc
    head = data[:4096]
    if b"\x00" in head and _looks_utf16(data):
        # UTF-16 without a byte-order mark: the NULs sit in the high bytes of ASCII letters
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise NormaliseError(name, f"looks like {enc} but is not ({exc.reason})") from exc
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _detect(data, name)
    _refuse_binary(text, name)
    _refuse_non_latin(text, enc, name)
    return text, enc


def _mostly_latin(text: str) -> bool:
    """At least half of the letters (of the first 64k characters) are Latin script."""
    import unicodedata

    letters = [c for c in text[:65536] if c.isalpha()]
    if len(letters) < 20:
        return True
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin >= 0.5 * len(letters)


def _refuse_non_latin(text: str, enc: str, name: str) -> None:
    """Documents of this field are Dutch: letters mostly in Latin script. Anything else is a
    file in an encoding we guessed wrong, or not a document of this field."""
    if not _mostly_latin(text):
        raise NormaliseError(
            name, f"read as {enc} the text is not in Latin script: a wrong encoding, or not a "
            "Dutch document; save it as UTF-8"
        )


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise NormaliseError(name, "binary data (NUL bytes), not a text document")
    # Not UTF-8: a Dutch document is then Windows-1252 (Word, Windows) far more often than
    # anything else, and single-byte guesses on short texts are unreliable (a no-break space
    # read as Mac Roman '†'). Windows-1252 wins when it decodes to Latin-script text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_latin(text):
        return text, "windows-1252"
    best = from_bytes(data).best()
    if best is None:
        raise NormaliseError(name, "not text in any known encoding (binary or damaged file)")
    enc = best.encoding
    if enc in _WESTERN:
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "iso-8859-1"
    if best.chaos > 0.3:
        raise NormaliseError(
            name, f"cannot tell the text encoding (best guess {enc} reads as garbage); "
            "save the file as UTF-8"
        )
    return str(best), enc


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16: every other byte NUL in mostly-ASCII text."""
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    return len(head) >= 4 and (odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even))


def _refuse_binary(text: str, name: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if "\x00" in sample or control > 0.01 * len(sample):
        raise NormaliseError(name, "binary data (control characters), not a text document")


def read_text(data: bytes, name: str) -> tuple[list[str], str]:
    """Plain text: one raw line per line of the file (LF, CRLF or CR), numbering unchanged."""
    text, enc = decode(data, name)
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines, enc


class _HTMLLines(HTMLParser):
    """Text of an HTML page as lines: blocks and ``<br>`` end a line, cells are tab-separated."""

    BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table",
                       "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "header",
                       "footer", "main", "nav", "aside", "pre", "hr", "title", "caption", "form",
                       "address", "figure", "figcaption", "body", "html", "thead", "tbody"})
    SKIP = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.pre = 0
        self.title: list[str] = []
        self.in_title = False
        self.in_row = False

    def _end_line(self) -> None:
        text = "".join(self.current)
        if text.strip(" \t\n"):
            # a paragraph holding only a no-break space is Word's empty paragraph: a blank line
            self.lines.append("" if not text.strip() else text)
        self.current = []
        self.in_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            if self.in_row:  # a cell after the first: separated by a tab
                self.current.append("\t")
            self.in_row = True
        elif tag == "br":
            self._end_line()
        elif tag in self.BLOCK:
            self._end_line()
            if tag == "pre":
                self.pre += 1
            elif tag == "li":
                self.current.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            pass
        elif tag in self.BLOCK:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip:
            return
        if self.pre:
            parts = _LINE_END.split(data)
            for i, part in enumerate(parts):
                if i:
                    self._end_line()
                self.current.append(part)
        else:
            self.current.append(re.sub(r"[ \n\r\f\v]+", " ", data))


def read_html(data: bytes, name: str) -> tuple[list[str], str]:
    """HTML (a page or a fragment): text by blocks, through the standard library's parser."""
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    text, enc = "", ""
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            text, enc = data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            text = ""
    if not enc:
        text, enc = decode(data, name)
    parser = _HTMLLines()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser raises AssertionError on some malformed input
        raise NormaliseError(name, f"cannot be parsed as HTML: {exc}") from exc
    parser._end_line()
    return parser.lines, enc


def read_docx(data: bytes, name: str) -> tuple[list[str], str]:
    """DOCX: paragraphs and table rows (cells tab-separated) in document order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise NormaliseError(name, f"a broken Word (DOCX) file: {exc}") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.split("\n"))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                lines.append("\t".join(cells))
    return lines, "utf-8"


def read_pdf(data: bytes, name: str) -> tuple[list[str], str]:
    from bwgraph.normalise.pdf import pdf_lines

    return pdf_lines(data, name), "utf-8"


READERS: dict[str, Callable[[bytes, str], tuple[list[str], str]]] = {
    TEXT: read_text,
    HTML: read_html,
    PDF: read_pdf,
    DOCX: read_docx,
}
