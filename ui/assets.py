"""Make folium maps load their front-end assets from the app itself, not from CDNs.

Folium points every map at public CDNs (Leaflet, jQuery, Bootstrap, Font Awesome,
awesome-markers, d3 for the colour legend, …). A transparency site should not hand its
visitors' addresses to third parties, and the map must draw on networks without internet
access. `localise(m)` rewrites a finished map so that:

- Leaflet and the plugins we use (marker clustering, heat map) come from
  `/app/static/vendor/…`, the files `scripts/fetch_assets.py` copies from pinned npm / PyPI
  packages at setup time (`make assets`);
- the libraries a choropleth with tooltips never needs (jQuery, Bootstrap, Font Awesome,
  awesome-markers) are dropped;
- branca colour scales, which make streamlit-folium fetch two copies of d3 from CDNs, are
  replaced by a small legend drawn with Leaflet alone (labels set as text, never as HTML).

When the vendor files are missing (a machine without npm), the needed libraries keep their
CDN URLs so the map still works online; `fetch_assets.py` has already said so.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import branca.colormap
import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from ui.formatting import number
from ui.i18n import current_lang

log = logging.getLogger(__name__)

VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
MANIFEST = VENDOR_DIR / "manifest.json"

# folium's asset names (the first item of each `default_js` / `default_css` pair) that we
# serve ourselves, and where under static/vendor/ the copy lives.
LOCAL_ASSETS = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
    "leaflet-heat.js": "leaflet.heat/leaflet-heat.js",
    # The location picker's "use my location" button (ui/picker_map.LocateToPick).
    "Control_locate_min_js": "leaflet.locatecontrol/L.Control.Locate.min.js",
    "Control_locate_min_css": "leaflet.locatecontrol/L.Control.Locate.min.css",
}

# Loaded by every folium.Map, used only by features we do not use (Bootstrap popups and
# folium.Icon's awesome-markers); each one is a request to a third party.
UNUSED_ASSETS = frozenset(
    {
        "jquery",
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)
# folium.Icon needs these; they stay (from the CDN) only on a map that has one.
AWESOME_MARKER_ASSETS = frozenset(
    {"awesome_markers", "awesome_markers_css", "awesome_markers_font_css", "awesome_rotate_css"}
)

STATIC_ROUTE = "app/static/vendor"


def localise(m: folium.Map, lang: str | None = None) -> folium.Map:
    """Rewrite `m` (after all layers are added) to use self-hosted assets; returns `m`.

    `lang` ("id"/"en", default: the visitor's) formats the legend's numbers.
    """
    replace_colour_scales(m, lang or current_lang())
    available = local_files()
    drop = UNUSED_ASSETS - (AWESOME_MARKER_ASSETS if uses_awesome_markers(m) else frozenset())
    for element in walk(m):
        for attribute in ("default_js", "default_css"):
            links = getattr(element, attribute, None)
            if links:
                # An instance attribute: never mutate folium's class-level lists.
                setattr(element, attribute, rewrite_links(links, available, drop))
    return m


MAX_ZOOM = 18


def map_tiles(tile_server: str) -> dict:
    """`folium.Map` keyword arguments for the configured base map ("none": no tiles).

    Without a tile layer Leaflet has no maximum zoom, and marker clustering refuses to
    start ("Map has no maxZoom specified"), so the map itself gets the tiles' ceiling.
    """
    if tile_server.strip().lower() in ("", "none"):
        return {"tiles": None, "maxZoom": MAX_ZOOM}
    return {"tiles": tile_server, "max_zoom": MAX_ZOOM}


def rewrite_links(
    links: list[tuple[str, str]], available: frozenset[str], drop: frozenset[str]
) -> list[tuple[str, str]]:
    rewritten = []
    for name, url in links:
        if name in drop:
            continue
        local = LOCAL_ASSETS.get(name)
        if local is not None and local in available:
            rewritten.append((name, vendor_url(local)))
        else:
            if local is None:
                log.warning("map asset %s is not self-hosted; loading it from %s", name, url)
            rewritten.append((name, url))
    return rewritten


def local_files() -> frozenset[str]:
    """The vendor files fetched by scripts/fetch_assets.py (empty when it could not run)."""
    try:
        manifest = json.loads(MANIFEST.read_text())
    except (OSError, ValueError):
        return frozenset()
    return frozenset(name for name in manifest.get("files", []) if (VENDOR_DIR / name).is_file())


def vendor_url(path: str) -> str:
    """Absolute URL path of a vendor file; it also works inside the component's iframe."""
    base = _base_url_path()
    prefix = f"/{base}" if base else ""
    return f"{prefix}/{STATIC_ROUTE}/{path}"


def _base_url_path() -> str:
    try:
        import streamlit as st

        return (st.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:  # outside a Streamlit runtime the app sits at the root
        return ""


def walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from walk(child)


def uses_awesome_markers(m: folium.Map) -> bool:
    return any(isinstance(element, folium.Icon) for element in walk(m))


def replace_colour_scales(m: folium.Map, lang: str) -> None:
    """Swap every branca colour scale for a d3-free `Legend` on the map."""
    for element in list(walk(m)):
        if isinstance(element, folium.Choropleth) and element.color_scale is not None:
            element.color_scale = None
        for name, child in list(element._children.items()):
            if isinstance(child, branca.colormap.ColorMap):
                del element._children[name]
                Legend.from_colormap(child, lang).add_to(m)


class Legend(MacroElement):
    """A colour legend as a Leaflet control: coloured boxes with their value ranges.

    The data goes in as JSON and the labels are set with `textContent`, so nothing in a
    caption can become markup.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var spec = {{ this.spec_json }};
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var box = L.DomUtil.create("div", "pantau-legend");
                box.setAttribute("role", "img");
                box.setAttribute("aria-label", spec.caption);
                box.style.cssText = "background:rgba(255,255,255,.9);padding:6px 8px;" +
                    "font:12px/1.4 sans-serif;border-radius:4px;box-shadow:0 0 4px rgba(0,0,0,.3)";
                if (spec.caption) {
                    var title = L.DomUtil.create("div", "", box);
                    title.style.fontWeight = "bold";
                    title.textContent = spec.caption;
                }
                spec.steps.forEach(function (step) {
                    var row = L.DomUtil.create("div", "", box);
                    var swatch = L.DomUtil.create("span", "", row);
                    swatch.style.cssText = "display:inline-block;width:14px;height:10px;" +
                        "margin-right:6px;border:1px solid #999;background:" + step.color;
                    row.appendChild(document.createTextNode(step.label));
                });
                return box;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, caption: str, steps: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.caption = caption
        self.steps = steps

    @property
    def spec_json(self) -> str:
        return script_json(
            {
                "caption": self.caption,
                "steps": [{"color": color, "label": label} for color, label in self.steps],
            }
        )

    @classmethod
    def from_colormap(cls, colormap: branca.colormap.ColorMap, lang: str, steps: int = 6) -> Legend:
        if not isinstance(colormap, branca.colormap.StepColormap):
            colormap = colormap.to_step(steps)
        edges = [float(edge) for edge in colormap.index]
        rows = [
            (colormap.rgb_hex_str((low + high) / 2), f"{_short(low, lang)} – {_short(high, lang)}")
            for low, high in pairwise(edges)
        ]
        return cls(colormap.caption or "", rows)


def script_json(value) -> str:
    """`value` as JSON to paste into a <script>: "<", ">" and "&" are escaped, so no text
    in it can ever close the surrounding script element."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _short(value: float, lang: str) -> str:
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞"
    whole = abs(value - round(value)) < 1e-9
    return number(value, lang, digits=0 if whole else 1)
