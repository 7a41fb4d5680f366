"""The open data view (pages/data_terbuka.py): links to the download URLs, tables, dictionary."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from data_layer.filters import params_for_filter
from data_layer.queries import open_data
from data_layer.queries.open_data_dictionary import FILES
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import boundary_sources
from data_layer.states import STATUS_LABELS, Status
from ui.cache import (
    LIVE_TTL_SECONDS,
    REFERENCE_TTL_SECONDS,
    SLOW_TTL_SECONDS,
    cached_query,
    cached_reference_lists,
)
from ui.formatting import number
from ui.i18n import current_lang, t

cached_report_count = cached_query(open_data.public_report_count, ttl=LIVE_TTL_SECONDS)
cached_without_point = cached_query(open_data.reports_without_point, ttl=LIVE_TTL_SECONDS)
cached_sizes = cached_query(open_data.estimated_sizes, ttl=LIVE_TTL_SECONDS)
cached_kelurahan_table = cached_query(open_data.kelurahan_table, ttl=SLOW_TTL_SECONDS)
cached_opd_table = cached_query(open_data.opd_table, ttl=SLOW_TTL_SECONDS)
cached_boundary_sources = cached_query(boundary_sources, ttl=REFERENCE_TTL_SECONDS)


def data_url(name: str, report_filter: ReportFilter) -> str:
    """The stable download URL (api/open_data.py) of `name` for this filter.

    The page links to the URL instead of building files: the download streams
    from the database whatever its size, and the link can be shared or scheduled.
    """
    params = params_for_filter(report_filter, cached_reference_lists())
    query = urlencode(params)
    return f"/data/{name}" + (f"?{query}" if query else "")


def downloads(report_filter: ReportFilter) -> None:
    count = cached_report_count(report_filter=report_filter)
    st.write(t("open_data.count", count=number(count, current_lang())))
    st.caption(t("open_data.stable_urls"))
    lang = current_lang()
    without = cached_without_point(report_filter=report_filter) if count else 0
    # Each file's size before the download (a 9 MB file on a phone plan is a decision).
    sizes = (
        cached_sizes(report_filter=report_filter, rows=count, rows_with_point=count - without)
        if count
        else {}
    )
    columns = st.columns(len(open_data.EXPORT_FORMATS))
    for column, fmt in zip(columns, open_data.EXPORT_FORMATS, strict=True):
        size = f" (±{file_size(sizes[fmt], lang)})" if sizes.get(fmt) else ""
        column.link_button(
            t(f"open_data.{fmt}") + size,
            data_url(f"laporan.{fmt}", report_filter),
            disabled=count == 0,
            width="stretch",
        )
    if count:
        # The GeoJSON holds points only: say how many reports it cannot include.
        st.caption(
            t(
                "open_data.geojson_leaves_out",
                shown=number(count - without, lang),
                count=number(count, lang),
                without=number(without, lang),
            )
        )
    st.caption(t("open_data.dictionary_url"))


def file_size(size: int, lang: str) -> str:
    """'9,1 MB' / '9.1 MB', '420 kB'."""
    if size >= 1_000_000:
        return number(size / 1_000_000, lang, 1) + " MB"
    return number(max(size / 1000, 1), lang) + " kB"


def kelurahan_section(report_filter: ReportFilter) -> None:
    st.subheader(t("open_data.by_kelurahan"))
    table = open_data.rounded_table(cached_kelurahan_table(report_filter=report_filter))
    st.dataframe(table, hide_index=True, key="kelurahan_table")
    st.caption(t("open_data.approximate"))
    st.link_button(t("open_data.table_csv"), data_url("kelurahan.csv", report_filter))


def opd_section(report_filter: ReportFilter) -> None:
    """The per-OPD table is computed only when the visitor asks to see it here.

    It is the scorecard over the whole filtered period: the heaviest figure on
    the page (seconds at a million reports), while most visits come for the
    downloads. The CSV link streams the same table from the API on request.
    """
    st.subheader(t("open_data.by_opd"))
    st.caption(t("open_data.by_opd_on_request"))
    st.link_button(t("open_data.table_csv"), data_url("opd.csv", report_filter))
    if st.toggle(t("open_data.show_opd_table"), key="open_data.show_opd_table"):
        table = open_data.rounded_table(cached_opd_table(report_filter=report_filter))
        st.dataframe(table, hide_index=True, key="opd_table")


def dictionary() -> None:
    lang = current_lang()
    st.subheader(t("open_data.dictionary"))
    st.caption(t("open_data.dictionary_intro"))
    st.dataframe(
        pd.DataFrame(
            [(c.name, c.type, c.en if lang == "en" else c.id) for c in open_data.REPORT_COLUMNS],
            columns=[
                t("open_data.col.column"),
                t("open_data.col.type"),
                t("open_data.col.meaning"),
            ],
        ),
        hide_index=True,
        key="dictionary",
    )
    st.caption(t("open_data.statuses"))
    st.dataframe(
        pd.DataFrame(
            [(status.value, STATUS_LABELS[status][lang]) for status in Status],
            columns=["status", t("open_data.col.meaning")],
        ),
        hide_index=True,
        key="status_dictionary",
    )


def file_dictionaries() -> None:
    """Every file: what it leaves out, and (for the summary tables) each column."""
    lang = current_lang()
    for doc in FILES:
        with st.expander(t("open_data.file_title", path=doc.path)):
            st.caption(
                t(
                    "open_data.leaves_out",
                    what=doc.leaves_out_en if lang == "en" else doc.leaves_out_id,
                )
            )
            if doc.columns is open_data.REPORT_COLUMNS:
                st.caption(t("open_data.same_columns"))
                continue
            st.dataframe(
                pd.DataFrame(
                    [(c.name, c.type, c.en if lang == "en" else c.id) for c in doc.columns],
                    columns=[
                        t("open_data.col.column"),
                        t("open_data.col.type"),
                        t("open_data.col.meaning"),
                    ],
                ),
                hide_index=True,
                key=f"dictionary_{doc.path}",
            )


def licence(city: str) -> None:
    st.caption(
        t("open_data.licence", licence=open_data.LICENCE, url=open_data.LICENCE_URL, city=city)
    )
    st.caption(t("open_data.reference"))
    sources = cached_boundary_sources()
    if any("openstreetmap" in s.lower() or "odbl" in s.lower() for s in sources):
        st.caption(t("open_data.odbl"))
