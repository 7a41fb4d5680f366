"""Kinerja OPD's page per OPD: each responsible OPD's durations in order and its
overdue reports by due moment

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 03:30:00

Three covering indexes on `report`, leading on `responsible_opd_id`:
- `ix_report_responsible_{response,resolve}_days`: the OPD's durations in order, so
  its median and 90th percentile over a long period are index walks (at 1M reports,
  one OPD's headline went from 1.6 s to 0.2 s on SQLite);
- `ix_report_responsible_overdue`: the OPD's reports of each status by resolution due
  moment with the columns its overdue list shows, read without table rows.
Column lists are frozen here (a later change of the model comes with its own migration).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILTERS = ["received_at", "kind", "channel", "category_id", "kelurahan_code"]
_DURATIONS = {"response": "first_response_working_days", "resolve": "resolve_working_days"}


def upgrade() -> None:
    for name, column in _DURATIONS.items():
        op.create_index(
            f"ix_report_responsible_{name}_days",
            "report",
            ["responsible_opd_id", "confidential", column, "status", *_FILTERS],
        )
    op.create_index(
        "ix_report_responsible_overdue",
        "report",
        [
            "responsible_opd_id",
            "confidential",
            "status",
            "resolve_due_at",
            *_FILTERS,
            "opd_id",
            "ticket",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_report_responsible_overdue", table_name="report")
    for name in _DURATIONS:
        op.drop_index(f"ix_report_responsible_{name}_days", table_name="report")
