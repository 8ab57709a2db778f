"""The geometry graph: municipality boundaries as GeoSPARQL 1.1 geometries.

The boundaries are the simplified CBS municipality boundaries vendored in ``data/reference/geo``
(``cartomap_gemeente_{year}_wgs84.geojson``; sources in ``data/reference/SOURCES.md``). Every
feature becomes one ``geo:Geometry`` per boundary year, because a municipality's boundary changes
with mergers (Amsterdam took in Weesp in 2022) and CBS generalises each year afresh::

    gemeente:gm0363 geo:hasGeometry <…/id/geometry/gm0363/2020> , <…/id/geometry/gm0363/2026> ;
        geo:hasDefaultGeometry <…/id/geometry/gm0363/2026> .           # the latest year
    <…/id/geometry/gm0363/2026> a geo:Geometry ;
        geo:asWKT "MULTIPOLYGON (((4.863 52.43, …)))"^^geo:wktLiteral ;
        bwmo:boundaryYear "2026"^^xsd:gYear ; dct:source <https://cartomap.github.io/…> .

Why WKT without a CRS IRI: GeoJSON (RFC 7946) positions are WGS 84 longitude, latitude, which
is exactly GeoSPARQL's default CRS for ``geo:wktLiteral`` (OGC CRS84, longitude first). The
coordinates are written as the source file writes them (the JSON number text, not a float
round-trip), vertex order unchanged, so a WKT can be checked against the file by eye.

Why a named graph of its own (``{base}graph/geometry``): the WKT literals are a tenth of the
dump's bytes; exports of documents or of the reference graph and queries that name a graph do not
carry them. BW/MO *regions* get no geometry: the graph knows the members of few regions (the
status report mostly names only the centrumgemeente), so a union of known members would draw a
region smaller than it is. Query the members' geometries instead (README, "Geometry").

Why a precomputed table (``data/reference/geo/boundaries_wkt.tsv``): turning 13,000 positions
into WKT allocates some 50,000 small objects (JSON lists and number texts), and inside a build that
already holds a million rdflib objects those allocations set off full garbage collections
(measured: the geometry stage of a build 0.20 s → 0.13 s of CPU with the table). So
``python -m bwgraph.transform.geometry`` writes the WKT once, with the sha256 of every GeoJSON
file it read, and the build reads 697 lines; a table whose recorded
sha256 no longer matches a boundary file (or that misses one) stops the build with the command
that regenerates it. ``tests/transform/test_geometry.py`` regenerates it and compares.

A feature that is not a closed Polygon/MultiPolygon, or whose code is not a registered
municipality, is refused (:class:`GeometryError`, naming the file and the feature): by the
generator, and by the build for a stale or hand-edited table.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from bwgraph.atomic import write_atomic
from bwgraph.context import BuildContext, new_graph
from bwgraph.namespaces import BWMO, GEO

#: ``cartomap_gemeente_{year}_wgs84.geojson``: one boundary set per year.
BOUNDARY_FILE = re.compile(r"^cartomap_gemeente_(\d{4})_wgs84\.geojson$")
#: Where cartomap publishes the file of a year (the vendored copies have the same coordinates;
#: data/reference/SOURCES.md).
CARTOMAP_URL = "https://cartomap.github.io/nl/wgs84/gemeente_{year}.geojson"
#: The precomputed WKT of every boundary file, next to them (see the module docs).
TABLE_NAME = "boundaries_wkt.tsv"
REGENERATE = "python -m bwgraph.transform.geometry"
HEADER = "year\tcbs_code\tname\twkt"


class GeometryError(ValueError):
    """A boundary file or feature cannot become a geometry; the message names file and feature."""


@dataclass(frozen=True)
class Boundary:
    """One municipality's boundary in one year's file, as WKT."""

    cbs_code: str  # GM0363
    year: int
    name: str  # statnaam as the file writes it
    wkt: str


def boundary_files(geo_dir: Path) -> dict[int, Path]:
    """The boundary files of ``geo_dir`` by year (none when the folder is missing)."""
    if not geo_dir.is_dir():
        return {}
    out: dict[int, Path] = {}
    for path in sorted(geo_dir.iterdir()):
        m = BOUNDARY_FILE.match(path.name)
        if m:
            out[int(m.group(1))] = path
    return out


# --- GeoJSON → WKT -------------------------------------------------------------------------------


def _position(pos: Any, where: str) -> str:
    """``[lon, lat]`` as WKT ``lon lat``; the numbers as the file writes them."""
    if not isinstance(pos, list) or len(pos) not in (2, 3) or not all(
        isinstance(c, str) for c in pos
    ):
        raise GeometryError(f"{where}: a position must be [longitude, latitude], got {pos!r}")
    lon, lat = float(pos[0]), float(pos[1])
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise GeometryError(f"{where}: position {pos[0]}, {pos[1]} is outside WGS 84 degrees")
    return " ".join(pos)


def _ring(ring: Any, where: str) -> str:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError(f"{where}: a linear ring needs at least 4 positions")
    if ring[0] != ring[-1]:
        raise GeometryError(f"{where}: the linear ring is not closed (first ≠ last position)")
    return "(" + ", ".join(_position(p, where) for p in ring) + ")"


def _polygon(rings: Any, where: str) -> str:
    if not isinstance(rings, list) or not rings:
        raise GeometryError(f"{where}: a polygon needs at least one ring")
    return "(" + ", ".join(_ring(r, f"{where}, ring {i + 1}") for i, r in enumerate(rings)) + ")"


def to_wkt(geometry: Any, where: str) -> str:
    """A GeoJSON Polygon or MultiPolygon (numbers parsed as text) as OGC WKT.

    ``where`` names the file and feature in error messages.
    """
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        return "POLYGON " + _polygon(coords, where)
    if kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            raise GeometryError(f"{where}: a MultiPolygon needs at least one polygon")
        return "MULTIPOLYGON (" + ", ".join(
            _polygon(p, f"{where}, polygon {i + 1}") for i, p in enumerate(coords)
        ) + ")"
    raise GeometryError(f"{where}: geometry type {kind!r} is not a Polygon or MultiPolygon")


def read_boundaries(path: Path, year: int) -> Iterator[Boundary]:
    """Every feature of one boundary file as a :class:`Boundary`."""
    try:
        # numbers as text: the WKT repeats the file's digits, never a float's re-rendering
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=str, parse_int=str)
    except (OSError, ValueError) as exc:
        raise GeometryError(f"{path}: not readable GeoJSON: {exc}") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise GeometryError(f"{path}: not a GeoJSON FeatureCollection")
    for i, feature in enumerate(features):
        props = feature.get("properties") or {}
        code = str(props.get("statcode", ""))
        where = f"{path}: feature {i + 1} ({code or 'no statcode'})"
        if not re.fullmatch(r"GM[0-9]{4}", code):
            raise GeometryError(f"{where}: statcode must be a CBS code GM + 4 digits")
        yield Boundary(code, year, str(props.get("statnaam", code)),
                       to_wkt(feature.get("geometry"), where))


# --- triples -------------------------------------------------------------------------------------


def geometry_iri(ctx: BuildContext, cbs_code: str, year: int) -> URIRef:
    """``{base}id/geometry/gm0363/2026``."""
    return ctx.minter.id("geometry", cbs_code.lower(), str(year))


def geometry_graph(ctx: BuildContext) -> Graph:
    """The ``geometry`` named graph: every boundary of every year's file (see module docs)."""
    g = new_graph()
    geo_dir = ctx.settings.reference_dir / "geo"
    latest: dict[str, int] = {}
    sources = {year: URIRef(CARTOMAP_URL.format(year=year)) for year in boundary_files(geo_dir)}
    table = geo_dir / TABLE_NAME
    for b in load_table(geo_dir):
        try:
            municipality = URIRef(ctx.municipalities.get(b.cbs_code).tooi_iri)
        except KeyError:
            raise GeometryError(
                f"{table}: {b.cbs_code} ({b.name}) is not a municipality of the TOOI register"
            ) from None
        node = geometry_iri(ctx, b.cbs_code, b.year)
        g.add((municipality, GEO.hasGeometry, node))
        g.add((node, RDF.type, GEO.Geometry))
        g.add((node, RDFS.label, Literal(
            f"{b.name}: gemeentegrens {b.year} (CBS, vereenvoudigd)", lang="nl")))
        g.add((node, RDFS.label, Literal(
            f"{b.name}: municipal boundary {b.year} (CBS, simplified)", lang="en")))
        g.add((node, GEO.asWKT, Literal(b.wkt, datatype=GEO.wktLiteral)))
        g.add((node, BWMO.boundaryYear, Literal(str(b.year), datatype=XSD.gYear)))
        g.add((node, DCTERMS.source, sources[b.year]))
        latest[b.cbs_code] = max(b.year, latest.get(b.cbs_code, b.year))
    for code, year in latest.items():
        municipality = URIRef(ctx.municipalities.get(code).tooi_iri)
        g.add((municipality, GEO.hasDefaultGeometry, geometry_iri(ctx, code, year)))
    return g


