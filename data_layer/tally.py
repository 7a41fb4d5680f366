# ruff: noqa: S608 - SQL built from module constants only, never from input.
"""The report tallies (rollups): counts per current state and a few columns, kept exact by triggers.

Several narrow tables, each answering the filters on its own columns
(`data_layer.queries.rollup` picks the smallest that can):

- `report_tally_total`: status, kind, channel, category, OPD (all time);
- `report_tally`: the same per local month of receipt;
- `report_tally_place`: month, kelurahan, kind, status (the map, a place filter);
- `report_tally_place_category`: category, month, kelurahan, status;
- `report_tally_heat`: the heat map's grid cell of the public point, status;
- `report_tally_opd`: month, responsible OPD, status, kind, channel, category,
  with what Kinerja OPD sums (SLA deadlines met and decided by their event,
  reopenings, proofs, known durations), and `report_tally_opd_place` the same
  by month, kelurahan, responsible OPD and status (a kecamatan filter).

Each row counts `reports`, those with a time to resolution and those with an
after photo (`report.after_photos`, itself kept by triggers on `photo`).

`report.responsible_opd_id` (the OPD answerable in Kinerja OPD: the report's OPD,
else where its category would send it) is kept by triggers too, so a raw-SQL
edit of a report's OPD, category or place moves it and its tally rows alike.

Why triggers rather than calls from the write functions: every path that
changes a report (the workflow commands, the demo seeder's bulk inserts, an
admin correction, a future importer) keeps the tallies right without knowing
they exist, and the counts change in the same transaction as the report, so a
tally is never stale and never half-updated.

The triggers are dialect-specific SQL that autogenerate cannot see: this module
builds it, and the migrations install it (`install_tally_triggers`, first in
0011), so Alembic stays the only path to the schema. A migration that changes
the triggers, or whose SQLite batch mode rebuilds `report` or `photo` (which
drops their triggers), calls `install_tally_triggers` again; it recounts whenever
it had to (re)create them. The one other caller is `tally_suspended`, which
drops them for a bulk load and puts the same ones back in the same transaction.
Readers ask `tally_ready` first and fall back to scanning reports when it says no.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_layer.models import OPD_TALLY_MEASURES, SLA_EVENTS, UNLOCATED_CELL, AppMeta
from data_layer.queries.public import public_cell
from data_layer.queries.time import bucket_sql, local_utc_offset_hours


def ready_value() -> str:
    """The marker of triggers built for this city's month buckets: moving the database
    to a city in another zone (or a new trigger version) makes them rebuild and recount."""
    return f"{_READY_VERSION}-utc+{local_utc_offset_hours()}"


READY_KEY = "report_tally"
_READY_VERSION = "triggers-v6"
# Columns whose change moves a report from one tally row to another.
_TRACKED = (
    "status, confidential, kind, channel, category_id, opd_id, kelurahan_code, received_at, "
    "resolve_working_days, after_photos, verified_at, verify_due_at, first_response_at, "
    "first_response_due_at, resolved_at, resolve_due_at, reopen_count, "
    "first_response_working_days, latitude, longitude, anonymous"
)


def responsible_opd_sql(row: str) -> str:
    """The responsible OPD of a report row: its OPD, else its category's default OPD, else
    (categories routed to kecamatan offices) the office of the report's kecamatan."""
    return (
        f"coalesce({row}.opd_id, "
        f"(SELECT category.default_opd_id FROM category WHERE category.id = {row}.category_id), "
        "(SELECT opd.id FROM category JOIN kelurahan ON kelurahan.code = "
        f"{row}.kelurahan_code JOIN opd ON opd.kecamatan_code = kelurahan.kecamatan_code "
        f"WHERE category.id = {row}.category_id AND category.routes_to_kecamatan "
        "ORDER BY opd.id LIMIT 1))"
    )


def _responsible_key(dialect: str, row: str) -> str:
    # SQLite sets the column in an AFTER trigger, so an insert or update still sees the
    # old value in NEW: the new one is computed the same way here. OLD (and the rows a
    # recount reads) hold the stored value; PostgreSQL sets NEW's in a BEFORE trigger.
    if dialect == "sqlite" and row == "NEW":
        return f"coalesce({responsible_opd_sql(row)}, 0)"
    return f"coalesce({row}.responsible_opd_id, 0)"


