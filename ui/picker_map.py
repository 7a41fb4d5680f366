"""The Kirim page's location picker map: tap it, drag the marker, or use my location.

Every way of picking a point ends in Leaflet's map "click" event, because that is what
streamlit-folium reports back (`last_clicked`): a tap is one, a dragged marker fires one
where it was dropped, and the first position the locate button finds fires one there.
So the page has a single path that fills the coordinates and guesses the kelurahan.

When a point is picked (or typed) the map zooms in on it to street level, where the
marker is big enough under a thumb to be dragged onto the exact spot.

Without base-map tiles (`PANTAU_TILE_SERVER=none`) the map would be an empty grey
square; it draws the kelurahan outlines instead (the public map's cached simplified
shapes), so a citizen can still find their neighbourhood.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from ui.assets import localise, map_tiles, script_json
from ui.i18n import t
from ui.map import MapBoundary, base_map

# Street level: houses and side streets are told apart, and a marker is easy to drag.
PICK_ZOOM = 17
OUTLINE_STYLE = {"color": "#6b6b6b", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 0.6}
# The pinned npm release (package.json), for machines where `make assets` could not run.
LOCATE_CDN = "https://cdn.jsdelivr.net/npm/leaflet.locatecontrol@0.90.1/dist"


def tiles_off(tile_server: str) -> bool:
    return map_tiles(tile_server)["tiles"] is None


def picker_map(*, tile_server: str, lang: str, outlines: Sequence[MapBoundary] = ()) -> folium.Map:
    """The city map with the locate button (and the outlines, when there are no tiles)."""
    fmap = base_map(tile_server)
    if tiles_off(tile_server) and outlines:
        add_outlines(fmap, outlines)
    LocateToPick(
        label=t("submit.map.locate", lang=lang),
        title=t("submit.map.locate.title", lang=lang),
        error=t("submit.map.locate.error", lang=lang),
    ).add_to(fmap)
    return localise(fmap, lang)


def add_outlines(fmap: folium.Map, outlines: Sequence[MapBoundary]) -> None:
    """Kelurahan outlines as a background: not interactive, so a tap goes to the map."""
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": b.code, "properties": {}, "geometry": b.geometry}
            for b in outlines
        ],
    }
    folium.GeoJson(
        collection,
        name="batas",
        style_function=lambda _feature: OUTLINE_STYLE,
        interactive=False,
        smooth_factor=1.0,
    ).add_to(fmap)


def marker_group(point: tuple[float, float] | None, *, lang: str, revision: int = 0):
    """The picked point as a draggable marker (sent apart from the map, see location_inputs).

    `revision` changes when a pick was refused: the marker is then drawn again at the
    point kept, instead of staying where it was dropped outside the city.
    """
    group = folium.FeatureGroup(name="picked")
    if point is not None:
        marker = folium.Marker(point, draggable=True, alt=t("submit.map.marker", lang=lang))
        DragToPick(revision).add_to(marker)
        marker.add_to(group)
    return group


class DragToPick(MacroElement):
    """On its marker: a drop picks the point there; a new marker brings the map to it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            // Revision {{ this.revision }} (a refused pick redraws the marker).
            var marker = {{ this._parent.get_name() }};
            marker.on("dragend", function () {
                if (marker._map) {
                    marker._map.fire("click", {latlng: marker.getLatLng()});
                }
            });
            marker.once("add", function () {
                var map = marker._map;
                var here = marker.getLatLng();
                if (map.getZoom() < {{ this.zoom }} || !map.getBounds().contains(here)) {
                    map.setView(here, Math.max(map.getZoom(), {{ this.zoom }}));
                }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, revision: int = 0, zoom: int = PICK_ZOOM):
        super().__init__()
        self._name = "DragToPick"
        self.revision = int(revision)
        self.zoom = int(zoom)


class LocateToPick(JSCSSMixin, MacroElement):
    """leaflet.locatecontrol's button; the first position it finds becomes the picked point.

    The control keeps following the phone after that; later positions only move its blue
    dot, so they never undo a marker the citizen has dragged. A refused or failed lookup
    is said in a note on the map (the plugin's default is a browser alert).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var text = {{ this.strings_json }};
            var armed = false;
            var note = L.control({position: "bottomleft"});
            note.onAdd = function () {
                var box = L.DomUtil.create("div", "pantau-locate-note");
                box.setAttribute("role", "status");
                box.style.cssText = "display:none;max-width:16em;background:#fff;" +
                    "padding:4px 8px;font:13px/1.4 sans-serif;border-radius:4px;" +
                    "box-shadow:0 0 4px rgba(0,0,0,.3)";
                return box;
            };
            note.addTo(map);
            function say(message) {
                var box = note.getContainer();
                box.textContent = message;
                box.style.display = message ? "block" : "none";
            }
            L.control.locate({
                position: "topleft",
                setView: "once",
                flyTo: false,
                showPopup: false,
                locateOptions: {enableHighAccuracy: true, maxZoom: {{ this.zoom }}},
                strings: {title: text.title, text: text.label},
                onLocationError: function () { say(text.error); }
            }).addTo(map);
            map.on("locateactivate", function () { armed = true; say(""); });
            map.on("locationfound", function (e) {
                if (!armed) { return; }
                armed = false;
                map.fire("click", {latlng: e.latlng});
            });
        })();
        {% endmacro %}
        """
    )

    # Named like folium's LocateControl, so ui.assets serves both from static/vendor/.
    default_js: ClassVar = [("Control_locate_min_js", f"{LOCATE_CDN}/L.Control.Locate.min.js")]
    default_css: ClassVar = [("Control_locate_min_css", f"{LOCATE_CDN}/L.Control.Locate.min.css")]

    def __init__(self, *, label: str, title: str, error: str, zoom: int = PICK_ZOOM):
        super().__init__()
        self._name = "LocateToPick"
        self.strings = {"label": label, "title": title, "error": error}
        self.zoom = int(zoom)

    @property
    def strings_json(self) -> str:
        return script_json(self.strings)
