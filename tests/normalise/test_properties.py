"""Property-based tests (hypothesis): hostile, mutated, truncated and re-encoded input never
crashes the normaliser or an extractor; it is read, or refused with a message naming the file
(and, from an extractor, the line).

Bounded: few examples per property and a deadline, so the file runs in well under a minute. The
big status report (001) is mutated in one property with few examples; the others use the smaller
seed documents.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwgraph.config import Settings
from bwgraph.extract import UnknownKindError, detect_kind, registry
from bwgraph.normalise import NormaliseError, clean_line, normalise
from bwgraph.records import ExtractionError, SourceDocument
from bwgraph.sources import load_sources

BOUNDED = settings(
    max_examples=25, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
#: A refusal from an extractor: "file:line: message".
FILE_LINE = re.compile(r"^[^\s:]+:\d+: \S")

_DOCS = {d.kind: d for d in load_sources(Settings().sources_dir)}
_SMALL = ["assignment", "agreement_proposal", "housing_agenda", "action_plan"]
_TEXTS = {k: d.path.read_text(encoding="utf-8") for k, d in _DOCS.items()}


@BOUNDED
@given(st.binary(max_size=4096))
def test_any_bytes_are_read_or_refused_in_one_line(data: bytes) -> None:
    try:
        n = normalise(data, name="willekeurig.bin")
    except NormaliseError as exc:
        assert str(exc).startswith("willekeurig.bin: ") and "\n" not in str(exc)
        return
    assert [line.number for line in n.lines] == list(range(1, len(n.lines) + 1))
    assert all("\n" not in line.text and "\r" not in line.text for line in n.lines)


@BOUNDED
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_a_text_keeps_its_line_count(text: str) -> None:
    """Cleaning never joins or splits a line: line n of a text file stays line n."""
    try:
        n = normalise(text.encode("utf-8"), name="t.txt")
    except NormaliseError:
        return  # empty, binary-looking or not Latin script: refused, fine
    expected = len(re.split(r"\r\n|\r|\n", text)) - (1 if re.search(r"(\r\n|\r|\n)$", text) else 0)
    assert len(n.lines) == expected


@BOUNDED
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_clean_line_never_makes_a_line_break(line: str) -> None:
    out = clean_line(line)
    assert "\n" not in out and "\r" not in out
    assert out == out.rstrip()


@BOUNDED
@given(
    st.sampled_from(_SMALL),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_re_encoded_seed_reads_as_the_seed(kind: str, encoding: str, end: str) -> None:
    text = _TEXTS[kind]
    data = text.replace("\n", end).encode(encoding, errors="xmlcharrefreplace")
    assert normalise(data, name="x").texts() == normalise(text.encode(), name="y").texts()


def _mutate(text: str, data: st.DataObject) -> str:
    lines = text.split("\n")
    op = data.draw(st.sampled_from(["truncate", "delete", "duplicate", "garble", "shuffle"]))
    if op == "truncate":
        return "\n".join(lines[: data.draw(st.integers(0, len(lines)))])
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(i, min(len(lines), i + 40)))
    if op == "delete":
        return "\n".join(lines[:i] + lines[j:])
    if op == "duplicate":
        return "\n".join(lines[:j] + lines[i:j] + lines[j:])
    if op == "shuffle":
        block = lines[i:j]
        return "\n".join(lines[:i] + block[::-1] + lines[j:])
    junk = data.draw(st.text(max_size=40))
    return "\n".join([*lines[:i], junk + lines[i][len(junk) :], *lines[i + 1 :]])


def _extract_or_refuse(doc: SourceDocument, text: str) -> None:
    """Extract a mutated copy with its own kind's extractor (as --kind does), then detect it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / doc.path.name
        path.write_text(text, encoding="utf-8")
        copy = replace(doc, path=path, sha256="")
        try:
            lines = copy.lines()
        except NormaliseError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
        try:
            registry()[doc.kind].extract(copy)
        except ExtractionError as exc:
            assert FILE_LINE.match(str(exc)), str(exc)
            assert str(exc).startswith(f"{path.name}:")
        try:
            detect_kind("\n".join(lines), name=path.name)
        except UnknownKindError as exc:
            assert str(exc).startswith(f"{path.name}: ")


@BOUNDED
@given(st.sampled_from(_SMALL), st.data())
def test_mutated_seed_is_read_or_refused_with_file_and_line(kind: str, data: st.DataObject) -> None:
    _extract_or_refuse(_DOCS[kind], _mutate(_TEXTS[kind], data))


@settings(max_examples=5, deadline=None, derandomize=True)
@given(st.data())
def test_mutated_status_report_is_read_or_refused_with_file_and_line(data: st.DataObject) -> None:
    _extract_or_refuse(_DOCS["status_report"], _mutate(_TEXTS["status_report"], data))