# Each tally key column and the expression that fills it from a report row.
_KEYS = {
    # The city's local month (queries.time holds the zone, once).
    "month": lambda dialect, row: bucket_sql(
        "month", dialect, column=f"{row}.received_at", hours=local_utc_offset_hours()
    ),
    "status": lambda dialect, row: f"{row}.status",
    "kind": lambda dialect, row: f"{row}.kind",
    "channel": lambda dialect, row: f"{row}.channel",
    "category_id": lambda dialect, row: f"{row}.category_id",
    "opd_key": lambda dialect, row: f"coalesce({row}.opd_id, 0)",
    "responsible_key": _responsible_key,
    "kelurahan_code": lambda dialect, row: f"{row}.kelurahan_code",
    "cell_row": lambda dialect, row: _cell_sql(0, dialect, row),
    "cell_col": lambda dialect, row: _cell_sql(1, dialect, row),
}


def _cell_sql(axis: int, dialect: str, row: str) -> str:
    """The heat grid's row (0) or column (1) of a report row, UNLOCATED_CELL without a
    point: the very expression the heat map's scan uses, compiled for this dialect."""
    expression = public_cell()[axis]
    compiled = str(
        expression.compile(dialect=_DIALECTS[dialect], compile_kwargs={"literal_binds": True})
    )
    return f"coalesce({compiled.replace('report.', f'{row}.')}, {UNLOCATED_CELL})"


_DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}


def _flag(condition: str) -> str:
    return f"(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _sla_met(done: str, due: str):
    return lambda row: _flag(
        f"{row}.{done} IS NOT NULL AND {row}.{due} IS NOT NULL AND {row}.{done} <= {row}.{due}"
    )


def _sla_done(done: str, due: str):
    return lambda row: _flag(f"{row}.{done} IS NOT NULL AND {row}.{due} IS NOT NULL")


# What a tally row can count, as a 0/1 per report.
_MEASURE_SQL = {
    "reports": lambda row: "1",
    "resolve_days_known": lambda row: _flag(f"{row}.resolve_working_days IS NOT NULL"),
    "proofed": lambda row: _flag(f"{row}.after_photos > 0"),
    **{
        f"{name}_{part}": measure(done, due)
        for name, (done, due) in SLA_EVENTS.items()
        for part, measure in (("met", _sla_met), ("done", _sla_done))
    },
    "ever_resolved": lambda row: _flag(f"{row}.resolved_at IS NOT NULL"),
    "reopened": lambda row: _flag(f"{row}.resolved_at IS NOT NULL AND {row}.reopen_count > 0"),
    "response_days_known": lambda row: _flag(f"{row}.first_response_working_days IS NOT NULL"),
}
_MEASURES = ("reports", "resolve_days_known", "proofed")


@dataclass(frozen=True)
class _Tally:
    table: str
    keys: tuple[str, ...]  # names in _KEYS
    measures: tuple[str, ...] = _MEASURES  # names in _MEASURE_SQL
    columns: tuple[str, ...] | None = None  # the keys' column names, when not the keys'

    @property
    def key_columns(self) -> tuple[str, ...]:
        return self.columns or self.keys

    def values(self, dialect: str, row: str) -> list[str]:
        return [_KEYS[key](dialect, row) for key in self.keys]

    def decrement(self, dialect: str) -> str:
        match = " AND ".join(
            f"{column} = {value}"
            for column, value in zip(self.key_columns, self.values(dialect, "OLD"), strict=True)
        )
        updates = ", ".join(
            f"{name} = {name} - {_MEASURE_SQL[name]('OLD')}" for name in self.measures
        )
        return f"UPDATE {self.table} SET {updates} WHERE {match}"

    def increment(self, dialect: str) -> str:
        columns = ", ".join([*self.key_columns, *self.measures])
        values = ", ".join(
            [*self.values(dialect, "NEW"), *(_MEASURE_SQL[name]("NEW") for name in self.measures)]
        )
        updates = ", ".join(
            f"{name} = {self.table}.{name} + excluded.{name}" for name in self.measures
        )
        # SELECT … WHERE true: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT.
        return (
            f"INSERT INTO {self.table} ({columns}) SELECT {values} WHERE true "
            f"ON CONFLICT ({', '.join(self.key_columns)}) DO UPDATE SET {updates}"
        )

    def rebuild(self, dialect: str) -> str:
        keys = self.values(dialect, "report")
        sums = [f"sum({_MEASURE_SQL[name]('report')})" for name in self.measures]
        return (
            f"INSERT INTO {self.table} ({', '.join([*self.key_columns, *self.measures])}) "
            f"SELECT {', '.join([*keys, *sums])} "
            f"FROM report WHERE report.confidential = false GROUP BY {', '.join(keys)}"
        )


