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
