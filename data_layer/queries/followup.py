"""Reads for the reporter's follow-up on the tracking page.

This looks up any report by its ticket, public or not: the reporter of a
confidential or not-yet-verified report must be able to answer a request for
information too. The page shows none of it until the private follow-up code has
been checked (`commands.check_followup_code`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import Feedback, Report
from data_layer.states import FeedbackKind, Kind, Status


@dataclass(frozen=True)
class FollowupState:
    report_id: int
    ticket: str
    status: Status
    kind: Kind
    rating: int | None  # the reporter's latest rating, if any


def followup_state(session: Session, *, ticket: str) -> FollowupState | None:
    """The report behind a normalised ticket code, or None when there is none."""
    row = session.execute(
        select(Report.id, Report.ticket, Report.status, Report.kind).where(Report.ticket == ticket)
    ).first()
    if row is None:
        return None
    rating = session.scalar(
        select(Feedback.rating)
        .where(
            Feedback.report_id == row.id,
            Feedback.kind == FeedbackKind.CONFIRM.value,
            Feedback.rating.is_not(None),
        )
        .order_by(Feedback.id.desc())
        .limit(1)
    )
    return FollowupState(row.id, row.ticket, Status(row.status), Kind(row.kind), rating)
