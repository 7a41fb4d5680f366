"""Data terbuka: the public dataset (current filters) as CSV, JSON and GeoJSON, plus summaries."""

import streamlit as st

from data_layer.config import get_settings
from ui.filters import filter_bar
from ui.i18n import t
from ui.open_data_view import (
    dictionary,
    downloads,
    file_dictionaries,
    kelurahan_section,
    licence,
    opd_section,
)
from ui.shell import guarded

settings = get_settings()
st.title(t("open_data.title"))
st.caption(t("open_data.intro", channel=settings.channel_name))

with guarded():
    report_filter = filter_bar()
    st.subheader(t("open_data.reports"))
    downloads(report_filter)
    kelurahan_section(report_filter)
    opd_section(report_filter)
dictionary()
file_dictionaries()
with guarded():
    licence(settings.city_name)
