"""Run Alembic migrations from Python (the CLI, `make run` and the tests use this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from data_layer.config import REPO_ROOT


def alembic_config() -> Config:
    return Config(str(REPO_ROOT / "alembic.ini"))


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


class ForeignKeyViolation(RuntimeError):
    """A migration left rows pointing at rows that do not exist (nothing was committed)."""


def _run(engine: Engine, step, revision: str) -> None:
    """One transaction; on SQLite with foreign keys off meanwhile, checked before commit.

    SQLite's batch mode rebuilds a table (copy, drop, rename). Dropping a table
    that other rows reference fails while foreign keys are enforced, and the
    pragma cannot change inside a transaction: SQLite's documented procedure
    for altering a table turns it off around the transaction and runs
    `PRAGMA foreign_key_check` before committing.
    """
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # autocommit mode: outside any transaction
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise ForeignKeyViolation(f"dangling references: {broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def heads() -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())
