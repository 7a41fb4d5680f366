"""The folium map builder for the kelurahan page, and its cached inputs.

Everything that goes into folium's HTML is escaped here (`html.escape`):
folium's GeoJsonTooltip and Leaflet popups insert their text with innerHTML,
so a report title such as `<img src=x onerror=…>` would run if it got there raw.
(The legend is `ui.assets.Legend`, which sets its labels as text.) Finished maps
go through `ui.assets.localise`, so Leaflet and its plugins come from the app.

Size matters (the map travels to every visitor): boundaries are simplified once
per boundaries version and cached, coordinates are rounded to ~1 m, feature
properties are short, and point layers are capped (clusters) or aggregated in
SQL (heat map), so the page stays small with a million reports.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import folium
import pandas as pd
import shapely
import streamlit as st
from folium.plugins import FastMarkerCluster, HeatMap
from shapely.geometry import mapping, shape

from data_layer.config import get_settings
from data_layer.queries.geo import (
    DensityCell,
    KelurahanBoundary,
    ReportPoint,
    boundaries_cache_key,
    kelurahan_boundaries,
)
from data_layer.states import STATUS_LABELS, Status
from data_layer.tickets import format_ticket_code
from ui.assets import Legend, localise, map_tiles
from ui.cache import LIVE_TTL_SECONDS, cached_query, read_session
from ui.formatting import number, percent
from ui.i18n import t
from ui.map_layers import KelurahanLabels, heat_legend_entries

# ~17 m near the equator: invisible at city zoom, yet it shrinks detailed
# OpenStreetMap boundaries 2.6-fold (every area stays within 3%).
SIMPLIFY_TOLERANCE_DEG = 0.00015
COORD_DECIMALS = 5  # ~1 m
NO_DATA_COLOUR = "#d9d9d9"
SELECTED_COLOUR = "#0b5fa5"
# ColorBrewer 5-class sequential palettes (colour-blind safe).
PALETTE_WORSE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # YlOrRd
PALETTE_BETTER = ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837")  # YlGn
# The heat map's radius in pixels; cells are ~200 m, so neighbours blend.
HEAT_RADIUS_PX = 14
# Popups carry the start of the title only: every character is paid for per point.
POPUP_TITLE_CHARS = 80


@dataclass(frozen=True)
class Metric:
    key: str  # URL value and `map.metric.<key>` string
    column: str  # column of `kelurahan_figures`
    kind: str  # "count", "density", "share" or "days": how values are formatted
    higher_is_worse: bool


METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        Metric("reports", "reports", "count", True),
        Metric("reports_per_km2", "reports_per_km2", "density", True),
        Metric("share_resolved", "share_resolved", "share", False),
        Metric("median_days", "median_days", "days", True),
        Metric("overdue_now", "overdue_now", "count", True),
    )
}
DEFAULT_METRIC = "reports"


def format_value(kind: str, value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    if kind == "share":
        return percent(float(value), lang)
    if kind in ("density", "days"):
        return number(float(value), lang, digits=1)
    return number(int(value), lang)


# --- boundaries -----------------------------------------------------------------------


@dataclass(frozen=True)
class MapBoundary:
    """A kelurahan's simplified polygon, ready for GeoJSON."""

    code: str
    name: str
    kecamatan: str
    approximate: bool
    geometry: dict  # GeoJSON geometry, coordinates rounded
    source: str | None = None  # where the polygon came from, as imported (e.g. OpenStreetMap)


def simplify_boundaries(
    boundaries: Sequence[KelurahanBoundary], tolerance: float = SIMPLIFY_TOLERANCE_DEG
) -> tuple[MapBoundary, ...]:
    """Simplify (keeping each polygon valid) and round every boundary that has a polygon."""
    simplified = []
    for boundary in boundaries:
        if not boundary.geojson:
            continue
        geometry = shape(json.loads(boundary.geojson))
        geometry = shapely.make_valid(geometry.simplify(tolerance, preserve_topology=True))
        simplified.append(
            MapBoundary(
                code=boundary.code,
                name=boundary.name,
                kecamatan=boundary.kecamatan,
                approximate=boundary.approximate,
                geometry=_rounded(mapping(geometry)),
                source=boundary.source,
            )
        )
    return tuple(simplified)


def _rounded(geometry: dict) -> dict:
    def walk(coordinates):
        if coordinates and isinstance(coordinates[0], (int, float)):
            return [round(float(c), COORD_DECIMALS) for c in coordinates]
        return [walk(part) for part in coordinates]

    if geometry["type"] == "GeometryCollection":  # make_valid may return one; keep its areas
        polygons = [g for g in geometry["geometries"] if g["type"] in ("Polygon", "MultiPolygon")]
        parts = [
            p
            for g in polygons
            for p in ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"])
        ]
        geometry = {"type": "MultiPolygon", "coordinates": parts}
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


