"""Pass 1 of a boundary import: read a GeoJSON file into features with usable polygons.

The file must be a GeoJSON FeatureCollection in WGS84 lon/lat with polygons near
the city; each feature's name, kecamatan and Kemendagri code are read from the
property names that OSM and BIG/Geoportal exports use, and its geometry is
repaired where possible. `data_layer.boundary_import` matches and stores them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry


class BoundaryImportError(Exception):
    """A boundary file was refused; the message says why, and nothing was written."""


# Property names (compared lower-case, letters and digits only) that may hold a
# Kemendagri village code, in order of preference. BIG's RBI exports call it
# KDEPUM; their KDEBPS is the *BPS* code, a different numbering, so it is not here.
CODE_KEYS = (
    "kdepum", "kodekemendagri", "kemendagri", "refkemendagri", "refidkemendagri",
    "kodedesa", "kodekel", "kodekelurahan", "kodedesakel", "kdkel", "kddesa", "kdkelurahan",
    "kodewilayah", "kodewil", "villagecode", "kode", "code",
)  # fmt: skip
NAME_KEYS = (
    "name", "nama", "namobj", "wadmkd", "kelurahan", "desa", "namakel", "namakelurahan",
    "namadesa", "nmkel", "nmdesa", "village", "villagename",
)  # fmt: skip
KECAMATAN_KEYS = (
    "kecamatan", "wadmkc", "namakec", "namakecamatan", "nmkec", "kec", "district",
    "districtname",
)  # fmt: skip
OSM_KEYS = ("osmid", "osmtype", "id")
KEMENDAGRI_CODE = re.compile(r"^\d{10}$")
NAME_PREFIX = re.compile(r"^\s*(kelurahan|kel\.|kel|desa|kecamatan|kec\.|kec)\s+", re.IGNORECASE)


# --- pass 1: read -------------------------------------------------------------------------


@dataclass
class Feature:
    index: int  # 1-based position in the file
    name: str | None
    kecamatan: str | None
    code: str | None  # 10 digits, when a code property holds one
    raw_geometry: BaseGeometry | None = None
    geometry: BaseGeometry | None = None
    problem: str | None = None  # why the geometry cannot be used
    repair: str | None = None
    osm: bool = False


def read_features(path: Path) -> list[dict]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BoundaryImportError(f"{path}: file not found") from None
    except OSError as exc:
        raise BoundaryImportError(f"{path}: cannot be read ({exc.strerror})") from None
    if raw.startswith(b"PK\x03\x04"):
        raise BoundaryImportError(
            f"{path} is a ZIP archive (a zipped shapefile?), not GeoJSON; convert it first, "
            "e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 kelurahan.geojson FILE.shp"
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BoundaryImportError(f"{path} is not GeoJSON: it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BoundaryImportError(
            f"{path} is not GeoJSON: invalid JSON at line {exc.lineno}, column {exc.colno} "
            f"({exc.msg})"
        ) from None
    return _collection_features(path, data)


def _collection_features(path: Path, data: object) -> list[dict]:
    kind = data.get("type") if isinstance(data, dict) else None
    if kind != "FeatureCollection" or not isinstance(data, dict):
        found = f"a GeoJSON {kind}" if isinstance(kind, str) else f"a JSON {type(data).__name__}"
        if kind == "Topology":
            found = "TopoJSON"
        raise BoundaryImportError(
            f"{path} is not a GeoJSON FeatureCollection (found {found}); "
            "expected one feature per kelurahan"
        )
    _check_declared_crs(path, data.get("crs"))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryImportError(f"{path}: the FeatureCollection has no features")
    if not all(isinstance(feature, dict) for feature in features):
        raise BoundaryImportError(f"{path}: some features are not JSON objects")
    return features


def _check_declared_crs(path: Path, crs: object) -> None:
    """GeoJSON 2008 files may declare a CRS; RFC 7946 files are always WGS84."""
    if crs is None:
        return
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    if "CRS84" in name.upper() or re.search(r"EPSG:+4326$", name.upper()):
        return
    raise BoundaryImportError(
        f"{path} declares the coordinate system {name or crs!r}; kelurahan polygons must be "
        "WGS84 longitude/latitude (EPSG:4326). Reproject, e.g. "
        f"ogr2ogr -t_srs EPSG:4326 kelurahan_wgs84.geojson {path.name}"
    )


def _property(properties: dict, keys: tuple[str, ...]) -> object | None:
    normalised = {re.sub(r"[^a-z0-9]", "", str(k).lower()): v for k, v in properties.items()}
    for key in keys:
        value = normalised.get(key)
        if value not in (None, ""):
            return value
    return None


def _kemendagri_code(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"[\s.\-_]", "", str(value)) if value is not None else ""
    return digits if KEMENDAGRI_CODE.match(digits) else None


def parse_feature(index: int, raw: dict) -> Feature:
    found = raw.get("properties")
    properties: dict = found if isinstance(found, dict) else {}
    name = _property(properties, NAME_KEYS)
    kecamatan = _property(properties, KECAMATAN_KEYS)
    feature = Feature(
        index=index,
        name=clean_name(name) if name is not None else None,
        kecamatan=clean_name(kecamatan) if kecamatan is not None else None,
        code=_kemendagri_code(_property(properties, CODE_KEYS)),
        osm=_looks_like_osm(properties, raw.get("id")),
    )
    geometry = raw.get("geometry")
    if not isinstance(geometry, dict):
        feature.problem = "no geometry"
        return feature
    try:
        feature.raw_geometry = shapely.force_2d(shape(geometry))
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        feature.problem = f"malformed geometry ({exc.__class__.__name__}: {exc})"
    return feature


def _looks_like_osm(properties: dict, feature_id: object) -> bool:
    keys = {re.sub(r"[^a-z0-9]", "", str(k).lower()) for k in properties}
    return bool(keys & {"osmid", "osmtype"}) or str(feature_id or "").startswith("relation/")


def clean_name(value: object) -> str:
    return NAME_PREFIX.sub("", " ".join(str(value).split()))


def check_coordinates(path: Path, features: list[Feature]) -> None:
    """Refuse the file when its coordinates are not WGS84 longitude/latitude."""
    geometries = [f.raw_geometry for f in features if f.raw_geometry is not None]
    if not geometries:
        return
    coordinates = shapely.get_coordinates(geometries)
    if len(coordinates) and not np.isfinite(coordinates).all():
        raise BoundaryImportError(f"{path}: unusable geometry: some coordinates are not numbers")
    outside = (np.abs(coordinates[:, 0]) > 180) | (np.abs(coordinates[:, 1]) > 90)
    if outside.any():
        x, y = coordinates[outside][0]
        hint = (
            "latitude and longitude look swapped"
            if abs(x) <= 90 and abs(y) <= 180
            else "the file looks like it is in a projected CRS (metres, e.g. UTM zone 49S)"
        )
        raise BoundaryImportError(
            f"{path}: coordinates are not WGS84 longitude/latitude: found ({x:.10g}, {y:.10g}); "
            f"{hint}. Reproject to EPSG:4326, e.g. "
            f"ogr2ogr -t_srs EPSG:4326 kelurahan_wgs84.geojson {path.name}"
        )


def prepare_geometry(feature: Feature) -> None:
    """Keep the polygonal part of a feature's geometry, repaired; or say why there is none."""
    geometry = feature.raw_geometry
    if geometry is None:
        return
    if geometry.is_empty:
        feature.problem = "empty geometry"
        return
    if geometry.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        feature.problem = f"a {geometry.geom_type}, not a polygon"
        return
    repairs = []
    if not geometry.is_valid:
        repairs.append(f"made valid ({shapely.is_valid_reason(geometry)})")
        geometry = shapely.make_valid(geometry)
    polygons, dropped = _split_parts(geometry)
    if not polygons:
        feature.problem = "no polygon with an area" + (" after repair" if repairs else "")
        return
    if dropped:
        repairs.append(f"dropped {dropped} empty or non-polygon part(s)")
    if repairs:
        geometry = polygons[0] if len(polygons) == 1 else shapely.unary_union(polygons)
    feature.geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    feature.repair = "; ".join(repairs) or None


