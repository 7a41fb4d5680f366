"""Widgets of the operator area: one report's details, photos and audit trail (the queue
tables are in `ui.operator_queue`).

All user-written text (titles, descriptions, notes, names) is rendered inertly:
in dataframes, `st.text`, or Markdown with every punctuation mark escaped.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_layer.queries.operator_report import ReportDetail
from data_layer.states import (
    CHANNEL_LABELS,
    KIND_LABELS,
    PHOTO_KIND_LABELS,
    REJECT_REASON_LABELS,
    STATUS_LABELS,
    Channel,
    Kind,
    PhotoKind,
    RejectReason,
    Status,
)
from data_layer.tickets import format_ticket_code
from ui.cache import engine, write_session  # noqa: F401  (operator pages import it here)
from ui.formatting import local_datetime, number
from ui.i18n import DEFAULT_LANG, LANG_PARAM, current_lang, label, t
from ui.widgets import (
    inert,  # noqa: F401  (the one escaper; operator pages import it here)
    inline_image,
)

REPORT_PAGE = "pages/operator_laporan.py"
TICKET_PARAM = "tiket"
FLASH_KEY = "op_flash"


def flash(message: str) -> None:
    """A success message that survives the rerun after a write."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon="✅")


def page_params(**params: str) -> dict[str, str]:
    """Query parameters for an in-app link, keeping the visitor's language."""
    lang = current_lang()
    return {**({LANG_PARAM: lang} if lang != DEFAULT_LANG else {}), **params}


def open_report(ticket: str) -> None:
    """Go to the report's operator page (in-app, so the session and its sign-in stay)."""
    st.switch_page(REPORT_PAGE, query_params=page_params(**{TICKET_PARAM: ticket}))


def status_text(status: Status | str | None, lang: str) -> str:
    return label(STATUS_LABELS, Status(status), lang) if status else "–"


def channel_text(channel: str, lang: str) -> str:
    return label(CHANNEL_LABELS, Channel(channel), lang)


def sla_text(working_days_left: float | None, lang: str) -> str:
    if working_days_left is None:
        return t("op.sla.none", lang)
    days = number(abs(working_days_left), lang, digits=1)
    key = "op.sla.late" if working_days_left < 0 else "op.sla.left"
    return t(key, lang, days=days)


# --- one report -------------------------------------------------------------------------


def report_header(detail: ReportDetail) -> None:
    lang = current_lang()
    st.subheader(f"{format_ticket_code(detail.ticket)} · {status_text(detail.status, lang)}")
    st.text(detail.title)
    facts = st.columns(4)
    facts[0].caption(t("op.report.kind"))
    facts[0].text(label(KIND_LABELS, Kind(detail.kind)))
    facts[1].caption(t("op.report.category"))
    facts[1].text(detail.category_name(lang))
    facts[2].caption(t("op.report.location"))
    facts[2].text(f"{detail.kelurahan_name}, {detail.kecamatan_name}")
    facts[3].caption(t("op.report.channel"))
    facts[3].text(channel_text(detail.channel, lang))
    more = st.columns(4)
    more[0].caption(t("op.report.received"))
    more[0].text(local_datetime(detail.received_at, lang))
    more[1].caption(t("op.report.opd"))
    more[1].text(detail.opd_name or "–")
    more[2].caption(t("op.report.due"))
    more[2].text(local_datetime(detail.due_at, lang))
    if detail.confidential:
        st.info(t("op.report.confidential"), icon="🔒")
    if detail.reject_reason:
        reason = label(REJECT_REASON_LABELS, RejectReason(detail.reject_reason))
        st.caption(t("op.report.reject_reason", reason=reason))
    if detail.reopen_count:
        st.caption(t("op.report.reopened", count=detail.reopen_count))


def report_body(detail: ReportDetail) -> None:
    st.caption(t("op.report.description"))
    st.text(detail.description)
    if detail.address:
        st.caption(t("op.report.address"))
        st.text(detail.address)
    if detail.latitude is not None and detail.longitude is not None:
        st.caption(t("op.report.coordinates"))
        st.text(f"{detail.latitude:.6f}, {detail.longitude:.6f}")


def reporter_view(detail: ReportDetail) -> None:
    st.caption(t("op.report.reporter"))
    if detail.reporter is None:
        key = "op.report.reporter_hidden" if detail.anonymous else "op.report.reporter_none"
        st.info(t(key), icon="🕶️" if detail.anonymous else None)
        return
    if detail.anonymous:
        st.warning(t("op.report.reporter_anonymous_warning"), icon="🕶️")
    person = detail.reporter
    rows = [
        (t("op.report.reporter_name"), person.name),
        (t("op.report.reporter_phone"), person.phone),
        (t("op.report.reporter_email"), person.email),
        (t("op.report.reporter_nik"), person.nik),
    ]
    st.text("\n".join(f"{name}: {value}" for name, value in rows if value))


def photos_view(detail: ReportDetail) -> None:
    st.caption(t("op.report.photos"))
    if not detail.photos:
        st.text(t("op.report.no_photos"))
        return
    columns = st.columns(4)
    for index, photo in enumerate(detail.photos):
        columns[index % 4].image(
            inline_image(photo.thumbnail, photo.content_type),
            caption=label(PHOTO_KIND_LABELS, PhotoKind(photo.kind)),
        )


def audit_frame(detail: ReportDetail, lang: str) -> pd.DataFrame:
    def change(entry) -> str:
        if not entry.changes_status:
            return t("op.audit.note_only", lang, status=status_text(entry.to_status, lang))
        if entry.from_status is None:
            return status_text(entry.to_status, lang)
        return f"{status_text(entry.from_status, lang)} → {status_text(entry.to_status, lang)}"

    def actor(entry) -> str:
        if entry.operator_name:
            return entry.operator_name
        try:
            return t(f"op.audit.actor.{entry.actor_label}", lang)
        except KeyError:
            return entry.actor_label

    trail = detail.history
    return pd.DataFrame(
        {
            t("op.audit.at", lang): [local_datetime(entry.at, lang) for entry in trail],
            t("op.audit.change", lang): [change(entry) for entry in trail],
            t("op.audit.by", lang): [actor(entry) for entry in trail],
            t("op.audit.opd", lang): [entry.opd_name or "" for entry in trail],
            t("op.audit.public_note", lang): [entry.public_note or "" for entry in trail],
            t("op.audit.internal_note", lang): [entry.internal_note or "" for entry in trail],
        }
    )


def audit_view(detail: ReportDetail) -> None:
    st.subheader(t("op.report.audit"))
    st.dataframe(audit_frame(detail, current_lang()), hide_index=True, width="stretch")


def feedback_view(detail: ReportDetail) -> None:
    if not detail.feedback:
        return
    lang = current_lang()
    st.subheader(t("op.report.feedback"))
    st.dataframe(
        pd.DataFrame(
            {
                t("op.audit.at", lang): [local_datetime(item.at, lang) for item in detail.feedback],
                t("op.audit.change", lang): [
                    t(f"op.feedback.{item.kind}", lang) for item in detail.feedback
                ],
                t("op.feedback.rating", lang): [
                    "★" * item.rating if item.rating else "" for item in detail.feedback
                ],
                t("op.feedback.comment", lang): [item.comment or "" for item in detail.feedback],
            }
        ),
        hide_index=True,
        width="stretch",
    )