# --- colours ------------------------------------------------------------------------------


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to `classes` quantile classes of `values` (NaNs ignored).

    Quantiles put about as many kelurahan in each colour, which keeps a few busy
    kelurahan from washing out the rest of the city.
    """
    clean = sorted(float(v) for v in values if v is not None and not pd.isna(v))
    if not clean:
        return []
    breaks: list[float] = []
    for i in range(1, classes + 1):
        position = min(len(clean) - 1, max(0, round(i * len(clean) / classes) - 1))
        bound = clean[position]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    if breaks[-1] < clean[-1]:
        breaks.append(clean[-1])
    return breaks


def palette_for(metric: Metric, count: int) -> tuple[str, ...]:
    """`count` colours from the metric's palette, spread from light to dark."""
    palette = PALETTE_WORSE if metric.higher_is_worse else PALETTE_BETTER
    if count <= 1:
        return palette[2:3] if count == 1 else ()
    step = (len(palette) - 1) / (count - 1)
    return tuple(palette[round(i * step)] for i in range(count))


def colour_for(value, breaks: Sequence[float], colours: Sequence[str]) -> str:
    if value is None or pd.isna(value) or not breaks:
        return NO_DATA_COLOUR
    index = min(bisect.bisect_left(breaks, float(value)), len(breaks) - 1)
    return colours[index]


# --- the map --------------------------------------------------------------------------------


# The smallest difference each kind of value shows (format_value's precision).
LEGEND_STEP = {"count": 1, "density": 0.1, "days": 0.1, "share": 0.01}


def legend_entries(
    metric: Metric, breaks: Sequence[float], colours: Sequence[str], lowest, lang: str
) -> list[tuple[str, str]]:
    """(colour, label) pairs, lowest class first, then "no data"."""
    entries = []
    lower = lowest
    for bound, colour in zip(breaks, colours, strict=True):
        lower_text = format_value(metric.kind, lower, lang)
        upper_text = format_value(metric.kind, bound, lang)
        text = upper_text if lower_text == upper_text else f"{lower_text} – {upper_text}"
        entries.append((colour, text))
        # A class holds values up to and including its bound, so the next one starts a
        # step above it as displayed ("5 – 25", "26 – 34"): no value is in two ranges.
        lower = None if bound is None or pd.isna(bound) else float(bound) + LEGEND_STEP[metric.kind]
    entries.append((NO_DATA_COLOUR, t("map.legend.no_data", lang=lang)))
    return entries


def legend_caption(metric: Metric, lang: str, approximate: bool) -> str:
    caption = t(f"map.metric.{metric.key}", lang=lang)
    return f"{caption} · {t('map.legend.approximate', lang=lang)}" if approximate else caption


# The tooltip is kept small (name, kecamatan, the figure the map is coloured by, the
# boundary's source; the panel has the rest) and sits above the pointer, so the outline
# highlighted under the pointer stays in view.
TOOLTIP_FIELDS = ("name", "kecamatan", "v", "b")
TOOLTIP_OFFSET = (0, -14)


def _tooltip_aliases(metric: Metric, lang: str) -> list[str]:
    keys = ("map.field.kelurahan", "map.field.kecamatan", f"map.metric.{metric.key}")
    return [escape(t(key, lang=lang)) for key in (*keys, "map.field.boundary")]


def _feature(boundary: MapBoundary, row, fill: str, metric: Metric, lang: str) -> dict:
    """One GeoJSON feature; every property is escaped text (the tooltip is HTML)."""
    value = None if row is None else row[metric.column]
    if row is not None and metric.kind == "count" and pd.isna(value):
        value = 0

    return {
        "type": "Feature",
        "id": boundary.code,
        "geometry": boundary.geometry,
        "properties": {
            "code": escape(boundary.code),
            "name": escape(boundary.name),
            "kecamatan": escape(boundary.kecamatan),
            "v": escape(format_value(metric.kind, value, lang)),
            "b": escape(boundary_text(boundary.approximate, boundary.source, lang)),
            "fill": fill,
        },
    }


def boundary_text(approximate: bool, source: str | None, lang: str) -> str:
    """Where an outline comes from, named so a visitor can check it ("OpenStreetMap"), or
    "approximate" when it is our own estimate: the tooltip, the panel and the table say
    the same."""
    if approximate or not source:
        return t("map.boundary.approximate", lang=lang)
    return t("map.boundary.official", lang=lang, source=_short_source(source))


