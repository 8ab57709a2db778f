"""The pages and their helpers without a browser (fast): content, status codes, downloads,
language variants, the search index and the map data, on the session's full build.

Expected values come from the status report (data/sources/001_5d838909f9810eb3.txt): 45
region reports with 17 checklist items each (765 assessments); Amersfoort leaves financial
solidarity empty (line 444); the flagship question's five "yes" regions are listed in
test_browser.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from starlette.requests import Request

from api.main import create_app
from api.settings import ApiSettings
from api.web.search import fts_query, index_for
from api.web.sparql_html import render_sparql_page
from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from tests.web.test_browser import FLAGSHIP_YES

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def client(store: OxigraphStore, built_trig: Path, settings: Settings) -> Iterator[TestClient]:
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=built_trig,
                               query_processes=0)
    with TestClient(create_app(store, settings=api_settings)) as c:
        yield c


def test_landing_page_counts_facts_and_lists_sources(client: TestClient) -> None:
    r = client.get("/", headers=BROWSER)
    assert r.status_code == 200
    assert '<html lang="nl">' in r.text and r.headers["content-language"] == "nl"
    assert ">765</td>" in r.text  # 45 regions × 17 topics
    assert r.text.count('href="/sources/') == 5
    assert "2020-10-29" in r.text  # the status report's date
    assert "/ui/questions/solidarity-without-outside-purchase" in r.text


def test_language_is_a_separate_variant(client: TestClient) -> None:
    client.cookies.clear()
    nl = client.get("/matrix", headers=BROWSER)
    en = client.get("/matrix?lang=en", headers=BROWSER)
    assert en.headers["set-cookie"].startswith("bwgraph_lang=en")
    assert client.cookies.get("bwgraph_lang") == "en"
    assert "Financial solidarity" in en.text and "Financiële solidariteit" in nl.text
    assert nl.headers["etag"] != en.headers["etag"]
    stale = client.get("/matrix", headers={**BROWSER, "If-None-Match": nl.headers["etag"]})
    assert stale.status_code == 200  # an English reader never gets the cached Dutch page
    assert '<html lang="en">' in stale.text
    client.cookies.clear()


def test_question_form_without_required_value_shows_only_the_form(client: TestClient) -> None:
    r = client.get("/ui/questions/agreements-in-force", headers=BROWSER)
    assert r.status_code == 200
    assert 'type="date"' in r.text and 'id="answer"' not in r.text


def test_bad_parameter_is_named_with_422(client: TestClient) -> None:
    r = client.get("/ui/questions/agreements-in-force?date=2021-13-40", headers=BROWSER)
    assert r.status_code == 422
    assert "parameter &#39;date&#39;" in r.text and 'role="alert"' in r.text


def test_iri_parameter_typed_as_a_name_is_resolved(client: TestClient) -> None:
    r = client.get("/ui/questions/compare-regions?region_a__label=Dordrecht"
                   "&region_b__label=Alkmaar&run=1", headers=BROWSER)
    assert r.status_code == 200
    assert r.text.count("<tr>") >= 17


def test_xlsx_download_has_the_declared_columns_and_rows(client: TestClient) -> None:
    r = client.get("/ui/questions/solidarity-without-outside-purchase/answer.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("region", "answer", "reason", "topic_status", "absent_topic_status",
                       "region_iri")
    assert {row[0] for row in rows[1:] if row[1] == "yes"} == FLAGSHIP_YES


def test_program_api_is_unchanged(client: TestClient) -> None:
    r = client.get("/questions/solidarity-without-outside-purchase")
    assert r.headers["content-type"].startswith("application/json")


def test_map_geojson_has_every_municipality(client: TestClient) -> None:
    r = client.get("/map.geojson?topic=ua_financial_solidarity&year=2020")
    assert r.headers["content-type"].startswith("application/geo+json")
    feats = r.json()["features"]
    assert len(feats) == 355  # municipalities in the 2020 boundary file
    amersfoort = next(f for f in feats if f["properties"]["statcode"] == "GM0307")
    assert amersfoort["properties"]["status"] == "not_stated"  # line 444: left empty
    assert amersfoort["properties"]["centrumgemeente_of"] == [
        "https://w3id.org/bwmo/id/region/amersfoort"]
    assert client.get("/map.geojson?topic=nonsense").status_code == 404


def test_static_files_stay_inside_their_folder(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/../pages.py").status_code == 404
    assert client.get("/static/%2e%2e/pages.py").status_code == 404


def test_municipality_has_a_local_page(client: TestClient) -> None:
    r = client.get("/tooi/gemeente/gm0505", headers=BROWSER)
    assert r.status_code == 200
    assert "<h1>Dordrecht</h1>" in r.text
    assert 'href="/id/region/dordrecht"' in r.text


def test_index_pages_page(client: TestClient) -> None:
    first = client.get("/municipalities", headers=BROWSER).text
    second = client.get("/municipalities?page=2", headers=BROWSER).text
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert first != second


def test_search_index_folds_diacritics_and_ranks_names_first(store: OxigraphStore) -> None:
    index = index_for(store)
    total, hits = index.search("fryslan")
    assert total > 0 and hits[0].title == "Fryslân"
    assert index.lookup("Dordr", "https://w3id.org/bwmo/def#Region") == [
        ("https://w3id.org/bwmo/id/region/dordrecht", "Dordrecht")]
    assert all("/tooi/" in iri for iri, _ in
               index.lookup("Dordrecht", "https://w3id.org/bwmo/def#Municipality"))


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('solidariteit" OR x') == '"solidariteit" "OR" "x"*'
    assert fts_query("  ") is None


def test_sparql_page_for_browsers(store: OxigraphStore, settings: Settings) -> None:
    request = Request({"type": "http", "method": "GET", "path": "/sparql", "query_string": b"",
                       "headers": []})
    query = ("PREFIX bwmo: <https://w3id.org/bwmo/def#> SELECT ?r WHERE { ?r a bwmo:Region ; "
             "bwmo:reportName 'Dordrecht' }")
    html = render_sparql_page(query, store.select(query), request=request, store=store,
                              base=settings.base)
    assert '<a href="/id/region/dordrecht"' in html and "(1 " in html
    editor = render_sparql_page(None, request=request, store=store, base=settings.base)
    assert 'id="yasgui"' in editor


def test_every_interface_word_used_has_both_languages() -> None:
    import re

    from api.web import i18n
    from api.web.render import TEMPLATES

    used = set()
    for path in [*TEMPLATES.glob("*.html"), Path(i18n.__file__).parent.parent / "routers" /
                 "web_pages.py"]:
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_]+)['"]""", path.read_text()))
        used |= set(re.findall(r"""_t\(request,\s*['"]([a-z_]+)['"]""", path.read_text()))
    known = set(i18n.known_keys())
    missing = sorted(k for k in used if k not in known)
    assert used and missing == []
    assert all(i18n.t(k, "nl") and i18n.t(k, "en") for k in known)
