"""Moving a report through the statuses of data_layer.states, with its history, SLA
clocks, side effects and photos."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_layer.commands.base import (
    Actor,
    AfterPhotoRequired,
    MissingInformation,
    NoteNotAllowed,
    NotPermitted,
    OpdUnavailable,
    ReportNotFound,
    TransitionNotAllowed,
    _bounded,
    _clean,
    utcnow,
)
from data_layer.config import Settings
from data_layer.limits import (
    NOTE_MAX,
)
from data_layer.models import (
    Category,
    Kelurahan,
    Opd,
    Photo,
    Report,
    StatusHistory,
)
from data_layer.notifications import queue_status_notification
from data_layer.photos import DatabasePhotoStore, PhotoStore, PreparedPhoto
from data_layer.sla import SlaPolicy, calendar_from_settings
from data_layer.states import (
    ALLOWED_BY_ROLE,
    NOTE_REQUIRED_STATUSES,
    PROGRESS_NOTE_BY_ROLE,
    STATUS_RULES,
    Destination,
    Kind,
    PhotoKind,
    RejectReason,
    Role,
    Stamp,
    Status,
    can_transition,
)

# --- workflow -----------------------------------------------------------------


def transition(
    session: Session,
    *,
    report_id: int,
    to: Status | str,
    actor: Actor,
    settings: Settings,
    public_note: str | None = None,
    internal_note: str | None = None,
    opd_id: int | None = None,
    reject_reason: RejectReason | str | None = None,
    photos: tuple[tuple[PhotoKind, PreparedPhoto], ...] = (),
    now: dt.datetime | None = None,
    store: PhotoStore | None = None,
    internal_note_for_opd: bool | None = None,
    destination: Destination | str | None = None,
) -> StatusHistory:
    """Move a report to `to`, or raise a DomainError and change nothing.

    `internal_note_for_opd`: whether the OPD may read the internal note (None:
    the default of `internal_note_audience`; never for an anonymous report).
    `destination`: where a report outside the city's authority goes (required for
    bukan_wewenang); the public note then starts with a sentence naming it, in
    Bahasa Indonesia, the public's language, whatever the operator's UI language.
    """
    to = Status(to)
    report = _load_for_update(session, report_id)
    now = _history_time(session, report.id, now)
    current = Status(report.status)
    if not can_transition(current, to):
        raise TransitionNotAllowed(f"{current.value} → {to.value}", current=current, target=to)
    _check_permission(actor, report, to)
    if to is Status.SELESAI and report.kind == Kind.ADUAN.value:
        brings_after = any(kind is PhotoKind.AFTER for kind, _ in photos)
        if not brings_after and not _has_after_photo(session, report.id):
            raise AfterPhotoRequired("an aduan needs an after photo to be resolved")
    reason = _parse_reject_reason(reject_reason)
    if to is Status.DITOLAK and reason is None:
        raise MissingInformation("a rejection needs a reason", field="reject_reason")
    if to is Status.DITERUSKAN:
        _check_forwarding_target(session, opd_id or report.opd_id)
    if to is Status.DITARIK and _clean(internal_note) is None:
        # A take-down is final: the audit must say why.
        raise MissingInformation("a withdrawal needs an internal note", field="internal_note")
    if to is Status.BUKAN_WEWENANG:
        public_note = _destination_note(destination, public_note, settings=settings)
    if to in NOTE_REQUIRED_STATUSES and _clean(public_note) is None:
        # The reporter must read what to add (perlu_info) or what was done (selesai).
        raise MissingInformation(f"{to.value} needs a public note", field="public_note")

    _apply_side_effects(session, report, to, now=now, opd_id=opd_id, settings=settings)
    if reason is not None:
        report.reject_reason = reason.value
    history = _record_history(
        session,
        report=report,
        from_status=current,
        to_status=to,
        actor=actor,
        public_note=public_note,
        internal_note=internal_note,
        internal_note_for_opd=internal_note_for_opd,
        photos=photos,
        now=now,
        store=store,
    )
    # In this transaction: the message exists exactly when the change commits.
    queue_status_notification(session, report_id=report.id, history=history, now=now)
    return history


def add_progress_update(
    session: Session,
    *,
    report_id: int,
    actor: Actor,
    public_note: str | None,
    internal_note: str | None = None,
    photos: tuple[tuple[PhotoKind, PreparedPhoto], ...] = (),
    now: dt.datetime | None = None,
    store: PhotoStore | None = None,
    internal_note_for_opd: bool | None = None,
) -> StatusHistory:
    """A note (and optional photos) without a change of status.

    Only where `PROGRESS_NOTE_BY_ROLE` allows it (an OPD: reports forwarded to
    it and still being worked on), checked here so a stale page cannot add a
    public note to a resolved, archived or someone else's report.
    """
    report = _load_for_update(session, report_id)
    now = _history_time(session, report.id, now)
    _check_same_opd(actor, report)
    current = Status(report.status)
    if actor.role is not None and _clean(public_note) is None:
        # An operator's progress update is for the reporter to read.
        raise MissingInformation("a progress update needs a public note", field="public_note")
    if current not in PROGRESS_NOTE_BY_ROLE[actor.role]:
        raise NoteNotAllowed(f"no note by {actor.label} in {current.value}", current=current)
    report.updated_at = now
    return _record_history(
        session,
        report=report,
        from_status=current,
        to_status=current,
        actor=actor,
        public_note=public_note,
        internal_note=internal_note,
        internal_note_for_opd=internal_note_for_opd,
        photos=photos,
        now=now,
        store=store,
    )


def internal_note_audience(actor: Actor, report: Report, requested: bool | None) -> bool:
    """Whether the OPD may read an internal note (issue 8: notes scoped by role).

    An OPD's own notes are shared with its colleagues. What the reporter sends
    (it may name them) and anything Diskominfo writes on an anonymous report stay
    within Diskominfo whatever was asked, so an anonymous reporter's identity
    never reaches the OPD through a note. Otherwise Diskominfo chooses (default:
    shared, the OPD sees that reporter's identity anyway).
    """
    if actor.role is Role.OPD:
        return True
    if actor.role is None or report.anonymous:
        return False
    return True if requested is None else requested


def _record_history(
    session: Session,
    *,
    report: Report,
    from_status: Status,
    to_status: Status,
    actor: Actor,
    public_note: str | None,
    internal_note: str | None,
    photos: tuple[tuple[PhotoKind, PreparedPhoto], ...],
    now: dt.datetime,
    store: PhotoStore | None,
    internal_note_for_opd: bool | None = None,
) -> StatusHistory:
    """Append one history row, with the photos that came with this step."""
    _bounded(public_note, maximum=NOTE_MAX, field="public_note")
    _bounded(internal_note, maximum=NOTE_MAX, field="internal_note")
    history = StatusHistory(
        report_id=report.id,
        from_status=from_status.value,
        to_status=to_status.value,
        at=now,
        operator_id=actor.operator_id,
        actor_label=actor.label,
        opd_id=report.opd_id,
        public_note=_clean(public_note),
        internal_note=_clean(internal_note),
        internal_note_for_opd=internal_note_audience(actor, report, internal_note_for_opd),
    )
    session.add(history)
    session.flush()
    store = store or DatabasePhotoStore(session)
    for kind, prepared in photos:
        attach_photo(
            session,
            report=report,
            prepared=prepared,
            kind=kind,
            history=history,
            store=store,
            now=now,
        )
    session.flush()
    return history


def _parse_reject_reason(value: RejectReason | str | None) -> RejectReason | None:
    # Checked before anything on the report changes, like every other refusal.
    if value is None or value == "":
        return None
    try:
        return RejectReason(value)
    except ValueError as exc:
        raise MissingInformation(f"unknown reject reason {value!r}", field="reject_reason") from exc


def _load_for_update(session: Session, report_id: int) -> Report:
    # FOR UPDATE on PostgreSQL serialises concurrent operators on one report;
    # SQLite's write transactions are already serialised (BEGIN IMMEDIATE).
    report = session.scalar(select(Report).where(Report.id == report_id).with_for_update())
    if report is None:
        raise ReportNotFound(str(report_id))
    return report


def _check_permission(actor: Actor, report: Report, to: Status) -> None:
    allowed = ALLOWED_BY_ROLE[actor.role]
    if to not in allowed:
        raise NotPermitted(f"{actor.label} may not move a report to {to.value}")
    _check_same_opd(actor, report)


def _check_same_opd(actor: Actor, report: Report) -> None:
    # A verified report already names its default OPD; it is the OPD's only once forwarded.
    if actor.role is Role.OPD and (
        actor.opd_id is None or report.opd_id != actor.opd_id or report.forwarded_at is None
    ):
        raise NotPermitted("an OPD operator acts only on reports forwarded to that OPD")


def _check_forwarding_target(session: Session, opd_id: int | None) -> None:
    if opd_id is None:
        raise MissingInformation("forwarding needs an OPD", field="opd_id")
    active = session.scalar(select(Opd.active).where(Opd.id == opd_id))
    if not active:  # None: no such OPD
        raise OpdUnavailable(f"OPD {opd_id} is unknown or inactive", opd_id=opd_id)


def _history_time(session: Session, report_id: int, now: dt.datetime | None) -> dt.datetime:
    """The time of a new history row: read after the report's write lock is held, and
    never earlier than the report's last row, so times never contradict the order
    of the rows (two writers whose clocks were read before queueing, or two
    replicas whose clocks differ slightly)."""
    now = now or utcnow()
    last = session.scalar(
        select(func.max(StatusHistory.at)).where(StatusHistory.report_id == report_id)
    )
    return max(now, last) if last is not None else now


def default_opd_id(session: Session, *, category_id: int, kelurahan_code: str) -> int | None:
    """The OPD a category's reports go to by default (a kecamatan office for some)."""
    category = session.get(Category, category_id)
    if category is None:
        return None
    if not category.routes_to_kecamatan:
        return category.default_opd_id
    return session.scalar(
        select(Opd.id)
        .join(Kelurahan, Kelurahan.kecamatan_code == Opd.kecamatan_code)
        .where(Kelurahan.code == kelurahan_code)
    )


def _has_after_photo(session: Session, report_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(Photo)
            .where(Photo.report_id == report_id, Photo.kind == PhotoKind.AFTER.value)
        )
    )


