"""Peta kelurahan: a choropleth of the 177 kelurahan, the chosen kelurahan's panel,
an optional layer of report locations, and the same figures as a table.

The URL holds the whole view: the shared filters, `metrik`, `lapisan` and
`pilih` (the chosen kelurahan's code), so a link reopens it exactly.
"""

from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from data_layer.cities import village_kind
from data_layer.config import get_settings
from data_layer.filters import params_for_filter
from data_layer.queries import geo
from ui import map as map_ui
from ui import map_cache
from ui.cache import cached_query, cached_reference_lists
from ui.feeds import city_feed_url, subscribe_link
from ui.filters import filter_bar
from ui.formatting import local_date, number
from ui.i18n import current_lang, t
from ui.page_style import wrap_metric_labels
from ui.widgets import inert, status_label, ticket_link, url_choice

SELECT_PARAM = "pilih"
SELECT_KEY = "peta.pilih"
LAST_CLICK_KEY = "peta.last_click"
SCROLL_KEY = "peta.scroll_to_panel"
# Streamlit stacks columns below this width: the panel then sits under the map.
STACKED_MAX_PX = 640
LAYERS = ("none", "klaster", "panas")
LAYER_LABELS = {
    "none": "map.layer.none",
    "klaster": "map.layer.clusters",
    "panas": "map.layer.heat",
}
# The clustered layer shows the newest reports only: enough to see where things
# are, small enough (≈200 bytes a point with its popup) to keep the page light at
# any volume.
MAX_CLUSTER_POINTS = 1000
MAP_HEIGHT = 560

# Shared by every visitor, recomputed at most once per period (see map_ui.figures_moment).
kelurahan_figures = cached_query(geo.kelurahan_figures, ttl=map_ui.MAP_TTL_SECONDS)
kelurahan_panel = cached_query(geo.kelurahan_panel, ttl=map_ui.MAP_TTL_SECONDS)
report_points = cached_query(geo.public_report_points, ttl=map_ui.MAP_TTL_SECONDS)
report_density = cached_query(geo.public_report_density, ttl=map_ui.MAP_TTL_SECONDS)


def choose_kelurahan(codes: list[str], names: dict[str, str]) -> str | None:
    """The chosen kelurahan from the URL, with a select box for keyboard users."""
    selected = st.query_params.get(SELECT_PARAM)
    if selected not in codes:
        selected = None
        if SELECT_PARAM in st.query_params:
            del st.query_params[SELECT_PARAM]
    st.session_state[SELECT_KEY] = selected
    st.selectbox(
        t("map.select"),
        options=[None, *codes],
        format_func=lambda code: t("map.select.placeholder") if code is None else names[code],
        key=SELECT_KEY,
        on_change=_write_selection,
    )
    return selected


def _write_selection() -> None:
    _set_selection(st.session_state.get(SELECT_KEY))


def _set_selection(code: str | None) -> None:
    if code is None:
        if SELECT_PARAM in st.query_params:
            del st.query_params[SELECT_PARAM]
    else:
        st.query_params[SELECT_PARAM] = code


def handle_click(result: dict | None, codes: list[str], selected: str | None) -> None:
    """Select the clicked kelurahan (only clicks: panning and zooming never rerun the app)."""
    clicked = map_ui.clicked_kelurahan(result)
    if clicked is None:
        # A fresh map (the view changed) reports nothing yet: the next click is new.
        st.session_state[LAST_CLICK_KEY] = None
        return
    if clicked == st.session_state.get(LAST_CLICK_KEY):
        return
    st.session_state[LAST_CLICK_KEY] = clicked
    if clicked in codes and clicked != selected:
        _set_selection(clicked)
        st.session_state[SCROLL_KEY] = True
        st.rerun()


