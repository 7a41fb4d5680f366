# ruff: noqa: S608 - SQL built from module constants only, never from input.
"""The report tallies: counts per current state (and per local month), kept exact by triggers.

Two tables: `report_tally` (per month of receipt, for trends and month lists)
and `report_tally_total` (the same without the month, ~100 times smaller, for
figures over all time). The live status page answers its unfiltered questions
from them instead of scanning every report.

Why triggers rather than calls from the write functions: every path that
changes a report (the workflow commands, the demo seeder's bulk inserts, an
admin correction, a future importer) keeps the tallies right without knowing
they exist, and the counts change in the same transaction as the report, so a
tally is never stale and never half-updated.

The triggers are not part of the Alembic migration (autogenerate cannot see
them): `ensure_report_tally` installs them idempotently after every upgrade
(`data_layer.cli.migrate_and_load_reference`) and recounts whenever they had to
be (re)created, e.g. after SQLite batch mode rebuilt the report table. Readers
ask `tally_ready` first and fall back to scanning reports when it says no.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from data_layer.models import AppMeta
from data_layer.queries.time import bucket_sql, local_utc_offset_hours


def ready_value() -> str:
    """The marker of triggers built for this city's month buckets: moving the database
    to a city in another zone (or a new trigger version) makes them rebuild and recount."""
    return f"{_READY_VERSION}-utc+{local_utc_offset_hours()}"


READY_KEY = "report_tally"
_READY_VERSION = "triggers-v2"
# Columns whose change moves a report from one tally row to another.
_TRACKED = (
    "status, confidential, kind, channel, category_id, opd_id, received_at, resolve_working_days"
)
_DAYS_KNOWN = {
    "sqlite": "({row}.resolve_working_days IS NOT NULL)",
    "postgresql": "(CASE WHEN {row}.resolve_working_days IS NULL THEN 0 ELSE 1 END)",
}


@dataclass(frozen=True)
class _Tally:
    table: str
    by_month: bool

    def key(self) -> list[str]:
        month = ["month"] if self.by_month else []
        return [*month, "status", "kind", "channel", "category_id", "opd_key"]

    def values(self, dialect: str, row: str) -> list[str]:
        hours = local_utc_offset_hours()
        month = [bucket_sql("month", dialect, column=f"{row}.received_at", hours=hours)]
        month = month if self.by_month else []
        return [
            *month,
            f"{row}.status",
            f"{row}.kind",
            f"{row}.channel",
            f"{row}.category_id",
            f"coalesce({row}.opd_id, 0)",
        ]

    def decrement(self, dialect: str) -> str:
        match = " AND ".join(
            f"{column} = {value}"
            for column, value in zip(self.key(), self.values(dialect, "OLD"), strict=True)
        )
        return (
            f"UPDATE {self.table} SET reports = reports - 1, "
            f"resolve_days_known = resolve_days_known - {_DAYS_KNOWN[dialect].format(row='OLD')} "
            f"WHERE {match}"
        )

    def increment(self, dialect: str) -> str:
        columns = ", ".join([*self.key(), "reports", "resolve_days_known"])
        values = ", ".join(
            [*self.values(dialect, "NEW"), "1", _DAYS_KNOWN[dialect].format(row="NEW")]
        )
        # SELECT … WHERE true: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT.
        return (
            f"INSERT INTO {self.table} ({columns}) SELECT {values} WHERE true "
            f"ON CONFLICT ({', '.join(self.key())}) DO UPDATE SET "
            f"reports = {self.table}.reports + 1, "
            f"resolve_days_known = {self.table}.resolve_days_known + excluded.resolve_days_known"
        )

    def rebuild(self, dialect: str) -> str:
        keys = self.values(dialect, "report")
        return (
            f"INSERT INTO {self.table} ({', '.join([*self.key(), 'reports', 'resolve_days_known'])}) "
            f"SELECT {', '.join(keys)}, count(*), count(report.resolve_working_days) "
            f"FROM report WHERE report.confidential = false GROUP BY {', '.join(keys)}"
        )


TALLIES = (_Tally("report_tally", by_month=True), _Tally("report_tally_total", by_month=False))


def _sqlite_triggers() -> dict[str, str]:
    def body(*statements: str) -> str:
        return "BEGIN\n  " + ";\n  ".join(statements) + ";\nEND"

    increments = [tally.increment("sqlite") for tally in TALLIES]
    decrements = [tally.decrement("sqlite") for tally in TALLIES]
    return {
        "report_tally_insert": "CREATE TRIGGER report_tally_insert AFTER INSERT ON report "
        "WHEN NEW.confidential = 0\n" + body(*increments),
        # Two triggers for an update, so each side keeps its own WHEN condition.
        "report_tally_update_out": f"CREATE TRIGGER report_tally_update_out AFTER UPDATE OF {_TRACKED} "
        "ON report WHEN OLD.confidential = 0\n" + body(*decrements),
        "report_tally_update_in": f"CREATE TRIGGER report_tally_update_in AFTER UPDATE OF {_TRACKED} "
        "ON report WHEN NEW.confidential = 0\n" + body(*increments),
        "report_tally_delete": "CREATE TRIGGER report_tally_delete AFTER DELETE ON report "
        "WHEN OLD.confidential = 0\n" + body(*decrements),
    }


def _postgres_function() -> str:
    decrements = ";\n    ".join(tally.decrement("postgresql") for tally in TALLIES)
    increments = ";\n    ".join(tally.increment("postgresql") for tally in TALLIES)
    return f"""
