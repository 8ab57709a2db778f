"""The README's example queries run on the built graph and give the answers they claim.

Every ```` ```sparql ```` block is run. Where the text just before a block names a named question
(``/questions/{id}``), the block must give the same rows as that question with its default
parameters, over the columns both project: a newcomer who copies the example gets the
question's answer, not a different one.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bwgraph.config import Settings
from bwgraph.questions import load_questions, run_question
from bwgraph.store import OxigraphStore

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = list(re.finditer(r"```sparql\n(.*?)```", TEXT, flags=re.S))
QUERIES = [m.group(1) for m in BLOCKS]


def _named_question(block: re.Match[str]) -> str | None:
    """The question the paragraph before ``block`` names (``/questions/{id}``), if any."""
    before = TEXT[:block.start()].rstrip().rsplit("\n\n", 1)[-1]
    found = re.findall(r"/questions/([a-z0-9-]+)", before)
    return found[-1] if found else None


NAMED = [(i, _named_question(b)) for i, b in enumerate(BLOCKS) if _named_question(b)]


def test_readme_has_example_queries() -> None:
    assert len(QUERIES) >= 2
    assert NAMED, "the flagship example names its question"


@pytest.mark.parametrize("query", QUERIES, ids=[f"example-{i + 1}" for i in range(len(QUERIES))])
def test_readme_query_answers(store: OxigraphStore, query: str) -> None:
    result = store.select(query)
    assert result.rows, "a README example returns nothing on the built graph"


@pytest.mark.parametrize(("index", "qid"), NAMED, ids=[q for _, q in NAMED])
def test_example_gives_the_named_questions_answer(store: OxigraphStore, index: int,
                                                  qid: str) -> None:
    question = load_questions(Settings().root / "queries")[qid]
    expected = run_question(question, {}, store)
    got = store.select(QUERIES[index])
    common = [c for c in got.variables if c in expected.variables]
    assert "region" in common and "answer" in common, common

    def rows(result: object) -> Counter[tuple[str, ...]]:
        return Counter(tuple(r[c].value if c in r else "" for c in common)
                       for r in result.rows)  # type: ignore[attr-defined]

    assert rows(got) == rows(expected)


def test_flagship_example_matches_the_document(store: OxigraphStore) -> None:
    """Midden-IJssel: 'Financiële solidariteit: ✓' (001 line 1483) and 'Afspraken over inkoop
    plekken buiten eigen regio: ✗' (001 line 1461) — so it is a certain `yes` in the first
    example's answer."""
    answers = {r["region"]: r["answer"] for r in store.select(QUERIES[0]).values()}
    assert answers.get("Midden-IJssel") == "yes"
