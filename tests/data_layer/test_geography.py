"""Kelurahan boundaries: approximate cells, the import of real polygons, point lookup.

The real polygons are the 177 OpenStreetMap kelurahan in ../shared (read from
there, never copied); bad files are built from them in tmp_path.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, Polygon, shape
from sqlalchemy import select

from data_layer.boundary_import import BoundaryImportError, import_boundaries
from data_layer.geography import (
    GAP_TOLERANCE_M,
    approximate_cells,
    approximate_outline,
    area_km2,
    geometry_of,
    kelurahan_at,
    point_in_city,
)
from data_layer.models import AppMeta, Kecamatan, Kelurahan

REPO = Path(__file__).resolve().parents[2]
DUPLICATED_NAMES = ("Purwosari", "Mangunharjo")
JAKARTA = (-6.2, 106.8)
JAVA_SEA = (-6.90, 110.40)  # 5 km off Semarang's coast


# --- helpers ---------------------------------------------------------------------------


@cache
def _osm_text(shared_data: Path) -> str:
    return (shared_data / "kelurahan_osm.geojson").read_text(encoding="utf-8")


def _osm(shared_data: Path) -> dict:
    """A fresh, mutable copy of the OSM FeatureCollection."""
    return json.loads(_osm_text(shared_data))


def _reference(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / "kelurahan_reference.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _feature_code(shared_data: Path) -> dict[tuple[str, str], str]:
    """(OSM name, kecamatan) -> official code, as the shared README says to join them."""
    return {(r["osm_name"], r["kecamatan"]): r["code"] for r in _reference(shared_data)}


def _write(tmp_path: Path, name: str, content: dict | list | str) -> Path:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(db) -> list[tuple]:
    """Everything an import may write: the boundary columns and app_meta."""
    with db.read() as session:
        kelurahan = session.execute(
            select(
                Kelurahan.code,
                Kelurahan.boundary_geojson,
                Kelurahan.boundary_approximate,
                Kelurahan.boundary_source,
                Kelurahan.area_km2,
            ).order_by(Kelurahan.code)
        ).all()
        meta = session.execute(select(AppMeta.key, AppMeta.value).order_by(AppMeta.key)).all()
    return [tuple(row) for row in kelurahan] + [tuple(row) for row in meta]


def _import(db, path: Path, **kwargs):
    with db.write().begin() as session:
        return import_boundaries(session, path=path, **kwargs)


def _stored(db) -> dict[str, Kelurahan]:
    with db.read() as session:
        return {k.code: k for k in session.scalars(select(Kelurahan))}


def _same_shape(a, b) -> bool:
    return shapely.normalize(a).equals_exact(shapely.normalize(b), tolerance=1e-9)


# --- approximate boundaries ------------------------------------------------------------


def test_without_real_boundaries_every_kelurahan_has_an_approximate_cell_around_its_centroid(db):
    stored = _stored(db)
    assert len(stored) == 177
    for kelurahan in stored.values():
        cell = geometry_of(kelurahan)
        assert kelurahan.boundary_approximate is True, kelurahan.name
        assert "perkiraan" in kelurahan.boundary_source
        assert cell.geom_type in ("Polygon", "MultiPolygon") and cell.is_valid
        assert cell.contains(Point(kelurahan.centroid_lon, kelurahan.centroid_lat)), kelurahan.name
        assert kelurahan.area_km2 == pytest.approx(area_km2(cell), abs=1e-3)
    cells = [geometry_of(k) for k in stored.values()]
    union = shapely.unary_union(cells)
    # The cells tile the outline: no overlaps, and about the city's real 387 km².
    assert sum(area_km2(c) for c in cells) == pytest.approx(area_km2(union), rel=1e-6)
    assert 350 < area_km2(union) < 430


def test_the_approximate_outline_follows_the_osm_city_outline(shared_data):
    centroids = {r["code"]: (float(r["lon"]), float(r["lat"])) for r in _reference(shared_data)}
    outline = approximate_outline(list(centroids.values()))
    city = shape(
        json.loads((shared_data / "kota_osm.geojson").read_text())["features"][0]["geometry"]
    )
    iou = area_km2(outline.intersection(city)) / area_km2(outline.union(city))
    assert iou > 0.88
    cells = approximate_cells(centroids)
    assert set(cells) == set(centroids)
    assert all(cells[code].contains(Point(centroids[code])) for code in centroids)


def test_area_km2_agrees_with_the_areas_published_beside_the_osm_file(shared_data):
    # README: city outline 386.92 km², sum of the 177 kelurahan 386.92 km².
    city = json.loads((shared_data / "kota_osm.geojson").read_text())["features"][0]
    assert area_km2(shape(city["geometry"])) == pytest.approx(386.92, abs=0.05)
    kelurahan = [shape(f["geometry"]) for f in _osm(shared_data)["features"]]
    assert sum(area_km2(g) for g in kelurahan) == pytest.approx(386.92, abs=0.05)


# --- importing the real OSM polygons -----------------------------------------------------


def test_importing_the_osm_file_gives_every_kelurahan_its_own_real_polygon(db, shared_data):
    path = shared_data / "kelurahan_osm.geojson"
    report = _import(db, path)

    assert len(report.matched) == 177 and report.unmatched == () and report.unused == ()
    assert report.counts["code"] == 0 and report.counts["centroid"] == 0
    assert report.counts["name"] + report.counts["fuzzy"] == 177
    osm = {
        (f["properties"]["name"], f["properties"]["kecamatan"]): shape(f["geometry"])
        for f in _osm(shared_data)["features"]
    }
    stored = _stored(db)
    for row in _reference(shared_data):
        kelurahan = stored[row["code"]]
        expected = osm[(row["osm_name"], row["kecamatan"])]
        assert _same_shape(geometry_of(kelurahan), expected), row["kelurahan"]
        assert kelurahan.boundary_approximate is False
        assert kelurahan.boundary_source.startswith("kelurahan_osm.geojson")
        assert "OpenStreetMap" in kelurahan.boundary_source
        assert kelurahan.area_km2 == pytest.approx(area_km2(expected), abs=1e-3)
    assert sum(k.area_km2 for k in stored.values()) == pytest.approx(386.92, abs=0.05)


def test_the_13_spelling_differences_are_resolved_and_reported(db, shared_data):
    report = _import(db, shared_data / "kelurahan_osm.geojson")

    expected = {
        (r["kecamatan"], r["kelurahan"], r["osm_name"])
        for r in _reference(shared_data)
        if r["kelurahan"] != r["osm_name"]
    }
    assert len(expected) == 13  # as the shared README lists them
    resolved = {(d.kecamatan, d.official, d.in_file) for d in report.spelling_differences}
    assert resolved == expected
    fuzzy = {(m.name, m.feature_name) for m in report.matched if m.method == "fuzzy"}
    assert fuzzy == {("Pindrikan Kidul", "Pendrikan Kidul"), ("Pindrikan Lor", "Pendrikan Lor")}
    text = report.as_text()
    assert "Matched 177 of 177 kelurahan" in text
    assert "Bendan Dhuwur → Bendan Duwur" in text
    assert "Spelling differences resolved: 13" in text


def _check_duplicated_names(db, shared_data) -> None:
    code_of = _feature_code(shared_data)
    stored = _stored(db)
    seen = 0
    for feature in _osm(shared_data)["features"]:
        name, kecamatan = feature["properties"]["name"], feature["properties"]["kecamatan"]
        if name not in DUPLICATED_NAMES:
            continue
        seen += 1
        kelurahan = stored[code_of[(name, kecamatan)]]
        with db.read() as session:
            assert session.get(Kecamatan, kelurahan.kecamatan_code).name == kecamatan
        assert _same_shape(geometry_of(kelurahan), shape(feature["geometry"])), (name, kecamatan)
    assert seen == 4


def test_names_used_in_two_kecamatan_go_to_the_right_one(db, shared_data):
    _import(db, shared_data / "kelurahan_osm.geojson")
    _check_duplicated_names(db, shared_data)


def test_without_a_kecamatan_property_duplicated_names_are_settled_by_distance(
    db, shared_data, tmp_path
):
    collection = _osm(shared_data)
    for feature in collection["features"]:
        del feature["properties"]["kecamatan"]
    report = _import(db, _write(tmp_path, "tanpa_kecamatan.geojson", collection))

    assert len(report.matched) == 177
    # Fuzzy names need a kecamatan; the two Pendrikan polygons fall back to centroids.
    assert report.counts["centroid"] == 2
    _check_duplicated_names(db, shared_data)


def test_kemendagri_codes_in_the_file_win_over_names(db, shared_data, tmp_path):
    code_of = _feature_code(shared_data)
    collection = _osm(shared_data)
    for feature in collection["features"]:
        props = feature["properties"]
        code = code_of[(props["name"], props["kecamatan"])]
        # BIG/Geoportal style: a dotted code, and a name that would mislead.
        feature["properties"] = {
            "KDEPUM": f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}",
            "NAMOBJ": "Nama Lama",
        }
    report = _import(db, _write(tmp_path, "big.geojson", collection))

    assert report.counts["code"] == 177
    stored = _stored(db)
    for feature in _osm(shared_data)["features"]:
        props = feature["properties"]
        kelurahan = stored[code_of[(props["name"], props["kecamatan"])]]
        assert _same_shape(geometry_of(kelurahan), shape(feature["geometry"]))


def test_a_renamed_feature_is_matched_by_the_official_centroid(db, shared_data, tmp_path):
    collection = _osm(shared_data)
    miroto = next(f for f in collection["features"] if f["properties"]["name"] == "Miroto")
    miroto["properties"]["name"] = "Kampung Baru"
    report = _import(db, _write(tmp_path, "renamed.geojson", collection))

    assert report.counts["centroid"] == 1
    (match,) = [m for m in report.matched if m.method == "centroid"]
    assert (match.name, match.feature_name) == ("Miroto", "Kampung Baru")
    stored = _stored(db)["3374011001"]
    assert _same_shape(geometry_of(stored), shape(miroto["geometry"]))


def test_a_self_intersecting_polygon_is_repaired_and_reported(db, shared_data, tmp_path):
    collection = _osm(shared_data)
    miroto = next(f for f in collection["features"] if f["properties"]["name"] == "Miroto")
    original = shape(miroto["geometry"])
    ring = miroto["geometry"]["coordinates"][0]
    # Two neighbouring vertices swapped: the outline crosses itself (a bow-tie).
    ring[6], ring[7] = ring[7], ring[6]
    assert not shape(miroto["geometry"]).is_valid
    report = _import(db, _write(tmp_path, "bowtie.geojson", collection))

    (repaired,) = report.repaired
    assert repaired.feature_name == "Miroto" and "made valid" in repaired.repair
    stored = geometry_of(_stored(db)["3374011001"])
    assert stored.is_valid and stored.geom_type in ("Polygon", "MultiPolygon")
    assert area_km2(stored) == pytest.approx(area_km2(original), rel=0.02)
    point = original.representative_point()
    with db.read() as session:
        assert kelurahan_at(session, lat=point.y, lon=point.x).name == "Miroto"


# --- refusals leave the database unchanged -----------------------------------------------


def _not_json(_osm_data) -> str:
    return "kelurahan,geometry\nMiroto,POLYGON((110.41 -6.98, ...))\n"


def _a_single_feature(osm_data) -> dict:
    return osm_data["features"][0]


def _a_json_list(osm_data) -> list:
    return osm_data["features"]


def _points_instead_of_polygons(osm_data) -> dict:
    for feature in osm_data["features"]:
        point = shape(feature["geometry"]).representative_point()
        feature["geometry"] = {"type": "Point", "coordinates": [point.x, point.y]}
    return osm_data


def _projected_coordinates(osm_data) -> dict:
    """The same polygons in metres, roughly as UTM zone 49S would have them."""
    for feature in osm_data["features"]:
        projected = shapely.transform(
            shape(feature["geometry"]),
            lambda xy: (xy - [111.0, 0.0]) * [110_400.0, 110_600.0] + [500_000.0, 10_000_000.0],
        )
        feature["geometry"] = shapely.geometry.mapping(projected)
    return osm_data


def _empty_geometries(osm_data) -> dict:
    for feature in osm_data["features"]:
        feature["geometry"] = {"type": "Polygon", "coordinates": []}
    return osm_data


def _one_feature_removed(osm_data) -> dict:
    osm_data["features"] = [f for f in osm_data["features"] if f["properties"]["name"] != "Miroto"]
    return osm_data


def _one_feature_twice(osm_data) -> dict:
    osm_data["features"].append(copy.deepcopy(osm_data["features"][0]))
    return osm_data


def _declared_utm_crs(osm_data) -> dict:
    osm_data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32749"}}
    return osm_data


BAD_FILES = {
    "not-json": (_not_json, "not GeoJSON: invalid JSON"),
    "feature-not-collection": (_a_single_feature, "not a GeoJSON FeatureCollection"),
    "json-list": (_a_json_list, "not a GeoJSON FeatureCollection"),
    "points": (_points_instead_of_polygons, "no polygons"),
    "projected-crs": (_projected_coordinates, "not WGS84 longitude/latitude"),
    "declared-crs": (_declared_utm_crs, "EPSG:4326"),
    "empty-geometries": (_empty_geometries, "no polygons"),
    "one-removed": (_one_feature_removed, r"1 of 177 kelurahan have no polygon.*Miroto"),
    "duplicate-feature": (_one_feature_twice, "matched by more than one feature"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_written(
    db, shared_data, tmp_path, case
):
    build, message = BAD_FILES[case]
    path = _write(tmp_path, f"{case}.geojson", build(_osm(shared_data)))
    before = _snapshot(db)

    with pytest.raises(BoundaryImportError, match=message):
        _import(db, path)

    assert _snapshot(db) == before


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(BoundaryImportError, match="file not found"):
        _import(db, tmp_path / "tidak-ada.geojson")


def test_allow_partial_imports_what_matched_and_keeps_the_rest_approximate(
    db, shared_data, tmp_path
):
    before = _stored(db)["3374011001"]
    path = _write(tmp_path, "partial.geojson", _one_feature_removed(_osm(shared_data)))
    report = _import(db, path, allow_partial=True, source="Uji parsial")

    assert len(report.matched) == 176
    assert [(k.code, k.name) for k in report.unmatched] == [("3374011001", "Miroto")]
    stored = _stored(db)
    miroto = stored.pop("3374011001")
    assert miroto.boundary_approximate is True
    assert miroto.boundary_geojson == before.boundary_geojson
    assert all(k.boundary_approximate is False for k in stored.values())
    assert {k.boundary_source for k in stored.values()} == {"Uji parsial"}
    assert "Kelurahan left unmatched (keep their previous boundary): 1" in report.as_text()


# --- which kelurahan is this point in? ---------------------------------------------------


def test_kelurahan_at_follows_an_import_without_a_restart(db, shared_data):
    features = _osm(shared_data)["features"]
    code_of = _feature_code(shared_data)
    inside = [
        (
            shape(f["geometry"]).representative_point(),
            code_of[(f["properties"]["name"], f["properties"]["kecamatan"])],
        )
        for f in features
    ]
    point, _ = inside[0]
    with db.read() as session:
        before = kelurahan_at(session, lat=point.y, lon=point.x)  # caches the approximate index
    assert before is not None and before.approximate is True

    _import(db, shared_data / "kelurahan_osm.geojson")

    with db.read() as session:
        for point, code in inside:
            match = kelurahan_at(session, lat=point.y, lon=point.x)
            assert match is not None and match.code == code
            assert match.approximate is False and match.inside is True
    purwosari = next(
        f
        for f in features
        if f["properties"]["name"] == "Purwosari" and f["properties"]["kecamatan"] == "Mijen"
    )
    point = shape(purwosari["geometry"]).representative_point()
    with db.read() as session:
        match = kelurahan_at(session, lat=point.y, lon=point.x)
    assert (match.name, match.kecamatan_name) == ("Purwosari", "Mijen")


def test_a_point_in_a_sliver_gap_goes_to_the_nearest_kelurahan(db, shared_data):
    _import(db, shared_data / "kelurahan_osm.geojson")
    polygons = [shape(f["geometry"]) for f in _osm(shared_data)["features"]]
    union = shapely.unary_union(polygons)
    gaps = sorted((Polygon(hole) for hole in union.interiors), key=lambda g: -g.area)
    gap_point = gaps[0].representative_point()
    assert not any(p.covers(gap_point) for p in polygons)

    with db.read() as session:
        match = kelurahan_at(session, lat=gap_point.y, lon=gap_point.x)
        assert point_in_city(session, lat=gap_point.y, lon=gap_point.x)
        assert kelurahan_at(session, lat=JAKARTA[0], lon=JAKARTA[1]) is None
        assert not point_in_city(session, lat=JAVA_SEA[0], lon=JAVA_SEA[1])
    assert match is not None and match.inside is False
    assert 0 < match.distance_m <= GAP_TOLERANCE_M
    nearest = min(range(len(polygons)), key=lambda i: polygons[i].distance(gap_point))
    feature = _osm(shared_data)["features"][nearest]["properties"]
    assert match.code == _feature_code(shared_data)[(feature["name"], feature["kecamatan"])]


def test_approximate_cells_answer_kelurahan_at_for_every_centroid(db):
    stored = _stored(db)
    with db.read() as session:
        for kelurahan in stored.values():
            match = kelurahan_at(session, lat=kelurahan.centroid_lat, lon=kelurahan.centroid_lon)
            assert match.code == kelurahan.code and match.approximate is True


# --- the command line --------------------------------------------------------------------


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    return subprocess.run(
        [sys.executable, "-m", "data_layer", "import-boundaries", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cli_refuses_a_bad_file_with_a_message_and_a_nonzero_exit(shared_data, tmp_path):
    path = _write(tmp_path, "points.geojson", _points_instead_of_polygons(_osm(shared_data)))
    result = _cli(tmp_path, str(path))

    assert result.returncode != 0
    assert "error:" in result.stderr and "no polygons" in result.stderr
    assert "the database was not changed" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_imports_the_osm_file_and_prints_the_match_report(shared_data, tmp_path):
    result = _cli(tmp_path, str(shared_data / "kelurahan_osm.geojson"))

    assert result.returncode == 0, result.stderr
    assert "Matched 177 of 177 kelurahan" in result.stdout
    assert "Pindrikan Kidul → Pendrikan Kidul" in result.stdout
    assert "by fuzzy name within kecamatan" in result.stdout
