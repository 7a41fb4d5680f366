"""The OPD scorecard view (pages/kinerja.py): cached data, table and chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date

from data_layer.config import get_settings
from data_layer.queries import open_data, scorecard
from data_layer.queries.public import ReportFilter
from data_layer.queries.time import period_range
from ui.cache import SLOW_TTL_SECONDS, cached_query
from ui.chart_table import chart_with_table
from ui.feeds import opd_feed_url
from ui.formatting import LOCALES, number, percent
from ui.i18n import current_lang, t
from ui.opd_profile_view import opd_page_url

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
# The few columns the page shows for every OPD (all of SHOWN sit in an expander).
KEY_COLUMNS = ["received", "fixed", "open", "resolve_sla_share", "median_resolve_days"]
PHONE_MAX_PX = 640
MISSING = -1.0  # a table cell's stand-in for a figure that does not exist (shown "–")
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


def last_complete_period(periods: list[str], today: dt.date) -> str | None:
    """The newest of `periods` (newest first) that ended before `today`; else the newest.

    A month four days old ranks departments on almost nothing, so the page opens
    on the last whole month or quarter.
    """
    complete = [p for p in periods if period_range(p)[1] < today]
    return complete[0] if complete else next(iter(periods), None)


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
    _responsive_style()
    ranked = table[table["ranked"]].sort_values("rank")
    unranked = table[~table["ranked"]].sort_values(
        ["received", "opd_code"], ascending=[False, True]
    )
    if not ranked.empty:
        st.subheader(t("scorecard.ranked"))
        _table_and_cards(ranked, lang, with_rank=True, key="scorecard_ranked")
        chart_with_table(
            _sla_chart(ranked, lang),
            key="scorecard_chart",
            value_name=t("scorecard.col.resolve_sla_share") + " (%)",
        )
    if not unranked.empty:
        st.subheader(t("scorecard.unranked", count=MIN_REPORTS))
        _table_and_cards(unranked, lang, with_rank=False, key="scorecard_unranked")
    with st.expander(t("scorecard.all_columns")):
        _table(table, lang, with_rank=True, key="scorecard_all", columns=SHOWN)
    _download(pd.concat([ranked, unranked]), lang)


DOWNLOAD_COLUMNS = ["rank", "opd_code", "opd", *KEY_COLUMNS]


def shown_table_csv(table: pd.DataFrame, lang: str) -> bytes:
    """Exactly the rows and key columns the page shows, in its order (docs/api.md)."""
    shown = table.assign(opd=_opd_names(table, lang))[DOWNLOAD_COLUMNS]
    return open_data.table_csv_bytes(shown.reset_index(drop=True))


def _download(table: pd.DataFrame, lang: str) -> None:
    period = str(table["period"].iloc[0]) if "period" in table.columns else "periode"
    st.download_button(
        t("scorecard.download"),
        data=shown_table_csv(table, lang),
        file_name=f"kinerja-{period}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="scorecard_download",
    )


def _responsive_style() -> None:
    # Wide screens get the table, phones one card per OPD (a table with seven
    # columns would need sideways scrolling there). Containers with a key carry
    # the class st-key-<key>.
    st.html(
        f"<style>@media (max-width: {PHONE_MAX_PX}px) {{ [class*='st-key-table_'] "
        f"{{ display: none; }} }} @media (min-width: {PHONE_MAX_PX + 1}px) "
        "{ [class*='st-key-cards_'] { display: none; } }</style>"
    )


def _opd_names(table: pd.DataFrame, lang: str) -> pd.Series:
    names = table["opd_name_en"] if lang == "en" else table["opd_name_id"]
    return table["opd_short_name"].fillna("") + " – " + names.fillna("")


def _opd_links(table: pd.DataFrame, lang: str) -> list[str]:
    """Each OPD's page, with its name after '#' for the link column to display."""
    return [
        f"{opd_page_url(code, lang)}#{name}"
        for code, name in zip(table["opd_code"], _opd_names(table, lang), strict=True)
    ]


