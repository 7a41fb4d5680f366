"""Rows to the database fast: one connection, multi-row INSERTs or COPY, indexes and tallies rebuilt once."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from queue import Full, Queue
from typing import TypeVar

import numpy as np
from sqlalchemy import Engine, Table, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from data_layer.db import WRITE_OPTION
from data_layer.demo.codes import ACTOR_STRINGS, STATUS_STRINGS, Coded
from data_layer.demo.errors import DemoDataError
from data_layer.demo.generate import Data
from data_layer.demo.photos import Photos
from data_layer.demo.workflow import (
    internal_note_for_opd,
)
from data_layer.models import (
    Photo,
    PhotoBlob,
    Report,
    StatusHistory,
)
from data_layer.states import (
    PhotoKind,
)
from data_layer.tally import tally_suspended

T = TypeVar("T")
CHUNK_ROWS = 20_000  # rows converted to Python values at a time (bounds memory)
# Bound parameters per INSERT statement on SQLite (whose limit is 32,766).
PARAMETERS_PER_STATEMENT = 30_000
SQLITE_BULK_CACHE_KIB = 262_144  # a larger page cache while loading keeps index updates in memory


@contextmanager
def loading_connection(engine: Engine) -> Iterator[Connection]:
    """One connection for the whole load; on SQLite, without the write-ahead log if possible.

    In WAL mode every page of a gigabyte-sized load is written twice (to the log,
    then checkpointed into the file). With a rollback journal, pages added to the
    end of the file are written once and need no journal, which halves the time
    for a million reports. SQLite only leaves WAL mode when no other connection
    has the file open; otherwise it refuses at once and the load simply stays in
    WAL mode. WAL is switched back on afterwards, whatever happens.
    """
    sqlite = engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")
    if sqlite:
        engine.dispose()  # idle pooled connections would keep the file in WAL mode
    with engine.connect() as connection:
        raw = connection.connection.driver_connection if sqlite else None
        left_wal = False
        if raw is not None:  # no transaction is open yet: journal_mode can change
            try:
                left_wal = raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
            except sqlite3.OperationalError:  # "database is locked": someone else has it open
                left_wal = False
        try:
            yield connection
        finally:
            if raw is None:
                pass
            elif left_wal:
                raw.execute("PRAGMA journal_mode=WAL")
            else:  # fold the big log back into the file, as far as readers allow
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def write_session(connection: Connection) -> Iterator[Session]:
    """`make_session_factory(engine, write=True).begin()`, on one given connection.

    A write transaction (BEGIN IMMEDIATE on SQLite), committed on success and
    rolled back on error.
    """
    connection.execution_options(**{WRITE_OPTION: True})
    with Session(bind=connection, expire_on_commit=False) as session, session.begin():
        yield session


def write_all(connection: Connection, data: Data, photos: Photos) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        previous_cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
    try:
        # The live tallies and the photo counts are recounted once at the end,
        # not updated by a trigger per row (each report comes with its photo count).
        columns: Columns = {**data.columns, "after_photos": _after_photo_counts(photos, data)}
        with tally_suspended(connection):
            with _indexes_built_after(connection, Report.__table__):
                _insert(connection, Report.__table__, columns)
            history = data.history
            report_ids = data.columns["id"]
            _insert(
                connection,
                StatusHistory.__table__,
                {
                    "id": history.ids,
                    "report_id": report_ids[history.report_index],
                    "from_status": STATUS_STRINGS.column(history.from_status),
                    "to_status": STATUS_STRINGS.column(history.to_status),
                    "at": history.at,
                    "actor_label": ACTOR_STRINGS.column(history.actor_label),
                    "opd_id": nullable_ids(history.opd_id),
                    "public_note": history.notes.column(history.public_note),
                    "internal_note": history.notes.column(history.internal_note),
                    "internal_note_for_opd": internal_note_for_opd(history, data.columns),
                },
            )
            existing = set(
                connection.execute(
                    select(PhotoBlob.key).where(PhotoBlob.key.in_(list(photos.blobs)))
                ).scalars()
            )
            fresh = [key for key in photos.blobs if key not in existing]
            _insert(
                connection,
                PhotoBlob.__table__,
                {
                    "key": np.array(fresh, dtype=object),
                    "content_type": np.array([photos.blobs[k][0] for k in fresh], dtype=object),
                    "data": np.array([photos.blobs[k][1] for k in fresh], dtype=object),
                },
            )
            count = len(photos.report_index)
            _insert(
                connection,
                Photo.__table__,
                {
                    "id": np.arange(1, count + 1),
                    "report_id": report_ids[photos.report_index],
                    "kind": photos.kind,
                    "image_key": photos.image_key,
                    "thumb_key": photos.thumb_key,
                    "content_type": np.full(count, photos.content_type, dtype=object),
                    "width": photos.width,
                    "height": photos.height,
                    "byte_size": photos.byte_size,
                    "history_id": photos.history_id,
                    "is_demo": np.ones(count, dtype=bool),
                    "created_at": photos.created_at,
                },
            )
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size={previous_cache}")
    if connection.dialect.name == "postgresql":
        # Ids were given explicitly: move the sequences past them.
        for table in ("report", "status_history", "photo"):  # our own table names
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )


def _after_photo_counts(photos: Photos, data: Data) -> np.ndarray:
    """Per report (in row order), how many after photos it gets (`report.after_photos`)."""
    after = photos.report_index[photos.kind == PhotoKind.AFTER.value]
    return np.bincount(after, minlength=len(data.columns["id"])).astype(np.int64)


@contextmanager
def _indexes_built_after(connection: Connection, table: Table) -> Iterator[None]:
    """Drop the table's secondary indexes for a bulk load and build them again after it.

    Reports arrive in id order but random in status, kelurahan, OPD and category:
    one sort per index at the end beats a million scattered index updates, which
    stop fitting in SQLite's page cache near a million rows. Inside the caller's
    transaction, so a failure restores them with everything else.
    """
    existing = {index["name"] for index in inspect(connection).get_indexes(table.name)}
    deferred = [index for index in table.indexes if index.name in existing and not index.unique]
    for index in deferred:
        index.drop(connection)
    yield
    for index in deferred:
        index.create(connection)


Columns = dict[str, "np.ndarray | Coded"]


def _insert(connection: Connection, table: Table, columns: Columns) -> None:
    """Rows straight to the DBAPI, each backend by its fastest bulk path.

    Both share the preparation (numpy columns to Python values, batch by batch,
    in a background thread); SQLite gets multi-row INSERT ... VALUES statements,
    PostgreSQL gets COPY.
    """
    missing = [
        c.name
        for c in table.columns
        if not c.nullable and c.name not in columns and c.server_default is None
    ]
    if missing:
        raise DemoDataError(f"demo data does not fill {table.name}.{', '.join(missing)}")
    quote = connection.dialect.identifier_preparer.quote
    target = f"{quote(table.name)} ({', '.join(quote(name) for name in columns)})"
    if connection.dialect.name == "postgresql":
        _copy_rows(connection, target, columns)
    else:
        _insert_values(connection, target, columns)


def _insert_values(connection: Connection, target: str, columns: Columns) -> None:
    """Many rows per INSERT statement.

    Not executemany: SQLite redoes a statement's one-off work (such as the lookup
    tables of the CHECK (... IN (...)) constraints) on every execution, so one
    execution per row costs about twice as much.
    """
    width = len(columns)
    per_statement = max(1, PARAMETERS_PER_STATEMENT // width)
    row = f"({', '.join(['?'] * width)})"
    # Names come from the models' metadata; every value is a bound parameter.
    head = f"INSERT INTO {target} VALUES "  # noqa: S608
    full_statement = head + ", ".join([row] * per_statement)

    def statements() -> Iterator[tuple]:
        chunk = per_statement * max(1, CHUNK_ROWS // per_statement)
        for rows in _row_chunks(columns, chunk):
            for offset in range(0, len(rows), per_statement):
                yield tuple(chain.from_iterable(rows[offset : offset + per_statement]))

    for params in _prefetched(statements()):
        count = len(params) // width
        sql = full_statement if count == per_statement else head + ", ".join([row] * count)
        connection.exec_driver_sql(sql, params)


def _copy_rows(connection: Connection, target: str, columns: Columns) -> None:
    """PostgreSQL's COPY, inside the caller's transaction (same DBAPI connection)."""
    driver = connection.connection.driver_connection
    assert driver is not None  # an open connection always has its DBAPI connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for rows in _prefetched(_row_chunks(columns, CHUNK_ROWS)):
            for row in rows:
                copy.write_row(row)


def _row_chunks(columns: Columns, chunk: int) -> Iterator[list[tuple]]:
    """Rows as tuples of plain Python values, `chunk` rows at a time."""
    total = len(next(iter(columns.values())))
    for start in range(0, total, chunk):
        values = [_db_values(column[start : start + chunk]) for column in columns.values()]
        yield list(zip(*values, strict=True))


def _prefetched(items: Iterator[T], depth: int = 4) -> Iterator[T]:
    """Produce `items` in a background thread while the caller consumes them.

    The DBAPI drivers release the GIL while the database works, so building the
    next batch of parameters (numpy to Python values) overlaps with writing this
    one, and the load uses a second core.
    """
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                queue.put(entry, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((False, exc))

    worker = threading.Thread(target=produce, name="demo-insert-batches", daemon=True)
    worker.start()
    try:
        while True:
            more, item = queue.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        worker.join()


def nullable_ids(ids: np.ndarray) -> Coded:
    """Small non-negative integer ids, -1 meaning NULL."""
    table = np.array([*range(int(ids.max(initial=0)) + 1), None], dtype=object)
    return Coded(ids, table)


def _db_values(column: np.ndarray) -> list:
    """Plain Python values for the DBAPI: None for NaT/NaN, timestamps as SQLAlchemy stores them."""
    if np.issubdtype(column.dtype, np.datetime64):
        formatted = np.datetime_as_string(column.astype("datetime64[us]"), unit="us").astype("U26")
        formatted.view(np.uint32).reshape(-1, 26)[:, 10] = ord(" ")  # 2025-01-31 08:00:00.000000
        values = formatted.astype(object)
        values[np.isnat(column)] = None
        return values.tolist()
    if np.issubdtype(column.dtype, np.floating):
        values = column.astype(object)
        values[np.isnan(column)] = None
        return values.tolist()
    return column.tolist()
