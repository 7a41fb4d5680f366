"""Kinerja OPD: how each city department handled reports, per month or quarter."""

import streamlit as st

from data_layer.config import get_settings
from ui.filters import filter_bar, url_choice
from ui.formatting import local_today
from ui.i18n import current_lang, t
from ui.scorecard_view import (
    GRANULARITIES,
    cached_available_periods,
    draw_scorecard,
    last_complete_period,
    method,
    period_label,
    scorecard_for,
)
from ui.shell import guarded, public_data_note

st.title(t("scorecard.title"))
st.caption(t("scorecard.intro", channel=get_settings().channel_name))

with guarded():
    lang = current_lang()
    left, right = st.columns([1, 2])
    with left:
        granularity = url_choice(
            "periode",
            GRANULARITIES,
            label=t("scorecard.granularity"),
            format_func=lambda g: t(f"scorecard.{g}", lang),
            horizontal_radio=True,
            write_default=True,
        )
    periods = cached_available_periods(granularity=granularity)
    with right:
        period = url_choice(
            "pilih",
            periods,
            label=t("scorecard.period"),
            format_func=lambda p: period_label(p, lang),
            default=last_complete_period(periods, local_today()),
            write_default=True,
        )
    report_filter = filter_bar(fields=("kecamatan", "kind", "category", "channel"))
    if period is None:
        st.info(t("shell.no_data"))
    else:
        draw_scorecard(scorecard_for(period, granularity, report_filter))
method()
public_data_note()
