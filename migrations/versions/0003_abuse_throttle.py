"""abuse control: throttle counters, operator session epoch

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-04 17:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "throttle_counter",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", "window_start", name=op.f("pk_throttle_counter")),
    )
    op.create_index(
        op.f("ix_throttle_counter_expires_at"), "throttle_counter", ["expires_at"], unique=False
    )
    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False)
        )
    # Reports received before this revision keep NULL: a flood is a matter of
    # days, and hashing every old report here would hold the migration for minutes.
    op.add_column("report", sa.Column("text_fingerprint", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_report_text_fingerprint", "report", ["text_fingerprint", "received_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_report_text_fingerprint", table_name="report")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("text_fingerprint")
    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
    op.drop_index(op.f("ix_throttle_counter_expires_at"), table_name="throttle_counter")
    op.drop_table("throttle_counter")