CREATE OR REPLACE FUNCTION report_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD.confidential THEN
    {decrements};
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW.confidential THEN
    {increments};
  END IF;
  RETURN NULL;
END
$$"""


_POSTGRES_TRIGGER = f"""
CREATE TRIGGER report_tally AFTER INSERT OR DELETE OR UPDATE OF {_TRACKED}
ON report FOR EACH ROW EXECUTE FUNCTION report_tally_apply()"""


def _installed_triggers(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'report'"
    else:
        query = (
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'report'::regclass AND NOT tgisinternal"
        )
    return set(connection.execute(text(query)).scalars())


def _expected_triggers(dialect: str) -> set[str]:
    return set(_sqlite_triggers()) if dialect == "sqlite" else {"report_tally"}


def ensure_report_tally(connection: Connection) -> bool:
    """Install the triggers if any is missing or outdated and recount; True if it did."""
    dialect = connection.dialect.name
    installed = _installed_triggers(connection)
    marker = connection.execute(
        select(AppMeta.value).where(AppMeta.key == READY_KEY)
    ).scalar_one_or_none()
    if _expected_triggers(dialect) <= installed and marker == ready_value():
        return False
    if dialect == "sqlite":
        for name in installed | set(_sqlite_triggers()):
            if name.startswith("report_tally"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        for ddl in _sqlite_triggers().values():
            connection.exec_driver_sql(ddl)
    else:
        connection.exec_driver_sql(_postgres_function())
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS report_tally ON report")
        connection.exec_driver_sql(_POSTGRES_TRIGGER)
    rebuild_report_tally(connection)
    if marker is None:
        connection.execute(AppMeta.__table__.insert().values(key=READY_KEY, value=ready_value()))
    else:
        connection.execute(
            AppMeta.__table__.update().where(AppMeta.key == READY_KEY).values(value=ready_value())
        )
    return True


@contextmanager
def tally_suspended(connection: Connection) -> Iterator[None]:
    """For bulk loads: no per-row trigger work inside, one recount at the end (same transaction).

    Usage: `with tally_suspended(session.connection()): insert a million rows`.
    """
    for name in _installed_triggers(connection):
        if name.startswith("report_tally"):
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            else:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON report")
    connection.execute(AppMeta.__table__.delete().where(AppMeta.key == READY_KEY))
    yield
    ensure_report_tally(connection)


def rebuild_report_tally(connection: Connection) -> None:
    """Recount everything from the reports (in the caller's transaction)."""
    for tally in TALLIES:
        connection.exec_driver_sql(f"DELETE FROM {tally.table}")
        connection.exec_driver_sql(tally.rebuild(connection.dialect.name))


def tally_ready(session: Session) -> bool:
    """Whether the tallies are maintained here (else readers scan the reports)."""
    return session.scalar(select(AppMeta.value).where(AppMeta.key == READY_KEY)) == ready_value()
