"""Script payloads in a public report's title and description never run, on any page.

The suite seeded a resolved report (with before and after photos, in Miroto) whose title
and description carry `<img onerror>`, `<script>`, `<svg onload>`, Markdown and HTML
`javascript:` links, each calling `alert`. The `app` fixture fails any test during which
a dialog opens; these tests visit every place the report shows up and also check that
the text is shown literally rather than dropped.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.harness import PAYLOAD_KELURAHAN, PUBLIC_PATHS, Browser, page_name

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def no_script_ran(app: Browser) -> None:
    assert app.recorded.dialogs == [], f"a payload ran: {app.recorded.dialogs}"
    javascript_links = app.page.evaluate(
        """() => [...document.querySelectorAll('a[href]')]
            .map(a => a.getAttribute('href'))
            .filter(href => href.trim().toLowerCase().startsWith('javascript:'))"""
    )
    assert javascript_links == []
    # No element the payload asked for exists as a real element in the page.
    injected = app.page.evaluate(
        """() => document.querySelectorAll(
            '[data-testid="stMain"] img[src="x"], [data-testid="stMain"] svg[onload]').length"""
    )
    assert injected == 0


@pytest.mark.parametrize("path", PUBLIC_PATHS, ids=page_name)
def test_payloads_stay_inert_on_every_public_page(app: Browser, path: str):
    app.open(path)
    no_script_ran(app)


def test_payloads_are_shown_as_text_on_the_tracking_page(app: Browser):
    app.open("lacak", tiket=app.server.seeded.payload_ticket)
    text = app.main().inner_text()
    assert "<img src=x onerror=alert('xss-title')>" in text
    assert "<script>alert('xss-script')</script>" in text
    no_script_ran(app)


def test_payloads_stay_inert_in_the_gallery(app: Browser):
    app.open("galeri", kelurahan=PAYLOAD_KELURAHAN)
    app.main().get_by_text("<script>alert('xss-script')</script>", exact=False).first.wait_for()
    no_script_ran(app)


def test_payloads_stay_inert_on_the_map_and_its_panel(app: Browser):
    app.open("peta", lapisan="klaster")
    frame = app.map_frame()
    frame.locator(".marker-cluster, path.leaflet-interactive").first.wait_for()
    app.hover_kelurahan(PAYLOAD_KELURAHAN)
    frame.locator(".leaflet-tooltip").wait_for()
    app.click_kelurahan(PAYLOAD_KELURAHAN)
    app.main().locator("h3", has_text="Miroto").wait_for()
    app.wait_idle()
    popup = open_payload_popup(app)
    frame = app.map_frame()
    # The popup shows the title's start (shortened) as text.
    assert "<img src=x onerror=alert('xss-title')>" in popup.inner_text()
    assert frame.locator('img[src="x"]').count() == 0
    no_script_ran(app)


def open_payload_popup(app: Browser, attempts: int = 3):
    """Open the payload report's point popup (Leaflet sets popup content as HTML).

    A rerun can rebuild the map, or a zoom animation hide the popup, right after it
    opened: then it is opened again, in whichever map is there now."""
    popup = app.map_frame().locator(".leaflet-popup-content")
    for _ in range(attempts):
        opened = app.evaluate_on_map(OPEN_PAYLOAD_POPUP)
        assert opened, "the payload report's point was not on the map"
        popup = app.map_frame().locator(".leaflet-popup-content")
        with contextlib.suppress(PlaywrightTimeout):
            popup.wait_for(timeout=10_000)
            return popup
    popup.wait_for()  # fails with Playwright's own account of what it saw
    return popup


OPEN_PAYLOAD_POPUP = """async () => {
    if (!window.map) return null;
    let found = null;
    window.map.eachLayer(layer => {
        // Already taken out of its cluster by an earlier attempt.
        const own = layer.getPopup && layer.getPopup();
        if (!found && own && String(own.getContent()).includes('xss-title')) {
            found = [null, layer];
        }
        if (!found && layer.getLayers) {
            for (const marker of layer.getLayers()) {
                const popup = marker.getPopup && marker.getPopup();
                if (popup && String(popup.getContent()).includes('xss-title')) {
                    found = [layer, marker];
                    break;
                }
            }
        }
    });
    if (!found) return false;
    const [cluster, marker] = found;
    // Take the point out of its cluster onto the map itself, so its popup can open at
    // any zoom (the popup's content, which is what this test is about, is unchanged).
    if (cluster && cluster.removeLayer) cluster.removeLayer(marker);
    marker.addTo(window.map);
    window.map.stop();  // no zoom or pan animation left to hide the popup
    marker.openPopup();
    return true;
}"""
