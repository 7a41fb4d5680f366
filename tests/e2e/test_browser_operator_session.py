"""An operator's sign-in survives a reload, a new tab and another app process on the same
database, and a sign-out ends it in every tab (issue 11, item 3), in Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from data_layer.operator_sessions import COOKIE_NAME
from tests.e2e.harness import (
    ARTIFACTS,
    VERIFIER_USERNAME,
    AppServer,
    Browser,
    start_server,
    stop_server,
    submit_sign_in,
)
from ui.i18n import t

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LANG = "id"
SIGNED_IN_TIMEOUT_MS = 60_000


def label(key: str, **values) -> str:
    return t(key, lang=LANG, **values)


@pytest.fixture
def second_replica(app_server) -> Iterator[AppServer]:
    """Another app process on the same database, as a second replica behind a proxy."""
    log_path = ARTIFACTS / "streamlit-replica-2.log"
    process, url = start_server(app_server.database_url, log_path)
    try:
        yield AppServer(url, app_server.database_url, app_server.seeded, log_path)
    finally:
        stop_server(process)


def queue_link(tab: Browser):
    return tab.page.locator('[data-testid="stSidebar"] a[href*="operator_antrian"]')


def assert_signed_in(tab: Browser) -> None:
    queue_link(tab).first.wait_for(timeout=SIGNED_IN_TIMEOUT_MS)
    # The sidebar can show the signed-in menu while the main area still holds the last
    # run's form for a moment: the form must go (a timeout here fails the test).
    tab.main().get_by_label(label("op.login.password"), exact=True).wait_for(
        state="detached", timeout=SIGNED_IN_TIMEOUT_MS
    )


def assert_signed_out(tab: Browser) -> None:
    tab.main().get_by_label(label("op.login.password"), exact=True).wait_for()
    expect(queue_link(tab)).to_have_count(0)


def session_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE_NAME), None)


def sign_in_and_out_everywhere(
    context, first: AppServer, other: AppServer, replica: AppServer
) -> None:
    """Sign in on `first`, reload, open a new tab on `other` and one on `replica`: signed in
    everywhere; sign out in the first tab: out everywhere, even replaying the old cookie."""
    app = Browser(context.new_page(), first)
    # The page sends the browser through /sesi-operator/masuk, which sets the cookie
    # and comes back to the sign-in page, now the operator's account page.
    submit_sign_in(app, VERIFIER_USERNAME, timeout_ms=SIGNED_IN_TIMEOUT_MS)
    assert app.page.url.endswith("/operator_masuk"), app.page.url
    assert_signed_in(app)
    cookie = session_cookie(context)
    assert cookie is not None, "no session cookie was set"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "kode=" not in app.page.url  # the one-time code does not stay in the address bar

    # A reload keeps the sign-in.
    app.page.reload()
    app.wait_idle()
    assert_signed_in(app)

    # So does a new tab, opened on an operator page directly.
    other_tab = Browser(context.new_page(), other)
    other_tab.open("operator_antrian")
    assert_signed_in(other_tab)
    expect(other_tab.main().get_by_role("heading", name=label("op.nav.queue"))).to_have_count(1)

    # And another replica on the same database (cookies are per host, not per port).
    replica_tab = Browser(context.new_page(), replica)
    replica_tab.open("operator_antrian")
    assert_signed_in(replica_tab)

    # Sign out in the first tab: out there, and the cookie is gone.
    app.main().get_by_role("button", name=label("op.account.logout")).click()
    app.page.wait_for_url("**/operator_masuk", timeout=SIGNED_IN_TIMEOUT_MS)
    app.wait_idle()
    assert_signed_out(app)
    assert session_cookie(context) is None

    # The other tab, still open, is out at its next click, and says why.
    other_tab.page.locator('[data-testid="stSidebar"] a[href*="operator_masuk"]').first.click()
    other_tab.wait_idle()
    assert_signed_out(other_tab)
    assert "Sesi Anda berakhir" in other_tab.text()
    # The replica's tab too, even replaying the old cookie.
    context.add_cookies([{**cookie, "expires": -1}])
    replica_tab.page.reload()
    replica_tab.wait_idle()
    assert_signed_out(replica_tab)
    for tab in (app, other_tab, replica_tab):
        assert tab.js_errors() == []
        assert tab.recorded.dialogs == []


def test_sign_in_survives_reload_new_tab_and_replica_and_sign_out_ends_it_everywhere(
    browser_context, app_server, second_replica
):
    sign_in_and_out_everywhere(browser_context, app_server, app_server, second_replica)
