"""Possible duplicates shown before saving, and the form's category list."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from factories import advance, category_id, make_report
from sqlalchemy import update

from data_layer.commands import utcnow
from data_layer.models import Category, Kelurahan
from data_layer.queries.submission import (
    DUPLICATE_RADIUS_M,
    category_options,
    distance_band,
    haversine_m,
    possible_duplicates,
)
from data_layer.states import Status

METRES_PER_DEGREE_LAT = 111_320.0


def north_of(lat: float, metres: float) -> float:
    return lat + metres / METRES_PER_DEGREE_LAT


def east_of(lat: float, lon: float, metres: float) -> float:
    return lon + metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(lat)))


def test_haversine_matches_known_distances():
    assert haversine_m(-6.98, 110.41, -6.98, 110.41) == 0
    # One minute of latitude is about one nautical mile (1,852 m).
    assert haversine_m(-6.98, 110.41, -6.98 + 1 / 60, 110.41) == pytest.approx(1852, rel=0.01)
    # Simpang Lima to Tugu Muda, Semarang: about 1.6 km.
    assert haversine_m(-6.9903, 110.4229, -6.9840, 110.4094) == pytest.approx(1650, rel=0.1)


def _public_report(session, settings, *, lat, lon, days_ago=1, to=Status.DIVERIFIKASI, **kw):
    received = utcnow() - dt.timedelta(days=days_ago)
    report = make_report(
        session, settings=settings, now=received, latitude=lat, longitude=lon, **kw
    )
    if to is not Status.DITERIMA:
        advance(
            session,
            report_id=report.report_id,
            to=to,
            settings=settings,
            step=dt.timedelta(hours=1),
        )
    return report.ticket


def test_only_public_open_recent_nearby_reports_of_the_same_category(db):
    s = db.settings
    with db.write().begin() as session:
        home = session.get(Kelurahan, "3374011001")
        lat, lon = home.centroid_lat, home.centroid_lon
        near = _public_report(session, s, lat=north_of(lat, 60), lon=lon)
        nearer = _public_report(session, s, lat=north_of(lat, 20), lon=lon, to=Status.DIPROSES)
        no_point = _public_report(
            session, s, lat=None, lon=None, title="Jalan berlubang tanpa titik"
        )
        # None of these may be offered:
        _public_report(session, s, lat=lat, lon=lon, confidential=True)  # rahasia
        _public_report(session, s, lat=lat, lon=lon, to=Status.DITERIMA)  # unverified
        _public_report(session, s, lat=lat, lon=lon, to=Status.PERLU_INFO)  # unverified
        _public_report(session, s, lat=lat, lon=lon, to=Status.DITUTUP)  # closed
        _public_report(session, s, lat=lat, lon=lon, to=Status.DITOLAK)  # closed
        _public_report(session, s, lat=lat, lon=lon, days_ago=45)  # old
        _public_report(session, s, lat=north_of(lat, 2000), lon=lon)  # far
        # Inside the SQL bounding box (its corner) but beyond the radius:
        corner = 0.85 * DUPLICATE_RADIUS_M  # 0.85 * sqrt(2) > 1
        _public_report(session, s, lat=north_of(lat, corner), lon=east_of(lat, lon, corner))
        _public_report(session, s, lat=lat, lon=lon, category_id=category_id(session, "drainase"))
        jalan = category_id(session)
    with db.read() as session:
        found = possible_duplicates(
            session,
            category_id=jalan,
            latitude=lat,
            longitude=lon,
            kelurahan_code="3374011001",
            now=utcnow(),
        )
    assert [d.ticket for d in found] == [nearer, near, no_point]
    assert found[0].distance_band_m == 100 and found[1].distance_band_m == 100  # 20 m, 60 m
    assert found[2].distance_band_m is None  # matched by its kelurahan
    assert found[0].status is Status.DIPROSES and found[1].status is Status.DIVERIFIKASI
    assert found[2].title == "Jalan berlubang tanpa titik"


def test_without_a_point_the_same_kelurahan_counts_as_nearby(db):
    s = db.settings
    with db.write().begin() as session:
        home = session.get(Kelurahan, "3374011001")
        here = _public_report(session, s, lat=home.centroid_lat, lon=home.centroid_lon)
        _public_report(session, s, lat=None, lon=None, kelurahan_code="3374011002")
        jalan = category_id(session)
    with db.read() as session:
        found = possible_duplicates(
            session, category_id=jalan, kelurahan_code="3374011001", now=utcnow()
        )
        nothing = possible_duplicates(session, category_id=jalan, now=utcnow())
    assert [d.ticket for d in found] == [here]
    assert found[0].distance_band_m is None
    assert nothing == []


def test_duplicates_are_capped_nearest_first(db):
    s = db.settings
    with db.write().begin() as session:
        home = session.get(Kelurahan, "3374011001")
        lat, lon = home.centroid_lat, home.centroid_lon
        tickets = [
            _public_report(session, s, lat=north_of(lat, 10 * (i + 1)), lon=lon) for i in range(7)
        ]
        jalan = category_id(session)
    with db.read() as session:
        found = possible_duplicates(
            session, category_id=jalan, latitude=lat, longitude=lon, now=utcnow(), limit=3
        )
    assert [d.ticket for d in found] == tickets[:3]


def test_category_options_offer_active_categories_in_both_languages(db):
    with db.write().begin() as session:
        retired = category_id(session, "drainase")
        session.execute(update(Category).where(Category.id == retired).values(active=False))
    with db.read() as session:
        options = category_options(session)
        jalan = category_id(session)
    ids = [o.id for o in options]
    assert retired not in ids and jalan in ids
    road = next(o for o in options if o.id == jalan)
    assert (road.name_id, road.name_en) == ("Jalan rusak / berlubang", "Damaged road / pothole")


def test_distances_are_shown_in_coarse_bands():
    assert [distance_band(m) for m in (0, 1, 99.9, 100, 100.1, 250, 300)] == [
        100, 100, 100, 100, 200, 300, 300
    ]  # fmt: skip
    assert distance_band(None) is None


def test_probing_learns_nothing_of_an_anonymous_point_beyond_its_public_one(db):
    """Two anonymous reports whose exact points differ but round alike answer every probe alike.

    Before, the hint measured to the exact stored point: four probes placed an
    anonymous reporter to about a metre although the map shows ~110 m.
    """
    s = db.settings
    with db.write().begin() as session:
        home = session.get(Kelurahan, "3374011001")
        # One cell of the public rounding (3 decimals), two exact spots ~70 m apart in it.
        cell_lat, cell_lon = round(home.centroid_lat, 3), round(home.centroid_lon, 3)
        spots = [(cell_lat - 0.0003, cell_lon - 0.0003), (cell_lat + 0.0003, cell_lon + 0.0003)]
        categories = [category_id(session), category_id(session, "drainase")]
        for (lat, lon), category in zip(spots, categories, strict=True):
            _public_report(session, s, lat=lat, lon=lon, anonymous=True, category_id=category)
    probes = [spots[0], spots[1], (north_of(cell_lat, 150), cell_lon),
              (cell_lat, east_of(cell_lat, cell_lon, 250)), (north_of(cell_lat, -290), cell_lon)]  # fmt: skip
    answers = {}
    with db.read() as session:
        for category in categories:
            answers[category] = [
                [
                    d.distance_band_m
                    for d in possible_duplicates(
                        session, category_id=category, latitude=lat, longitude=lon, now=utcnow()
                    )
                ]
                for lat, lon in probes
            ]
    assert answers[categories[0]] == answers[categories[1]]
    # Standing on the exact spot says "less than 100 m", as anywhere near the public point.
    assert answers[categories[0]][0] == [100]
