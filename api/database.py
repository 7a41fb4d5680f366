"""The process's engine and sessions for route handlers (the same pool the pages use)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_layer.config import get_settings
from data_layer.db import make_session_factory, process_engine


def engine() -> Engine:
    return process_engine(get_settings().database_url)


@contextmanager
def read_session() -> Iterator[Session]:
    """A read-only session, closed afterwards."""
    session = make_session_factory(engine())()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def write_transaction() -> Iterator[Session]:
    """A session in one write transaction: committed on success, rolled back on any error."""
    with make_session_factory(engine(), write=True).begin() as session:
        yield session
