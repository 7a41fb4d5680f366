"""The folium map builder: escaping, size, tiles, colours, simplification.

The map's HTML is checked as the browser would use it: folium embeds data with
Jinja's `tojson`, which writes `<`, `>`, `&` and `'` as \\u escapes; JavaScript
turns them back before a tooltip or popup is set with innerHTML. So the checks
decode those escapes first and look at the strings the browser really gets.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from data_layer.boundary_import import import_boundaries
from data_layer.queries.geo import (
    DensityCell,
    ReportPoint,
    kelurahan_boundaries,
    kelurahan_figures,
)
from data_layer.queries.public import ReportFilter
from ui.map import (
    METRICS,
    SIMPLIFY_TOLERANCE_DEG,
    MapBoundary,
    build_map,
    class_breaks,
    clicked_kelurahan,
    colour_for,
    figures_moment,
    map_html_size,
    palette_for,
    simplify_boundaries,
)

XSS = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert('x')</script>"
PAYLOAD_BUDGET = 400_000
NOW = dt.datetime(2025, 6, 1)


def browser_strings(fmap) -> str:
    """The map's HTML with Jinja's JSON escapes decoded: what the page's JavaScript sees."""
    rendered = fmap.get_root().render()
    for escaped, plain in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ("\\u0027", "'")):
        rendered = rendered.replace(escaped, plain)
    return rendered


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def figures_for(codes: list[str], **columns) -> pd.DataFrame:
    rows = []
    for i, code in enumerate(codes):
        row = {
            "code": code,
            "name": f"Kel {i}",
            "kecamatan_code": "337401",
            "kecamatan": "Kec",
            "area_km2": 1.0,
            "approximate": True,
            "reports": i,
            "resolved": 0,
            "share_resolved": None,
            "median_days": None,
            "overdue_now": 0,
            "reports_per_km2": float(i),
        }
        row.update({k: v[i] for k, v in columns.items()})
        rows.append(row)
    return pd.DataFrame(rows)


def two_kelurahan(name: str = "Miroto") -> tuple[MapBoundary, ...]:
    return (
        MapBoundary("3374011001", name, "Semarang Tengah", True, square(110.41, -6.99)),
        MapBoundary("3374011002", "Brumbungan", "Semarang Tengah", True, square(110.42, -6.99)),
    )


def test_report_titles_in_point_popups_reach_the_browser_as_text():
    points = [
        ReportPoint(-6.98, 110.41, "7QM2RT9KXH", XSS, "diproses", "Jalan", "Road"),
        ReportPoint(-6.99, 110.42, "7QM2RT9KXJ", SCRIPT, "selesai", "Jalan", "Road"),
    ]
    fmap = build_map(
        boundaries=two_kelurahan(),
        figures=figures_for(["3374011001", "3374011002"]),
        metric_key="reports",
        lang="id",
        tile_server="none",
        points=points,
    )
    seen = browser_strings(fmap)
    assert XSS not in seen and "<img src=x" not in seen
    assert SCRIPT not in seen and "<script>alert" not in seen
    assert "&lt;img src=x onerror=alert(1)&gt;" in seen  # shown as text in the popup
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in seen
    assert XSS not in fmap.get_root().render()


def test_names_in_tooltips_reach_the_browser_as_text():
    fmap = build_map(
        boundaries=two_kelurahan(name=XSS),
        figures=figures_for(["3374011001", "3374011002"]),
        metric_key="reports",
        lang="en",
        tile_server="none",
    )
    # The name labels carry the raw name as JSON data, set with textContent (proved in
    # test_kelurahan_names_label_the_map_from_street_zoom_as_text); every other place
    # that reaches innerHTML must hold it escaped.
    for key in [k for k, c in fmap._children.items() if c._name == "KelurahanLabels"]:
        del fmap._children[key]
    seen = browser_strings(fmap)
    assert "<img src=x" not in seen
    assert "&lt;img src=x onerror=alert(1)&gt;" in seen
    features = next(child.data for child in fmap._children.values() if child._name == "GeoJson")[
        "features"
    ]
    for feature in features:
        for value in feature["properties"].values():
            assert "<" not in value and ">" not in value


def test_tooltip_carries_name_kecamatan_figures_and_the_approximate_flag():
    fmap = build_map(
        boundaries=two_kelurahan(),
        figures=figures_for(
            ["3374011001", "3374011002"],
            reports=[1234, 0],
            share_resolved=[0.5, None],
            median_days=[4.25, None],
            overdue_now=[3, 0],
        ),
        metric_key="share_resolved",
        lang="id",
        tile_server="none",
    )
    geojson = next(c for c in fmap._children.values() if c._name == "GeoJson")
    first = geojson.data["features"][0]["properties"]
    assert (first["name"], first["kecamatan"]) == ("Miroto", "Semarang Tengah")
    assert first["v"] == "50%"  # the figure the map is coloured by
    assert first["b"] == "perkiraan (dari titik pusat resmi)"
    second = geojson.data["features"][1]["properties"]
    assert second["v"] == "–"
    seen = browser_strings(fmap)
    assert "Persentase selesai · batas: perkiraan" in seen  # the legend, in one language
    assert not any("approximate" in text for text in seen)
    assert "tidak ada data" in seen


