"""Alembic is the only path to a schema: the same migrations on SQLite and PostgreSQL,
reversible, one head, and exactly what the models describe."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from data_layer.cli import migrate_and_load_reference
from data_layer.db import make_engine, make_session_factory
from data_layer.migrate import alembic_config, downgrade, heads, upgrade
from data_layer.models import Base, Category, Kecamatan, Kelurahan, Opd
from tests.conftest import TEST_POSTGRES_URL, skip_or_fail

MODEL_TABLES = set(Base.metadata.tables)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request, tmp_path) -> Iterator[Engine]:
    """An engine on a brand-new, empty database (no template, no schema)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    admin = make_engine(TEST_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # no server here
        admin.dispose()
        skip_or_fail(f"PostgreSQL not reachable at {TEST_POSTGRES_URL}: {exc.__class__.__name__}")
    name = f"pantau_mig_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(
        make_url(TEST_POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    )
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "target_metadata": Base.metadata}
        )
        return compare_metadata(context, Base.metadata)


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_there_is_exactly_one_head_and_one_base():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(heads()) == 1
    assert len(script.get_bases()) == 1
    # Every revision hangs on the one chain from base to head.
    chain = list(script.walk_revisions("base", "heads"))
    assert {revision.revision for revision in chain} == {
        revision.revision for revision in script.walk_revisions()
    }


def test_upgrade_builds_exactly_the_models_schema(empty_engine):
    assert _tables(empty_engine) == set()
    upgrade(empty_engine)
    assert _tables(empty_engine) == MODEL_TABLES | {"alembic_version"}
    assert _revision(empty_engine) == heads()[0]
    assert _differences(empty_engine) == []


def test_downgrade_to_base_and_up_again(empty_engine):
    upgrade(empty_engine)
    downgrade(empty_engine, "base")
    assert _tables(empty_engine) <= {"alembic_version"}
    assert _revision(empty_engine) is None
    upgrade(empty_engine)
    assert _tables(empty_engine) == MODEL_TABLES | {"alembic_version"}
    assert _differences(empty_engine) == []


def test_migrate_command_is_idempotent_and_loads_reference_data(empty_engine):
    for _ in range(2):  # `make run` migrates on every start
        migrate_and_load_reference(empty_engine)
    with make_session_factory(empty_engine)() as session:

        def count(model) -> int:
            return session.scalar(select(func.count()).select_from(model))

        assert count(Kecamatan) == 16
        assert count(Kelurahan) == 177
        assert count(Opd) == 16 + 16  # city departments + the kecamatan offices
        assert count(Category) == 26
        assert session.scalar(select(func.count()).where(Category.default_opd_id.is_(None))) == 1
