"""Where the report is and who to call, for field staff on a phone: a small map of the point,
links that open it in a maps app, and the reporter's phone as a link.

Only what the page already shows becomes a link: the phone only when the query returned the
reporter (the role may see it), the maps links only when the report has a point. The link
targets are built from digits and numbers alone, so reporter text can never make a link of
its own; the visible text goes through `inert`.
"""

from __future__ import annotations

import re

import folium
import streamlit as st
from streamlit_folium import st_folium

from data_layer.config import get_settings
from data_layer.queries.operator_report import ReportDetail
from ui.assets import localise
from ui.i18n import t
from ui.map import base_map
from ui.widgets import inert

# A dialable number has at least this many digits; fewer is a typo, not worth a link.
_MIN_DIGITS = 5
# Street level: the houses around the point, enough to find it on arrival.
POINT_ZOOM = 17
POINT_MAP_HEIGHT = 240


def phone_href(phone: str | None) -> str | None:
    """`tel:` with the number's digits (and a leading +), or None when there is no number."""
    text = (phone or "").strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) < _MIN_DIGITS:
        return None
    return f"tel:{'+' if text.startswith('+') else ''}{digits}"


def map_hrefs(latitude: float, longitude: float) -> tuple[str, str]:
    """A `geo:` URI (phones open their maps app) and the same point on OpenStreetMap."""
    lat, lon = f"{latitude:.6f}", f"{longitude:.6f}"
    return (
        f"geo:{lat},{lon}?q={lat},{lon}",
        f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
    )


def phone_link(detail: ReportDetail) -> None:
    """The reporter's phone as a tappable link, where this operator may see it."""
    phone = detail.reporter.phone if detail.reporter else None
    href = phone_href(phone)
    if href:
        st.markdown(f"📞 [{t('op.report.call', phone=inert(phone))}]({href})")


def map_links(detail: ReportDetail) -> None:
    if detail.latitude is None or detail.longitude is None:
        return
    geo, osm = map_hrefs(detail.latitude, detail.longitude)
    st.markdown(f"📍 [{t('op.report.open_maps_app')}]({geo}) · [{t('op.report.open_osm')}]({osm})")


def point_map_of(latitude: float, longitude: float) -> folium.Map:
    """The city map (configured tiles, Leaflet served by the app) at the report's point.

    Nothing the reporter wrote goes into it: a marker at two numbers, no popup, no tooltip.
    """
    fmap = base_map(get_settings().tile_server)
    fmap.location = [latitude, longitude]
    fmap.options["zoom"] = POINT_ZOOM
    # A drawn circle, not Leaflet's default pin: the pin's image path is guessed from the CSS
    # URL and misses the self-hosted copy (a 404 in the console).
    folium.CircleMarker(
        [latitude, longitude], radius=9, color="#0b5fa5", weight=3, fill=True, fill_opacity=0.4
    ).add_to(fmap)
    return localise(fmap)


def point_map(detail: ReportDetail) -> None:
    """A small read-only map of the point (it sends nothing back, so it never reruns the page)."""
    if detail.latitude is None or detail.longitude is None:
        return
    st_folium(
        point_map_of(detail.latitude, detail.longitude),
        key=f"op_point_{detail.report_id}",
        height=POINT_MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )
