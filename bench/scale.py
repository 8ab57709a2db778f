"""Synthetic graphs in the shape of the real one, at any multiple of its size.

The real build's document graphs (status report with regions, assessments, evidence lines and
narratives; agreement with parties and signatories; housing agenda with products and capacity;
action plan with action points; assignment) are copied ``factor`` times. Copy ``i`` renames every
IRI the build minted (``{base}id/…`` and the graph names ``{base}graph/…``) by appending ``-x{i}``
and marks the names of its subjects (``bwmo:reportName``, ``skos:prefLabel``, ``rdfs:label``,
``dct:title``, ``dct:identifier``) with `` x{i}``, so each copy is a distinct set of regions,
documents, agreements and organisations that point at the same shared municipalities, code
lists and ontology — the way more documents about the same country would. What the reference data
says about minted things (regions with their members, organisations) is copied with each copy, in
a graph ``…/graph/reference-x{i}``; the rest of the reference data (municipalities, provinces)
and the ontology stay single; the VoID/DCAT graph is recomputed. Copy 0 is the real graph unchanged,
so ``factor=1`` is the real build.

The result then goes through the build's own stages — SHACL validation
(:func:`bwgraph.validate.validate_graph`), the TriG writer and loading into the store — timed
one by one by :mod:`bench.stages`.

    .venv/bin/python -m bench.scale --factor 10 --out /tmp/bwmo-x10.trig
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from bwgraph.config import Settings
from bwgraph.context import BuildContext, new_graph
from bwgraph.namespaces import BWMO
from bwgraph.pipeline import BuildReport, assemble, dataset_graph

#: graphs that are shared by every copy (not multiplied)
SHARED = ("ontology", "reference")
#: literal-valued names marked per copy, so that labels stay distinct
NAMES = frozenset({BWMO.reportName, SKOS.prefLabel, RDFS.label, DCTERMS.title,
                   DCTERMS.identifier})

Graphs = list[tuple[URIRef, Graph]]


def real_graphs(settings: Settings | None = None) -> tuple[Graphs, BuildContext]:
    """The real build's named graphs (extract → identify → transform), without validation."""
    settings = settings or Settings()
    return assemble(settings, BuildReport(output=settings.default_output))


def graphs_from_trig(path: Path, settings: Settings | None = None
                     ) -> tuple[Graphs, BuildContext]:
    """The named graphs of a built TriG file (what :func:`real_graphs` gives, already built)."""
    import pyoxigraph as ox

    from bwgraph.validate import _from_ox

    by_name: dict[str, Graph] = {}
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        g = by_name.get(q.graph_name.value)
        if g is None:
            g = by_name[q.graph_name.value] = new_graph()
        g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    ctx = BuildContext(settings or Settings())
    return [(URIRef(name), g) for name, g in sorted(by_name.items())], ctx


def copy_graph(g: Graph, base: str, i: int) -> Graph:
    """Copy ``i`` of one document graph (``i == 0``: the graph itself)."""
    if i == 0:
        return g
    minted = (f"{base}id/", f"{base}graph/")
    suffix = f"-x{i}"
    memo: dict[Node, Node] = {}

    def term(t: Node) -> Node:
        found = memo.get(t)
        if found is None:
            found = URIRef(str(t) + suffix) if (
                isinstance(t, URIRef) and str(t).startswith(minted)) else t
            memo[t] = found
        return found

    out = new_graph()
    for s, p, o in g:
        s2 = term(s)
        if p in NAMES and isinstance(o, Literal) and s2 is not s:
            o2: Node = Literal(f"{o} x{i}", lang=o.language, datatype=o.datatype)
        else:
            o2 = term(o)
        out.add((s2, p, o2))
    return out


def scaled(graphs: Graphs, ctx: BuildContext, factor: int) -> Graphs:
    """The named graphs of a synthetic build ``factor`` times the real instance data."""
    base = ctx.settings.base
    shared = {ctx.minter.graph(name) for name in SHARED}
    dataset = ctx.minter.graph("dataset")
    out: Graphs = [(name, g) for name, g in graphs if name in shared]
    # what the reference data says about minted things (regions, organisations, memberships):
    # copied with each copy, so that copy i's regions are regions with members and labels
    reference = dict(graphs).get(ctx.minter.graph("reference"))
    minted = new_graph()
    if reference is not None:
        for t in reference:
            if str(t[0]).startswith(f"{base}id/"):
                minted.add(t)
    for name, g in graphs:
        if name in shared or name == dataset:
            continue
        for i in range(factor):
            out.append((URIRef(f"{name}-x{i}") if i else name, copy_graph(g, base, i)))
    for i in range(1, factor):
        out.append((URIRef(f"{ctx.minter.graph('reference')}-x{i}"), copy_graph(minted, base, i)))
    out.append((dataset, dataset_graph(out, ctx)))
    return out


def instance_triples(graphs: Graphs, ctx: BuildContext) -> tuple[int, int]:
    """(triples in the shared graphs, triples in one copy of the instance data)."""
    shared_names = {ctx.minter.graph(name) for name in SHARED}
    dataset = ctx.minter.graph("dataset")
    shared = sum(len(g) for name, g in graphs if name in shared_names)
    instance = sum(len(g) for name, g in graphs if name not in shared_names and name != dataset)
    return shared, instance


def factor_for(triples: int, graphs: Graphs, ctx: BuildContext) -> int:
    """The factor whose synthetic graph has about ``triples`` triples."""
    shared, instance = instance_triples(graphs, ctx)
    return max(1, round((triples - shared) / instance))


def main() -> None:
    from bwgraph.serialize import write_trig

    ap = argparse.ArgumentParser(description="Write a synthetic graph FACTOR × the real one.")
    ap.add_argument("--factor", type=int, default=None)
    ap.add_argument("--triples", type=int, default=None, help="aim at this many triples")
    ap.add_argument("--from", dest="source", type=Path, default=None,
                    help="a built TriG to multiply (default: build the sources in memory)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    graphs, ctx = graphs_from_trig(args.source) if args.source else real_graphs()
    factor = args.factor or (factor_for(args.triples, graphs, ctx) if args.triples else 1)
    result = scaled(graphs, ctx, factor)
    args.out.write_text(write_trig(result), encoding="utf-8")
    print(f"×{factor}: {sum(len(g) for _, g in result)} triples → {args.out}")


if __name__ == "__main__":
    main()
