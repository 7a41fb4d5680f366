"""Backups taken while citizens keep submitting, restored into a fresh database: every
report committed before the backup comes back with its photos (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from factories import make_operator, make_report, prepared_photo
from sqlalchemy import select, text

from data_layer.backup import BackupError, backup, restore
from data_layer.config import REPO_ROOT
from data_layer.db import make_engine, make_session_factory
from data_layer.models import Photo, PhotoBlob, Report
from data_layer.operator_sessions import current_session, start_session
from data_layer.states import Role
from tests.conftest import TEST_POSTGRES_URL, _postgres_admin_engine, _with_database, skip_or_fail

# Enough writes to overlap the backup, few enough for a shared 2-core machine.
MIN_REPORTS_BEFORE_BACKUP = 5


@pytest.fixture(autouse=True)
def pg_tools(request):
    """PostgreSQL backups need Debian's postgresql-client (`make pg-tools`)."""
    callspec = getattr(request.node, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("db") == "postgres"
    if on_postgres and (shutil.which("pg_dump") is None or shutil.which("pg_restore") is None):
        skip_or_fail("pg_dump/pg_restore not found: run `make pg-tools`")


def photos_by_ticket(engine) -> dict[str, list[str]]:
    """Each report's photo bytes (as SHA-256), by ticket: what a restore must give back."""
    with make_session_factory(engine)() as session:
        rows = session.execute(
            select(Report.ticket, PhotoBlob.data)
            .join(Photo, Photo.report_id == Report.id)
            .join(PhotoBlob, PhotoBlob.key == Photo.image_key)
            .order_by(Report.ticket, Photo.id)
        ).all()
        tickets = session.scalars(select(Report.ticket)).all()
    found: dict[str, list[str]] = {ticket: [] for ticket in tickets}
    for ticket, data in rows:
        found[ticket].append(hashlib.sha256(data).hexdigest())
    return found


class Submitter(threading.Thread):
    """A citizen submitting reports with a photo, one transaction each, until stopped."""

    def __init__(self, db) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.committed: list[tuple[float, str]] = []  # (time of commit, ticket)
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            shade = 0
            while not self.stop.is_set():
                shade = (shade + 7) % 250
                with self.db.write().begin() as session:
                    report = make_report(
                        session,
                        settings=self.db.settings,
                        photos=(prepared_photo(self.db.settings, color=(shade, 90, 40)),),
                    )
                self.committed.append((time.monotonic(), report.ticket))
        except BaseException as error:  # reported by the test
            self.error = error

    def committed_before(self, moment: float) -> set[str]:
        return {ticket for at, ticket in list(self.committed) if at < moment}


@pytest.fixture
def empty_target(db, tmp_path):
    """A URL of a brand-new, empty database of the same engine as `db`."""
    if db.dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    admin = _postgres_admin_engine()
    name = f"pantau_restore_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _with_database(TEST_POSTGRES_URL, name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_backup_taken_during_submissions_restores_every_earlier_report_with_photos(
    db, empty_target, tmp_path
):
    with db.write().begin() as session:
        operator = make_operator(session, role=Role.VERIFIKATOR, username="verif")
        live_session = start_session(session, operator=operator, settings=db.settings)
    writer = Submitter(db)
    writer.start()
    try:
        while len(writer.committed) < MIN_REPORTS_BEFORE_BACKUP and writer.error is None:
            time.sleep(0.05)
        before = time.monotonic()
        summary = backup(db.url, tmp_path / "pantau.backup")
        after = time.monotonic()
        # Keep writing a little after the backup, so it had to leave those out.
        while writer.committed[-1][0] <= after and writer.error is None:
            time.sleep(0.05)
    finally:
        writer.stop.set()
        writer.join(timeout=60)
    assert writer.error is None, writer.error
    # One self-contained file: no .partial left, no -wal/-shm companions to forget.
    assert summary.bytes > 0
    assert [p.name for p in tmp_path.glob("pantau.backup*")] == ["pantau.backup"]

    committed_before = writer.committed_before(before)
    assert len(committed_before) >= MIN_REPORTS_BEFORE_BACKUP
    original = photos_by_ticket(db.engine)

    result = restore(empty_target, summary.path)
    assert [p.name for p in tmp_path.glob("pantau.backup*")] == ["pantau.backup"]
    restored_engine = make_engine(empty_target)
    try:
        restored = photos_by_ticket(restored_engine)
        with make_session_factory(restored_engine)() as session:
            # A restore signs every operator out (sessions may have ended after the backup).
            assert (
                current_session(session, credential=live_session.credential, settings=db.settings)
                is None
            )
    finally:
        restored_engine.dispose()

    # Every report committed before the backup began is there, with the same photos.
    for ticket in committed_before:
        assert ticket in restored, f"report {ticket} committed before the backup is missing"
        assert restored[ticket] == original[ticket] and restored[ticket], ticket
    # And nothing else: what came back is a consistent snapshot of what was committed.
    assert set(restored) <= set(original)
    for ticket, photos in restored.items():
        assert photos == original[ticket], f"report {ticket} came back without its photos"
    assert result.reports == len(restored)
    assert result.photos >= len(committed_before)
    # The writes after the backup are not in it.
    assert set(original) - set(restored), "no report was written after the backup"


def test_a_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    summary = backup(db.url, tmp_path / "pantau.backup")
    with pytest.raises(BackupError, match="is not empty") as refused:
        restore(db.url, summary.path)
    assert "nothing was changed" in str(refused.value)
    # Nothing was changed indeed: the reference data is all still there, once.
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM kelurahan")).scalar_one() > 0


def test_clear_refusals(db, tmp_path):
    existing = tmp_path / "already.backup"
    existing.write_bytes(b"something")
    with pytest.raises(BackupError, match="exists already"):
        backup(db.url, existing)
    with pytest.raises(BackupError, match="not a Pantau Lapor backup"):
        restore(db.url, existing)
    with pytest.raises(BackupError, match="no backup file"):
        restore(db.url, tmp_path / "missing.backup")
    other_kind = tmp_path / "other.backup"
    other_kind.write_bytes(b"PGDMP" if db.dialect == "sqlite" else b"SQLite format 3\x00")
    with pytest.raises(BackupError, match="restore it into the engine it came from"):
        restore(db.url, other_kind)


def test_the_command_line_backs_up_and_restores(sqlite_db, tmp_path):
    path = tmp_path / "cli.backup"

    def cli(url: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "data_layer", *args],
            cwd=REPO_ROOT,
            env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    made = cli(sqlite_db.url, "backup", str(path))
    assert made.returncode == 0, made.stderr
    assert "backup written" in made.stdout
    refused = cli(sqlite_db.url, "restore", str(path))
    assert refused.returncode == 2
    assert "is not empty" in refused.stderr and "Traceback" not in refused.stderr
    fresh = f"sqlite:///{Path(tmp_path) / 'fresh.db'}"
    restored = cli(fresh, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "restored into sqlite" in restored.stdout


def test_a_backup_from_before_operator_sessions_restores(sqlite_db, tmp_path):
    # An older database (before the operator_session table): restore, then `migrate` adds it.
    with sqlite_db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE operator_session")
    summary = backup(sqlite_db.url, tmp_path / "old.backup")
    result = restore(f"sqlite:///{tmp_path / 'restored-old.db'}", summary.path)
    assert result.engine == "sqlite"
