"""Widgets of the operator area: queue tables, one report's details, photos and audit trail.

All user-written text (titles, descriptions, notes, names) is rendered inertly:
in dataframes, `st.text`, or Markdown with every punctuation mark escaped.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from data_layer.db import make_session_factory
from data_layer.queries.operator import Queue, QueueRow, ReportDetail
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
from ui.cache import engine
from ui.formatting import local_datetime, number
from ui.i18n import DEFAULT_LANG, LANG_PARAM, current_lang, label, t

REPORT_PAGE = "pages/operator_laporan.py"
TICKET_PARAM = "tiket"
FLASH_KEY = "op_flash"


def inert(text: str | None) -> str:
    """User text made inert inside Markdown-rendering elements (captions, alerts)."""
    return "".join("\\" + ch if ch in string.punctuation else ch for ch in (text or ""))


@contextmanager
def write_session() -> Iterator[Session]:
    """One write transaction: commits on success, rolls everything back on any error."""
    with make_session_factory(engine(), write=True).begin() as session:
        yield session


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


# --- queues ---------------------------------------------------------------------------


def same_text_flag(row: QueueRow, lang: str) -> str:
    """A warning when other unverified reports carry the very same text."""
    if not row.same_text_reports:
        return ""
    return t("op.queue.same_text", lang, count=row.same_text_reports)


def queue_frame(queue: Queue, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("op.col.ticket", lang): [format_ticket_code(row.ticket) for row in queue.rows],
            t("op.col.title", lang): [row.title for row in queue.rows],
            t("op.col.category", lang): [row.category_name(lang) for row in queue.rows],
            t("op.col.kelurahan", lang): [row.kelurahan_name for row in queue.rows],
            t("op.col.status", lang): [status_text(row.status, lang) for row in queue.rows],
            t("op.col.opd", lang): [row.opd_name or "–" for row in queue.rows],
            t("op.col.channel", lang): [channel_text(row.channel, lang) for row in queue.rows],
            t("op.col.received", lang): [
                local_datetime(row.received_at, lang) for row in queue.rows
            ],
            t("op.col.sla", lang): [sla_text(row.working_days_left, lang) for row in queue.rows],
            t("op.col.same_text", lang): [same_text_flag(row, lang) for row in queue.rows],
        }
    )


def queue_view(queue: Queue, *, key: str) -> None:
    """A queue as a table, with a picker that opens one of its reports."""
    lang = current_lang()
    if not queue.rows:
        st.info(t("op.queue.empty"))
        return
    st.dataframe(queue_frame(queue, lang), hide_index=True, width="stretch")
    if queue.total > len(queue.rows):
        st.caption(t("op.queue.count", shown=len(queue.rows), total=queue.total))
    titles = {row.ticket: row.title for row in queue.rows}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("op.queue.pick_report"),
        options=list(titles),
        format_func=lambda ticket: f"{format_ticket_code(ticket)} · {titles[ticket][:80]}",
        key=f"op_pick_{key}",
    )
    if right.button(t("op.queue.open_report"), key=f"op_open_{key}") and chosen:
        open_report(chosen)


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
            photo.thumbnail, caption=label(PHOTO_KIND_LABELS, PhotoKind(photo.kind))
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
