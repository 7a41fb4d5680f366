"""Writes: submitting a report, moving it through the workflow, photos, feedback.

Every state change goes through `transition`, which enforces the vocabulary in
`data_layer.states`, stamps the report's timestamps and SLA clocks, and appends
a history row. The caller owns the transaction: nothing here commits, so a
failure anywhere leaves nothing half-written once the caller rolls back.

The package, one job a module: `base` (the clock, errors, `Actor`), `submission`,
`workflow` (`transition` and everything it stamps), `followup` (the reporter's
feedback) and `redaction` (take-down). Every name is importable from here.

Writes that are not about one report live beside it: operator accounts in
`data_layer.operators`, boundaries in `data_layer.geography` and
`data_layer.boundary_import`, reference data in `data_layer.reference_data`,
API keys in `data_layer.api_keys`, counters in `data_layer.throttle`.
"""

from data_layer.commands.base import (
    CITIZEN_LABEL,
    FOLLOWUP_CODE_LENGTH,
    SYSTEM_LABEL,
    Actor,
    AfterPhotoRequired,
    DomainError,
    MissingInformation,
    NoteNotAllowed,
    NotPermitted,
    OpdUnavailable,
    ReportNotFound,
    TextTooLong,
    TransitionNotAllowed,
    utcnow,
)
from data_layer.commands.followup import (
    publish_feedback,
    record_feedback,
)
from data_layer.commands.redaction import (
    NOTE_FIELDS,
    REDACTED_MARK,
    REPORT_FIELDS,
    redact,
)
from data_layer.commands.submission import (
    FollowupUnlock,
    ReportDraft,
    SubmittedReport,
    check_followup_code,
    new_followup_code,
    submit_report,
    text_fingerprint,
    unlock_followup,
)
from data_layer.commands.workflow import (
    DESTINATION_NOTE,
    add_progress_update,
    attach_photo,
    default_opd_id,
    internal_note_audience,
    transition,
)

__all__ = [
    "CITIZEN_LABEL",
    "DESTINATION_NOTE",
    "FOLLOWUP_CODE_LENGTH",
    "NOTE_FIELDS",
    "REDACTED_MARK",
    "REPORT_FIELDS",
    "SYSTEM_LABEL",
    "Actor",
    "AfterPhotoRequired",
    "DomainError",
    "FollowupUnlock",
    "MissingInformation",
    "NotPermitted",
    "NoteNotAllowed",
    "OpdUnavailable",
    "ReportDraft",
    "ReportNotFound",
    "SubmittedReport",
    "TextTooLong",
    "TransitionNotAllowed",
    "add_progress_update",
    "attach_photo",
    "check_followup_code",
    "default_opd_id",
    "internal_note_audience",
    "new_followup_code",
    "publish_feedback",
    "record_feedback",
    "redact",
    "submit_report",
    "text_fingerprint",
    "transition",
    "unlock_followup",
    "utcnow",
]
