"""The OPD scorecard view (pages/kinerja.py): cached data, table and chart."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date

from data_layer.config import get_settings
from data_layer.queries import scorecard
from data_layer.queries.public import ReportFilter
from data_layer.queries.time import period_range
from ui.cache import SLOW_TTL_SECONDS, cached_query
from ui.feeds import opd_feed_url
from ui.formatting import LOCALES
from ui.i18n import current_lang, t

MIN_REPORTS = scorecard.DEFAULT_MIN_REPORTS
GRANULARITIES = ("month", "quarter")
# Columns shown, in order; shares are shown as percentages.
SHOWN = [
    "received",
    "fixed",
    "closed_otherwise",
    "open",
    "verify_sla_share",
    "response_sla_share",
    "resolve_sla_share",
    "median_response_days",
    "p90_response_days",
    "median_resolve_days",
    "p90_resolve_days",
    "reopen_rate",
    "photo_share",
    "avg_rating",
    "ratings",
]
SHARES = {
    "verify_sla_share",
    "response_sla_share",
    "resolve_sla_share",
    "reopen_rate",
    "photo_share",
}

cached_available_periods = cached_query(scorecard.available_periods, ttl=SLOW_TTL_SECONDS)
cached_opd_scorecard = cached_query(scorecard.opd_scorecard, ttl=SLOW_TTL_SECONDS)


def scorecard_for(period: str, granularity: str, report_filter: ReportFilter) -> pd.DataFrame:
    """The scorecard of one month or quarter (the query only reads that period's reports)."""
    start, end = period_range(period)
    return cached_opd_scorecard(
        report_filter=replace(report_filter, start=start, end=end),
        granularity=granularity,
        min_reports=MIN_REPORTS,
    )


def period_label(period: str, lang: str) -> str:
    """'2025-02' → 'Februari 2025' / 'February 2025'; '2025-Q1' → 'Triwulan I 2025' / 'Q1 2025'."""
    if "-Q" in period:
        year, quarter = period.split("-Q")
        # Indonesian writes quarters in Roman numerals (Triwulan IV), English as Q4.
        roman = ("I", "II", "III", "IV")[int(quarter) - 1]
        return t("scorecard.quarter_label", lang, quarter=quarter, roman=roman, year=year)
    start, _ = period_range(period)
    return format_date(start, "MMMM y", locale=LOCALES[lang])


def draw_scorecard(table: pd.DataFrame) -> None:
    lang = current_lang()
    st.caption(t("scorecard.min_sample", count=MIN_REPORTS))
    if table.empty:
        st.info(t("scorecard.none"))
        return
    ranked = table[table["ranked"]].sort_values("rank")
    unranked = table[~table["ranked"]].sort_values(
        ["received", "opd_code"], ascending=[False, True]
    )
    if not ranked.empty:
        st.subheader(t("scorecard.ranked"))
        _table(ranked, lang, with_rank=True, key="scorecard_ranked")
        st.plotly_chart(
            _sla_chart(ranked, lang), key="scorecard_chart", config={"displayModeBar": False}
        )
    if not unranked.empty:
        st.subheader(t("scorecard.unranked", count=MIN_REPORTS))
        _table(unranked, lang, with_rank=False, key="scorecard_unranked")


def _opd_names(table: pd.DataFrame, lang: str) -> pd.Series:
    names = table["opd_name_en"] if lang == "en" else table["opd_name_id"]
    return table["opd_short_name"].fillna("") + " – " + names.fillna("")


def _table(table: pd.DataFrame, lang: str, *, with_rank: bool, key: str) -> None:
    shown = pd.DataFrame({"opd": _opd_names(table, lang)})
    if with_rank:
        shown.insert(0, "rank", table["rank"].astype("Int64"))
    for column in SHOWN:
        values = table[column]
        shown[column] = values * 100 if column in SHARES else values
    # Each OPD's row links to its feed of new reports and status changes.
    shown["feed"] = [opd_feed_url(code) for code in table["opd_code"]]
    config = {
        "rank": st.column_config.NumberColumn(t("scorecard.col.rank"), format="%d", width="small"),
        "opd": st.column_config.TextColumn(t("scorecard.col.opd")),
        "feed": st.column_config.LinkColumn(
            t("feeds.opd_column"), display_text="Atom", help=t("feeds.help"), width="small"
        ),
    }
    for column in SHOWN:
        label = t(f"scorecard.col.{column}")
        if column in SHARES:
            config[column] = st.column_config.NumberColumn(label, format="%.0f%%")
        elif column.endswith("_days") or column == "avg_rating":
            config[column] = st.column_config.NumberColumn(label, format="%.1f")
        else:
            config[column] = st.column_config.NumberColumn(label, format="%d")
    st.dataframe(shown, column_config=config, hide_index=True, key=key)


def _sla_chart(ranked: pd.DataFrame, lang: str) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=ranked["resolve_sla_share"].fillna(0) * 100,
            y=ranked["opd_short_name"],
            orientation="h",
            marker_color="#0b5fa5",
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    figure.update_layout(
        title=t("scorecard.chart"),
        height=80 + 28 * len(ranked),
        margin={"l": 8, "r": 8, "t": 36, "b": 8},
        xaxis={"range": [0, 100], "ticksuffix": "%"},
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def method() -> None:
    settings = get_settings()
    with st.expander(t("scorecard.method_title"), expanded=True):
        st.markdown(
            t(
                "scorecard.method",
                verify=settings.sla_verify_days,
                response=settings.sla_first_response_days,
                minimum=MIN_REPORTS,
            )
        )
