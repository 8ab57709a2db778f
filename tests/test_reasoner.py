"""OWL reasoning as a test: the ontology and the built instance data together are consistent under
HermiT (through owlready2), and no class is unsatisfiable.

The check means something only because it can fail: the ontology declares disjoint classes and
typed ranges, so a node that is both an assessment and a municipality, or a line number of 0, is
reported. The failing cases below prove that.

Notes on the set-up:

* owlready2 reads RDF/XML or N-Triples, so graphs are written with rdflib to a temporary
  N-Triples file and loaded into a fresh ``World`` per check (no state shared between tests).
* HermiT supports only the OWL 2 datatype map; ``xsd:date``, ``xsd:gYear`` and ``xsd:duration`` are
  not in it. ``ignore_unsupported_datatypes`` makes HermiT treat them as opaque instead of
  refusing the ontology; values of those types are checked by SHACL (shapes/), ranges with OWL 2
  datatypes (``xsd:positiveInteger``, ``xsd:decimal`` …) are still checked here.
* Timing (2 cores): HermiT over the full build (≈35 000 triples) takes about 4 s, so the whole
  graph is reasoned over, not a slice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bwgraph.config import Settings
from bwgraph.namespaces import BWMO, TOOI_GEMEENTE
from bwgraph.pipeline import ontology_graph

owlready2 = pytest.importorskip("owlready2", reason="owlready2 is a project dependency")

pytestmark = pytest.mark.reasoner


@pytest.fixture(scope="module", autouse=True)
def _java() -> None:
    """HermiT runs on Java; without it the check cannot run, which must not pass silently."""
    if shutil.which(owlready2.JAVA_EXE) is None and not Path(owlready2.JAVA_EXE).is_file():
        pytest.fail(f"Java not found ({owlready2.JAVA_EXE!r}): install a JRE (see .ci/run)")


def reason(graph: Graph, workdir: Path) -> owlready2.World:
    """Run HermiT over ``graph``; raises ``OwlReadyInconsistentOntologyError`` if inconsistent."""
    nt = workdir / "reasoner-input.nt"
    graph.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load()
    owlready2.sync_reasoner_hermit(
        world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
    )
    return world


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph(Settings())


@pytest.fixture(scope="module")
def built_graph(built_trig: Path) -> Graph:
    """Every named graph of the built TriG (ontology, code lists, reference, documents, dataset)."""
    ds = Dataset()
    ds.parse(built_trig, format="trig")
    union = Graph()
    for g in ds.graphs():
        union += g
    return union


def test_ontology_with_code_lists_is_consistent(ontology: Graph, tmp_path: Path) -> None:
    world = reason(ontology, tmp_path)
    assert list(world.inconsistent_classes()) == []


def test_ontology_and_built_data_are_consistent(built_graph: Graph, tmp_path: Path) -> None:
    # the build carries the ontology in its own named graph; check it is really there
    assert (URIRef("https://w3id.org/bwmo/def"), RDF.type, OWL.Ontology) in built_graph
    assert (None, BWMO.evidence, None) in built_graph
    world = reason(built_graph, tmp_path)
    assert list(world.inconsistent_classes()) == []


# --- the check can fail ----------------------------------------------------------------------

X = URIRef("https://w3id.org/bwmo/id/test/x")


def _with(ontology: Graph, *triples: tuple[URIRef, URIRef, object]) -> Graph:
    g = Graph()
    g += ontology
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


def test_node_both_assessment_and_municipality_is_inconsistent(
    ontology: Graph, tmp_path: Path
) -> None:
    g = _with(ontology, (X, RDF.type, BWMO.Assessment), (X, RDF.type, BWMO.Municipality))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(g, tmp_path)


def test_domain_inference_can_clash_with_disjointness(ontology: Graph, tmp_path: Path) -> None:
    """A CBS code on an assessment makes it a municipality or province (domain), hence a clash."""
    g = _with(ontology, (X, RDF.type, BWMO.Assessment), (X, BWMO.cbsCode, Literal("GM0363")))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(g, tmp_path)


def test_range_inference_can_clash_with_disjointness(ontology: Graph, tmp_path: Path) -> None:
    """The evidence of a fact must be a source line; an organisation cannot be one."""
    municipality = TOOI_GEMEENTE["gm0363"]
    g = _with(
        ontology,
        (municipality, RDF.type, BWMO.Municipality),
        (X, RDF.type, BWMO.Assessment),
        (X, BWMO.evidence, municipality),
    )
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(g, tmp_path)


def test_line_number_zero_is_inconsistent(ontology: Graph, tmp_path: Path) -> None:
    """bwmo:lineNumber ranges over xsd:positiveInteger: lines count from 1."""
    g = _with(ontology, (X, BWMO.lineNumber, Literal(0)))  # xsd:integer 0: not positive
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(g, tmp_path)


def test_unsatisfiable_class_is_reported(ontology: Graph, tmp_path: Path) -> None:
    """A class under two disjoint classes is unsatisfiable: inconsistent_classes() lists it."""
    bad = URIRef("https://w3id.org/bwmo/def#TestAssessedMunicipality")
    g = _with(
        ontology,
        (bad, RDF.type, OWL.Class),
        (bad, RDFS.subClassOf, BWMO.Assessment),
        (bad, RDFS.subClassOf, BWMO.Municipality),
    )
    world = reason(g, tmp_path)
    # owlready2 lists owl:Nothing alongside (everything unsatisfiable is equivalent to it)
    assert {c.iri for c in world.inconsistent_classes()} - {str(OWL.Nothing)} == {str(bad)}
