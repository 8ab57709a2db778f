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


# --- the research export: labels, explanation, evidence, IRIs; long and wide -------------------

#: columns of the research checklist (``/export/checklist.csv``, sheet "checklist" of the xlsx)
RESEARCH_HEADER: tuple[str, ...] = (
    "region", "topic", "status",
    "topic_label_nl", "topic_label_en", "status_label_nl", "status_label_en",
    "explanation", "document", "line", "quote",
    "region_iri", "topic_iri", "status_iri", "assessment_iri", "evidence_iri", "document_iri",
)

RESEARCH_QUERY = """
PREFIX bwmo: <https://w3id.org/bwmo/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?region ?topic ?status ?topic_label_nl ?topic_label_en ?status_label_nl ?status_label_en
       ?explanation ?document ?line ?quote ?region_iri ?topic_iri ?status_iri ?assessment_iri
       ?evidence_iri ?document_iri
WHERE {
  ?assessment_iri a bwmo:Assessment ;
     bwmo:region ?region_iri ;
     bwmo:topic ?topic_iri ;
     bwmo:status ?status_iri .
  ?region_iri bwmo:reportName ?region ;
     bwmo:reportOrder ?order .
  ?topic_iri skos:notation ?topic ;
     bwmo:order ?topicOrder .
  ?status_iri skos:notation ?status .
  OPTIONAL { ?topic_iri skos:prefLabel ?topic_label_nl FILTER(lang(?topic_label_nl) = "nl") }
  OPTIONAL { ?topic_iri skos:prefLabel ?topic_label_en FILTER(lang(?topic_label_en) = "en") }
  OPTIONAL { ?status_iri skos:prefLabel ?status_label_nl FILTER(lang(?status_label_nl) = "nl") }
  OPTIONAL { ?status_iri skos:prefLabel ?status_label_en FILTER(lang(?status_label_en) = "en") }
  OPTIONAL { ?assessment_iri bwmo:checklistBlock/bwmo:explanation ?explanation }
  OPTIONAL {
    ?assessment_iri bwmo:evidence ?evidence_iri .
    ?evidence_iri bwmo:lineNumber ?line ; bwmo:quote ?quote ; bwmo:inDocument ?document_iri .
    OPTIONAL { ?document_iri dct:identifier ?document }
  }
}
ORDER BY ?order ?topicOrder ?line
"""


def research_rows(store: Store) -> list[tuple[str, ...]]:
    """One row per assessment (and evidence line, should one have several), every column of
    :data:`RESEARCH_HEADER`; absent values are empty strings, never guessed."""
    result = store.select(RESEARCH_QUERY)
    return [tuple(row[c].value if c in row else "" for c in RESEARCH_HEADER)
            for row in result.rows]


def wide(rows: Sequence[tuple[str, ...]]) -> tuple[list[str], list[list[str]]]:
    """Region × topic: a row per region (report order), a column per topic (checklist order),
    the status notation in each cell (empty where the report has no assessment)."""
    topics: list[str] = []
    regions: dict[str, dict[str, str]] = {}
    for row in rows:
        region, topic, status = row[0], row[1], row[2]
        if topic not in topics:
            topics.append(topic)
        regions.setdefault(region, {}).setdefault(topic, status)
    header = ["region", *topics]
    return header, [[region, *(cells.get(t, "") for t in topics)]
                    for region, cells in regions.items()]


def research_csv(rows: Sequence[tuple[str, ...]], *, layout: str = "long") -> str:
    """The research checklist as CSV: ``long`` (one row per assessment, :data:`RESEARCH_HEADER`)
    or ``wide`` (region × topic, status notations)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if layout == "wide":
        header, body = wide(rows)
        writer.writerow(header)
        writer.writerows(body)
    else:
        writer.writerow(RESEARCH_HEADER)
        writer.writerows(rows)
    return buf.getvalue()


def research_xlsx(rows: Sequence[tuple[str, ...]], about: Sequence[tuple[str, str]]) -> bytes:
    """A workbook with three sheets: ``checklist`` (long, every column, frozen header and
    autofilter), ``matrix`` (region × topic) and ``about`` (source, licence, release)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    long_sheet = wb.active
    assert long_sheet is not None  # a new workbook always has an active sheet
    long_sheet.title = "checklist"
    matrix = wb.create_sheet("matrix")
    info = wb.create_sheet("about")
    header, body = wide(rows)
    for sheet, head, data in ((long_sheet, list(RESEARCH_HEADER), [list(r) for r in rows]),
                              (matrix, header, body)):
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r in data:
            sheet.append(r)
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(data) + 1}"
    long_sheet.column_dimensions["A"].width = 24
    long_sheet.column_dimensions["H"].width = 60
    matrix.column_dimensions["A"].width = 24
    for key, value in about:
        info.append([key, value])
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
