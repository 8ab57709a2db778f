"""The named-question answer cache and the response replay (api.routers.questions).

Answers are cached per served store and keyed by the build's sha256, so a server restarted on a
rebuilt graph must answer from the new graph; a conditional request must still get its 304.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from api.routers.questions import AnswerCache, answer_cache
from api.settings import ApiSettings
from bwgraph.store import OxigraphStore
from tests.api.conftest import SmallGraph

#: a narrative added by the "rebuild" (its text contains the search phrase)
EXTRA = """
<https://w3id.org/bwmo/graph/cache-test> {
    <https://w3id.org/bwmo/id/narrative/cache-test>
        a <https://w3id.org/bwmo/def#Narrative> ;
        <https://w3id.org/bwmo/def#text> "Een zin over zeldzaamwoord."@nl .
}
"""
PATH = "/questions/search?q=zeldzaamwoord"


def _client(trig: Path, settings: ApiSettings) -> tuple[TestClient, OxigraphStore]:
    store = OxigraphStore.from_trig(trig)
    local = ApiSettings(base=settings.base, root=settings.root, graph=trig, query_processes=0)
    return TestClient(create_app(store, settings=local)), store


def test_replayed_answer_is_identical_and_conditional_get_still_works(
    small_graph: SmallGraph, api_settings: ApiSettings
) -> None:
    client, store = _client(small_graph.trig, api_settings)
    with client:
        first = client.get(PATH)
        second = client.get(PATH)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert first.headers == second.headers
        cache = answer_cache(store)
        assert cache is not None and len(cache) == 1
        # the second request was replayed whole: it never reached the endpoint's cache lookup
        assert (cache.hits, cache.misses) == (0, 1)
        again = client.get(PATH, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        csv = client.get(PATH, headers={"Accept": "text/csv"})
        assert csv.headers["content-type"].startswith("text/csv")
        assert csv.text.splitlines()[0] == "kind,subject,region,text,line,document"


def test_a_rebuilt_graph_is_answered_from_the_new_build(
    small_graph: SmallGraph, api_settings: ApiSettings, tmp_path: Path
) -> None:
    client, _ = _client(small_graph.trig, api_settings)
    with client:
        before = client.get(PATH).json()["rows"]
        assert client.get(PATH).json()["rows"] == before == []
    rebuilt = tmp_path / "bwmo.trig"
    rebuilt.write_text(small_graph.trig.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    client, _ = _client(rebuilt, api_settings)
    with client:
        after = client.get(PATH).json()["rows"]
    assert [r["subject"] for r in after] == ["https://w3id.org/bwmo/id/narrative/cache-test"]


def test_a_bad_parameter_is_not_cached(small_graph: SmallGraph, api_settings: ApiSettings) -> None:
    client, store = _client(small_graph.trig, api_settings)
    with client:
        for _ in range(2):
            assert client.get("/questions/status-matrix?region_iri=nope").status_code == 422
        cache = answer_cache(store)
        assert cache is not None and len(cache) == 0


def test_a_store_without_build_identity_is_not_cached(small_store: OxigraphStore) -> None:
    bare = OxigraphStore(small_store.ox)
    assert answer_cache(bare) is None


def test_cache_evicts_the_least_recently_used() -> None:
    cache = AnswerCache(max_entries=2)
    keys = [("sha", "q", "json", (("p", str(i)),)) for i in range(3)]
    for i, key in enumerate(keys):
        cache.put(key, (str(i).encode(), "application/json"))
    assert cache.get(keys[0]) is None
    assert cache.get(keys[2]) == (b"2", "application/json")
    assert cache.get(keys[1]) == (b"1", "application/json")
