"""One report for an operator: details, reporter (unless hidden), photos, actions, audit trail."""

import streamlit as st

from data_layer.limits import TICKET_INPUT_MAX
from data_layer.queries.operator_report import report_detail, report_id_for_ticket
from ui.auth import require_operator
from ui.cache import read_session
from ui.i18n import t
from ui.operator import (
    TICKET_PARAM,
    audit_view,
    feedback_view,
    photos_view,
    report_body,
    report_header,
    reporter_view,
    show_flash,
)
from ui.operator_actions import action_panel
from ui.operator_duplicates import duplicate_hint
from ui.operator_links import map_links, phone_link, point_map
from ui.operator_moderation import publish_feedback_panel, redaction_panel, redactions_view

identity = require_operator()
st.title(t("op.report.title"))
st.page_link("pages/operator_antrian.py", label=t("op.report.back"), icon="⬅️")
show_flash()

with st.form("op_open_ticket"):
    # No widget key: the box follows the ticket in the URL when a queue opens another report.
    typed = st.text_input(
        t("op.report.ticket_input"),
        value=st.query_params.get(TICKET_PARAM, "")[:TICKET_INPUT_MAX],
        max_chars=TICKET_INPUT_MAX,
    )
    if st.form_submit_button(t("op.report.open")):
        st.query_params[TICKET_PARAM] = typed.strip()
        st.rerun()

ticket = st.query_params.get(TICKET_PARAM, "").strip()
if not ticket:
    st.info(t("op.report.choose"))
    st.stop()

with read_session() as session:
    report_id = report_id_for_ticket(session, viewer=identity, ticket=ticket)
    detail = report_detail(session, viewer=identity, report_id=report_id) if report_id else None
if detail is None:
    st.warning(t("op.report.not_found"))
    st.stop()

report_header(detail)
duplicate_hint(detail)
main, side = st.columns([3, 2])
with main:
    report_body(detail)
    photos_view(detail)
with side:
    point_map(detail)
    map_links(detail)
    reporter_view(detail)
    phone_link(detail)
action_panel(detail, identity)
audit_view(detail)
feedback_view(detail)
publish_feedback_panel(detail, identity)
redaction_panel(detail, identity)
redactions_view(detail)
