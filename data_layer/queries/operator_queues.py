"""The operator work queues: to verify, to forward, needing information, per OPD, overdue,
and search by ticket; each restricted to what the viewer may see (`operator_access`).

A queue is read one page at a time: the filters (the public filter bar's fields, plus text in
the ticket or title), the order and the page are all applied in SQL, so a queue of thousands
costs one COUNT and one page of rows, never the whole queue in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import ColumnElement, case, false, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from data_layer.commands import utcnow
from data_layer.config import Settings
from data_layer.limits import SEARCH_MAX
from data_layer.models import (
    Category,
    Kecamatan,
    Kelurahan,
    Opd,
    Report,
)
from data_layer.operators import OperatorIdentity
from data_layer.queries.operator_access import current_due_at, status_values, visible_to
from data_layer.queries.public import ReportFilter, filter_conditions, join_report_labels
from data_layer.sla import calendar_from_settings
from data_layer.states import (
    OPD_WORK_STATUSES,
    Role,
    Status,
)
from data_layer.tickets import ALPHABET, CODE_LENGTH, InvalidTicketCode, normalise_ticket_code

# Rows per page: a screenful on a laptop, still quick to scroll on a phone.
QUEUE_LIMIT = 50
MIN_TICKET_FRAGMENT = 4


class QueueSort(StrEnum):
    """The orders a queue can be read in (the value is what the URL carries)."""

    TIME_LEFT = "sisa_waktu"  # the nearest (or most overdue) deadline first, none last
    OLDEST = "terlama"
    NEWEST = "terbaru"
    KELURAHAN = "kelurahan"  # by kecamatan, then kelurahan, then oldest


@dataclass(frozen=True)
class QueueView:
    """Which slice of a queue to read. `sort` None keeps the queue's own order."""

    report_filter: ReportFilter = field(default_factory=ReportFilter)
    text: str = ""  # part of the ticket code, or words of the title
    sort: QueueSort | None = None
    page: int = 1  # 1-based; past the last page reads the last page
    page_size: int = QUEUE_LIMIT


def _sort_order(sort: QueueSort) -> list:
    due = current_due_at()
    if sort is QueueSort.TIME_LEFT:
        return [due.is_(None), due]
    if sort is QueueSort.OLDEST:
        return [Report.received_at]
    if sort is QueueSort.NEWEST:
        return [Report.received_at.desc()]
    return [Kecamatan.name, Kelurahan.name, Report.received_at]


def ticket_condition(text: str) -> ColumnElement[bool] | None:
    """The report with the ticket typed, or tickets containing the fragment typed (4+
    characters of the ticket alphabet); None when the text is neither."""
    try:
        return Report.ticket == normalise_ticket_code(text)
    except InvalidTicketCode:
        fragment = "".join(ch for ch in text[:SEARCH_MAX].upper() if ch in ALPHABET)
        if not MIN_TICKET_FRAGMENT <= len(fragment) <= CODE_LENGTH:
            return None
        return Report.ticket.contains(fragment, autoescape=True)


def text_condition(text: str) -> ColumnElement[bool] | None:
    """Reports whose ticket or title holds the text typed (case-insensitive); None for none."""
    text = text[:SEARCH_MAX].strip()
    if not text:
        return None
    title = Report.title.icontains(text, autoescape=True)
    ticket = ticket_condition(text)
    return title if ticket is None else or_(title, ticket)


# --- queues ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    report_id: int
    ticket: str
    title: str
    kind: str
    status: Status
    category_name_id: str
    category_name_en: str
    kelurahan_name: str
    kecamatan_name: str
    opd_name: str | None
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    # Working days until the deadline; negative once overdue; None without one.
    working_days_left: float | None
    # Other unverified reports with the same text received in the last
    # SAME_TEXT_WINDOW: a copy-paste flood for the verifier to see.
    same_text_reports: int = 0

    @property
    def overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0

    def category_name(self, lang: str) -> str:
        return self.category_name_en if lang == "en" else self.category_name_id


