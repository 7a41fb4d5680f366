"""The routes that set and clear the operator session cookie, over the real app routes."""

from __future__ import annotations

import pytest
from factories import make_operator
from starlette.testclient import TestClient

from data_layer.config import get_settings
from data_layer.operator_sessions import COOKIE_NAME, current_session, start_session
from data_layer.states import Role
from tests.api.conftest import build_client


@pytest.fixture
def verifier(api_db):
    with api_db.write().begin() as session:
        return make_operator(session, role=Role.VERIFIKATOR, username="verif")


def started(api_db, operator):
    """A session begun by the sign-in page: its credential and one-time code."""
    with api_db.write().begin() as session:
        return start_session(session, operator=operator, settings=get_settings())


def live(api_db, credential) -> bool:
    with api_db.read() as session:
        return current_session(session, credential=credential, settings=get_settings()) is not None


def sign_in(client: TestClient, code: str, **params: str):
    return client.get(
        "/sesi-operator/masuk", params={"kode": code, **params}, follow_redirects=False
    )


def test_a_code_becomes_an_http_only_lax_cookie_once(api_db, verifier, client):
    session = started(api_db, verifier)
    response = sign_in(client, session.code, ke="operator_laporan", tiket="7QM2R-T9KXH", lang="en")
    assert response.status_code == 303
    # Back to the report the operator was opening, in their language.
    assert response.headers["location"] == "../operator_laporan?tiket=7QM2R-T9KXH&lang=en"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/", "Max-Age=86400"):
        assert attribute.lower() in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http here; see the https test
    assert live(api_db, client.cookies[COOKIE_NAME])
    # The page's credential stopped working when the cookie took over.
    assert not live(api_db, session.credential)

    again = sign_in(client, session.code)
    assert again.status_code == 400
    assert "sudah dipakai atau kedaluwarsa" in again.text
    assert "set-cookie" not in again.headers


def test_the_way_back_is_always_a_page_of_this_app(api_db, verifier, client):
    for target in ("//evil.example/x", "https://evil.example", "../../etc", "Operator", ""):
        response = sign_in(client, started(api_db, verifier).code, ke=target)
        assert response.headers["location"] == "../operator_masuk"
    response = sign_in(
        client, started(api_db, verifier).code, ke="operator_laporan", tiket="x&ke=//evil"
    )
    assert response.headers["location"] == "../operator_laporan"


def test_behind_https_the_cookie_is_secure(api_db, verifier, monkeypatch):
    session = started(api_db, verifier)
    with TestClient(build_client().app, base_url="https://pantau.example") as client:
        response = sign_in(client, session.code)
    assert "secure" in response.headers["set-cookie"].lower()
    # nginx terminating TLS says so in X-Forwarded-Proto: believed only from our own proxy.
    for hops, secure in (("0", False), ("1", True)):
        monkeypatch.setenv("PANTAU_TRUSTED_PROXY_HOPS", hops)
        get_settings.cache_clear()
        with build_client() as client:
            response = client.get(
                "/sesi-operator/masuk",
                params={"kode": started(api_db, verifier).code},
                headers={"x-forwarded-proto": "https"},
                follow_redirects=False,
            )
        assert ("secure" in response.headers["set-cookie"].lower()) is secure
    get_settings.cache_clear()


def test_sign_out_by_post_ends_the_session_and_clears_the_cookie(api_db, verifier, client):
    sign_in(client, started(api_db, verifier).code)
    credential = client.cookies[COOKIE_NAME]
    # Behind nginx, Host may lack the port the browser's Origin names: still this site.
    response = client.post(
        "/sesi-operator/keluar",
        headers={"origin": "http://testserver:8080"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "../operator_masuk"
    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
    assert not live(api_db, credential)


def test_another_site_cannot_sign_anybody_out(api_db, verifier, client):
    sign_in(client, started(api_db, verifier).code)
    credential = client.cookies[COOKIE_NAME]
    refused = client.post(
        "/sesi-operator/keluar",
        headers={"origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert "situs lain" in refused.text
    # A plain link (GET) clears nothing while the session is live.
    link = client.get("/sesi-operator/keluar", follow_redirects=False)
    assert link.status_code == 303
    assert "set-cookie" not in link.headers
    assert live(api_db, credential)


def test_a_get_clears_the_cookie_of_a_session_that_already_ended(api_db, verifier, client):
    sign_in(client, started(api_db, verifier).code)
    client.post("/sesi-operator/keluar", follow_redirects=False)
    # The page signed out first (the database row); the browser then comes here.
    client.cookies.set(COOKIE_NAME, "sudah.berakhir")
    response = client.get("/sesi-operator/keluar", follow_redirects=False)
    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
