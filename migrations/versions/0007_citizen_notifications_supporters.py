"""status-change e-mail subscriptions and their outbox; supporters of a report

Revision ID: 0007
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_notification_subscription_report_id_report"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_subscription")),
        sa.UniqueConstraint("report_id", name=op.f("uq_notification_subscription_report_id")),
        sa.UniqueConstraint("token", name=op.f("uq_notification_subscription_token")),
    )
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("history_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["history_id"],
            ["status_history.id"],
            name=op.f("fk_notification_outbox_history_id_status_history"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_notification_outbox_report_id_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_outbox")),
    )
    op.create_index(
        "ix_notification_outbox_due", "notification_outbox", ["outcome", "next_attempt_at"]
    )
    op.create_table(
        "report_supporter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("supporter_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_supporter_report_id_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_supporter")),
        sa.UniqueConstraint(
            "report_id", "supporter_key", name=op.f("uq_report_supporter_report_id")
        ),
    )
    op.create_index(
        op.f("ix_report_supporter_report_id"), "report_supporter", ["report_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_supporter_report_id"), table_name="report_supporter")
    op.drop_table("report_supporter")
    op.drop_index("ix_notification_outbox_due", table_name="notification_outbox")
    op.drop_table("notification_outbox")
    op.drop_table("notification_subscription")
