"""No query makes the server connect anywhere: the guard refuses SERVICE however it is written,
and the worker processes that evaluate queries have no network even when the guard is bypassed.

Each case asserts on the listener, not only on the status: zero connections.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import api.routers.sparql as sparql_router
from bwgraph.sparql_guard import CheckedQuery, GuardError, check_query
from bwgraph.sparql_lexer import is_word, tokenize
from bwgraph.store import QueryKind
from tests.security.conftest import Listener

#: every character some parser might take as the end of a line (SPARQL: only CR and LF)
TERMINATORS = ["\r", "\r\n", "\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c", "\x1e"]


def smuggling_queries(url: str) -> Iterator[str]:
    """Ways to write a federated query to ``url``, plain or hidden."""
    pattern = f"SERVICE <{url}> {{ ?a ?b ?c }}"
    escaped_url = url.replace(":", "\\u003A", 1)
    for t in TERMINATORS:
        yield f"SELECT * WHERE {{ # x{t} {pattern} \n }}"
        yield f"SELECT * WHERE {{ # x{t}{pattern}}}"
    yield f"SELECT * WHERE {{ {pattern} }}"
    yield f"select * where {{ service silent <{url}> {{ ?a ?b ?c }} }}"
    yield f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?a ?b ?c }} }}"
    yield f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {pattern} }} }}"
    yield f"SELECT * WHERE {{ OPTIONAL {{ {{ SELECT ?a WHERE {{ {pattern} }} }} }} }}"
    yield f"ASK {{ {pattern} }}"
    yield f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {pattern} }}"
    yield f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?a ?b ?c }} }}"
    yield f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}"
    yield f"SELECT * WHERE {{ SERVICE <{escaped_url}> {{ ?a ?b ?c }} }}"
    yield f'SELECT * WHERE {{ ?s ?p "x\\u0022 }} {pattern} {{" }}'
    yield f'SELECT * WHERE {{ ?s ?p """\n}} {pattern} {{ """ }}'
    yield f"SELECT * WHERE {{ ?s ?p '''x''' . # '''\r{pattern} }}"
    yield f"SELECT * WHERE {{ ?s ?p <http://x#\r> . {pattern} }}"
    yield f"SELECT * WHERE {{ ?s ?p ?o }} #\r VALUES ?x {{ 1 }} {pattern}"
    yield f"SELECT * WHERE {{ \x00 {pattern} }}"
    yield f"PREFIX s: <{url}> SELECT * WHERE {{ SERVICE s: {{ ?a ?b ?c }} }}"


def _ids(url: str) -> list[str]:
    return [repr(q[:50]) for q in smuggling_queries(url)]


def _evaluate_locally(text: str) -> None:
    """Evaluate ``text`` in this process (which has network): the control experiment."""
    try:
        result = ox.Store().query(text)
        if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
            list(result)
    except (OSError, SyntaxError, RuntimeError):
        pass


def test_the_listener_sees_an_unguarded_service(listener: Listener) -> None:
    """Control: pyoxigraph in a process with network does connect — so zero counts below mean
    something."""
    _evaluate_locally(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}")
    assert listener.connections


def test_every_smuggling_variant_is_refused_or_harmless_to_the_guard(listener: Listener) -> None:
    """Whatever the guard lets through is canonical text without SERVICE; evaluated here, in a
    process that has network, it still reaches nothing."""
    for query in smuggling_queries(listener.url):
        try:
            checked = check_query(query, local_graphs=set())
        except GuardError:
            continue
        assert not any(is_word(t, "SERVICE") for t in tokenize(checked.text)), query
        _evaluate_locally(checked.text)
    assert listener.connections == []


SENDERS: dict[str, Callable[[httpx.Client, str, str], httpx.Response]] = {
    "get": lambda c, e, q: c.get(e, params={"query": q}),
    "post-form": lambda c, e, q: c.post(e, data={"query": q}),
    "post-direct": lambda c, e, q: c.post(e, content=q.encode(),
                                          headers={"Content-Type": "application/sparql-query"}),
}


@pytest.mark.parametrize("method", sorted(SENDERS))
def test_smuggled_service_reaches_nothing_over_http(endpoint: str, listener: Listener,
                                                    method: str) -> None:
    send = SENDERS[method]
    with httpx.Client(timeout=30) as client:
        for query in smuggling_queries(listener.url):
            r = send(client, endpoint, query)
            assert r.status_code in (200, 400), (query, r.status_code, r.text[:200])
            assert b"reached the listener" not in r.content
            if r.status_code == 400:
                assert r.json()["error"] in ("invalid_query", "outbound_request_refused")
                assert r.headers["content-type"].startswith("application/json")
    assert listener.connections == []


def test_workers_have_no_network_even_without_the_guard(endpoint: str, listener: Listener,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard switched off: the raw SERVICE query goes to a worker process, which cannot
    connect — not even to this machine's loopback."""

    def no_guard(text: str, *, local_graphs: object, **_: object) -> CheckedQuery:
        return CheckedQuery(text, QueryKind.SELECT, original=text)

    monkeypatch.setattr(sparql_router, "check_query", no_guard)
    with httpx.Client(timeout=30) as client:
        for query in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}",
                      f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?a ?b ?c }} }}",
                      f"SELECT * WHERE {{ # x\r SERVICE <{listener.url}> {{ ?a ?b ?c }} \n }}"):
            r = client.post(endpoint, data={"query": query})
            assert b"reached the listener" not in r.content
            assert r.status_code in (200, 500), r.text[:300]
            if r.status_code == 500:  # the engine's connection error, reported as such
                assert r.json()["error"] == "query_failed"
    assert listener.connections == []


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(
    ["SELECT", "*", "WHERE", "{", "}", "#", "\r", "\n", "\u2028", "\x0b", '"', "'", '"""', "\\",
     "u0053", "SERVICE", "<", ">", "http://127.0.0.1:1/x", "?a ?b ?c", "FILTER", "EXISTS",
     " ", "ASK", ".", "(", ")"]), min_size=1, max_size=30).map("".join))
def test_fuzzed_queries_never_reach_the_network(listener: Listener, text: str) -> None:
    """Random mixtures of comments, line ends, quotes, escapes and SERVICE: whatever passes the
    guard, evaluated in a process with network, connects nowhere."""
    try:
        checked = check_query(text, local_graphs=set())
    except GuardError:
        return
    _evaluate_locally(checked.text.replace("http://127.0.0.1:1/x", listener.url))
    assert listener.connections == []


def test_a_refusal_is_json_with_cors(endpoint: str, listener: Listener) -> None:
    r = httpx.get(endpoint, params={"query": f"SELECT * {{ SERVICE <{listener.url}> {{}} }}"},
                  headers={"Origin": "https://example.org"})
    assert r.status_code == 400
    assert r.headers["access-control-allow-origin"] == "*"
    assert "SERVICE" in json.loads(r.content)["detail"]
