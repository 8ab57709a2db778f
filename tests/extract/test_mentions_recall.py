"""Recall and precision of mentions in the status report, against region reports labelled by hand.

How it is measured: ``labels/<region>.toml`` lists every organisation, instrument, programme,
law and product the text of one region report names, per line (the guideline is in
``labels/README.md``; the labels were written by reading document 001, not from the extractor).
The extractor's mention records of that region give, per line, what it found
(``MentionRecord.occurrences``). A found mention matches a label when it is on the same line,
of the same kind, and one text contains the other once case, diacritics and punctuation are
folded ("plan van aanpak" matches "plan van aanpak Dak- en thuisloosheid"); each label and each
found mention is matched at most once. Recall = matched labels / labels; precision = matched
found mentions / found mentions, both over all labelled regions together.

Targets (issue 11): recall ≥ 0.90 at precision ≥ 0.95. The status of an instrument is measured
apart: of the labelled statuses for which the extractor gives one, the share it gets right.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from bwgraph.extract.status_report import EXTRACTOR
from bwgraph.recognise.base import fold
from bwgraph.records import SourceDocument
from bwgraph.records.status_report import StatusReportResult

LABELS = sorted((Path(__file__).parent / "labels").glob("*.toml"))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).lower()).split())


@dataclass
class Score:
    labels: int = 0
    found: int = 0
    matched: int = 0
    statuses: int = 0
    statuses_right: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.labels

    @property
    def precision(self) -> float:
        return self.matched / self.found


@pytest.fixture(scope="module")
def result(sources: dict[str, SourceDocument]) -> StatusReportResult:
    return EXTRACTOR.extract(sources["status_report"])


def score(result: StatusReportResult, path: Path) -> Score:
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    report = next(r for r in result.reports if r.report_name == spec["region"])
    gold = [(m["line"], m["kind"], m["text"], m.get("status")) for m in spec["mention"]]
    found = [
        (line, m.kind, text, m.status if line == m.evidence[0].line else None)
        for m in report.mentions
        for line, text in m.occurrences
    ]
    s = Score(labels=len(gold), found=len(found))
    used: set[int] = set()
    for line, kind, text, status in gold:
        g = _norm(text)
        for i, (f_line, f_kind, f_text, f_status) in enumerate(found):
            f = _norm(f_text)
            if i in used or (f_line, f_kind) != (line, kind) or not (f in g or g in f):
                continue
            used.add(i)
            s.matched += 1
            if status and f_status:
                s.statuses += 1
                s.statuses_right += f_status == status
            break
    return s


def test_at_least_eight_regions_are_labelled() -> None:
    assert len(LABELS) >= 8
    for path in LABELS:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        assert spec["mention"], path.name
        for m in spec["mention"]:
            assert m["kind"] in {"organisation", "instrument", "programme", "law", "product"}
            assert spec["first_line"] <= m["line"] <= spec["last_line"], m


def test_recall_and_precision_on_the_labelled_regions(result: StatusReportResult) -> None:
    total = Score()
    per_region: dict[str, tuple[float, float]] = {}
    for path in LABELS:
        s = score(result, path)
        per_region[path.stem] = (round(s.recall, 3), round(s.precision, 3))
        total.labels += s.labels
        total.found += s.found
        total.matched += s.matched
        total.statuses += s.statuses
        total.statuses_right += s.statuses_right
    summary = (
        f"recall {total.recall:.3f} ({total.matched}/{total.labels}), precision "
        f"{total.precision:.3f} ({total.matched}/{total.found}); per region {per_region}"
    )
    assert total.recall >= 0.90, summary
    assert total.precision >= 0.95, summary
    # a status the extractor gives is right (it gives none where the clause has no cue)
    assert total.statuses_right / total.statuses >= 0.90, (
        f"status {total.statuses_right}/{total.statuses}"
    )
