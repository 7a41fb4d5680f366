"""Plotly figures for the public pages, built from small aggregated tables.

Figures only ever receive aggregates and reference names (statuses, categories,
channels, OPDs), never report text, so nothing private or user-written can end
up in a chart or its hover labels.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date

from data_layer.queries.status import MonthlySeries
from data_layer.states import STATUS_COLOUR_NAMES, STATUS_LABELS, Status
from ui.formatting import LOCALES
from ui.i18n import t

# One colour per status (data_layer.states.STATUS_RULES), the same on every badge and
# every chart: the name is one of Streamlit's badge colours, whose value the theme sets
# (.streamlit/config.toml), and charts paint with that value. Two statuses that share a
# colour are told apart on charts by a hatch on the second (and by their label).
# Workflow order on the charts: along the happy path, then the ways out.
STATUS_ORDER: tuple[Status, ...] = (
    Status.DITERIMA,
    Status.PERLU_INFO,
    Status.DIVERIFIKASI,
    Status.DITERUSKAN,
    Status.DIPROSES,
    Status.DIBUKA_KEMBALI,
    Status.SELESAI,
    Status.DITUTUP,
    Status.DITOLAK,
    Status.BUKAN_WEWENANG,
    Status.ARSIP,
    Status.DITARIK,
)


def theme_colour(name: str) -> str:
    """The hex value the theme gives one of Streamlit's named colours ("green" → #079464)."""
    return str(st.get_option(f"theme.{name}Color"))


def status_colour(status: Status) -> str:
    return theme_colour(STATUS_COLOUR_NAMES[status])


def status_hatch(status: Status) -> str:
    """'' for the first status of a colour in workflow order, '/' for the next ones."""
    name = STATUS_COLOUR_NAMES[status]
    first = next(s for s in STATUS_ORDER if STATUS_COLOUR_NAMES[s] == name)
    return "" if status is first else "/"


_LAYOUT = {
    "margin": {"l": 8, "r": 8, "t": 36, "b": 8},
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    "hoverlabel": {"namelength": -1},
    "height": 340,
}


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS[Status(status)][lang]


