"""The ontology and its code lists as data: complete header, labels in nl and en, domains and
ranges, well-formed SKOS code lists, deterministic generated artefacts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from bwgraph.config import Settings
from bwgraph.namespaces import BWMO, BWMO_CODE, BWMO_ONTOLOGY
from bwgraph.ontology_docs import ARTIFACTS, ontology_html, write_ontology_artifacts
from bwgraph.pipeline import ontology_graph

VANN = "http://purl.org/vocab/vann/"
ONTOLOGY = URIRef(BWMO_ONTOLOGY)
ONTOLOGY_DIR = Settings().ontology_dir
CODELIST_FILES = sorted((ONTOLOGY_DIR / "codelists").glob("*.ttl"))

#: Properties deliberately without rdfs:domain or rdfs:range, with the reason.
NO_DOMAIN: dict[str, str] = {
    "evidence": "every kind of fact node carries evidence; a domain would be owl:Thing",
}
NO_RANGE: dict[str, str] = {}

#: Code-list schemes this part owns and their required notations (docs/ARCHITECTURE.md).
REQUIRED_NOTATIONS: dict[str, set[str]] = {
    "status": {"yes", "in_development", "no", "not_applicable", "not_stated"},
    "organisation-type": {
        "municipality",
        "housing_corporation",
        "care_provider",
        "client_council",
        "wmo_council",
        "health_insurer",
        "zorgkantoor",
        "governance_body",
        "public_body",
        "advisory_firm",
        "other",
    },
    "periodicity": {"per_year", "one_off"},
    "deadline-status": {"dated", "ongoing", "done", "not_stated"},
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "bwmo.ttl", format="turtle")


def _local(term: URIRef) -> str:
    return str(term)[len(str(BWMO)) :]


def _terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(BWMO)
    )


def _all_terms(g: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({t for k in kinds for t in _terms(g, k)})


def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


# --- header ----------------------------------------------------------------------------------


def test_header_is_complete(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/bwmo/def/0.1.0")
    assert onto.value(ONTOLOGY, OWL.versionInfo) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        assert _langs(onto, ONTOLOGY, prop) >= {"nl", "en"}, prop
    assert onto.value(ONTOLOGY, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert onto.value(ONTOLOGY, DCTERMS.creator) is not None
    for prop in (DCTERMS.created, DCTERMS.modified):
        value = onto.value(ONTOLOGY, prop)
        assert isinstance(value, Literal) and value.datatype == rns.XSD.date, prop
    assert str(onto.value(ONTOLOGY, URIRef(VANN + "preferredNamespacePrefix"))) == "bwmo"
    assert str(onto.value(ONTOLOGY, URIRef(VANN + "preferredNamespaceUri"))) == str(BWMO)
    seen = set(onto.objects(ONTOLOGY, RDFS.seeAlso))
    for reused in ("http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#"):
        assert URIRef(reused) in seen


# --- terms -----------------------------------------------------------------------------------


def test_ontology_declares_the_architecture_vocabulary(onto: Graph) -> None:
    """A sample across every section of docs/ARCHITECTURE.md's vocabulary, by kind."""
    classes = {_local(t) for t in _terms(onto, OWL.Class)}
    objects = {_local(t) for t in _terms(onto, OWL.ObjectProperty)}
    data = {_local(t) for t in _terms(onto, OWL.DatatypeProperty)}
    assert {
        "Municipality", "Province", "BoundaryChange", "Region", "SubRegion", "RegionMembership",
        "HousingCorporation", "CareProvider", "ClientCouncil", "HealthInsurer", "Zorgkantoor",
        "GovernanceBody", "UnresolvedMention", "PolicyInstrument", "Agreement", "Convenant",
        "AdministrativeAgreement", "Centrumregeling", "JointArrangement", "RegionalVision",
        "ActionPlan", "RegionalAgenda", "Assignment", "PolicyFrame", "BudgetLine", "Activity",
        "Risk", "Role", "Assessment", "Narrative", "Mention", "TransformationTask",
        "ActionPoint", "Milestone", "CapacityTarget", "LocalOffer", "DemandEstimate",
        "SourceDocument", "SourceLine",
    } <= classes  # fmt: skip
    assert {
        "province", "centrumgemeente", "party", "signatory", "region", "targetGroup",
        "implements", "topic", "status", "section", "mentions", "mentionOf", "hasNarrative",
        "partOf", "responsibleParty", "deadlineStatus", "product", "periodicity", "evidence",
        "inDocument", "municipality", "heldBy", "hoursBudget",
    } <= objects  # fmt: skip
    assert {
        "cbsCode", "establishedOn", "dissolvedOn", "statedOn", "startDate", "endDate",
        "renewalTerm", "periodStart", "deadline", "assessedOn", "rawStatus", "statusNote",
        "quantity", "quantityMin", "quantityMax", "lineNumber", "quote", "actionNumber",
    } <= data  # fmt: skip


