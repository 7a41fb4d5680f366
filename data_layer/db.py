"""Engine and session factory for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_layer.config import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "pantau_write"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (or none)."""
    parsed = make_url(url)
    # Hosting providers still hand out `postgres://` URLs, which SQLAlchemy no
    # longer accepts as a dialect name.
    if parsed.get_backend_name() in ("postgresql", "postgres") and (
        parsed.drivername != "postgresql+psycopg"
    ):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **kwargs) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs;
        # emit BEGIN ourselves (SQLAlchemy's documented recipe).
        event.listen(engine, "begin", _sqlite_begin)
        engine.dialect.statement_compiler = _SQLiteCompilerWithIndexHints
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


class _SQLiteCompilerWithIndexHints(SQLiteCompiler):
    """Renders `select(...).with_hint(Report, "INDEXED BY ix_name", "sqlite")` as SQLite's
    own `FROM report INDEXED BY ix_name` (SQLAlchemy's SQLite compiler drops table hints).

    Used by data_layer.queries.indexes where SQLite's planner misjudges a wide
    covering index; PostgreSQL plans for itself.
    """

    def get_from_hint_text(self, table, text):
        return text


_PROCESS_ENGINES: dict[str, Engine] = {}
_PROCESS_ENGINES_LOCK = threading.Lock()


def process_engine(url: str) -> Engine:
    """The one engine (and connection pool) this process keeps for `url`.

    Pages and HTTP routes run in the same process; both take their engine from
    here, so a replica never holds two pools on the same database.
    """
    with _PROCESS_ENGINES_LOCK:
        engine = _PROCESS_ENGINES.get(url)
        if engine is None:
            engine = _PROCESS_ENGINES[url] = make_engine(url)
        return engine


def configured_engine() -> Engine:
    """The process's engine for the configured DATABASE_URL (pages and routes alike)."""
    return process_engine(get_settings().database_url)


@contextmanager
def read_session() -> Iterator[Session]:
    """A read-only session on the configured database, closed afterwards (reads never commit)."""
    session = make_session_factory(configured_engine())()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def write_session() -> Iterator[Session]:
    """The one way to write: a session in one transaction on the configured database,
    committed on success and rolled back on any error (pages and routes alike)."""
    with make_session_factory(configured_engine(), write=True).begin() as session:
        yield session


def dispose_process_engines() -> None:
    """Close every pooled connection and forget the engines (tests, re-configuration)."""
    with _PROCESS_ENGINES_LOCK:
        for engine in _PROCESS_ENGINES.values():
            engine.dispose()
        _PROCESS_ENGINES.clear()


def _sqlite_begin(conn) -> None:
    # Writers take the write lock up front (IMMEDIATE), so concurrent writers queue
    # on busy_timeout instead of failing with "database is locked" when a read
    # upgrades to a write; readers keep plain deferred BEGIN and never block.
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # see the "begin" listener above
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions for reads, or (write=True) for transactions that will write."""
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


def is_sqlite(engine_or_session) -> bool:
    bind = (
        engine_or_session.get_bind()
        if isinstance(engine_or_session, Session)
        else engine_or_session
    )
    return bind.dialect.name == "sqlite"


def refresh_planner_statistics(engine: Engine, *, after_bulk_load: bool = False) -> None:
    """Let the planner see the data.

    SQLite ignores the best indexes until ANALYZE ran; `PRAGMA optimize` only
    re-analyses tables whose statistics are missing or stale, so it is cheap to
    call often (start-up).

    PostgreSQL's autovacuum keeps its statistics eventually, but right after a
    bulk load (the demo seeder, a recount of the rollups) nothing is vacuumed:
    no visibility map, so every index-only scan visits the table, and no
    statistics on the fresh rows. Pages then took 55-86 s at a million reports
    instead of about one. `after_bulk_load=True` runs VACUUM ANALYZE there
    (outside a transaction, as VACUUM requires).
    """
    if engine.dialect.name != "sqlite":
        if after_bulk_load:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.connect() as connection:
        has_stats = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).scalar()
        connection.exec_driver_sql(
            "PRAGMA optimize" if has_stats and not after_bulk_load else "ANALYZE"
        )
        connection.commit()


def rows_affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (its result is a CursorResult)."""
    return cast(CursorResult[Any], result).rowcount or 0
