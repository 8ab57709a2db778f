"""Deterministic TriG: the same graphs always give the same bytes.

rdflib's serialisers do not promise a stable order and label blank nodes at random, so a rebuild
would produce a different file even when nothing changed. We write TriG ourselves: prefixes in a
fixed order, graphs sorted by IRI, subjects and triples sorted by their N-Triples form, blank nodes
relabelled canonically (RDF graph canonicalisation from ``rdflib.compare``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from bwgraph.namespaces import PREFIXES


def _namespace_manager() -> NamespaceManager:
    nm = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True, replace=True)
    return nm


def _canonical(g: Graph) -> Graph:
    has_bnodes = any(isinstance(t, BNode) for triple in g for t in triple)
    return to_canonical_graph(g) if has_bnodes else g


def _term(t: Node, nm: NamespaceManager) -> str:
    if isinstance(t, URIRef):
        try:
            qname = nm.normalizeUri(t)
        except Exception:
            qname = f"<{t}>"
        if qname.startswith("<") or not _safe_qname(qname):
            return f"<{t}>"
        return qname
    if isinstance(t, Literal):
        return t.n3(nm)
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"unexpected RDF term {t!r}")


def _safe_qname(qname: str) -> bool:
    _, _, local = qname.partition(":")
    return (
        all(c.isalnum() or c in "_-" for c in local)
        and not local.endswith(".")
        and (not local or local[0].isalnum() or local[0] == "_")
    )


def _sort_key(t: Node) -> tuple[int, str]:
    order = 0 if isinstance(t, URIRef) else 1 if isinstance(t, BNode) else 2
    return (order, str(t) if not isinstance(t, Literal) else t.n3())


def write_trig(graphs: Iterable[tuple[URIRef, Graph]]) -> str:
    """Serialise named graphs to TriG text, byte-for-byte reproducible."""
    nm = _namespace_manager()
    out: list[str] = [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]
    out.append("")
    for name, graph in sorted(graphs, key=lambda x: str(x[0])):
        g = _canonical(graph)
        by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in g:
            by_subject[s].append((p, o))
        out.append(f"<{name}> {{")
        for s in sorted(by_subject, key=_sort_key):
            pairs = sorted(
                by_subject[s], key=lambda po: (po[0] != RDF.type, str(po[0]), _sort_key(po[1]))
            )
            lines: list[str] = []
            last_p: Node | None = None
            for p, o in pairs:
                pred = "a" if p == RDF.type else _term(p, nm)
                if p == last_p:
                    lines[-1] += " ,"
                    lines.append(f"            {_term(o, nm)}")
                else:
                    if lines:
                        lines[-1] += " ;"
                    lines.append(f"        {pred} {_term(o, nm)}")
                last_p = p
            out.append(f"    {_term(s, nm)}")
            out.append("\n".join(lines) + " .")
        out.append("}")
        out.append("")
    return "\n".join(out)
