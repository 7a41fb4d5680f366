"""Leaflet controls of the kelurahan map that folium has no element for: kelurahan name
labels shown from street zoom, and the heat layer's legend entries.

Like `ui.assets.Legend`, data goes in as JSON with `<`, `>` and `&` escaped, and names are
set with `textContent`, so a name can never become markup.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from ui.i18n import t

# From this zoom a kelurahan (≈1 km across) is wide enough on screen for its name; below
# it the city's 177 names would pile on each other.
LABEL_MIN_ZOOM = 14
# leaflet.heat's default gradient (value → colour), low to high.
HEAT_GRADIENT = (("blue", "map.legend.heat_low"), ("lime", "map.legend.heat_mid"), ("red", "map.legend.heat_high"))  # fmt: skip


def heat_legend_entries(lang: str) -> list[tuple[str, str]]:
    return [(colour, t(key, lang=lang)) for colour, key in HEAT_GRADIENT]


def _script_json(value) -> str:
    # Escape "<", ">" and "&" so the JSON can never close the surrounding <script>.
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


class KelurahanLabels(MacroElement):
    """Each kelurahan's name at a point inside it, shown only from `LABEL_MIN_ZOOM` on."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .pantau-label span { display: inline-block; transform: translate(-50%, -50%);
            font: 600 11px/1.2 sans-serif; color: #1a1a1a; white-space: nowrap;
            pointer-events: none;
            text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var spec = {{ this.spec_json }};
            var map = {{ this._parent.get_name() }};
            var group = L.layerGroup();
            spec.labels.forEach(function (label) {
                var text = document.createElement("span");
                text.textContent = label[2];
                group.addLayer(L.marker([label[0], label[1]], {
                    icon: L.divIcon({className: "pantau-label", html: text, iconSize: null}),
                    interactive: false, keyboard: false
                }));
            });
            function toggle() {
                if (map.getZoom() >= spec.minZoom) { group.addTo(map); } else { group.remove(); }
            }
            map.on("zoomend", toggle);
            toggle();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[tuple[float, float, str]], min_zoom: int = LABEL_MIN_ZOOM):
        super().__init__()
        self._name = "KelurahanLabels"
        self.labels = labels
        self.min_zoom = min_zoom

    @property
    def spec_json(self) -> str:
        return _script_json({"minZoom": self.min_zoom, "labels": self.labels})
