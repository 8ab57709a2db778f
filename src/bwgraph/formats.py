"""Result formats: one lookup table, one serializer per format, shared by the API and the CLI.

``bwgraph query FILE.rq --format csv`` and ``GET /sparql?query=…&format=csv`` must give the same
bytes, so both call :func:`serialize_select`, :func:`serialize_boolean` or
:func:`serialize_graph` here. Content negotiation (:func:`negotiate`) is driven by the tables
:data:`SOLUTION_FORMATS` and :data:`GRAPH_FORMATS`, not by if/elif chains: adding a format is
adding a row.

SPARQL result formats (JSON, XML, CSV, TSV) are written from :class:`~bwgraph.store.SelectResult`
rows by hand — they are small specs — so a result read through the Store protocol (embedded or
remote) serializes the same way. RDF graphs are written by pyoxigraph (fast, with our prefixes),
except JSON-LD, which rdflib compacts with the published context (:func:`jsonld_context`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import Graph

from bwgraph.namespaces import PREFIXES
from bwgraph.store import Binding, QueryKind, QueryOutcome, SelectResult

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    """A named serialization: ``name`` for ``format=``/``--format``, its media types (the first
    is the one we send), and a file extension."""

    name: str
    media_types: tuple[str, ...]
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if _textual(self.media_type) else self.media_type


def _textual(media_type: str) -> bool:
    return media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/json", "/xml",
                                                                  "/trig", "/n-quads", "/n-triples",
                                                                  "/ld+json", "/turtle"))


# --- the tables --------------------------------------------------------------------------------

#: Formats for SELECT and ASK results. The first is the default for ``*/*``.
SOLUTION_FORMATS: tuple[Format, ...] = (
    Format("json", ("application/sparql-results+json", "application/json"), "srj", ("srj",)),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), "srx",
           ("srx",)),
    Format("csv", ("text/csv",), "csv"),
    Format("tsv", ("text/tab-separated-values",), "tsv"),
)

#: Formats for CONSTRUCT/DESCRIBE results and resource descriptions. The first is the default.
GRAPH_FORMATS: tuple[Format, ...] = (
    # Turtle is valid N3, so clients asking for N3 (SPARQLWrapper's N3) get Turtle
    Format("turtle", ("text/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"), "ttl",
           ("ttl", "n3")),
    Format("ntriples", ("application/n-triples", "text/plain"), "nt", ("nt", "n-triples")),
    Format("jsonld", ("application/ld+json", "application/json"), "jsonld", ("json-ld", "json")),
    Format("rdfxml", ("application/rdf+xml",), "rdf", ("xml", "rdf", "rdf-xml", "owl")),
    Format("trig", ("application/trig",), "trig"),
)

#: Formats for whole-dataset dumps (quads).
DATASET_FORMATS: tuple[Format, ...] = (
    Format("trig", ("application/trig",), "trig"),
    Format("nquads", ("application/n-quads",), "nq", ("nq", "n-quads")),
)

_OX_RDF: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


class NotAcceptable(Exception):
    """No format in the table satisfies the request (HTTP 406)."""

    def __init__(self, requested: str, offered: Sequence[Format]) -> None:
        names = ", ".join(f"{f.name} ({f.media_type})" for f in offered)
        shown = requested if len(requested) <= 120 else requested[:120] + "…"  # never echo a
        super().__init__(f"cannot produce {shown!r}; available: {names}")  # whole header back


def by_name(name: str, table: Sequence[Format]) -> Format:
    """The format called ``name`` (or one of its aliases or media types) in ``table``."""
    key = name.strip().lower()
    for f in table:
        if key == f.name or key in f.aliases or key in f.media_types:
            return f
    raise NotAcceptable(name, table)


def _parse_accept(accept: str) -> list[tuple[str, float, int]]:
    """``Accept`` → ``[(media range, q, position)]``; malformed q-values count as 1."""
    out: list[tuple[str, float, int]] = []
    for pos, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            k, _, v = param.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 1.0
        out.append((fields[0].lower(), q, pos))
    return out


def _specificity(media_range: str, media_type: str) -> int:
    """3 exact, 2 ``type/*``, 1 ``*/*``, 0 no match."""
    if media_range == media_type:
        return 3
    if media_range == "*/*":
        return 1
    if media_range.endswith("/*") and media_type.startswith(media_range[:-1]):
        return 2
    return 0


def negotiate(accept: str | None, table: Sequence[Format], *, format_param: str | None = None,
              extra: Sequence[str] = ()) -> Format | str:
    """Choose a format: ``format_param`` wins; otherwise the ``Accept`` header with q-values.

    ``extra`` are media types the caller can serve besides the table (e.g. ``text/html`` for a
    resource page); when one of them wins, it is returned as a string. A missing or empty header
    means the table's first format. Raises :class:`NotAcceptable` (HTTP 406) when nothing fits.
    """
    if format_param:
        if format_param in extra:
            return format_param
        return by_name(format_param, table)
    if not accept or not accept.strip():
        return table[0]
    candidates: list[tuple[str, Format | str]] = [(mt, f) for f in table for mt in f.media_types]
    candidates += [(mt, mt) for mt in extra]
    ranges = _parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen: Format | str | None = None
    for order, (mt, fmt) in enumerate(candidates):
        # the most specific matching range decides this candidate's q (RFC 9110 §12.5.1)
        matches = [(_specificity(r, mt), q, pos) for r, q, pos in ranges if _specificity(r, mt)]
        if not matches:
            continue
        spec, q, pos = max(matches)
        if q <= 0:
            continue
        # prefer higher q, then an explicitly named type, then header order, then table order
        key = (q, spec, -pos, -order)
        if best is None or key > best:
            best, chosen = key, fmt
    if chosen is None:
        raise NotAcceptable(accept, table)
    return chosen


# --- SELECT / ASK -----------------------------------------------------------------------------


def _json_term(b: Binding) -> dict[str, str]:
    if b.kind == "iri":
        return {"type": "uri", "value": b.value}
    if b.kind == "bnode":
        return {"type": "bnode", "value": b.value}
    term = {"type": "literal", "value": b.value}
    if b.lang:
        term["xml:lang"] = b.lang
    elif b.datatype and b.datatype != XSD_STRING:
        term["datatype"] = b.datatype
    return term


def _select_json(result: SelectResult) -> bytes:
    doc = {
        "head": {"vars": list(result.variables)},
        "results": {"bindings": [{k: _json_term(v) for k, v in row.items()}
                                 for row in result.rows]},
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml_term(b: Binding) -> str:
    if b.kind == "iri":
        return f"<uri>{escape(b.value)}</uri>"
    if b.kind == "bnode":
        return f"<bnode>{escape(b.value)}</bnode>"
    if b.lang:
        return f"<literal xml:lang={quoteattr(b.lang)}>{escape(b.value)}</literal>"
    if b.datatype and b.datatype != XSD_STRING:
        return f"<literal datatype={quoteattr(b.datatype)}>{escape(b.value)}</literal>"
    return f"<literal>{escape(b.value)}</literal>"


def _select_xml(result: SelectResult) -> bytes:
    out = [_XML_HEAD, "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>\n<results>\n")
    for row in result.rows:
        out.append("<result>")
        for k, v in row.items():
            out.append(f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>")
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _select_csv(result: SelectResult) -> bytes:
    """SPARQL 1.1 CSV: plain values (IRIs unbracketed, literals without datatype), CRLF."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow([("_:" + row[v].value if row[v].kind == "bnode" else row[v].value)
                    if v in row else "" for v in result.variables])
    return buf.getvalue().encode("utf-8")


