"""The kelurahan map, built and rendered once per distinct content, reused by every rerun.

`st_folium` turns a folium map into its component's arguments (the map's whole
script, header and HTML) by running every folium template on each run of the
page: 0.2-0.9 s for the choropleth with a thousand clustered points or the
heat layer, most of a warm rerun of the map page. The same figures give the
same map, so the arguments are computed once per distinct content and handed
to the component as they are.

The arguments are taken from streamlit-folium itself, never rebuilt here: its
component function is wrapped once so that, while a map is being prepared on
this thread, the call is recorded instead of sent. Every other call (and other
threads) goes straight through. streamlit-folium is pinned in requirements.txt; an
upgrade that moves the function fails tests/pages/test_peta_page.py.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from typing import Any

import folium
import pandas as pd
import streamlit as st
import streamlit_folium
from streamlit_folium import st_folium

from data_layer.queries.geo import DensityCell, ReportPoint
from ui import map as map_ui

# How many distinct maps are kept (each about 0.1-0.5 MB of script): the default
# view in both languages, the usual layers and a few filtered views.
MAX_MAPS = 32

_recording = threading.local()


def _component(**kwargs: Any) -> Any:
    calls = getattr(_recording, "calls", None)
    if calls is None:
        return _send(**kwargs)
    calls.append(kwargs)
    return None


# Wrap once per process (a reload of this module must not wrap the wrapper).
_send: Callable[..., Any] = getattr(
    streamlit_folium._component_func, "_pantau_send", streamlit_folium._component_func
)
_component._pantau_send = _send  # type: ignore[attr-defined]
streamlit_folium._component_func = _component


def component_arguments(fmap: folium.Map, **options: Any) -> dict[str, Any]:
    """What `st_folium(fmap, **options)` would send to the browser, without sending it."""
    _recording.calls = []
    try:
        st_folium(fmap, **options)
        (arguments,) = _recording.calls
    finally:
        _recording.calls = None
    return arguments


@st.cache_resource(ttl=map_ui.MAP_TTL_SECONDS, max_entries=MAX_MAPS, show_spinner=False)
def _prepared(content_key: str, _build: Callable[[], folium.Map], **options: Any) -> dict:
    """The component's arguments for one content key (`_build` is not part of the key)."""
    del content_key
    # The map is fresh, so st_folium's own render pass renders it (a first full pass of
    # the root figure gives the same arguments, measured: 35-60 ms of Jinja for nothing).
    return component_arguments(_build(), render=False, **options)


def content_key(
    *,
    boundaries_key: str,
    figures: pd.DataFrame,
    metric_key: str,
    lang: str,
    tile_server: str,
    selected_code: str | None,
    points: Sequence[ReportPoint] | None,
    cells: Sequence[DensityCell] | None,
) -> str:
    """A digest of everything the map shows: equal keys, equal maps."""
    digest = hashlib.sha256()
    for part in (boundaries_key, metric_key, lang, tile_server, selected_code, points, cells):
        digest.update(repr(part).encode())
        digest.update(b"\0")
    digest.update(repr(list(figures.columns)).encode())
    digest.update(pd.util.hash_pandas_object(figures, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def show_map(
    *,
    figures: pd.DataFrame,
    metric_key: str,
    lang: str,
    tile_server: str,
    selected_code: str | None = None,
    points: Sequence[ReportPoint] | None = None,
    cells: Sequence[DensityCell] | None = None,
    **options: Any,
) -> Any:
    """`st_folium(map_ui.build_map(...), **options)`, the map built once per content.

    Returns what `st_folium` returns (the visitor's last click and so on).
    """

    def build() -> folium.Map:
        return map_ui.build_map(
            boundaries=map_ui.map_boundaries(),
            figures=figures,
            metric_key=metric_key,
            lang=lang,
            tile_server=tile_server,
            selected_code=selected_code,
            points=points,
            cells=cells,
        )

    key = content_key(
        boundaries_key=map_ui.boundaries_version(),
        figures=figures,
        metric_key=metric_key,
        lang=lang,
        tile_server=tile_server,
        selected_code=selected_code,
        points=points,
        cells=cells,
    )
    return _send(**_prepared(key, build, **options))
