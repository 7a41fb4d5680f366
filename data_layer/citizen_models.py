"""Tables of what a citizen asked for beyond their report: status e-mails and support.

Kept apart from data_layer/models.py (which imports this module at its end, so
one metadata holds every table; this module imports only the shared base). None of these tables holds an e-mail address:
the address stays on the report, read only when a message is sent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.model_base import Base


class NotificationSubscription(Base):
    """A reporter who asked, at submission, to hear of status changes by e-mail."""

    __tablename__ = "notification_subscription"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), unique=True)
    # The one-link unsubscribe capability (random, 256 bits); never shown on a page.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    lang: Mapped[str] = mapped_column(String(2), default="id")  # the language of the messages
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class NotificationOutbox(Base):
    """One status-change message to send, written in the transition's own transaction.

    `send-notifications` sends after commit; a failure sets `next_attempt_at` later
    (backoff) and never touches the report. `outcome`: NULL while pending, then
    "sent", "skipped" (unsubscribed, or no address any more) or "failed" (gave up).
    """

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_due", "outcome", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"))
    history_id: Mapped[int] = mapped_column(ForeignKey("status_history.id"))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(10))
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class ReportSupporter(Base):
    """A citizen who said "saya juga mengalami ini" about an existing report.

    `supporter_key` is the submission form's own key (one per filled-in form), so
    one form counts once; the count per address is limited by data_layer.throttle.
    """

    __tablename__ = "report_supporter"
    __table_args__ = (UniqueConstraint("report_id", "supporter_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    supporter_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
