"""The process's engine and sessions for route handlers (the same pool the pages use)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from data_layer.db import configured_engine, make_session_factory
from data_layer.db import read_session as db_read_session

# The same engine and read sessions as the pages (one pool per process).
engine = configured_engine
read_session = db_read_session


@contextmanager
def write_transaction() -> Iterator[Session]:
    """A session in one write transaction: committed on success, rolled back on any error."""
    with make_session_factory(engine(), write=True).begin() as session:
        yield session
