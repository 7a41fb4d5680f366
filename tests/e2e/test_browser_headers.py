"""Against the live `streamlit run serve.py`: headers on pages, and no metrics endpoint."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, b""
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.mark.parametrize("path", ["/", "/operator_masuk", "/healthz"])
def test_pages_and_routes_refuse_framing_by_other_sites(app_server, path):
    status, headers, _ = _get(app_server.url + path)
    assert status == 200
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]


def test_streamlit_metrics_are_not_served(app_server):
    status, _, body = _get(app_server.url + "/_stcore/metrics")
    assert status == 404
    assert b"cache" not in body
