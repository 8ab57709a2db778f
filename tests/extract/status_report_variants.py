"""Region reports of the status report in forms the seed does not show, made from the seed.

Each generator takes the seed's raw lines (``data/sources/001_5d838909f9810eb3.txt``) and gives a
:class:`Variant`: the bytes of another file of the same genre and, for every seed line it keeps, the
line of the variant a person would point at for it (``line_map``). The expected facts of a
variant are then the seed's facts with their evidence lines mapped: the conversion changes where a
fact stands, never what it is.

The conversions are the ones region reports reach us in: one region report as its own file (with
or without the report's front matter), a subset of regions in another order, page headers,
footers and numbers interleaved (as pdftotext writes them, with a form feed), tabs written as
spaces, long lines broken with a hyphen inside a word, CRLF line ends, the status in the table
cell on the line below its label, and a web page with the checklist as an HTML table.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

#: "## Regiobeeld X": the first line of a region report in the seed.
REGION_HEADING = re.compile(r"^#{1,6}\s*Regiobeeld\s+(?P<name>.+?)\s*$")
#: A checklist line whose cell is a status (symbols, NVT or blank): "Label:<TAB>✓".
STATUS_LINE = re.compile(
    r"^(?P<label>[^\t:<*#][^\t:]{1,120}?):(?P<cell>[\t ]*[✓✔✅⚙✗✘❌✖️ NVTnvt.]*)$"
)


@dataclass(frozen=True)
class Variant:
    name: str
    data: bytes
    suffix: str
    #: seed line (1-based) → variant line (1-based), for every seed line kept
    line_map: dict[int, int]
    #: region report names (as the seed writes them) that the variant holds, in its order
    regions: tuple[str, ...]
    #: seed lines whose text the variant spreads over more lines (seed line → extra lines)
    extra_lines: dict[int, tuple[int, ...]] = field(default_factory=dict)
    #: symbols the variant writes otherwise (seed symbol → variant symbol)
    symbols: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Seed:
    lines: tuple[str, ...]
    #: (report name, first line, last line) of each region report, 1-based and inclusive
    regions: tuple[tuple[str, int, int], ...]

    @property
    def front(self) -> tuple[int, int]:
        """First and last line of the front matter (title, Leeswijzer, table of contents)."""
        return 1, self.regions[0][1] - 1

    def region(self, name: str) -> tuple[int, int]:
        _, a, b = next(r for r in self.regions if r[0] == name)
        return a, b


def load_seed(text: str) -> Seed:
    lines = tuple(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"))
    starts = [
        (i + 1, m.group("name"))
        for i, line in enumerate(lines)
        if (m := REGION_HEADING.match(line))
    ]
    bounds = [s for s, _ in starts[1:]] + [len(lines) + 1]
    return Seed(lines, tuple((name, s, e - 1) for (s, name), e in zip(starts, bounds, strict=True)))


# --- assembling files from pieces ---------------------------------------------------------------


class _Writer:
    """Collects output lines and remembers where each seed line went."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.line_map: dict[int, int] = {}
        self.extra: dict[int, tuple[int, ...]] = {}

    def seed(self, n: int, text: str) -> None:
        self.out.append(text)
        self.line_map[n] = len(self.out)

    def seed_split(self, n: int, parts: Sequence[str]) -> None:
        self.seed(n, parts[0])
        more = []
        for p in parts[1:]:
            self.out.append(p)
            more.append(len(self.out))
        if more:
            self.extra[n] = tuple(more)

    def other(self, text: str) -> None:
        self.out.append(text)

    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.out)


def _ranges(seed: Seed, names: Sequence[str], front: bool) -> list[int]:
    numbers: list[int] = []
    if front:
        a, b = seed.front
        numbers.extend(range(a, b + 1))
    for name in names:
        a, b = seed.region(name)
        numbers.extend(range(a, b + 1))
    return numbers


def _plain(seed: Seed, name: str, numbers: list[int], regions: Sequence[str]) -> Variant:
    w = _Writer()
    for n in numbers:
        w.seed(n, seed.lines[n - 1])
    return Variant(name, w.text().encode("utf-8"), ".txt", w.line_map, tuple(regions))


# --- the generators -------------------------------------------------------------------------------


def region_alone(seed: Seed, region: str, *, front: bool = False) -> Variant:
    """One region report as its own file (optionally with the report's front matter)."""
    tag = "with-front" if front else "alone"
    return _plain(seed, f"{tag}:{region}", _ranges(seed, [region], front), [region])


