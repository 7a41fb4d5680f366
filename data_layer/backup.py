"""Backups of the whole database while the app runs, and restores into an empty one.

Photos live in the database (`photo_blob`, data_layer/photos.py), so a backup of
the database is a backup of every photo too; there are no files beside it.

- SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies the
  database in one step under one read transaction: a consistent snapshot, while
  the app keeps writing (WAL mode: readers never block writers).
- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot as well), restored
  with `pg_restore --single-transaction`: all or nothing.

A restore goes into an empty database only, and refuses anything else with a
message: it never mixes a backup with live data. After a restore every operator
session is ended (a session signed out after the backup would otherwise come back).

The backup is written next to its destination as `<name>.partial` and renamed when
complete, so a half-written file never looks like a backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from data_layer.db import make_engine, make_session_factory, normalise_url
from data_layer.models import OperatorSession, Photo, PhotoBlob, Report
from data_layer.operator_sessions import end_every_session

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PG_TOOLS_HINT = (
    "install the PostgreSQL client tools (Debian: apt-get install postgresql-client; "
    "`make pg-tools` does it), in a version at least the server's"
)


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    bytes: int
    seconds: float


@dataclass(frozen=True)
class RestoreSummary:
    engine: str
    reports: int
    photos: int
    photo_bytes: int
    seconds: float


def backup(database_url: str, path: Path) -> BackupSummary:
    """Write a backup of the database at `database_url` to `path` (which must not exist)."""
    path = Path(path)
    if path.exists():
        raise BackupError(
            f"{path} exists already: choose a new file name (backups never overwrite)"
        )
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist")
    url = make_url(normalise_url(database_url))
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url, must_exist=True), partial, journal_mode="DELETE")
        else:
            _run_pg_tool(
                "pg_dump",
                url,
                ["--format=custom", "--compress=6", f"--file={partial}"],
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(
        path, url.get_backend_name(), path.stat().st_size, time.perf_counter() - started
    )


def restore(database_url: str, path: Path) -> RestoreSummary:
    """Restore the backup at `path` into the empty database at `database_url`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    url = make_url(normalise_url(database_url))
    engine_name = url.get_backend_name()
    kind = _backup_kind(path)
    if kind != engine_name:
        raise BackupError(
            f"{path} is a {_engine_label(kind)} backup, but DATABASE_URL names a "
            f"{_engine_label(engine_name)} database: restore it into the engine it came from"
        )
    started = time.perf_counter()
    if engine_name == "sqlite":
        target = _sqlite_path(url, must_exist=False)
        _refuse_non_empty_sqlite(target)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            _sqlite_backup(path, partial, journal_mode="WAL")
            for leftover in _sqlite_files(target):
                leftover.unlink(missing_ok=True)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    else:
        _refuse_non_empty_postgres(url)
        _run_pg_tool(
            "pg_restore",
            url,
            ["--single-transaction", "--exit-on-error", "--no-owner", str(path)],
            database_flag=True,
        )
    seconds = time.perf_counter() - started
    return _after_restore(url, engine_name, seconds)


# --- SQLite -----------------------------------------------------------------------------


def _sqlite_path(url: URL, *, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"no SQLite database at {path}")
    return path


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _sqlite_backup(source: Path, destination: Path, *, journal_mode: str) -> None:
    """Copy `source` into `destination`. A backup file gets journal_mode DELETE (one
    self-contained file, readable without -wal/-shm companions); a restored database
    gets WAL back, as the app runs it."""
    # The source is opened read-only: a backup never changes what it copies.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(destination)
    try:
        # pages=-1 (the default): one step, one read transaction, one consistent
        # snapshot; the app's writers carry on meanwhile (WAL).
        src.backup(dst)
        dst.execute(f"PRAGMA journal_mode={journal_mode}")
        dst.commit()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} could not be read as an SQLite database: {error}") from error
    finally:
        dst.close()
        src.close()


def _refuse_non_empty_sqlite(target: Path) -> None:
    if not target.exists() or target.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{target} exists and is not an SQLite database: {error}") from error
    if tables:
        raise BackupError(
            f"{target} is not empty ({tables} tables): restore only into a new, empty "
            "database (point DATABASE_URL at a new file); nothing was changed"
        )


# --- PostgreSQL -------------------------------------------------------------------------


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URL without the password, and the environment carrying it
    (a password on the command line would show in `ps`)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run_pg_tool(tool: str, url: URL, args: list[str], *, database_flag: bool = False) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} not found: {PG_TOOLS_HINT}")
    connection, env = _libpq(url)
    command = [executable, f"--dbname={connection}", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        hint = f"\n({PG_TOOLS_HINT})" if "version mismatch" in detail else ""
        raise BackupError(f"{tool} failed: {detail}{hint}")


def _refuse_non_empty_postgres(url: URL) -> None:
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            objects = connection.execute(
                text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                    " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    " AND n.nspname NOT LIKE 'pg_toast%'"
                )
            ).scalar_one()
    except OperationalError as error:
        raise BackupError(
            f"cannot connect to the database to restore into ({url.database}): create it "
            f"first (createdb {url.database}) and check DATABASE_URL"
        ) from error
    finally:
        engine.dispose()
    if objects:
        raise BackupError(
            f"database {url.database} is not empty ({objects} tables, views or sequences): "
            "restore only into a new, empty database (createdb NAME, then point DATABASE_URL "
            "at it); nothing was changed"
        )


# --- both -------------------------------------------------------------------------------


def _backup_kind(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path} is not a Pantau Lapor backup (neither an SQLite database nor a pg_dump "
        "custom-format archive)"
    )


def _engine_label(name: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(name, name)


def _after_restore(url: URL, engine_name: str, seconds: float) -> RestoreSummary:
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        # A backup from before operator sessions existed (migration 0006) has none to end;
        # `migrate` adds the table.
        has_sessions = inspect(engine).has_table(OperatorSession.__tablename__)
        with make_session_factory(engine, write=True).begin() as session:
            if has_sessions:
                end_every_session(session)
            reports = session.scalar(select(func.count()).select_from(Report)) or 0
            photos = session.scalar(select(func.count()).select_from(Photo)) or 0
            photo_bytes = session.scalar(select(func.sum(func.length(PhotoBlob.data)))) or 0
    finally:
        engine.dispose()
    return RestoreSummary(engine_name, reports, photos, int(photo_bytes), seconds)
