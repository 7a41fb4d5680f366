"""Engines and sessions: SQLite tuned for a shared app, PostgreSQL through psycopg 3."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_layer.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    is_sqlite,
    make_engine,
    make_session_factory,
    normalise_url,
    refresh_planner_statistics,
)
from data_layer.models import Kecamatan, Kelurahan


def test_sqlite_pragmas_are_in_effect_on_every_connection(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        for _ in range(2):  # a fresh pool connection each time
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert (
                    connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                    == SQLITE_BUSY_TIMEOUT_MS
                    >= 5_000
                )
            engine.dispose()
        with make_session_factory(engine, write=True).begin() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


def test_sqlite_enforces_foreign_keys(sqlite_db):
    with pytest.raises(IntegrityError), sqlite_db.write().begin() as session:
        session.add(
            Kelurahan(
                code="3374999001",
                kecamatan_code="999999",  # no such kecamatan
                name="Tidak Ada",
                centroid_lat=-7.0,
                centroid_lon=110.4,
            )
        )
    with sqlite_db.read() as session:
        assert session.get(Kelurahan, "3374999001") is None


def test_sqlite_file_directory_is_created(tmp_path):
    path = tmp_path / "nested" / "deeper" / "pantau.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        assert path.exists()
    finally:
        engine.dispose()


def test_write_sessions_take_the_sqlite_write_lock_up_front(sqlite_db):
    path = sqlite_db.engine.url.database

    def other_writer_can_start() -> bool:
        connection = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            return False
        finally:
            connection.close()

    with sqlite_db.read() as reader:
        # A plain read neither blocks writers...
        assert reader.scalar(select(Kecamatan.name).where(Kecamatan.code == "337401"))
        assert other_writer_can_start()
    with sqlite_db.write().begin() as writer:
        # ...while a write transaction holds the lock before its first write, so
        # two writers queue instead of failing halfway on a lock upgrade.
        writer.scalar(select(Kecamatan.name).where(Kecamatan.code == "337401"))
        assert not other_writer_can_start()
        with sqlite_db.read() as reader:  # WAL: readers still read meanwhile
            assert reader.scalar(select(Kecamatan.name).where(Kecamatan.code == "337401"))
    assert other_writer_can_start()


def test_savepoints_roll_back_on_sqlite(sqlite_db):
    # The manual BEGIN in db.py exists so that nested transactions work on SQLite.
    with sqlite_db.write().begin() as session:
        kecamatan = session.get(Kecamatan, "337401")
        savepoint = session.begin_nested()
        kecamatan.name = "Diubah"
        session.flush()
        savepoint.rollback()
        assert session.get(Kecamatan, "337401").name == "Semarang Tengah"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://lapor@db.example/pantau", "postgresql+psycopg://lapor@db.example/pantau"),
        ("postgresql+psycopg2://u:p@h:5433/d", "postgresql+psycopg://u:p@h:5433/d"),
        ("postgres://u:p@h/d?sslmode=require", "postgresql+psycopg://u:p@h/d?sslmode=require"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////srv/pantau.db", "sqlite:////srv/pantau.db"),
    ],
)
def test_postgres_urls_get_psycopg_3(given, expected):
    assert normalise_url(given) == expected


def test_a_postgres_url_without_driver_connects_with_psycopg(postgres_db):
    # The fixture's URL names no driver (postgresql://…), as DATABASE_URL usually does.
    assert postgres_db.engine.dialect.driver == "psycopg"
    url = postgres_db.engine.url.set(drivername="postgres").render_as_string(hide_password=False)
    assert url.startswith("postgres://")
    engine = make_engine(url)  # the form hosting providers hand out
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM kecamatan")).scalar() == 16
        assert not is_sqlite(engine)
    finally:
        engine.dispose()


def test_is_sqlite(sqlite_db):
    assert is_sqlite(sqlite_db.engine)
    with Session(sqlite_db.engine) as session:
        assert is_sqlite(session)


def test_after_a_bulk_load_the_planner_sees_vacuumed_analysed_tables(db):
    """Fresh rows unvacuumed and unanalysed made PostgreSQL visit the table on every
    index-only scan (55-86 s per page at 1M reports): seed-demo and a recount analyse."""
    from factories import make_report

    with db.write().begin() as session:
        for _ in range(3):
            make_report(session, settings=db.settings)
    refresh_planner_statistics(db.engine, after_bulk_load=True)
    with db.engine.connect() as connection:
        if db.dialect == "sqlite":
            analysed = set(
                connection.exec_driver_sql("SELECT DISTINCT tbl FROM sqlite_stat1").scalars()
            )
            assert {"report", "report_tally"} <= analysed
        else:
            stats = {
                name: (vacuumed, analysed)
                for name, vacuumed, analysed in connection.exec_driver_sql(
                    "SELECT relname, last_vacuum, last_analyze FROM pg_stat_user_tables "
                    "WHERE relname IN ('report', 'report_tally')"
                )
            }
            assert set(stats) == {"report", "report_tally"}
            assert all(v is not None and a is not None for v, a in stats.values()), stats
            # The visibility map is set: index-only scans need not visit the table.
            all_visible = connection.exec_driver_sql(
                "SELECT relallvisible FROM pg_class WHERE relname = 'report'"
            ).scalar()
            assert all_visible >= 1
