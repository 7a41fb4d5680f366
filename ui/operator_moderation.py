"""Moderation on one report (Diskominfo): publish a reporter's words after editing them,
redact a report's text (take-down), and, for admins, the redaction audit.

Each action goes through `data_layer.commands`, which checks the role again.
A refused action keeps what was typed; a successful one starts a fresh form.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_layer.commands import NOTE_FIELDS, DomainError, publish_feedback, redact
from data_layer.operators import OperatorIdentity
from data_layer.queries.operator_report import AuditEntry, ReportDetail
from data_layer.states import FeedbackKind, Role
from ui.formatting import local_datetime
from ui.i18n import current_lang, t
from ui.operator import flash, write_session
from ui.operator_actions import NONCE_KEY, actor_for, domain_message

MODERATORS = (Role.ADMIN, Role.VERIFIKATOR)
PREVIEW_CHARS = 60


def _fresh_form() -> None:
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
    st.rerun()


def _prefix(detail: ReportDetail, name: str) -> str:
    return f"op_{name}_{detail.report_id}_{st.session_state.get(NONCE_KEY, 0)}"


def publish_feedback_panel(detail: ReportDetail, identity: OperatorIdentity) -> None:
    """A reporter's dispute (or other words) published only as a moderator edited it."""
    if identity.role not in MODERATORS or not detail.can_add_progress:
        return
    said = [item for item in detail.feedback if item.comment]
    if not said:
        return
    lang = current_lang()
    prefix = _prefix(detail, "publish")
    with st.expander(t("op.publish.title")):
        st.caption(t("op.publish.help"))
        chosen = st.selectbox(
            t("op.publish.choose"),
            said,
            format_func=lambda item: (
                f"{local_datetime(item.at, lang)} · {t(f'op.feedback.{FeedbackKind(item.kind)}')}"
            ),
            key=f"{prefix}_choice",
        )
        with st.form(f"{prefix}_{chosen.feedback_id}"):
            text = st.text_area(
                t("op.publish.text"), value=chosen.comment, key=f"{prefix}_{chosen.feedback_id}_t"
            )
            submitted = st.form_submit_button(t("op.publish.submit"))
    if not submitted:
        return
    try:
        with write_session() as session:
            publish_feedback(
                session,
                feedback_id=chosen.feedback_id,
                actor=actor_for(identity),
                public_note=text,
            )
    except DomainError as refused:
        st.error(domain_message(refused), icon="⚠️")
        return
    flash(t("op.publish.done"))
    _fresh_form()


def _note_choices(detail: ReportDetail) -> list[tuple[str, int | None]]:
    choices: list[tuple[str, int | None]] = [("title", None), ("description", None)]
    for entry in detail.history:
        for field in NOTE_FIELDS:
            if getattr(entry, field):
                choices.append((field, entry.history_id))
    return choices


def _choice_label(choice: tuple[str, int | None], history: dict[int, AuditEntry], lang: str):
    field, history_id = choice
    if history_id is None:
        return t(f"op.redact.field.{field}")
    entry = history[history_id]
    text = getattr(entry, field) or ""
    preview = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
    return t(
        "op.redact.field.note",
        kind=t(f"op.redact.kind.{field}"),
        at=local_datetime(entry.at, lang),
        preview=preview,
    )


def redaction_panel(detail: ReportDetail, identity: OperatorIdentity) -> None:
    """Replace personal data or abuse in the title, description or a note, in place."""
    if not detail.can_redact:
        return
    lang = current_lang()
    history = {entry.history_id: entry for entry in detail.history}
    prefix = _prefix(detail, "redact")
    with st.expander(t("op.redact.title")):
        st.caption(t("op.redact.help"))
        with st.form(prefix):
            choice = st.selectbox(
                t("op.redact.field"),
                _note_choices(detail),
                format_func=lambda item: _choice_label(item, history, lang),
                key=f"{prefix}_field",
            )
            replacement = st.text_area(t("op.redact.replacement"), key=f"{prefix}_replacement")
            reason = st.text_input(t("op.redact.reason"), key=f"{prefix}_reason")
            submitted = st.form_submit_button(t("op.redact.submit"))
    if not submitted:
        return
    if not reason.strip():
        st.error(t("op.redact.reason_required"))
        return
    field, history_id = choice
    try:
        with write_session() as session:
            redact(
                session,
                report_id=detail.report_id,
                actor=actor_for(identity),
                field=field,
                history_id=history_id,
                replacement=replacement,
                reason=reason,
            )
    except DomainError as refused:
        st.error(domain_message(refused), icon="⚠️")
        return
    flash(t("op.redact.done"))
    _fresh_form()


def redactions_view(detail: ReportDetail) -> None:
    """The originals of redacted texts: returned by the query layer to admins only."""
    if not detail.redactions:
        return
    lang = current_lang()
    st.subheader(t("op.redactions.title"))
    rows = detail.redactions
    st.dataframe(
        pd.DataFrame(
            {
                t("op.audit.at"): [local_datetime(r.at, lang) for r in rows],
                t("op.redactions.field"): [r.field for r in rows],
                t("op.redactions.original"): [r.original or "" for r in rows],
                t("op.redactions.replacement"): [r.replacement or "" for r in rows],
                t("op.redactions.reason"): [r.reason for r in rows],
                t("op.audit.by"): [r.operator_name or "" for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
