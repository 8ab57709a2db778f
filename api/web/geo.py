"""The map of the Netherlands: municipality boundaries (``data/reference/geo``) drawn as SVG.

No tile server and no map library: longitude/latitude are projected here with an equirectangular
projection scaled by cos(52.2°) (the middle of the country), which keeps the Netherlands' shape
within a few per cent, and each municipality becomes one SVG path. A municipality takes the
colour of the region the graph names it a member of (often only the centrumgemeente: the status
report rarely lists the other members) for the chosen topic's status; a municipality of no known
region is drawn as such. The same data is served as GeoJSON.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from api.web.labels import Labels
from api.web.views import Matrix, rows
from bwgraph.store import Store

_FILE = re.compile(r"^cartomap_gemeente_(\d{4})_wgs84\.geojson$")
WIDTH = 800.0
_LAT0 = 52.2
_KX = math.cos(math.radians(_LAT0))


def geo_files(geo_dir: Path) -> dict[int, Path]:
    """Boundary files by year (``cartomap_gemeente_{year}_wgs84.geojson``)."""
    out = {}
    for p in sorted(geo_dir.glob("*.geojson")):
        m = _FILE.match(p.name)
        if m:
            out[int(m.group(1))] = p
    return out


@dataclass(frozen=True)
class Shape:
    code: str  # CBS code GM0363
    name: str
    path: str  # SVG path data
    centre: tuple[float, float]
    geometry: dict[str, Any]


@dataclass(frozen=True)
class Projected:
    shapes: list[Shape]
    width: float
    height: float


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


@cache
def projected(path: Path) -> Projected:
    """Every municipality of a boundary file as an SVG path in a ``WIDTH``-wide frame."""
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data.get("features", [])
    xs, ys = [], []
    for f in features:
        for ring in _rings(f["geometry"]):
            for lon, lat, *_ in ring:
                xs.append(lon * _KX)
                ys.append(lat)
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    scale = WIDTH / (maxx - minx)
    height = (maxy - miny) * scale

    def pt(lon: float, lat: float) -> tuple[float, float]:
        return ((lon * _KX - minx) * scale, (maxy - lat) * scale)

    shapes = []
    for f in features:
        props = f.get("properties", {})
        parts, cx, cy, n = [], 0.0, 0.0, 0
        for ring in _rings(f["geometry"]):
            pts = [pt(lon, lat) for lon, lat, *_ in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
            for x, y in pts:
                cx, cy, n = cx + x, cy + y, n + 1
        shapes.append(Shape(props.get("statcode", ""), props.get("statnaam", ""), "".join(parts),
                            (cx / max(n, 1), cy / max(n, 1)), f["geometry"]))
    return Projected(shapes, WIDTH, height)


@dataclass(frozen=True)
class Area:
    """One municipality on the map with what the graph says about it."""

    shape: Shape
    regions: list[tuple[str, str]]  # (region IRI, label)
    centrum_of: list[str]  # region IRIs it is the centrumgemeente of
    centrumgemeenten: list[str]  # labels of its region's centrumgemeente(n)
    status: str  # notation, "none" (no known region) or "not_assessed"
    status_label: str
    assessment: str | None


def member_codes(store: Store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """``code → region IRIs`` it is a member of, ``region IRI → centrumgemeente codes``; a
    municipality merged since is carried to its successors (``dct:isReplacedBy``)."""
    members: dict[str, set[str]] = defaultdict(set)
    centres: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, """
        SELECT ?r ?code ?centre WHERE {
          ?r a/rdfs:subClassOf* bwmo:Region .
          { ?r org:hasMember ?m BIND(false AS ?centre) }
          UNION { ?r bwmo:centrumgemeente ?m BIND(true AS ?centre) }
          ?m dct:isReplacedBy* ?now . ?now bwmo:cbsCode ?code .
        }"""):
        region, code = r["r"].value, r["code"].value
        members[code].add(region)
        if r["centre"].value == "true":
            centres[region].add(code)
    return members, centres


def areas(store: Store, path: Path, m: Matrix, topic: str, labels: Labels, lang: str
          ) -> list[Area]:
    members, centres = member_codes(store)
    assessed = {r.iri for r in m.regions}
    names = {s.code: s.name for s in projected(path).shapes}
    out = []
    for shape in projected(path).shapes:
        regs = sorted(members.get(shape.code, ()), key=lambda r: (r not in assessed, r))
        status, status_label, assessment = "none", "", None
        if regs:
            cell = m.cell(regs[0], topic)
            if cell is not None:
                status, status_label, assessment = cell.status, cell.status_label, cell.assessment
            else:
                status = "not_assessed"
        cg = sorted({names.get(c, c) for r in regs[:1] for c in centres.get(r, ())})
        out.append(Area(shape, [(r, labels(r, lang)) for r in regs],
                        [r for r in regs if shape.code in centres.get(r, ())], cg, status,
                        status_label, assessment))
    return out


def feature_collection(items: list[Area], topic: str, base_href: dict[str, str]
                       ) -> dict[str, Any]:
    """GeoJSON: one feature per municipality with region, centrumgemeente and status."""
    feats = []
    for a in items:
        feats.append({
            "type": "Feature",
            "id": a.shape.code,
            "geometry": a.shape.geometry,
            "properties": {
                "statcode": a.shape.code,
                "statnaam": a.shape.name,
                "regions": [r for r, _ in a.regions],
                "region_labels": [label for _, label in a.regions],
                "region_pages": [base_href.get(r, r) for r, _ in a.regions],
                "centrumgemeente_of": a.centrum_of,
                "centrumgemeenten": a.centrumgemeenten,
                "topic": topic,
                "status": a.status,
                "assessment": a.assessment,
            },
        })
    return {"type": "FeatureCollection", "features": feats}