def _tsv_term(b: Binding) -> str:
    if b.kind == "iri":
        return f"<{b.value}>"
    if b.kind == "bnode":
        return f"_:{b.value}"
    text = (b.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if b.lang:
        return f'"{text}"@{b.lang}'
    if b.datatype and b.datatype not in (XSD_STRING, RDF_LANG_STRING):
        return f'"{text}"^^<{b.datatype}>'
    return f'"{text}"'


def _select_tsv(result: SelectResult) -> bytes:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables))
    return ("\n".join(lines) + "\n").encode("utf-8")


_SELECT_WRITERS: dict[str, Callable[[SelectResult], bytes]] = {
    "json": _select_json,
    "xml": _select_xml,
    "csv": _select_csv,
    "tsv": _select_tsv,
}

_BOOLEAN_WRITERS: dict[str, Callable[[bool], bytes]] = {
    "json": lambda b: json.dumps({"head": {}, "boolean": b}).encode("utf-8"),
    "xml": lambda b: (_XML_HEAD + f"<head/>\n<boolean>{str(b).lower()}</boolean>\n</sparql>\n")
    .encode("utf-8"),
    # not standardised; this is what Jena and Oxigraph write
    "csv": lambda b: f"_askResult\r\n{str(b).lower()}\r\n".encode(),
    "tsv": lambda b: f"?_askResult\n{str(b).lower()}\n".encode(),
}


