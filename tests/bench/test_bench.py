"""The benchmark's own parts at tiny scale: the scale generator, the load generator, the report.

No timing is asserted anywhere (bench/README.md): these check that the synthetic graphs have the
shape they claim, that the load generator counts what it sends, and that the report says which
target holds and which does not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from bench import load
from bench.report import markdown, rows_csv
from bench.scale import copy_graph, factor_for, scaled
from bwgraph.config import Settings
from bwgraph.context import BuildContext

BASE = "https://w3id.org/bwmo/"
REGION = URIRef(BASE + "id/region/alkmaar")
ASSESSMENT = URIRef(BASE + "id/assessment/alkmaar/ua-financial-solidarity/2020-10-29")
GEMEENTE = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0361")
BWMO = "https://w3id.org/bwmo/def#"
STATUS_YES = URIRef(BASE + "def/status/yes")


def _doc() -> Graph:
    g = Graph()
    g.add((ASSESSMENT, RDF.type, URIRef(BWMO + "Assessment")))
    g.add((ASSESSMENT, URIRef(BWMO + "region"), REGION))
    g.add((ASSESSMENT, URIRef(BWMO + "status"), STATUS_YES))
    g.add((ASSESSMENT, URIRef(BWMO + "quote"), Literal("Ja", lang="nl")))
    return g


def _reference() -> Graph:
    g = Graph()
    g.add((REGION, RDF.type, URIRef(BWMO + "Region")))
    g.add((REGION, SKOS.prefLabel, Literal("Alkmaar", lang="nl")))
    g.add((REGION, URIRef("http://www.w3.org/ns/org#hasMember"), GEMEENTE))
    g.add((GEMEENTE, SKOS.prefLabel, Literal("Alkmaar", lang="nl")))
    return g


def test_copy_renames_minted_iris_and_names_only() -> None:
    ref = _reference()
    assert copy_graph(ref, BASE, 0) is ref
    copy = copy_graph(ref, BASE, 2)
    region2 = URIRef(str(REGION) + "-x2")
    assert (region2, RDF.type, URIRef(BWMO + "Region")) in copy
    assert (region2, SKOS.prefLabel, Literal("Alkmaar x2", lang="nl")) in copy
    # shared things keep their IRIs and names: municipalities (TOOI), classes, code lists
    assert (region2, URIRef("http://www.w3.org/ns/org#hasMember"), GEMEENTE) in copy
    assert (GEMEENTE, SKOS.prefLabel, Literal("Alkmaar", lang="nl")) in copy


def test_scaled_multiplies_the_documents_and_the_minted_reference_facts() -> None:
    ctx = BuildContext(Settings())
    graphs = [
        (ctx.minter.graph("ontology"), Graph()),
        (ctx.minter.graph("reference"), _reference()),
        (ctx.minter.graph("doc"), _doc()),
        (ctx.minter.graph("dataset"), Graph()),
    ]
    out = dict(scaled(graphs, ctx, 3))
    docs = [n for n in out if "/graph/doc" in str(n)]
    assert len(docs) == 3
    assert len(set().union(*({s for s, _, _ in out[n]} for n in docs))) == 3  # distinct facts
    copies_of_reference = [n for n in out if "/graph/reference-x" in str(n)]
    assert len(copies_of_reference) == 2
    # each copy's facts point at a region that its reference copy defines
    region2 = URIRef(str(REGION) + "-x2")
    assert (region2, RDF.type, URIRef(BWMO + "Region")) in out[
        URIRef(str(ctx.minter.graph("reference")) + "-x2")]
    assert any(o == region2 for o in out[URIRef(str(ctx.minter.graph("doc")) + "-x2")].objects())
    # the shared municipality is not copied
    assert sum((GEMEENTE, SKOS.prefLabel, None) in g for g in out.values()) == 1
    assert factor_for(4 + 10 * 4, graphs, ctx) == 10


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b"{}" if self.path != "/missing" else b"no"
        self.send_response(200 if self.path != "/missing" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def tiny_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_python_load_generator_counts_requests_and_errors(tiny_server: str) -> None:
    ok = load.run_python(tiny_server, ["/a", "/b"], connections=2, seconds=0.5)
    assert ok.requests > 0 and ok.errors == 0 and ok.rps > 0
    assert 0 < ok.p50_ms <= ok.p99_ms
    mixed = load.run_python(tiny_server, ["/a", "/missing"], connections=1, seconds=0.3)
    assert 0 < mixed.errors < mixed.requests


def _results(build_s: float, mix_rps: float) -> dict[str, object]:
    stage = {"read": 0.1, "validate": 40.0}
    q = {"/questions/x": {"question": "x", "p50_ms": 1.0, "p99_ms": 2.0, "rows": 1}}
    http = {"questions": {"/questions/x": {"question": "x", "first_ms": 9.0, "status": 200,
                                           "rps": 9000.0, "p50_ms": 0.1, "p99_ms": 1.0,
                                           "requests": 9, "errors": 0, "tool": "wrk"}},
            "mix": {"questions c32": {"rps": mix_rps, "p50_ms": 3.0, "p99_ms": 20.0,
                                      "requests": 9, "errors": 0, "tool": "wrk"}},
            "sparql": {}}
    return {
        "machine": {"date": "d", "cpu": "cpu", "cores": 2, "memory_mib": 1, "os": "os",
                    "python": "3", "commit": "c", "bwgraph_packages": {}, "peers": {},
                    "load_tool": "wrk"},
        "build": {"seconds": [build_s, build_s], "cli_seconds": 1.0, "peak_mib": 1.0,
                  "stages": [{"triples": 10, "stages": {"assemble": 1.0}, "validation": {}}] * 2},
        "scales": [{"name": "1", "factor": 1, "triples": 10, "seconds": stage,
                    "peak_mib": {"read": 1.0, "validate": 2.0}, "questions": q, "http": http}],
    }


def test_report_says_which_targets_hold_and_by_how_much() -> None:
    text = markdown(_results(build_s=10.0, mix_rps=2000.0))
    assert "| full build of the real corpus < 5 s | 10.00 s (median of warm builds) | " \
           "**no**: 2.0× the target |" in text
    assert "2,000 req/s, p99 20.00 ms | yes |" in text
    assert "40.00 s | **no**: 1.3× the target |" in text  # SHACL at the largest scale
    assert any(row[3] == "mix" and row[6] == "rps" for row in rows_csv(_results(1.0, 1.0)))
