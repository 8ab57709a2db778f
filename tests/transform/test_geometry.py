"""Municipality boundaries as GeoSPARQL geometries (:mod:`bwgraph.transform.geometry`).

Expected values are read from the vendored boundary files themselves (``data/reference/geo``),
as text, with a regular expression of this test's own, never from the transform's output: the
WKT of a municipality must repeat the source's positions digit for digit, in the same order.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.namespaces import BWMO, GEO, TOOI_GEMEENTE
from bwgraph.pipeline import BuildError, _geometry_graph
from bwgraph.store import OxigraphStore
from bwgraph.transform.geometry import (
    TABLE_NAME,
    GeometryError,
    geometry_graph,
    geometry_iri,
    main,
    render_table,
    to_wkt,
)

REPO = Path(__file__).resolve().parents[2]
GEO_DIR = REPO / "data" / "reference" / "geo"
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext(Settings())


@pytest.fixture(scope="module")
def graph(ctx: BuildContext) -> Graph:
    return geometry_graph(ctx)


def _source_numbers(year: int, code: str) -> list[str]:
    """The coordinate numbers of one feature, read from the file's text (one feature a line)."""
    text = (GEO_DIR / f"cartomap_gemeente_{year}_wgs84.geojson").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if f'"statcode":"{code}"' in x)
    coords = line.split('"coordinates":', 1)[1].split("}", 1)[0]
    return NUMBER.findall(coords)


def _wkt(g: Graph, ctx: BuildContext, code: str, year: int) -> str:
    value = g.value(geometry_iri(ctx, code, year), GEO.asWKT)
    assert isinstance(value, Literal) and value.datatype == GEO.wktLiteral
    return str(value)


def test_wkt_repeats_the_source_positions(graph: Graph, ctx: BuildContext) -> None:
    """Appingedam (GM0003) in the 2020 file: one ring of 9 positions, starting and ending at
    6.887, 53.298 (read in the file: ``[[[6.887,53.298],[6.882,53.328],…,[6.887,53.298]]]``)."""
    wkt = _wkt(graph, ctx, "GM0003", 2020)
    assert wkt.startswith("POLYGON ((6.887 53.298, 6.882 53.328, ")
    assert wkt.endswith(", 6.887 53.298))")
    assert wkt.count(",") == 8  # 9 positions
    assert NUMBER.findall(wkt) == _source_numbers(2020, "GM0003")


def test_multipolygon_repeats_the_source_positions(graph: Graph, ctx: BuildContext) -> None:
    """Amsterdam 2026 is a MultiPolygon in the file (Weesp's part first: 5.016 52.325)."""
    wkt = _wkt(graph, ctx, "GM0363", 2026)
    assert wkt.startswith("MULTIPOLYGON (((5.016 52.325, 4.945 52.327, ")
    assert NUMBER.findall(wkt) == _source_numbers(2026, "GM0363")


def test_one_geometry_per_boundary_year_the_latest_by_default(graph: Graph,
                                                              ctx: BuildContext) -> None:
    amsterdam = TOOI_GEMEENTE.gm0363
    both = {geometry_iri(ctx, "GM0363", 2020), geometry_iri(ctx, "GM0363", 2026)}
    assert set(graph.objects(amsterdam, GEO.hasGeometry)) == both
    assert graph.value(amsterdam, GEO.hasDefaultGeometry) == geometry_iri(ctx, "GM0363", 2026)
    # Weesp joined Amsterdam in 2022: in the 2020 file, not in the 2026 one
    assert _wkt(graph, ctx, "GM0363", 2020) != _wkt(graph, ctx, "GM0363", 2026)
    weesp = TOOI_GEMEENTE.gm0457
    assert list(graph.objects(weesp, GEO.hasGeometry)) == [geometry_iri(ctx, "GM0457", 2020)]
    assert graph.value(weesp, GEO.hasDefaultGeometry) == geometry_iri(ctx, "GM0457", 2020)
    node = geometry_iri(ctx, "GM0457", 2020)
    assert (node, RDF.type, GEO.Geometry) in graph
    assert graph.value(node, BWMO.boundaryYear) == Literal("2020", datatype=XSD.gYear)