@dataclass(frozen=True)
class Queue:
    rows: tuple[QueueRow, ...]
    total: int  # all matching reports, even beyond the rows returned
    offset: int = 0  # how many matching reports come before the first row
    page: int = 1
    page_size: int = QUEUE_LIMIT

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


SAME_TEXT_WINDOW = dt.timedelta(days=3)
_UNVERIFIED = (Status.DITERIMA.value, Status.PERLU_INFO.value)


def _same_text_reports(since: dt.datetime) -> ColumnElement[int]:
    other = aliased(Report)
    return (
        select(func.count())
        .where(
            other.text_fingerprint == Report.text_fingerprint,
            other.id != Report.id,
            other.status.in_(_UNVERIFIED),
            other.received_at >= since,
        )
        .correlate(Report)
        .scalar_subquery()
    )


def _queue_select(*, now: dt.datetime) -> Select:
    due = current_due_at().label("due_at")
    return join_report_labels(
        select(
            Report.id,
            Report.ticket,
            Report.title,
            Report.kind,
            Report.status,
            Category.name_id.label("category_name_id"),
            Category.name_en.label("category_name_en"),
            Kelurahan.name.label("kelurahan_name"),
            Kecamatan.name.label("kecamatan_name"),
            Opd.short_name.label("opd_name"),
            Report.channel,
            Report.received_at,
            due,
            _same_text_reports(now - SAME_TEXT_WINDOW).label("same_text_reports"),
        )
    )


def _run_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    conditions: list[ColumnElement[bool]],
    order_by: list,
    settings: Settings,
    now: dt.datetime | None,
    view: QueueView,
) -> Queue:
    now = now or utcnow()
    conditions = [visible_to(viewer), *conditions, *filter_conditions(view.report_filter)]
    if view.text.strip():
        text = text_condition(view.text)
        conditions.append(text if text is not None else false())
    total = session.scalar(select(func.count()).select_from(Report).where(*conditions)) or 0
    size = max(1, view.page_size)
    page = min(max(1, view.page), max(1, -(-total // size)))
    offset = (page - 1) * size
    order = [*(_sort_order(view.sort) if view.sort is not None else order_by), Report.id]
    # The page's ids first, sorted on the bare columns; only those rows then get the costly
    # ones (labels, the same-text count). Sorting the full rows made the database build the
    # same-text count for every report before the offset: 4 s for page 5 of 65,000.
    page_ids = (
        join_report_labels(select(Report.id))
        .where(*conditions)
        .order_by(*order)  # the id last: a stable order across pages
        .offset(offset)
        .limit(size)
    )
    query = _queue_select(now=now).where(Report.id.in_(page_ids)).order_by(*order)
    calendar = calendar_from_settings(settings)
    rows = tuple(_queue_row(row, calendar, now) for row in session.execute(query))
    return Queue(rows=rows, total=total, offset=offset, page=page, page_size=size)


def _queue_row(row, calendar, now: dt.datetime) -> QueueRow:
    left = None
    if row.due_at is not None:
        if row.due_at >= now:
            left = calendar.working_days_between(now, row.due_at)
        else:
            left = -calendar.working_days_between(row.due_at, now)
    return QueueRow(
        report_id=row.id,
        ticket=row.ticket,
        title=row.title,
        kind=row.kind,
        status=Status(row.status),
        category_name_id=row.category_name_id,
        category_name_en=row.category_name_en,
        kelurahan_name=row.kelurahan_name,
        kecamatan_name=row.kecamatan_name,
        opd_name=row.opd_name,
        channel=row.channel,
        received_at=row.received_at,
        due_at=row.due_at,
        working_days_left=left,
        same_text_reports=row.same_text_reports or 0,
    )


def _oldest_first(
    session: Session,
    *,
    status: Status,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None,
    view: QueueView,
) -> Queue:
    """Reports in one waiting status, the longest-waiting first."""
    return _run_queue(
        session,
        viewer=viewer,
        conditions=[Report.status == status.value],
        order_by=[Report.received_at],
        settings=settings,
        now=now,
        view=view,
    )


def verification_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    view: QueueView = QueueView(),
) -> Queue:
    """New reports waiting for verification, oldest first."""
    return _oldest_first(
        session, status=Status.DITERIMA, viewer=viewer, settings=settings, now=now, view=view
    )


def forwarding_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    view: QueueView = QueueView(),
) -> Queue:
    """Verified reports waiting to be forwarded to an OPD, oldest first."""
    return _oldest_first(
        session, status=Status.DIVERIFIKASI, viewer=viewer, settings=settings, now=now, view=view
    )


def needs_information_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    view: QueueView = QueueView(),
) -> Queue:
    """Reports waiting for the reporter to add information, oldest first."""
    return _oldest_first(
        session, status=Status.PERLU_INFO, viewer=viewer, settings=settings, now=now, view=view
    )


