"""Smoke test on the full build: every kind of minted IRI dereferences, pages show evidence.

Runs the real pipeline once (the session's ``built_trig``) and serves it on a second loopback
port, so it checks the API against what the extractors actually produce.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.store import OxigraphStore
from tests.api.conftest import LiveServer, serve_in_thread

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def full_store(built_trig: Path) -> OxigraphStore:
    return OxigraphStore.from_trig(built_trig)


@pytest.fixture(scope="module")
def full_server(full_store: OxigraphStore, built_trig: Path, settings: Settings
                ) -> Iterator[LiveServer]:
    api_settings = ApiSettings(base=settings.base, root=settings.root, graph=built_trig)
    yield from serve_in_thread(create_app(full_store, settings=api_settings))


def _one_iri_per_kind(store: OxigraphStore, base: str) -> dict[str, str]:
    """``{kind: an IRI}`` for every ``{base}id/{kind}/…`` in subject or object position."""
    prefix = ox.Literal(f"{base}id/")  # serialized as a quoted, escaped literal
    res = store.select(
        f"SELECT ?kind (MIN(STR(?x)) AS ?iri) WHERE {{ VALUES ?prefix {{ {prefix} }} "
        "{ ?x ?p ?o } UNION { ?s ?p ?x } "
        "FILTER(isIRI(?x) && STRSTARTS(STR(?x), ?prefix)) "
        "BIND(STRBEFORE(STRAFTER(STR(?x), ?prefix), '/') AS ?kind) } GROUP BY ?kind"
    )
    return {r["kind"].value: r["iri"].value for r in res.rows}


def test_every_kind_of_minted_iri_dereferences(
    full_server: LiveServer, full_store: OxigraphStore, settings: Settings
) -> None:
    samples = _one_iri_per_kind(full_store, settings.base)
    # ARCHITECTURE.md: regions, organisations, documents (and their lines) are always minted
    assert {"region", "organisation", "document"} <= set(samples)
    failures = {}
    for kind, iri in sorted(samples.items()):
        path = "/" + iri[len(settings.base):]
        for accept in ("text/turtle", "text/html"):
            r = httpx.get(full_server.url + path, headers={"Accept": accept}, timeout=30)
            if r.status_code != 200:
                failures[(kind, accept)] = (iri, r.status_code)
    assert failures == {}


def test_evidence_quote_on_a_real_fact_page(full_server: LiveServer,
                                            full_store: OxigraphStore,
                                            settings: Settings) -> None:
    res = full_store.select(
        "PREFIX bwmo: <https://w3id.org/bwmo/def#> SELECT ?f ?quote ?file ?n WHERE { "
        "?f bwmo:evidence ?l . ?l bwmo:quote ?quote ; bwmo:lineNumber ?n ; bwmo:inDocument ?d . "
        "?d bwmo:fileName ?file } ORDER BY ?f LIMIT 1"
    )
    assert res.rows, "the full build has no fact with evidence"
    row = res.values()[0]
    fact = row["f"]
    assert fact is not None and fact.startswith(settings.base)
    page = httpx.get(full_server.url + "/" + fact[len(settings.base):],
                     headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    from html import escape

    assert escape(row["quote"] or "") in page.text
    assert f"/sources/{row['file']}#L{row['n']}" in page.text


def test_only_documents_export_as_documents(full_server: LiveServer, full_store: OxigraphStore,
                                            settings: Settings) -> None:
    """``/export/document/{id}`` serves the graphs of source documents; the build's other graphs
    (ontology, reference data, geometries, dataset description) are there but are no document."""
    names = {g[len(f"{settings.base}graph/"):] for g in full_store.graph_names()}
    assert {"ontology", "reference", "geometry", "dataset"} <= names
    for other in ("ontology", "reference", "geometry", "dataset"):
        r = httpx.get(f"{full_server.url}/export/document/{other}", timeout=30)
        assert r.status_code == 404, (other, r.status_code)
    document = sorted(names - {"ontology", "reference", "geometry", "dataset"})[0]
    r = httpx.get(f"{full_server.url}/export/document/{document}",
                  headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200
