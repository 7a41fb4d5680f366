"""Marking the spot on a phone (390×844): tap, drag, "Lokasi saya", outlines without tiles.

The suite's server runs with PANTAU_TILE_SERVER=none, so the picker map draws the
kelurahan outlines; the phone's position comes from the browser context (granted).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from data_layer.db import make_engine, make_session_factory
from data_layer.models import Kelurahan
from tests.e2e.harness import MAP_IFRAME, Browser

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

BRUMBUNGAN = "3374011002"
MIROTO = "3374011001"
STREET_ZOOM = 17
COORDINATES = re.compile(r"^(-?\d+\.\d{6}), (-?\d+\.\d{6})$")

# Runs in the map's iframe: what Leaflet shows right now.
MAP_STATE = """() => {
    const map = window.map;
    const markers = [];
    let outlines = 0;
    map.eachLayer(layer => {
        if (layer instanceof L.Marker && layer.options.draggable) {
            const at = layer.getLatLng();
            markers.push([at.lat, at.lng]);
        }
        if (layer.feature && layer._path) outlines += 1;
    });
    const centre = map.getCenter();
    return {zoom: map.getZoom(), centre: [centre.lat, centre.lng], markers, outlines};
}"""
TO_SCREEN = (
    "([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]); "
    "return [p.x, p.y]; }"
)


def centroid(app_server, code: str) -> tuple[float, float]:
    engine = make_engine(app_server.database_url)
    try:
        with make_session_factory(engine)() as session:
            kelurahan = session.get(Kelurahan, code)
            return kelurahan.centroid_lat, kelurahan.centroid_lon
    finally:
        engine.dispose()


@pytest.fixture
def phone(browser, app_server):
    lat, lon = centroid(app_server, MIROTO)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        geolocation={"latitude": lat, "longitude": lon, "accuracy": 15},
        permissions=["geolocation"],
    )
    tab = Browser(context.new_page(), app_server)
    try:
        yield tab
        assert tab.recorded.dialogs == []
        assert tab.js_errors() == []
    finally:
        context.close()


def open_picker(phone: Browser):
    phone.open("kirim")
    iframe = phone.page.locator(MAP_IFRAME).last
    iframe.scroll_into_view_if_needed()
    frame = phone.map_frame()
    frame.locator(".leaflet-overlay-pane path").first.wait_for()
    return iframe, frame


def kelurahan_box(phone: Browser):
    return phone.widget("kirim.kelurahan").get_by_role("combobox")


def map_state(frame) -> dict:
    return frame.locator("#map_div").evaluate(f"(_div) => ({MAP_STATE})()")


def picked(phone: Browser) -> tuple[float, float]:
    """The coordinates the form holds, once a pick has filled them."""
    field = phone.widget("kirim.location").locator("input")
    expect(field).to_have_value(COORDINATES, timeout=30_000)
    lat, lon = COORDINATES.match(field.input_value()).groups()
    return float(lat), float(lon)


def wait_for_marker(phone: Browser, frame, near: tuple[float, float]) -> dict:
    """The map once its marker stands within ~2 m of `near` (after the rerun redraws it)."""
    state: dict = {}
    for _ in range(60):
        state = map_state(frame)
        if state["markers"] and state["markers"][0] == pytest.approx(list(near), abs=2e-5):
            return state
        phone.page.wait_for_timeout(250)
    raise AssertionError(f"no marker at {near}: {state}")


def test_without_tiles_a_tap_zooms_in_on_the_point_and_the_marker_drags(phone: Browser):
    iframe, frame = open_picker(phone)
    state = map_state(frame)
    assert state["outlines"] == 177  # every kelurahan drawn, not an empty grey square
    assert state["zoom"] < STREET_ZOOM and state["markers"] == []
    phone.page.screenshot(path="/tmp/i12-picker-phone-start.png")

    target = centroid(phone.server, BRUMBUNGAN)
    box = iframe.bounding_box()
    x, y = frame.locator("#map_div").evaluate(f"(_div, point) => ({TO_SCREEN})(point)", target)
    phone.page.touchscreen.tap(box["x"] + x, box["y"] + y)
    phone.wait_idle()
    point = picked(phone)
    assert point == pytest.approx(target, abs=0.002)  # where the finger was, at city zoom
    expect(kelurahan_box(phone)).to_have_value(re.compile("^Brumbungan,"))
    main = phone.main()
    expect(main).to_contain_text("Titik dipilih di Kelurahan Brumbungan")
    expect(main).to_contain_text("batas kelurahan di peta belum resmi")
    state = wait_for_marker(phone, frame, point)
    assert state["zoom"] == STREET_ZOOM
    assert state["centre"] == pytest.approx(list(point), abs=1e-4)
    phone.page.screenshot(path="/tmp/i12-picker-phone-tapped.png")

    # Drag the marker 80 px east and 50 px south (about 95 m and 60 m at street level).
    icon = frame.locator(".leaflet-marker-icon")
    handle = icon.bounding_box()
    start_x, start_y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    phone.page.mouse.move(start_x, start_y)
    phone.page.mouse.down()
    phone.page.mouse.move(start_x + 80, start_y + 50, steps=10)
    phone.page.mouse.up()
    phone.wait_idle()
    dropped = map_state(frame)["markers"][0]
    expect(phone.widget("kirim.location").locator("input")).not_to_have_value(
        f"{point[0]:.6f}, {point[1]:.6f}", timeout=30_000
    )
    moved = picked(phone)
    assert moved == pytest.approx(dropped, abs=2e-6)
    assert moved[1] > point[1] and moved[0] < point[0]  # east and south of the tap
    wait_for_marker(phone, frame, moved)
    assert map_state(frame)["zoom"] == STREET_ZOOM  # a drag keeps the view
    phone.page.screenshot(path="/tmp/i12-picker-phone-dragged.png")


def test_lokasi_saya_takes_the_phones_position_as_the_point(phone: Browser):
    _iframe, frame = open_picker(phone)
    button = frame.get_by_role("button", name="Gunakan lokasi saya sebagai titik laporan")
    expect(button).to_contain_text("Lokasi saya")
    button.tap()
    phone.wait_idle()
    position = centroid(phone.server, MIROTO)
    assert picked(phone) == pytest.approx(position, abs=2e-6)
    expect(kelurahan_box(phone)).to_have_value(re.compile("^Miroto,"))
    state = wait_for_marker(phone, frame, position)
    assert state["zoom"] >= STREET_ZOOM - 1
    phone.page.screenshot(path="/tmp/i12-picker-phone-located.png")


DROP_OUTSIDE = """(_div, [lat, lng]) => {
    window.map.eachLayer(layer => {
        if (layer instanceof L.Marker && layer.options.draggable) {
            layer.setLatLng([lat, lng]);
            layer.fire("dragend");
        }
    });
}"""


def test_a_marker_dropped_outside_the_city_goes_back_to_the_kept_point(phone: Browser):
    _iframe, frame = open_picker(phone)
    frame.get_by_role("button", name="Gunakan lokasi saya sebagai titik laporan").tap()
    phone.wait_idle()
    kept = picked(phone)
    wait_for_marker(phone, frame, kept)
    # Where a drag past the city's edge would leave it (Jakarta, for a clear case).
    frame.locator("#map_div").evaluate(DROP_OUTSIDE, [-6.2088, 106.8456])
    phone.wait_idle()
    expect(phone.main()).to_contain_text("berada di luar Kota Semarang")
    assert picked(phone) == kept
    wait_for_marker(phone, frame, kept)


@pytest.fixture
def phone_without_location(browser, app_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="id-ID"
    )
    tab = Browser(context.new_page(), app_server)
    try:
        yield tab
        assert tab.recorded.dialogs == []  # the plugin's default is an alert()
    finally:
        context.close()


def test_a_refused_location_is_said_on_the_map_without_a_popup(phone_without_location):
    phone = phone_without_location
    _iframe, frame = open_picker(phone)
    refused = "Lokasi Anda tidak dapat dibaca. Izinkan akses lokasi di browser, atau ketuk peta."
    # streamlit-folium may rebuild the map once after its first render; a tap that lands
    # on the map being replaced is lost with it, as it would be for a person, who taps again.
    for attempt in range(3):
        frame.get_by_role("button", name="Gunakan lokasi saya sebagai titik laporan").tap()
        try:
            expect(frame.get_by_role("status")).to_have_text(refused, timeout=8_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    assert phone.widget("kirim.location").locator("input").input_value() == ""
