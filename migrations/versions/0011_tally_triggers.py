"""the tally triggers: installed by this migration, no longer by `migrate` after the upgrade

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 13:00:00

The triggers that keep the rollup tables, `report.after_photos` and
`report.responsible_opd_id` exact are dialect-specific SQL that autogenerate
cannot see; data_layer.tally builds that SQL (for the city's time zone, read
from the settings as env.py reads the database URL). Until now
`python -m data_layer migrate` installed them after every upgrade; from here
Alembic is the only path to the schema, triggers included.

On a database that already has them (every database migrated before), this
changes nothing. Where they are missing or of an older version, they are
(re)created and the rollups recounted in this migration's transaction.

A later change of the triggers (a new `_READY_VERSION` in tally.py) comes with
its own migration calling `install_tally_triggers`; so does a migration whose
SQLite batch mode rebuilds the `report` or `photo` table (which drops the
triggers on it).
"""

from collections.abc import Sequence

from alembic import op

from data_layer.tally import drop_tally_triggers, install_tally_triggers

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    install_tally_triggers(op.get_bind())


def downgrade() -> None:
    # At 0010 `migrate` installed the triggers itself after the upgrade; a database
    # downgraded here gets them back from that version of the code.
    drop_tally_triggers(op.get_bind())