def test_every_feature_of_every_file_is_a_geometry(graph: Graph) -> None:
    """355 features in the 2020 file, 342 in the 2026 file (data/reference/REFERENCE-README.md)."""
    assert len(set(graph.subjects(RDF.type, GEO.Geometry))) == 355 + 342
    assert len(set(graph.subjects(GEO.hasDefaultGeometry, None))) == len(
        set(graph.subjects(GEO.hasGeometry, None))
    )


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [5, 52]}, "not a Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": [[["0", "0"], ["1", "0"], ["1", "1"], ["0", "1"]]]},
         "not closed"),
        ({"type": "Polygon", "coordinates": [[["0", "0"], ["1", "0"], ["0", "0"]]]},
         "at least 4 positions"),
        ({"type": "Polygon", "coordinates": [[["0", "95"], ["1", "0"], ["1", "1"], ["0", "95"]]]},
         "outside WGS 84"),
        ({"type": "MultiPolygon", "coordinates": []}, "at least one polygon"),
    ],
)
def test_to_wkt_refuses_what_is_no_boundary(geometry: dict[str, object], message: str) -> None:
    with pytest.raises(GeometryError, match=message) as err:
        to_wkt(geometry, "file.geojson: feature 7 (GM0001)")
    assert "file.geojson: feature 7 (GM0001)" in str(err.value)


def _reference_without_geo(tmp_path: Path) -> Path:
    ref = tmp_path / "data" / "reference"
    shutil.copytree(REPO / "data" / "reference", ref, ignore=shutil.ignore_patterns("geo"))
    (ref / "geo").mkdir()
    return ref / "geo"


def _feature_collection(code: str, ring: str) -> str:
    return ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            f'{{"statcode":"{code}"}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}')


def test_the_vendored_table_is_what_the_generator_makes_of_the_boundary_files() -> None:
    """data/reference/geo/boundaries_wkt.tsv may not drift from the GeoJSON it was made of."""
    table = (GEO_DIR / TABLE_NAME).read_text(encoding="utf-8")
    assert table == render_table(GEO_DIR)
    for name in ("cartomap_gemeente_2020_wgs84.geojson", "cartomap_gemeente_2026_wgs84.geojson"):
        digest = hashlib.sha256((GEO_DIR / name).read_bytes()).hexdigest()
        assert f"# source\t{name}\tsha256={digest}\n" in table
    # SOURCES.md names the table's own sha256
    own = hashlib.sha256((GEO_DIR / TABLE_NAME).read_bytes()).hexdigest()
    assert own in (GEO_DIR.parent / "SOURCES.md").read_text(encoding="utf-8")


def test_a_bad_boundary_file_is_refused_naming_file_and_feature(tmp_path: Path) -> None:
    geo = _reference_without_geo(tmp_path)
    bad = geo / "cartomap_gemeente_2020_wgs84.geojson"
    bad.write_text(_feature_collection(
        "GM0003", "[[6.887,53.298],[6.882,53.328],[6.885,53.345],[6.834,53.343]]"), "utf-8")
    with pytest.raises(GeometryError, match=r"cartomap_gemeente_2020_wgs84\.geojson: feature 1 "
                                            r"\(GM0003\), ring 1: the linear ring is not closed"):
        render_table(geo)
    assert main([str(geo)]) == 2 and not (geo / TABLE_NAME).exists()
    # and a build without the table says how to make it
    with pytest.raises(BuildError, match=rf"{TABLE_NAME}: missing; generate it with "
                                         r"`python -m bwgraph\.transform\.geometry`"):
        _geometry_graph(BuildContext(Settings(root=tmp_path)))


