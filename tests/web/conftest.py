"""Browser tests: the API on 127.0.0.1 (a free port) over the session's full build, driven by
Debian's chromium through Playwright.

No browser is downloaded: ``make browser-deps`` installs the ``chromium`` package and the tests
launch ``/usr/bin/chromium``. Every request that leaves 127.0.0.1 is refused and recorded, so a
page that needs the internet (a CDN, a tile server, remote autocompletion) fails its test.
Screenshots go to ``tests/web/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from api.main import create_app
from api.settings import ApiSettings
from api.web.render import STATIC
from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from tests.api.conftest import LiveServer, serve_in_thread

ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = STATIC / "vendor" / "axe-core" / "axe.min.js"
CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str:
    for c in CANDIDATES:
        if Path(c).is_file():
            return c
    found = shutil.which("chromium")
    if found is None:
        raise RuntimeError("no chromium: run `make browser-deps` (apt package chromium)")
    return found


@pytest.fixture(scope="session")
def web_server(built_trig: Path, settings: Settings) -> Iterator[LiveServer]:
    if not AXE.is_file():
        raise RuntimeError(f"{AXE} missing: run `make web-deps`")
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=built_trig,
                               query_timeout=10.0, result_limit=10_000, query_workers=4,
                               query_processes=0)
    store = OxigraphStore.from_trig(built_trig)
    yield from serve_in_thread(create_app(store, settings=api_settings))


@dataclass
class Watch:
    """What went wrong on a page: console errors, uncaught exceptions, outside requests."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(),
                              args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page_and_watch(browser, web_server: LiveServer):  # type: ignore[no-untyped-def]
    """A fresh page (1280×900) whose problems are collected in a :class:`Watch`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = Watch()

    def route(r):  # type: ignore[no-untyped-def]
        if r.request.url.startswith(web_server.url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: watch.errors.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    yield page, watch, web_server.url
    context.close()


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def axe_violations(page, *, impacts: tuple[str, ...] = ("serious", "critical")
                   ) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core (local copy) on the current page: the serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
        " target: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [f"{v['impact']} {v['id']}: {v['help']} ({v['nodes']} nodes, e.g. {v['target']})"
            for v in result if v["impact"] in impacts]
