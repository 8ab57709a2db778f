"""xsd:duration lexical forms: the canonical form the graph writes, and months read back.

A stated duration ("18 maanden", "4 jaar") is one value with many spellings (``P18M`` and
``P1Y6M`` are equal). The graph writes the canonical representation of XML Schema 1.1 Part 2
§3.3.6.2 (``durationCanonicalMap``: months above eleven carried into years, zero parts left out,
``P0M`` for nothing), so that every store that keeps the value can give back the same literal.
Virtuoso 7, for one, stores a year-month duration as its number of months (``"24"^^xsd:duration``
for ``P2Y``); its adapter turns that back into the canonical form with :func:`from_months`.

Only year-month durations are canonicalised here: they are what the documents state (terms in
years and months). A duration with day or time parts is written as given.
"""

from __future__ import annotations

import re

_YEAR_MONTH = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?$")


def from_months(months: int) -> str:
    """The canonical lexical form of a year-month duration of ``months`` months."""
    sign = "-" if months < 0 else ""
    years, rest = divmod(abs(months), 12)
    if not years and not rest:
        return "P0M"
    return f"{sign}P{f'{years}Y' if years else ''}{f'{rest}M' if rest else ''}"


def canonical(lexical: str) -> str:
    """``lexical`` in canonical form if it is a year-month duration, else unchanged.

    >>> canonical("P18M"), canonical("P4Y"), canonical("P0Y"), canonical("P1DT2H")
    ('P1Y6M', 'P4Y', 'P0M', 'P1DT2H')
    """
    m = _YEAR_MONTH.match(lexical.strip())
    if m is None or (m[2] is None and m[3] is None):
        return lexical
    months = int(m[2] or 0) * 12 + int(m[3] or 0)
    return from_months(-months if m[1] else months)
