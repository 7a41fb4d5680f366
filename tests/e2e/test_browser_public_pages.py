"""Every public page in a real browser: loads cleanly, stays on the app's own host, is readable.

Screenshots of each page go to artifacts/e2e/ (git-ignored) for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.harness import (
    APP_PATHS,
    ARTIFACTS,
    HOME,
    LEAFLET_SHAPE,
    PUBLIC_PATHS,
    AppServer,
    Browser,
    page_name,
    start_server,
    stop_server,
)
from ui.i18n import t

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def open_and_settle(app: Browser, path: str) -> None:
    app.open(path)
    if path == "peta":
        # The map draws inside the component's iframe after the script run has finished.
        app.map_frame().locator(LEAFLET_SHAPE).first.wait_for()


@pytest.mark.parametrize("path", PUBLIC_PATHS, ids=page_name)
def test_page_loads_without_errors_and_only_talks_to_its_own_host(app: Browser, path: str):
    open_and_settle(app, path)
    app.screenshot(f"page-{page_name(path)}")

    assert app.js_errors() == [], f"JavaScript errors on /{path}"
    assert app.foreign_requests() == [], f"/{path} made requests to other hosts"
    assert app.main().locator('[data-testid="stException"]').count() == 0
    # The page ran inside app.py's shell (menu, language switch, demo banner), not alone.
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 1, "the page ran without app.py (Streamlit's pages-folder mode?)"
    assert sidebar.get_by_role("radio").count() == 2  # Bahasa Indonesia / English
    # Streamlit falls back to the main page, with this warning, for an unknown path.
    assert "does not seem to exist" not in " ".join(app.recorded.console_errors)
    assert app.main().locator("h1").first.inner_text().strip() != ""


@pytest.mark.parametrize("path", APP_PATHS, ids=lambda path: path or "root")
def test_every_path_the_app_links_to_opens_without_a_page_not_found_notice(app: Browser, path):
    # A deep link such as /beranda used to log "The page that you have requested does not
    # seem to exist" and fall back to the main page.
    app.open(path)
    notices = [e for e in app.recorded.console_errors if "does not seem to exist" in e]
    assert notices == [], f"/{path} is not a registered page"
    assert app.main().locator("h1").first.inner_text().strip() != ""


@pytest.mark.parametrize("path", PUBLIC_PATHS, ids=page_name)
def test_images_have_alternative_text(app: Browser, path: str):
    open_and_settle(app, path)
    missing = app.page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] img')]
            .filter(img => img.getBoundingClientRect().width > 0)
            .filter(img => !(img.getAttribute('alt') || '').trim()
                           && img.getAttribute('role') !== 'presentation'
                           && !img.closest('[aria-hidden="true"]'))
            .map(img => img.outerHTML.slice(0, 160))"""
    )
    assert missing == [], f"images without alternative text on /{path}"


@pytest.mark.parametrize("path", ["kirim", "lacak", HOME], ids=page_name)
def test_form_fields_have_labels(app: Browser, path: str):
    open_and_settle(app, path)
    app.main().locator("input, textarea").first.wait_for(state="attached")
    # Streamlit keeps hidden native twins of some widgets (aria-hidden, out of the tab
    # order); a person and a screen reader meet only the visible ones.
    unlabelled = app.page.evaluate(
        """() => [...document.querySelectorAll(
                '[data-testid="stMain"] :is(input, textarea, select, [role="combobox"],'
                + ' [role="spinbutton"], [role="textbox"])')]
            .filter(el => el.type !== 'hidden' && !el.closest('[aria-hidden="true"]'))
            .filter(el => {
                const byLabel = el.labels && [...el.labels].some(l => l.innerText.trim());
                const byAria = (el.getAttribute('aria-label') || '').trim();
                const byRef = (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
                    .some(id => id && document.getElementById(id)
                                && document.getElementById(id).innerText.trim());
                return !(byLabel || byAria || byRef);
            })
            .map(el => el.outerHTML.slice(0, 160))"""
    )
    assert unlabelled == [], f"form fields without a label on /{path}"


@pytest.fixture
def fresh_server(app_server: AppServer) -> Iterator[AppServer]:
    """A server no browser has visited yet (over the same demo data)."""
    log_path = ARTIFACTS / "streamlit-fresh.log"
    process, url = start_server(app_server.database_url, log_path)
    try:
        yield AppServer(url, app_server.database_url, app_server.seeded, log_path)
    finally:
        stop_server(process)


def test_deep_links_right_after_a_restart_open_the_page_they_name(browser_context, fresh_server):
    """The first visitors after a deploy may arrive by shared links to any page.

    With a folder named `pages/` beside app.py, Streamlit starts in its pages-folder mode,
    where a URL must be a file name and the page runs without app.py: so URL paths equal
    file names, and importing `ui` leaves that mode (see ui/__init__.py).
    """
    app = Browser(browser_context.new_page(), fresh_server)
    for path, title_key in (
        ("peta", "map.title"),
        ("data_terbuka", "open_data.title"),
        ("operator_masuk", "op.login.title"),
    ):
        app.open(path)
        app.screenshot(f"first-visit-{path}")
        missing = [error for error in app.js_errors() if "does not seem to exist" in error]
        assert missing == [], f"/{path} said 'Page not found'"
        shell = app.page.locator('[data-testid="stSidebar"]').get_by_role("radio").count()
        assert shell == 2, f"/{path} ran without app.py's menu and language switch"
        heading = app.main().locator("h1").first.inner_text().strip()
        assert heading == t(title_key, lang="id"), f"/{path} showed another page"
    assert app.recorded.dialogs == []
