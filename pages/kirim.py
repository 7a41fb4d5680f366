"""Kirim laporan: a citizen submits a report (aduan, aspirasi or informasi)."""

import streamlit as st

from data_layer.config import get_settings
from ui import submission
from ui.i18n import t

settings = get_settings()
st.title(t("submit.title"))
result = st.session_state.get(submission.RESULT)
if result is not None:
    submission.success_view(result)
    st.stop()
if submission.reloaded_view() or submission.supported_view(on_another=submission.start_another):
    st.stop()

submission.ensure_form_instance()
submission.hide_honeypot()
st.write(t("submit.intro", city=settings.city_name))

st.subheader(t("submit.section.what"))
submission.kind_and_category_inputs()
st.subheader(t("submit.section.where"))
submission.location_inputs()
st.subheader(t("submit.section.details"))
submission.detail_inputs(settings)
st.subheader(t("submit.section.contact"))
submission.contact_inputs()
st.divider()
submission.submit_area()
