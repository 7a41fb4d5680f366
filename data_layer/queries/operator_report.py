"""One report as an operator sees it: details, reporter (unless hidden), photos, audit
trail, feedback, redactions, and the actions the viewer may take now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import null, select
from sqlalchemy.orm import Session, aliased

from data_layer.commands import default_opd_id
from data_layer.models import (
    Feedback,
    Opd,
    Operator,
    Photo,
    PhotoBlob,
    Redaction,
    Report,
    StatusHistory,
)
from data_layer.operators import OperatorIdentity
from data_layer.queries.operator_access import current_due_at, visible_to
from data_layer.rows import from_row
from data_layer.states import (
    ALLOWED_BY_ROLE,
    PROGRESS_NOTE_BY_ROLE,
    TRANSITIONS,
    Role,
    Status,
)
from data_layer.tickets import InvalidTicketCode, normalise_ticket_code

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
    category_name_id: str
    category_name_en: str
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
        return self.category_name_en if lang == "en" else self.category_name_id


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
        category_name_id=report.category.name_id,
        category_name_en=report.category.name_en,
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
            at=row.at,
            field=row.field,
            history_id=row.history_id,
            original=row.original,
            replacement=row.replacement,
            reason=row.reason,
            operator_name=f"{row.display_name} ({row.username})" if row.username else None,
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
        select(
            Feedback.created_at.label("at"),
            Feedback.kind,
            Feedback.rating,
            comment.label("comment"),
            Feedback.id.label("feedback_id"),
        )
        .where(Feedback.report_id == report_id)
        .order_by(Feedback.created_at, Feedback.id)
    )
    return tuple(from_row(FeedbackEntry, row) for row in session.execute(query))
