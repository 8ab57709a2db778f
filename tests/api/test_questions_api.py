"""``GET /questions/{id}`` over real HTTP: same rows as ``bwgraph ask``, OpenAPI, 422, no injection.

The server runs on a loopback port (``serve_in_thread`` of the API tests' conftest) over the
question graph of :mod:`tests.test_questions` (ontology, reference data and every document whose
extractor works), so the answers can be compared with the CLI's on the same TriG file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.main import create_app
from api.settings import ApiSettings
from bwgraph.config import Settings
from bwgraph.questions import load_questions
from bwgraph.store import OxigraphStore
from tests.api.conftest import LiveServer, serve_in_thread
from tests.test_questions import (
    REGION,
    SOLIDARITY_CANNOT_TELL,
    SOLIDARITY_YES,
    build_question_graph,
)

QUESTIONS = load_questions(Settings().queries_dir)

#: One call per question (the parameters each needs); every question is answered over HTTP.
CALLS: list[tuple[str, dict[str, str]]] = [
    ("solidarity-without-outside-purchase", {}),
    ("topic-status", {"topic": "nvo_regiovisie", "only_status": "no"}),
    ("status-matrix", {"region_iri": REGION + "delft"}),
    ("regions-without-regiovisie", {}),
    ("compare-regions", {"region_a": REGION + "alkmaar", "region_b": REGION + "almelo"}),
    ("not-stated", {"only_topic": "ua_financial_solidarity"}),
    ("agreements-in-force", {"date": "2021-09-01"}),
    ("organisation-signed", {"organisation": "https://w3id.org/bwmo/id/organisation/centrada"}),
    ("product-offer", {"product": "housing_first"}),
    ("capacity-gaps", {}),
    ("actions-by-deadline", {"from": "2018-06-01", "until": "2018-06-01"}),
    ("actions-by-responsible", {"party": "https://w3id.org/bwmo/id/organisation/iriszorg"}),
    ("overdue-actions", {"date": "2018-01-01"}),
    (
        "municipality-profile",
        {"municipality": "https://identifier.overheid.nl/tooi/id/gemeente/gm0177"},
    ),
    ("organisations-by-type", {"type": "housing_corporation"}),
    ("search", {"q": "skaeve"}),
    (
        "evidence",
        {"fact": "https://w3id.org/bwmo/id/agreement/bestuurlijk-akkoord-weer-thuis-flevoland"},
    ),
]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, status = build_question_graph(tmp_path_factory.mktemp("qapi") / "graph.trig")
    missing = {k: v for k, v in status.items() if v != "ok"}
    if missing:
        pytest.fail(f"documents not transformable: {missing}")
    return path


@pytest.fixture(scope="module")
def store(graph_file: Path) -> OxigraphStore:
    return OxigraphStore.from_trig(graph_file)


@pytest.fixture(scope="module")
def server(store: OxigraphStore, graph_file: Path) -> Iterator[LiveServer]:
    base = Settings()
    settings = ApiSettings(
        base=base.base, root=base.root, graph=graph_file, query_timeout=10.0, query_workers=2
    )
    yield from serve_in_thread(create_app(store, settings=settings))


@pytest.fixture(scope="module")
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def cli_rows(graph_file: Path, qid: str, params: dict[str, str], fmt: str) -> str:
    from bwgraph.cli import app

    args = ["ask", qid, "--format", fmt, "--graph", str(graph_file)]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.output


def test_every_question_is_served(http: httpx.Client) -> None:
    listed = http.get("/questions").json()
    assert [q["id"] for q in listed] == sorted(QUESTIONS)
    assert {qid for qid, _ in CALLS} == set(QUESTIONS)
    flagship = next(q for q in listed if q["id"] == "solidarity-without-outside-purchase")
    assert {"region", "answer", "reason"} <= set(flagship["columns"])
    assert [p["name"] for p in flagship["parameters"]] == ["topic", "absent_topic"]


@pytest.mark.parametrize(("qid", "params"), CALLS, ids=[c[0] for c in CALLS])
def test_api_gives_the_same_answers_as_the_cli(
    http: httpx.Client, graph_file: Path, qid: str, params: dict[str, str]
) -> None:
    res = http.get(f"/questions/{qid}", params=params)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].startswith("application/json")
    doc = res.json()
    assert doc["question"] == qid and doc["columns"] == list(QUESTIONS[qid].columns)
    assert doc == json.loads(cli_rows(graph_file, qid, params, "json"))
    assert doc["rows"], f"{qid}: expected rows for {params}"
    as_csv = http.get(f"/questions/{qid}", params={**params, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text == cli_rows(graph_file, qid, params, "csv")


def test_flagship_csv_over_http(http: httpx.Client) -> None:
    res = http.get("/questions/solidarity-without-outside-purchase", headers={"Accept": "text/csv"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert {r["region"] for r in rows if r["answer"] == "yes"} == set(SOLIDARITY_YES)
    assert {r["region"] for r in rows if r["answer"] == "cannot_tell"} == set(
        SOLIDARITY_CANNOT_TELL
    )


def test_accept_negotiation(http: httpx.Client) -> None:
    url = "/questions/capacity-gaps"
    assert (
        http.get(url, headers={"Accept": "text/csv;q=0.9, application/json;q=0.5"})
        .headers["content-type"]
        .startswith("text/csv")
    )
    assert (
        http.get(url, headers={"Accept": "text/csv"}, params={"format": "json"})
        .headers["content-type"]
        .startswith("application/json")
    )
    assert http.get(url, headers={"Accept": "image/png"}).status_code == 406


def test_openapi_lists_every_question_with_its_parameters(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    for qid, q in QUESTIONS.items():
        op = spec["paths"][f"/questions/{qid}"]["get"]
        params = {p["name"]: p for p in op["parameters"] if p["in"] == "query"}
        assert set(params) == {p.name for p in q.params} | {"format"}, qid
        for p in q.params:
            declared = params[p.name]
            assert declared["required"] is p.required
            assert p.type_label in declared["description"]
            assert declared["schema"]["x-bwgraph-type"] == p.type_label
        assert "text/csv" in op["responses"]["200"]["content"]
    product = spec["paths"]["/questions/product-offer"]["get"]["parameters"]
    # the product code list (ontology/codelists/product.ttl) is offered as the parameter's values
    assert "housing_first" in next(p for p in product if p["name"] == "product")["schema"]["enum"]
    date = spec["paths"]["/questions/overdue-actions"]["get"]["parameters"]
    assert next(p for p in date if p["name"] == "date")["schema"]["format"] == "date"


@pytest.mark.parametrize(
    ("qid", "params", "name"),
    [
        ("overdue-actions", {"date": "2018-02-30"}, "date"),
        ("overdue-actions", {"date": "yesterday"}, "date"),
        ("product-offer", {"product": "castle"}, "product"),
        ("topic-status", {"topic": "nvo_regiovisie", "only_status": "maybe"}, "only_status"),
        ("compare-regions", {"region_a": "alkmaar", "region_b": REGION + "almelo"}, "region_a"),
        ("status-matrix", {"region_iri": "<x> } ; DROP ALL ; {"}, "region_iri"),
        ("status-matrix", {"region_iri": ""}, "region_iri"),
        ("actions-by-deadline", {"until": " "}, "until"),
    ],
)
def test_bad_values_are_422_naming_the_parameter(
    http: httpx.Client, qid: str, params: dict[str, str], name: str
) -> None:
    res = http.get(f"/questions/{qid}", params=params)
    assert res.status_code == 422, res.text
    body = res.json()
    assert body["parameter"] == name
    assert f"parameter {name!r}" in body["detail"]


def test_a_well_formed_iri_naming_nothing_of_its_class_is_404(http: httpx.Client) -> None:
    """Regression (schemathesis ST202): <…/region/atlantis> is a valid IRI, so 422 called a
    schema-valid request malformed; it names no region of this dataset: 404."""
    res = http.get("/questions/compare-regions",
                   params={"region_a": REGION + "alkmaar", "region_b": REGION + "atlantis"})
    assert res.status_code == 404, res.text
    assert res.json() == {"error": "not_found", "parameter": "region_b", "detail": res.json()[
        "detail"]}
    assert "is not a bwmo:Region in the graph" in res.json()["detail"]


def test_missing_required_parameter_is_422(http: httpx.Client) -> None:
    res = http.get("/questions/agreements-in-force")
    assert res.status_code == 422
    assert "date" in res.text


@pytest.mark.parametrize(
    ("qid", "params"),
    [
        ("search", {"q": '"} ; DROP ALL ; INSERT DATA { <a:b> <a:b> "x" } ; SELECT * {"'}),
        ("search", {"q": "') } UNION { ?s ?p ?o } #"}),
        ("status-matrix", {"region_iri": "https://w3id.org/bwmo/id/region/x>} DROP ALL {<y"}),
        ("evidence", {"fact": "urn:x:y>} ; DELETE WHERE { ?s ?p ?o } ; ASK {<z"}),
    ],
)
def test_sparql_syntax_in_a_parameter_is_a_value(
    http: httpx.Client, store: OxigraphStore, qid: str, params: dict[str, str]
) -> None:
    before = len(store.ox)
    res = http.get(f"/questions/{qid}", params=params)
    assert res.status_code in (200, 422), res.text
    if res.status_code == 200:
        assert res.json()["rows"] == []
    assert len(store.ox) == before
    # and the server still answers others
    assert http.get("/questions/capacity-gaps").status_code == 200


def test_unknown_question_is_404(http: httpx.Client) -> None:
    assert http.get("/questions/no-such-question").status_code == 404


def test_a_browser_is_sent_to_the_question_page(http: httpx.Client) -> None:
    res = http.get("/questions/topic-status", params={"topic": "nvo_regiovisie"},
                   headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                   follow_redirects=False)
    assert res.status_code == 303
    assert res.headers["location"] == "/ui/questions/topic-status?topic=nvo_regiovisie"
    program = http.get("/questions/topic-status", params={"topic": "nvo_regiovisie"},
                       headers={"Accept": "*/*"})
    assert program.status_code == 200
    assert program.json()["question"] == "topic-status"
