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
from data_layer.tally import tally_ready
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


def _tally_triggers(engine: Engine) -> set[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    )
    with engine.connect() as connection:
        return {
            name
            for (name,) in connection.execute(text(query))
            if name.startswith(("report_tally", "report_photos"))
        }


def test_the_upgrade_alone_installs_the_tally_triggers(empty_engine):
    """Alembic is the only path to the schema, triggers included: a database brought to
    head by the migrations alone (no `migrate` command) counts its first report at once."""
    upgrade(empty_engine)
    assert len(_tally_triggers(empty_engine)) >= 3  # rollups, responsible OPD, photo counts
    with make_session_factory(empty_engine)() as session:
        assert tally_ready(session)  # the pages read the rollups, not a scan
    downgrade(empty_engine, "0010")
    assert _tally_triggers(empty_engine) == set()
    with make_session_factory(empty_engine)() as session:
        assert not tally_ready(session)
    upgrade(empty_engine)
    with make_session_factory(empty_engine)() as session:
        assert tally_ready(session)


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


def _insert(connection, table: str, **values) -> None:
    columns = ", ".join(values)
    connection.execute(
        text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + k for k in values)})"),
        values,
    )


def _report(connection, report_id: int, *, anonymous: bool) -> None:
    at = "2025-03-03 02:00:00"
    _insert(connection, "report", id=report_id, ticket=f"T{report_id:09d}", kind="aduan",
            category_id=1, title="Judul", description="Isi", channel="website",
            kelurahan_code="9999000001", anonymous=anonymous, confidential=False,
            status="diteruskan", resolution_class="sedang", reopen_count=0, is_demo=False,
            received_at=at, updated_at=at, verify_due_at=at)  # fmt: skip
    for history_id, actor in enumerate(("warga", "verifikator", "opd"), start=report_id * 10):
        _insert(connection, "status_history", id=history_id, report_id=report_id,
                to_status="diteruskan", at=at, actor_label=actor, internal_note="catatan")  # fmt: skip


def test_notes_written_before_0002_keep_a_safe_audience_and_withdrawn_downgrades(empty_engine):
    """Migration 0002 (issue 8): existing internal notes reach the OPD only when an OPD
    wrote them, or Diskominfo did on a report whose reporter is not anonymous."""
    upgrade(empty_engine, "0009")
    with empty_engine.begin() as connection:
        _insert(connection, "kecamatan", code="999900", name="Uji")
        _insert(connection, "kelurahan", code="9999000001", kecamatan_code="999900",
                name="Uji", centroid_lat=0.0, centroid_lon=0.0, boundary_approximate=True)  # fmt: skip
        _insert(connection, "category", id=1, code="uji", name_id="Uji", name_en="Test",
                routes_to_kecamatan=False, resolution_class="sedang", active=True)  # fmt: skip
        _report(connection, 1, anonymous=False)
        _report(connection, 2, anonymous=True)
    upgrade(empty_engine, "head")
    with empty_engine.connect() as connection:
        shared = connection.execute(
            text(
                "SELECT report_id, actor_label FROM status_history "
                "WHERE internal_note_for_opd ORDER BY id"
            )
        ).all()
    assert [tuple(row) for row in shared] == [(1, "verifikator"), (1, "opd"), (2, "opd")]
    with empty_engine.begin() as connection:
        connection.execute(text("UPDATE report SET status = 'ditarik' WHERE id = 2"))
    downgrade(empty_engine, "0009")  # the old schema has no ditarik: withdrawn becomes archived
    with empty_engine.connect() as connection:
        assert (
            connection.execute(text("SELECT status FROM report WHERE id = 2")).scalar() == "arsip"
        )


def test_a_populated_database_from_before_the_opd_names_migration_upgrades_intact(empty_engine):
    """Migration 0009 rebuilds the `opd` table on SQLite (batch mode) while reports and
    categories point at it: upgrading a city's live database must keep every row."""
    upgrade(empty_engine, "0005")
    with empty_engine.begin() as connection:
        _insert(connection, "kecamatan", code="999900", name="Uji")
        _insert(connection, "kelurahan", code="9999000001", kecamatan_code="999900",
                name="Uji", centroid_lat=0.0, centroid_lon=0.0, boundary_approximate=True)  # fmt: skip
        _insert(connection, "opd", id=7, code="dpu", name_id="Dinas Pekerjaan Umum",
                name_en="Public Works", short_name="DPU", kecamatan_code="999900", active=True)  # fmt: skip
        _insert(connection, "category", id=1, code="uji", name_id="Uji", name_en="Test",
                default_opd_id=7, routes_to_kecamatan=False, resolution_class="sedang",
                active=True)  # fmt: skip
        _report(connection, 1, anonymous=False)
        _report(connection, 2, anonymous=True)
    upgrade(empty_engine, "head")
    with empty_engine.connect() as connection:
        opd = connection.execute(text("SELECT id, short_name, names_from_admin FROM opd")).one()
        reports = connection.execute(text("SELECT count(*) FROM report")).scalar()
        history = connection.execute(text("SELECT count(*) FROM status_history")).scalar()
        category_opd = connection.execute(text("SELECT default_opd_id FROM category")).scalar()
    assert (opd.id, opd.short_name, bool(opd.names_from_admin)) == (7, "DPU", False)
    assert (reports, history, category_opd) == (2, 6, 7)
