"""The same answers on the embedded store, Oxigraph server and Virtuoso.

One test, parametrised over the three backends and over probes: every named question (with its
defaults and with typed parameters, including a search phrase full of SPARQL syntax), the
checklist export, the whole-dataset export, the bounded description of resources (what
``/export?focus=`` and ``GET /id/…`` for machines serve), the resource pages' view, and raw
SPARQL with named graphs and protocol datasets. Answers are compared as multisets of typed terms
(IRI / literal with datatype and language / blank node), graphs after canonicalising blank nodes.
The reference is the embedded store, which the rest of the suite checks against the documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
from functools import cache
from string import Template
from typing import Any

import pyoxigraph as ox
import pytest

from bwgraph.checklist import checklist_rows
from bwgraph.config import Settings
from bwgraph.export import describe
from bwgraph.namespaces import BWMO_CODE
from bwgraph.questions import Question, load_questions, run_question
from bwgraph.resources import resource_view
from bwgraph.store import Binding, OxigraphStore, SelectResult, Store

pytestmark = pytest.mark.slow

QUESTIONS: dict[str, Question] = load_questions(Settings().queries_dir)


def _first(store: Store, query: str) -> str:
    rows = store.select("PREFIX bwmo: <https://w3id.org/bwmo/def#>\n"
                        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + query).rows
    assert rows, f"no input value found by {query}"
    return rows[0]["x"].value


@cache
def inputs(store: OxigraphStore) -> dict[str, str]:
    """Parameter values for the questions, taken from the graph (inputs, not expectations)."""
    regions = store.select("PREFIX bwmo: <https://w3id.org/bwmo/def#> SELECT ?r WHERE { "
                           "?r a bwmo:Region ; bwmo:reportOrder ?o } ORDER BY ?o LIMIT 2").rows
    code = str(BWMO_CODE)
    return {
        "region_a": regions[0]["r"].value,
        "region_b": regions[1]["r"].value,
        "municipality": _first(store, "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x a bwmo:Municipality "
                               ". ?s ?p ?x } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1"),
        "signatory": _first(store, "SELECT ?x WHERE { ?i bwmo:signatory ?x } ORDER BY ?x"),
        "party": _first(store, "SELECT ?x WHERE { ?a bwmo:responsibleParty ?x } ORDER BY ?x"),
        "fact": _first(store, "SELECT ?x WHERE { ?x a bwmo:Assessment ; bwmo:evidence ?e } "
                       "ORDER BY ?x"),
        "product": _first(store, "SELECT ?x WHERE { ?f a bwmo:LocalOffer ; bwmo:product ?c . "
                          "?c skos:notation ?x } ORDER BY ?x"),
        "region_not_stated": _first(store, "SELECT ?x WHERE { ?a bwmo:region ?x ; bwmo:status/"
                                    "skos:notation 'not_stated' } ORDER BY ?x"),
        "deadline_status": _first(store, f"SELECT ?x WHERE {{ ?c skos:inScheme "
                                  f"<{code}deadline-status> ; skos:notation ?x }} ORDER BY ?x"),
        # a property whose domain is a blank node (owl:unionOf list): described recursively
        "bnode_domain": _first(store, "SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/"
                               "rdf-schema#domain> ?d FILTER(isBlank(?d)) } ORDER BY ?x"),
    }


#: (question id, parameters); ``{name}`` values are filled from :func:`inputs`
QUESTION_CASES: list[tuple[str, dict[str, str]]] = [
    ("actions-by-deadline", {}),
    ("actions-by-deadline", {"from": "2018-01-01", "until": "2020-12-31"}),
    ("actions-by-deadline", {"deadline_status": "{deadline_status}"}),
    ("actions-by-responsible", {}),
    ("actions-by-responsible", {"party": "{party}"}),
    ("agreements-in-force", {"date": "2021-07-01"}),
    ("capacity-gaps", {}),
    ("capacity-gaps", {"product": "{product}"}),
    ("compare-regions", {"region_a": "{region_a}", "region_b": "{region_b}"}),
    ("evidence", {"fact": "{fact}"}),
    ("municipality-profile", {"municipality": "{municipality}"}),
    ("not-stated", {}),
    ("not-stated", {"region_iri": "{region_not_stated}"}),
    ("not-stated", {"only_topic": "ua_financial_solidarity"}),
    ("organisation-signed", {"organisation": "{signatory}"}),
    ("organisations-by-type", {}),
    ("overdue-actions", {"date": "2021-01-01"}),
    ("product-offer", {"product": "{product}"}),
    ("regions-without-regiovisie", {}),
    ("search", {"q": "opvang"}),
    ("search", {"q": 'a "b" } UNION { ?s ?p ?o'}),
    ("solidarity-without-outside-purchase", {}),
    ("status-matrix", {}),
    ("status-matrix", {"region_iri": "{region_a}"}),
    ("topic-status", {"topic": "ua_financial_solidarity"}),
    ("topic-status", {"topic": "ua_financial_solidarity", "only_status": "yes"}),
]
assert {q for q, _ in QUESTION_CASES} == set(QUESTIONS), "every named question is compared"

#: probes whose answer may legitimately be empty (the rest must find something)
MAY_BE_EMPTY = {"question:search:1", "sparql:ask-false"}


def _term(b: Binding) -> Hashable:
    return ("bnode",) if b.kind == "bnode" else (b.kind, b.value, b.datatype, b.lang)


def _rows(result: SelectResult) -> Counter[Hashable]:
    """The rows as a multiset of typed terms: the named questions answer each row once (see
    :func:`test_no_question_repeats_a_row`), so every engine must give the same count."""
    return Counter(frozenset((v, _term(b)) for v, b in row.items()) for row in result.rows)


def _canonical(triples: list[ox.Triple] | list[ox.Quad]) -> frozenset[str]:
    ds = ox.Dataset(q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object)
                    for q in triples)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return frozenset(str(q) for q in ds)


def _question(qid: str, params: dict[str, str]) -> Callable[[Store, dict[str, str]], Any]:
    def probe(store: Store, values: dict[str, str]) -> Any:
        filled = {k: v.format(**values) if v.startswith("{") else v for k, v in params.items()}
        return _rows(run_question(QUESTIONS[qid], filled, store))
    return probe


def _describe(key: str) -> Callable[[Store, dict[str, str]], Any]:
    def probe(store: Store, values: dict[str, str]) -> Any:
        return _canonical(describe(store, values[key]))
    return probe


def _view(key: str) -> Callable[[Store, dict[str, str]], Any]:
    def probe(store: Store, values: dict[str, str]) -> Any:
        view = resource_view(store, values[key])
        assert view is not None
        # a fact's evidence lines are a set (their order ties in ORDER BY on some stores)
        facts = [(f.predicate, f.value, f.value_label, frozenset(f.evidence))
                 for f in (*view.facts, *view.incoming)]
        return (view.label, frozenset(view.types), Counter(facts), Counter(view.evidence))
    return probe


def _sparql(query: str, **kwargs: Any) -> Callable[[Store, dict[str, str]], Any]:
    def probe(store: Store, values: dict[str, str]) -> Any:
        out = store.evaluate(Template(query).substitute(values), **kwargs)
        if isinstance(out, SelectResult):
            return _rows(out)
        return out if isinstance(out, bool) else _canonical(out)
    return probe


GRAPH = "https://w3id.org/bwmo/graph/reference"
PROBES: dict[str, Callable[[Store, dict[str, str]], Any]] = {
    **{f"question:{qid}:{n}": _question(qid, params)
       for qid in QUESTIONS
       for n, params in enumerate(p for q, p in QUESTION_CASES if q == qid)},
    "export:checklist": lambda store, _: checklist_rows(store),
    "export:dataset": lambda store, _: _canonical(store.quads()),
    "export:graph-dataset": lambda store, _: _canonical(
        store.quads("https://w3id.org/bwmo/graph/dataset")),
    **{f"describe:{key}": _describe(key)
       for key in ("region_a", "fact", "municipality", "bnode_domain")},
    **{f"page:{key}": _view(key) for key in ("region_a", "fact", "municipality")},
    "sparql:graphs": _sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                             "GROUP BY ?g"),
    "sparql:default-graph-uri": _sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                        default_graphs=[GRAPH]),
    "sparql:named-graph-uri": _sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }"
                                      " } GROUP BY ?g", named_graphs=[GRAPH]),
    "sparql:ask": _sparql("ASK { <$region_a> ?p ?o }"),
    "sparql:ask-false": _sparql("ASK { <https://example.org/nothing> ?p ?o }"),
    "sparql:construct": _sparql("CONSTRUCT { <$region_a> ?p ?o } WHERE { <$region_a> ?p ?o }"),
    "sparql:construct-bnodes": _sparql(
        "CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#domain> ?d . ?d ?p ?o } WHERE { "
        "?c <http://www.w3.org/2000/01/rdf-schema#domain> ?d FILTER(isBlank(?d)) ?d ?p ?o }"),
}

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Virtuoso keeps one datatype per integer value: xsd:positiveInteger, xsd:nonNegativeInteger …
#: come back as xsd:integer or as whichever type the value was first stored with
#: (openlink/virtuoso-opensource#193, #1062). Values are exact; on Virtuoso the comparison
#: treats the integer family as one datatype (and only that).
INTEGER_FAMILY = tuple(f"{XSD}{t}" for t in (
    "positiveInteger", "nonNegativeInteger", "negativeInteger", "nonPositiveInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))

_FAMILY_RE = re.compile("|".join(re.escape(dt) + "(?![A-Za-z])" for dt in INTEGER_FAMILY))


def _integers_as_one(answer: Any) -> Any:
    """``answer`` with every integer-family datatype written as xsd:integer."""
    if isinstance(answer, str):
        return _FAMILY_RE.sub(f"{XSD}integer", answer)
    if isinstance(answer, ox.Literal):
        if answer.datatype.value in INTEGER_FAMILY:
            return ox.Literal(answer.value, datatype=ox.NamedNode(f"{XSD}integer"))
        return answer
    if isinstance(answer, Counter):
        out: Counter[Any] = Counter()
        for key, n in answer.items():
            out[_integers_as_one(key)] += n
        return out
    if isinstance(answer, frozenset):
        return frozenset(_integers_as_one(x) for x in answer)
    if isinstance(answer, tuple | list):
        return type(answer)(_integers_as_one(x) for x in answer)
    return answer


_reference: dict[str, Any] = {}


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_same_answers(backend: tuple[str, Store], embedded: OxigraphStore, probe: str) -> None:
    name, store = backend
    values = inputs(embedded)
    if probe not in _reference:
        _reference[probe] = PROBES[probe](embedded, values)
    expected = _reference[probe]
    if probe not in MAY_BE_EMPTY:
        assert expected, f"{probe}: the reference answer is empty, the probe proves nothing"
    got = PROBES[probe](store, values)
    if name == "virtuoso":
        got, expected = _integers_as_one(got), _integers_as_one(expected)
    assert got == expected, f"{probe} differs on {name}"


@pytest.mark.parametrize(("qid", "params"), QUESTION_CASES,
                         ids=[f"{q}:{i}" for i, (q, _) in enumerate(QUESTION_CASES)])
def test_no_question_repeats_a_row(embedded: OxigraphStore, qid: str,
                                   params: dict[str, str]) -> None:
    """A row given twice says nothing new and makes counts wrong. Triples stated in two
    documents' graphs (one node across documents) and alternative paths ``p|q`` repeat
    solutions in SPARQL 1.1; the questions say DISTINCT where that can happen."""
    values = inputs(embedded)
    filled = {k: v.format(**values) if v.startswith("{") else v for k, v in params.items()}
    result = run_question(QUESTIONS[qid], filled, embedded)
    columns = QUESTIONS[qid].columns
    rows = Counter(frozenset((k, _term(b)) for k, b in row.items() if k in columns)
                   for row in result.rows)
    assert not [row for row, n in rows.items() if n > 1], f"{qid} repeats rows"
