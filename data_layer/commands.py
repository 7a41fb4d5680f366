"""Writes: submitting a report, moving it through the workflow, photos, feedback.

Every state change goes through `transition`, which enforces the vocabulary in
`data_layer.states`, stamps the report's timestamps and SLA clocks, and appends
a history row. The caller owns the transaction: nothing here commits, so a
failure anywhere leaves nothing half-written once the caller rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_layer.config import Settings
from data_layer.cpu_guards import hash_check_slot
from data_layer.limits import (
    ADDRESS_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    TICKET_INPUT_MAX,
    TITLE_MAX,
)
from data_layer.models import (
    Category,
    Feedback,
    Kelurahan,
    Opd,
    Photo,
    Redaction,
    Report,
    StatusHistory,
)
from data_layer.photos import DatabasePhotoStore, PhotoStore, PreparedPhoto
from data_layer.sla import SlaPolicy, calendar_from_settings
from data_layer.states import (
    ALLOWED_BY_ROLE,
    PROGRESS_NOTE_BY_ROLE,
    Channel,
    FeedbackKind,
    Kind,
    PhotoKind,
    RejectReason,
    Role,
    Status,
    can_transition,
)
from data_layer.throttle import (
    allow_rule,
    followup_failures_per_address,
    followup_failures_per_report,
    retry_after,
)
from data_layer.tickets import ALPHABET, crockford_clean, new_ticket_code

FOLLOWUP_CODE_LENGTH = 12
CITIZEN_LABEL = "warga"
SYSTEM_LABEL = "sistem"
# The follow-up code is random (60 bits), not a human password, so OWASP's
# lighter argon2id profile (19 MiB, 2 passes, 1 lane) already puts guessing out
# of reach, at a fifth of the default cost on every submission.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- errors -----------------------------------------------------------------


class DomainError(Exception):
    """A request the workflow refuses. `code` selects the message shown to people."""

    code = "domain_error"

    def __init__(self, message: str = "", **details) -> None:
        super().__init__(message or self.code)
        self.details = details


class ReportNotFound(DomainError):
    code = "report_not_found"


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class AfterPhotoRequired(DomainError):
    code = "after_photo_required"


class NotPermitted(DomainError):
    code = "not_permitted"


class TextTooLong(DomainError):
    """Free text beyond its limit (data_layer.limits); `details` name the field and the limit."""

    code = "text_too_long"


class MissingInformation(DomainError):
    code = "missing_information"


class OpdUnavailable(DomainError):
    """Forwarding to an OPD that does not exist or no longer takes reports."""

    code = "opd_unavailable"


class NoteNotAllowed(DomainError):
    """A note without a change of status, where the workflow or the role does not allow one."""

    code = "note_not_allowed"


# --- who acts -----------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an operator (with role and OPD), the reporter, or the system."""

    label: str
    role: Role | None = None
    operator_id: int | None = None
    opd_id: int | None = None

    @classmethod
    def citizen(cls) -> Actor:
        return cls(label=CITIZEN_LABEL)

    @classmethod
    def system(cls) -> Actor:
        return cls(label=SYSTEM_LABEL)

    @classmethod
    def operator(cls, *, operator_id: int, role: Role, opd_id: int | None = None) -> Actor:
        return cls(label=Role(role).value, role=Role(role), operator_id=operator_id, opd_id=opd_id)


# --- submission -----------------------------------------------------------------