def _apply_side_effects(
    session: Session,
    report: Report,
    to: Status,
    *,
    now: dt.datetime,
    opd_id: int | None,
    settings: Settings,
) -> None:
    calendar = calendar_from_settings(settings)
    policy = SlaPolicy.from_settings(settings)
    stamped = _stamp(report, to, now)
    if "verified_at" in stamped:
        report.verify_working_days = calendar.working_days_between(report.received_at, now)
    if to is Status.DIVERIFIKASI and report.opd_id is None:
        # The responsible OPD is known from the category; forwarding may change it.
        report.opd_id = default_opd_id(
            session, category_id=report.category_id, kelurahan_code=report.kelurahan_code
        )
    if to is Status.DITERUSKAN:
        report.opd_id = opd_id or report.opd_id
        if report.opd_id is None:
            raise MissingInformation("forwarding needs an OPD", field="opd_id")
        report.first_response_due_at = calendar.add_working_days(now, policy.first_response_days)
        report.resolve_due_at = calendar.add_working_days(
            now, policy.resolve_days(report.resolution_class)
        )
    if "first_response_at" in stamped:
        report.first_response_working_days = calendar.working_days_between(
            report.forwarded_at or now, now
        )
    if "resolved_at" in stamped:
        report.resolve_working_days = calendar.working_days_between(
            report.forwarded_at or report.received_at, now
        )
    if to is Status.DIBUKA_KEMBALI:
        report.reopen_count += 1
    report.status = to.value
    report.updated_at = now


