"""Where the problem is: the picker map, typed coordinates, kelurahan and address.

A tap on the map, a dragged marker, the "my location" button or typed coordinates fill
the kelurahan (the citizen may still change it; when the boundaries are approximate the
page says so next to the guess); a point outside the city is refused with a note.
The map itself is built in ui/picker_map.py.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from data_layer.cities import village_kind
from data_layer.config import get_settings
from data_layer.geography import kelurahan_at
from data_layer.limits import ADDRESS_MAX, LOCATION_MAX
from data_layer.validation import format_coordinates, parse_coordinates
from ui.cache import cached_reference_lists, read_session
from ui.i18n import current_lang, t
from ui.map import map_boundaries
from ui.picker_map import marker_group, picker_map, tiles_off
from ui.submission_fields import (
    ADDRESS,
    KELURAHAN,
    LOCATION,
    MAP,
    MAP_HEIGHT,
    MAP_NOTE,
    MAP_REVISION,
    show_field_error,
)


def location_inputs() -> None:
    st.caption(t("submit.map.help"))
    point = _typed_point()
    lang = current_lang()
    st_folium(
        _picker_map(lang),
        key=MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_clicked"],
        # The marker travels separately, so moving it does not reload the map.
        feature_group_to_add=marker_group(
            point, lang=lang, revision=st.session_state.get(MAP_REVISION, 0)
        ),
        on_change=_on_map_click,
    )
    _show_map_note()
    st.text_input(
        t("submit.location"),
        key=LOCATION,
        help=t("submit.location.help"),
        max_chars=LOCATION_MAX,
        on_change=_on_location_typed,
    )
    show_field_error("location")
    kelurahan = {
        k.code: f"{k.name}, {k.kecamatan_name}"
        for k in sorted(
            cached_reference_lists().kelurahan, key=lambda k: (k.name, k.kecamatan_name)
        )
    }
    st.selectbox(
        t("submit.kelurahan"),
        options=list(kelurahan),
        format_func=kelurahan.__getitem__,
        index=None,
        placeholder=t("submit.kelurahan.placeholder"),
        key=KELURAHAN,
    )
    show_field_error("kelurahan")
    st.text_input(t("submit.address"), key=ADDRESS, max_chars=ADDRESS_MAX)
    show_field_error("address")


# --- map --------------------------------------------------------------------------------


def _picker_map(lang: str):
    tile_server = get_settings().tile_server
    # Outlines only stand in for missing tiles: over a street map, approximate
    # boundaries would look more certain than they are.
    outlines = map_boundaries() if tiles_off(tile_server) else ()
    return picker_map(tile_server=tile_server, lang=lang, outlines=outlines)


def _typed_point() -> tuple[float, float] | None:
    # parse_coordinates refuses over-long text before any matching (a pasted
    # megabyte would otherwise be read on every rerun of the page).
    try:
        return parse_coordinates(st.session_state.get(LOCATION) or "")
    except ValueError:
        return None


def _on_map_click() -> None:
    clicked = (st.session_state.get(MAP) or {}).get("last_clicked")
    if not clicked:
        return
    _take_point(float(clicked["lat"]), float(clicked["lng"]), from_map=True)


def _on_location_typed() -> None:
    point = _typed_point()
    if point is not None:
        _take_point(*point, from_map=False)
    else:
        st.session_state.pop(MAP_NOTE, None)


def _take_point(lat: float, lon: float, *, from_map: bool) -> None:
    """Fill the kelurahan from a point; the citizen may still change it afterwards."""
    with read_session() as session:
        match = kelurahan_at(session, lat=lat, lon=lon)
    if match is None:
        st.session_state[MAP_NOTE] = ("outside", {})
        if from_map:  # the marker goes back to the point kept (see marker_group)
            st.session_state[MAP_REVISION] = st.session_state.get(MAP_REVISION, 0) + 1
        return
    if from_map:
        st.session_state[LOCATION] = format_coordinates(lat, lon)
    st.session_state[KELURAHAN] = match.code
    st.session_state[MAP_NOTE] = (
        "picked",
        {
            "kelurahan": match.name,
            "kecamatan": match.kecamatan_name,
            "village": village_kind(match.code),
            "approximate": match.approximate,
        },
    )


def _show_map_note() -> None:
    note = st.session_state.get(MAP_NOTE)
    if not note:
        return
    code, params = note
    if code == "outside":
        st.warning(t("submit.map.outside", city=get_settings().city_name))
    else:
        params = dict(params)
        approximate = params.pop("approximate", False)
        st.caption(t("submit.map.picked", **params))
        if approximate:
            st.caption(t("submit.map.approximate"))
