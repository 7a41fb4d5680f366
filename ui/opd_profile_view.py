"""One OPD's page (pages/kinerja_opd.py): figures, trend, where reports come from, overdue list."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data_layer.queries import opd_profile, scorecard
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import NamedOption, ReferenceLists
from data_layer.queries.status import every_month
from ui import charts
from ui.cache import SLOW_TTL_SECONDS, cached_query, cached_reference_lists
from ui.chart_table import chart_with_table
from ui.feeds import opd_feed_url, subscribe_link
from ui.formatting import local_date, local_today, number, percent
from ui.i18n import current_lang, t
from ui.widgets import ticket_link

OPD_PARAM = "opd"
PAGE_PATH = "kinerja_opd"

cached_summary = cached_query(scorecard.opd_summary, ttl=SLOW_TTL_SECONDS)
cached_monthly = cached_query(scorecard.opd_monthly_counts, ttl=SLOW_TTL_SECONDS)
cached_breakdown = cached_query(opd_profile.opd_breakdown, ttl=SLOW_TTL_SECONDS)
cached_overdue = cached_query(opd_profile.opd_overdue_reports, ttl=SLOW_TTL_SECONDS)


def opd_page_url(opd_code: str, lang: str) -> str:
    """The stable address of an OPD's page (relative, like the other in-app links)."""
    suffix = "&lang=en" if lang == "en" else ""
    return f"{PAGE_PATH}?{OPD_PARAM}={opd_code}{suffix}"


def chosen_opd(reference: ReferenceLists) -> NamedOption | None:
    code = st.query_params.get(OPD_PARAM)
    return reference.opd_by_code(code) if code else None


def draw_opd_profile(opd: NamedOption, report_filter: ReportFilter) -> None:
    lang = current_lang()
    reference = cached_reference_lists()
    st.caption(t("opd.intro"))
    _headline(cached_summary(opd_id=opd.id, report_filter=report_filter), lang)
    rows = cached_monthly(opd_id=opd.id, report_filter=report_filter)
    if not rows.empty:
        long = pd.concat(
            [
                rows.assign(status=name, reports=rows[name])[["period", "status", "reports"]]
                for name in ("received", "fixed")
            ]
        ).rename(columns={"period": "month"})
        series = every_month(long, report_filter=report_filter, today=local_today())
        figure = charts.received_and_fixed(series, lang, t("opd.trend"))
        chart_with_table(figure, key="opd_trend")
    left, right = st.columns(2)
    names = {
        "category": {c.id: c.name(lang) for c in reference.categories},
        "kelurahan": {k.code: k.name for k in reference.kelurahan},
    }
    for column, dimension in zip((left, right), ("category", "kelurahan"), strict=True):
        table = cached_breakdown(opd_id=opd.id, report_filter=report_filter, dimension=dimension)
        if table.empty:
            continue
        with column:
            chart_with_table(
                charts.breakdown(
                    table,
                    names[dimension],
                    t(f"opd.by_{dimension}"),
                    t("status.resolved"),
                    t("status.unresolved"),
                ),
                key=f"opd_by_{dimension}",
            )
    _overdue(opd, report_filter, reference, lang)
    st.caption(t("opd.feed"))
    subscribe_link(opd_feed_url(opd.code), key="opd_feed")


def _headline(total: pd.DataFrame, lang: str) -> None:
    if total.empty:
        st.info(t("shell.no_data"))
        return
    row = total.iloc[0]
    figures = [
        ("received", number(int(row["received"]), lang)),
        ("fixed", number(int(row["fixed"]), lang)),
        ("open", number(int(row["open"]), lang)),
        ("resolve_sla_share", percent(_value(row["resolve_sla_share"]), lang)),
        ("median_resolve_days", number(_value(row["median_resolve_days"]), lang, 1)),
    ]
    for column, (key, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(t(f"scorecard.col.{key}"), value, border=True)


def _value(value) -> float | None:
    return None if pd.isna(value) else float(value)


def _overdue(
    opd: NamedOption, report_filter: ReportFilter, reference: ReferenceLists, lang: str
) -> None:
    count, rows = cached_overdue(opd_id=opd.id, report_filter=report_filter)
    st.subheader(t("opd.overdue", count=number(count, lang)))
    if rows.empty:
        st.caption(t("opd.overdue_none"))
        return
    if count > len(rows):
        st.caption(t("opd.overdue_shown", shown=number(len(rows), lang)))
    kelurahan = {k.code: k.name for k in reference.kelurahan}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    shown = pd.DataFrame(
        {
            "ticket": [ticket_link(code, lang) for code in rows["ticket"]],
            "category": [
                (c.name(lang) if (c := reference.category_by_id(int(i))) else "–")
                for i in rows["category_id"]
            ],
            "kelurahan": [kelurahan.get(code, code) for code in rows["kelurahan_code"]],
            "received": [local_date(v, lang) for v in rows["received_at"]],
            "due": [local_date(v, lang) for v in rows["resolve_due_at"]],
            "days_late": [(now - v).days for v in rows["resolve_due_at"]],
        }
    )
    config = {
        # The ticket as citizens read it (with its dash), opening its page on Lacak.
        "ticket": st.column_config.LinkColumn(
            t("opd.col.ticket"), display_text=r"tiket=([0-9A-Z-]+)"
        ),
        **{
            name: st.column_config.Column(t(f"opd.col.{name}"))
            for name in ("category", "kelurahan", "received", "due")
        },
        "days_late": st.column_config.NumberColumn(t("opd.col.days_late"), format="%d"),
    }
    st.dataframe(shown, column_config=config, hide_index=True, key="opd_overdue")


def back_link() -> None:
    # A plain relative link (not st.page_link), so the page also runs on its own.
    query = "?lang=en" if current_lang() == "en" else ""
    st.markdown(f"[{t('opd.back')}](kinerja{query})")