def test_no_term_is_both_object_and_datatype_property(onto: Graph) -> None:
    """OWL 2 DL forbids it, and a reasoner then rejects the whole ontology."""
    both = set(_terms(onto, OWL.ObjectProperty)) & set(_terms(onto, OWL.DatatypeProperty))
    assert not both


def test_every_term_has_label_and_comment_in_nl_and_en(onto: Graph) -> None:
    missing = [
        f"{_local(t)}: {p.n3()} lacks @{lang}"
        for t in _all_terms(onto)
        for p in (RDFS.label, RDFS.comment)
        for lang in ("nl", "en")
        if lang not in _langs(onto, t, p)
    ]
    assert missing == []


def test_no_term_has_two_labels_in_one_language(onto: Graph) -> None:
    doubled = [
        _local(t)
        for t in _all_terms(onto)
        for lang, n in Counter(
            o.language for o in onto.objects(t, RDFS.label) if isinstance(o, Literal)
        ).items()
        if n > 1
    ]
    assert doubled == []


def test_properties_have_domain_and_range(onto: Graph) -> None:
    props = _terms(onto, OWL.ObjectProperty) + _terms(onto, OWL.DatatypeProperty)
    no_domain = sorted(_local(p) for p in props if onto.value(p, RDFS.domain) is None)
    no_range = sorted(_local(p) for p in props if onto.value(p, RDFS.range) is None)
    assert no_domain == sorted(NO_DOMAIN)
    assert no_range == sorted(NO_RANGE)


def test_domains_and_ranges_are_declared_classes_or_datatypes(onto: Graph) -> None:
    """A typo in a domain (bwmo:Asessment) would silently create a new class for a reasoner."""
    declared = set(onto.subjects(RDF.type, OWL.Class)) | set(onto.subjects(RDF.type, RDFS.Datatype))
    problems = []
    for prop in _terms(onto, OWL.ObjectProperty) + _terms(onto, OWL.DatatypeProperty):
        for axis in (RDFS.domain, RDFS.range):
            for target in onto.objects(prop, axis):
                members = [target]
                if isinstance(target, BNode):
                    lst = onto.value(target, OWL.unionOf)
                    members = list(onto.items(lst)) if lst is not None else [target]
                for m in members:
                    if isinstance(m, URIRef) and str(m).startswith(str(rns.XSD)):
                        continue
                    if m == RDF.langString or m in declared:
                        continue
                    problems.append(f"{_local(prop)} {axis.n3()} {m}")
    assert problems == []


def test_object_properties_to_code_lists_range_over_skos_concept(onto: Graph) -> None:
    for name in ("topic", "status", "section", "targetGroup", "deadlineStatus", "product"):
        assert onto.value(BWMO[name], RDFS.range) == SKOS.Concept, name
    assert onto.value(BWMO.periodicity, RDFS.range) == SKOS.Concept