DESTINATION_NAMES: dict[Destination, str] = {
    Destination.PROVINCE: "{higher_authority}",
    Destination.NATIONAL: "SP4N-LAPOR! (instansi pusat)",
}
DESTINATION_NOTE = "Bukan wewenang Pemerintah {city}; laporan diteruskan ke {destination}."


def _destination_note(
    destination: Destination | str | None, public_note: str | None, *, settings: Settings
) -> str:
    try:
        where = Destination(destination) if destination is not None else None
    except ValueError:
        where = None
    if where is None:
        raise MissingInformation("bukan_wewenang needs a destination", field="destination")
    profile = settings.profile
    name = DESTINATION_NAMES[where].format(higher_authority=profile.higher_authority)
    lead = DESTINATION_NOTE.format(city=profile.name, destination=name)
    return f"{lead}\n{_clean(public_note) or ''}".strip()


def _stamp(report: Report, to: Status, now: dt.datetime) -> set[str]:
    """The timestamps entering `to` writes (states.STATUS_RULES); the columns set to `now`."""
    stamped = set()
    for column, stamp in STATUS_RULES[to].stamps:
        if stamp is Stamp.CLEAR:
            setattr(report, column, None)
        elif stamp is Stamp.LATEST or getattr(report, column) is None:
            setattr(report, column, now)
            stamped.add(column)
    return stamped


def attach_photo(
    session: Session,
    *,
    report: Report,
    prepared: PreparedPhoto,
    kind: PhotoKind,
    history: StatusHistory | None,
    store: PhotoStore,
    now: dt.datetime,
    is_demo: bool = False,
) -> Photo:
    photo = Photo(
        report_id=report.id,
        kind=PhotoKind(kind).value,
        image_key=store.put(prepared.image.data, prepared.image.content_type),
        thumb_key=store.put(prepared.thumbnail.data, prepared.thumbnail.content_type),
        content_type=prepared.image.content_type,
        width=prepared.image.width,
        height=prepared.image.height,
        byte_size=len(prepared.image.data),
        history_id=history.id if history is not None else None,
        is_demo=is_demo,
        created_at=now,
    )
    session.add(photo)
    return photo