def test_a_stale_table_stops_the_build(tmp_path: Path) -> None:
    geo = _reference_without_geo(tmp_path)
    for p in GEO_DIR.iterdir():
        shutil.copy(p, geo)
    assert len(_geometry_graph(BuildContext(Settings(root=tmp_path)))) > 0
    edited = geo / "cartomap_gemeente_2026_wgs84.geojson"
    edited.write_text(edited.read_text("utf-8").replace("5.016,52.325", "5.017,52.325"), "utf-8")
    with pytest.raises(BuildError, match=r"made from other boundary files .*\(cartomap_gemeente_"
                                         r"2026_wgs84\.geojson\); regenerate it"):
        _geometry_graph(BuildContext(Settings(root=tmp_path)))
    assert main([str(geo)]) == 0  # regenerated: whole again, with the edit
    wkt = _wkt(_geometry_graph(BuildContext(Settings(root=tmp_path))),
               BuildContext(Settings(root=tmp_path)), "GM0363", 2026)
    assert wkt.startswith("MULTIPOLYGON (((5.017 52.325, ")


def test_a_code_no_register_knows_stops_the_build(tmp_path: Path) -> None:
    geo = _reference_without_geo(tmp_path)
    (geo / "cartomap_gemeente_2020_wgs84.geojson").write_text(_feature_collection(
        "GM9999", "[[6.887,53.298],[6.882,53.328],[6.885,53.345],[6.887,53.298]]"), "utf-8")
    assert main([str(geo)]) == 0
    with pytest.raises(BuildError, match=r"GM9999 .* is not a municipality of the TOOI register"):
        _geometry_graph(BuildContext(Settings(root=tmp_path)))


def test_no_boundary_files_no_geometry_graph(tmp_path: Path) -> None:
    _reference_without_geo(tmp_path)
    assert len(geometry_graph(BuildContext(Settings(root=tmp_path)))) == 0


# --- in the full build ---------------------------------------------------------------------------

GEOMETRY_GRAPHS = """
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
SELECT ?g (COUNT(*) AS ?n) WHERE {
  VALUES ?p { geo:asWKT geo:hasGeometry geo:hasDefaultGeometry }
  GRAPH ?g { ?s ?p ?o }
} GROUP BY ?g
"""


def test_geometries_live_in_their_own_named_graph(store: OxigraphStore,
                                                  settings: Settings) -> None:
    rows = {r["g"].value: int(r["n"].value) for r in store.select(GEOMETRY_GRAPHS).rows}
    # each geometry has one WKT and one hasGeometry; each feature one default geometry
    assert rows == {f"{settings.base}graph/geometry": 697 + 697 + 355 + 342 - 337}


def test_a_wkt_is_found_from_the_municipality(store: OxigraphStore) -> None:
    """The GeoSPARQL path from a municipality of the reference graph to its WKT."""
    query = """
    PREFIX geo: <http://www.opengis.net/ont/geosparql#>
    SELECT ?m ?wkt WHERE { ?m geo:hasDefaultGeometry/geo:asWKT ?wkt }
    """
    rows = store.select(query, bindings={"m": ox.NamedNode(str(TOOI_GEMEENTE.gm0003))}).rows
    assert [NUMBER.findall(r["wkt"].value) for r in rows] == [_source_numbers(2020, "GM0003")]


@pytest.mark.reasoner
def test_a_municipality_cannot_be_its_own_geometry(tmp_path: Path) -> None:
    """The ontology says what GeoSPARQL 1.1 says: a municipality is a geo:Feature, and features
    and geometries are disjoint; so a node typed both is inconsistent for HermiT."""
    owlready2 = pytest.importorskip("owlready2")
    from bwgraph.pipeline import ontology_graph
    from tests.test_reasoner import reason

    g = Graph()
    g += ontology_graph(Settings())
    node = TOOI_GEMEENTE.gm0363
    g.add((node, RDF.type, BWMO.Municipality))
    reason(g, tmp_path)  # consistent as it is
    g.add((node, RDF.type, GEO.Geometry))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(g, tmp_path)
