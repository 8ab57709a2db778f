"""Generated serialisations and HTML documentation of the ontology.

``ontology/bwmo.ttl`` (plus the SKOS code lists) is the only source; RDF/XML, JSON-LD, N-Triples and
the pyLODE HTML page are derived from it by every build and never committed, so they cannot drift
apart.

Every artefact must be byte-identical for the same input, like the TriG (a rebuild that changes
nothing must not change a file). Three things stand in the way and are handled here:

* blank nodes (``owl:unionOf`` lists, ``owl:AllDisjointClasses``) get fresh random labels on each
  parse: the graph is canonicalised first (:func:`rdflib.compare.to_canonical_graph`);
* rdflib's serialisers emit triples in store order: we rebuild the graph in sorted order, and
  write N-Triples sorted line by line;
* pyLODE renders the members of a union from a Python ``set`` of HTML elements (hashed by
  identity, so the order changes between runs) and derives fragment ids from whichever label it
  meets first; we sort those sets while it renders and pre-assign each term its local name as
  fragment id (``ontology.html#Assessment``), which is also a stable link target.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
from collections.abc import Iterator
from html import escape
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from bwgraph.atomic import write_atomic
from bwgraph.namespaces import BWMO, BWMO_ONTOLOGY, PREFIXES
from bwgraph.serialize import canonical

#: File names written next to the TriG, in the order they are produced.
ARTIFACTS: tuple[str, ...] = ("bwmo.owl", "bwmo.jsonld", "bwmo.nt", "ontology.html")


#: Written next to the artefacts when a build passes the digest of its ontology sources: the
#: digest plus each artefact's sha256, so an unchanged ontology is not rendered again.
STAMP = ".ontology-artefacts.json"


def write_ontology_artifacts(
    ontology: Graph, out_dir: Path, *, source_digest: str | None = None
) -> list[Path]:
    """Write RDF/XML, JSON-LD, N-Triples and the pyLODE HTML page of ``ontology`` into ``out_dir``.

    Each file is replaced atomically; the same graph always gives the same bytes. Returns the
    paths written, in :data:`ARTIFACTS` order.

    ``source_digest`` (a hash of the ontology's source files, see
    :func:`bwgraph.pipeline.ontology_digest`) turns on the cache: when the stamp in ``out_dir``
    records the same digest, made by the same code and library versions, and every artefact
    still has the recorded sha256, the files are left as they are (they would be rewritten with
    the same bytes). Rendering costs about 1.5 s of a 7 s build, pyLODE most of it.
    """
    paths = [out_dir / name for name in ARTIFACTS]
    key = f"{source_digest}:{code_identity()}" if source_digest else None
    if key is not None and _cached(out_dir, key):
        return paths
    canonical = _sorted_graph(ontology)
    contents: dict[str, bytes] = {
        "bwmo.owl": canonical.serialize(format="xml").encode("utf-8"),
        "bwmo.jsonld": _jsonld(canonical),
        "bwmo.nt": _ntriples(canonical),
        "ontology.html": ontology_html(canonical).encode("utf-8"),
    }
    for name, target in zip(ARTIFACTS, paths, strict=True):
        write_atomic(target, contents[name])
    if key is not None:
        stamp = {"key": key,
                 "files": {n: hashlib.sha256(contents[n]).hexdigest() for n in ARTIFACTS}}
        write_atomic(out_dir / STAMP, json.dumps(stamp, indent=1).encode("utf-8"))
    return paths


def code_identity() -> str:
    """What else decides the artefacts' bytes: this module's code and the rdflib/pyLODE versions."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for dist in ("rdflib", "pylode"):
        h.update(f"{dist}={importlib.metadata.version(dist)};".encode())
    return h.hexdigest()