def status_breakdown(
    status_counts: tuple[tuple[str, int], ...], lang: str, title: str
) -> go.Figure:
    """Horizontal bars, one per status, in workflow order."""
    counts = dict(status_counts)
    statuses = [s for s in STATUS_ORDER if counts.get(s.value)]
    figure = go.Figure(
        go.Bar(
            x=[counts[s.value] for s in statuses],
            y=[status_label(s, lang) for s in statuses],
            orientation="h",
            marker_color=[status_colour(s) for s in statuses],
            marker_pattern_shape=[status_hatch(s) for s in statuses],
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    figure.update_layout(title=title, **_LAYOUT)
    figure.update_yaxes(autorange="reversed")
    return figure


def month_label(month: dt.date, lang: str, *, full: bool = False) -> str:
    """'Des 2026' / 'Dec 2026' (ticks), 'Desember 2026' / 'December 2026' (hover, tables)."""
    return format_date(month, "MMMM y" if full else "MMM y", locale=LOCALES[lang])


def _month_ticks(months: list[dt.date], lang: str) -> tuple[list[dt.date], list[str]]:
    """At most five ticks (they fit a phone unrotated), evenly spaced back from the last month."""
    step = max(1, -(-len(months) // 5))
    shown = months[::-1][::step][::-1]
    return shown, [month_label(m, lang) for m in shown]


def _month_hover(series: MonthlySeries, lang: str) -> list[str]:
    running = t("status.trend_partial", lang)
    return [
        month_label(m, lang, full=True) + (f" ({running})" if m == series.partial_month else "")
        for m in series.counts.index
    ]


def _month_axis(figure: go.Figure, series: MonthlySeries, lang: str, title: str) -> None:
    """A date axis with Babel month names, the running month labelled as such."""
    running = t("status.trend_partial", lang)
    # Room on the right for the last month's two-line label, which Plotly would hide,
    # and the legend below that label.
    shown_title = wrapped_label(title, TITLE_LINE_CHARS)
    layout = {
        **_LAYOUT,
        # A second title line needs its own room above the bars.
        "margin": {**_LAYOUT["margin"], "r": 48, "t": 60 if "<br>" in shown_title else 36},
        "legend": {**_LAYOUT["legend"], "y": -0.2},
        "height": 380,
    }
    figure.update_layout(title=shown_title, **layout)
    ticks, labels = _month_ticks(list(series.counts.index), lang)
    # The running month says so under its own bar (the tick list always ends on it).
    labels = [
        f"{text}<br>({running})" if tick == series.partial_month else text
        for tick, text in zip(ticks, labels, strict=True)
    ]
    figure.update_xaxes(
        type="date",
        title=None,
        tickmode="array",
        tickvals=ticks,
        ticktext=labels,
        ticklabeloverflow="allow",
        tickangle=0,
        automargin=True,
    )


def monthly_trend(series: MonthlySeries, lang: str, title: str) -> go.Figure:
    """Stacked bars on a date axis: reports received per local month (every month of the
    period, zero where empty), split by their current status; a month still under way
    is drawn paler and named as such."""
    figure = go.Figure()
    counts = series.counts
    months = list(counts.index)
    hover = _month_hover(series, lang)
    opacity = [0.45 if m == series.partial_month else 1.0 for m in months]
    for status in STATUS_ORDER:
        if status.value not in counts.columns:
            continue
        figure.add_bar(
            x=months,
            y=counts[status.value].tolist(),
            name=status_label(status, lang),
            customdata=hover,
            marker_color=status_colour(status),
            marker_pattern_shape=status_hatch(status),
            marker_opacity=opacity,
            hovertemplate="%{customdata}: %{y:,}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(barmode="stack")
    _month_axis(figure, series, lang, title)
    return figure


def received_and_fixed(series: MonthlySeries, lang: str, title: str) -> go.Figure:
    """Side-by-side bars per month: reports received, and those of them fixed by now."""
    figure = go.Figure()
    counts = series.counts
    months = list(counts.index)
    hover = _month_hover(series, lang)
    for column, label, colour in (
        ("received", t("scorecard.col.received", lang), "#0b5fa5"),
        ("fixed", t("scorecard.col.fixed", lang), status_colour(Status.SELESAI)),
    ):
        values = counts[column].tolist() if column in counts.columns else [0] * len(months)
        figure.add_bar(
            x=months,
            y=values,
            name=label,
            customdata=hover,
            marker_color=colour,
            marker_opacity=[0.45 if m == series.partial_month else 1.0 for m in months],
            hovertemplate="%{customdata}: %{y:,}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(barmode="group")
    _month_axis(figure, series, lang, title)
    return figure


# A bar label longer than this goes on two lines: the breakdowns sit three abreast on a
# laptop, where Plotly cut a longer name's first letters off.
LABEL_LINE_CHARS = 28


# A chart title longer than this goes on two lines: Plotly never wraps a title, and on a
# 390 px phone it cut "…diterima dan selesai diperbaiki" to "…selesai dipe".
TITLE_LINE_CHARS = 40


def wrapped_label(name: str, limit: int = LABEL_LINE_CHARS) -> str:
    """'Administrasi kependudukan (KTP/KK/akta)' → 'Administrasi kependudukan<br>(KTP/KK/akta)'
    (broken at the space nearest the middle; a name of up to `limit` is left as it is)."""
    if len(name) <= limit or " " not in name:
        return name
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:cut]}<br>{name[cut + 1 :]}"


def breakdown(
    table: pd.DataFrame,
    names: dict,
    title: str,
    resolved_label: str,
    unresolved_label: str,
    limit: int = 12,
) -> go.Figure:
    """Horizontal bars of reports per key (largest first): the resolved part in the
    "Selesai" green, the rest in the colour of work in progress, both named in a legend."""
    top = table.head(limit)
    full = [names.get(key, str(key)) for key in top["key"]]
    labels = [wrapped_label(name) for name in full]
    figure = go.Figure()
    figure.add_bar(
        x=top["resolved"],
        y=labels,
        customdata=full,
        orientation="h",
        name=resolved_label,
        marker_color=status_colour(Status.SELESAI),
        hovertemplate="%{customdata}: %{x:,}<extra>%{fullData.name}</extra>",
    )
    figure.add_bar(
        x=top["reports"] - top["resolved"],
        y=labels,
        customdata=full,
        orientation="h",
        name=unresolved_label,
        marker_color=theme_colour("gray"),
        hovertemplate="%{customdata}: %{x:,}<extra>%{fullData.name}</extra>",
    )
    # The legend sits above the bars, where it cannot cover those of a short chart.
    figure.update_layout(
        # The title pinned to the top edge, clear of the legend below it.
        title={"text": title, "y": 0.99, "yanchor": "top", "yref": "container"},
        barmode="stack",
        **{
            **_LAYOUT,
            "height": 150 + 30 * max(len(top), 1),
            # Room for the title and, under it, a legend of up to two rows.
            "margin": {"l": 8, "r": 8, "t": 96, "b": 8},
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        },
    )
    figure.update_yaxes(autorange="reversed")
    return figure
