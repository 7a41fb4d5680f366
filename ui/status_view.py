"""The live status view (pages/beranda.py): its cached data and its widgets.

Split in two so that a benchmark can feed the very same widgets with
precomputed data (scripts/bench_status.py) and compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from data_layer.config import get_settings
from data_layer.queries import status
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import ReferenceLists
from data_layer.states import CHANNEL_LABELS, KIND_LABELS, Channel, Kind
from ui import charts
from ui.cache import LIVE_TTL_SECONDS, cached_query, cached_reference_lists
from ui.chart_table import chart_with_table
from ui.formatting import local_today, number, percent
from ui.i18n import current_lang, t
from ui.shell import updated_at

BREAKDOWN_DIMENSIONS: tuple[status.Dimension, ...] = ("category", "channel", "kind")

cached_headline_figures = cached_query(status.headline_figures, ttl=LIVE_TTL_SECONDS)
cached_monthly_trend = cached_query(status.monthly_trend, ttl=LIVE_TTL_SECONDS)
cached_breakdowns = cached_query(status.breakdowns, ttl=LIVE_TTL_SECONDS)


@dataclass(frozen=True)
class LiveStatusData:
    headline: status.HeadlineFigures
    months: status.MonthlySeries
    breakdowns: dict[str, pd.DataFrame]
    reference: ReferenceLists


def live_status_data(report_filter: ReportFilter) -> LiveStatusData:
    """Everything the view shows, from caches shared by all visitors (TTL = refresh interval)."""
    return LiveStatusData(
        headline=cached_headline_figures(report_filter=report_filter),
        months=status.every_month(
            cached_monthly_trend(report_filter=report_filter),
            report_filter=report_filter,
            today=local_today(),
        ),
        breakdowns=cached_breakdowns(report_filter=report_filter, dimensions=BREAKDOWN_DIMENSIONS),
        reference=cached_reference_lists(),
    )


def draw_live_status(data: LiveStatusData) -> None:
    lang = current_lang()
    headline = data.headline
    _headline_metrics(headline, lang)
    updated_at(headline.as_of)
    if headline.received == 0:
        st.info(t("shell.no_data"))
        return
    left, right = st.columns([1, 2])
    with left:
        chart_with_table(
            charts.status_breakdown(headline.status_counts, lang, t("status.by_status")),
            key="status_by_status",
        )
    with right:
        chart_with_table(
            charts.monthly_trend(data.months, lang, t("status.trend")), key="status_trend"
        )
    names = _names(data.reference, lang)
    columns = st.columns(3)
    for column, dimension in zip(columns, BREAKDOWN_DIMENSIONS, strict=True):
        with column:
            chart_with_table(
                charts.breakdown(
                    data.breakdowns[dimension],
                    names[dimension],
                    t(f"status.by_{dimension}"),
                    t("status.resolved"),
                    t("status.unresolved"),
                ),
                key=f"status_by_{dimension}",
            )


def _headline_metrics(headline: status.HeadlineFigures, lang: str) -> None:
    median = headline.median_resolve_working_days
    figures = [
        ("received", number(headline.received, lang)),
        ("in_progress", number(headline.in_progress, lang)),
        ("resolved", number(headline.resolved, lang)),
        ("share_resolved", percent(headline.share_resolved, lang)),
        ("median_days", number(median, lang, 1)),
        ("overdue", number(headline.overdue_now, lang)),
    ]
    # Two rows of three: six columns cut the labels short on a laptop screen.
    for row in (figures[:3], figures[3:]):
        for column, (key, value) in zip(st.columns(3), row, strict=True):
            column.metric(t(f"status.{key}"), value, help=t(f"status.{key}_help"), border=True)
    if headline.closed_otherwise:
        st.caption(t("status.closed_otherwise", count=number(headline.closed_otherwise, lang)))


def _names(reference: ReferenceLists, lang: str) -> dict[str, dict]:
    return {
        "category": {c.id: c.name(lang) for c in reference.categories},
        "channel": {c.value: CHANNEL_LABELS[c][lang] for c in Channel},
        "kind": {k.value: KIND_LABELS[k][lang] for k in Kind},
    }


def intro() -> None:
    st.caption(t("status.intro", channel=get_settings().channel_name))
