"""General extractor: facts of two hand-written mini documents (values read by hand), shapes,
refusal, and deference to the templates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF

from bwgraph.context import BuildContext
from bwgraph.extract import detect_kind
from bwgraph.extract.general import EXTRACTOR
from bwgraph.namespaces import BWMO
from bwgraph.records import ExtractionError, SourceDocument
from bwgraph.records.general import GeneralRecords
from bwgraph.transform.general import to_graph

DOCS = Path(__file__).parents[1] / "recognise" / "docs"


def _doc(name: str, day: date, path: Path | None = None) -> SourceDocument:
    return SourceDocument(
        id=name.replace("_", "-"), kind="general", path=path or DOCS / f"{name}.txt",
        title=name, publisher="test", date=day,
    )  # fmt: skip


def _rec(doc: SourceDocument) -> GeneralRecords:
    rec = EXTRACTOR.extract(doc).records[0]
    assert isinstance(rec, GeneralRecords)
    return rec


def test_centrumregeling() -> None:
    rec = _rec(_doc("centrumregeling_mini", date(2021, 12, 14)))
    assert rec.document_type is not None and rec.document_type.notation == "centrumregeling"
    assert [(i.notation, i.relation) for i in rec.instruments] == [
        ("centrumregeling", "establishes")
    ]
    assert [m.cbs_code for m in rec.municipalities] == ["GM0361", "GM0373", "GM0399", "GM0450"]
    # the preamble's colleges are the parties; Alkmaar is also the centrumgemeente
    assert {(r.role, r.cbs_code) for r in rec.roles} == {
        ("centrumgemeente", "GM0361"),
        ("party", "GM0361"), ("party", "GM0373"), ("party", "GM0399"), ("party", "GM0450"),
    }  # fmt: skip
    assert {(d.value, d.meaning) for d in rec.dates} == {
        ("2022-01-01", "in_werking"), ("2021-12-14", "vastgesteld"),
    }  # fmt: skip
    assert [(p.duration, p.evidence.line) for p in rec.periods] == [("P4Y", 16)]
    assert [(a.value, a.meaning) for a in rec.amounts] == [(Decimal(2000000), "plafond")]
    assert {s.concept for s in rec.scope} == {"beschermd_wonen", "maatschappelijke_opvang"}


def test_a_proposal_about_a_regiovisie_is_a_proposal() -> None:
    rec = _rec(_doc("raadsvoorstel_mini", date(2023, 3, 3)))
    assert rec.document_type is not None and rec.document_type.notation == "raadsvoorstel"
    assert [(i.notation, i.relation, i.title) for i in rec.instruments] == [
        ("regiovisie", "proposes", "Regiovisie Beschermd Wonen en Opvang 2023-2027")
    ]
    assert [m.cbs_code for m in rec.municipalities] == [
        "GM0935",
        "GM1903",
        "GM0938",
        "GM0981",
        "GM0888",
        "GM1900",
    ]  # fmt: skip  ("Best practices" on line 9 is not Best)
    assert [(r.role, r.cbs_code) for r in rec.roles] == [("centrumgemeente", "GM0935")]
    assert [(d.value, d.meaning) for d in rec.dates] == [("2023-03-03", "document_datum")]
    assert [(p.start, p.end) for p in rec.periods] == [("2023", "2027")]
    assert [(a.value, a.meaning) for a in rec.amounts] == [(Decimal(2000000), "budget")]


def test_graph_conforms_and_says_how_it_was_read(assert_conforms) -> None:  # type: ignore[no-untyped-def]
    doc = _doc("raadsvoorstel_mini", date(2023, 3, 3))
    ctx = BuildContext()
    g = to_graph(EXTRACTOR.extract(doc), ctx)
    assert (ctx.minter.document(doc.id), RDF.type, BWMO.CouncilProposal) in g
    (act,) = set(g.subjects(RDF.type, BWMO.ExtractionActivity))
    assert g.value(act, BWMO.extractionMethod) == Literal("rules")
    facts = set(g.subjects(RDF.type, BWMO.StatedDate)) | set(g.subjects(RDF.type, BWMO.Mention))
    assert facts and all((f, PROV.wasGeneratedBy, act) in g for f in facts)
    assert_conforms(g, doc, ctx)


def test_refuses_a_text_without_type_or_place(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("Boodschappenlijst\nmelk, brood en kaas\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match="no known document type"):
        EXTRACTOR.extract(_doc("x", date(2022, 1, 1), p))


def test_templates_keep_their_documents() -> None:
    seed = Path(__file__).parents[2] / "data" / "sources" / "002_5bb28361ed2a5c7e.txt"
    assert detect_kind(seed.read_text(encoding="utf-8")) == "action_plan"
    assert detect_kind((DOCS / "centrumregeling_mini.txt").read_text(encoding="utf-8")) == "general"


SEEDS = Path(__file__).parents[2] / "data" / "sources"


@pytest.mark.parametrize(
    ("seed", "municipalities", "centrumgemeente"),
    [
        # 002, line 25: "centrumgemeente Deventer en de gemeenten Lochem, Olst-Wijhe, Raalte en
        # Zutphen"; line 626 names Voorst ("(en Voorst)") as part of the zorgkantoor area
        (
            "002_5bb28361ed2a5c7e.txt",
            {"GM0150", "GM0262", "GM1773", "GM0177", "GM0301", "GM0285"},
            {"GM0150"},
        ),
        # 003, line 32: "Dordrecht (centrumgemeente), Alblasserdam, Gorinchem, Hardinxveld-
        # Giessendam, Hendrik-Ido-Ambacht, Molenlanden, Papendrecht, Sliedrecht en Zwijndrecht";
        # line 141 mentions "Woodstock in Den Haag"
        (
            "003_057f26d649f68110.txt",
            {
                "GM0505",
                "GM0482",
                "GM0512",
                "GM0523",
                "GM0531",
                "GM1978",
                "GM0590",
                "GM0610",
                "GM0642",
                "GM0518",
            },
            {"GM0505"},
        ),
    ],
)
def test_seeds_smoke(seed: str, municipalities: set[str], centrumgemeente: set[str]) -> None:
    """The rules, run on two seeds their templates read, find the municipalities a person reads."""
    from bwgraph.extract.general import read_records
    from bwgraph.recognise import lines_of

    rec, _ = read_records(lines_of((SEEDS / seed).read_text(encoding="utf-8")), "seed")
    assert {m.cbs_code for m in rec.municipalities} == municipalities
    assert {r.cbs_code for r in rec.roles if r.role == "centrumgemeente"} == centrumgemeente


DEVCORPUS = Path(__file__).parents[2] / "data" / "devcorpus"


@pytest.mark.skipif(not (DEVCORPUS / "corpus.toml").is_file(), reason="no development corpus")
def test_every_development_document_gives_a_conforming_graph() -> None:
    """All graphs of the development corpus together pass the shapes (one validation run), and
    no two facts share a node by accident (a name that is a municipality and a region)."""
    import tomllib

    from bwgraph.pipeline import _describe_document, ontology_graph
    from bwgraph.transform.reference import reference_graph
    from bwgraph.validate import validate_graphs

    ctx = BuildContext()
    graphs = [
        (ctx.minter.graph("ontology"), ontology_graph(ctx.settings)),
        (ctx.minter.graph("reference"), reference_graph(ctx)),
    ]
    entries = tomllib.loads((DEVCORPUS / "corpus.toml").read_text(encoding="utf-8"))["doc"]
    for e in entries:
        path = DEVCORPUS / e["file"]
        if not path.is_file():
            continue
        doc = _doc(e["id"], date(2025, 1, 1), path.resolve())
        try:
            result = EXTRACTOR.extract(doc)
        except ExtractionError:
            continue  # refused with a reason: nothing written
        g = to_graph(result, ctx)
        _describe_document(g, doc, ctx)
        graphs.append((ctx.minter.graph(doc.id), g))
    assert len(graphs) >= 22
    outcome = validate_graphs(graphs, ctx.settings)
    assert outcome.conforms, outcome.summary()