def serialize_select(result: SelectResult, fmt: Format) -> bytes:
    return _SELECT_WRITERS[fmt.name](result)


def serialize_boolean(value: bool, fmt: Format) -> bytes:
    return _BOOLEAN_WRITERS[fmt.name](value)


# --- graphs ----------------------------------------------------------------------------------


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context published at ``/context.jsonld`` and used for JSON-LD output: our
    prefixes as terms, so compacted documents read ``bwmo:region`` instead of full IRIs."""
    return {"@context": {prefix: ns for prefix, ns in PREFIXES.items()}}


def to_rdflib(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples → an rdflib graph (through N-Triples: exact, no term mapping code)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def serialize_graph(triples: Sequence[ox.Triple], fmt: Format) -> bytes:
    """CONSTRUCT/DESCRIBE results or a resource description in ``fmt`` (a GRAPH_FORMATS row)."""
    if fmt.name == "jsonld":
        g = to_rdflib(triples)
        ctx = jsonld_context()["@context"]
        return g.serialize(format="json-ld", context=ctx, indent=1).encode("utf-8")
    if fmt.name == "trig":
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES)) or b""
    return ox.serialize(triples, format=_OX_RDF[fmt.name], prefixes=dict(PREFIXES)) or b""


def serialize_quads(quads: Sequence[ox.Quad], fmt: Format) -> bytes:
    """A dataset (named graphs kept) in ``fmt`` (a DATASET_FORMATS row)."""
    return ox.serialize(quads, format=_OX_RDF[fmt.name], prefixes=dict(PREFIXES)) or b""


def from_rdflib(g: Graph) -> list[ox.Triple]:
    """An rdflib graph → pyoxigraph triples (the reverse of :func:`to_rdflib`)."""
    data = g.serialize(format="nt", encoding="utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


#: query kind → the format table its results are negotiated from
TABLES: dict[QueryKind, tuple[Format, ...]] = {
    QueryKind.SELECT: SOLUTION_FORMATS,
    QueryKind.ASK: SOLUTION_FORMATS,
    QueryKind.CONSTRUCT: GRAPH_FORMATS,
    QueryKind.DESCRIBE: GRAPH_FORMATS,
}


def serialize_outcome(outcome: QueryOutcome, fmt: Format) -> bytes:
    """Any query result (rows, boolean, triples) in ``fmt``: the one serializer behind both
    ``/sparql`` and ``bwgraph query``."""
    if isinstance(outcome, bool):
        return serialize_boolean(outcome, fmt)
    if isinstance(outcome, SelectResult):
        return serialize_select(outcome, fmt)
    return serialize_graph(outcome, fmt)
