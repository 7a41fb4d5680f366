"""Every response refuses framing by other sites, and Streamlit's metrics stay hidden."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import api


def test_routes_refuse_to_be_framed_by_other_sites(client):
    response = client.get("/healthz")
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_metrics_answer_not_found_even_where_something_serves_them():
    # Streamlit serves /_stcore/metrics itself; here a stand-in route plays it.
    def metrics(_request):
        return PlainTextResponse("cache_memory_bytes 123")

    app = Starlette(
        routes=[*api.routes(), Route("/_stcore/metrics", metrics)], middleware=api.middleware()
    )
    with TestClient(app) as client:
        for path in ("/_stcore/metrics", "/_stcore/metrics/"):
            response = client.get(path)
            assert response.status_code == 404
            assert "cache_memory_bytes" not in response.text
            assert response.headers["x-frame-options"] == "SAMEORIGIN"