def test_tooltip_names_where_an_imported_boundary_comes_from():
    osm = MapBoundary(
        "3374011001",
        "Miroto",
        "Semarang Tengah",
        False,
        square(110.41, -6.99),
        source="© OpenStreetMap contributors, ODbL (kelurahan_osm.geojson)",
    )
    for lang in ("id", "en"):
        fmap = build_map(
            boundaries=(osm,),
            figures=figures_for(["3374011001"]),
            metric_key="reports",
            lang=lang,
            tile_server="none",
        )
        geojson = next(c for c in fmap._children.values() if c._name == "GeoJson")
        assert geojson.data["features"][0]["properties"]["b"] == "OpenStreetMap"


def test_tiles_follow_the_setting():
    kwargs = dict(
        boundaries=two_kelurahan(),
        figures=figures_for(["3374011001"]),
        metric_key="reports",
        lang="id",
    )
    with_tiles = build_map(tile_server="OpenStreetMap", **kwargs).get_root().render()
    without = build_map(tile_server="none", **kwargs).get_root().render()
    assert "tile.openstreetmap.org" in with_tiles and "OpenStreetMap" in with_tiles
    assert "tile.openstreetmap.org" not in without and "L.tileLayer" not in without


def test_only_kelurahan_in_the_figures_are_drawn():
    fmap = build_map(
        boundaries=two_kelurahan(),
        figures=figures_for(["3374011002"]),
        metric_key="reports",
        lang="id",
        tile_server="none",
    )
    geojson = next(c for c in fmap._children.values() if c._name == "GeoJson")
    assert [f["id"] for f in geojson.data["features"]] == ["3374011002"]


def test_quantile_classes_and_colours():
    breaks = class_breaks([0, 0, 0, 1, 2, 3, 5, 8, 13, 100, None, float("nan")])
    assert breaks == sorted(set(breaks)) and breaks[-1] == 100
    colours = palette_for(METRICS["reports"], len(breaks))
    assert len(colours) == len(breaks) and colours[0] != colours[-1]
    assert colour_for(0, breaks, colours) == colours[0]
    assert colour_for(100, breaks, colours) == colours[-1]
    assert colour_for(None, breaks, colours) == "#d9d9d9"
    assert class_breaks([]) == [] and class_breaks([7, 7, 7]) == [7.0]
    # "share resolved" is good news: a different (green) palette
    assert palette_for(METRICS["share_resolved"], 5) != palette_for(METRICS["reports"], 5)


def test_heat_map_size_does_not_grow_with_the_number_of_reports():
    cells = [DensityCell(-6.9 - i * 0.002, 110.4, 10_000) for i in range(100)]
    fmap = build_map(
        boundaries=two_kelurahan(),
        figures=figures_for(["3374011001"]),
        metric_key="reports",
        lang="id",
        tile_server="none",
        cells=cells,
    )
    assert "L.heatLayer" in fmap.get_root().render()
    assert map_html_size(fmap) < 60_000


def test_simplification_keeps_valid_shapes_and_rounds_coordinates(sqlite_db, shared_data):
    with sqlite_db.write().begin() as session:
        import_boundaries(session, path=shared_data / "kelurahan_osm.geojson")
    with sqlite_db.read() as session:
        boundaries = kelurahan_boundaries(session)
    simplified = simplify_boundaries(boundaries)
    assert len(simplified) == 177
    raw_size = sum(len(b.geojson) for b in boundaries)
    simplified_size = sum(len(json.dumps(b.geometry)) for b in simplified)
    assert simplified_size < raw_size / 2
    originals = {b.code: shape(json.loads(b.geojson)) for b in boundaries}
    for boundary in simplified:
        geometry = shape(boundary.geometry)
        assert geometry.is_valid and not geometry.is_empty
        original = originals[boundary.code]
        # no border moves by more than about the tolerance, no area by more than 5%
        assert geometry.hausdorff_distance(original) <= 2 * SIMPLIFY_TOLERANCE_DEG
        assert geometry.area == pytest.approx(original.area, rel=0.05)
        assert shapely.get_precision(geometry) == 0  # plain floats …
        x, y = shapely.get_coordinates(geometry)[0]
        assert round(x, 5) == x and round(y, 5) == y  # … rounded to ~1 m


@pytest.mark.parametrize("real_boundaries", [False, True], ids=["approximate", "osm"])
def test_choropleth_html_stays_under_its_budget(sqlite_db, shared_data, real_boundaries):
    if real_boundaries:
        with sqlite_db.write().begin() as session:
            import_boundaries(session, path=shared_data / "kelurahan_osm.geojson")
    with sqlite_db.read() as session:
        boundaries = simplify_boundaries(kelurahan_boundaries(session))
        figures = kelurahan_figures(session, report_filter=ReportFilter(), now=NOW)
    fmap = build_map(
        boundaries=boundaries,
        figures=figures,
        metric_key="reports_per_km2",
        lang="id",
        tile_server="OpenStreetMap",
    )
    geojson = next(c for c in fmap._children.values() if c._name == "GeoJson")
    assert len(geojson.data["features"]) == 177
    assert map_html_size(fmap) < PAYLOAD_BUDGET


