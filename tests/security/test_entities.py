"""XML from outside never reads a local file or expands entities without bound: documents
ingested as DOCX or HTML (the normaliser), and RDF/XML or SPARQL XML results parsed by pyoxigraph
(answers of a remote store)."""

from __future__ import annotations

import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from bwgraph.normalise import NormaliseError, normalise

SECRET = "bwgraph-secret-7f3a9c"

LAUGHS = "".join(
    f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10))


def _secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def _docx(document_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                   'ContentType="application/xml"/><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document_xml)
    return out.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_docx_with_an_external_entity_does_not_read_the_file(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path)
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Convenant &xxe; Beschermd '
           "Wonen</w:t></w:r></w:p></w:body></w:document>")
    try:
        text = normalise(_docx(xml), name="attack.docx").text()
    except NormaliseError:
        return  # refused with a reason: fine
    assert SECRET not in text


def test_docx_entity_expansion_is_bounded() -> None:
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "ha">{LAUGHS}]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body>'
           "</w:document>")
    started = time.monotonic()
    try:
        text = normalise(_docx(xml), name="laughs.docx").text()
    except NormaliseError:
        text = ""
    assert time.monotonic() - started < 10
    assert len(text) < 10_000_000


def test_html_with_an_external_entity_does_not_read_the_file(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path)
    html = (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]><html><body>'
            "<p>Centrumregeling &xxe; beschermd wonen</p></body></html>").encode()
    try:
        text = normalise(html, name="attack.html").text()
    except NormaliseError:
        return
    assert SECRET not in text


def test_rdfxml_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path)
    data = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
            "<ex:p>&xxe;</ex:p></rdf:Description></rdf:RDF>").encode()
    try:
        quads = list(ox.parse(data, format=ox.RdfFormat.RDF_XML))
    except SyntaxError:
        return
    assert all(SECRET not in str(q) for q in quads)


@pytest.mark.parametrize("kind", ["results"])
def test_xml_entity_expansion_is_bounded(kind: str) -> None:
    """pyoxigraph's SPARQL XML results parser does not expand entities. (Its RDF/XML parser
    does, without bound — about a minute for the document below — which is why every XML from
    outside goes through :func:`bwgraph.xmlsafe.check_xml` first: see the test after this.)"""
    doctype = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">{LAUGHS}]>'
    started = time.monotonic()
    try:
        if kind == "rdfxml":
            data = (doctype + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                    ' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://e.org/s">'
                    "<ex:p>&l9;</ex:p></rdf:Description></rdf:RDF>").encode()
            size = sum(len(str(q)) for q in ox.parse(data, format=ox.RdfFormat.RDF_XML))
        else:
            data = (doctype + '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
                    '<variable name="x"/></head><results><result><binding name="x"><literal>'
                    "&l9;</literal></binding></result></results></sparql>").encode()
            size = sum(len(str(s)) for s in ox.parse_query_results(
                data, format=ox.QueryResultsFormat.XML))
    except SyntaxError:
        size = 0
    assert time.monotonic() - started < 10
    assert size < 10_000_000


def test_entity_declarations_are_refused_before_parsing() -> None:
    from bwgraph.xmlsafe import UnsafeXml, check_xml

    laughs = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">{LAUGHS}]><r>&l9;</r>'
              ).encode()
    with pytest.raises(UnsafeXml, match="remote answer"):
        check_xml(laughs, what="remote answer")
    with pytest.raises(UnsafeXml):
        check_xml(b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:1/x.dtd"><r/>',
                  what="x")
    check_xml(b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
              b"<head/><boolean>true</boolean></sparql>", what="x")


@pytest.fixture
def laughing_store() -> Iterator[str]:
    """A loopback server playing a SPARQL store whose every answer is a billion-laughs RDF/XML
    document; yields its ``--store`` URL."""
    body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">{LAUGHS}]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://e.org/s">'
            "<ex:p>&l9;</ex:p></rdf:Description></rdf:RDF>").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "application/rdf+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"sparql+http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def test_a_remote_answer_with_entities_is_refused(laughing_store: str) -> None:
    """A remote store answering with a billion-laughs document is refused before pyoxigraph
    parses a byte of it (unchecked, the same document costs pyoxigraph about a minute)."""
    from bwgraph.stores import open_store

    store = open_store(laughing_store)
    started = time.monotonic()
    with pytest.raises((OSError, ValueError)):
        store.evaluate("CONSTRUCT WHERE { ?s ?p ?o }", default_graphs=["urn:g"],
                       deadline=time.monotonic() + 30)
    assert time.monotonic() - started < 10
