"""Fixtures of the browser suite: the real app (`streamlit run app.py`) in Debian's Chromium.

One Streamlit server per test session, on a free port, over a fresh demo database
(a temp SQLite file: `python -m data_layer seed-demo --reports 300 --seed 7`, plus a few
reports of our own: one full of script payloads, one resolved with a before/after pair,
and operator accounts). Base-map tiles are off (PANTAU_TILE_SERVER=none), so every
request the browser makes must go to the app's own host.

Each test gets a fresh browser context whose `Browser` tab records console errors,
uncaught exceptions, requests, response sizes and dialogs; a dialog (say, an `alert`
from an injected script) fails the test that saw it, whatever it was testing.

After every action the helpers wait for the app to finish its run
(`[data-testid="stApp"][data-test-script-state="notRunning"]`), never for a fixed time.

Without /usr/bin/chromium the suite skips (`make browser` installs it); under CI=true
it fails instead (tests/conftest.skip_or_fail).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.e2e.harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    STREAMLIT,
    AppServer,
    Browser,
    SeededData,
    seed_database,
    slug,
    start_server,
    stop_server,
)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found: run `make browser` (Debian's chromium)")
    if not Path(STREAMLIT).exists():
        skip_or_fail(f"streamlit not found at {STREAMLIT}")
    return CHROMIUM


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory, chromium_path) -> SeededData:
    return seed_database(tmp_path_factory.mktemp("e2e-db") / "pantau_e2e.db")


@pytest.fixture(scope="session")
def app_server(seeded_database) -> Iterator[AppServer]:
    seeded = seeded_database
    # Kept with the screenshots: the server's own account of any failure.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("*.png"):
        stale.unlink()  # screenshots (failures included) describe this run only
    log_path = ARTIFACTS / "streamlit.log"
    process, url = start_server(seeded.database_url, log_path)
    try:
        yield AppServer(url, seeded.database_url, seeded, log_path)
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser(chromium_path):
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True
    )
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    try:
        yield context
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def app(browser_context, app_server, request) -> Iterator[Browser]:
    """A fresh tab on the app; any dialog it opened fails the test."""
    tab = Browser(browser_context.new_page(), app_server)
    yield tab
    if getattr(request.node, "e2e_failed", False):
        tab.screenshot(f"FAILED-{slug(request.node.name)}")
    assert tab.recorded.dialogs == [], f"a script ran and opened a dialog: {tab.recorded.dialogs}"