def test_a_click_on_a_kelurahan_gives_its_code():
    clicked = {
        "last_active_drawing": {
            "type": "Feature",
            "id": "3374011001",
            "properties": {"code": "3374011001", "name": "Miroto", "r": "27"},
            "geometry": square(110.41, -6.99),
        }
    }
    assert clicked_kelurahan(clicked) == "3374011001"
    assert clicked_kelurahan({"last_active_drawing": None}) is None
    assert clicked_kelurahan(None) is None
    # anything else that might come back (a drawn shape, a tampered value) selects nothing
    assert clicked_kelurahan({"last_active_drawing": {"properties": {"code": "<b>1</b>"}}}) is None
    assert clicked_kelurahan({"last_active_drawing": {"type": "Feature"}}) is None


def test_figures_moment_is_shared_within_a_period():
    moment = figures_moment(300)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert moment <= now < moment + dt.timedelta(seconds=301)
    assert moment.second == 0 and moment.minute % 5 == 0 and moment.microsecond == 0


def test_legend_ranges_never_overlap():
    from ui.map import METRICS, legend_entries

    colours = ("#1", "#2", "#3")
    counts = legend_entries(METRICS["reports"], [5, 25, 34], colours, 0, "id")
    assert [text for _colour, text in counts[:3]] == ["0 – 5", "6 – 25", "26 – 34"]
    days = legend_entries(METRICS["median_days"], [2.5, 4.0, 9.0], colours, 1.0, "id")
    assert [text for _colour, text in days[:3]] == ["1,0 – 2,5", "2,6 – 4,0", "4,1 – 9,0"]
    shares = legend_entries(METRICS["share_resolved"], [0.5, 0.8, 1.0], colours, 0.1, "en")
    assert [text for _colour, text in shares[:3]] == ["10% – 50%", "51% – 80%", "81% – 100%"]


def _geojson(fmap):
    return next(c for c in fmap._children.values() if c._name == "GeoJson")


def test_heat_layer_replaces_the_fill_and_the_legend_says_what_heat_means():
    """Heat drawn over the choropleth muddied both; with heat on, the shapes keep their
    outline (and stay clickable) but lose their fill, and the legend explains the heat."""
    figures = figures_for(["3374011001", "3374011002"], reports=[5, 30])
    plain = build_map(
        boundaries=two_kelurahan(), figures=figures, metric_key="reports", lang="id",
        tile_server="none",
    )  # fmt: skip
    heat = build_map(
        boundaries=two_kelurahan(), figures=figures, metric_key="reports", lang="id",
        tile_server="none", cells=[DensityCell(-6.985, 110.415, 12)],
    )  # fmt: skip
    feature = _geojson(heat).data["features"][0]
    assert _geojson(plain).style_function(feature)["fillOpacity"] > 0.5
    assert _geojson(heat).style_function(feature)["fillOpacity"] == 0
    assert _geojson(heat).style_function(feature)["weight"] > 0  # the outline stays
    seen = browser_strings(heat)
    assert "Kepadatan laporan" in seen and "rendah" in seen and "tinggi" in seen
    assert "Jumlah laporan" not in seen.split("L.heatLayer")[0].split('"caption"')[-1]
    assert "Jumlah laporan" in browser_strings(plain)


def test_kelurahan_names_label_the_map_from_street_zoom_as_text():
    fmap = build_map(
        boundaries=two_kelurahan(name=XSS),
        figures=figures_for(["3374011001", "3374011002"]),
        metric_key="reports",
        lang="id",
        tile_server="none",
    )
    seen = browser_strings(fmap)
    assert "pantau-label" in seen and '"minZoom": 14' in seen
    assert "Brumbungan" in seen
    # the name reaches the script as escaped JSON and is set with textContent (plain text)
    assert "text.textContent = label[2]" in seen
    assert "<img src=x" not in fmap.get_root().render()


def test_tooltip_is_small_and_sits_above_the_pointer():
    """A compact tooltip above the pointer leaves the highlighted outline in view: name,
    kecamatan, the coloured figure and the boundary source (the rest is in the panel)."""
    fmap = build_map(
        boundaries=two_kelurahan(),
        figures=figures_for(["3374011001", "3374011002"], share_resolved=[0.5, None]),
        metric_key="share_resolved",
        lang="id",
        tile_server="none",
    )
    (tooltip,) = [c for c in _geojson(fmap)._children.values() if c._name == "GeoJsonTooltip"]
    assert tooltip.fields == ["name", "kecamatan", "v", "b"]
    assert "Persentase selesai" in tooltip.aliases
    assert tooltip.tooltip_options["direction"] == "top"
    assert tooltip.tooltip_options["offset"][1] < 0
    assert _geojson(fmap).data["features"][0]["properties"]["v"] == "50%"
