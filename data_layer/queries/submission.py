"""Reads for the submission page: active categories and possible duplicates.

Possible duplicates are shown to a citizen before they save, so they must be
reports whose content is public (never confidential, never unverified): the
candidates go through `listed_where`, the one definition of "shown publicly".

Anyone can ask this question from any point, as often as they like, before
anything is saved. So nearness is measured from a report's *public* point
(`public_point`: an anonymous reporter's is rounded to ~110 m) and only a
coarse distance band is returned: repeated probes learn nothing about where an
anonymous reporter stood beyond what the public map already shows.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from data_layer.models import Category, Report
from data_layer.queries.public import ANONYMOUS_COORDINATE_DECIMALS, listed_where, public_point
from data_layer.states import OPEN_STATUSES, Status

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE_LAT = 111_320.0
DUPLICATE_RADIUS_M = 300
DUPLICATE_WINDOW_DAYS = 30
DUPLICATE_LIMIT = 5
# A bounding box of this many candidates at most is read before exact distances
# are computed in Python: a street corner never has more open reports than that.
DUPLICATE_CANDIDATES = 200
# Distances are shown in bands this wide ("less than 100 m", "less than 200 m"…).
DISTANCE_BAND_M = 100
# How far a public (rounded) point can be from the stored one, at most half a
# unit of the last decimal kept, in either axis: the SQL box is widened by it.
_ROUNDING_MARGIN_DEG = 0.5 * 10**-ANONYMOUS_COORDINATE_DECIMALS

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
    # Upper bound of the distance band from the visitor's point to the report's
    # public point (100, 200, 300 m); None when matched by kelurahan.
    distance_band_m: int | None


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
    """Listed, still open reports of the same category received recently nearby.

    "Nearby" is within `radius_m` of the point when one is given, measured to the
    report's public point (a bounding box in SQL, then the great-circle distance
    on the few candidates), else the same kelurahan. Nearest first, then newest.
    """
    public_latitude, public_longitude = public_point()
    query = listed_where(
        select(
            Report.ticket,
            Report.title,
            Report.status,
            Report.received_at,
            public_latitude.label("latitude"),
            public_longitude.label("longitude"),
        )
    ).where(
        Report.category_id == category_id,
        Report.status.in_(_OPEN_STATUS_VALUES),
        Report.received_at >= now - dt.timedelta(days=window_days),
    )
    has_point = latitude is not None and longitude is not None
    nearby = []
    if latitude is not None and longitude is not None:
        # On the stored columns (so the index serves it), widened by the rounding.
        dlat = radius_m / METRES_PER_DEGREE_LAT + _ROUNDING_MARGIN_DEG
        dlon = (
            radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(latitude)), 1e-6))
            + _ROUNDING_MARGIN_DEG
        )
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
    found: list[tuple[float | None, PossibleDuplicate]] = []
    for row in rows:
        distance = (
            haversine_m(latitude, longitude, float(row.latitude), float(row.longitude))
            if latitude is not None
            and longitude is not None
            and row.latitude is not None
            and row.longitude is not None
            else None
        )
        if distance is not None and distance > radius_m:
            continue
        duplicate = PossibleDuplicate(
            row.ticket, row.title, Status(row.status), row.received_at, distance_band(distance)
        )
        found.append((distance, duplicate))
    found.sort(key=_nearest_then_newest)
    return [duplicate for _, duplicate in found[:limit]]


def distance_band(metres: float | None) -> int | None:
    """The band a distance falls in, by its upper bound: 0–100 m → 100, 100–200 m → 200…"""
    if metres is None:
        return None
    return max(1, math.ceil(metres / DISTANCE_BAND_M)) * DISTANCE_BAND_M


def _nearest_then_newest(
    item: tuple[float | None, PossibleDuplicate],
) -> tuple[bool, float, float]:
    distance, duplicate = item
    return distance is None, distance or 0.0, -duplicate.received_at.timestamp()


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def submitted_at(session: Session, *, ticket: str) -> dt.datetime | None:
    """When the report with this (normalised) ticket was received, or None if there is none.

    For the submission page reloaded with its ticket in the URL: it shows the
    ticket and this time, nothing the report says.
    """
    return session.scalar(select(Report.received_at).where(Report.ticket == ticket))
