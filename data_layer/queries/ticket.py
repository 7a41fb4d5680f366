"""The question the tracking page asks: what happened to this ticket?

Design decision: anyone holding a ticket code sees the status timeline of that
report (status, dates, public notes, SLA clocks). The report's content (title,
description, place, OPD, photos) is included only when the report is public
(`listed_reports_condition`): an unverified (diterima / perlu_info), rejected
or declined before verification, archived, withdrawn or confidential (rahasia)
report shows its progress but not what it says.

Never included, whatever the report: the reporter's identity, internal notes,
operator names or ids (history shows the actor's role label instead), and for
an anonymous reporter the free-text address (as in the open data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from data_layer.models import Category, Kecamatan, Kelurahan, Opd, Photo, Report, StatusHistory
from data_layer.queries.public import join_report_labels, listed_reports_condition
from data_layer.rows import from_row
from data_layer.sla import WorkingCalendar
from data_layer.states import (
    AWAITING_VERIFICATION_STATUSES,
    CLOSED_OTHERWISE_STATUSES,
    CLOSED_STATUSES,
    IN_PROGRESS_STATUSES,
    REMOVED_STATUSES,
    Status,
)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime  # naive UTC
    from_status: str | None
    to_status: str
    actor_label: str  # "warga", "sistem" or a role such as "verifikator": never a name
    public_note: str | None
    # False for a progress note that left the status unchanged.
    status_changed: bool
    # For status changes: how long the report stayed in `to_status` (until the
    # next change, or until `now` while it still is there); None for a final state.
    time_in_state: dt.timedelta | None
    working_days_in_state: float | None


@dataclass(frozen=True)
class SlaClock:
    name: str  # "verify", "first_response" or "resolve"
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    met: bool | None  # None while the clock still runs (or never started)
    overdue: bool  # still running and past due at `now`


@dataclass(frozen=True)
class TicketPhoto:
    kind: str
    image_key: str
    thumb_key: str
    width: int
    height: int
    created_at: dt.datetime


@dataclass(frozen=True)
class ReportContent:
    """What a public report says; absent for reports that are not public."""

    title: str
    description: str
    address: str | None  # None for anonymous reports: it may lead to the reporter
    category_name_id: str
    category_name_en: str
    kelurahan: str
    kecamatan: str
    channel: str
    opd_short_name: str | None
    opd_name_id: str | None
    opd_name_en: str | None


@dataclass(frozen=True)
class TicketTimeline:
    ticket: str
    kind: str
    status: str
    is_public: bool
    received_at: dt.datetime
    reject_reason: str | None
    reopen_count: int
    entries: list[TimelineEntry]
    sla: list[SlaClock]
    content: ReportContent | None  # None unless is_public
    photos: list[TicketPhoto]  # empty unless is_public


def ticket_timeline(
    session: Session,
    *,
    ticket: str,
    now: dt.datetime,
    calendar: WorkingCalendar | None = None,
) -> TicketTimeline | None:
    """The public timeline of a (normalised) ticket code, or None if there is no such ticket."""
    row = session.execute(
        select(
            Report.id,
            Report.ticket,
            Report.kind,
            Report.status,
            listed_reports_condition().label("is_public"),
            Report.received_at,
            Report.reject_reason,
            Report.reopen_count,
            Report.verify_due_at,
            Report.verified_at,
            Report.first_response_due_at,
            Report.first_response_at,
            Report.resolve_due_at,
            Report.resolved_at,
        ).where(Report.ticket == ticket)
    ).first()
    if row is None:
        return None
    is_public = bool(row.is_public)
    return TicketTimeline(
        ticket=row.ticket,
        kind=row.kind,
        status=row.status,
        is_public=is_public,
        received_at=row.received_at,
        reject_reason=row.reject_reason,
        reopen_count=row.reopen_count or 0,
        entries=_entries(session, row.id, Status(row.status), now=now, calendar=calendar),
        sla=_sla_clocks(row, now=now),
        content=_content(session, row.id) if is_public else None,
        photos=_photos(session, row.id) if is_public else [],
    )


def _entries(
    session: Session,
    report_id: int,
    status: Status,
    *,
    now: dt.datetime,
    calendar: WorkingCalendar | None,
) -> list[TimelineEntry]:
    # Only public columns are selected: internal_note and operator_id never leave the database.
    rows = session.execute(
        select(
            StatusHistory.at,
            StatusHistory.from_status,
            StatusHistory.to_status,
            StatusHistory.actor_label,
            StatusHistory.public_note,
        )
        .where(StatusHistory.report_id == report_id)
        .order_by(StatusHistory.id)  # the order things happened in, whatever the clocks said
    ).all()
    changes = [i for i, r in enumerate(rows) if r.from_status != r.to_status]
    ends: dict[int, dt.datetime | None] = {}
    for position, index in enumerate(changes):
        if position + 1 < len(changes):
            ends[index] = rows[changes[position + 1]].at
        elif status in CLOSED_STATUSES or status in REMOVED_STATUSES:
            ends[index] = None  # a final state: its time does not run
        else:
            ends[index] = max(now, rows[index].at)
    entries = []
    for index, r in enumerate(rows):
        end = ends.get(index)
        spent = end - r.at if end is not None else None
        working = (
            calendar.working_days_between(r.at, end)
            if calendar is not None and end is not None
            else None
        )
        entries.append(
            TimelineEntry(
                at=r.at,
                from_status=r.from_status,
                to_status=r.to_status,
                actor_label=r.actor_label,
                public_note=r.public_note,
                status_changed=index in ends,
                time_in_state=spent,
                working_days_in_state=working,
            )
        )
    return entries


def _clock(
    name: str, due: dt.datetime | None, done: dt.datetime | None, *, now: dt.datetime
) -> SlaClock:
    met = None if done is None or due is None else done <= due
    overdue = done is None and due is not None and due < now
    return SlaClock(name=name, due_at=due, done_at=done, met=met, overdue=overdue)


def _sla_clocks(row, *, now: dt.datetime) -> list[SlaClock]:
    status = Status(row.status)
    awaiting = status in AWAITING_VERIFICATION_STATUSES
    # A clock whose report left the workflow (rejected, not city authority,
    # archived) without the event stops; it is neither met nor overdue.
    stopped = status in CLOSED_OTHERWISE_STATUSES | REMOVED_STATUSES
    clocks = [
        _clock("verify", row.verify_due_at, row.verified_at, now=now)
        if row.verified_at or awaiting
        else SlaClock("verify", row.verify_due_at, None, None, False),
    ]
    if row.first_response_due_at is not None:
        done = row.first_response_at
        clocks.append(
            _clock("first_response", row.first_response_due_at, done, now=now)
            if done or not stopped
            else SlaClock("first_response", row.first_response_due_at, None, None, False)
        )
    if row.resolve_due_at is not None:
        # A reopened report's earlier resolution does not count while it is worked on again.
        done = None if status in IN_PROGRESS_STATUSES else row.resolved_at
        clocks.append(
            _clock("resolve", row.resolve_due_at, done, now=now)
            if done or not stopped
            else SlaClock("resolve", row.resolve_due_at, None, None, False)
        )
    return clocks


def _content(session: Session, report_id: int) -> ReportContent:
    row = session.execute(
        join_report_labels(
            select(
                Report.title,
                Report.description,
                case((Report.anonymous.is_(True), None), else_=Report.address).label("address"),
                Category.name_id.label("category_name_id"),
                Category.name_en.label("category_name_en"),
                Kelurahan.name.label("kelurahan"),
                Kecamatan.name.label("kecamatan"),
                Report.channel,
                Opd.short_name.label("opd_short_name"),
                Opd.name_id.label("opd_name_id"),
                Opd.name_en.label("opd_name_en"),
            )
        ).where(Report.id == report_id)
    ).one()
    return from_row(ReportContent, row)


def _photos(session: Session, report_id: int) -> list[TicketPhoto]:
    rows = session.execute(
        select(
            Photo.kind,
            Photo.image_key,
            Photo.thumb_key,
            Photo.width,
            Photo.height,
            Photo.created_at,
        )
        .where(Photo.report_id == report_id)
        .order_by(Photo.created_at, Photo.id)
    )
    return [from_row(TicketPhoto, row) for row in rows]
