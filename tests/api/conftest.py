"""Fixtures for the HTTP routes: Starlette's TestClient over the app's own route list."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import api
from data_layer.config import get_settings
from data_layer.db import dispose_process_engines


def build_client() -> TestClient:
    """The same routes and middleware `serve.py` mounts beside the pages."""
    return TestClient(Starlette(routes=api.routes(), middleware=api.middleware()))


@pytest.fixture
def api_db(request, monkeypatch):
    """Point the routes at a fresh test database (both engines when the test takes `db`)."""
    database = request.getfixturevalue("db" if "db" in request.fixturenames else "sqlite_db")
    monkeypatch.setenv("DATABASE_URL", database.url)
    get_settings.cache_clear()
    dispose_process_engines()
    yield database
    get_settings.cache_clear()
    dispose_process_engines()


@pytest.fixture
def client(api_db) -> TestClient:
    with build_client() as test_client:
        yield test_client