def test_datatypes_match_what_the_code_writes(onto: Graph) -> None:
    # bwgraph.context.add_evidence writes Literal(line, datatype=XSD.positiveInteger)
    assert onto.value(BWMO.lineNumber, RDFS.range) == rns.XSD.positiveInteger
    # bwgraph.transform.reference writes establishment/dissolution days as xsd:date
    assert onto.value(BWMO.establishedOn, RDFS.range) == rns.XSD.date
    assert onto.value(BWMO.dissolvedOn, RDFS.range) == rns.XSD.date
    assert onto.value(BWMO.assessedOn, RDFS.range) == rns.XSD.date


def test_external_terms_used_in_axioms_are_declared(onto: Graph) -> None:
    """OWL 2 DL tools reject an ontology that uses an undeclared class in an axiom."""
    for cls in ("Organization", "OrganizationalCollaboration", "Membership", "Role"):
        assert (URIRef("http://www.w3.org/ns/org#" + cls), RDF.type, OWL.Class) in onto
    assert (SKOS.Concept, RDF.type, OWL.Class) in onto


def test_disjointness_separates_assessments_from_municipalities(onto: Graph) -> None:
    """What makes the reasoner check able to fail (see test_reasoner)."""
    municipality_ancestors = {BWMO.Municipality, URIRef("http://www.w3.org/ns/org#Organization")}
    found = False
    for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = set(onto.items(onto.value(axiom, OWL.members)))
        if BWMO.Assessment in members and members & municipality_ancestors:
            found = True
    assert found


# --- code lists ------------------------------------------------------------------------------


def test_codelist_files_exist() -> None:
    names = {p.stem for p in CODELIST_FILES}
    assert {"status", "organisation-type", "target-group", "periodicity", "deadline-status"} <= (
        names
    )