def intro() -> None:
    """ "Hover and click" for a mouse, "tap" on a touch screen: both are sent, and the
    browser shows the one that fits its pointer (the server cannot know the device)."""
    st.html(
        "<style>@media (hover: none) { .st-key-peta_intro_pointer { display: none; } } "
        "@media (hover: hover) { .st-key-peta_intro_touch { display: none; } }</style>"
    )
    with st.container(key="peta_intro_pointer"):
        st.caption(t("map.intro"))
    with st.container(key="peta_intro_touch"):
        st.caption(t("map.intro_touch"))


def scroll_to_panel() -> None:
    """After a tap on a phone the panel opens below the map, out of view: bring it up."""
    if not st.session_state.pop(SCROLL_KEY, False):
        return
    st.html(
        f"""<script>
setTimeout(() => {{
  if (!window.matchMedia("(max-width: {STACKED_MAX_PX}px)").matches) return;
  const panel = document.querySelector(".st-key-peta_panel");
  if (panel) panel.scrollIntoView({{ block: "start", behavior: "smooth" }});
}}, 300);
</script>""",
        unsafe_allow_javascript=True,
    )


def show_panel(code: str, report_filter, now, lang: str, source: str | None) -> None:
    panel = kelurahan_panel(kelurahan_code=code, report_filter=report_filter, now=now)
    if panel is None:
        return
    st.subheader(inert(t("map.panel.title", name=panel.name, village=village_kind(panel.code))))
    details = [t("map.panel.subtitle", kecamatan=panel.kecamatan)]
    if panel.area_km2:
        details.append(t("map.panel.area", area=number(panel.area_km2, lang, digits=2)))
    details.append(map_ui.boundary_text(panel.approximate, source, lang))
    st.caption(inert(" · ".join(details)))
    here = replace(report_filter, kelurahan_code=code)
    # Where to go from here: that place's before/after photos and its feed.
    st.link_button(t("map.panel.gallery"), gallery_url(here, lang), icon=":material/photo_library:")
    subscribe_link(city_feed_url(here), key="peta.feed")
    figures = panel.figures
    # Two figures a row: the panel sits in a narrow column beside the map.
    shown = (
        ("reports", "count", figures.reports),
        ("share_resolved", "share", figures.share_resolved),
        ("median_days", "days", figures.median_days),
        ("overdue_now", "count", figures.overdue_now),
        ("reports_per_km2", "density", figures.reports_per_km2),
    )
    for start in range(0, len(shown), 2):
        for column, (key, kind, value) in zip(
            st.columns(2), shown[start : start + 2], strict=False
        ):
            column.metric(t(f"map.metric.{key}"), map_ui.format_value(kind, value, lang))
    if not figures.reports:
        st.info(t("map.panel.none"))
    else:
        st.markdown(f"**{inert(t('map.panel.top_categories'))}**")
        st.dataframe(
            pd.DataFrame(
                {
                    t("map.col.category"): [
                        c.name_en if lang == "en" else c.name_id for c in panel.top_categories
                    ],
                    t("map.col.reports"): [c.reports for c in panel.top_categories],
                }
            ),
            hide_index=True,
        )
        st.markdown(f"**{inert(t('map.panel.latest'))}**")
        latest_reports_table(panel.latest_reports, lang)
    st.button(t("map.panel.close"), on_click=_set_selection, args=(None,), key="peta.close")


def gallery_url(report_filter, lang: str) -> str:
    """The before/after gallery narrowed like the panel (relative, language kept)."""
    params = params_for_filter(report_filter, cached_reference_lists())
    if lang == "en":
        params["lang"] = "en"
    return f"galeri?{urlencode(params)}"


def latest_reports_table(reports, lang: str) -> None:
    """Titles go into a dataframe: cells are plain text, never Markdown or HTML."""
    track = t("map.col.track")
    frame = pd.DataFrame(
        {
            track: [ticket_link(r.ticket, lang) for r in reports],
            t("map.col.title"): [r.title for r in reports],
            t("map.col.category"): [
                r.category_name_en if lang == "en" else r.category_name_id for r in reports
            ],
            t("map.col.status"): [status_label(r.status, lang) for r in reports],
            t("map.col.received"): [local_date(r.received_at, lang) for r in reports],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            track: st.column_config.LinkColumn(track, display_text=r"tiket=([^&]+)"),
        },
    )


