"""rollups by place and category, photo counts, covering indexes for every filter

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-04 17:50:00

The triggers that fill the new tables and `report.after_photos` are installed
(and everything recounted) by data_layer.tally: after the upgrade at the time,
by migration 0011 since.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILTERED = ["received_at", "kelurahan_code", "kind", "channel", "category_id", "opd_id"]
_KELURAHAN_INDEX = [
    "kelurahan_code",
    "confidential",
    "resolve_working_days",
    "status",
    "resolve_due_at",
    "kind",
    "channel",
    "category_id",
    "opd_id",
    "received_at",
]
_MEASURES = ("reports", "resolve_days_known", "proofed")


def _rollup(name: str, *keys: sa.Column) -> None:
    op.create_table(
        name,
        *keys,
        *(sa.Column(measure, sa.Integer(), nullable=False) for measure in _MEASURES),
        sa.PrimaryKeyConstraint(*(key.name for key in keys), name=op.f(f"pk_{name}")),
    )


def upgrade() -> None:
    # Plain ALTERs (no batch): SQLite adds a column and indexes without a table rebuild.
    op.add_column(
        "report", sa.Column("after_photos", sa.Integer(), server_default="0", nullable=False)
    )
    for table in ("report_tally", "report_tally_total"):
        op.add_column(
            table, sa.Column("proofed", sa.Integer(), server_default="0", nullable=False)
        )
    _rollup(
        "report_tally_place",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
    )
    _rollup(
        "report_tally_place_category",
        sa.Column("category_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
    )
    op.drop_index("ix_report_overdue", table_name="report")
    op.drop_index("ix_report_resolve_days", table_name="report")
    op.drop_index("ix_report_kelurahan_status", table_name="report")
    op.drop_index("ix_report_location", table_name="report")
    op.create_index("ix_report_kelurahan_status", "report", _KELURAHAN_INDEX)
    op.create_index(
        "ix_report_location", "report", ["status", "confidential", "latitude", "longitude", "anonymous", *_FILTERED]
    )
    op.create_index(
        "ix_report_overdue", "report", ["status", "confidential", "resolve_due_at", *_FILTERED]
    )
    op.create_index(
        "ix_report_resolve_days",
        "report",
        ["confidential", "resolve_working_days", "status", *_FILTERED],
    )
    op.create_index(
        "ix_report_received_cover",
        "report",
        [
            "received_at",
            "confidential",
            "status",
            "kelurahan_code",
            "kind",
            "channel",
            "category_id",
            "opd_id",
            "after_photos",
            "resolve_working_days",
        ],
    )
    op.create_index(
        "ix_report_gallery",
        "report",
        [
            "confidential",
            "resolved_at",
            "id",
            "status",
            "after_photos",
            "kelurahan_code",
            "kind",
            "channel",
            "category_id",
            "opd_id",
            "received_at",
        ],
    )

    if op.get_bind().dialect.name == "sqlite":
        # SQLite's planner ignores an index it has no statistics for.
        op.execute("ANALYZE report")


def downgrade() -> None:
    op.drop_index("ix_report_gallery", table_name="report")
    op.drop_index("ix_report_received_cover", table_name="report")
    op.drop_index("ix_report_resolve_days", table_name="report")
    op.drop_index("ix_report_overdue", table_name="report")
    op.drop_index("ix_report_location", table_name="report")
    op.drop_index("ix_report_kelurahan_status", table_name="report")
    op.create_index(
        "ix_report_location", "report", ["status", "confidential", "latitude", "longitude"]
    )
    op.create_index(
        "ix_report_kelurahan_status",
        "report",
        ["kelurahan_code", "status", "confidential", "resolve_due_at", "resolve_working_days"],
    )
    op.create_index(
        "ix_report_resolve_days",
        "report",
        ["confidential", "resolve_working_days", "status", "received_at"],
    )
    op.create_index(
        "ix_report_overdue", "report", ["status", "confidential", "resolve_due_at", "received_at"]
    )
    op.drop_table("report_tally_place_category")
    op.drop_table("report_tally_place")
    # Batch mode: SQLite cannot drop a column in place.
    for table in ("report_tally_total", "report_tally", "report"):
        column = "after_photos" if table == "report" else "proofed"
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