def _short_source(source: str) -> str:
    """The tooltip names the source in a few words; the full text is in the open data."""
    if "openstreetmap" in source.lower():
        return "OpenStreetMap"
    return source if len(source) <= 40 else source[:39] + "…"


def build_map(
    *,
    boundaries: Sequence[MapBoundary],
    figures: pd.DataFrame,
    metric_key: str,
    lang: str,
    tile_server: str,
    selected_code: str | None = None,
    points: Sequence[ReportPoint] | None = None,
    cells: Sequence[DensityCell] | None = None,
) -> folium.Map:
    """The whole map: choropleth, legend, optional point layer, self-hosted assets."""
    fmap = choropleth_map(
        boundaries=boundaries,
        figures=figures,
        metric_key=metric_key,
        lang=lang,
        tile_server=tile_server,
        selected_code=selected_code,
        # The heat layer replaces the fill: painted over the colours it muddied both, and
        # the legend no longer matched what the map showed.
        filled=cells is None,
    )
    if points is not None:
        add_point_clusters(fmap, points, lang)
    if cells is not None:
        add_heat_layer(fmap, cells)
    return localise(fmap, lang)


def choropleth_map(
    *,
    boundaries: Sequence[MapBoundary],
    figures: pd.DataFrame,
    metric_key: str,
    lang: str,
    tile_server: str,
    selected_code: str | None = None,
    filled: bool = True,
) -> folium.Map:
    """The kelurahan choropleth: one shape per kelurahan in `figures`, legend, tooltips,
    name labels; `filled=False` draws outlines only (under a heat layer)."""
    metric = METRICS.get(metric_key, METRICS[DEFAULT_METRIC])
    # Plain dicts, not iterrows' Series: 177 rows × 6 lookups per map cost 0.1 s as Series.
    rows = {str(row["code"]): row for row in figures.to_dict("records")}
    shown = [b for b in boundaries if b.code in rows]
    values = [rows[b.code][metric.column] for b in shown]
    breaks = class_breaks(values)
    colours = palette_for(metric, len(breaks))
    features = [
        _feature(
            b, rows[b.code], colour_for(rows[b.code][metric.column], breaks, colours), metric, lang
        )
        for b in shown
    ]
    fmap = base_map(tile_server)
    if features:
        collection = {"type": "FeatureCollection", "features": features}
        folium.GeoJson(
            collection,
            name="kelurahan",
            style_function=lambda feature: _style(feature, selected_code, filled),
            highlight_function=lambda _feature: {"weight": 3, "color": "#222", "fillOpacity": 0.85},
            tooltip=folium.GeoJsonTooltip(
                fields=list(TOOLTIP_FIELDS),
                aliases=_tooltip_aliases(metric, lang),
                sticky=True,
                direction="top",
                offset=list(TOOLTIP_OFFSET),
            ),
            smooth_factor=1.0,
        ).add_to(fmap)
        fmap.fit_bounds(_bounds(features))
        KelurahanLabels(_label_points(shown)).add_to(fmap)
    present = [v for v in values if v is not None and not pd.isna(v)]
    lowest = min(present) if present else None
    approximate = any(b.approximate for b in shown)
    if filled:
        caption = legend_caption(metric, lang, approximate)
        entries = legend_entries(metric, breaks, colours, lowest, lang)
    else:
        caption = t("map.legend.heat", lang=lang)
        entries = heat_legend_entries(lang)
    Legend(caption, entries).add_to(fmap)
    return fmap


def _label_points(boundaries: Sequence[MapBoundary]) -> list[tuple[float, float, str]]:
    """(lat, lon, name) at a point surely inside each shape (a centroid may fall outside)."""
    points = []
    for boundary in boundaries:
        point = shape(boundary.geometry).representative_point()
        points.append(
            (round(point.y, COORD_DECIMALS), round(point.x, COORD_DECIMALS), boundary.name)
        )
    return points


def _style(feature: dict, selected_code: str | None, filled: bool = True) -> dict:
    selected = selected_code is not None and feature["id"] == selected_code
    return {
        "fillColor": feature["properties"]["fill"],
        # Transparent, not absent: an outline-only shape still takes hovers and clicks.
        "fillOpacity": 0.75 if filled else 0,
        "color": SELECTED_COLOUR if selected else "#555",
        "weight": 4 if selected else 0.8,
    }


def _bounds(features: list[dict]) -> list[list[float]]:
    geometries = [shape(f["geometry"]) for f in features]
    xmin, ymin, xmax, ymax = shapely.total_bounds(geometries)
    return [[float(ymin), float(xmin)], [float(ymax), float(xmax)]]


