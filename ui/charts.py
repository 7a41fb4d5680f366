"""Plotly figures for the public pages, built from small aggregated tables.

Figures only ever receive aggregates and reference names (statuses, categories,
channels, OPDs), never report text, so nothing private or user-written can end
up in a chart or its hover labels.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from data_layer.states import STATUS_LABELS, Status

# One colour per status on every chart: blues while the city works on it,
# greens once fixed, greys when closed otherwise.
STATUS_COLOURS: dict[Status, str] = {
    Status.DITERIMA: "#c6dbef",
    Status.PERLU_INFO: "#fdd0a2",
    Status.DIVERIFIKASI: "#9ecae1",
    Status.DITERUSKAN: "#6baed6",
    Status.DIPROSES: "#2171b5",
    Status.DIBUKA_KEMBALI: "#e6550d",
    Status.SELESAI: "#41ab5d",
    Status.DITUTUP: "#006d2c",
    Status.DITOLAK: "#969696",
    Status.BUKAN_WEWENANG: "#bdbdbd",
    Status.ARSIP: "#d9d9d9",
    Status.DITARIK: "#f0f0f0",
}
STATUS_ORDER: tuple[Status, ...] = tuple(STATUS_COLOURS)
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
            marker_color=[STATUS_COLOURS[s] for s in statuses],
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
            marker_color=STATUS_COLOURS[status],
            hovertemplate="%{x}: %{y:,}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(title=title, barmode="stack", **_LAYOUT)
    figure.update_xaxes(type="category", title=None)  # 'YYYY-MM' speaks for itself
    return figure


def breakdown(
    table: pd.DataFrame,
    names: dict,
    title: str,
    reports_label: str,
    resolved_label: str,
    limit: int = 12,
) -> go.Figure:
    """Horizontal bars of reports per key (largest first), the resolved part shaded darker."""
    top = table.head(limit)
    labels = [names.get(key, str(key)) for key in top["key"]]
    figure = go.Figure()
    figure.add_bar(
        x=top["resolved"],
        y=labels,
        orientation="h",
        name=resolved_label,
        marker_color="#41ab5d",
        hovertemplate="%{y}: %{x:,}<extra>%{fullData.name}</extra>",
    )
    figure.add_bar(
        x=top["reports"] - top["resolved"],
        y=labels,
        orientation="h",
        name=f"{reports_label} − {resolved_label}",
        marker_color="#9ecae1",
        customdata=top["reports"],
        hovertemplate="%{y}: %{customdata:,}<extra>" + reports_label + "</extra>",
    )
    # No legend (it would cover the bars of a short chart): the title names the colours.
    figure.update_layout(
        title=title,
        barmode="stack",
        showlegend=False,
        **{**_LAYOUT, "height": 90 + 30 * max(len(top), 1)},
    )
    figure.update_yaxes(autorange="reversed")
    return figure
