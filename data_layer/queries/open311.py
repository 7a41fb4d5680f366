"""The questions the Open311 GeoReport v2 API asks (api/open311.py answers in JSON and XML).

Same privacy as every public surface: only public reports (`listed_where`),
only open-data columns, anonymous points blurred (`public_point`) and
their free-text address left out; never a reporter field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session, aliased

from data_layer.models import Category, Kecamatan, Kelurahan, Opd, Photo, Report, StatusHistory
from data_layer.queries.public import (
    ReportFilter,
    join_report_labels,
    listed_where,
    public_point,
)
from data_layer.states import OPEN311_CLOSED_STATUSES, Status

MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)


@dataclass(frozen=True)
class Service:
    code: str
    name_id: str
    name_en: str
    group: str  # the OPD that usually handles it ("Kecamatan" when it goes to the local office)


@dataclass(frozen=True)
class ServiceRequest:
    ticket: str  # normalised (no dash)
    status: str  # our own status (states.Status)
    status_notes: str | None  # the latest public note
    service_code: str
    service_name: str
    description: str
    agency_responsible: str | None
    requested_at: dt.datetime  # naive UTC
    updated_at: dt.datetime  # naive UTC
    address: str | None  # None for anonymous reports
    kelurahan: str
    kecamatan: str
    latitude: float | None
    longitude: float | None
    photo_key: str | None  # the newest photo of the report (full size)

    @property
    def open311_status(self) -> str:
        return open311_status(self.status)


def open311_status(status: str) -> str:
    """Open311 knows two statuses; the mapping of our eleven lives in `states.py`."""
    return "closed" if Status(status) in OPEN311_CLOSED_STATUSES else "open"


def services(session: Session) -> list[Service]:
    """Our active categories, as Open311 services (group = the OPD that usually handles it)."""
    rows = session.execute(
        select(
            Category.code,
            Category.name_id,
            Category.name_en,
            Category.routes_to_kecamatan,
            Opd.short_name,
        )
        .outerjoin(Opd, Opd.id == Category.default_opd_id)
        .where(Category.active.is_(True))
        .order_by(Category.code)
    )
    return [
        Service(
            code=row.code,
            name_id=row.name_id,
            name_en=row.name_en,
            group="Kecamatan"
            if row.routes_to_kecamatan or row.short_name is None
            else row.short_name,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class RequestQuery:
    """A GET /requests question, already checked (api/open311.py turns parameters into this)."""

    tickets: tuple[str, ...] = ()  # when given, every other criterion is ignored (the spec)
    service_codes: tuple[str, ...] = ()
    start: dt.datetime | None = None  # naive UTC, inclusive
    end: dt.datetime | None = None  # naive UTC, exclusive
    statuses: tuple[str, ...] = ()  # "open" and/or "closed"
    page: int = 1
    page_size: int = MAX_RESULTS


def _latest_public_note():
    # Ordered like ix_status_history_report_at (report_id, at): one short index
    # range per report, whatever the planner's statistics say.
    return (
        select(StatusHistory.public_note)
        .where(StatusHistory.report_id == Report.id, StatusHistory.public_note.is_not(None))
        .order_by(StatusHistory.at.desc(), StatusHistory.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _latest_photo_key():
    return (
        select(Photo.image_key)
        .where(Photo.report_id == Report.id)
        .order_by(Photo.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _request_columns():
    latitude, longitude = public_point()
    opd = aliased(Opd)
    query = select(
        Report.ticket,
        Report.status,
        _latest_public_note().label("status_notes"),
        Category.code.label("service_code"),
        Category.name_id.label("service_name"),
        Report.description,
        opd.name_id.label("agency_responsible"),
        Report.received_at.label("requested_at"),
        Report.updated_at,
        case((Report.anonymous.is_(True), None), else_=Report.address).label("address"),
        Kelurahan.name.label("kelurahan"),
        Kecamatan.name.label("kecamatan"),
        latitude.label("latitude"),
        longitude.label("longitude"),
        _latest_photo_key().label("photo_key"),
    )
    return join_report_labels(query, opd=opd)


def _closed_values() -> list[str]:
    return sorted(status.value for status in OPEN311_CLOSED_STATUSES)


def service_requests(session: Session, *, query: RequestQuery) -> list[ServiceRequest]:
    """Public reports answering `query`, newest first, at most `query.page_size`."""
    select_ = _request_columns()
    if query.tickets:
        select_ = listed_where(select_).where(Report.ticket.in_(query.tickets))
    else:
        select_ = listed_where(select_, ReportFilter())
        if query.service_codes:
            select_ = select_.where(Category.code.in_(query.service_codes))
        if query.start is not None:
            select_ = select_.where(Report.received_at >= query.start)
        if query.end is not None:
            select_ = select_.where(Report.received_at < query.end)
        wanted = set(query.statuses)
        if wanted == {"open"}:
            select_ = select_.where(Report.status.not_in(_closed_values()))
        elif wanted == {"closed"}:
            select_ = select_.where(Report.status.in_(_closed_values()))
    select_ = (
        select_.order_by(Report.received_at.desc(), Report.id.desc())
        .limit(min(query.page_size, MAX_RESULTS))
        .offset((max(query.page, 1) - 1) * query.page_size)
    )
    return [_service_request(row) for row in session.execute(select_)]


def service_requests_by_ticket(session: Session, *, tickets: Sequence[str]) -> list[ServiceRequest]:
    return service_requests(session, query=RequestQuery(tickets=tuple(tickets)))


def _service_request(row) -> ServiceRequest:
    return ServiceRequest(
        ticket=row.ticket,
        status=row.status,
        status_notes=row.status_notes,
        service_code=row.service_code,
        service_name=row.service_name,
        description=row.description,
        agency_responsible=row.agency_responsible,
        requested_at=row.requested_at,
        updated_at=row.updated_at,
        address=row.address,
        kelurahan=row.kelurahan,
        kecamatan=row.kecamatan,
        latitude=float(row.latitude) if row.latitude is not None else None,
        longitude=float(row.longitude) if row.longitude is not None else None,
        photo_key=row.photo_key,
    )