def base_map(tile_server: str) -> folium.Map:
    """A map of the city with the configured tiles, or none (a plain background)."""
    tiles = map_tiles(tile_server)
    profile = get_settings().profile  # the city's centre and zoom
    fmap = folium.Map(
        location=profile.map_centre, zoom_start=profile.map_zoom, control_scale=True, **tiles
    )
    if tiles["tiles"] is None:
        fmap.get_root().header.add_child(
            folium.Element("<style>.leaflet-container{background:#f4f4f0}</style>")
        )
    return fmap


# --- point layers --------------------------------------------------------------------------

_CIRCLE_CALLBACK = """function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 6, color: "#0b5fa5", weight: 1, fillColor: "#0b5fa5", fillOpacity: 0.6});
    marker.bindPopup(row[2]);
    return marker;
}"""


def point_popup_html(point, lang: str) -> str:
    """A point's popup, every part escaped (Leaflet sets popups with innerHTML)."""
    category = point.category_name_en if lang == "en" else point.category_name_id
    status = STATUS_LABELS[Status(point.status)][lang]
    return (
        f"<strong>{escape(t('map.popup.ticket', lang=lang))} "
        f"{escape(format_ticket_code(point.ticket))}</strong><br>"
        f"{escape(_shortened(point.title))}<br><small>{escape(category)} · {escape(status)}</small>"
    )


def _shortened(text: str, limit: int = POPUP_TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def add_point_clusters(fmap: folium.Map, points: Sequence[ReportPoint], lang: str) -> None:
    """Clustered circles for the given points: plain arrays, one JS loop, no per-point objects."""
    data = [
        [
            round(p.latitude, COORD_DECIMALS),
            round(p.longitude, COORD_DECIMALS),
            point_popup_html(p, lang),
        ]
        for p in points
    ]
    if data:
        FastMarkerCluster(data, callback=_CIRCLE_CALLBACK, name="laporan").add_to(fmap)


def add_heat_layer(fmap: folium.Map, cells: Sequence[DensityCell]) -> None:
    if not cells:
        return
    peak = max(c.reports for c in cells)
    data = [[c.latitude, c.longitude, round(c.reports / peak, 3)] for c in cells]
    HeatMap(data, radius=HEAT_RADIUS_PX, blur=18, min_opacity=0.25, name="kepadatan").add_to(fmap)


def clicked_kelurahan(result: dict | None) -> str | None:
    """The code of the kelurahan last clicked, from what `st_folium` returns.

    streamlit-folium reports a clicked GeoJSON feature as `last_active_drawing`;
    its `code` property is the kelurahan code (digits, so escaping left it as is).
    """
    drawing = (result or {}).get("last_active_drawing")
    if not isinstance(drawing, dict):
        return None
    code = (drawing.get("properties") or {}).get("code")
    return code if isinstance(code, str) and code.isdigit() else None


def map_html_size(fmap: folium.Map) -> int:
    """Bytes of the map's full HTML (what the choropleth costs a visitor, before compression)."""
    return len(fmap.get_root().render().encode("utf-8"))


# --- cached inputs (shared by every visitor) ------------------------------------------------

_cached_cache_key = cached_query(boundaries_cache_key, ttl=LIVE_TTL_SECONDS)


@st.cache_data(show_spinner=False, max_entries=4)
def _simplified_boundaries(database_url: str, cache_key: str) -> tuple[MapBoundary, ...]:
    del database_url, cache_key  # cache keys only
    with read_session() as session:
        return simplify_boundaries(kelurahan_boundaries(session))


def boundaries_version() -> str:
    """The stored boundaries' fingerprint (checked every minute): what `map_boundaries` is."""
    return _cached_cache_key()


def map_boundaries() -> tuple[MapBoundary, ...]:
    """Simplified boundaries, computed once per boundaries version (checked every minute)."""
    return _simplified_boundaries(get_settings().database_url, boundaries_version())


# The map's figures change slowly; a heavy filtered view at a million reports costs
# seconds, so each view is computed at most once per period and shared by all.
MAP_TTL_SECONDS = 300


def figures_moment(period_seconds: int = MAP_TTL_SECONDS) -> dt.datetime:
    """Now (naive UTC), rounded down to the cache period.

    "Overdue now" is computed for this moment, and it is part of the cache key,
    so every visitor within one period shares one computation.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    seconds = int((now - dt.datetime(2000, 1, 1)).total_seconds())
    return now - dt.timedelta(seconds=seconds % period_seconds)
