"""The kelurahan map in a real browser: shapes, tooltip, click-to-select, real boundaries,
offline assets, and what the page costs over the wire."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.harness import (
    ARTIFACTS,
    LEAFLET_SHAPE,
    MAP_IFRAME,
    PAYLOAD_KELURAHAN,
    AppServer,
    Browser,
    run_cli,
    start_server,
    stop_server,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KELURAHAN_COUNT = 177
MIROTO = PAYLOAD_KELURAHAN


def draw_map(app: Browser) -> None:
    app.open("peta")
    app.map_frame().locator(LEAFLET_SHAPE).first.wait_for()


def shape_count(app: Browser) -> int:
    return app.map_frame().locator(LEAFLET_SHAPE).count()


def test_map_draws_one_shape_per_kelurahan(app: Browser):
    draw_map(app)
    assert shape_count(app) == KELURAHAN_COUNT
    # A legend, drawn without any third-party library, says what the colours mean.
    assert app.map_frame().locator(".pantau-legend").inner_text().strip() != ""
    # No tiles are configured here: the choropleth stands on a plain background.
    assert app.map_frame().locator("img.leaflet-tile").count() == 0


def test_hovering_a_kelurahan_shows_its_tooltip(app: Browser):
    draw_map(app)
    app.hover_kelurahan(MIROTO)
    tooltip = app.map_frame().locator(".leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "Miroto" in text
    assert "Semarang Tengah" in text


def test_clicking_a_kelurahan_opens_its_panel(app: Browser):
    draw_map(app)
    app.click_kelurahan(MIROTO)
    app.page.wait_for_url(f"**pilih={MIROTO}**")
    heading = app.main().locator("h3", has_text="Miroto")
    heading.wait_for()
    # The panel lists the kelurahan's top categories and latest public reports.
    app.main().locator('[data-testid="stDataFrame"]').first.wait_for()
    # The selection survives as a link: opening it shows the same panel.
    app.open(f"peta?pilih={MIROTO}")
    app.main().locator("h3", has_text="Miroto").wait_for()


def test_map_has_a_text_alternative_listing_every_kelurahan(app: Browser):
    draw_map(app)
    app.main().locator('[data-testid="stExpander"] summary').last.click()
    app.wait_idle()
    table = app.main().locator("table").last
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == KELURAHAN_COUNT
    assert "Miroto" in table.inner_text()


def test_map_assets_are_served_by_the_app_itself(app: Browser):
    draw_map(app)
    vendor = [url for url in app.recorded.requests if "/app/static/vendor/" in url]
    assert any(url.endswith("/leaflet/leaflet.js") for url in vendor)
    assert any(url.endswith("/leaflet/leaflet.css") for url in vendor)
    assert app.foreign_requests() == []
    for path, mime in (
        ("leaflet/leaflet.js", "javascript"),
        ("leaflet/leaflet.css", "text/css"),
        ("leaflet.markercluster/leaflet.markercluster.js", "javascript"),
        ("leaflet.heat/leaflet-heat.js", "javascript"),
    ):
        with urllib.request.urlopen(f"{app.server.url}/app/static/vendor/{path}") as response:
            assert response.status == 200
            assert mime in response.headers["Content-Type"], path


@pytest.mark.parametrize("layer", ["klaster", "panas"])
def test_point_layers_draw_from_self_hosted_plugins(app: Browser, layer: str):
    app.open("peta", lapisan=layer)
    frame = app.map_frame()
    frame.locator(LEAFLET_SHAPE).first.wait_for()
    if layer == "klaster":
        frame.locator(".marker-cluster").first.wait_for()
    else:
        frame.locator("canvas.leaflet-heatmap-layer").wait_for(state="attached")
    assert app.js_errors() == []
    assert app.foreign_requests() == []


def test_map_page_transfer_is_measured(app: Browser):
    """Bytes over the wire for a first visit to the map page (cold browser cache)."""
    app.record_transfer()
    draw_map(app)
    app.page.wait_for_load_state("networkidle")
    total = app.transferred_bytes()
    breakdown = app.transfer_breakdown()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "map_transfer.json").write_text(
        json.dumps({"total_bytes": total, "by_origin": breakdown}, indent=2) + "\n"
    )
    print(f"map page first load: {total:,} bytes; {breakdown}")
    vendor = breakdown.get("self-hosted Leaflet and plugins", 0)
    assert 0 < vendor < 250_000  # Leaflet's JS and CSS, not a bundle of everything
    assert total < 8_000_000


# --- real boundaries ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def osm_server(app_server: AppServer, shared_data: Path, tmp_path_factory):
    """A second server over a copy of the demo data with OSM kelurahan polygons imported."""
    directory = tmp_path_factory.mktemp("e2e-osm")
    path = directory / "pantau_osm.db"
    source_path = app_server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(source_path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    url = f"sqlite:///{path}"
    run_cli(url, "import-boundaries", str(shared_data / "kelurahan_osm.geojson"))
    log_path = ARTIFACTS / "streamlit-osm.log"
    process, base = start_server(url, log_path)
    try:
        yield AppServer(base, url, app_server.seeded, log_path)
    finally:
        stop_server(process)


def test_map_draws_177_shapes_with_imported_osm_boundaries(browser_context, osm_server):
    app = Browser(browser_context.new_page(), osm_server)
    draw_map(app)
    assert shape_count(app) == KELURAHAN_COUNT
    app.screenshot("map-osm-boundaries")
    app.hover_kelurahan(MIROTO)
    assert "Miroto" in app.map_frame().locator(".leaflet-tooltip").inner_text()
    assert app.js_errors() == []
    assert app.foreign_requests() == []
    assert app.recorded.dialogs == []


def test_heat_layer_replaces_the_fill_and_the_legend_follows(app: Browser):
    app.open("peta", lapisan="panas")
    frame = app.map_frame()
    frame.locator("canvas.leaflet-heatmap-layer").wait_for(state="attached")
    frame.locator(LEAFLET_SHAPE).first.wait_for()
    fills = frame.locator(LEAFLET_SHAPE).evaluate_all(
        "shapes => [...new Set(shapes.map(s => s.getAttribute('fill-opacity')))]"
    )
    assert fills == ["0"]  # outlines only: the heat is the one colour layer
    legend = frame.locator(".pantau-legend").inner_text()
    assert "Kepadatan laporan" in legend and "tinggi" in legend
    app.screenshot("peta-heat-1366")


def test_kelurahan_names_appear_when_zoomed_in(app: Browser):
    app.page.set_viewport_size({"width": 1366, "height": 900})
    draw_map(app)
    app.wait_idle()
    frame = app.map_frame()
    assert frame.locator(".pantau-label").count() == 0  # the whole city: no pile of names
    # streamlit-folium may redraw the map (back at the city view) just after it first
    # appears, so zoom in until street zoom is reached rather than a fixed number of times.
    for _ in range(8):
        if frame.locator(".pantau-label").count():
            break
        app.map_frame().locator(".leaflet-control-zoom-in").click()
        app.page.wait_for_timeout(500)
    frame.locator(".pantau-label").first.wait_for()
    names = frame.locator(".pantau-label").all_inner_texts()
    assert len(names) > 5 and all(name.strip() for name in names)
    app.screenshot("peta-labels-1366")


def test_on_a_phone_the_page_says_tap_and_a_tap_brings_the_panel_into_view(browser, app_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
    )
    try:
        phone = Browser(context.new_page(), app_server)
        phone.open("peta")
        phone.map_frame().locator(LEAFLET_SHAPE).first.wait_for()
        intro = phone.main().get_by_text("Ketuk sebuah kelurahan")
        assert intro.is_visible()
        assert not phone.main().get_by_text("Arahkan kursor").is_visible()
        # The visitor has scrolled to the map's lower edge: the panel below is out of view.
        phone.page.locator(MAP_IFRAME).last.evaluate("e => e.scrollIntoView({block: 'end'})")
        x, y = phone.map_point(MIROTO)
        phone.page.touchscreen.tap(x, y)
        phone.page.wait_for_url(f"**pilih={MIROTO}**")
        heading = phone.main().locator("h3", has_text="Miroto")
        heading.wait_for()
        phone.page.wait_for_function(
            "() => { const h = [...document.querySelectorAll('h3')].find("
            "e => e.textContent.includes('Miroto')); if (!h) return false;"
            " const r = h.getBoundingClientRect(); return r.top >= 0 && r.bottom <= 844; }",
            timeout=10_000,
        )
        phone.screenshot("peta-phone-panel")
        assert phone.recorded.dialogs == []
    finally:
        context.close()


def test_on_a_wide_screen_the_page_says_hover_and_click(app: Browser):
    draw_map(app)
    assert app.main().get_by_text("Arahkan kursor").is_visible()
    assert not app.main().get_by_text("Ketuk sebuah kelurahan").is_visible()