def opd_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    opd_id: int | None = None,
    now: dt.datetime | None = None,
    view: QueueView = QueueView(),
) -> Queue:
    """Open reports forwarded to one OPD (an opd operator's own, always), nearest deadline first.

    `opd_id` None means every OPD (admin and verifikator only).
    """
    if viewer.role is Role.OPD:
        opd_id = viewer.opd_id
    conditions: list[ColumnElement[bool]] = [Report.status.in_(status_values(OPD_WORK_STATUSES))]
    if opd_id is not None:
        conditions.append(Report.opd_id == opd_id)
    return _run_queue(
        session,
        viewer=viewer,
        conditions=conditions,
        order_by=[current_due_at().is_(None), current_due_at()],
        settings=settings,
        now=now,
        view=view,
    )


def overdue_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    view: QueueView = QueueView(),
) -> Queue:
    """Open reports past the deadline of their current step, the longest overdue first."""
    now = now or utcnow()
    return _run_queue(
        session,
        viewer=viewer,
        conditions=[current_due_at() < now],
        order_by=[current_due_at()],
        settings=settings,
        now=now,
        view=view,
    )


def find_by_ticket(
    session: Session,
    *,
    viewer: OperatorIdentity,
    text: str,
    settings: Settings,
    now: dt.datetime | None = None,
    limit: int = 50,
) -> Queue:
    """Reports whose ticket is the code typed, or contains the fragment typed (4+ characters)."""
    condition = ticket_condition(text)
    if condition is None:
        return Queue(rows=(), total=0)
    return _run_queue(
        session,
        viewer=viewer,
        conditions=[condition],
        order_by=[Report.received_at.desc()],
        settings=settings,
        now=now,
        view=QueueView(page_size=limit),
    )


@dataclass(frozen=True)
class OpdWorkload:
    opd_id: int
    opd_name: str
    open_reports: int
    overdue_reports: int


def opd_workloads(
    session: Session, *, viewer: OperatorIdentity, now: dt.datetime | None = None
) -> tuple[OpdWorkload, ...]:
    """Open forwarded reports per OPD with how many are overdue (the per-OPD queue's overview)."""
    now = now or utcnow()
    overdue = func.sum(case((current_due_at() < now, 1), else_=0))
    query = (
        select(Opd.id, Opd.short_name, func.count(Report.id), overdue)
        .join(Report, Report.opd_id == Opd.id)
        .where(visible_to(viewer), Report.status.in_(status_values(OPD_WORK_STATUSES)))
        .group_by(Opd.id, Opd.short_name)
        .order_by(func.count(Report.id).desc(), Opd.short_name)
    )
    return tuple(
        OpdWorkload(opd_id, name, int(count), int(late or 0))
        for opd_id, name, count, late in session.execute(query)
    )