def shuffled_subset(seed: Seed, k: int = 7, rng_seed: int = 2020, front: bool = True) -> Variant:
    """``k`` region reports in a shuffled order, with (by default) the full front matter."""
    rng = random.Random(rng_seed)
    names = rng.sample([r[0] for r in seed.regions], k)
    return _plain(seed, f"subset-{k}", _ranges(seed, names, front), names)


def _lines(v: Variant) -> list[str]:
    return v.data.decode("utf-8").replace("\r\n", "\n").split("\n")[:-1]


def tabs_to_spaces(v: Variant) -> Variant:
    """Every tab written as four spaces (what many editors and converters do)."""
    text = "".join(f"{line}\n" for line in _lines(v)).replace("\t", "    ")
    return replace(v, name=f"{v.name}+spaces", data=text.encode("utf-8"))


def crlf(v: Variant) -> Variant:
    """Windows line ends."""
    text = "".join(f"{line}\r\n" for line in _lines(v))
    return replace(v, name=f"{v.name}+crlf", data=text.encode("utf-8"))


def page_furniture(v: Variant, every: int = 37) -> Variant:
    """pdftotext-like pages: a footer with the report's reference and the page number, a form
    feed and a running header, inserted every ``every`` lines wherever that falls (inside
    checklists and between a heading and its text too); a bare page number on some pages."""
    out: list[str] = []
    new_line: dict[int, int] = {}
    page = 1
    for i, line in enumerate(_lines(v), start=1):
        if i > 1 and (i - 1) % every == 0:
            page += 1
            out.extend(["", f"PJ/20/1813/domobw\t\t{page - 1}",
                        f"\fRegionale stand van het land{' ' * 30}Bureau HHM", ""])
            if page % 3 == 0:
                out.append(str(page))
        out.append(line)
        new_line[i] = len(out)
    return replace(
        v,
        name=f"{v.name}+furniture",
        data="".join(f"{t}\n" for t in out).encode("utf-8"),
        line_map={s: new_line[n] for s, n in v.line_map.items()},
        extra_lines={s: tuple(new_line[n] for n in ns) for s, ns in v.extra_lines.items()},
    )


def selection(seed: Seed, regions: Sequence[str], *, front: bool = False) -> Variant:
    """The given region reports, in the given order (optionally after the front matter)."""
    return _plain(seed, "selection", _ranges(seed, regions, front), regions)


def _split_point(line: str) -> int | None:
    """Where to break a long line inside a word: a letters-only word of 8+ letters around the
    middle, outside markup; ``None`` when there is none."""
    if line.startswith("#") or "Regiobeeld" in line or len(line) < 40:
        return None
    best: tuple[float, int] | None = None
    for m in re.finditer(r"(?<![\w<*/&])[a-zà-ÿ]{8,}(?![\w>*])", line):
        before = line[: m.start()]
        if before.count("**") % 2 or before.count("<") != before.count(">"):
            continue
        if "\t" in line[m.start():] and ":" not in before:
            continue  # keep "Label:" intact only when the break would fall before its colon
        cut = m.start() + len(m.group(0)) // 2
        score = abs(cut - len(line) / 2)
        if best is None or score < best[0]:
            best = (score, cut)
    return None if best is None else best[1]


