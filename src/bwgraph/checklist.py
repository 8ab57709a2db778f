"""The checklist export: one row per region report and topic, from the built graph.

A public contract for users and tests: ``region`` is the report name exactly as the report writes
it after "Regiobeeld" (``bwmo:reportName``), ``item`` the topic notation, ``status`` the status
notation; rows in report order, then checklist order. The rows come from one SPARQL query over
the :class:`~bwgraph.store.Store`, so the export shows what the graph holds, nothing recomputed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from bwgraph.store import Store

HEADER: tuple[str, str, str] = ("region", "item", "status")

CHECKLIST_QUERY = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?region ?item ?status
WHERE {
  ?a a bwmo:Assessment ;
     bwmo:region ?r ;
     bwmo:topic ?t ;
     bwmo:status ?s .
  ?r bwmo:reportName ?region ;
     bwmo:reportOrder ?order .
  ?t skos:notation ?item ;
     bwmo:order ?topicOrder .
  ?s skos:notation ?status .
}
ORDER BY ?order ?topicOrder
"""


def checklist_rows(store: Store) -> list[tuple[str, str, str]]:
    """(report name, topic notation, status notation) for every assessment, in report order."""
    result = store.select(CHECKLIST_QUERY)
    return [(row["region"].value, row["item"].value, row["status"].value) for row in result.rows]


def to_csv(rows: Sequence[tuple[str, str, str]]) -> str:
    """CSV text with the header ``region,item,status``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue()


def write_xlsx(rows: Sequence[tuple[str, str, str]], path: Path) -> None:
    """A spreadsheet for analysts: a header row, frozen, with an autofilter over all rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has an active sheet
    ws.title = "checklist"
    ws.append(list(HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:C{len(rows) + 1}"
    widths = (max((len(r[0]) for r in rows), default=10) + 2, 30, 16)
    for letter, width in zip("ABC", widths, strict=True):
        ws.column_dimensions[letter].width = width
    wb.save(path)
