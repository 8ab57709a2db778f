"""The core constraints as SPARQL (``Engine.SPARQL``, :mod:`bwgraph.shacl_core`) report exactly
what pyshacl reports.

* every shape case of ``tests/shapes/cases`` (a passing and a failing graph per shape group),
  through the SPARQL engine and through pyshacl's core (``Engine.HYBRID``), compared on every
  field of every result: focus node, path, value, source shape, constraint component, severity,
  both messages and the evidence line;
* every constraint component the module translates, on small shapes of its own with a passing
  and a failing graph, against pyshacl alone (``Engine.PYSHACL``), including the literals
  pyoxigraph's store would canonicalise (``"01"^^xsd:integer``, derived integer types);
* forms it does not translate go to pyshacl, with the same results;
* the full build (slow), both engines, the same results.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from bwgraph import shacl_core
from bwgraph.config import Settings
from bwgraph.validate import Engine, ValidationResult, load_shapes, load_union, validate_graph

HERE = Path(__file__).parent / "shapes"
CASES = sorted((HERE / "cases").glob("*.ttl"))

Key = tuple[object, ...]


def _b(x: str | None) -> str | None:
    """Blank-node labels differ between engines: compared as 'a blank node'."""
    return None if x is None or ":" not in x else x


def _keys(results: list[ValidationResult]) -> Counter[Key]:
    return Counter(
        (_b(r.focus_node), _b(r.path), _b(r.value), _b(r.source_shape), r.constraint,
         r.severity, r.message_nl, r.message_en, r.evidence)
        for r in results
    )


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings())


@pytest.fixture(scope="module")
def support() -> Graph:
    return Graph().parse(HERE / "support.ttl")


def test_every_targeted_shape_is_translated(shapes: Graph) -> None:
    """No shape of the project falls back to pyshacl (so the cases below test translations)."""
    plan = shacl_core.plan(shapes)
    assert plan.compiled
    assert plan.fallback == {}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_same_as_pyshacl(case: Path, shapes: Graph, support: Graph) -> None:
    def data() -> Graph:
        g = Graph().parse(case)
        for t in support:
            g.add(t)
        return g

    ours = validate_graph(data(), shapes, engine=Engine.SPARQL)
    reference = validate_graph(data(), shapes, engine=Engine.HYBRID)
    assert _keys(ours.results) == _keys(reference.results)
    if case.stem.endswith("-fail"):
        assert ours.results, f"{case.name}: a failing case without results"


# --- every component, on shapes of its own -----------------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
"""

SHAPES = PREFIXES + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:nodeKind sh:IRI ; sh:pattern "^https://example\\\\.org/t[0-9]+$" ;
    sh:message "m-thing" ;
    sh:property ex:Thing-count , ex:Thing-label , ex:Thing-kind , ex:Thing-ref , ex:Thing-when ,
        ex:Thing-amount , ex:Thing-code , ex:Thing-part , ex:Thing-scheme , ex:Thing-either ,
        ex:Thing-alt , ex:Thing-inverse , ex:Thing-lit , ex:Thing-off .
ex:Thing-count a sh:PropertyShape ; sh:path ex:count ; sh:minCount 1 ; sh:maxCount 1 ;
    sh:datatype xsd:positiveInteger ; sh:message "m-count"@en , "m-aantal"@nl .
ex:Thing-label a sh:PropertyShape ; sh:path rdfs:label ; sh:minCount 1 ;
    sh:languageIn ( "nl" "en" ) ; sh:uniqueLang true ; sh:message "m-label" .
ex:Thing-kind a sh:PropertyShape ; sh:path ex:kind ; sh:maxCount 1 ;
    sh:in ( ex:a ex:b "c"@nl "2"^^xsd:integer "d" ) ; sh:message "m-kind" .
ex:Thing-ref a sh:PropertyShape ; sh:path ex:ref ; sh:class ex:Target ; sh:message "m-ref" .
ex:Thing-when a sh:PropertyShape ; sh:path ex:start ; sh:datatype xsd:date ;
    sh:lessThanOrEquals ex:end ; sh:message "m-when" .
ex:Thing-amount a sh:PropertyShape ; sh:path ex:amount ; sh:minExclusive 0 ;
    sh:node ex:Number ; sh:message "m-amount" .