# --- the precomputed table -----------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render_table(geo_dir: Path) -> str:
    """The table's text for the boundary files of ``geo_dir`` (refuses any bad feature)."""
    files = boundary_files(geo_dir)
    out = [f"# Generated by `{REGENERATE}` from the boundary files below; do not edit.",
           "# WKT with the GeoJSON numbers as written (CRS84: longitude latitude)."]
    out += [f"# source\t{p.name}\tsha256={_sha256(p)}" for _, p in sorted(files.items())]
    out.append(HEADER)
    for year, path in sorted(files.items()):
        for b in read_boundaries(path, year):
            if "\t" in b.name or "\n" in b.name:
                raise GeometryError(f"{path}: {b.cbs_code}: a name with a tab or line break")
            out.append(f"{b.year}\t{b.cbs_code}\t{b.name}\t{b.wkt}")
    return "\n".join(out) + "\n"


def load_table(geo_dir: Path) -> list[Boundary]:
    """The boundaries of the table, after checking it was made from the current files."""
    files = boundary_files(geo_dir)
    table = geo_dir / TABLE_NAME
    if not files:
        return []
    if not table.is_file():
        raise GeometryError(f"{table}: missing; generate it with `{REGENERATE}`")
    recorded: dict[str, str] = {}
    rows: list[Boundary] = []
    lines = table.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, start=1):
        if line.startswith("# source\t"):
            _, name, digest = line.split("\t")
            recorded[name] = digest.removeprefix("sha256=")
        elif line.startswith("#") or line == HEADER:
            continue
        else:
            parts = line.split("\t")
            if len(parts) != 4 or not parts[0].isdigit():
                raise GeometryError(f"{table}:{n}: not a row year, cbs_code, name, wkt")
            rows.append(Boundary(parts[1], int(parts[0]), parts[2], parts[3]))
    current = {p.name: _sha256(p) for p in files.values()}
    if recorded != current:
        changed = sorted(set(recorded) ^ set(current)
                         | {k for k in current if recorded.get(k) != current[k]})
        raise GeometryError(
            f"{table}: made from other boundary files than those in {geo_dir} "
            f"({', '.join(changed)}); regenerate it with `{REGENERATE}`"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """``python -m bwgraph.transform.geometry [GEO_DIR]``: (re)write the WKT table."""
    from bwgraph.config import Settings

    args = sys.argv[1:] if argv is None else argv
    geo_dir = Path(args[0]) if args else Settings().reference_dir / "geo"
    try:
        text = render_table(geo_dir)
    except GeometryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target = geo_dir / TABLE_NAME
    write_atomic(target, text.encode("utf-8"))
    rows = len(load_table(geo_dir))
    print(f"{target}: {rows} boundaries, sha256 {_sha256(target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