def _table_and_cards(table: pd.DataFrame, lang: str, *, with_rank: bool, key: str) -> None:
    with st.container(key=f"table_{key}"):
        _table(table, lang, with_rank=with_rank, key=key, columns=KEY_COLUMNS)
    with st.container(key=f"cards_{key}"):
        _cards(table, lang, with_rank=with_rank)


def _formatted(column: str, value, lang: str) -> str:
    if pd.isna(value):
        return "–"
    if column in SHARES:
        return percent(float(value), lang)
    if column.endswith("_days") or column == "avg_rating":
        return number(float(value), lang, 1)
    return number(int(value), lang)


def _cards(table: pd.DataFrame, lang: str, *, with_rank: bool) -> None:
    for (_, row), link, name in zip(
        table.iterrows(), _opd_links(table, lang), _opd_names(table, lang), strict=True
    ):
        rank = f"#{int(row['rank'])} " if with_rank and not pd.isna(row["rank"]) else ""
        url = link.split("#", 1)[0]
        figures = " · ".join(
            f"{t(f'scorecard.col.{column}')}: **{_formatted(column, row[column], lang)}**"
            for column in KEY_COLUMNS
        )
        with st.container(border=True):
            st.markdown(f"{rank}[{name}]({url})  \n{figures}")


def _table(
    table: pd.DataFrame, lang: str, *, with_rank: bool, key: str, columns: list[str]
) -> None:
    table = table.reset_index(drop=True)  # aligned with the columns built below
    shown = pd.DataFrame({"opd": _opd_links(table, lang)})
    if with_rank:
        # Unranked OPDs (too few reports) show "–" in the full table, like other gaps.
        shown.insert(0, "rank", table["rank"].fillna(MISSING).astype(int))
    for column in columns:
        values = table[column]
        # A figure that cannot be computed yet (no report resolved) is shown as "–" by
        # the formatter below; Streamlit draws a null cell as "None" whatever its display
        # value, so the cell holds MISSING, which also sorts below every real figure.
        shown[column] = (values * 100 if column in SHARES else values).fillna(MISSING)
    # Each OPD's row links to its feed of new reports and status changes.
    shown["feed"] = [opd_feed_url(code) for code in table["opd_code"]]
    config = {
        "rank": st.column_config.NumberColumn(t("scorecard.col.rank"), width="small"),
        # The OPD's name, linking to its own page.
        "opd": st.column_config.LinkColumn(
            t("scorecard.col.opd"), display_text=r"#(.+)$", width="medium"
        ),
        "feed": st.column_config.LinkColumn(
            t("feeds.opd_column"), display_text="Atom", help=t("feeds.help"), width="small"
        ),
    }
    for column in columns:
        config[column] = st.column_config.NumberColumn(t(f"scorecard.col.{column}"))
    # Figures are shown as the rest of the page writes them ("7,1", "67%") and a missing
    # one as "–" (a bare NumberColumn showed "None" and "7.1" in Indonesian); the numbers
    # underneath still sort as numbers.
    formats = {
        column: (
            lambda value, column=column: (
                "–"
                if value == MISSING
                else _formatted(column, value / 100 if column in SHARES else value, lang)
            )
        )
        for column in columns
    }
    if with_rank:
        formats["rank"] = lambda value: "–" if value == MISSING else str(int(value))
    st.dataframe(
        shown.style.format(formats, na_rep="–"), column_config=config, hide_index=True, key=key
    )


def _sla_chart(ranked: pd.DataFrame, lang: str) -> go.Figure:
    shares = ranked["resolve_sla_share"].fillna(0) * 100
    figure = go.Figure(
        go.Bar(
            x=shares,
            y=ranked["opd_short_name"],
            orientation="h",
            marker_color="#0b5fa5",
            # Each bar says its value, so nobody has to read it off the axis.
            text=[percent(v / 100, lang) for v in shares],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    figure.update_layout(
        title=t("scorecard.chart"),
        height=80 + 28 * len(ranked),
        margin={"l": 8, "r": 40, "t": 36, "b": 8},
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
