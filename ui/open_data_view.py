"""The open data view (pages/data_terbuka.py): downloads built on click, tables, dictionary."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_layer.db import make_session_factory
from data_layer.queries import open_data
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import boundary_sources
from data_layer.states import STATUS_LABELS, Status
from ui.cache import LIVE_TTL_SECONDS, REFERENCE_TTL_SECONDS, SLOW_TTL_SECONDS, cached_query, engine
from ui.formatting import number
from ui.i18n import current_lang, t

FORMATS = {
    "csv": (open_data.write_csv, "text/csv"),
    "json": (open_data.write_json, "application/json"),
    "geojson": (open_data.write_geojson, "application/geo+json"),
}

cached_report_count = cached_query(open_data.public_report_count, ttl=LIVE_TTL_SECONDS)
cached_kelurahan_table = cached_query(open_data.kelurahan_table, ttl=SLOW_TTL_SECONDS)
cached_opd_table = cached_query(open_data.opd_table, ttl=SLOW_TTL_SECONDS)
cached_boundary_sources = cached_query(boundary_sources, ttl=REFERENCE_TTL_SECONDS)


def make_export(fmt: str, report_filter: ReportFilter, database: Engine) -> Callable[[], bytes]:
    """A callable that writes the export when the visitor clicks (Streamlit's deferred download).

    Nothing is built on reruns: only a click pays for the file, page by page
    from the database (capped at `open_data.EXPORT_MAX_ROWS` rows). It runs
    outside the script thread, so it takes the engine, not the cached getters.
    """
    writer, _mime = FORMATS[fmt]

    def build() -> bytes:
        out = io.BytesIO()
        with make_session_factory(database)() as session:
            writer(session, report_filter=report_filter, out=out)
        return out.getvalue()

    return build


def file_name(stem: str, extension: str) -> str:
    return f"pantau-lapor-{stem}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d')}.{extension}"


def downloads(report_filter: ReportFilter) -> None:
    count = cached_report_count(report_filter=report_filter)
    lang = current_lang()
    st.write(t("open_data.count", count=number(count, lang)))
    if count > open_data.EXPORT_MAX_ROWS:
        st.warning(t("open_data.capped", limit=number(open_data.EXPORT_MAX_ROWS, lang)), icon="ℹ️")
    st.caption(t("open_data.on_click"))
    database = engine()
    columns = st.columns(len(FORMATS))
    for column, (fmt, (_writer, mime)) in zip(columns, FORMATS.items(), strict=True):
        column.download_button(
            t(f"open_data.{fmt}"),
            data=make_export(fmt, report_filter, database),
            file_name=file_name("laporan", fmt),
            mime=mime,
            key=f"download_{fmt}",
            disabled=count == 0,
            on_click="ignore",
        )


def table_csv(table: pd.DataFrame) -> Callable[[], bytes]:
    def build() -> bytes:
        buffer = io.StringIO()
        table.to_csv(buffer, index=False)
        return buffer.getvalue().encode("utf-8-sig")

    return build


def kelurahan_section(report_filter: ReportFilter) -> None:
    st.subheader(t("open_data.by_kelurahan"))
    table = cached_kelurahan_table(report_filter=report_filter)
    st.dataframe(table, hide_index=True, key="kelurahan_table")
    st.caption(t("open_data.approximate"))
    st.download_button(
        t("open_data.table_csv"),
        data=table_csv(table),
        file_name=file_name("kelurahan", "csv"),
        mime="text/csv",
        key="download_kelurahan",
        on_click="ignore",
    )


def opd_section(report_filter: ReportFilter) -> None:
    st.subheader(t("open_data.by_opd"))
    table = cached_opd_table(report_filter=report_filter)
    st.dataframe(table, hide_index=True, key="opd_table")
    st.download_button(
        t("open_data.table_csv"),
        data=table_csv(table),
        file_name=file_name("opd", "csv"),
        mime="text/csv",
        key="download_opd",
        on_click="ignore",
    )


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


def licence(city: str) -> None:
    st.caption(
        t("open_data.licence", licence=open_data.LICENCE, url=open_data.LICENCE_URL, city=city)
    )
    st.caption(t("open_data.reference"))
    sources = cached_boundary_sources()
    if any("openstreetmap" in s.lower() or "odbl" in s.lower() for s in sources):
        st.caption(t("open_data.odbl"))
