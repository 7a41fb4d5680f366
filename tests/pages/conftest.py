"""Fixtures for the AppTest suites of every page."""

from __future__ import annotations

import pytest

from data_layer.config import get_settings
from ui.cache import clear_all_caches


@pytest.fixture
def app_db(request, monkeypatch):
    """Point the app at a fresh test database (SQLite unless the test also asks for `db`).

    The app reads DATABASE_URL through the cached settings and caches its
    engine and queries, so all three are reset around each test.
    """
    database = request.getfixturevalue("db" if "db" in request.fixturenames else "sqlite_db")
    monkeypatch.setenv("DATABASE_URL", database.url)
    get_settings.cache_clear()
    clear_all_caches()
    yield database
    get_settings.cache_clear()
    clear_all_caches()
