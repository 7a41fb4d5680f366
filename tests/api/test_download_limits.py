"""Download builds are rate-limited per client address, in the database (issue 8, finding 13)."""

from __future__ import annotations

from data_layer.config import get_settings
from data_layer.throttle import expensive_requests_per_address


def test_downloads_are_limited_per_client_with_a_clear_answer(db, client):
    limit = expensive_requests_per_address(get_settings()).limit
    paths = ["/data/laporan.csv", "/data/kelurahan.csv", "/data/opd.csv"]
    for i in range(limit):
        response = client.get(paths[i % len(paths)])
        assert response.status_code == 200, response.text
    refused = client.get("/data/laporan.csv?lang=en")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["error"].startswith("Too many requests from your address")
    # The dictionary is static and cheap: never counted.
    assert client.get("/data/kamus.json").status_code == 200


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(db, client, monkeypatch):
    limit = expensive_requests_per_address(get_settings()).limit
    # Without a trusted proxy, X-Forwarded-For is the client's own claim: ignored,
    # so changing it does not buy a fresh count.
    for i in range(limit):
        client.get("/data/opd.csv", headers={"X-Forwarded-For": f"198.51.100.{i}"})
    assert (
        client.get("/data/opd.csv", headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 429
    )
    # Behind one trusted proxy, the address it wrote is the client.
    monkeypatch.setenv("PANTAU_TRUSTED_PROXY_HOPS", "1")
    get_settings.cache_clear()
    assert (
        client.get("/data/opd.csv", headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 200
    )
