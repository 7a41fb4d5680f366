"""Cached getters: shared per database and per arguments, never across databases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factories import advance, make_report

from data_layer.config import get_settings
from data_layer.queries.public import ReportFilter
from data_layer.queries.status import status_counts
from data_layer.states import Status
from ui.cache import LIVE_TTL_SECONDS, cached_query, clear_all_caches, read_session

cached_status_counts = cached_query(status_counts, ttl=LIVE_TTL_SECONDS)


def _point_at(url: str, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()


def _verified_report(database) -> None:
    with database.write().begin() as session:
        report = make_report(session, settings=database.settings)
        advance(
            session, report_id=report.report_id, to=Status.DIVERIFIKASI, settings=database.settings
        )


@pytest.fixture(autouse=True)
def fresh_caches():
    clear_all_caches()
    yield
    get_settings.cache_clear()
    clear_all_caches()


def test_the_database_url_is_part_of_the_key(sqlite_db, tmp_path, monkeypatch):
    empty = tmp_path / "empty-copy.db"
    sqlite_db.engine.dispose()
    shutil.copyfile(sqlite_db.engine.url.database, empty)
    _verified_report(sqlite_db)
    _point_at(sqlite_db.url, monkeypatch)
    assert cached_status_counts(report_filter=ReportFilter()) == {"diverifikasi": 1}
    # The same call against another database is never served from the first one's entry.
    _point_at(f"sqlite:///{empty}", monkeypatch)
    assert cached_status_counts(report_filter=ReportFilter()) == {}
    with read_session() as session:
        assert Path(session.get_bind().url.database).name == "empty-copy.db"


def test_results_are_shared_until_cleared_and_keyed_on_arguments(sqlite_db, monkeypatch):
    _point_at(sqlite_db.url, monkeypatch)
    assert cached_status_counts(report_filter=ReportFilter()) == {}
    _verified_report(sqlite_db)
    # Cached figures until the TTL runs out (or a clear)…
    assert cached_status_counts(report_filter=ReportFilter()) == {}
    # …while other arguments are other entries.
    assert cached_status_counts(report_filter=ReportFilter(kind="aduan")) == {"diverifikasi": 1}
    clear_all_caches()
    assert cached_status_counts(report_filter=ReportFilter()) == {"diverifikasi": 1}
