"""PDF → lines (pypdf): pages in order, each page's text lines after the previous page's."""

from __future__ import annotations

import io
import logging

from bwgraph.normalise.core import NormaliseError


def pdf_lines(data: bytes, name: str) -> list[str]:
    """The text lines of a PDF; a PDF without a text layer (a scan) is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise NormaliseError(name, "an encrypted PDF; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except NormaliseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NormaliseError(name, f"a broken PDF file: {exc}") from exc
    lines: list[str] = []
    for text in pages:
        lines.extend(text.splitlines())
    if not any(line.strip() for line in lines):
        raise NormaliseError(name, "a PDF without a text layer (a scan?); it needs OCR first")
    return lines
