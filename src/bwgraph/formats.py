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
    # quads: a resource description or CONSTRUCT result in N-Quads (named graphs where known)
    Format("nquads", ("application/n-quads",), "nq", ("nq", "n-quads")),
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


#: a results format → the graph format of the same family, for a CONSTRUCT/DESCRIBE whose client
#: asked only for SPARQL results formats (rdflib's SPARQLStore with ``returnFormat="json"`` sends
#: ``Accept: application/sparql-results+json`` for every query, yet parses any RDF it gets back
#: by its content type): JSON → JSON-LD, XML → RDF/XML, tables → Turtle
_GRAPH_FOR_RESULTS: dict[str, str] = {"json": "jsonld", "xml": "rdfxml", "csv": "turtle",
                                      "tsv": "turtle"}


def _usable(value: str, table: Sequence[Format]) -> Format | None:
    """The format ``value`` names in ``table`` (a name, alias or media type), or one a media-type
    list names (SPARQLWrapper sends ``format=application/ld+json,application/x-json+ld``)."""
    try:
        return by_name(value, table)
    except NotAcceptable:
        pass
    if "/" in value:
        try:
            chosen = negotiate(value, table)
        except NotAcceptable:
            return None
        return chosen if isinstance(chosen, Format) else None
    return None


def negotiate_result(accept: str | None, kind: QueryKind, *, format_params: Sequence[str] = (),
                     extra: Sequence[str] = ()) -> Format | str:
    """The format of a query's result: SPARQL 1.1 Protocol content negotiation as clients do it.

    * the first ``format=`` value (SPARQLWrapper repeats it as ``output=``/``results=``, often
      with empty values) that names a format of the result's table wins; a value naming nothing
      usable for this kind of query is ignored — the ``Accept`` header decides, not a 406;
    * then ``Accept`` with q-values (``extra`` media types such as ``text/html`` compete);
    * a CONSTRUCT/DESCRIBE whose ``Accept`` names only results formats gets the graph format of
      the same family (:data:`_GRAPH_FOR_RESULTS`), so generic SPARQL clients work;
    * otherwise :class:`NotAcceptable` (406).
    """
    table = TABLES[kind]
    for value in format_params:
        if not value or not value.strip():
            continue
        if value in extra:
            return value
        found = _usable(value, table)
        if found is not None:
            return found
    try:
        return negotiate(accept, table, extra=extra)
    except NotAcceptable:
        if table is not GRAPH_FORMATS:
            raise
        try:
            asked = negotiate(accept, SOLUTION_FORMATS)
        except NotAcceptable:
            raise NotAcceptable(accept or "", table) from None
        assert isinstance(asked, Format)
        return by_name(_GRAPH_FOR_RESULTS[asked.name], GRAPH_FORMATS)


def parse_select_json(data: bytes) -> SelectResult | bool:
    """SPARQL JSON results (as :func:`serialize_select`/``serialize_boolean`` write them) back
    to rows or a boolean: the HTML page of ``/sparql`` shows what a worker process answered."""
    doc = json.loads(data)
    if "boolean" in doc:
        return bool(doc["boolean"])
    rows: list[dict[str, Binding]] = []
    for raw in doc["results"]["bindings"]:
        row: dict[str, Binding] = {}
        for var, term in raw.items():
            kind = {"uri": "iri", "bnode": "bnode"}.get(term["type"], "literal")
            row[var] = Binding(kind, term["value"], term.get("datatype"), term.get("xml:lang"))
        rows.append(row)
    return SelectResult(list(doc["head"].get("vars", [])), rows)


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


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: datatypes Turtle writes without naming them ("x", 1, 1.5, 1e0, true)
_SHORT_LITERALS = {XSD_STRING, _XSD + "integer", _XSD + "decimal", _XSD + "double",
                   _XSD + "boolean"}


def used_prefixes(statements: Iterable[ox.Triple | ox.Quad],
                  extra: dict[str, str] | None = None) -> dict[str, str]:
    """The prefixes of :data:`PREFIXES` (plus ``extra``) that some IRI in ``statements`` uses:
    a Turtle document declares what it needs, not all seventeen."""
    candidates = {**PREFIXES, **(extra or {})}
    iris: set[str] = set()
    for st in statements:
        if st.predicate.value != _RDF_TYPE:  # written as ``a``
            iris.add(st.predicate.value)
        for term in (st.subject, st.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype.value not in _SHORT_LITERALS \
                    and not term.language:  # written without their datatype
                iris.add(term.datatype.value)
    namespaces = {iri.rsplit("#", 1)[0] + "#" if "#" in iri else iri.rsplit("/", 1)[0] + "/"
                  for iri in iris}
    return {p: ns for p, ns in candidates.items()
            if ns in namespaces or any(i.startswith(ns) for i in iris if len(i) > len(ns))}


def serialize_graph(triples: Sequence[ox.Triple], fmt: Format,
                    prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE results or a resource description in ``fmt`` (a GRAPH_FORMATS row).
    Turtle and TriG declare the ``prefixes`` given (default: the used ones of ours)."""
    if fmt.name == "jsonld":
        g = to_rdflib(triples)
        ctx = jsonld_context()["@context"]
        return g.serialize(format="json-ld", context=ctx, indent=1).encode("utf-8")
    if fmt.name in ("trig", "nquads"):
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return serialize_quads(quads, fmt, prefixes)
    if fmt.name == "ntriples":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    chosen = prefixes if prefixes is not None else used_prefixes(triples)
    return ox.serialize(triples, format=_OX_RDF[fmt.name], prefixes=chosen) or b""


def serialize_quads(quads: Sequence[ox.Quad], fmt: Format,
                    prefixes: dict[str, str] | None = None) -> bytes:
    """A dataset (named graphs kept) in ``fmt``: TriG or N-Quads keep every quad's graph; a
    triple format (Turtle, JSON-LD …) gets the triples, merged."""
    if fmt.name == "nquads":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    if fmt.name == "trig":
        chosen = prefixes if prefixes is not None else used_prefixes(quads)
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=chosen) or b""
    unique = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    return serialize_graph(unique, fmt)


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
