"""Take-down: a verifier or admin redacts a report's text or a note, the original kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.commands.base import (
    Actor,
    MissingInformation,
    NotPermitted,
    _bounded,
    _clean,
    utcnow,
)
from data_layer.commands.workflow import (
    _load_for_update,
)
from data_layer.limits import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    TITLE_MAX,
)
from data_layer.models import (
    Redaction,
    Report,
    StatusHistory,
)
from data_layer.states import (
    Role,
)

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