def _split_parts(geometry: BaseGeometry) -> tuple[list[BaseGeometry], int]:
    """The non-empty polygons inside a geometry, and how many other parts it holds."""
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        polygons, dropped = [], 0
        for part in geometry.geoms:
            part_polygons, part_dropped = _split_parts(part)
            polygons += part_polygons
            dropped += part_dropped
        return polygons, dropped
    if geometry.geom_type == "Polygon" and not geometry.is_empty and geometry.area > 0:
        return [geometry], 0
    return [], 1


def check_usable(path: Path, features: list[Feature], city_area: BaseGeometry) -> None:
    usable = [f.geometry for f in features if f.geometry is not None]
    if not usable:
        problems = Counter(f.problem for f in features)
        summary = "; ".join(f"{n} × {problem}" for problem, n in problems.most_common(3))
        raise BoundaryImportError(f"{path}: unusable geometry: no polygons in the file ({summary})")
    if not any(geometry.intersects(city_area) for geometry in usable):
        xmin, ymin, xmax, ymax = shapely.total_bounds(usable)
        cxmin, cymin, cxmax, cymax = city_area.bounds
        raise BoundaryImportError(
            f"{path}: none of the {len(usable)} polygons lies in the city's area "
            f"(lon {cxmin:.2f}…{cxmax:.2f}, lat {cymin:.2f}…{cymax:.2f}); the file covers "
            f"lon {xmin:.2f}…{xmax:.2f}, lat {ymin:.2f}…{ymax:.2f}"
        )
