"""Beranda: live status of public reports, refreshed every minute for every viewer."""

import streamlit as st

from data_layer.queries.public import ReportFilter
from ui.cache import LIVE_TTL_SECONDS
from ui.filters import filter_bar
from ui.home_actions import citizen_actions
from ui.i18n import t
from ui.page_style import wrap_metric_labels
from ui.shell import guarded, public_data_note
from ui.status_view import draw_live_status, intro, live_status_data

st.title(t("status.title"))
wrap_metric_labels()
# The citizen's two ways in come first, above the figures.
citizen_actions()
intro()


# The fragment reruns on its own as often as the cache expires, so each refresh
# finds fresh figures and every viewer shares one query per interval.
@st.fragment(run_every=LIVE_TTL_SECONDS)
def live_status(report_filter: ReportFilter) -> None:
    with guarded():
        draw_live_status(live_status_data(report_filter))


with guarded():
    live_status(filter_bar())
public_data_note()