_DIMENSIONS = ("status", "kind", "channel", "category_id", "opd_key")
TALLIES = (
    _Tally("report_tally", ("month", *_DIMENSIONS)),
    _Tally("report_tally_total", _DIMENSIONS),
    _Tally("report_tally_place", ("month", "kelurahan_code", "kind", "status")),
    _Tally("report_tally_place_category", ("category_id", "month", "kelurahan_code", "status")),
    _Tally("report_tally_heat", ("cell_row", "cell_col", "status"), measures=("reports",)),
    _Tally(
        "report_tally_opd",
        ("month", "responsible_key", "status", "kind", "channel", "category_id"),
        measures=OPD_TALLY_MEASURES,
        columns=("month", "opd_key", "status", "kind", "channel", "category_id"),
    ),
    _Tally(
        "report_tally_opd_place",
        ("month", "kelurahan_code", "responsible_key", "status"),
        measures=OPD_TALLY_MEASURES,
        columns=("month", "kelurahan_code", "opd_key", "status"),
    ),
)

# `report.responsible_opd_id` follows the report's OPD, category and place (and is put
# back if written directly). The WHERE skips writes that would change nothing.
_RESPONSIBLE_COLUMNS = f"{_TRACKED}, responsible_opd_id"
_SET_RESPONSIBLE = (
    "UPDATE report SET responsible_opd_id = {value} WHERE id = NEW.id "
    "AND responsible_opd_id IS NOT {value}"
).format(value=responsible_opd_sql("NEW"))
_RECOUNT_RESPONSIBLE = (
    "UPDATE report SET responsible_opd_id = {value} WHERE responsible_opd_id IS DISTINCT FROM {value}"
).format(value=responsible_opd_sql("report"))

# `report.after_photos` follows the photos' table (insert, delete, a moved photo).
_PHOTO_COUNT = "UPDATE report SET after_photos = after_photos {sign} 1 WHERE id = {row}.report_id"
_AFTER = "'after'"  # PhotoKind.AFTER, as stored
_RECOUNT_PHOTOS = (
    "UPDATE report SET after_photos = (SELECT count(*) FROM photo "
    f"WHERE photo.report_id = report.id AND photo.kind = {_AFTER}) "
    "WHERE after_photos <> (SELECT count(*) FROM photo "
    f"WHERE photo.report_id = report.id AND photo.kind = {_AFTER})"
)


def _sqlite_body(*statements: str) -> str:
    return "BEGIN\n  " + ";\n  ".join(statements) + ";\nEND"


def _sqlite_triggers() -> dict[str, str]:
    body = _sqlite_body
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
        # The column itself: SQLite has no BEFORE trigger that may change NEW, so an AFTER
        # trigger writes it (no tally trigger watches this column; a trigger never
        # fires itself again).
        "report_tally_responsible_insert": "CREATE TRIGGER report_tally_responsible_insert "
        "AFTER INSERT ON report\n" + body(_SET_RESPONSIBLE),
        "report_tally_responsible_update": "CREATE TRIGGER report_tally_responsible_update "
        f"AFTER UPDATE OF {_RESPONSIBLE_COLUMNS} ON report\n" + body(_SET_RESPONSIBLE),
    }