ex:Thing-code a sh:PropertyShape ; sh:path ex:code ; sh:datatype xsd:string ;
    sh:pattern "^ab[0-9]$" ; sh:flags "i" ; sh:message "m-code" .
ex:Thing-part a sh:PropertyShape ; sh:path ex:part ; sh:nodeKind sh:BlankNodeOrIRI ;
    sh:message "m-part" .
ex:Thing-scheme a sh:PropertyShape ; sh:path ex:scheme ;
    sh:node [ sh:class ex:Concept ; sh:property [ sh:path ex:inScheme ; sh:hasValue ex:s1 ] ] ;
    sh:message "m-scheme" .
ex:Thing-either a sh:PropertyShape ; sh:path ex:either ;
    sh:or ( [ sh:datatype xsd:gYear ] [ sh:datatype xsd:date ] [ sh:class ex:Target ] ) ;
    sh:message "m-either" .
ex:Thing-alt a sh:PropertyShape ; sh:path [ sh:alternativePath ( ex:p1 ex:p2 ) ] ;
    sh:maxCount 2 ; sh:datatype rdf:langString ; sh:message "m-alt" .
ex:Thing-inverse a sh:PropertyShape ; sh:path [ sh:inversePath ex:owns ] ;
    sh:class ex:Owner ; sh:message "m-inverse" .
ex:Thing-lit a sh:PropertyShape ; sh:path ex:flag ; sh:datatype xsd:boolean ;
    sh:hasValue true ; sh:message "m-flag" .
ex:Thing-off a sh:PropertyShape ; sh:path ex:never ; sh:minCount 1 ; sh:deactivated true ;
    sh:message "m-off" .
ex:Number a sh:NodeShape ; sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] ) .

ex:ByNode a sh:NodeShape ; sh:targetNode ex:t1 , ex:missing ;
    sh:property [ sh:path ex:count ; sh:minCount 1 ; sh:message "m-bynode" ] .
ex:BySubject a sh:NodeShape ; sh:targetSubjectsOf ex:ref ;
    sh:property [ sh:path ex:ref ; sh:nodeKind sh:IRI ; sh:message "m-bysubject" ] .
ex:ByObject a sh:NodeShape ; sh:targetObjectsOf ex:ref ; sh:severity sh:Warning ;
    sh:class ex:Target ; sh:message "m-byobject" .
"""

PASSING = PREFIXES + """
ex:Sub rdfs:subClassOf ex:Target .
ex:t1 a ex:Thing ; ex:count "1"^^xsd:positiveInteger ; rdfs:label "een"@nl , "one"@en ;
    ex:kind "c"@nl ; ex:ref ex:r1 , ex:r2 ; ex:start "2020-01-01"^^xsd:date ;
    ex:end "2021-01-01"^^xsd:date ; ex:amount 5 , 2.5 ; ex:code "AB1" ; ex:part [ ex:x 1 ] ;
    ex:scheme ex:c1 ; ex:either "2020"^^xsd:gYear , ex:r1 ; ex:p1 "x"@nl ; ex:p2 "y"@en ;
    ex:flag true .
ex:t2 a ex:Thing ; ex:count "7"^^xsd:positiveInteger ; rdfs:label "twee"@nl ;
    ex:kind "2"^^xsd:integer ; ex:flag true .
ex:missing ex:count "1"^^xsd:positiveInteger .
ex:o1 a ex:Owner ; ex:owns ex:t1 .
ex:r1 a ex:Target . ex:r2 a ex:Sub .
ex:c1 a ex:Concept ; ex:inScheme ex:s1 .
"""

FAILING = PREFIXES + """
ex:t1 a ex:Thing ; ex:count "01"^^xsd:positiveInteger , "1"^^xsd:positiveInteger ;
    rdfs:label "een"@nl , "een bis"@NL , "one"@de , "plain" ;
    ex:kind "c"@en , "02"^^xsd:integer , "2"^^xsd:integer , ex:z ;
    ex:ref ex:nothing , "lit" ; ex:start "2022-01-01"^^xsd:date , "2020-13-45"^^xsd:date ;
    ex:end "2021-01-01"^^xsd:date , "later" ; ex:amount 0 , -3 , "five" , "1"^^xsd:double ;
    ex:code "ab12" , ex:ab1 , 7 ; ex:part "literal" ; ex:scheme ex:c2 , ex:c3 ;
    ex:either "2020-01"^^xsd:gYearMonth , ex:nothing ; ex:p1 "x"@nl , "z" ; ex:p2 "y"@en ;
    ex:flag "1"^^xsd:boolean .
