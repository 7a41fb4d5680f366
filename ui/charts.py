"""Plotly figures for the public pages, built from small aggregated tables.

Figures only ever receive aggregates and reference names (statuses, categories,
channels, OPDs), never report text, so nothing private or user-written can end
up in a chart or its hover labels.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_layer.states import STATUS_LABELS, Status

# One colour per status, the same on every badge and every chart: the name is one of
# Streamlit's badge colours, whose value the theme sets (.streamlit/config.toml), and
# charts paint with that value. Violet while awaiting verification, yellow when the
# reporter is asked for information, blue while the city works on it, orange when
# reopened, green when fixed, grey once closed, red when refused. Two statuses that
# share a colour are told apart on charts by a hatch on the second (and by their label).
STATUS_COLOUR_NAMES: dict[Status, str] = {
    Status.DITERIMA: "violet",
    Status.PERLU_INFO: "yellow",
    Status.DIVERIFIKASI: "violet",
    Status.DITERUSKAN: "blue",
    Status.DIPROSES: "blue",
    Status.DIBUKA_KEMBALI: "orange",
    Status.SELESAI: "green",
    Status.DITUTUP: "gray",
    Status.DITOLAK: "red",
    Status.BUKAN_WEWENANG: "red",
    Status.ARSIP: "gray",
    Status.DITARIK: "gray",
}
STATUS_ORDER: tuple[Status, ...] = tuple(STATUS_COLOUR_NAMES)


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


def monthly_trend(trend: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Stacked bars: reports received per local month, split by their current status."""
    figure = go.Figure()
    present = set(trend["status"]) if not trend.empty else set()
    for status in STATUS_ORDER:
        if status.value not in present:
            continue
        rows = trend[trend["status"] == status.value]
        figure.add_bar(
            x=rows["month"],
            y=rows["reports"],
            name=status_label(status, lang),
            marker_color=status_colour(status),
            marker_pattern_shape=status_hatch(status),
            hovertemplate="%{x}: %{y:,}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(title=title, barmode="stack", **_LAYOUT)
    figure.update_xaxes(type="category", title=None)  # 'YYYY-MM' speaks for itself
    return figure


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
    labels = [names.get(key, str(key)) for key in top["key"]]
    figure = go.Figure()
    figure.add_bar(
        x=top["resolved"],
        y=labels,
        orientation="h",
        name=resolved_label,
        marker_color=status_colour(Status.SELESAI),
        hovertemplate="%{y}: %{x:,}<extra>%{fullData.name}</extra>",
    )
    figure.add_bar(
        x=top["reports"] - top["resolved"],
        y=labels,
        orientation="h",
        name=unresolved_label,
        marker_color=theme_colour("gray"),
        hovertemplate="%{y}: %{x:,}<extra>%{fullData.name}</extra>",
    )
    # The legend sits above the bars, where it cannot cover those of a short chart.
    figure.update_layout(
        title=title,
        barmode="stack",
        **{
            **_LAYOUT,
            "height": 120 + 30 * max(len(top), 1),
            "margin": {"l": 8, "r": 8, "t": 64, "b": 8},
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        },
    )
    figure.update_yaxes(autorange="reversed")
    return figure
