"""Reads for the operator area: work queues, one report with its audit trail, admin lists.

Every function takes the signed-in operator (`viewer`) and restricts what it
returns by role, here in the query layer rather than only in the pages:

- admin and verifikator see every report;
- an opd operator sees only reports forwarded to their own OPD;
- an anonymous (anonim) reporter's identity is never returned to an opd operator;
- an opd operator reads only the internal notes meant for the OPD
  (`StatusHistory.internal_note_for_opd`);
- the originals of redacted texts are returned to admins only.

Nothing here is public: none of it may go through the shared `ui.cache` getters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, false, func, null, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from data_layer.commands import default_opd_id, utcnow
from data_layer.config import Settings
from data_layer.limits import SEARCH_MAX
from data_layer.models import (
    Category,
    Feedback,
    Kecamatan,
    Kelurahan,
    Opd,
    Operator,
    Photo,
    PhotoBlob,
    Redaction,
    Report,
    StatusHistory,
)
from data_layer.operators import OperatorIdentity
from data_layer.queries.public import join_report_labels
from data_layer.sla import calendar_from_settings
from data_layer.states import (
    ALLOWED_BY_ROLE,
    OPD_WORK_STATUSES,
    PROGRESS_NOTE_BY_ROLE,
    TRANSITIONS,
    Role,
    Status,
)
from data_layer.tickets import ALPHABET, CODE_LENGTH, InvalidTicketCode, normalise_ticket_code

QUEUE_LIMIT = 200
MIN_TICKET_FRAGMENT = 4
# The order actions are offered in on a report's page: the usual next step first.
ACTION_ORDER = (
    Status.DIVERIFIKASI,
    Status.DITERUSKAN,
    Status.DIPROSES,
    Status.SELESAI,
    Status.PERLU_INFO,
    Status.DITOLAK,
    Status.BUKAN_WEWENANG,
    Status.DITUTUP,
    Status.DIBUKA_KEMBALI,
    Status.ARSIP,
    Status.DITARIK,
)


def _values(statuses) -> list[str]:
    return sorted(Status(status).value for status in statuses)


# --- who sees what ----------------------------------------------------------------


def visible_to(viewer: OperatorIdentity) -> ColumnElement[bool]:
    """The reports this operator may see (and so act on)."""
    if viewer.role is Role.OPD:
        if viewer.opd_id is None:
            return false()
        return and_(Report.opd_id == viewer.opd_id, Report.forwarded_at.is_not(None))
    return true()


def current_due_at() -> ColumnElement:
    """The SLA deadline that applies to a report's current status (None once handled).

    Diskominfo must verify and forward within the verification window; once
    forwarded the OPD owes a first response, then the resolution.
    """
    return case(
        (
            Report.status.in_(_values({Status.DITERIMA, Status.PERLU_INFO, Status.DIVERIFIKASI})),
            Report.verify_due_at,
        ),
        (Report.status == Status.DITERUSKAN.value, Report.first_response_due_at),
        (
            Report.status.in_(_values({Status.DIPROSES, Status.DIBUKA_KEMBALI})),
            Report.resolve_due_at,
        ),
        else_=None,
    )


# --- queues ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    report_id: int
    ticket: str
    title: str
    kind: str
    status: Status
    category_id_name: str
    category_en_name: str
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
        return self.category_en_name if lang == "en" else self.category_id_name


@dataclass(frozen=True)
class Queue:
    rows: tuple[QueueRow, ...]
    total: int  # all matching reports, even beyond the rows returned


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
            Category.name_id.label("category_id_name"),
            Category.name_en.label("category_en_name"),
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
    limit: int,
) -> Queue:
    now = now or utcnow()
    conditions = [visible_to(viewer), *conditions]
    total = session.scalar(select(func.count()).select_from(Report).where(*conditions))
    query = _queue_select(now=now).where(*conditions).order_by(*order_by, Report.id).limit(limit)
    calendar = calendar_from_settings(settings)
    rows = tuple(_queue_row(row, calendar, now) for row in session.execute(query))
    return Queue(rows=rows, total=total or 0)


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
        category_id_name=row.category_id_name,
        category_en_name=row.category_en_name,
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
    limit: int,
) -> Queue:
    """Reports in one waiting status, the longest-waiting first."""
    return _run_queue(
        session,
        viewer=viewer,
        conditions=[Report.status == status.value],
        order_by=[Report.received_at],
        settings=settings,
        now=now,
        limit=limit,
    )


def verification_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    limit: int = QUEUE_LIMIT,
) -> Queue:
    """New reports waiting for verification, oldest first."""
    return _oldest_first(
        session, status=Status.DITERIMA, viewer=viewer, settings=settings, now=now, limit=limit
    )


def forwarding_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    limit: int = QUEUE_LIMIT,
) -> Queue:
    """Verified reports waiting to be forwarded to an OPD, oldest first."""
    return _oldest_first(
        session, status=Status.DIVERIFIKASI, viewer=viewer, settings=settings, now=now, limit=limit
    )


def needs_information_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    limit: int = QUEUE_LIMIT,
) -> Queue:
    """Reports waiting for the reporter to add information, oldest first."""
    return _oldest_first(
        session, status=Status.PERLU_INFO, viewer=viewer, settings=settings, now=now, limit=limit
    )


def opd_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    opd_id: int | None = None,
    now: dt.datetime | None = None,
    limit: int = QUEUE_LIMIT,
) -> Queue:
    """Open reports forwarded to one OPD (an opd operator's own, always), nearest deadline first.

    `opd_id` None means every OPD (admin and verifikator only).
    """
    if viewer.role is Role.OPD:
        opd_id = viewer.opd_id
    conditions = [Report.status.in_(_values(OPD_WORK_STATUSES))]
    if opd_id is not None:
        conditions.append(Report.opd_id == opd_id)
    return _run_queue(
        session,
        viewer=viewer,
        conditions=conditions,
        order_by=[current_due_at().is_(None), current_due_at()],
        settings=settings,
        now=now,
        limit=limit,
    )


def overdue_queue(
    session: Session,
    *,
    viewer: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
    limit: int = QUEUE_LIMIT,
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
        limit=limit,
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
    try:
        condition = Report.ticket == normalise_ticket_code(text)
    except InvalidTicketCode:
        fragment = "".join(ch for ch in text[:SEARCH_MAX].upper() if ch in ALPHABET)
        if not MIN_TICKET_FRAGMENT <= len(fragment) <= CODE_LENGTH:
            return Queue(rows=(), total=0)
        condition = Report.ticket.contains(fragment, autoescape=True)
    return _run_queue(
        session,
        viewer=viewer,
        conditions=[condition],
        order_by=[Report.received_at.desc()],
        settings=settings,
        now=now,
        limit=limit,
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
        .where(visible_to(viewer), Report.status.in_(_values(OPD_WORK_STATUSES)))
        .group_by(Opd.id, Opd.short_name)
        .order_by(func.count(Report.id).desc(), Opd.short_name)
    )
    return tuple(
        OpdWorkload(opd_id, name, int(count), int(late or 0))
        for opd_id, name, count, late in session.execute(query)
    )


# --- one report -------------------------------------------------------------------


@dataclass(frozen=True)
class Reporter:
    name: str | None
    phone: str | None
    email: str | None
    nik: str | None


@dataclass(frozen=True)
class AuditEntry:
    history_id: int
    at: dt.datetime
    from_status: Status | None
    to_status: Status
    actor_label: str
    operator_name: str | None  # "Display Name (username)"; None for the reporter or system
    opd_name: str | None
    public_note: str | None
    internal_note: str | None  # None too when the viewer may not read it

    @property
    def changes_status(self) -> bool:
        return self.from_status != self.to_status


@dataclass(frozen=True)
class ReportPhotoView:
    photo_id: int
    kind: str
    history_id: int | None
    thumbnail: bytes
    content_type: str


@dataclass(frozen=True)
class FeedbackEntry:
    at: dt.datetime
    kind: str
    rating: int | None
    comment: str | None
    feedback_id: int


@dataclass(frozen=True)
class RedactionEntry:
    """A redacted text's original, for admins only."""

    at: dt.datetime
    field: str
    history_id: int | None
    original: str | None
    replacement: str | None
    reason: str
    operator_name: str | None


@dataclass(frozen=True)
class ReportDetail:
    report_id: int
    ticket: str
    kind: str
    status: Status
    title: str
    description: str
    channel: str
    category_id: int
    category_id_name: str
    category_en_name: str
    kelurahan_code: str
    kelurahan_name: str
    kecamatan_name: str
    address: str | None
    latitude: float | None
    longitude: float | None
    anonymous: bool
    confidential: bool
    # None when the viewer may not see who reported (anonymous, viewed by an OPD).
    reporter: Reporter | None
    opd_id: int | None
    opd_name: str | None
    suggested_opd_id: int | None  # the category's default OPD, preselected when forwarding
    reject_reason: str | None
    reopen_count: int
    received_at: dt.datetime
    due_at: dt.datetime | None
    history: tuple[AuditEntry, ...]
    photos: tuple[ReportPhotoView, ...]
    feedback: tuple[FeedbackEntry, ...]
    actions: tuple[Status, ...]  # status changes this viewer may make now
    can_add_progress: bool
    can_redact: bool  # verifiers and admins
    redactions: tuple[RedactionEntry, ...]  # admins only; empty for everyone else

    def category_name(self, lang: str) -> str:
        return self.category_en_name if lang == "en" else self.category_id_name


def offered_actions(status: Status | str, role: Role) -> tuple[Status, ...]:
    """The status changes the workflow allows from `status` AND the role may make."""
    possible = TRANSITIONS[Status(status)] & ALLOWED_BY_ROLE[Role(role)]
    return tuple(target for target in ACTION_ORDER if target in possible)


def can_add_progress(status: Status | str, role: Role) -> bool:
    """Progress notes belong to reports still being handled (and, for an OPD, forwarded to it)."""
    return Status(status) in PROGRESS_NOTE_BY_ROLE[Role(role)]


def report_id_for_ticket(session: Session, *, viewer: OperatorIdentity, ticket: str) -> int | None:
    """The id of the report with this ticket code, if the viewer may see it."""
    try:
        code = normalise_ticket_code(ticket)
    except InvalidTicketCode:
        return None
    return session.scalar(select(Report.id).where(Report.ticket == code, visible_to(viewer)))


def report_detail(
    session: Session, *, viewer: OperatorIdentity, report_id: int
) -> ReportDetail | None:
    """Everything an operator needs on one report, or None if it is not theirs to see."""
    report = session.scalar(select(Report).where(Report.id == report_id, visible_to(viewer)))
    if report is None:
        return None
    kelurahan = report.kelurahan
    status = Status(report.status)
    hide_identity = report.anonymous and viewer.role is Role.OPD
    return ReportDetail(
        report_id=report.id,
        ticket=report.ticket,
        kind=report.kind,
        status=status,
        title=report.title,
        description=report.description,
        channel=report.channel,
        category_id=report.category_id,
        category_id_name=report.category.name_id,
        category_en_name=report.category.name_en,
        kelurahan_code=kelurahan.code,
        kelurahan_name=kelurahan.name,
        kecamatan_name=kelurahan.kecamatan.name,
        address=report.address,
        latitude=report.latitude,
        longitude=report.longitude,
        anonymous=report.anonymous,
        confidential=report.confidential,
        reporter=None if hide_identity else _reporter(report),
        opd_id=report.opd_id,
        opd_name=report.opd.short_name if report.opd is not None else None,
        suggested_opd_id=report.opd_id
        or default_opd_id(
            session, category_id=report.category_id, kelurahan_code=report.kelurahan_code
        ),
        reject_reason=report.reject_reason,
        reopen_count=report.reopen_count,
        received_at=report.received_at,
        due_at=session.scalar(select(current_due_at()).where(Report.id == report.id)),
        history=_audit_trail(session, report.id, viewer=viewer),
        photos=_photos(session, report.id),
        feedback=_feedback(session, report.id, with_comments=not hide_identity),
        actions=offered_actions(status, viewer.role),
        can_add_progress=can_add_progress(status, viewer.role),
        can_redact=viewer.role in (Role.ADMIN, Role.VERIFIKATOR),
        redactions=_redactions(session, report.id) if viewer.role is Role.ADMIN else (),
    )


def _reporter(report: Report) -> Reporter | None:
    if not any(
        (report.reporter_name, report.reporter_phone, report.reporter_email, report.reporter_nik)
    ):
        return None
    return Reporter(
        name=report.reporter_name,
        phone=report.reporter_phone,
        email=report.reporter_email,
        nik=report.reporter_nik,
    )


def _audit_trail(
    session: Session, report_id: int, *, viewer: OperatorIdentity
) -> tuple[AuditEntry, ...]:
    history_opd = aliased(Opd)
    opd_viewer = viewer.role is Role.OPD
    query = (
        select(
            StatusHistory,
            Operator.display_name,
            Operator.username,
            history_opd.short_name,
        )
        .outerjoin(Operator, Operator.id == StatusHistory.operator_id)
        .outerjoin(history_opd, history_opd.id == StatusHistory.opd_id)
        .where(StatusHistory.report_id == report_id)
        .order_by(StatusHistory.id)  # the order things happened in
    )
    return tuple(
        AuditEntry(
            history_id=entry.id,
            at=entry.at,
            from_status=Status(entry.from_status) if entry.from_status else None,
            to_status=Status(entry.to_status),
            actor_label=entry.actor_label,
            operator_name=f"{display_name} ({username})" if username else None,
            opd_name=opd_name,
            public_note=entry.public_note,
            internal_note=None
            if opd_viewer and not entry.internal_note_for_opd
            else entry.internal_note,
        )
        for entry, display_name, username, opd_name in session.execute(query)
    )


def _redactions(session: Session, report_id: int) -> tuple[RedactionEntry, ...]:
    query = (
        select(
            Redaction.at,
            Redaction.field,
            Redaction.history_id,
            Redaction.original,
            Redaction.replacement,
            Redaction.reason,
            Operator.display_name,
            Operator.username,
        )
        .outerjoin(Operator, Operator.id == Redaction.operator_id)
        .where(Redaction.report_id == report_id)
        .order_by(Redaction.id)
    )
    return tuple(
        RedactionEntry(
            *row[:6], operator_name=f"{row.display_name} ({row.username})" if row.username else None
        )
        for row in session.execute(query)
    )


def _photos(session: Session, report_id: int) -> tuple[ReportPhotoView, ...]:
    query = (
        select(Photo.id, Photo.kind, Photo.history_id, PhotoBlob.data, PhotoBlob.content_type)
        .join(PhotoBlob, PhotoBlob.key == Photo.thumb_key)
        .where(Photo.report_id == report_id)
        .order_by(Photo.id)
    )
    return tuple(
        ReportPhotoView(photo_id, kind, history_id, data, content_type)
        for photo_id, kind, history_id, data, content_type in session.execute(query)
    )


def _feedback(
    session: Session, report_id: int, *, with_comments: bool
) -> tuple[FeedbackEntry, ...]:
    # An anonymous reporter's own words may name them: not for the OPD.
    comment = Feedback.comment if with_comments else null()
    query = (
        select(Feedback.created_at, Feedback.kind, Feedback.rating, comment, Feedback.id)
        .where(Feedback.report_id == report_id)
        .order_by(Feedback.created_at, Feedback.id)
    )
    return tuple(FeedbackEntry(*row) for row in session.execute(query))


# --- choices for forms -----------------------------------------------------------


@dataclass(frozen=True)
class OpdChoice:
    id: int
    code: str
    short_name: str
    name_id: str
    name_en: str
    active: bool

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


def opd_choices(session: Session, *, include_inactive: bool = False) -> tuple[OpdChoice, ...]:
    """OPDs to forward to (active ones) or to manage (all), by short name."""
    query = select(Opd.id, Opd.code, Opd.short_name, Opd.name_id, Opd.name_en, Opd.active)
    if not include_inactive:
        query = query.where(Opd.active.is_(True))
    return tuple(OpdChoice(*row) for row in session.execute(query.order_by(Opd.short_name)))


@dataclass(frozen=True)
class CategoryRouting:
    id: int
    code: str
    name_id: str
    name_en: str
    default_opd_id: int | None
    default_opd_name: str | None
    routes_to_kecamatan: bool
    resolution_class: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


def category_routing(session: Session) -> tuple[CategoryRouting, ...]:
    """Every active category with where its reports go by default."""
    query = (
        select(
            Category.id,
            Category.code,
            Category.name_id,
            Category.name_en,
            Category.default_opd_id,
            Opd.short_name,
            Category.routes_to_kecamatan,
            Category.resolution_class,
        )
        .outerjoin(Opd, Opd.id == Category.default_opd_id)
        .where(Category.active.is_(True))
        .order_by(Category.name_id)
    )
    return tuple(CategoryRouting(*row) for row in session.execute(query))


@dataclass(frozen=True)
class OperatorRow:
    id: int
    username: str
    display_name: str
    role: Role
    opd_name: str | None
    active: bool
    uses_password: bool
    oidc_subject: str | None
    failed_logins: int  # since the last successful sign-in
    last_login_at: dt.datetime | None
    last_failed_login_at: dt.datetime | None = None


def operator_accounts(session: Session, *, viewer: OperatorIdentity) -> tuple[OperatorRow, ...]:
    """All operator accounts, for the admin page (nobody else may list them)."""
    if viewer.role is not Role.ADMIN:
        return ()
    query = (
        select(
            Operator.id,
            Operator.username,
            Operator.display_name,
            Operator.role,
            Opd.short_name,
            Operator.active,
            Operator.password_hash.is_not(None),
            Operator.oidc_subject,
            Operator.failed_logins,
            Operator.last_login_at,
            Operator.last_failed_login_at,
        )
        .outerjoin(Opd, Opd.id == Operator.opd_id)
        .order_by(Operator.active.desc(), Operator.username)
    )
    return tuple(
        OperatorRow(
            id=row[0],
            username=row[1],
            display_name=row[2],
            role=Role(row[3]),
            opd_name=row[4],
            active=bool(row[5]),
            uses_password=bool(row[6]),
            oidc_subject=row[7],
            failed_logins=row[8] or 0,
            last_login_at=row[9],
            last_failed_login_at=row[10],
        )
        for row in session.execute(query)
    )


def kelurahan_choices(session: Session) -> tuple[tuple[str, str], ...]:
    """(code, "Kelurahan, Kecamatan") for the intake form, by kecamatan then name."""
    query = (
        select(Kelurahan.code, Kelurahan.name, Kecamatan.name)
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .order_by(Kecamatan.name, Kelurahan.name)
    )
    return tuple((code, f"{name}, {kecamatan}") for code, name, kecamatan in session.execute(query))
