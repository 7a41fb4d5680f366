"""A citizen's report coming in: the draft, its ticket, and the private follow-up code."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_layer.commands.base import (
    FOLLOWUP_CODE_LENGTH,
    Actor,
    MissingInformation,
    _bounded,
    _hasher,
    utcnow,
)
from data_layer.commands.workflow import (
    attach_photo,
)
from data_layer.config import Settings
from data_layer.cpu_guards import hash_check_slot
from data_layer.limits import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    TICKET_INPUT_MAX,
    TITLE_MAX,
)
from data_layer.models import (
    Category,
    Kelurahan,
    Report,
    StatusHistory,
)
from data_layer.notifications import subscribe
from data_layer.photos import DatabasePhotoStore, PhotoStore, PreparedPhoto
from data_layer.sla import SlaPolicy, calendar_from_settings
from data_layer.states import (
    Channel,
    Kind,
    PhotoKind,
    Status,
)
from data_layer.throttle import (
    allow_rule,
    followup_failures_per_address,
    followup_failures_per_report,
    retry_after,
)
from data_layer.tickets import ALPHABET, crockford_clean, new_ticket_code

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
    # Opted in to status-change e-mails, in this language ("id"/"en"); None: not.
    notify_lang: str | None = None


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
    if draft.notify_lang and report.reporter_email:
        subscribe(session, report_id=report.id, lang=draft.notify_lang, now=now)
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