@dataclass(frozen=True)
class ReportDraft:
    kind: Kind
    category_id: int
    title: str
    description: str
    kelurahan_code: str
    channel: Channel = Channel.WEBSITE
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reporter_email: str | None = None
    reporter_nik: str | None = None
    anonymous: bool = False
    confidential: bool = False
    photos: tuple[PreparedPhoto, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SubmittedReport:
    report_id: int
    ticket: str
    # Shown to the reporter once; only its hash is stored. None when this
    # submission repeated an earlier one (double click, browser retry).
    followup_code: str | None
    duplicate_submission: bool = False


def submit_report(
    session: Session,
    *,
    draft: ReportDraft,
    settings: Settings,
    submission_key: str | None = None,
    actor: Actor | None = None,
    now: dt.datetime | None = None,
    store: PhotoStore | None = None,
) -> SubmittedReport:
    """Create a report with its photos and first history row, in the caller's transaction."""
    for name, text, maximum in (
        ("title", draft.title, TITLE_MAX),
        ("description", draft.description, DESCRIPTION_MAX),
        ("address", draft.address, ADDRESS_MAX),
        ("name", draft.reporter_name, NAME_MAX),
    ):
        _bounded(text, maximum=maximum, field=name)
    if submission_key:
        existing = session.execute(
            select(Report.id, Report.ticket).where(Report.submission_key == submission_key)
        ).first()
        if existing:
            return SubmittedReport(existing.id, existing.ticket, None, duplicate_submission=True)
    now = now or utcnow()
    actor = actor or Actor.citizen()
    category = session.get(Category, draft.category_id)
    if category is None:
        raise MissingInformation("unknown category", field="category")
    if session.get(Kelurahan, draft.kelurahan_code) is None:
        raise MissingInformation("unknown kelurahan", field="kelurahan")
    calendar = calendar_from_settings(settings)
    policy = SlaPolicy.from_settings(settings)
    followup_code = new_followup_code()
    report = Report(
        kind=Kind(draft.kind).value,
        category_id=category.id,
        title=draft.title.strip(),
        description=draft.description.strip(),
        channel=Channel(draft.channel).value,
        kelurahan_code=draft.kelurahan_code,
        latitude=draft.latitude,
        longitude=draft.longitude,
        address=(draft.address or "").strip() or None,
        reporter_name=draft.reporter_name or None,
        reporter_phone=draft.reporter_phone or None,
        reporter_email=draft.reporter_email or None,
        reporter_nik=draft.reporter_nik or None,
        anonymous=draft.anonymous,
        confidential=draft.confidential,
        followup_hash=_hasher.hash(followup_code),
        submission_key=submission_key,
        text_fingerprint=text_fingerprint(draft.title, draft.description),
        status=Status.DITERIMA.value,
        resolution_class=category.resolution_class,
        received_at=now,
        updated_at=now,
        verify_due_at=calendar.add_working_days(now, policy.verify_days),
    )
    _insert_with_unique_ticket(session, report)
    history = StatusHistory(
        report_id=report.id,
        from_status=None,
        to_status=Status.DITERIMA.value,
        at=now,
        operator_id=actor.operator_id,
        actor_label=actor.label,
        public_note=None,
    )
    session.add(history)
    session.flush()
    store = store or DatabasePhotoStore(session)
    for prepared in draft.photos:
        attach_photo(
            session,
            report=report,
            prepared=prepared,
            kind=PhotoKind.BEFORE,
            history=history,
            store=store,
            now=now,
        )
    session.flush()
    return SubmittedReport(report.id, report.ticket, followup_code)


def text_fingerprint(title: str, description: str) -> str:
    """The same for texts that differ only in case and blanks (a copy-paste flood)."""
    normalised = " ".join(f"{title}\n{description}".casefold().split())
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


def _insert_with_unique_ticket(session: Session, report: Report, attempts: int = 5) -> None:
    # 45 random bits make a clash unlikely, but never impossible: retry inside a
    # savepoint so the caller's transaction survives.
    for attempt in range(attempts):
        report.ticket = new_ticket_code()
        try:
            with session.begin_nested():
                session.add(report)
                session.flush()
            return
        except IntegrityError:
            # Only a ticket clash is worth another draw; anything else (a repeated
            # submission key, a missing kelurahan) fails the same way every time.
            if attempt == attempts - 1 or not _ticket_taken(session, report.ticket):
                raise


def _ticket_taken(session: Session, ticket: str) -> bool:
    return bool(session.scalar(select(func.count()).where(Report.ticket == ticket)))


def new_followup_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(FOLLOWUP_CODE_LENGTH))


@dataclass(frozen=True)
class FollowupUnlock:
    """The outcome of one follow-up code typed: accepted, or refused with a wait."""

    accepted: bool
    wait_seconds: int = 0  # > 0: refused unchecked, or the next try must wait this long


def unlock_followup(
    session: Session,
    *,
    report_id: int,
    code: str,
    client_address: str,
    now: dt.datetime | None = None,
) -> FollowupUnlock:
    """Check a follow-up code with failures counted in the database, per report and
    per client address (not per browser session). Run it in a write transaction.

    Past either limit the code is not even checked (no argon2 work) until the
    failures decay.
    """
    throttles = (
        (followup_failures_per_report(), str(report_id)),
        (followup_failures_per_address(), client_address),
    )
    wait = max(retry_after(session, rule, key=key, now=now) for rule, key in throttles)
    if wait:
        return FollowupUnlock(accepted=False, wait_seconds=wait)
    if check_followup_code(session, report_id=report_id, code=code):
        return FollowupUnlock(accepted=True)
    for rule, key in throttles:
        allow_rule(session, rule, key=key, now=now)
    wait = max(retry_after(session, rule, key=key, now=now) for rule, key in throttles)
    return FollowupUnlock(accepted=False, wait_seconds=wait)


def check_followup_code(session: Session, *, report_id: int, code: str) -> bool:
    stored = session.scalar(select(Report.followup_hash).where(Report.id == report_id))
    if not stored:
        return False
    # The code uses the ticket alphabet, so read it as leniently as a ticket.
    try:
        with hash_check_slot():
            return _hasher.verify(stored, crockford_clean(code[:TICKET_INPUT_MAX]))
    except (VerificationError, InvalidHashError):
        return False


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
) -> StatusHistory:
    """Move a report to `to`, or raise a DomainError and change nothing.

    `internal_note_for_opd`: whether the OPD may read the internal note (None:
    the default of `internal_note_audience`; never for an anonymous report).
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

    _apply_side_effects(session, report, to, now=now, opd_id=opd_id, settings=settings)
    if reason is not None:
        report.reject_reason = reason.value
    return _record_history(
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


def add_progress_update(
    session: Session,
    *,
    report_id: int,
    actor: Actor,
    public_note: str,
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
    allowed = ALLOWED_BY_ROLE.get(actor.role) if actor.role else ALLOWED_BY_ROLE[None]
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
    if (
        to in (Status.DIVERIFIKASI, Status.DITOLAK, Status.BUKAN_WEWENANG)
        and report.verified_at is None
    ):
        report.verified_at = now
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
        report.forwarded_at = now
        report.first_response_due_at = calendar.add_working_days(now, policy.first_response_days)
        report.resolve_due_at = calendar.add_working_days(
            now, policy.resolve_days(report.resolution_class)
        )
    if to is Status.DIPROSES and report.first_response_at is None:
        report.first_response_at = now
        report.first_response_working_days = calendar.working_days_between(
            report.forwarded_at or now, now
        )
    if to is Status.SELESAI:
        report.resolved_at = now
        report.resolve_working_days = calendar.working_days_between(
            report.forwarded_at or report.received_at, now
        )
    if to in (Status.DITUTUP, Status.DITOLAK, Status.BUKAN_WEWENANG):
        report.closed_at = now
    if to is Status.DIBUKA_KEMBALI:
        report.reopen_count += 1
        report.closed_at = None
    report.status = to.value
    report.updated_at = now


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


# --- the reporter's follow-up ---------------------------------------------------


def record_feedback(
    session: Session,
    *,
    report_id: int,
    kind: FeedbackKind,
    settings: Settings,
    rating: int | None = None,
    comment: str | None = None,
    now: dt.datetime | None = None,
) -> Feedback:
    """The reporter (already checked with the follow-up code) confirms, disputes or adds info.

    A dispute reopens the report; a confirmation closes a resolved one. What the
    reporter writes is kept as feedback for operators, never published as it
    stands (it may carry a phone number or a name): an operator publishes a
    moderated version with `publish_feedback`.
    """
    _bounded(comment, maximum=COMMENT_MAX, field="comment")
    kind = FeedbackKind(kind)
    report = _load_for_update(session, report_id)
    now = _history_time(session, report.id, now)
    status = Status(report.status)
    if kind is FeedbackKind.INFO and status is not Status.PERLU_INFO:
        raise TransitionNotAllowed("information is only asked for in perlu_info")
    if kind is FeedbackKind.CONFIRM and status is not Status.SELESAI:
        raise TransitionNotAllowed("only a resolved report can be confirmed")
    if kind is FeedbackKind.DISPUTE and status not in (Status.SELESAI, Status.DITUTUP):
        raise TransitionNotAllowed("only a resolved or closed report can be disputed")
    if kind is FeedbackKind.INFO and _clean(comment) is None:
        raise MissingInformation("the information asked for is missing", field="comment")
    if rating is not None and not 1 <= rating <= 5:
        raise MissingInformation("rating is 1 to 5", field="rating")
    feedback = Feedback(
        report_id=report.id,
        kind=kind.value,
        rating=rating,
        comment=_clean(comment),
        created_at=now,
    )
    session.add(feedback)
    if kind is FeedbackKind.DISPUTE:
        transition(
            session,
            report_id=report.id,
            to=Status.DIBUKA_KEMBALI,
            actor=Actor.citizen(),
            settings=settings,
            public_note=None,
            now=now,
        )
    elif kind is FeedbackKind.CONFIRM:
        transition(
            session,
            report_id=report.id,
            to=Status.DITUTUP,
            actor=Actor.citizen(),
            settings=settings,
            public_note=None,
            now=now,
        )
    else:
        add_progress_update(
            session,
            report_id=report.id,
            actor=Actor.citizen(),
            public_note=None,
            internal_note=_clean(comment),
            now=now,
        )
    session.flush()
    return feedback


def _bounded(text: str | None, *, maximum: int, field: str) -> None:
    if text is not None and len(text.strip()) > maximum:
        raise TextTooLong(f"{field} longer than {maximum} characters", field=field, max=maximum)


def publish_feedback(
    session: Session,
    *,
    feedback_id: int,
    actor: Actor,
    public_note: str,
    now: dt.datetime | None = None,
) -> StatusHistory:
    """Publish what a reporter said, as moderated by a verifier or admin, on the timeline.

    The operator's text is published, not the stored comment: they remove
    anything personal first. The feedback itself stays unchanged for the audit.
    """
    if actor.role not in (Role.ADMIN, Role.VERIFIKATOR):
        raise NotPermitted("only Diskominfo publishes a reporter's words")
    note = _clean(public_note)
    if note is None:
        raise MissingInformation("the moderated note is empty", field="public_note")
    report_id = session.scalar(select(Feedback.report_id).where(Feedback.id == feedback_id))
    if report_id is None:
        raise ReportNotFound(f"feedback {feedback_id}")
    return add_progress_update(session, report_id=report_id, actor=actor, public_note=note, now=now)


# --- take-down: redaction -------------------------------------------------------------

REDACTED_MARK = "[disunting oleh Diskominfo]"
REPORT_FIELDS = ("title", "description")
NOTE_FIELDS = ("public_note", "internal_note")
_REDACTION_MAX = {
    "title": TITLE_MAX,
    "description": DESCRIPTION_MAX,
    "public_note": NOTE_MAX,
    "internal_note": NOTE_MAX,
}


def redact(
    session: Session,
    *,
    report_id: int,
    actor: Actor,
    field: str,
    reason: str,
    replacement: str | None = None,
    history_id: int | None = None,
    now: dt.datetime | None = None,
) -> Redaction:
    """Replace a report's title or description, or a note of one history row, in place.

    The original is kept in `Redaction` (admins only); `replacement` defaults to
    REDACTED_MARK. Verifiers and admins only; a reason is required.
    """
    if actor.role not in (Role.ADMIN, Role.VERIFIKATOR):
        raise NotPermitted("only Diskominfo redacts")
    if _clean(reason) is None:
        raise MissingInformation("a redaction needs a reason", field="reason")
    if field not in _REDACTION_MAX:
        raise MissingInformation(f"unknown field {field!r}", field="field")
    _bounded(replacement, maximum=_REDACTION_MAX[field], field="replacement")
    _bounded(reason, maximum=NOTE_MAX, field="reason")
    report = _load_for_update(session, report_id)
    target: Report | StatusHistory = report
    if field in NOTE_FIELDS:
        target = session.scalar(
            select(StatusHistory).where(
                StatusHistory.id == history_id, StatusHistory.report_id == report.id
            )
        )
        if target is None:
            raise MissingInformation("no such history row on this report", field="history_id")
    elif history_id is not None:
        raise MissingInformation("a report field belongs to no history row", field="history_id")
    original = getattr(target, field)
    new_text = _clean(replacement) or REDACTED_MARK
    setattr(target, field, new_text)
    redaction = Redaction(
        report_id=report.id,
        history_id=history_id,
        field=field,
        original=original,
        replacement=new_text,
        reason=_clean(reason),
        operator_id=actor.operator_id,
        actor_label=actor.label,
        at=now or utcnow(),
    )
    session.add(redaction)
    report.updated_at = redaction.at
    session.flush()
    return redaction


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
