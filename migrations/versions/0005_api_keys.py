"""api keys for Open311 POST, which key filed which report; status history by time (feeds)

Revision ID: 0005
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_key_key_hash")),
        sa.UniqueConstraint("name", name=op.f("uq_api_key_name")),
    )
    op.create_table(
        "api_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_key_id"], ["api_key.id"], name=op.f("fk_api_submission_api_key_id_api_key")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_api_submission_report_id_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_submission")),
        sa.UniqueConstraint("report_id", name=op.f("uq_api_submission_report_id")),
    )
    op.create_index(
        "ix_api_submission_key_at", "api_submission", ["api_key_id", "at"], unique=False
    )
    op.create_index("ix_status_history_at", "status_history", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_status_history_at", table_name="status_history")
    op.drop_index("ix_api_submission_key_at", table_name="api_submission")
    op.drop_table("api_submission")
    op.drop_table("api_key")
