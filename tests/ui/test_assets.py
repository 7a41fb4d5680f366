"""ui.assets: folium maps rewritten to self-hosted assets, CDN-only libraries dropped."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import branca.colormap
import folium
import pandas as pd
import pytest
from folium.plugins import FastMarkerCluster, HeatMap, MarkerCluster

from ui import assets

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "3374011001",
            "properties": {"name": "Miroto"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[110.40, -6.99], [110.42, -6.99], [110.42, -6.97], [110.40, -6.99]]
                ],
            },
        }
    ],
}


@pytest.fixture
def vendored(tmp_path, monkeypatch):
    """A static/vendor folder holding every file `fetch_assets.py` would copy."""
    vendor = tmp_path / "vendor"
    files = sorted(assets.LOCAL_ASSETS.values())
    for name in files:
        (vendor / name).parent.mkdir(parents=True, exist_ok=True)
        (vendor / name).write_text("/* vendored */")
    (vendor / "manifest.json").write_text(json.dumps({"files": files}))
    monkeypatch.setattr(assets, "VENDOR_DIR", vendor)
    monkeypatch.setattr(assets, "MANIFEST", vendor / "manifest.json")
    return vendor


def asset_urls(m: folium.Map) -> set[str]:
    html = m.get_root().render()
    return set(re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html))


def full_map() -> folium.Map:
    m = folium.Map(location=[-7.0, 110.4], **assets.map_tiles("none"))
    folium.GeoJson(SQUARE, tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
    MarkerCluster().add_to(m)
    FastMarkerCluster([[-7.0, 110.41]]).add_to(m)
    HeatMap([[-7.0, 110.41, 1.0]]).add_to(m)
    return m


def test_every_asset_is_served_by_the_app_when_vendored(vendored):
    urls = asset_urls(assets.localise(full_map(), "id"))
    assert urls == {
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "/app/static/vendor/leaflet.heat/leaflet-heat.js",
    }


def test_without_vendored_files_only_the_needed_libraries_come_from_cdns(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "MANIFEST", tmp_path / "missing.json")
    urls = asset_urls(assets.localise(full_map(), "id"))
    assert any("leaflet@1.9.3/dist/leaflet.js" in url for url in urls)
    assert not any(re.search("jquery|bootstrap|fontawesome|awesome-markers", u) for u in urls)


def test_localise_never_changes_folium_class_defaults(vendored):
    before = (list(folium.Map.default_js), list(MarkerCluster.default_css))
    assets.localise(full_map(), "id")
    assert (list(folium.Map.default_js), list(MarkerCluster.default_css)) == before
    assert any("jquery" in name for name, _ in folium.Map().default_js)


def test_awesome_markers_stay_when_a_map_uses_folium_icons(vendored):
    m = folium.Map(tiles=None)
    folium.Marker([-7.0, 110.4], icon=folium.Icon(icon="info-sign")).add_to(m)
    urls = asset_urls(assets.localise(m, "id"))
    assert any("awesome-markers" in url for url in urls)


def test_colour_scales_become_a_legend_without_d3(vendored):
    m = folium.Map(tiles=None)
    data = pd.DataFrame({"code": ["3374011001"], "reports": [4.0]})
    folium.Choropleth(
        SQUARE,
        data=data,
        columns=["code", "reports"],
        key_on="feature.id",
        legend_name="Laporan </script><b>x</b>",
    ).add_to(m)
    branca.colormap.LinearColormap(["white", "red"], vmin=0, vmax=10, caption="c").add_to(m)
    html = assets.localise(m, "en").get_root().render()
    assert "d3" not in " ".join(asset_urls(m))
    assert not any(isinstance(e, branca.colormap.ColorMap) for e in assets.walk(m))
    assert html.count("pantau-legend") == 2
    # The caption goes in as JSON with <, > escaped: it cannot close the script.
    assert "</script><b>" not in html
    assert "Laporan \\u003c/script\\u003e" in html


def test_map_tiles_setting():
    assert assets.map_tiles("none") == {"tiles": None, "maxZoom": assets.MAX_ZOOM}
    assert assets.map_tiles(" None ")["tiles"] is None
    assert assets.map_tiles("OpenStreetMap")["tiles"] == "OpenStreetMap"
    # With the default tiles, folium adds OpenStreetMap's attribution.
    html = folium.Map(**assets.map_tiles("OpenStreetMap")).get_root().render()
    assert "openstreetmap.org/copyright" in html


@pytest.mark.parametrize(("ci", "exit_code"), [("false", 0), ("true", 1)])
def test_fetch_assets_without_npm_says_so_and_fails_only_under_ci(ci, exit_code):
    script = Path(__file__).resolve().parents[2] / "scripts" / "fetch_assets.py"
    result = subprocess.run(
        [sys.executable, str(script), "--force"],
        env={"PATH": "/nonexistent", "CI": ci},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == exit_code
    assert "npm was not found" in result.stderr
    assert ("CDNs" in result.stderr) if ci == "false" else ("refusing" in result.stderr)


def test_the_pickers_locate_button_is_served_by_the_app_and_its_text_stays_text(vendored):
    from ui.picker_map import LocateToPick

    m = folium.Map(location=[-7.0, 110.4], **assets.map_tiles("none"))
    LocateToPick(label="Lokasi saya", title="</script><script>alert(1)</script>", error="x").add_to(
        m
    )
    html = assets.localise(m, "id").get_root().render()
    assert asset_urls(m) >= {
        "/app/static/vendor/leaflet.locatecontrol/L.Control.Locate.min.js",
        "/app/static/vendor/leaflet.locatecontrol/L.Control.Locate.min.css",
    }
    assert not any("cdn" in url for url in asset_urls(m))
    assert "<script>alert(1)" not in html and "\\u003c/script\\u003e" in html
