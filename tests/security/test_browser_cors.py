"""The cross-origin route, in a real browser: a page on another origin (as any web page a
visitor opens could be) sends a smuggled SERVICE query to the endpoint with fetch(). CORS lets
the page read the answer — a 400 naming the refusal — and the listener behind the smuggled
address sees no connection, from the server or from the browser."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.security.conftest import Listener

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>elsewhere</title>
</head><body><script>
async function attack(endpoint, target) {
  const smuggled = "SELECT * WHERE { # x\\r SERVICE <" + target + "> { ?a ?b ?c } \\n }";
  const results = [];
  for (const how of ["get", "form", "direct"]) {
    let r;
    if (how === "get") {
      r = await fetch(endpoint + "?query=" + encodeURIComponent(smuggled));
    } else if (how === "form") {
      r = await fetch(endpoint, {method: "POST", body: new URLSearchParams({query: smuggled})});
    } else {
      r = await fetch(endpoint, {method: "POST", body: smuggled,
                                 headers: {"Content-Type": "application/sparql-query"}});
    }
    results.push({how: how, status: r.status, body: await r.text()});
  }
  return results;
}
</script></body></html>
"""


@pytest.fixture
def other_origin(tmp_path: Path) -> Iterator[str]:
    """A static web server on 127.0.0.2: a different origin from the API on 127.0.0.1."""
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None  # type: ignore[assignment]
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.2:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_elsewhere_cannot_use_the_endpoint_to_reach_the_network(
        browser: object, endpoint: str, listener: Listener, other_origin: str) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(other_origin)
        results = page.evaluate("([e, t]) => attack(e, t)", [endpoint, listener.url])
    finally:
        context.close()
    assert [r["how"] for r in results] == ["get", "form", "direct"]
    for r in results:
        assert r["status"] == 400, r  # readable across origins: CORS headers on the error too
        body = json.loads(r["body"])
        assert body["error"] == "outbound_request_refused"
        assert "reached the listener" not in r["body"]
    assert listener.connections == []