def _cached(out_dir: Path, key: str) -> bool:
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
        if stamp.get("key") != key:
            return False
        files: dict[str, str] = stamp["files"]
        return all(
            hashlib.sha256((out_dir / name).read_bytes()).hexdigest() == files.get(name)
            for name in ARTIFACTS
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _sorted_graph(g: Graph) -> Graph:
    """A copy with canonical blank-node labels, triples inserted in sorted order, fixed prefixes."""
    source = canonical(g)  # a graph the build already canonicalised is taken as it is
    out = _SortedGraph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    out.bind("vann", "http://purl.org/vocab/vann/")
    for triple in sorted(source, key=_triple_key):
        out.add(triple)
    return out


def _triple_key(t: tuple[Node, Node, Node]) -> tuple[str, str, str]:
    return (t[0].n3(), t[1].n3(), t[2].n3())


class _SortedGraph(Graph):
    """A graph whose full scan (``triples((None, None, None))``) runs in sorted order.

    rdflib's in-memory store keeps all triples in a ``set``, so serialisers that walk the whole
    graph (RDF/XML, JSON-LD) would emit them in hash order, which changes between processes.
    Lookups by subject already follow insertion order, which :func:`_sorted_graph` makes sorted.
    """

    def triples(self, triple, *args, **kwargs):
        if tuple(triple) == (None, None, None):
            yield from sorted(super().triples(triple, *args, **kwargs), key=_triple_key)
        else:
            yield from super().triples(triple, *args, **kwargs)


def _ntriples(g: Graph) -> bytes:
    text = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jsonld(g: Graph) -> bytes:
    """JSON-LD with a prefix context; nodes sorted by ``@id`` so the order is stable."""
    context = {p: ns for p, ns in PREFIXES.items()} | {"vann": "http://purl.org/vocab/vann/"}
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- HTML (pyLODE) ------------------------------------------------------------------------------


def ontology_html(ontology: Graph) -> str:
    """The pyLODE (OntPub profile) page of the bwmo terms, deterministic.

    External terms (ORG, PROV, SKOS …) are declared in ``bwmo.ttl`` only so that OWL tools accept
    them; they are left out of the page, where pyLODE links them to their own documentation.
    """
    from pylode import OntPub  # imported late: pyLODE loads background ontologies at import

    _quiet_pylode_logging()

    doc_graph = _documented_terms(ontology)
    with _sorted_sets_in_pylode():
        od = OntPub(ontology=doc_graph, sort_subjects=True)
        for term in sorted({s for s in doc_graph.subjects() if isinstance(s, URIRef)}):
            if str(term).startswith(str(BWMO)):
                od.fids[str(term)] = str(term)[len(str(BWMO)) :]
        html: str = od.make_html()
    return _with_code_lists(html, ontology)


def _quiet_pylode_logging() -> None:
    """pyLODE calls ``logging.basicConfig(level=DEBUG)`` at import, which floods every CLI run
    with its chatter; put the root logger back to warnings and keep pyLODE's own quiet."""
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("pylode", "asyncio"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _documented_terms(ontology: Graph) -> Graph:
    """The ontology without declaration-only triples about external terms and without code lists.

    Keeps the ontology header, every ``bwmo:`` term and the blank nodes they use (unions,
    disjointness axioms).
    """
    keep_subjects = {URIRef(BWMO_ONTOLOGY)} | {
        s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(BWMO))
    }
    out = Graph(bind_namespaces="none")
    for prefix, ns in ontology.namespaces():
        out.bind(prefix, ns)
    reachable: set[BNode] = set()
    frontier = [o for s in keep_subjects for o in ontology.objects(s) if isinstance(o, BNode)]
    frontier += [s for s in ontology.subjects(RDF.type, None) if isinstance(s, BNode)]
    while frontier:
        node = frontier.pop()
        if node in reachable:
            continue
        reachable.add(node)
        frontier += [o for o in ontology.objects(node) if isinstance(o, BNode)]
    # Code-list concepts live under …/def/{scheme}/, not under the bwmo: (…/def#) namespace.
    for s, p, o in ontology:
        if s in keep_subjects or s in reachable:
            out.add((s, p, o))
    _merge_titles(out)
    return out


def _merge_titles(g: Graph) -> None:
    """One heading per term: "assessment / beoordeling" instead of pyLODE's run-together labels.

    pyLODE prints every ``rdfs:label``/``dct:title`` of a term as its heading without a separator.
    The ontology's own ``rdfs:label`` duplicates its ``dct:title`` and is dropped.
    """
    g.remove((URIRef(BWMO_ONTOLOGY), RDFS.label, None))
    for prop in (RDFS.label, DCTERMS.title):
        for s in sorted(set(g.subjects(prop, None)), key=str):
            labels = [o for o in g.objects(s, prop) if isinstance(o, Literal)]
            if len(labels) < 2:
                continue
            by_lang = sorted(labels, key=lambda lit: (_LANG_ORDER.get(lit.language or "", 9), lit))
            g.remove((s, prop, None))
            g.add((s, prop, Literal(" / ".join(str(x) for x in by_lang), lang="en")))


_LANG_ORDER = {"en": 0, "nl": 1}


_NAMESPACES_DIV = '<div id="namespaces">'
_NAMESPACES_TOC = '<li>\n          <h4>\n            <a href="#namespaces">'


def _with_code_lists(html: str, ontology: Graph) -> str:
    """Add a "Code lists" section (one table per SKOS scheme) before pyLODE's namespace list.

    pyLODE's OntPub profile documents OWL terms only; the code lists are part of the vocabulary,
    so a reader of the page should find ``…/def/status/in_development`` there too.
    """
    schemes = sorted(
        s for s in ontology.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)
    )
    if not schemes or _NAMESPACES_DIV not in html:
        return html
    parts = ['<div id="codelists" class="section">', "<h2>Code lists</h2>"]
    for scheme in schemes:
        name = str(scheme).rsplit("/", 1)[-1]
        parts.append(f'<div id="scheme-{escape(name)}" class="property entity">')
        parts.append(f"<h3>{escape(_title(ontology, scheme, DCTERMS.title) or name)}</h3>")
        parts.append(
            f"<table><tr><th>IRI</th><td><code>{escape(str(scheme))}</code></td></tr></table>"
        )
        parts.append("<table><tr><th>Notation</th><th>nl</th><th>en</th><th>Definition</th></tr>")
        concepts = [c for c in ontology.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)]
        for c in sorted(concepts, key=lambda c: _concept_key(ontology, c)):
            cells = (
                f'<code id="{escape(name)}-{escape(str(ontology.value(c, SKOS.notation)))}">'
                f"{escape(str(ontology.value(c, SKOS.notation)))}</code>",
                escape(_label(ontology, c, SKOS.prefLabel, "nl")),
                escape(_label(ontology, c, SKOS.prefLabel, "en")),
                escape(_label(ontology, c, SKOS.definition, "en")),
            )
            parts.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
        parts.append("</table></div>")
    parts.append("</div>\n      ")
    html = html.replace(_NAMESPACES_DIV, "\n".join(parts) + _NAMESPACES_DIV, 1)
    toc = (
        '<li>\n          <h4>\n            <a href="#codelists">Code lists</a>\n'
        "          </h4>\n        </li>\n        "
    )
    return html.replace(_NAMESPACES_TOC, toc + _NAMESPACES_TOC, 1)


