"""Dereferencing minted IRIs over HTTP: content negotiation, evidence on pages, source texts.

The fixture's narrative was read from line 103 of the status report (the first paragraph of
"## Regiobeeld Alkmaar", which begins "In 2018 is een regionale collegenota over de transformatie
van Beschermd wonen opgesteld."); the page of the region must show that quote and link to
``/sources/001_….txt#L103``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from bwgraph.export import describe
from bwgraph.formats import to_rdflib
from bwgraph.store import OxigraphStore
from tests.api.conftest import ALKMAAR_LINE, SmallGraph

BWMO = "https://w3id.org/bwmo/def#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _path(iri: str, base: str) -> str:
    assert iri.startswith(base)
    return "/" + iri[len(base):]


def test_region_page_shows_label_type_and_the_evidence_of_linked_facts(
    base_url: str, small_graph: SmallGraph
) -> None:
    r = httpx.get(base_url + _path(str(small_graph.region), small_graph.base),
                  headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    html = r.text
    assert "<h1>Alkmaar</h1>" in html  # regions.csv: report_name "Alkmaar"
    assert 'href="/def#Region"' in html
    assert "In 2018 is een regionale collegenota over de transformatie" in html
    assert f'/sources/{small_graph.file_name}#L{ALKMAAR_LINE}"' in html
    # link to the narrative (an incoming link) as a local path
    assert f'href="{_path(str(small_graph.narrative), small_graph.base)}"' in html


def test_fact_page_shows_its_own_evidence(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(base_url + _path(str(small_graph.narrative), small_graph.base) + "?lang=en",
                  headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert ">What the source says</h2>" in r.text
    assert f"<blockquote>{escape(small_graph.quote)}</blockquote>" in r.text
    assert f"line {ALKMAAR_LINE}" in r.text


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
     ("application/n-triples", "nt"), ("application/rdf+xml", "xml")],
)
def test_machines_get_the_bounded_description(
    base_url: str, small_graph: SmallGraph, small_store: OxigraphStore, accept: str,
    rdflib_format: str,
) -> None:
    path = _path(str(small_graph.region), small_graph.base)
    r = httpx.get(base_url + path, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    assert "Accept" in r.headers["vary"]
    assert r.headers["content-location"].startswith(f"{path}?format=")
    got = Graph().parse(data=r.content, format=rdflib_format)
    assert isomorphic(got, to_rdflib(describe(small_store, str(small_graph.region))))
    assert (small_graph.region, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Alkmaar", lang="nl")) in got


def test_no_accept_header_gives_turtle(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(base_url + _path(str(small_graph.region), small_graph.base),
                  headers={"Accept": ""})
    assert r.headers["content-type"].startswith("text/turtle")


def test_source_line_dereferences(base_url: str, small_graph: SmallGraph) -> None:
    path = _path(str(small_graph.line), small_graph.base)
    assert path.endswith(f"/line/{ALKMAAR_LINE}")
    r = httpx.get(base_url + path, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.content, format="turtle")
    assert list(g.objects(small_graph.line, URIRef(BWMO + "quote"))) == [
        Literal(small_graph.quote, lang="nl")]  # Dutch sources: quotes are @nl
    page = httpx.get(base_url + path, headers={"Accept": BROWSER})
    assert f'/sources/{small_graph.file_name}#L{ALKMAAR_LINE}"' in page.text


def test_document_links_to_its_source_text(base_url: str, small_graph: SmallGraph) -> None:
    doc = f"{small_graph.base}id/document/{small_graph.doc_id}"
    r = httpx.get(base_url + _path(doc, small_graph.base), headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert small_graph.file_name in r.text


def test_source_text_has_line_anchors(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(f"{base_url}/sources/{small_graph.file_name}", headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert f'<span id="L{ALKMAAR_LINE}">' in r.text
    plain = httpx.get(f"{base_url}/sources/{small_graph.file_name}",
                      headers={"Accept": "text/plain"})
    assert plain.text.splitlines()[ALKMAAR_LINE - 1].strip() == small_graph.quote


@pytest.mark.parametrize("name", ["../sources.toml", "..%2Fsources.toml", "sources.toml",
                                  "nope.txt"])
def test_only_vendored_texts_are_served(base_url: str, name: str) -> None:
    r = httpx.get(f"{base_url}/sources/{name}")
    assert r.status_code == 404


def test_unknown_iri_is_404_with_a_message(base_url: str, small_graph: SmallGraph) -> None:
    r = httpx.get(f"{base_url}/id/region/atlantis", headers={"Accept": "text/turtle"})
    assert r.status_code == 404
    assert r.json()["detail"] == (
        f"<{small_graph.base}id/region/atlantis> is not in this dataset (no triple mentions it)")
    page = httpx.get(f"{base_url}/id/region/atlantis", headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


def test_code_list_concept_dereferences(base_url: str) -> None:
    # ontology/codelists/status.ttl: status/yes has prefLabel "ja"@nl and "yes"@en
    r = httpx.get(f"{base_url}/def/status/yes", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    yes = URIRef("https://w3id.org/bwmo/def/status/yes")
    labels = set(g.objects(yes, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    assert labels == {Literal("ja", lang="nl"), Literal("yes", lang="en")}
    page = httpx.get(f"{base_url}/def/status/yes", headers={"Accept": BROWSER})
    assert "<h1>ja</h1>" in page.text


@pytest.mark.parametrize(("fmt", "rdflib_format"),
                         [("turtle", "turtle"), ("rdfxml", "xml"), ("jsonld", "json-ld")])
def test_ontology_iri_serves_the_owl(base_url: str, fmt: str, rdflib_format: str) -> None:
    r = httpx.get(f"{base_url}/def", params={"format": fmt})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=rdflib_format)
    owl_class = URIRef("http://www.w3.org/2002/07/owl#Class")
    assert (URIRef(BWMO + "Region"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            owl_class) in g


def test_ontology_documentation_is_rendered_without_generated_files(base_url: str) -> None:
    """The test build has no ontology.html next to its TriG, so the page is rendered from the
    ontology graph, with an anchor per term (``/def#Region``)."""
    r = httpx.get(f"{base_url}/def", headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert '<tr id="Region">' in r.text


def test_named_graph_dereferences(base_url: str, small_graph: SmallGraph,
                                  small_store: OxigraphStore) -> None:
    r = httpx.get(f"{base_url}/graph/{small_graph.doc_id}", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    assert len(g) == len(small_store.quads(f"{small_graph.base}graph/{small_graph.doc_id}"))
    assert httpx.get(f"{base_url}/graph/nothing").status_code == 404


def test_index_page(base_url: str) -> None:
    r = httpx.get(base_url + "/", headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert 'href="/sparql"' in r.text


def test_head_is_answered_like_get(base_url: str, small_graph: SmallGraph) -> None:
    path = base_url + _path(str(small_graph.region), small_graph.base)
    head = httpx.head(path, headers={"Accept": "text/turtle"})
    get = httpx.get(path, headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert httpx.head(f"{base_url}/id/region/atlantis").status_code == 404


def test_plain_json_and_n3_clients_are_served(base_url: str, small_graph: SmallGraph) -> None:
    path = base_url + _path(str(small_graph.region), small_graph.base)
    as_json = httpx.get(path, headers={"Accept": "application/json"})
    assert as_json.headers["content-type"].startswith("application/ld+json")
    assert Graph().parse(data=as_json.content, format="json-ld")
    as_n3 = httpx.get(path, headers={"Accept": "text/n3"})
    assert as_n3.headers["content-type"].startswith("text/turtle")


def test_source_viewer_serves_the_normalised_text_of_an_html_document(tmp_path: Path) -> None:
    """Evidence lines of a PDF, DOCX or HTML document point into its stored normalised text:
    /sources/{its file} must show that text, not the original bytes."""
    from api.routers.resources import _source_text
    from api.settings import ApiSettings

    sources = tmp_path / "data" / "sources"
    (sources / "normalised").mkdir(parents=True)
    (sources / "raad.html").write_text("<html><body><p>Centrumregeling</p></body></html>",
                                       encoding="utf-8")
    (sources / "normalised" / "raad.html.txt").write_text("Centrumregeling\n", encoding="utf-8")
    (sources / "sources.toml").write_text(
        '[[document]]\nfile = "raad.html"\nid = "raad"\nkind = "general"\ntitle = "Raad"\n'
        'publisher = "Gemeente X"\ndate = "2024-01-01"\nmedia_type = "text/html"\n'
        'text_file = "normalised/raad.html.txt"\n', encoding="utf-8")
    settings = ApiSettings(root=tmp_path)
    assert settings.sources_dir == sources
    assert _source_text(settings, "raad.html") == sources / "normalised" / "raad.html.txt"
    assert _source_text(settings, "../sources.toml") is None
    assert _source_text(settings, "nothing.txt") is None


def test_every_evidence_quote_is_on_its_line_of_the_served_source(built_trig: Path) -> None:
    """The source viewer shows the text the quotes were read from: for every evidence line of
    the full build, the quote stands on that line of /sources/{file} (the line, or a cell)."""
    from api.routers.resources import _source_text
    from api.settings import ApiSettings
    from bwgraph.store import OxigraphStore

    store = OxigraphStore.from_trig(built_trig)
    rows = store.select(
        "PREFIX bwmo: <https://w3id.org/bwmo/def#> SELECT ?f ?n ?q WHERE { ?l bwmo:inDocument "
        "?d ; bwmo:lineNumber ?n ; bwmo:quote ?q . ?d bwmo:fileName ?f }").rows
    assert len(rows) > 1000
    settings = ApiSettings()
    texts: dict[str, list[str]] = {}
    misses = []
    for r in rows:
        name = r["f"].value
        if name not in texts:
            path = _source_text(settings, name)
            assert path is not None, name
            texts[name] = path.read_text(encoding="utf-8").splitlines()
        line = texts[name][int(r["n"].value) - 1]
        if r["q"].value.strip() not in line:
            misses.append((name, r["n"].value, r["q"].value[:60], line[:60]))
    assert misses == []
