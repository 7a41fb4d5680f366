"""Operator queues: to verify (SLA countdown), to forward, needing information, per OPD,
overdue; and search by ticket. Each queue shows only what the operator may see, a page at a
time, in the order and with the filters kept in the URL (`ui.operator_queue`)."""

import streamlit as st

from data_layer.config import get_settings
from data_layer.limits import SEARCH_MAX
from data_layer.queries import operator_queues as queries
from data_layer.states import Role
from ui.auth import require_operator
from ui.cache import read_session
from ui.formatting import number
from ui.i18n import current_lang, t
from ui.operator import inert, show_flash
from ui.operator_queue import queue_controls, queue_view

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

controls = queue_controls()


def tab_label(key: str, queue: queries.Queue, **values: str) -> str:
    """A tab's name with how many reports wait in it, so the busy queue shows before a click."""
    return t("op.queue.tab", name=t(key, **values), count=number(queue.total, current_lang()))


def show(queue: queries.Queue, key: str) -> None:
    queue_view(queue, key=key, narrowed=controls.narrowed)


with read_session() as session:
    if identity.role is Role.OPD:
        mine = queries.opd_queue(
            session, viewer=identity, settings=settings, view=controls.view("own")
        )
        overdue = queries.overdue_queue(
            session, viewer=identity, settings=settings, view=controls.view("late")
        )
        own, late = st.tabs(
            [
                tab_label("op.queue.my_opd", mine, opd=inert(identity.opd_name)),
                tab_label("op.queue.overdue", overdue),
            ]
        )
        with own:
            show(mine, "own")
        with late:
            show(overdue, "late")
        st.stop()

    def read(queue, key: str, **kwargs) -> queries.Queue:
        return queue(session, viewer=identity, settings=settings, view=controls.view(key), **kwargs)

    to_verify = read(queries.verification_queue, "verify")
    to_forward = read(queries.forwarding_queue, "forward")
    waiting = read(queries.needs_information_queue, "needs_info")
    all_opds = read(queries.opd_queue, "per_opd")
    overdue = read(queries.overdue_queue, "late")
    verify, forward, needs_info, per_opd, late = st.tabs(
        [
            tab_label("op.queue.verify", to_verify),
            tab_label("op.queue.forward", to_forward),
            tab_label("op.queue.needs_info", waiting),
            tab_label("op.queue.per_opd", all_opds),
            tab_label("op.queue.overdue", overdue),
        ]
    )
    with verify:
        show(to_verify, "verify")
    with forward:
        show(to_forward, "forward")
    with needs_info:
        show(waiting, "needs_info")
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
        one_opd = all_opds if chosen is None else read(queries.opd_queue, "per_opd", opd_id=chosen)
        show(one_opd, "per_opd")
    with late:
        show(overdue, "late")
