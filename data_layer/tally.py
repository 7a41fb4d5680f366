"""The report tally: counts per WIB month and current state, kept exact by triggers.

Why triggers rather than calls from the write functions: every path that
changes a report (the workflow commands, the demo seeder's bulk inserts, an
admin correction, a future importer) keeps the tally right without knowing it
exists, and the count changes in the same transaction as the report, so the
tally is never stale and never half-updated.

The triggers are not part of the Alembic migration (autogenerate cannot see
them): `ensure_report_tally` installs them idempotently after every upgrade
(`data_layer.cli.migrate_and_load_reference`) and rebuilds the counts whenever
the triggers had to be (re)created, e.g. after SQLite batch mode rebuilt the
report table. Readers ask `tally_ready` first and fall back to scanning
reports when it says no.
"""

# ruff: noqa: S608 - SQL built from module constants only, never from input.
from __future__ import annotations

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from data_layer.models import AppMeta

READY_KEY = "report_tally"
READY_VALUE = "triggers-v1"
# Columns whose change moves a report from one tally row to another.
_TRACKED = "status, confidential, kind, channel, category_id, opd_id, received_at, resolve_working_days"
_KEY = "month, status, kind, channel, category_id, opd_key"
_SQLITE_MONTH = "strftime('%Y-%m', {row}.received_at, '+7 hours')"
_POSTGRES_MONTH = "to_char({row}.received_at + interval '7 hours', 'YYYY-MM')"

_SQLITE_TRIGGERS = {
    "report_tally_insert": f"""
CREATE TRIGGER report_tally_insert AFTER INSERT ON report
WHEN NEW.confidential = 0
BEGIN
  INSERT INTO report_tally ({_KEY}, reports, resolve_days_known)
  VALUES ({_SQLITE_MONTH.format(row="NEW")}, NEW.status, NEW.kind, NEW.channel, NEW.category_id,
          coalesce(NEW.opd_id, 0), 1, NEW.resolve_working_days IS NOT NULL)
  ON CONFLICT ({_KEY}) DO UPDATE SET
    reports = reports + 1,
    resolve_days_known = resolve_days_known + excluded.resolve_days_known;
END""",
    "report_tally_update": f"""
CREATE TRIGGER report_tally_update AFTER UPDATE OF {_TRACKED} ON report
BEGIN
  UPDATE report_tally SET
    reports = reports - 1,
    resolve_days_known = resolve_days_known - (OLD.resolve_working_days IS NOT NULL)
  WHERE OLD.confidential = 0
    AND month = {_SQLITE_MONTH.format(row="OLD")} AND status = OLD.status AND kind = OLD.kind
    AND channel = OLD.channel AND category_id = OLD.category_id
    AND opd_key = coalesce(OLD.opd_id, 0);
  INSERT INTO report_tally ({_KEY}, reports, resolve_days_known)
  SELECT {_SQLITE_MONTH.format(row="NEW")}, NEW.status, NEW.kind, NEW.channel, NEW.category_id,
         coalesce(NEW.opd_id, 0), 1, NEW.resolve_working_days IS NOT NULL
  WHERE NEW.confidential = 0
  ON CONFLICT ({_KEY}) DO UPDATE SET
    reports = reports + 1,
    resolve_days_known = resolve_days_known + excluded.resolve_days_known;
END""",
    "report_tally_delete": f"""
CREATE TRIGGER report_tally_delete AFTER DELETE ON report
WHEN OLD.confidential = 0
BEGIN
  UPDATE report_tally SET
    reports = reports - 1,
    resolve_days_known = resolve_days_known - (OLD.resolve_working_days IS NOT NULL)
  WHERE month = {_SQLITE_MONTH.format(row="OLD")} AND status = OLD.status AND kind = OLD.kind
    AND channel = OLD.channel AND category_id = OLD.category_id
    AND opd_key = coalesce(OLD.opd_id, 0);
END""",
}

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION report_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD.confidential THEN
    UPDATE report_tally SET
      reports = reports - 1,
      resolve_days_known = resolve_days_known
        - (CASE WHEN OLD.resolve_working_days IS NULL THEN 0 ELSE 1 END)
    WHERE month = {_POSTGRES_MONTH.format(row="OLD")} AND status = OLD.status
      AND kind = OLD.kind AND channel = OLD.channel AND category_id = OLD.category_id
      AND opd_key = coalesce(OLD.opd_id, 0);
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW.confidential THEN
    INSERT INTO report_tally ({_KEY}, reports, resolve_days_known)
    VALUES ({_POSTGRES_MONTH.format(row="NEW")}, NEW.status, NEW.kind, NEW.channel,
            NEW.category_id, coalesce(NEW.opd_id, 0), 1,
            CASE WHEN NEW.resolve_working_days IS NULL THEN 0 ELSE 1 END)
    ON CONFLICT ({_KEY}) DO UPDATE SET
      reports = report_tally.reports + 1,
      resolve_days_known = report_tally.resolve_days_known + EXCLUDED.resolve_days_known;
  END IF;
  RETURN NULL;
