"""What the Datasette snapshot reads (data_layer/snapshot.py): public rows only, page by page."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_layer.models import Category, Kecamatan, Kelurahan, Opd, Report, StatusHistory
from data_layer.queries.public import listed_where

PAGE_SIZE = 5_000
TIMELINE_COLUMNS = ("ticket", "at", "from_status", "to_status", "actor", "public_note")


def public_timeline_pages(session: Session, *, page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
    """Every status change and public note of public reports (never internal notes or names)."""
    after = 0
    base = listed_where(
        select(
            StatusHistory.id,
            Report.ticket,
            StatusHistory.at,
            StatusHistory.from_status,
            StatusHistory.to_status,
            StatusHistory.actor_label.label("actor"),
            StatusHistory.public_note,
        ).join(Report, Report.id == StatusHistory.report_id)
    )
    while True:
        rows = (
            session.execute(
                base.where(StatusHistory.id > after).order_by(StatusHistory.id).limit(page_size)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        after = rows[-1]["id"]
        yield [{name: row[name] for name in TIMELINE_COLUMNS} for row in rows]


def kecamatan_rows(session: Session) -> list[dict]:
    return [dict(r) for r in session.execute(select(Kecamatan.code, Kecamatan.name)).mappings()]


def kelurahan_rows(session: Session) -> list[dict]:
    query = select(
        Kelurahan.code,
        Kelurahan.name,
        Kelurahan.kecamatan_code,
        Kelurahan.postal_code,
        Kelurahan.centroid_lat,
        Kelurahan.centroid_lon,
        Kelurahan.area_km2,
        Kelurahan.boundary_approximate,
        Kelurahan.boundary_source,
        Kelurahan.boundary_geojson,
    ).order_by(Kelurahan.code)
    return [dict(r) for r in session.execute(query).mappings()]


def category_rows(session: Session) -> list[dict]:
    opd = aliased(Opd)
    query = (
        select(
            Category.code,
            Category.name_id,
            Category.name_en,
            Category.resolution_class,
            Category.routes_to_kecamatan,
            opd.code.label("default_opd_code"),
        )
        .outerjoin(opd, opd.id == Category.default_opd_id)
        .order_by(Category.code)
    )
    return [dict(r) for r in session.execute(query).mappings()]


def opd_rows(session: Session) -> list[dict]:
    query = select(Opd.code, Opd.short_name, Opd.name_id, Opd.name_en, Opd.kecamatan_code).order_by(
        Opd.code
    )
    return [dict(r) for r in session.execute(query).mappings()]
