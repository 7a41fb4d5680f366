"""Status-change e-mails for reporters who opted in: queued in the transition, sent after.

`queue_status_notification` runs inside the transition's transaction (commands.
transition), so a message is queued exactly when the change commits and never
for a change that rolled back. `send_due_notifications` runs later, outside any
transition (the `send-notifications` command): each message is claimed in its
own short transaction, sent with no transaction open, and marked sent, or
retried later with backoff. Nothing here can block or undo a transition.

The e-mail address is read from the report only when sending; the outbox and the
subscription hold none. The unsubscribe token is random and per report.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from data_layer import notification_texts as texts
from data_layer.citizen_models import NotificationOutbox, NotificationSubscription
from data_layer.config import Settings
from data_layer.db import rows_affected
from data_layer.mail import Mail, MailError, mail_configured, send_mail
from data_layer.models import Opd, Photo, Report, StatusHistory
from data_layer.photos import photo_path
from data_layer.queries.public import listed_reports_condition
from data_layer.states import (
    REJECT_REASON_LABELS,
    STATUS_LABELS,
    PhotoKind,
    RejectReason,
    Status,
    statuses_where,
)
from data_layer.tickets import format_ticket_code

logger = logging.getLogger(__name__)

NOTIFIED_STATUSES = statuses_where(notify_reporter=True)  # states.STATUS_RULES
MAX_ATTEMPTS = 10
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=6)
# A claimed message is not claimed again for this long (a sender that died mid-send).
CLAIM_LEASE = dt.timedelta(minutes=10)
UNSUBSCRIBE_PATH = "/berhenti-langganan"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def subscribe(session: Session, *, report_id: int, lang: str, now: dt.datetime) -> str:
    """Opt a report's reporter in; returns the unsubscribe token."""
    token = secrets.token_urlsafe(32)
    session.add(
        NotificationSubscription(
            report_id=report_id, token=token, lang="en" if lang == "en" else "id", created_at=now
        )
    )
    return token


