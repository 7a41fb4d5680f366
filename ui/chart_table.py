"""Charts with a text alternative: each chart is followed by its figures as a table.

Screen-reader users, and anyone who wants the exact numbers, open the expander under
a chart and read the same values the bars show. The table is built from the figure's
own traces, so it can never disagree with the chart.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.i18n import t


def figure_table(figure: go.Figure, value_name: str) -> pd.DataFrame:
    """One row per bar position (category, or month as its hover label), one column per trace."""
    rows: dict[str, dict[str, object]] = {}
    for trace in figure.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        if horizontal:
            # customdata holds a bar's whole name when its axis label was wrapped.
            labels = trace.customdata if trace.customdata is not None else trace.y
            values = trace.x
        else:
            labels = trace.customdata if trace.customdata is not None else trace.x
            values = trace.y
        for label, value in zip(labels, values, strict=True):
            rows.setdefault(str(label), {})[trace.name or value_name] = value
    table = pd.DataFrame.from_dict(rows, orient="index").round(1)
    return table.rename_axis("").reset_index()


def chart_with_table(figure: go.Figure, *, key: str, value_name: str | None = None) -> None:
    """Draw `figure`, then an expander holding its figures as a table."""
    st.plotly_chart(figure, key=key, config={"displayModeBar": False})
    title = (figure.layout.title.text or "").replace("<br>", " ")  # a wrapped title
    with st.expander(t("chart.data", title=title)):
        st.dataframe(
            figure_table(figure, value_name or t("chart.value")),
            hide_index=True,
            key=f"{key}_table",
        )
