"""The kelurahan map page under AppTest: empty, demo data, deep links, privacy, payloads."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from public_app import (
    MIROTO,
    assert_nothing_private,
    assert_payloads_inert,
    map_component_args,
    populate,
    run_page,
)
from sqlalchemy import update

from data_layer.demo import seed_demo
from data_layer.models import Kelurahan

SEMARANG_TENGAH = "337401"
MAP_BUDGET = 400_000


def geojson_features(at) -> list[dict]:
    """The kelurahan features the page sent to the map component."""
    script = map_component_args(at)["script"]
    # folium embeds the collection with sorted keys: `…_add({"features": [...], …})`
    collection, _ = json.JSONDecoder().raw_decode(script[script.index('{"features"') :])
    return collection["features"]


def test_empty_database_draws_every_kelurahan_and_the_text_table(app_db):
    at = run_page("peta")
    assert not at.exception
    assert at.title[0].value == "Peta laporan per kelurahan"
    assert any("Belum ada laporan publik" in info.value for info in at.info)
    assert len(at.table[0].value) == 177
    assert len(geojson_features(at)) == 177
    assert any("perkiraan" in info.value for info in at.info)  # approximate boundaries said


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"metrik": "share_resolved", "lapisan": "klaster"},
        {"metrik": "median_days", "lapisan": "panas", "lang": "en"},
        {"metrik": "overdue_now", "jenis": "aduan", "kanal": "whatsapp", "pilih": MIROTO},
        {"metrik": "reports_per_km2", "dari": "2025-01-01", "sampai": "2025-03-31"},
    ],
    ids=["default", "share-clusters", "median-heat-en", "overdue-filtered", "density-period"],
)
def test_demo_data_renders_under_every_metric_layer_and_filter(app_db, params):
    seed_demo(app_db.engine, reports=300, seed=11, photo_sample=10)
    at = run_page("peta", **params)
    assert not at.exception
    assert len(at.table[0].value) == 177
    args = map_component_args(at)
    assert args is not None and args["returned_objects"] == ["last_active_drawing"]


def test_deep_link_restores_metric_layer_selection_and_language(app_db):
    tickets = populate(app_db)
    at = run_page("peta", metrik="overdue_now", lapisan="klaster", pilih=MIROTO, lang="en")
    assert not at.exception
    assert at.title[0].value == "Reports by kelurahan"
    assert at.radio(key="url.metrik").value == "overdue_now"
    assert at.radio(key="url.lapisan").value == "klaster"
    assert at.selectbox(key="peta.pilih").value == MIROTO
    assert at.subheader[0].value == "Kelurahan Miroto"
    # The panel offers the kelurahan's feed, narrowed like the map, in the page's language.
    (feed,) = [b.proto for b in at.get("link_button") if b.proto.url.startswith("/feeds/")]
    assert feed.url == f"/feeds/laporan.atom?kelurahan={MIROTO}&lang=en"
    assert feed.label == "Subscribe (Atom feed)"
    # ... and that kelurahan's before/after photos in the gallery, filtered the same way.
    (gallery,) = [b.proto for b in at.get("link_button") if b.proto.url.startswith("galeri")]
    assert gallery.url == f"galeri?kelurahan={MIROTO}&lang=en"
    assert gallery.label == "Before & after photos here"
    metrics = {m.label: m.value for m in at.metric}
    # resolved, in progress and the anonymous one; never the confidential or unverified
    assert metrics["Reports"] == "3"
    latest = at.dataframe[-1].value
    links = list(latest.iloc[:, 0])
    assert sorted(links) == sorted(
        f"lacak?tiket={t[:5]}-{t[5:]}&lang=en"
        for t in (tickets["resolved"], tickets["in_progress"], tickets["anonymous"])
    )
    assert any("latest 3 located reports (of 3 public" in c.value for c in at.caption)


def test_choosing_a_kelurahan_puts_it_in_the_url_and_closing_removes_it(app_db):
    populate(app_db)
    at = run_page("peta")
    assert not any(s.value == "Kelurahan Miroto" for s in at.subheader)
    at.selectbox(key="peta.pilih").select(MIROTO).run()
    assert at.query_params["pilih"] == MIROTO
    assert at.subheader[0].value == "Kelurahan Miroto"
    features = {f["id"]: f for f in geojson_features(at)}
    assert MIROTO in features  # the chosen kelurahan is highlighted on the map
    at.button(key="peta.close").click().run()
    assert "pilih" not in at.query_params
    at.radio(key="url.metrik").set_value("share_resolved").run()
    assert at.query_params["metrik"] == "share_resolved"


def test_place_filter_narrows_the_map_and_drops_a_choice_outside_it(app_db):
    populate(app_db)
    at = run_page("peta", kecamatan=SEMARANG_TENGAH, pilih="3374021001")
    assert not at.exception
    rows = len(at.table[0].value)
    assert 0 < rows < 177 and len(geojson_features(at)) == rows
    assert "pilih" not in at.query_params
    assert at.selectbox(key="peta.pilih").value is None


def test_no_private_data_and_payloads_stay_inert_on_the_map_page(app_db):
    populate(app_db)
    for layer in ("klaster", "panas"):
        at = run_page("peta", pilih=MIROTO, lapisan=layer)
        assert not at.exception
        assert_nothing_private(at)
        assert_payloads_inert(at)
    # the payload reached the map's popups, escaped, and the panel's table as plain text
    at = run_page("peta", pilih=MIROTO, lapisan="klaster")
    script = map_component_args(at)["script"]
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in script
    titles = list(at.dataframe[-1].value.iloc[:, 1])
    assert "Jalan <img src=x onerror=alert(1)> rusak" in titles


def test_choropleth_payload_stays_under_budget(app_db):
    seed_demo(app_db.engine, reports=300, seed=3, photo_sample=0)
    at = run_page("peta")
    args = map_component_args(at)
    payload = sum(len(str(args.get(key) or "")) for key in ("script", "html", "header"))
    assert payload < MAP_BUDGET


def test_the_table_names_an_imported_boundarys_source(app_db):
    """An outline imported from OpenStreetMap is credited by name in the text table and the
    panel; the estimated ones still say "perkiraan"."""
    with app_db.engine.begin() as connection:
        connection.execute(
            update(Kelurahan)
            .where(Kelurahan.code == MIROTO)
            .values(
                boundary_approximate=False,
                boundary_source="kelurahan_osm.geojson (© kontributor OpenStreetMap, ODbL 1.0)",
            )
        )
    at = run_page("peta", pilih=MIROTO)
    assert not at.exception
    table = at.table[0].value
    boundary = dict(zip(table.iloc[:, 0], table["Batas wilayah"], strict=True))
    assert boundary["Miroto"] == "OpenStreetMap"
    assert set(boundary.values()) == {"OpenStreetMap", "perkiraan (dari titik pusat resmi)"}
    assert any("OpenStreetMap" in caption.value for caption in at.caption)


def test_a_rerun_reuses_the_built_map_until_its_figures_change(app_db, monkeypatch):
    """Building and rendering the map was most of a rerun (0.2-0.9 s at any volume): a rerun
    of the same view sends the map built before, and new figures give a new map."""
    import folium
    import streamlit as st

    populate(app_db)
    built = []
    original_init = folium.Map.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(folium.Map, "__init__", counting_init)
    at = run_page("peta", lapisan="klaster")
    first = map_component_args(at)
    (miroto,) = [f for f in geojson_features(at) if f["id"] == MIROTO]
    assert len(built) == 1
    at.run()  # a rerun of the same view (a widget elsewhere on the page, say)
    assert not at.exception
    assert len(built) == 1 and map_component_args(at) == first
    at.radio(key="url.metrik").set_value("overdue_now").run()  # another view: built anew
    assert len(built) == 2
    at.radio(key="url.metrik").set_value("reports").run()
    assert len(built) == 2 and map_component_args(at) == first
    # More reports in Miroto; once the figures' cache period ends the map shows them.
    populate(app_db, start=dt.datetime(2025, 6, 1, 2))
    st.cache_data.clear()
    at.run()
    (recounted,) = [f for f in geojson_features(at) if f["id"] == MIROTO]

    # "v" is the coloured figure (reports, the default metric), written as the page writes it.
    def reports(feature: dict) -> int:
        return int(re.sub(r"\D", "", feature["properties"]["v"]))

    assert reports(recounted) > reports(miroto)
    assert len(built) == 3
