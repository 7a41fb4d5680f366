"""Shared fixtures: real SQLite files and a real PostgreSQL server, never mocks.

Every test that takes `db` runs twice, on SQLite and on PostgreSQL, each time
on a fresh database cloned from a migrated template (a file copy for SQLite,
CREATE DATABASE … TEMPLATE for PostgreSQL), so tests never see each other's rows.

Without a reachable PostgreSQL server (TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/test) the PostgreSQL half skips with a
reason; under CI=true it fails instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from city_support import city_settings
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_layer.cli import migrate_and_load_reference
from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semarang"


_POSTGRES_FIXTURES = frozenset({"postgres_db", "postgres_template"})


def pytest_collection_modifyitems(config, items) -> None:
    """Apply the declared markers from what each test really uses, so
    `-m "not postgres"` and `-m "not shared"` deselect every such test.

    A test is `postgres` when it takes a PostgreSQL fixture or runs a "postgres"
    parameter (the `db` fixture's second half, `dialect="postgres"`); `shared`
    when it needs `shared_data`, directly or through another fixture; `e2e` when it
    lives in tests/e2e/.
    """
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        names = set(getattr(item, "fixturenames", ()))
        if names & _POSTGRES_FIXTURES or "postgres" in params.values():
            item.add_marker(pytest.mark.postgres)
        if "shared_data" in names:
            item.add_marker(pytest.mark.shared)
        if "e2e" in item.path.parts:  # `make test-fast` leaves out the whole browser suite
            item.add_marker(pytest.mark.e2e)


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine; under CI=true a missing prerequisite is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "kelurahan_osm.geojson").exists():
        skip_or_fail(f"../shared reference data not found at {SHARED_DATA}")
    return SHARED_DATA


@dataclass
class Database:
    """A fresh, migrated database with reference data, and sessions on it."""

    engine: Engine
    settings: Settings

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    def read(self) -> Session:
        return make_session_factory(self.engine)()

    def write(self) -> sessionmaker[Session]:
        """`with db.write().begin() as session:` commits on success, rolls back on error."""
        return make_session_factory(self.engine, write=True)


def _settings(url: str) -> Settings:
    return Settings(database_url=url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate_and_load_reference(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_graveyard) -> Iterator[str]:
    admin = _postgres_admin_engine()
    name = f"pantau_tpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = _with_database(TEST_POSTGRES_URL, name)
    engine = make_engine(url)
    migrate_and_load_reference(engine)
    engine.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _postgres_admin_engine() -> Engine:
    engine = make_engine(TEST_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any connection failure means "no server here"
        engine.dispose()
        skip_or_fail(f"PostgreSQL not reachable at {TEST_POSTGRES_URL}: {exc.__class__.__name__}")
    return engine


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _fresh_sqlite(template: Path, directory: Path) -> Database:
    path = directory / "pantau.db"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    return Database(make_engine(url), _settings(url))


@pytest.fixture
def sqlite_db(sqlite_template, tmp_path) -> Iterator[Database]:
    database = _fresh_sqlite(sqlite_template, tmp_path)
    yield database
    database.engine.dispose()


@pytest.fixture(scope="module")
def module_sqlite_db(sqlite_template, tmp_path_factory) -> Iterator[Database]:
    """One fresh SQLite database shared by a module's tests (for an expensive seeded world)."""
    database = _fresh_sqlite(sqlite_template, tmp_path_factory.mktemp("module_db"))
    yield database
    database.engine.dispose()


@pytest.fixture(scope="session")
def postgres_graveyard() -> Iterator[list[str]]:
    """Per-test databases, dropped together at the end of the session.

    DROP DATABASE forces a checkpoint; one drop per test made teardown the
    slowest part of the PostgreSQL suite, while drops in a row are cheap.
    """
    names: list[str] = []
    yield names
    if not names:
        return
    admin = make_engine(TEST_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_db(request, postgres_graveyard) -> Iterator[Database]:
    template = request.getfixturevalue("postgres_template")
    admin = _postgres_admin_engine()
    name = f"pantau_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    postgres_graveyard.append(name)
    url = _with_database(TEST_POSTGRES_URL, name)
    database = Database(make_engine(url), _settings(url))
    yield database
    database.engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request) -> Database:
    """The same test on both databases."""
    return request.getfixturevalue(f"{request.param}_db")


# --- any city -------------------------------------------------------------------------
# The fixtures above hold the default city. A test of another kota/kabupaten asks
# `city_db(code, dialect)` for a fresh database of that city; the process is
# switched to it (PANTAU_CITY and DATABASE_URL, cached settings and app caches
# reset) until the test ends.


@pytest.fixture(scope="session")
def city_templates(tmp_path_factory) -> Iterator[Callable[[str, str], str]]:
    """Migrated template databases, one per (city, dialect), built on first use."""
    built: dict[tuple[str, str], str] = {}
    postgres: list[str] = []

    def template(code: str, dialect: str) -> str:
        if (code, dialect) in built:
            return built[(code, dialect)]
        if dialect == "sqlite":
            path = tmp_path_factory.mktemp(f"city{code}") / "template.db"
            url = f"sqlite:///{path}"
            name = str(path)
        else:
            admin = _postgres_admin_engine()
            name = f"pantau_tpl{code}_{uuid.uuid4().hex[:8]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            postgres.append(name)
            url = _with_database(TEST_POSTGRES_URL, name)
        engine = make_engine(url)
        with city_settings(code):
            migrate_and_load_reference(engine)
        if dialect == "sqlite":
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        built[(code, dialect)] = name
        return name

    yield template
    if postgres:
        admin = make_engine(TEST_POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in postgres:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def city_db(
    city_templates, tmp_path, postgres_graveyard
) -> Iterator[Callable[[str, str], Database]]:
    """`city_db("7371", "postgres")`: a fresh database of that city, and the process set to it."""
    with ExitStack() as stack:
        opened: list[Database] = []

        def open_city(code: str, dialect: str) -> Database:
            template = city_templates(code, dialect)
            if dialect == "sqlite":
                path = tmp_path / f"city{code}.db"
                shutil.copyfile(template, path)
                url = f"sqlite:///{path}"
            else:
                admin = _postgres_admin_engine()
                name = f"pantau_c{code}_{uuid.uuid4().hex[:10]}"
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
                admin.dispose()
                postgres_graveyard.append(name)
                url = _with_database(TEST_POSTGRES_URL, name)
            stack.enter_context(city_settings(code, url))
            database = Database(make_engine(url), Settings(database_url=url))
            opened.append(database)
            return database

        yield open_city
        for database in opened:
            database.engine.dispose()
