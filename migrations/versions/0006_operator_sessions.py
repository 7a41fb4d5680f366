"""operator sessions: signed cookies backed by a server-side table (hashes only)

Revision ID: 0006
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "operator_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(), nullable=True),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_operator_session_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_session")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_operator_session_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_operator_session_token_hash")),
    )
    op.create_index(
        op.f("ix_operator_session_expires_at"), "operator_session", ["expires_at"], unique=False
    )
    op.create_index(
        op.f("ix_operator_session_operator_id"), "operator_session", ["operator_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_operator_session_operator_id"), table_name="operator_session")
    op.drop_index(op.f("ix_operator_session_expires_at"), table_name="operator_session")
    op.drop_table("operator_session")
