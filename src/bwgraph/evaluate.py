"""``bwgraph eval``: precision and recall of the general extractor per fact kind.

Runs :func:`bwgraph.extract.general.read_records` over the development corpus
(``data/devcorpus``: ``corpus.toml``, ``docs/``, hand-written ``expected/*.toml``; schema in its
README) and compares what it reads with what a person read, document by document. Counts are
micro-averaged over the corpus (true positives, false positives, false negatives summed).

Scoring keys per fact kind (the corpus README fixes the semantics):

=================  ==================================================================
type               the document type notation (``other`` is not scored on either side)
municipalities     distinct CBS codes
centrumgemeente    CBS codes with role centrumgemeente (or holding the others' mandate)
parties            CBS codes with role party or signatory (the parties of the instrument)
dates              (ISO value, meaning); ``date values`` scores the value alone
periods            years of (start, end) when either is given, else the duration
amounts            the amount in euro
scope              concept notations
instruments        (type, relation) of instruments established/amended/replaced/proposed
instrument titles  the same with the title as written (case, quotes and spacing folded)
regions            slugs of listed BW/MO regions (``regions.csv``)
=================  ==================================================================

Documents carry a ``split`` in ``corpus.toml``: ``dev`` (the default when absent; the recognisers
were tuned on these) or ``heldout`` (labelled before any rule change and never used to write rules,
so its numbers estimate how the extractor does on documents it has not seen). ``evaluate`` scores
one split or ``all``.

The run reads text only; nothing is written to the graph.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bwgraph.extract.general import read_records
from bwgraph.recognise import TextLine
from bwgraph.recognise.engine import canonical
from bwgraph.records.general import GeneralRecords

KINDS = (
    "type",
    "municipalities",
    "centrumgemeente",
    "parties",
    "dates",
    "date values",
    "periods",
    "amounts",
    "scope",
    "instruments",
    "instrument titles",
    "regions",
)
#: the kinds with targets (issue 10): precision ≥ 0.95 and recall ≥ 0.85
TARGETS = {"type": (0.95, 0.85), "municipalities": (0.95, 0.85), "dates": (0.95, 0.85),
           "periods": (0.95, 0.85)}  # fmt: skip

Key = tuple[str, ...]

#: the corpus splits (corpus README): ``dev`` is the default of an entry without ``split``
SPLITS = ("dev", "heldout")
SPLIT_CHOICES = (*SPLITS, "all")


class EvalError(Exception):
    """The corpus cannot be read; the message names the file."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class DocResult:
    doc_id: str
    false_positives: dict[str, list[Key]] = field(default_factory=dict)
    false_negatives: dict[str, list[Key]] = field(default_factory=dict)


@dataclass
class EvalReport:
    corpus: Path
    split: str = "dev"
    documents: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    per_doc: list[DocResult] = field(default_factory=list)

    def meets_targets(self) -> dict[str, bool]:
        out = {}
        for kind, (p_min, r_min) in TARGETS.items():
            s = self.scores[kind]
            out[kind] = (s.precision or 0) >= p_min and (s.recall or 0) >= r_min
        return out


def _amount(value: object) -> str:
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return str(value)


def expected_keys(exp: dict[str, object]) -> dict[str, set[Key]]:
    """The scoring keys of one expected-facts file."""
    doc: dict[str, object] = exp.get("document", {})  # type: ignore[assignment]
    munis: list[dict[str, str]] = exp.get("municipality", [])  # type: ignore[assignment]
    dates: list[dict[str, str]] = exp.get("date", [])  # type: ignore[assignment]
    periods: list[dict[str, str]] = exp.get("period", [])  # type: ignore[assignment]
    amounts: list[dict[str, object]] = exp.get("amount", [])  # type: ignore[assignment]
    scope: list[dict[str, str]] = exp.get("scope", [])  # type: ignore[assignment]
    instruments: list[dict[str, str]] = exp.get("instrument", [])  # type: ignore[assignment]
    regions: list[dict[str, str]] = exp.get("region", [])  # type: ignore[assignment]
    dtype = str(doc.get("type", "") or "")
    return {
        "type": {(dtype,)} if dtype and dtype != "other" else set(),
        "municipalities": {(m["cbs"],) for m in munis if m.get("cbs")},
        "centrumgemeente": {
            (m["cbs"],) for m in munis if m.get("cbs") and m.get("role") == "centrumgemeente"
        },
        "parties": {
            (m["cbs"],) for m in munis if m.get("cbs") and m.get("role") in ("party", "signatory")
        },
        "dates": {(d["value"], d.get("meaning", "")) for d in dates},
        "date values": {(d["value"],) for d in dates},
        "periods": {
            _period(p.get("start", ""), p.get("end", ""), p.get("duration", "")) for p in periods
        },
        "amounts": {(_amount(a.get("value", "")),) for a in amounts},
        "scope": {(s["concept"],) for s in scope},
        "instruments": {
            (i.get("type", ""), i.get("relation", ""))
            for i in instruments
            if i.get("relation") != "mentions"
        },
        "instrument titles": {
            (i.get("type", ""), i.get("relation", ""), _title(i.get("title", "")))
            for i in instruments
            if i.get("relation") != "mentions" and i.get("title")
        },
        "regions": {(r["slug"],) for r in regions if r.get("slug")},
    }


