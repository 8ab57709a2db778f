"""``bwgraph eval``: scoring on a two-document mini corpus whose expected facts were written by
reading the documents, and the reached numbers on the development corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bwgraph.cli import app
from bwgraph.evaluate import EvalError, EvalReport, evaluate

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "tests" / "recognise" / "docs"
DEVCORPUS = ROOT / "data" / "devcorpus"

EXPECTED = {
    "centrumregeling_mini": """
[document]
type = "centrumregeling"
[[instrument]]
type = "centrumregeling"
relation = "establishes"
[[municipality]]
cbs = "GM0361"
role = "centrumgemeente"
[[municipality]]
cbs = "GM0373"
[[municipality]]
cbs = "GM0399"
[[municipality]]
cbs = "GM0450"
[[date]]
value = "2022-01-01"
meaning = "in_werking"
[[date]]
value = "2021-12-14"
meaning = "vastgesteld"
[[period]]
duration = "P4Y"
[[amount]]
value = 2000000
[[scope]]
concept = "beschermd_wonen"
[[scope]]
concept = "maatschappelijke_opvang"
""",
    "raadsvoorstel_mini": """
[document]
type = "raadsvoorstel"
[[instrument]]
type = "regiovisie"
relation = "proposes"
[[municipality]]
cbs = "GM0935"
role = "centrumgemeente"
[[municipality]]
cbs = "GM1903"
[[municipality]]
cbs = "GM0938"
[[municipality]]
cbs = "GM0981"
[[municipality]]
cbs = "GM0888"
[[municipality]]
cbs = "GM1900"
[[date]]
value = "2023-03-03"
meaning = "document_datum"
[[period]]
start = "2023"
end = "2027"
[[amount]]
value = 2000000
[[scope]]
concept = "beschermd_wonen"
[[scope]]
concept = "verslavingszorg"
[[scope]]
concept = "wvggz"
""",
}


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "expected").mkdir()
    index = []
    for name, expected in EXPECTED.items():
        shutil.copy(DOCS / f"{name}.txt", tmp_path / "docs" / f"{name}.txt")
        (tmp_path / "expected" / f"{name}.toml").write_text(expected, encoding="utf-8")
        index.append(
            f'[[doc]]\nid = "{name}"\nfile = "docs/{name}.txt"\nexpected = "expected/{name}.toml"\n'
        )
    (tmp_path / "corpus.toml").write_text("\n".join(index), encoding="utf-8")
    return tmp_path


def test_mini_corpus_scores(mini_corpus: Path) -> None:
    report = evaluate(mini_corpus)
    assert report.documents == 2
    s = report.scores
    assert (s["municipalities"].tp, s["municipalities"].fp, s["municipalities"].fn) == (10, 0, 0)
    assert (s["type"].tp, s["type"].fp, s["type"].fn) == (2, 0, 0)
    assert (s["dates"].tp, s["dates"].fp, s["dates"].fn) == (3, 0, 0)
    assert (s["periods"].tp, s["periods"].fp, s["periods"].fn) == (2, 0, 0)
    assert (s["centrumgemeente"].tp, s["instruments"].tp) == (2, 2)
    assert all(report.meets_targets().values())


def test_a_wrong_expectation_counts_as_error(mini_corpus: Path) -> None:
    exp = mini_corpus / "expected" / "raadsvoorstel_mini.toml"
    exp.write_text(exp.read_text().replace('"GM1900"', '"GM0080"'), encoding="utf-8")
    s = evaluate(mini_corpus).scores["municipalities"]
    assert (s.tp, s.fp, s.fn) == (9, 1, 1)


def test_cli_writes_a_report(mini_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["eval", "--corpus", str(mini_corpus), "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert "municipalities" in result.output
    assert out.read_text().startswith("# bwgraph eval")


def test_split_selects_documents(mini_corpus: Path) -> None:
    """Entries without ``split`` are dev; ``heldout`` ones are scored only when asked for."""
    index = mini_corpus / "corpus.toml"
    index.write_text(
        index.read_text().replace(
            'id = "raadsvoorstel_mini"', 'id = "raadsvoorstel_mini"\nsplit = "heldout"'
        ),
        encoding="utf-8",
    )
    dev, held, both = (evaluate(mini_corpus, s) for s in ("dev", "heldout", "all"))
    assert (dev.documents, held.documents, both.documents) == (1, 1, 2)
    assert dev.scores["municipalities"].tp == 4 and held.scores["municipalities"].tp == 6
    assert [d.doc_id for d in held.per_doc] == ["raadsvoorstel_mini"]


def test_unknown_split_is_an_error(mini_corpus: Path) -> None:
    with pytest.raises(EvalError, match="unknown split"):
        evaluate(mini_corpus, "test")
    index = mini_corpus / "corpus.toml"
    index.write_text(index.read_text() + '\n[[doc]]\nid = "x"\nsplit = "train"\n', "utf-8")
    with pytest.raises(EvalError, match="'x' has unknown split 'train'"):
        evaluate(mini_corpus, "all")
    result = CliRunner().invoke(app, ["eval", "--corpus", str(mini_corpus), "--split", "dev"])
    assert result.exit_code == 2


def test_cli_missing_corpus_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 2


#: floors (precision, recall) on the dev split: what the rules reach there (README, "Dev, after")
#: less a margin of about one error per kind, so that a regression fails
DEV_FLOORS = {
    "type": (0.95, 0.95),
    "municipalities": (0.97, 0.97),
    "centrumgemeente": (0.90, 0.95),
    "parties": (0.95, 0.90),
    "dates": (0.95, 0.90),
    "periods": (0.95, 0.93),
    "scope": (0.97, 0.97),
    "instruments": (0.88, 0.93),
    "instrument titles": (0.88, 0.85),
    "regions": (0.94, 0.95),
}
#: floors on the held-out split, well below what was measured (README, round 3 "Held-out,
#: after"): the split is small (17 documents) and was never used to write rules, so these guard
#: against a rule that breaks unseen documents, not a tuned number. No floor for "parties": the
#: held-out split has no formal preamble the rules read yet (0 of 20), and a floor of 0 cannot fail
HELDOUT_FLOORS = {
    "municipalities": (0.93, 0.85),
    "centrumgemeente": (0.90, 0.45),
    "dates": (0.75, 0.50),
    "date values": (0.90, 0.55),
    "periods": (0.90, 0.90),
    "scope": (0.95, 0.95),
    "instruments": (0.90, 0.60),
    "regions": (0.90, 0.70),
}


def _below(report: EvalReport, floors: dict[str, tuple[float, float]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for kind, (p_min, r_min) in floors.items():
        s = report.scores[kind]
        if (s.precision or 0) < p_min or (s.recall or 0) < r_min:
            out[kind] = (s.precision, s.recall, "floor", p_min, r_min)
    return out


@pytest.mark.skipif(not (DEVCORPUS / "corpus.toml").is_file(), reason="no development corpus")
def test_development_corpus_reaches_the_targets() -> None:
    """Issue 10: precision ≥ 0.95 and recall ≥ 0.85 on municipalities, type, dates and periods,
    over the hand-labelled dev split (at least 20 documents); and the reached floors per kind."""
    report = evaluate(DEVCORPUS, "dev")
    assert report.documents >= 20
    scores = {
        k: (report.scores[k].precision, report.scores[k].recall) for k in report.meets_targets()
    }
    assert all(report.meets_targets().values()), scores
    assert _below(report, DEV_FLOORS) == {}


@pytest.mark.skipif(not (DEVCORPUS / "corpus.toml").is_file(), reason="no development corpus")
def test_held_out_split_stays_above_its_floor() -> None:
    """The held-out split (documents no rule was written from) keeps a modest floor per kind."""
    report = evaluate(DEVCORPUS, "heldout")
    assert report.documents >= 12
    assert _below(report, HELDOUT_FLOORS) == {}
