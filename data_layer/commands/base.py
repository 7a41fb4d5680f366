"""What every write shares: the clock, the errors a write can raise, and who acts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher

from data_layer.states import (
    Role,
)

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


def _bounded(text: str | None, *, maximum: int, field: str) -> None:
    if text is not None and len(text.strip()) > maximum:
        raise TextTooLong(f"{field} longer than {maximum} characters", field=field, max=maximum)


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