def _sqlite_photo_triggers() -> dict[str, str]:
    add = _PHOTO_COUNT.format(sign="+", row="NEW")
    remove = _PHOTO_COUNT.format(sign="-", row="OLD")
    return {
        "report_photos_insert": "CREATE TRIGGER report_photos_insert AFTER INSERT ON photo "
        f"WHEN NEW.kind = {_AFTER}\n" + _sqlite_body(add),
        "report_photos_update_out": "CREATE TRIGGER report_photos_update_out AFTER UPDATE OF "
        f"kind, report_id ON photo WHEN OLD.kind = {_AFTER}\n" + _sqlite_body(remove),
        "report_photos_update_in": "CREATE TRIGGER report_photos_update_in AFTER UPDATE OF "
        f"kind, report_id ON photo WHEN NEW.kind = {_AFTER}\n" + _sqlite_body(add),
        "report_photos_delete": "CREATE TRIGGER report_photos_delete AFTER DELETE ON photo "
        f"WHEN OLD.kind = {_AFTER}\n" + _sqlite_body(remove),
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


def _postgres_responsible_function() -> str:
    return f"""
CREATE OR REPLACE FUNCTION report_responsible_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.responsible_opd_id := {responsible_opd_sql("NEW")};
  RETURN NEW;
END
$$"""


def _postgres_photo_function() -> str:
    return f"""
CREATE OR REPLACE FUNCTION report_photos_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.kind = {_AFTER} THEN
    {_PHOTO_COUNT.format(sign="-", row="OLD")};
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.kind = {_AFTER} THEN
    {_PHOTO_COUNT.format(sign="+", row="NEW")};
  END IF;
  RETURN NULL;
END
$$"""


_POSTGRES_TRIGGERS = {
    # BEFORE: the tally trigger (AFTER) then reads the new value in NEW.
    "report_tally_responsible": f"""
CREATE TRIGGER report_tally_responsible BEFORE INSERT OR UPDATE OF {_RESPONSIBLE_COLUMNS}
ON report FOR EACH ROW EXECUTE FUNCTION report_responsible_apply()""",
    "report_tally": f"""
CREATE TRIGGER report_tally AFTER INSERT OR DELETE OR UPDATE OF {_TRACKED}
ON report FOR EACH ROW EXECUTE FUNCTION report_tally_apply()""",
    "report_photos": """
CREATE TRIGGER report_photos AFTER INSERT OR DELETE OR UPDATE OF kind, report_id
ON photo FOR EACH ROW EXECUTE FUNCTION report_photos_apply()""",
}
# Which table each trigger hangs on (DROP TRIGGER needs it on PostgreSQL).
_TRIGGER_TABLES = ("report", "photo")


def _installed_triggers(connection: Connection) -> dict[str, str]:
    """Our triggers on `report` and `photo`: name → table."""
    if connection.dialect.name == "sqlite":
        query = (
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('report', 'photo')"
        )
    else:
        query = (
            "SELECT tgname, relname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid "
            "WHERE relname IN ('report', 'photo') AND NOT tgisinternal"
        )
    return {
        name: table
        for name, table in connection.execute(text(query)).all()
        if name.startswith(("report_tally", "report_photos"))
    }


def _expected_triggers(dialect: str) -> set[str]:
    if dialect == "sqlite":
        return set(_sqlite_triggers()) | set(_sqlite_photo_triggers())
    return set(_POSTGRES_TRIGGERS)


def drop_tally_triggers(connection: Connection) -> None:
    """Remove the triggers and the ready marker (a downgrade; readers then scan reports)."""
    _drop_triggers(connection)
    connection.execute(delete(AppMeta).where(AppMeta.key == READY_KEY))


def _drop_triggers(connection: Connection) -> None:
    for name, table in _installed_triggers(connection).items():
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        else:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def _create_triggers(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for ddl in [*_sqlite_photo_triggers().values(), *_sqlite_triggers().values()]:
            connection.exec_driver_sql(ddl)
    else:
        connection.exec_driver_sql(_postgres_function())
        connection.exec_driver_sql(_postgres_responsible_function())
        connection.exec_driver_sql(_postgres_photo_function())
        for ddl in _POSTGRES_TRIGGERS.values():
            connection.exec_driver_sql(ddl)


def install_tally_triggers(connection: Connection) -> bool:
    """Install the triggers if any is missing or outdated and recount; True if it did."""
    installed = _installed_triggers(connection)
    marker = connection.execute(
        select(AppMeta.value).where(AppMeta.key == READY_KEY)
    ).scalar_one_or_none()
    if _expected_triggers(connection.dialect.name) <= set(installed) and marker == ready_value():
        return False
    _drop_triggers(connection)
    # Recount first, with no trigger installed: the photo counts and the responsible
    # OPDs feed the tallies.
    connection.exec_driver_sql(_RECOUNT_PHOTOS)
    connection.exec_driver_sql(_RECOUNT_RESPONSIBLE)
    _create_triggers(connection)
    rebuild_report_tally(connection)
    if marker is None:
        connection.execute(insert(AppMeta).values(key=READY_KEY, value=ready_value()))
    else:
        connection.execute(
            update(AppMeta).where(AppMeta.key == READY_KEY).values(value=ready_value())
        )
    return True


@contextmanager
def tally_suspended(connection: Connection) -> Iterator[None]:
    """For bulk loads: no per-row trigger work inside, one recount at the end (same transaction).

    Usage: `with tally_suspended(session.connection()): insert a million rows`.
    The photo counts (`report.after_photos`) are recounted too, so rows may be
    loaded with any value there; a loader that fills it right saves the writes.
    """
    drop_tally_triggers(connection)
    yield
    install_tally_triggers(connection)


def rebuild_report_tally(connection: Connection) -> None:
    """Recount everything from the reports (in the caller's transaction)."""
    for tally in TALLIES:
        connection.exec_driver_sql(f"DELETE FROM {tally.table}")
        connection.exec_driver_sql(tally.rebuild(connection.dialect.name))
        # Planner statistics for the fresh rows: without them PostgreSQL guesses a
        # few hundred rows and loops over a seq scan (0.6 s for a kecamatan at 1M).
        connection.exec_driver_sql(f"ANALYZE {tally.table}")


def tally_ready(session: Session) -> bool:
    """Whether the tallies are maintained here (else readers scan the reports)."""
    return session.scalar(select(AppMeta.value).where(AppMeta.key == READY_KEY)) == ready_value()
