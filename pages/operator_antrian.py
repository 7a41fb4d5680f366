"""Operator queues: to verify (SLA countdown), to forward, needing information, per OPD,
overdue; and search by ticket. Each queue shows only what the operator may see."""

import streamlit as st

from data_layer.config import get_settings
from data_layer.limits import SEARCH_MAX
from data_layer.queries import operator as queries
from data_layer.states import Role
from ui.auth import require_operator
from ui.cache import read_session
from ui.i18n import t
from ui.operator import inert, queue_view, show_flash

identity = require_operator()
settings = get_settings()
st.title(t("op.queue.title"))
show_flash()

search = st.text_input(
    t("op.queue.search"), help=t("op.queue.search_help"), max_chars=SEARCH_MAX, key="op_search"
)
if search.strip():
    with read_session() as session:
        found = queries.find_by_ticket(session, viewer=identity, text=search, settings=settings)
    if found.rows:
        queue_view(found, key="search")
    else:
        st.warning(t("op.queue.search_none"))

if identity.role is Role.OPD:
    own, late = st.tabs([t("op.queue.my_opd", opd=inert(identity.opd_name)), t("op.queue.overdue")])
    with read_session() as session:
        with own:
            queue_view(queries.opd_queue(session, viewer=identity, settings=settings), key="own")
        with late:
            queue_view(
                queries.overdue_queue(session, viewer=identity, settings=settings), key="late"
            )
    st.stop()

verify, forward, needs_info, per_opd, late = st.tabs(
    [
        t("op.queue.verify"),
        t("op.queue.forward"),
        t("op.queue.needs_info"),
        t("op.queue.per_opd"),
        t("op.queue.overdue"),
    ]
)
with read_session() as session:
    with verify:
        queue_view(
            queries.verification_queue(session, viewer=identity, settings=settings), key="verify"
        )
    with forward:
        queue_view(
            queries.forwarding_queue(session, viewer=identity, settings=settings), key="forward"
        )
    with needs_info:
        queue_view(
            queries.needs_information_queue(session, viewer=identity, settings=settings),
            key="needs_info",
        )
    with per_opd:
        workloads = queries.opd_workloads(session, viewer=identity)
        names = {load.opd_id: load.opd_name for load in workloads}
        chosen = st.selectbox(
            t("op.queue.choose_opd"),
            [None, *names],
            format_func=lambda opd_id: t("op.queue.all_opds") if opd_id is None else names[opd_id],
            key="op_queue_opd",
        )
        st.caption(
            " · ".join(
                t(
                    "op.queue.workload",
                    opd=inert(load.opd_name),
                    open=load.open_reports,
                    late=load.overdue_reports,
                )
                for load in workloads
            )
        )
        queue_view(
            queries.opd_queue(session, viewer=identity, settings=settings, opd_id=chosen),
            key="per_opd",
        )
    with late:
        queue_view(queries.overdue_queue(session, viewer=identity, settings=settings), key="late")
