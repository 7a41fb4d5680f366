"""The Kirim page's location picker under AppTest: precision of the guess, outlines
without tiles, the locate button and the draggable marker (the browser drives them in
tests/e2e/test_browser_kirim_picker.py)."""

from __future__ import annotations

import json

from public_app import decode_js, map_component_args
from test_kirim import BRUMBUNGAN, open_page

from data_layer.config import get_settings
from data_layer.geography import mark_boundaries_changed
from data_layer.models import Kelurahan
from ui import submission as form
from ui.cache import clear_all_caches

APPROXIMATE_ID = "batas kelurahan di peta belum resmi"
APPROXIMATE_EN = "the kelurahan boundaries on the map are not official"


def centroid(database, code: str) -> str:
    with database.read() as session:
        kelurahan = session.get(Kelurahan, code)
        return f"{kelurahan.centroid_lat:.6f}, {kelurahan.centroid_lon:.6f}"


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def outline_features(script: str) -> list[dict]:
    """The kelurahan outlines the picker map embeds (`…_add({"features": [...], …})`)."""
    if '{"features"' not in script:
        return []
    collection, _ = json.JSONDecoder().raw_decode(script[script.index('{"features"') :])
    return collection["features"]


def test_a_guess_from_approximate_boundaries_says_so_in_both_languages(app_db):
    point = centroid(app_db, BRUMBUNGAN)
    at = open_page()
    at.text_input(key=form.LOCATION).input(point).run()
    assert at.selectbox(key=form.KELURAHAN).value == BRUMBUNGAN
    assert "Kelurahan Brumbungan" in captions(at)
    assert APPROXIMATE_ID in captions(at)

    en = open_page("en")
    en.text_input(key=form.LOCATION).input(point).run()
    assert APPROXIMATE_EN in captions(en)


def test_a_guess_from_official_boundaries_carries_no_warning(app_db):
    with app_db.write().begin() as session:
        session.get(Kelurahan, BRUMBUNGAN).boundary_approximate = False
        mark_boundaries_changed(session)
    at = open_page()
    at.text_input(key=form.LOCATION).input(centroid(app_db, BRUMBUNGAN)).run()
    assert "Kelurahan Brumbungan" in captions(at)
    assert APPROXIMATE_ID not in captions(at)


def test_without_tiles_the_picker_draws_every_kelurahan_outline(app_db, monkeypatch):
    with_tiles = map_component_args(open_page())["script"]
    assert outline_features(with_tiles) == []  # over a street map, no guessed lines

    monkeypatch.setenv("PANTAU_TILE_SERVER", "none")
    get_settings.cache_clear()
    clear_all_caches()
    at = open_page()
    assert not at.exception
    script = map_component_args(at)["script"]
    features = outline_features(script)
    assert len(features) == 177
    assert {f["id"] for f in features} >= {BRUMBUNGAN}
    assert '"interactive": false' in script  # a tap on an outline still picks the point


def test_the_locate_button_is_labelled_and_the_picked_marker_can_be_dragged(app_db):
    at = open_page()
    script = decode_js(map_component_args(at)["script"])
    assert "L.control.locate(" in script
    assert '"label": "Lokasi saya"' in script
    assert map_component_args(open_page("en"))["script"].count('"label": "My location"') == 1

    at.text_input(key=form.LOCATION).input(centroid(app_db, BRUMBUNGAN)).run()
    marker = map_component_args(at)["feature_group"]
    assert '"draggable": true' in marker
    assert '"alt": "Titik laporan (geser untuk memindahkan)"' in marker
    assert 'on("dragend"' in marker
