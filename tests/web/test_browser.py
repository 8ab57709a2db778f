"""The web interface in a real browser (chromium, headless) on the full build.

Expected values are read from the status report (data/sources/001_5d838909f9810eb3.txt), not
from the graph:

* Financial solidarity ✓ and purchase outside the region ✗ — the flagship question's five
  ``yes`` regions: Centraal Gelderland (lines 751, 730), Midden-IJssel (1483, 1461), Dordrecht
  (1670, 1648), Noord-Veluwe (2509, 2486), West-Friesland (2900, 2878).
* Cells: Alkmaar, financial solidarity ⚙️ (line 147: in development); Almelo, purchase outside
  the region ✓ (line 214: yes); Amersfoort, purchase outside ✗ (line 421: no) and financial
  solidarity left empty (line 444: not stated); Oost-Veluwe, purchase outside "NVT" (line 607:
  not applicable).
* Centrumgemeenten on the map: Dordrecht (GM0505), Alkmaar (GM0361), Amersfoort (GM0307).
"""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import axe_violations, shot

pytestmark = pytest.mark.timeout(180)

FLAGSHIP_YES = {"Centraal Gelderland", "Dordrecht", "Midden-IJssel", "Noord-Veluwe",
                "West-Friesland"}

PAGES = [
    "/", "/?lang=en", "/ui/questions", "/ui/questions/solidarity-without-outside-purchase",
    "/ui/questions/compare-regions", "/matrix", "/map", "/search?q=solidariteit", "/regions",
    "/organisations", "/agreements", "/documents", "/municipalities", "/id/region/dordrecht",
    "/id/assessment/alkmaar/ua-financial-solidarity/2020-10-29", "/tooi/gemeente/gm0505",
    "/id/organisation/ymere", "/def/topic/ua_financial_solidarity", "/editor", "/docs", "/redoc",
    "/sources/001_5d838909f9810eb3.txt",
]


