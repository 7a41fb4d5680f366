"""Who among the operators sees which report, and which SLA deadline a report runs on now.

Every operator read takes the signed-in operator (`viewer`) and restricts what it
returns by role, in the query layer rather than only in the pages:

- admin and verifikator see every report;
- an opd operator sees only reports forwarded to their own OPD;
- an anonymous (anonim) reporter's identity is never returned to an opd operator;
- an opd operator reads only the internal notes meant for the OPD
  (`StatusHistory.internal_note_for_opd`);
- the originals of redacted texts are returned to admins only.

Nothing in the operator queries is public: none of it may go through the shared
`ui.cache` getters.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, false, true

from data_layer.models import (
    Report,
)
from data_layer.operators import OperatorIdentity
from data_layer.states import (
    Deadline,
    Role,
    Status,
    statuses_where,
)


def status_values(statuses) -> list[str]:
    """Status values, sorted, for an IN (...) clause (a stable statement for the cache)."""
    return sorted(Status(status).value for status in statuses)


# --- who sees what ----------------------------------------------------------------


def visible_to(viewer: OperatorIdentity) -> ColumnElement[bool]:
    """The reports this operator may see (and so act on)."""
    if viewer.role is Role.OPD:
        if viewer.opd_id is None:
            return false()
        return and_(Report.opd_id == viewer.opd_id, Report.forwarded_at.is_not(None))
    return true()


def current_due_at() -> ColumnElement:
    """The SLA deadline that applies to a report's current status (None once handled).

    Diskominfo must verify and forward within the verification window; once
    forwarded the OPD owes a first response, then the resolution.
    """
    due = {
        Deadline.VERIFY: Report.verify_due_at,
        Deadline.FIRST_RESPONSE: Report.first_response_due_at,
        Deadline.RESOLVE: Report.resolve_due_at,
    }
    return case(
        *((Report.status.in_(status_values(statuses_where(deadline=d))), due[d]) for d in Deadline),
        else_=None,
    )
