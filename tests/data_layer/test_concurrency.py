"""A submission is all or nothing, and parallel submissions lose nothing.

Runs on SQLite (write transactions take the lock up front with BEGIN IMMEDIATE
and queue on busy_timeout) and on PostgreSQL, with one connection per thread.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from factories import make_draft, prepared_photo
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from data_layer.commands import submit_report
from data_layer.db import make_engine, make_session_factory
from data_layer.models import Photo, PhotoBlob, Report, StatusHistory
from data_layer.photos import DatabasePhotoStore
from data_layer.states import Status

SUBMISSIONS = 50
THREADS = 25

pytestmark = pytest.mark.slow


def _counts(session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Report, StatusHistory, Photo, PhotoBlob)
    }


class StoreFailingOnSecondPhoto:
    """A real database store whose disk "fills up" after the first photo's bytes."""

    def __init__(self, session, submission_key: str) -> None:
        self._session = session
        self._key = submission_key
        self._store = DatabasePhotoStore(session)
        self._puts = 0
        self.report_id_when_failing: int | None = None

    def put(self, data: bytes, content_type: str) -> str:
        self._puts += 1
        if self._puts > 2:  # first photo = image + thumbnail
            self.report_id_when_failing = self._session.scalar(
                select(Report.id).where(Report.submission_key == self._key)
            )
            raise OSError("no space left on device")
        return self._store.put(data, content_type)

    def get(self, key: str) -> bytes | None:
        return self._store.get(key)


def test_a_failure_in_the_middle_of_a_submission_leaves_nothing_behind(db):
    # Two different images: identical ones would share one content-addressed blob.
    photos = (prepared_photo(db.settings), prepared_photo(db.settings, color=(20, 90, 200)))
    with db.read() as session:
        before = _counts(session)
        draft = make_draft(session, photos=photos)
    with pytest.raises(OSError, match="no space"), db.write().begin() as session:
        store = StoreFailingOnSecondPhoto(session, "half-written")
        submit_report(
            session,
            draft=draft,
            settings=db.settings,
            submission_key="half-written",
            store=store,
        )
    assert store.report_id_when_failing is not None  # the report row was already written
    with db.read() as session:
        assert _counts(session) == before
        assert (
            session.scalar(select(Report.id).where(Report.submission_key == "half-written")) is None
        )
    # The same key works afterwards: the failed attempt left no trace to collide with.
    with db.write().begin() as session:
        saved = submit_report(
            session, draft=draft, settings=db.settings, submission_key="half-written"
        )
    with db.read() as session:
        after = _counts(session)
    assert not saved.duplicate_submission
    assert after["report"] == before["report"] + 1
    assert after["photo"] == before["photo"] + 2
    assert after["photo_blob"] == before["photo_blob"] + 4
    assert after["status_history"] == before["status_history"] + 1


@pytest.fixture
def wide_engine(db):
    """An engine with a connection for every thread (no waiting on the pool)."""
    engine = make_engine(db.url, pool_size=THREADS, max_overflow=0)
    yield engine
    engine.dispose()


def test_fifty_parallel_submissions_make_fifty_reports_with_distinct_tickets(db, wide_engine):
    # A different image each: identical ones would share one content-addressed blob.
    photos = [prepared_photo(db.settings, color=(4 * i, 80, 40)) for i in range(SUBMISSIONS)]
    with db.read() as session:
        before = _counts(session)
        drafts = [
            make_draft(session, title=f"Laporan paralel nomor {i:02d}", photos=(photos[i],))
            for i in range(SUBMISSIONS)
        ]
    keys = [uuid.uuid4().hex for _ in drafts]
    start = threading.Barrier(THREADS)
    factory = make_session_factory(wide_engine, write=True)

    def submit(i: int):
        if i < THREADS:
            start.wait()  # the first wave starts together, to collide as much as possible
        with factory.begin() as session:
            return submit_report(
                session, draft=drafts[i], settings=db.settings, submission_key=keys[i]
            )

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))

    assert len({r.ticket for r in results}) == SUBMISSIONS
    assert len({r.followup_code for r in results}) == SUBMISSIONS
    assert not any(r.duplicate_submission for r in results)
    with db.read() as session:
        after = _counts(session)
        stored = session.execute(
            select(Report.ticket, Report.title, Report.status, Report.submission_key).where(
                Report.submission_key.in_(keys)
            )
        ).all()
        first_rows = session.scalar(
            select(func.count())
            .select_from(StatusHistory)
            .join(Report, Report.id == StatusHistory.report_id)
            .where(
                Report.submission_key.in_(keys), StatusHistory.to_status == Status.DITERIMA.value
            )
        )
    assert after["report"] - before["report"] == SUBMISSIONS
    assert after["photo"] - before["photo"] == SUBMISSIONS
    assert after["photo_blob"] - before["photo_blob"] == 2 * SUBMISSIONS
    assert first_rows == SUBMISSIONS
    assert {row.ticket for row in stored} == {r.ticket for r in results}
    assert {row.title for row in stored} == {d.title for d in drafts}
    assert {row.status for row in stored} == {Status.DITERIMA.value}


def test_one_submission_key_sent_by_many_threads_makes_one_report(db, wide_engine):
    """A retried request racing the original: one report, whoever wins."""
    with db.read() as session:
        draft = make_draft(session)
    key = uuid.uuid4().hex
    tries = 8
    start = threading.Barrier(tries)
    factory = make_session_factory(wide_engine, write=True)

    def submit(_: int):
        start.wait()
        try:
            with factory.begin() as session:
                return submit_report(session, draft=draft, settings=db.settings, submission_key=key)
        except IntegrityError:
            # PostgreSQL: the loser of the race hits the unique key; trying again
            # (as the page does) finds the winner's report.
            with factory.begin() as session:
                return submit_report(session, draft=draft, settings=db.settings, submission_key=key)

    with ThreadPoolExecutor(tries) as pool:
        results = list(pool.map(submit, range(tries)))

    with db.read() as session:
        stored = session.scalars(select(Report.ticket).where(Report.submission_key == key)).all()
    assert len(stored) == 1
    assert {r.ticket for r in results} == set(stored)
    assert sum(not r.duplicate_submission for r in results) == 1
    assert [r.followup_code for r in results if r.duplicate_submission] == [None] * (tries - 1)
