"""What the reporter says after a resolution (confirm or dispute), and its publication."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.commands.base import (
    Actor,
    MissingInformation,
    NotPermitted,
    ReportNotFound,
    TransitionNotAllowed,
    _bounded,
    _clean,
)
from data_layer.commands.workflow import (
    _history_time,
    _load_for_update,
    add_progress_update,
    transition,
)
from data_layer.config import Settings
from data_layer.limits import (
    COMMENT_MAX,
)
from data_layer.models import (
    Feedback,
    StatusHistory,
)
from data_layer.states import (
    FeedbackKind,
    Role,
    Status,
)

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