def _period(start: str, end: str, duration: str) -> Key:
    """The corpus README's period key: the years of start and end when either is given, else
    the duration ("2022" matches "2022-01-01")."""
    if start or end:
        return (start[:4], end[:4], "")
    return ("", "", duration)


def _title(title: str) -> str:
    return canonical(title).lower().strip(" .,;:'\"“”‘’")


def predicted_keys(rec: GeneralRecords) -> dict[str, set[Key]]:
    """The scoring keys of what the general extractor read."""
    return {
        # "other" is no type claim on either side (expected_keys): a beleidsregel read as "other"
        # is neither right nor wrong about the listed types
        "type": (
            {(rec.document_type.notation,)}
            if rec.document_type and rec.document_type.notation != "other"
            else set()
        ),
        "municipalities": {(m.cbs_code,) for m in rec.municipalities},
        # the municipality the others mandate is the centrumgemeente's equivalent (corpus README)
        "centrumgemeente": {
            (r.cbs_code,) for r in rec.roles if r.role in ("centrumgemeente", "mandate")
        },
        "parties": {(r.cbs_code,) for r in rec.roles if r.role == "party"},
        "dates": {(d.value, d.meaning) for d in rec.dates},
        "date values": {(d.value,) for d in rec.dates},
        "periods": {_period(p.start, p.end, p.duration) for p in rec.periods},
        "amounts": {(_amount(a.value),) for a in rec.amounts},
        "scope": {(s.concept,) for s in rec.scope},
        "instruments": {
            (i.notation, i.relation) for i in rec.instruments if i.relation != "mentions"
        },
        "instrument titles": {
            (i.notation, i.relation, _title(i.title))
            for i in rec.instruments
            if i.relation != "mentions" and i.title
        },
        "regions": {(r.slug,) for r in rec.regions if r.slug},
    }


def _entries(corpus: Path) -> list[dict[str, str]]:
    index = corpus / "corpus.toml"
    if not index.is_file():
        raise EvalError(f"{index}: no corpus index (see data/devcorpus/README.md)")
    try:
        raw = tomllib.loads(index.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"{index}: not valid TOML: {exc}") from exc
    docs: list[dict[str, str]] = raw.get("doc", [])
    return docs


def evaluate(corpus: Path, split: str = "dev") -> EvalReport:
    """Score the general extractor on every document of ``corpus`` in ``split`` (``dev``,
    ``heldout`` or ``all``) that has expected facts."""
    if split not in SPLIT_CHOICES:
        raise EvalError(f"unknown split {split!r}: use one of {', '.join(SPLIT_CHOICES)}")
    report = EvalReport(corpus=corpus, split=split)
    for entry in _entries(corpus):
        entry_split = entry.get("split", "dev")
        if entry_split not in SPLITS:
            raise EvalError(
                f"{corpus / 'corpus.toml'}: document {entry.get('id', '?')!r} has unknown split "
                f"{entry_split!r} (use {' or '.join(SPLITS)})"
            )
        if split != "all" and entry_split != split:
            continue
        text_path = corpus / entry["file"]
        exp_path = corpus / entry["expected"]
        if not text_path.is_file() or not exp_path.is_file():
            continue  # listed but not (yet) labelled: not scored
        try:
            expected = tomllib.loads(exp_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise EvalError(f"{exp_path}: not valid TOML: {exc}") from exc
        text = text_path.read_text(encoding="utf-8")
        lines = [TextLine(i, t) for i, t in enumerate(text.splitlines(), start=1)]
        rec, _ = read_records(lines, entry["id"])
        exp, got = expected_keys(expected), predicted_keys(rec)
        result = DocResult(entry["id"])
        for kind in KINDS:
            s = report.scores[kind]
            s.tp += len(exp[kind] & got[kind])
            fp, fn = sorted(got[kind] - exp[kind]), sorted(exp[kind] - got[kind])
            s.fp += len(fp)
            s.fn += len(fn)
            if fp:
                result.false_positives[kind] = fp
            if fn:
                result.false_negatives[kind] = fn
        report.per_doc.append(result)
        report.documents += 1
    return report


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def rows(report: EvalReport) -> Iterable[tuple[str, int, int, int, str, str]]:
    for kind in KINDS:
        s = report.scores[kind]
        yield kind, s.tp, s.fp, s.fn, _fmt(s.precision), _fmt(s.recall)


def to_csv(report: EvalReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "tp", "fp", "fn", "precision", "recall"])
    w.writerows(rows(report))
    return buf.getvalue()


def to_markdown(report: EvalReport) -> str:
    out = [
        f"# bwgraph eval: general extractor on {report.corpus}, split {report.split} "
        f"({report.documents} documents)",
        "",
        "| kind | tp | fp | fn | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    out += [f"| {k} | {tp} | {fp} | {fn} | {p} | {r} |" for k, tp, fp, fn, p, r in rows(report)]
    out += ["", "## Errors per document", ""]
    for d in report.per_doc:
        if not d.false_positives and not d.false_negatives:
            continue
        out.append(f"### {d.doc_id}")
        for label, errs in (
            ("false positive", d.false_positives),
            ("false negative", d.false_negatives),
        ):
            for kind, keys in errs.items():
                shown = ", ".join("/".join(k) for k in keys)
                out.append(f"- {label} {kind}: {shown}")
        out.append("")
    return "\n".join(out) + "\n"