def _label(g: Graph, s: URIRef, p: URIRef, lang: str) -> str:
    values = sorted(
        str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang
    )
    return values[0] if values else ""


def _title(g: Graph, s: URIRef, p: URIRef) -> str:
    return " / ".join(x for x in (_label(g, s, p, "en"), _label(g, s, p, "nl")) if x)


def _concept_key(g: Graph, c: URIRef) -> tuple[int, str]:
    """Source order where a code list records one (``bwmo:order``), else by notation."""
    order = g.value(c, BWMO.order)
    return (int(order) if isinstance(order, Literal) else 10**6, str(g.value(c, SKOS.notation)))


@contextlib.contextmanager
def _sorted_sets_in_pylode() -> Iterator[None]:
    """While pyLODE renders, give sets it joins (union members) a stable order.

    ``pylode.utils.intersperse`` is the function that joins the members of ``owl:unionOf`` with
    "or"; it receives a ``set`` of HTML elements. Sorting them by their rendered text is enough.
    """
    import pylode.utils as pylode_utils

    original = pylode_utils.intersperse

    def stable_intersperse(lst, sep):
        if isinstance(lst, set | frozenset):
            lst = sorted(lst, key=str)
        return original(lst, sep)

    pylode_utils.intersperse = stable_intersperse
    try:
        yield
    finally:
        pylode_utils.intersperse = original