ex:t2 a ex:Thing ; ex:count 2 .
_:b a ex:Thing ; ex:count "3"^^xsd:positiveInteger ; rdfs:label "blank"@nl ; ex:flag false .
<https://example.org/t3x> a ex:Thing .
ex:o1 ex:owns ex:t1 .
ex:c2 a ex:Concept ; ex:inScheme ex:s2 .
ex:c3 ex:inScheme ex:s1 .
"""


@pytest.mark.parametrize("data", [PASSING, FAILING], ids=["passing", "failing"])
def test_components_same_as_pyshacl(data: str) -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    assert shacl_core.plan(shapes).fallback == {}
    ours = validate_graph(Graph().parse(data=data, format="turtle"), shapes,
                          engine=Engine.SPARQL)
    reference = validate_graph(Graph().parse(data=data, format="turtle"), shapes,
                               engine=Engine.PYSHACL)
    assert _keys(ours.results) == _keys(reference.results)
    if data is PASSING:
        assert not ours.results, ours.results
    else:
        components = {r.constraint.rsplit("#", 1)[-1] for r in ours.results}
        # every translated component is exercised by the failing graph
        assert components >= {
            f"{c}ConstraintComponent" for c in (
                "MinCount", "MaxCount", "Datatype", "LanguageIn", "UniqueLang", "In", "Class",
                "LessThanOrEquals", "MinExclusive", "Node", "Pattern", "NodeKind", "Or",
                "HasValue")
        }, components


def test_canonicalised_literals_stay_apart() -> None:
    """pyoxigraph's store would turn "1"^^xsd:positiveInteger into "1"^^xsd:integer, one value
    with the other, and no maxCount result; rdflib keeps two values, and so does the faithful
    store (and its datatype check sees xsd:positiveInteger)."""
    shapes = Graph().parse(data=PREFIXES + """
        ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:property [ sh:path ex:count ;
            sh:maxCount 1 ; sh:datatype xsd:positiveInteger ; sh:message "m" ] .""",
                           format="turtle")
    data = PREFIXES + 'ex:n ex:count "1"^^xsd:positiveInteger , "1"^^xsd:integer .'
    ours = validate_graph(Graph().parse(data=data, format="turtle"), shapes)
    assert sorted(r.constraint.rsplit("#", 1)[-1] for r in ours.results) == [
        "DatatypeConstraintComponent", "MaxCountConstraintComponent"]
    reference = validate_graph(Graph().parse(data=data, format="turtle"), shapes,
                               engine=Engine.PYSHACL)
    assert _keys(ours.results) == _keys(reference.results)


def test_untranslated_forms_go_to_pyshacl() -> None:
    shapes = Graph().parse(data=PREFIXES + """
        ex:Closed a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ;
            sh:ignoredProperties ( rdf:type ) ; sh:message "m-closed" .
        ex:Counted a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:count ; sh:minCount 1 ; sh:message "m-count" ] .""",
                           format="turtle")
    plan = shacl_core.plan(shapes)
    assert [str(s) for s in plan.compiled] == ["https://example.org/Counted"]
    assert [str(s) for s in plan.fallback] == ["https://example.org/Closed"]
    data = PREFIXES + "ex:t a ex:Thing ; ex:other 1 ."
    ours = validate_graph(Graph().parse(data=data, format="turtle"), shapes)
    reference = validate_graph(Graph().parse(data=data, format="turtle"), shapes,
                               engine=Engine.PYSHACL)
    assert _keys(ours.results) == _keys(reference.results)
    assert {r.message_en for r in ours.results} == {"m-closed", "m-count"}


@pytest.mark.slow
def test_full_build_same_as_pyshacl(built_trig: Path, shapes: Graph) -> None:
    data, store = load_union(built_trig)
    ours = validate_graph(data, shapes, store=store, engine=Engine.SPARQL)
    reference = validate_graph(data, shapes, store=store, engine=Engine.HYBRID)
    assert ours.results
    assert _keys(ours.results) == _keys(reference.results)
