"""`/healthz` tells a load balancer whether this replica can reach its database."""

from __future__ import annotations

from data_layer.config import get_settings
from data_layer.db import dispose_process_engines
from tests.api.conftest import build_client


def test_healthz_answers_ok_when_the_database_answers(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.headers["cache-control"] == "no-store"


def test_healthz_answers_503_without_leaking_the_connection_string(monkeypatch):
    monkeypatch.setenv(
        "DATABASE_URL", "postgresql://secretuser:secretpw@127.0.0.1:1/nowhere?connect_timeout=2"
    )
    get_settings.cache_clear()
    dispose_process_engines()
    try:
        with build_client() as client:
            response = client.get("/healthz")
    finally:
        get_settings.cache_clear()
        dispose_process_engines()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "secret" not in response.text
