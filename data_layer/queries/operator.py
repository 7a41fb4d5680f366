"""The operator area's reads, by job, re-exported here so `data_layer.queries.operator` keeps
working for every caller:

- `operator_access`: who sees which report, the deadline a report runs on now;
- `operator_queues`: the work queues (paged, sorted and filtered in SQL) and ticket search;
- `operator_report`: one report with its audit trail and the actions offered;
- `operator_admin`: lists for forms and the admin page.
"""

from __future__ import annotations

from data_layer.queries.operator_access import current_due_at, status_values, visible_to
from data_layer.queries.operator_admin import (
    CategoryRouting,
    OpdChoice,
    OperatorRow,
    category_routing,
    kelurahan_choices,
    opd_choices,
    operator_accounts,
)
from data_layer.queries.operator_queues import (
    MIN_TICKET_FRAGMENT,
    QUEUE_LIMIT,
    SAME_TEXT_WINDOW,
    OpdWorkload,
    Queue,
    QueueRow,
    QueueSort,
    QueueView,
    find_by_ticket,
    forwarding_queue,
    needs_information_queue,
    opd_queue,
    opd_workloads,
    overdue_queue,
    verification_queue,
)
from data_layer.queries.operator_report import (
    ACTION_ORDER,
    AuditEntry,
    FeedbackEntry,
    RedactionEntry,
    ReportDetail,
    Reporter,
    ReportPhotoView,
    can_add_progress,
    offered_actions,
    report_detail,
    report_id_for_ticket,
)

__all__ = [
    "ACTION_ORDER",
    "MIN_TICKET_FRAGMENT",
    "QUEUE_LIMIT",
    "SAME_TEXT_WINDOW",
    "AuditEntry",
    "CategoryRouting",
    "FeedbackEntry",
    "OpdChoice",
    "OpdWorkload",
    "OperatorRow",
    "Queue",
    "QueueRow",
    "QueueSort",
    "QueueView",
    "RedactionEntry",
    "ReportDetail",
    "ReportPhotoView",
    "Reporter",
    "can_add_progress",
    "category_routing",
    "current_due_at",
    "find_by_ticket",
    "forwarding_queue",
    "kelurahan_choices",
    "needs_information_queue",
    "offered_actions",
    "opd_choices",
    "opd_queue",
    "opd_workloads",
    "operator_accounts",
    "overdue_queue",
    "report_detail",
    "report_id_for_ticket",
    "status_values",
    "verification_queue",
    "visible_to",
]