def layer_data(layer: str, report_filter, public_total: int, lang: str):
    """The chosen point layer's data (latest points, or density cells), with a caption."""
    if layer == "klaster":
        points = report_points(report_filter=report_filter, limit=MAX_CLUSTER_POINTS)
        note = t(
            "map.layer.clusters_note",
            shown=number(len(points), lang),
            total=number(public_total, lang),
        )
        return {"points": points}, note
    if layer == "panas":
        cells = report_density(report_filter=report_filter)
        total = sum(cell.reports for cell in cells)
        return {"cells": cells}, t("map.layer.heat_note", total=number(total, lang))
    return {}, None


def kelurahan_table(figures: pd.DataFrame, sources: dict[str, str | None], lang: str) -> None:
    """The map's text alternative: every kelurahan and its figures, as a real table."""
    with st.expander(t("map.table.title")):
        st.caption(t("map.table.caption"))
        table = pd.DataFrame(
            {
                t("map.field.kelurahan"): [inert(name) for name in figures["name"]],
                t("map.field.kecamatan"): [inert(name) for name in figures["kecamatan"]],
                **{
                    t(f"map.metric.{metric.key}"): [
                        map_ui.format_value(metric.kind, value, lang)
                        for value in figures[metric.column]
                    ]
                    for metric in map_ui.METRICS.values()
                },
                t("map.field.boundary"): [
                    map_ui.boundary_text(bool(approx), sources.get(str(code)), lang)
                    for code, approx in zip(figures["code"], figures["approximate"], strict=True)
                ],
            }
        )
        st.table(table, hide_index=True)


def main() -> None:
    lang = current_lang()
    st.title(t("map.title"))
    wrap_metric_labels()  # the panel's figures sit two abreast in a narrow column
    intro()
    report_filter = filter_bar()
    now = map_ui.figures_moment()
    figures = kelurahan_figures(report_filter=report_filter, now=now)
    boundaries = map_ui.map_boundaries()
    sources = {b.code: b.source for b in boundaries}
    if not boundaries:
        st.warning(t("map.no_boundaries"))
    if bool(figures["approximate"].any()):
        st.info(t("map.approximate_note"))
    if int(figures["reports"].sum()) == 0:
        st.info(t("map.empty"))

    metric = url_choice(
        param="metrik",
        options=list(map_ui.METRICS),
        default=map_ui.DEFAULT_METRIC,
        label=t("map.metric"),
        format_func=lambda key: t(f"map.metric.{key}"),
        horizontal=True,
    )
    layer = url_choice(
        param="lapisan",
        options=list(LAYERS),
        default="none",
        label=t("map.layer"),
        format_func=lambda key: t(LAYER_LABELS[key]),
        horizontal=True,
    )
    codes = [str(code) for code in figures["code"]]
    names = {
        str(row.code): f"{row.name} ({row.kecamatan})" for row in figures.itertuples(index=False)
    }
    selected = choose_kelurahan(codes, names)

    # The map and, beside it on wide screens, the chosen kelurahan's panel (phones stack
    # the two columns, panel below).
    map_column, panel_column = st.columns([3, 2])
    layers, note = layer_data(layer, report_filter, int(figures["reports"].sum()), lang)
    with map_column:
        # Built and rendered once per distinct map, not on every rerun (ui/map_cache.py).
        result = map_cache.show_map(
            figures=figures,
            metric_key=metric,
            lang=lang,
            tile_server=get_settings().tile_server,
            selected_code=selected,
            **layers,
            key="peta.map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
        )
        if note:
            st.caption(note)
    handle_click(result, codes, selected)
    with panel_column, st.container(key="peta_panel"):
        if selected is None:
            st.info(t("map.panel.unselected"))
        else:
            show_panel(selected, report_filter, now, lang, sources.get(selected))
            scroll_to_panel()
    kelurahan_table(figures, sources, lang)


main()
