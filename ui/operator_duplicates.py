"""The verifier's duplicate hint: open public reports of the same category nearby.

The question is the citizen form's own (`data_layer.queries.submission.possible_duplicates`:
listed, still open, same category, received in the last 30 days, within 300 m of the point
or, without one, in the same kelurahan), asked of the report being verified. A verifier who
finds the same problem already on the list can reject this one as a duplicate instead of
sending the OPD a second crew.
"""

from __future__ import annotations

import streamlit as st

from data_layer.commands import utcnow
from data_layer.queries.operator_report import ReportDetail
from data_layer.queries.submission import DUPLICATE_WINDOW_DAYS, possible_duplicates
from data_layer.states import STATUS_LABELS, Status
from data_layer.tickets import format_ticket_code
from ui.cache import read_session
from ui.formatting import local_date, number
from ui.i18n import current_lang, label, t
from ui.operator import REPORT_PAGE, TICKET_PARAM, page_params


def duplicate_hint(detail: ReportDetail) -> None:
    """Shown to whoever may verify this report now (the workflow offers them "verify")."""
    if Status.DIVERIFIKASI not in detail.actions:
        return
    with read_session() as session:
        found = possible_duplicates(
            session,
            category_id=detail.category_id,
            now=utcnow(),
            latitude=detail.latitude,
            longitude=detail.longitude,
            kelurahan_code=detail.kelurahan_code,
        )
    found = [duplicate for duplicate in found if duplicate.ticket != detail.ticket]
    if not found:
        return
    lang = current_lang()
    with st.container(border=True, key="op-duplicates"):
        st.warning(
            t("op.duplicates.title", count=len(found), days=DUPLICATE_WINDOW_DAYS), icon="🔁"
        )
        for duplicate in found:
            where = (
                t("op.duplicates.distance", metres=number(duplicate.distance_band_m, lang))
                if duplicate.distance_band_m is not None
                else t("op.duplicates.same_kelurahan")
            )
            code = format_ticket_code(duplicate.ticket)
            st.page_link(
                REPORT_PAGE,
                label=t("op.duplicates.open", ticket=code),
                query_params=page_params(**{TICKET_PARAM: duplicate.ticket}),
                icon="🔎",
            )
            st.text(duplicate.title)  # the reporter's words: plain text, inert
            st.caption(
                f"{label(STATUS_LABELS, duplicate.status, lang)} · "
                f"{local_date(duplicate.received_at, lang)} · {where}"
            )