def hyphenated(seed: Seed, regions: Sequence[str]) -> Variant:
    """Every long line (narratives, explanations, free-text cells) broken once inside a word with
    a hyphen, as a PDF's justified text is; checklist labels broken inside the label."""
    w = _Writer()
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        m = STATUS_LINE.match(line)
        cut: int | None
        if m and len(m.group("label")) >= 20:
            label = m.group("label")
            words = list(re.finditer(r"[a-zà-ÿ]{7,}", label))
            cut = words[len(words) // 2].start() + 3 if words else None
        else:
            cut = _split_point(line)
        if cut is None:
            w.seed(n, line)
        else:
            w.seed_split(n, [line[:cut] + "-", line[cut:]])
    return Variant("hyphenated", w.text().encode("utf-8"), ".txt", w.line_map, tuple(regions),
                   w.extra)


#: The checklist items answered in free text, as the seed writes their labels.
FREE_LINE = re.compile(
    r"^(?P<label>Betrokken stakeholder\(s\)|Beperken administratieve lasten|"
    r"Inv?zet op meerjarige contractering):\t(?P<cell>\S.*?)\t?$"
)


def cells_on_own_lines(seed: Seed, regions: Sequence[str]) -> Variant:
    """A table converted cell by cell: the status, or the free text, on the line below its
    label."""
    w = _Writer()
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        m = STATUS_LINE.match(line) or FREE_LINE.match(line)
        cell = m.group("cell").strip(" \t") if m else ""
        if m and cell:
            w.seed_split(n, [f"{m.group('label')}:", cell])
        else:
            w.seed(n, line)
    return Variant("cells-on-own-lines", w.text().encode("utf-8"), ".txt", w.line_map,
                   tuple(regions), w.extra)


def html_table(seed: Seed, regions: Sequence[str]) -> Variant:
    """A web page: headings as <h2>/<h3>, paragraphs as <p>, each checklist row a table row."""
    body: list[str] = []
    in_table = False
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        m = STATUS_LINE.match(line)
        if m:
            if not in_table:
                body.append("<table>")
                in_table = True
            cell = m.group("cell").strip(" \t")
            body.append(f"<tr><td>{html.escape(m.group('label'))}:</td>"
                        f"<td>{html.escape(cell)}</td></tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        h = re.match(r"^(#{1,6})\s*(.*)$", line)
        if h:
            level = min(len(h.group(1)), 6)
            body.append(f"<h{level}>{html.escape(h.group(2))}</h{level}>")
        elif line.strip():
            body.append(line if line.startswith("<") else f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</table>")
    page = ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Regiobeeld"
            "</title></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
    # line numbers of an HTML file are those of its normalised text: not mapped here
    return Variant("html-table", page.encode("utf-8"), ".html", {}, tuple(regions))


def collapsed_whitespace(seed: Seed, regions: Sequence[str], *, front: bool = False) -> Variant:
    """Every run of tabs and spaces one space, as a converter that flattens layout writes it
    ("Regiovisie aanwezig en vastgesteld: ✓", "Gemeente Ede Regiobeeld Vallei-regio..... 71")."""
    w = _Writer()
    for n in _ranges(seed, regions, front):
        w.seed(n, " ".join(seed.lines[n - 1].split()))
    return Variant("collapsed-whitespace", w.text().encode("utf-8"), ".txt", w.line_map,
                   tuple(regions))


def without_colons(seed: Seed, regions: Sequence[str]) -> Variant:
    """A table whose cells were joined with a space and whose label colons were not kept
    ("Governance ⚙️", "Toegang" with an empty status cell)."""
    w = _Writer()
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        m = STATUS_LINE.match(line)
        if m:
            cell = m.group("cell").strip(" \t")
            line = f"{m.group('label')} {cell}".strip()
        w.seed(n, line)
    return Variant("without-colons", w.text().encode("utf-8"), ".txt", w.line_map,
                   tuple(regions))


def markdown_table(seed: Seed, regions: Sequence[str]) -> Variant:
    """The checklist rows as a markdown table ("| Regiovisie aanwezig en vastgesteld | ✓ |")."""
    w = _Writer()
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        m = STATUS_LINE.match(line) or FREE_LINE.match(line)
        if m:
            cell = m.group("cell").strip(" \t")
            line = f"| {m.group('label')} | {cell} |"
        w.seed(n, line)
    return Variant("markdown-table", w.text().encode("utf-8"), ".txt", w.line_map,
                   tuple(regions))


#: Another font's symbols, as a conversion may draw them: the legend draws them the same way.
OTHER_SYMBOLS = {"✓": "√", "⚙️": "~", "✗": "X"}


def other_symbols(seed: Seed, regions: Sequence[str]) -> Variant:
    """The report with √, ~ and X for ✓, ⚙️ and ✗, in its cells and in its legend."""
    w = _Writer()
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        if STATUS_LINE.match(line) or "= Ja" in line:
            for a, b in OTHER_SYMBOLS.items():
                line = line.replace(a, b)
        w.seed(n, line)
    return Variant("other-symbols", w.text().encode("utf-8"), ".txt", w.line_map,
                   tuple(regions), symbols={"✓": "√", "⚙": "~", "✗": "X"})


def _report_blocks(seed: Seed, regions: Sequence[str]) -> list[tuple[str, object]]:
    """The region reports as a typesetter sees them: ("h", (level, text)), ("p", text) and
    ("table", [(label, cell), …]) for each run of checklist rows."""
    out: list[tuple[str, object]] = []
    rows: list[tuple[str, str]] = []
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        m = STATUS_LINE.match(line) or FREE_LINE.match(line)
        if m:
            rows.append((f"{m.group('label')}:", m.group("cell").strip(" \t")))
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        h = re.match(r"^(#{1,6})\s*(.*)$", line)
        if h:
            out.append(("h", (len(h.group(1)), h.group(2))))
        elif line.strip():
            for part in re.split(r"</p>|<br\s*/?>|\t", line):  # one paragraph per <p>
                text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())
                if text.replace("*", ""):
                    out.append(("p", text.replace("**", "")))
    if rows:
        out.append(("table", rows))
    return out


def typeset_html(seed: Seed, regions: Sequence[str]) -> bytes:
    """A printable page of the region reports as a report is typeset: justified paragraphs in a
    proportional font, the checklist as a two-column table, a running header (the report's
    title) and the page number in the footer. WeasyPrint turns it into the PDF variant."""
    body: list[str] = []
    for kind, value in _report_blocks(seed, regions):
        if kind == "h":
            level, text = value  # type: ignore[misc]
            body.append(f"<h{level}>{html.escape(text)}</h{level}>")
        elif kind == "p":
            body.append(f"<p>{html.escape(str(value))}</p>")
        else:
            body.append("<table>" + "".join(
                f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>"
                for a, b in value  # type: ignore[attr-defined]
            ) + "</table>")
    css = (
        "@page { size: A4; margin: 25mm 20mm; @top-center { content: 'Regionale stand van het"
        " land'; font-size: 8pt } @bottom-right { content: counter(page); font-size: 8pt } }"
        " body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; text-align: justify }"
        " td { vertical-align: top; padding: 2pt 8pt 2pt 0 } td:first-child { width: 60% }"
    )
    return (
        f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><style>{css}</style>"
        "</head><body>" + "\n".join(body) + "</body></html>"
    ).encode("utf-8")


def docx_report(seed: Seed, regions: Sequence[str]) -> bytes:
    """The region reports as a Word document: headings, paragraphs, the checklist as tables."""
    import io

    from docx import Document

    document = Document()
    for kind, value in _report_blocks(seed, regions):
        if kind == "h":
            level, text = value  # type: ignore[misc]
            document.add_heading(text, level=min(level, 9))
        elif kind == "p":
            document.add_paragraph(str(value))
        else:
            rows = list(value)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=2)
            for row, (a, b) in zip(table.rows, rows, strict=True):
                row.cells[0].text, row.cells[1].text = a, b
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: An item another edition might add (not in the topic code list).
NEW_ITEM = "Voorbereiding woonplaatsbeginsel"


def another_edition(seed: Seed, regions: Sequence[str]) -> Variant:
    """What another edition of the report may change in its layout: numbered block headings
    with the abbreviation after them ("2.1 Norm voor opdrachtgeverschap (NvO)"), numbered
    checklist items, and one item more in the Norm voor Opdrachtgeverschap block (after the
    existing items, so every seed line keeps a line of its own)."""
    numbers = {"Norm voor Opdrachtgeverschap": "2.1 Norm voor opdrachtgeverschap (NvO)",
               "Uitvoeringsafspraken": "2.2 Uitvoeringsafspraken", "Planning": "2.3 Planning"}
    w = _Writer()
    item = 0
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        h = re.match(r"^#{1,6}\s*(.*?)\s*$", line)
        if h and h.group(1) in numbers:
            item = 0
            w.seed(n, f"## {numbers[h.group(1)]}")
            continue
        if STATUS_LINE.match(line) and not line.endswith(":"):
            item += 1
            w.seed(n, f"{item}. {line}")
            if line.startswith("Niet vrijblijvende governance"):
                w.other(f"{item + 1}. {NEW_ITEM}:\t✓")
            continue
        w.seed(n, line)
    return Variant("another-edition", w.text().encode("utf-8"), ".txt", w.line_map,
                   tuple(regions))


def wrapped(seed: Seed, regions: Sequence[str], width: int = 72) -> Variant:
    """Every line longer than ``width`` wrapped at the last space before it, without a hyphen,
    as pdftotext writes a page's lines (headings and the table of contents stay whole)."""
    import textwrap

    w = _Writer()
    for n in _ranges(seed, regions, False):
        line = seed.lines[n - 1]
        if len(line) <= width or line.startswith("#"):
            w.seed(n, line)
            continue
        head, tab, _rest = line.partition("\t")
        parts = textwrap.wrap(line, width, expand_tabs=False, replace_whitespace=False,
                              break_long_words=False, break_on_hyphens=False)
        if tab and len(head) < width and parts and not parts[0].startswith(head + tab):
            parts = [head + tab + parts[0][len(head) + 1:], *parts[1:]]  # keep "Label:<TAB>"
        w.seed_split(n, parts)
    return Variant("wrapped", w.text().encode("utf-8"), ".txt", w.line_map, tuple(regions),
                   w.extra)
