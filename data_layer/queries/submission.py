"""Reads for the submission page: active categories and possible duplicates.

Possible duplicates are shown to a citizen before they save, so they must be
public reports only (never confidential, never unverified): the candidates go
through `public_where`, the one definition of "public".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from data_layer.models import Category, Report
from data_layer.queries.public import public_where
from data_layer.states import OPEN_STATUSES, Status

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE_LAT = 111_320.0
DUPLICATE_RADIUS_M = 300
DUPLICATE_WINDOW_DAYS = 30
DUPLICATE_LIMIT = 5
# A bounding box of this many candidates at most is read before exact distances
# are computed in Python: a street corner never has more open reports than that.
DUPLICATE_CANDIDATES = 200

_OPEN_STATUS_VALUES = sorted(status.value for status in OPEN_STATUSES)


@dataclass(frozen=True)
class CategoryOption:
    id: int
    name_id: str
    name_en: str


@dataclass(frozen=True)
class PossibleDuplicate:
    ticket: str
    title: str
    status: Status
    received_at: dt.datetime
    distance_m: float | None  # None when matched by kelurahan (no point on one side)


def category_options(session: Session) -> list[CategoryOption]:
    """Active categories, in the order of the reference list."""
    rows = session.execute(
        select(Category.id, Category.name_id, Category.name_en)
        .where(Category.active.is_(True))
        .order_by(Category.id)
    )
    return [CategoryOption(row.id, row.name_id, row.name_en) for row in rows]


def possible_duplicates(
    session: Session,
    *,
    category_id: int,
    now: dt.datetime,
    latitude: float | None = None,
    longitude: float | None = None,
    kelurahan_code: str | None = None,
    radius_m: float = DUPLICATE_RADIUS_M,
    window_days: int = DUPLICATE_WINDOW_DAYS,
    limit: int = DUPLICATE_LIMIT,
) -> list[PossibleDuplicate]:
    """Public, still open reports of the same category received recently nearby.

    "Nearby" is within `radius_m` of the point when one is given (a bounding box
    in SQL, then the exact great-circle distance on the few candidates), else the
    same kelurahan. Nearest first, then newest.
    """
    query = public_where(
        select(
            Report.ticket,
            Report.title,
            Report.status,
            Report.received_at,
            Report.latitude,
            Report.longitude,
        )
    ).where(
        Report.category_id == category_id,
        Report.status.in_(_OPEN_STATUS_VALUES),
        Report.received_at >= now - dt.timedelta(days=window_days),
    )
    has_point = latitude is not None and longitude is not None
    nearby = []
    if has_point:
        dlat = radius_m / METRES_PER_DEGREE_LAT
        dlon = radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(latitude)), 1e-6))
        nearby.append(
            and_(
                Report.latitude.between(latitude - dlat, latitude + dlat),
                Report.longitude.between(longitude - dlon, longitude + dlon),
            )
        )
    if kelurahan_code:
        # Reports taken by phone or WhatsApp often have no point, only a kelurahan.
        same_area = Report.kelurahan_code == kelurahan_code
        nearby.append(and_(same_area, Report.latitude.is_(None)) if has_point else same_area)
    if not nearby:
        return []
    query = query.where(or_(*nearby))
    rows = session.execute(
        query.order_by(Report.received_at.desc()).limit(DUPLICATE_CANDIDATES)
    ).all()
    found: list[PossibleDuplicate] = []
    for row in rows:
        distance = (
            haversine_m(latitude, longitude, row.latitude, row.longitude)
            if has_point and row.latitude is not None and row.longitude is not None
            else None
        )
        if distance is not None and distance > radius_m:
            continue
        found.append(
            PossibleDuplicate(row.ticket, row.title, Status(row.status), row.received_at, distance)
        )
    found.sort(key=_nearest_then_newest)
    return found[:limit]


def _nearest_then_newest(duplicate: PossibleDuplicate) -> tuple[bool, float, float]:
    unknown = duplicate.distance_m is None
    return unknown, duplicate.distance_m or 0.0, -duplicate.received_at.timestamp()


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
