"""Small page-wide style fixes that Streamlit offers no option for."""

from __future__ import annotations

import streamlit as st


def wrap_metric_labels() -> None:
    """A figure's label is read whole: Streamlit cuts a long one to one line with "…"
    ("Lama penyelesaian (median, hari…"), so labels on this page wrap instead."""
    st.html(
        '<style>[data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p '
        "{ white-space: normal !important; overflow: visible !important; "
        "text-overflow: clip !important; }</style>"
    )
