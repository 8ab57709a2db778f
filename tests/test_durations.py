"""Canonical xsd:duration forms (XML Schema 1.1 Part 2 §3.3.6.2) and months read back."""

from __future__ import annotations

import pytest

from bwgraph.durations import canonical, from_months


@pytest.mark.parametrize(("given", "expected"), [
    ("P2Y", "P2Y"), ("P24M", "P2Y"), ("P18M", "P1Y6M"), ("P1Y6M", "P1Y6M"), ("P6M", "P6M"),
    ("P0Y", "P0M"), ("P0M", "P0M"), ("-P13M", "-P1Y1M"), ("P1Y12M", "P2Y"),
    # day-time durations and non-durations are left as given
    ("P1DT2H", "P1DT2H"), ("P1Y2M3D", "P1Y2M3D"), ("P", "P"), ("24", "24"),
])
def test_canonical(given: str, expected: str) -> None:
    assert canonical(given) == expected


@pytest.mark.parametrize(("months", "expected"), [
    (24, "P2Y"), (18, "P1Y6M"), (0, "P0M"), (5, "P5M"), (-14, "-P1Y2M"),
])
def test_from_months(months: int, expected: str) -> None:
    assert from_months(months) == expected


def test_months_round_trip() -> None:
    """What Virtuoso stores (months) reads back as the canonical literal the graph wrote."""
    for months in range(0, 200):
        lexical = from_months(months)
        assert canonical(lexical) == lexical
        assert canonical(f"P{months}M") == lexical