@pytest.mark.parametrize("path", CODELIST_FILES, ids=lambda p: p.stem)
def test_codelist_is_a_well_formed_concept_scheme(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    scheme = BWMO_CODE[path.stem]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g, f"{path.name}: scheme IRI must be {scheme}"
    assert _langs(g, scheme, DCTERMS.title) >= {"nl", "en"}
    problems: list[str] = []
    notations: Counter[str] = Counter()
    for concept in sorted(g.subjects(RDF.type, SKOS.Concept)):
        notation = g.value(concept, SKOS.notation)
        if notation is None:
            problems.append(f"{concept}: no skos:notation")
            continue
        notations[str(notation)] += 1
        if concept != URIRef(f"{scheme}/{notation}"):
            problems.append(f"{concept}: IRI does not end in its notation {notation}")
        if not _langs(g, concept, SKOS.prefLabel) >= {"nl", "en"}:
            problems.append(f"{concept}: prefLabel needs @nl and @en")
        if (concept, SKOS.inScheme, scheme) not in g:
            problems.append(f"{concept}: not skos:inScheme {scheme}")
        top = (concept, SKOS.topConceptOf, scheme) in g
        broader = g.value(concept, SKOS.broader)
        if not top and broader is None:
            problems.append(f"{concept}: neither a top concept nor narrower than one")
        if broader is not None and (broader, SKOS.inScheme, scheme) not in g:
            problems.append(f"{concept}: broader concept {broader} is not in the scheme")
    assert notations, f"{path.name}: no concepts"
    problems += [f"notation {n!r} used {k} times" for n, k in notations.items() if k > 1]
    assert problems == []


@pytest.mark.parametrize("scheme", sorted(REQUIRED_NOTATIONS))
def test_codelist_has_the_notations_the_architecture_names(scheme: str) -> None:
    g = Graph().parse(ONTOLOGY_DIR / "codelists" / f"{scheme}.ttl", format="turtle")
    notations = {str(n) for n in g.objects(None, SKOS.notation)}
    assert notations == REQUIRED_NOTATIONS[scheme]


def test_target_groups_cover_the_groups_of_documents_003_and_004() -> None:
    g = Graph().parse(ONTOLOGY_DIR / "codelists" / "target-group.ttl", format="turtle")
    notations = {str(n) for n in g.objects(None, SKOS.notation)}
    # 004 lines 35-37: "Mensen die uitstromen uit Beschermd Wonen", "… uit Maatschappelijke Opvang
    # en Vrouwenopvang", "Jongvolwassenen van 18 tot 23 jaar die uitstromen uit jeugdhulp".
    # 003 lines 86-91: Uitstroom Jeugdzorg, Gezinnen met een zorgvraag, Dak- en thuisloze
    # jongeren, Uitstroom penitentiaire instelling.
    assert {
        "leaving_beschermd_wonen",
        "leaving_maatschappelijke_opvang",
        "leaving_vrouwenopvang",
        "young_adults_leaving_youth_care",
        "leaving_youth_care",
        "families_with_care_needs",
        "homeless_young_people",
        "leaving_penitentiary_institution",
        "homeless",
    } <= notations


def test_every_organisation_type_in_the_reference_data_is_in_the_code_list(
    settings: Settings,
) -> None:
    import csv

    g = Graph().parse(ONTOLOGY_DIR / "codelists" / "organisation-type.ttl", format="turtle")
    notations = {str(n) for n in g.objects(None, SKOS.notation)}
    with (settings.reference_dir / "organisations.csv").open(encoding="utf-8") as f:
        used = {row["type"].strip() for row in csv.DictReader(f) if row["type"].strip()}
    assert used - notations == set()


# --- generated artefacts ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_ontology() -> Graph:
    return ontology_graph(Settings())


def test_artifacts_are_written_and_equal_the_source(full_ontology: Graph, tmp_path: Path) -> None:
    paths = write_ontology_artifacts(full_ontology, tmp_path)
    assert [p.name for p in paths] == list(ARTIFACTS)
    for fmt, name in (("xml", "bwmo.owl"), ("json-ld", "bwmo.jsonld"), ("nt", "bwmo.nt")):
        parsed = Graph().parse(tmp_path / name, format=fmt)
        assert isomorphic(parsed, full_ontology), name
    html = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    # every bwmo term has an anchor named after its local name
    for term in _all_terms(full_ontology):
        assert f'id="{_local(term)}"' in html, _local(term)
    # every code list has a section, every concept an anchor {scheme}-{notation}
    for path in CODELIST_FILES:
        assert f'id="scheme-{path.stem}"' in html, path.stem
    assert 'id="status-in_development"' in html
    # no leftover temporaries from the atomic writes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ARTIFACTS)


def test_artifacts_are_deterministic(full_ontology: Graph, tmp_path: Path) -> None:
    """Same input, same bytes — also after a fresh parse, whose blank nodes get new labels."""
    first = write_ontology_artifacts(full_ontology, tmp_path / "a")
    second = write_ontology_artifacts(ontology_graph(Settings()), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_html_leaves_out_external_declarations(full_ontology: Graph) -> None:
    html = ontology_html(full_ontology)
    assert "https://w3id.org/bwmo/def#Assessment" in html
    # org:Membership is only declared (for OWL 2 DL); it is not documented as one of our classes
    assert "<code>http://www.w3.org/ns/org#Membership</code>" not in html


def test_artifacts_are_not_rendered_again_for_the_same_sources(
    full_ontology: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a source digest the second build reuses the files; a changed file is rewritten."""
    import bwgraph.ontology_docs as docs

    first = [p.read_bytes() for p in write_ontology_artifacts(full_ontology, tmp_path,
                                                              source_digest="d1")]

    def no_render(*_: object) -> str:
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(docs, "ontology_html", no_render)
    again = write_ontology_artifacts(full_ontology, tmp_path, source_digest="d1")
    assert [p.read_bytes() for p in again] == first
    (tmp_path / "ontology.html").write_text("tampered", encoding="utf-8")
    with pytest.raises(AssertionError, match="rendered again"):
        write_ontology_artifacts(full_ontology, tmp_path, source_digest="d1")
    monkeypatch.undo()
    with pytest.raises(AssertionError, match="rendered again"):
        monkeypatch.setattr(docs, "ontology_html", no_render)
        write_ontology_artifacts(full_ontology, tmp_path, source_digest="d2")