END
$$"""
_POSTGRES_TRIGGER = f"""
CREATE TRIGGER report_tally AFTER INSERT OR DELETE OR UPDATE OF {_TRACKED}
ON report FOR EACH ROW EXECUTE FUNCTION report_tally_apply()"""


def _rebuild_sql(dialect: str) -> str:
    month = (_SQLITE_MONTH if dialect == "sqlite" else _POSTGRES_MONTH).format(row="report")
    return f"""
INSERT INTO report_tally ({_KEY}, reports, resolve_days_known)
SELECT {month}, status, kind, channel, category_id, coalesce(opd_id, 0),
       count(*), count(resolve_working_days)
FROM report
WHERE confidential = false
GROUP BY {month}, status, kind, channel, category_id, coalesce(opd_id, 0)"""


def _installed_triggers(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'report'"
    else:
        query = (
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'report'::regclass AND NOT tgisinternal"
        )
    return set(connection.execute(text(query)).scalars())


def _expected_triggers(dialect: str) -> set[str]:
    return set(_SQLITE_TRIGGERS) if dialect == "sqlite" else {"report_tally"}


def ensure_report_tally(connection: Connection) -> bool:
    """Install the triggers if any is missing and rebuild the counts; True if it did."""
    dialect = connection.dialect.name
    installed = _installed_triggers(connection)
    marker = connection.execute(
        select(AppMeta.value).where(AppMeta.key == READY_KEY)
    ).scalar_one_or_none()
    if _expected_triggers(dialect) <= installed and marker == READY_VALUE:
        return False
    if dialect == "sqlite":
        for name, ddl in _SQLITE_TRIGGERS.items():
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            connection.exec_driver_sql(ddl)
    else:
        connection.exec_driver_sql(_POSTGRES_FUNCTION)
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS report_tally ON report")
        connection.exec_driver_sql(_POSTGRES_TRIGGER)
    rebuild_report_tally(connection)
    if marker is None:
        connection.execute(AppMeta.__table__.insert().values(key=READY_KEY, value=READY_VALUE))
    else:
        connection.execute(
            AppMeta.__table__.update().where(AppMeta.key == READY_KEY).values(value=READY_VALUE)
        )
    return True


def rebuild_report_tally(connection: Connection) -> None:
    """Recount everything from the reports (in the caller's transaction)."""
    connection.exec_driver_sql("DELETE FROM report_tally")
    connection.exec_driver_sql(_rebuild_sql(connection.dialect.name))


def tally_ready(session: Session) -> bool:
    """Whether the tally is maintained here (else readers scan the reports)."""
    return session.scalar(select(AppMeta.value).where(AppMeta.key == READY_KEY)) == READY_VALUE
