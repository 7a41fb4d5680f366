"""take-down (status ditarik), redaction audit, internal notes scoped by role

Revision ID: 0002
Revises: 0009
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here (a migration must not change when states.py does).
_OLD_STATUSES = (
    "diterima", "perlu_info", "diverifikasi", "ditolak", "bukan_wewenang", "diteruskan",
    "diproses", "selesai", "ditutup", "dibuka_kembali", "arsip",
)  # fmt: skip
_NEW_STATUSES = (*_OLD_STATUSES, "ditarik")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _status_checks(values: tuple[str, ...]) -> None:
    for table, column in (("report", "status"), ("status_history", "to_status")):
        name = f"ck_{table}_{column}"
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(name), type_="check")
            batch_op.create_check_constraint(op.f(name), _one_of(column, values))


def upgrade() -> None:
    _status_checks(_NEW_STATUSES)
    with op.batch_alter_table("status_history", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "internal_note_for_opd", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    # Notes written so far: the OPD keeps reading its own notes and Diskominfo's on
    # reports whose reporter is not anonymous; a reporter's own words (warga) and
    # anything on an anonymous report stay within Diskominfo.
    op.execute(
        "UPDATE status_history SET internal_note_for_opd = true WHERE actor_label = 'opd' "
        "OR (actor_label IN ('verifikator', 'admin') AND report_id IN "
        "(SELECT id FROM report WHERE anonymous = false))"
    )
    op.create_table(
        "redaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("history_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("original", sa.Text(), nullable=True),
        sa.Column("replacement", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "field IN ('title', 'description', 'public_note', 'internal_note')",
            name=op.f("ck_redaction_field"),
        ),
        sa.ForeignKeyConstraint(
            ["history_id"], ["status_history.id"], name=op.f("fk_redaction_history_id_status_history")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_redaction_operator_id_operator")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_redaction_report_id_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaction")),
    )
    with op.batch_alter_table("redaction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redaction_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("redaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redaction_report_id"))
    op.drop_table("redaction")
    with op.batch_alter_table("status_history", schema=None) as batch_op:
        batch_op.drop_column("internal_note_for_opd")
    # A withdrawn report cannot be described by the old schema: it becomes archived.
    op.execute("UPDATE report SET status = 'arsip' WHERE status = 'ditarik'")
    op.execute("UPDATE status_history SET to_status = 'arsip' WHERE to_status = 'ditarik'")
    op.execute("UPDATE status_history SET from_status = 'arsip' WHERE from_status = 'ditarik'")
    _status_checks(_OLD_STATUSES)
