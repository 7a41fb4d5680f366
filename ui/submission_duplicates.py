"""The possible-duplicates panel: follow the existing report, or send this one anyway.

Shown instead of the send button when the form matches open public reports
nearby, so the decision is the only thing left to do: "saya juga mengalami ini"
on one of them (counted publicly as a supporter, no new report), or the one
button "Laporan saya berbeda, tetap kirim".
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_layer.commands import utcnow
from data_layer.config import get_settings
from data_layer.queries.submission import DUPLICATE_WINDOW_DAYS, PossibleDuplicate
from data_layer.states import STATUS_LABELS
from data_layer.supporters import support_report, supporter_counts
from data_layer.throttle import allow_rule, submissions_per_address
from data_layer.tickets import format_ticket_code
from ui.cache import read_session, write_session
from ui.client import current_client_address
from ui.formatting import local_date, number
from ui.i18n import current_lang, label, t
from ui.submission_fields import DUPLICATES, NOTICE, SUBMISSION_KEY, SUBMIT_ANYWAY
from ui.widgets import ticket_link

logger = logging.getLogger(__name__)

SUPPORTED = "kirim.supported"  # the ticket this form now follows
SUPPORT_PREFIX = "kirim.support."


def show_duplicates(duplicates: list[PossibleDuplicate], *, on_anyway) -> None:
    lang = current_lang()
    with read_session() as session:
        counts = supporter_counts(session, tickets=[d.ticket for d in duplicates])
    with st.container(border=True, key="kirim-duplicates"):
        st.subheader(t("submit.duplicates.title"))
        st.write(t("submit.duplicates.intro", days=DUPLICATE_WINDOW_DAYS))
        for duplicate in duplicates:
            with st.container(border=True):
                st.text(duplicate.title)  # user text: inert
                where = (
                    t("submit.duplicates.distance", metres=number(duplicate.distance_band_m, lang))
                    if duplicate.distance_band_m is not None
                    else t("submit.duplicates.same_kelurahan")
                )
                st.caption(
                    f"{label(STATUS_LABELS, duplicate.status, lang)} · "
                    f"{local_date(duplicate.received_at, lang)} · {where}"
                )
                if counts.get(duplicate.ticket):
                    st.caption(t("submit.supporters", count=number(counts[duplicate.ticket], lang)))
                code = format_ticket_code(duplicate.ticket)
                st.markdown(
                    f"[{t('submit.duplicates.follow', ticket=code)}]"
                    f"({ticket_link(duplicate.ticket, lang)})"
                )
                st.button(
                    t("submit.duplicates.me_too"),
                    key=f"{SUPPORT_PREFIX}{duplicate.ticket}",
                    icon=":material/group_add:",
                    on_click=support,
                    args=(duplicate.ticket,),
                )
        st.button(
            t("submit.duplicates.anyway"),
            key=SUBMIT_ANYWAY,
            on_click=on_anyway,
            kwargs={"anyway": True},
        )


def support(ticket: str) -> None:
    """The "saya juga mengalami ini" callback: only for a ticket this panel offered."""
    state = st.session_state
    state.pop(NOTICE, None)
    offered = {d.ticket for d in state.get(DUPLICATES) or []}
    if ticket not in offered:
        return
    settings = get_settings()
    try:
        with write_session() as session:
            # Counted like a report against the address's hourly limit: supporting
            # is cheap to click, so it must not become a way to inflate a count.
            if not allow_rule(
                session, submissions_per_address(settings), key=current_client_address()
            ):
                state[NOTICE] = ("support_limited", {})
                return
            found = support_report(
                session, ticket=ticket, supporter_key=state[SUBMISSION_KEY], now=utcnow()
            )
    except SQLAlchemyError:
        logger.exception("recording a supporter failed")
        state[NOTICE] = ("save_failed", {})
        return
    if found:
        state[SUPPORTED] = ticket
        state.pop(DUPLICATES, None)


def supported_view(*, on_another) -> bool:
    ticket = st.session_state.get(SUPPORTED)
    if not ticket:
        return False
    lang = current_lang()
    code = format_ticket_code(ticket)
    st.success(t("submit.supported.title", ticket=code), icon=":material/group_add:")
    st.write(t("submit.supported.text"))
    st.markdown(f"[{t('submit.supported.track', ticket=code)}]({ticket_link(ticket, lang)})")
    st.button(t("submit.success.another"), key="kirim.another", on_click=on_another)
    return True