def test_every_page_loads_without_console_errors_or_outside_requests(page_and_watch) -> None:
    page, watch, url = page_and_watch
    for path in PAGES:
        response = page.goto(url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        if path in ("/docs", "/redoc", "/editor"):
            page.wait_for_timeout(800)  # let the scripts render
        assert page.locator("html").get_attribute("lang") in ("nl", "en"), path
    assert watch.errors == []
    assert watch.outside == []


def test_language_switch_changes_the_words_and_lang_attribute(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Wat de graaf bevat").is_visible()
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="What the graph holds").is_visible()
    page.goto(url + "/matrix")  # the cookie keeps English
    assert page.locator("html").get_attribute("lang") == "en"
    assert watch.errors == []


def test_flagship_question_form_gives_the_five_yes_regions(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/ui/questions/solidarity-without-outside-purchase?lang=en")
    topic = page.get_by_label(re.compile(r"^topic"))
    assert topic.evaluate("e => e.tagName") == "SELECT"
    assert topic.input_value() == "ua_financial_solidarity"
    page.get_by_role("button", name="Answer").click()
    page.wait_for_selector("#answer tbody tr")
    rows = page.locator("#answer tbody tr")
    yes = set()
    for i in range(rows.count()):
        row = rows.nth(i)
        if row.locator("td[data-col=answer]").inner_text().strip() == "yes":
            yes.add(row.locator("td[data-col=region]").inner_text().strip())
    assert yes == FLAGSHIP_YES
    # region names link to region pages; the reason column is shown; downloads exist
    assert page.locator("#answer td[data-col=region] a[href='/id/region/dordrecht']").count() == 1
    assert page.locator("#answer th", has_text="reason").count() == 1
    for name in ("CSV", "XLSX", "JSON"):
        assert page.get_by_role("link", name=name, exact=True).count() == 1
    page.locator("#h-answer").scroll_into_view_if_needed()
    shot(page, "question-flagship")
    page.get_by_text("The SPARQL behind this question").click()
    assert "ua_financial_solidarity" in page.locator("pre.sparql").inner_text() or \
        "bwmo:topic" in page.locator("pre.sparql").inner_text()
    assert axe_violations(page) == []
    assert watch.errors == [] and watch.outside == []


def test_iri_parameter_searches_as_you_type(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/ui/questions/compare-regions?lang=en")
    field = page.locator("#f-region_a")
    field.press_sequentially("Dordr", delay=30)
    option = page.locator("#lb-region_a [role=option]", has_text="Dordrecht")
    option.first.wait_for()
    option.first.click()
    assert page.locator("input[type=hidden][name=region_a]").input_value().endswith(
        "/id/region/dordrecht")
    page.locator("#f-region_b").press_sequentially("Alkm", delay=30)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Answer").click()
    page.wait_for_selector("#answer tbody tr")
    assert page.locator("#answer tbody tr").count() == 17
    assert watch.errors == [] and watch.outside == []


def test_query_typed_into_the_editor_returns_rows(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/editor")
    editor = page.locator(".yasqe .CodeMirror").first
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(
        "PREFIX bwmo: <https://w3id.org/bwmo/def#>\n"
        "SELECT ?name WHERE { ?r a bwmo:Region ; bwmo:reportName ?name } ORDER BY ?name",
        delay=2)
    page.locator(".yasqe_queryButton").first.click()
    cells = page.locator(".yasr table tbody tr")
    cells.first.wait_for(timeout=20_000)
    text = page.locator(".yasr table tbody").inner_text()
    assert "Dordrecht" in text and "West-Friesland" in text
    shot(page, "editor")
    # the named questions are example tabs, with their default parameters bound
    page.locator(".tabsList [role=tab]", has_text="Regio's met financiële solidariteit").click()
    page.locator(".yasqe_queryButton").last.wait_for()
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    body = page.locator(".tabPanel.active .yasr table tbody")
    body.locator("tr").first.wait_for(timeout=20_000)
    rows = body.locator("tr")
    yes = {rows.nth(i).locator("td").nth(1).inner_text().strip()
           for i in range(rows.count())
           if rows.nth(i).locator("td").nth(2).inner_text().strip() == "yes"}
    assert yes == FLAGSHIP_YES
    assert axe_violations(page) == []
    assert watch.errors == [] and watch.outside == []


#: the pages not checked by the tests above; Swagger UI and ReDoc (/docs, /redoc) are
#: third-party pages, and the 4468-line source text is one <pre> (slow to check, nothing to find)
AXE_PAGES = [p for p in PAGES if p not in (
    "/docs", "/redoc", "/editor", "/", "/matrix", "/map", "/id/region/dordrecht",
    "/ui/questions/solidarity-without-outside-purchase", "/sources/001_5d838909f9810eb3.txt")]


def test_own_pages_have_no_serious_accessibility_violations(page_and_watch) -> None:
    page, watch, url = page_and_watch
    found = {}
    for path in AXE_PAGES:
        page.goto(url + path)
        if problems := axe_violations(page):
            found[path] = problems
    assert found == {}
    assert watch.errors == [] and watch.outside == []


def _cell_status(page, region: str, topic: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"tr[data-region='{region}'] td[data-topic='{topic}']").get_attribute(
        "data-status")


def test_matrix_colours_cells_by_the_source(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/matrix")
    assert _cell_status(page, "alkmaar", "ua_financial_solidarity") == "in_development"
    assert _cell_status(page, "almelo", "nvo_purchase_outside_region") == "yes"
    assert _cell_status(page, "amersfoort", "nvo_purchase_outside_region") == "no"
    assert _cell_status(page, "amersfoort", "ua_financial_solidarity") == "not_stated"
    assert _cell_status(page, "oost-veluwe", "nvo_purchase_outside_region") == "not_applicable"
    # not stated and not applicable look different
    ns = page.locator("tr[data-region='amersfoort'] td[data-topic='ua_financial_solidarity']")
    na = page.locator("tr[data-region='oost-veluwe'] td[data-topic='nvo_purchase_outside_region']")
    style = "e => getComputedStyle(e).backgroundImage + getComputedStyle(e).backgroundColor"
    assert ns.evaluate(style) != na.evaluate(style)
    # every cell links to its assessment
    assert ns.locator("a").get_attribute("href") == (
        "/id/assessment/amersfoort/ua-financial-solidarity/2020-10-29")
    # filter: only regions with "yes" on financial solidarity
    page.select_option("#m-topic", "ua_financial_solidarity")
    page.select_option("#m-status", "yes")
    visible = page.locator("#matrix tbody tr:not(.hidden)")
    names = {visible.nth(i).get_attribute("data-region") for i in range(visible.count())}
    assert {"dordrecht", "midden-ijssel", "almelo"} <= names
    assert "alkmaar" not in names and "amersfoort" not in names
    page.select_option("#m-status", "")
    page.select_option("#m-topic", "")
    shot(page, "matrix")
    assert axe_violations(page) == []
    assert watch.errors == [] and watch.outside == []


def test_map_colours_municipalities_by_their_region(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/map?topic=ua_financial_solidarity")

    def cls(code: str) -> str:
        return page.locator(f"#nl-map path[data-code='{code}']").get_attribute("class") or ""

    assert "m-yes" in cls("GM0505")  # Dordrecht
    assert "m-in_development" in cls("GM0361")  # Alkmaar
    assert "m-not_stated" in cls("GM0307")  # Amersfoort
    assert page.locator("#nl-map path.m-none").count() > 0  # municipalities of no known region
    page.locator("#nl-map a.area[data-code='GM0505']").focus()  # keyboard, like a hover
    info = page.locator("#map-info")
    assert "Dordrecht" in info.inner_text()
    assert info.locator("a[href='/id/region/dordrecht']").count() == 1
    page.select_option("#map-topic", "nvo_purchase_outside_region")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile("topic=nvo_purchase_outside_region"))
    assert "m-no" in cls("GM0307")  # Amersfoort: ✗ on line 421
    shot(page, "map")
    assert axe_violations(page) == []
    geojson = page.request.get(url + "/map.geojson?topic=ua_financial_solidarity").json()
    by_code = {f["properties"]["statcode"]: f["properties"] for f in geojson["features"]}
    assert by_code["GM0505"]["status"] == "yes"
    assert by_code["GM0361"]["status"] == "in_development"
    assert watch.errors == [] and watch.outside == []


def test_region_page_shows_statuses_with_evidence_quotes(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/id/region/dordrecht?lang=en")
    assert page.get_by_role("heading", level=1).inner_text() == "Dordrecht"
    row = page.locator("table.statuses tr[data-topic='ua_financial_solidarity']")
    assert row.locator(".status.s-yes").count() == 1
    quote = row.locator("blockquote")
    assert "Financiële solidariteit" in quote.inner_text()
    assert row.locator("a[href$='#L1670']").count() == 1
    assert page.locator("table.statuses tbody tr[data-topic]").count() == 17
    # narratives under their section titles, not as IRIs
    assert page.locator("section.narrative h3").count() >= 10
    shot(page, "region-dordrecht")
    assert axe_violations(page) == []
    page.locator("table.statuses a[href$='#L1670']").click()
    page.wait_for_url(re.compile(r"/sources/001_5d838909f9810eb3\.txt#L1670$"))
    assert "Financiële solidariteit" in page.locator("#L1670").inner_text()
    assert watch.errors == [] and watch.outside == []


def test_search_ranks_names_before_mentions(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.goto(url + "/")
    page.get_by_role("searchbox").fill("Deventer")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Deventer"))
    first = page.locator("ol.results li").first
    assert first.locator("a").first.inner_text() == "Deventer"
    assert page.locator("ol.results mark").count() >= 2
    assert watch.errors == [] and watch.outside == []


def test_landing_page_is_accessible_and_readable_on_a_phone(page_and_watch) -> None:
    page, watch, url = page_and_watch
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") in ("Naar de inhoud",)
    shot(page, "landing-phone")
    assert axe_violations(page) == []
    assert watch.errors == [] and watch.outside == []