def queue_status_notification(
    session: Session, *, report_id: int, history: StatusHistory, now: dt.datetime
) -> bool:
    """Queue a message for this change when the reporter opted in (caller's transaction)."""
    if Status(history.to_status) not in NOTIFIED_STATUSES:
        return False
    subscribed = session.scalar(
        select(NotificationSubscription.id).where(
            NotificationSubscription.report_id == report_id,
            NotificationSubscription.unsubscribed_at.is_(None),
        )
    )
    if subscribed is None:
        return False
    session.add(
        NotificationOutbox(
            report_id=report_id,
            history_id=history.id,
            status=history.to_status,
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
    )
    return True


def unsubscribe(session: Session, *, token: str, now: dt.datetime) -> tuple[str, str] | None:
    """Stop the messages of the subscription with this token: (ticket, lang), or None."""
    if not token or len(token) > 64:
        return None
    row = session.execute(
        select(NotificationSubscription, Report.ticket)
        .join(Report, Report.id == NotificationSubscription.report_id)
        .where(NotificationSubscription.token == token)
    ).first()
    if row is None:
        return None
    subscription, ticket = row
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now
    return ticket, subscription.lang


@dataclass(frozen=True)
class SendSummary:
    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd … failure, at most six hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def send_due_notifications(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    limit: int = 100,
) -> SendSummary:
    """Send the messages that are due; `factory` must make write sessions."""
    if not mail_configured(settings) or not settings.public_base_url.strip():
        raise MailError("SMTP and PANTAU_PUBLIC_BASE_URL must be configured")
    now = now or _utcnow()
    counts = {"sent": 0, "skipped": 0, "retrying": 0, "failed": 0}
    with factory() as session:
        due = session.scalars(
            select(NotificationOutbox.id)
            .where(NotificationOutbox.outcome.is_(None), NotificationOutbox.next_attempt_at <= now)
            .order_by(NotificationOutbox.next_attempt_at, NotificationOutbox.id)
            .limit(limit)
        ).all()
    for outbox_id in due:
        counts[_send_one(factory, settings, outbox_id, now=now)] += 1
    return SendSummary(**counts)


def _send_one(
    factory: sessionmaker[Session], settings: Settings, outbox_id: int, *, now: dt.datetime
) -> str:
    with factory.begin() as session:
        # The claim: only one sender (process, replica) wins each due message.
        claimed = rows_affected(
            session.execute(
                update(NotificationOutbox)
                .where(
                    NotificationOutbox.id == outbox_id,
                    NotificationOutbox.outcome.is_(None),
                    NotificationOutbox.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + CLAIM_LEASE, attempts=NotificationOutbox.attempts + 1)
            )
        )
        if not claimed:
            return "skipped"
        mail = compose(session, settings, outbox_id)
        if mail is None:
            _finish(session, outbox_id, outcome="skipped", now=now)
            return "skipped"
    try:
        send_mail(settings, mail)
    except MailError as exc:
        with factory.begin() as session:
            row = session.get_one(NotificationOutbox, outbox_id)
            row.last_error = str(exc)[:200]
            if row.attempts >= MAX_ATTEMPTS:
                _finish(session, outbox_id, outcome="failed", now=now)
                logger.warning("notification %s failed %s times; given up", outbox_id, MAX_ATTEMPTS)
                return "failed"
            row.next_attempt_at = now + retry_delay(row.attempts)
        return "retrying"
    with factory.begin() as session:
        _finish(session, outbox_id, outcome="sent", now=now)
    return "sent"


def _finish(session: Session, outbox_id: int, *, outcome: str, now: dt.datetime) -> None:
    row = session.get_one(NotificationOutbox, outbox_id)
    row.outcome, row.done_at = outcome, now


def compose(session: Session, settings: Settings, outbox_id: int) -> Mail | None:
    """The message for one outbox row; None when it should not be sent any more."""
    row = session.execute(
        select(
            NotificationOutbox.status,
            Report.id,
            Report.ticket,
            Report.reporter_email,
            Report.reject_reason,
            listed_reports_condition().label("is_public"),
            Opd.name_id,
            Opd.name_en,
            StatusHistory.public_note,
            NotificationSubscription.token,
            NotificationSubscription.lang,
            NotificationSubscription.unsubscribed_at,
        )
        .join(Report, Report.id == NotificationOutbox.report_id)
        .join(StatusHistory, StatusHistory.id == NotificationOutbox.history_id)
        .join(NotificationSubscription, NotificationSubscription.report_id == Report.id)
        .outerjoin(Opd, Opd.id == Report.opd_id)
        .where(NotificationOutbox.id == outbox_id)
    ).first()
    if row is None or not row.reporter_email or row.unsubscribed_at is not None:
        return None
    lang = row.lang
    status = Status(row.status)
    base = settings.public_base_url.strip().rstrip("/")
    ticket = format_ticket_code(row.ticket)
    suffix = "&lang=en" if lang == "en" else ""
    opd = (row.name_en if lang == "en" else row.name_id) or texts.SOME_OPD[lang]
    lines = [texts.LEAD[status][lang].format(opd=opd)]
    if row.public_note:
        template = texts.QUESTION if status is Status.PERLU_INFO else texts.NOTE
        lines.append(template[lang].format(note=row.public_note))
    if status is Status.DITOLAK and row.reject_reason:
        reason = REJECT_REASON_LABELS[RejectReason(row.reject_reason)][lang]
        lines.append(texts.REASON[lang].format(reason=reason))
    if status is Status.SELESAI and row.is_public:
        key = session.scalar(
            select(Photo.image_key)
            .where(Photo.report_id == row.id, Photo.kind == PhotoKind.AFTER.value)
            .order_by(Photo.id.desc())
            .limit(1)
        )
        if key:
            lines.append(texts.AFTER_PHOTO[lang].format(url=base + photo_path(key)))
    lines.append(texts.TRACK[lang].format(url=f"{base}/lacak?tiket={ticket}{suffix}"))
    unsubscribe_url = f"{base}{UNSUBSCRIBE_PATH}?token={row.token}"
    lines += ["", "--", texts.UNSUBSCRIBE[lang].format(url=unsubscribe_url)]
    return Mail(
        to=row.reporter_email,
        subject=texts.SUBJECT[lang].format(ticket=ticket, status=STATUS_LABELS[status][lang]),
        body="\n\n".join(lines[:-3]) + "\n\n" + "\n".join(lines[-3:]),
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
