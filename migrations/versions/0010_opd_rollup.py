"""Kinerja OPD: the responsible OPD on each report, its rollup, covering and partial indexes;
the heat map's rollup

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-05 08:00:00

`report.responsible_opd_id` and `report_tally_opd` are filled (and kept) by the
triggers data_layer.tally installs (after the upgrade then; by migration 0011 since): its
new trigger version recounts both.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MEASURES = (
    "reports",
    "verify_met",
    "verify_done",
    "response_met",
    "response_done",
    "resolve_met",
    "resolve_done",
    "ever_resolved",
    "reopened",
    "proofed",
    "response_days_known",
    "resolve_days_known",
)
_SLA_EVENTS = {
    "verify": ("verified_at", "verify_due_at"),
    "response": ("first_response_at", "first_response_due_at"),
    "resolve": ("resolved_at", "resolve_due_at"),
}
_SCORECARD_FILTERS = ["status", "kind", "channel", "category_id", "kelurahan_code"]


def upgrade() -> None:
    # Plain ALTER (no batch): SQLite adds a nullable column without a table rebuild.
    op.add_column("report", sa.Column("responsible_opd_id", sa.Integer(), nullable=True))
    op.create_table(
        "report_tally_opd",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("opd_key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("category_id", sa.Integer(), autoincrement=False, nullable=False),
        *(sa.Column(measure, sa.Integer(), nullable=False) for measure in _MEASURES),
        sa.PrimaryKeyConstraint(
            "month", "opd_key", "status", "kind", "channel", "category_id",
            name=op.f("pk_report_tally_opd"),
        ),
    )  # fmt: skip
    op.create_table(
        "report_tally_opd_place",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=10), nullable=False),
        sa.Column("opd_key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        *(sa.Column(measure, sa.Integer(), nullable=False) for measure in _MEASURES),
        sa.PrimaryKeyConstraint(
            "month", "kelurahan_code", "opd_key", "status",
            name=op.f("pk_report_tally_opd_place"),
        ),
    )  # fmt: skip
    op.create_table(
        "report_tally_heat",
        sa.Column("cell_row", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cell_col", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "cell_row", "cell_col", "status", name=op.f("pk_report_tally_heat")
        ),
    )
    op.create_index(
        "ix_report_responsible",
        "report",
        [
            "responsible_opd_id",
            "confidential",
            "received_at",
            "status",
            "kind",
            "channel",
            "category_id",
            "kelurahan_code",
            "first_response_working_days",
            "resolve_working_days",
        ],
    )
    for name, (done, due) in _SLA_EVENTS.items():
        op.create_index(
            f"ix_report_{name}_pending",
            "report",
            ["confidential", due, "received_at", "responsible_opd_id", *_SCORECARD_FILTERS],
            sqlite_where=sa.text(f"{done} IS NULL"),
            postgresql_where=sa.text(f"{done} IS NULL"),
        )


def downgrade() -> None:
    for name in _SLA_EVENTS:
        op.drop_index(f"ix_report_{name}_pending", table_name="report")
    op.drop_index("ix_report_responsible", table_name="report")
    op.drop_table("report_tally_heat")
    op.drop_table("report_tally_opd_place")
    op.drop_table("report_tally_opd")
    # Batch mode: SQLite cannot drop a column in place.
    with op.batch_alter_table("report") as batch_op:
        batch_op.drop_column("responsible_opd_id")
