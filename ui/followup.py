"""The reporter's follow-up on the tracking page, unlocked by the private follow-up code.

Without the code the tracking page stays read-only: this section shows only
the code field. With the right code (checked against its argon2 hash) the
reporter can, depending on the report's status, add information when asked
(perlu_info), confirm and rate a resolution, or dispute it (which reopens the
report). Wrong codes are counted in the database per report and per client
address (data_layer.commands.unlock_followup), so a new tab starts no fresh count.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_layer.commands import (
    DomainError,
    TransitionNotAllowed,
    record_feedback,
    unlock_followup,
)
from data_layer.config import get_settings
from data_layer.cpu_guards import ServerBusy
from data_layer.queries.followup import FollowupState, followup_state, reporter_copy
from data_layer.states import STATUS_LABELS, FeedbackKind, Status
from data_layer.tickets import InvalidTicketCode, normalise_ticket_code
from ui.cache import read_session, write_session
from ui.client import current_client_address
from ui.i18n import current_lang, label, t
from ui.widgets import inert

logger = logging.getLogger(__name__)

TEXT_MIN = 10
TEXT_MAX = 2000

CODE = "followup.code"
UNLOCKED = "followup.unlocked"  # set of tickets unlocked in this session
NOTICE = "followup.notice"  # (kind, key, params): kind is "error" or "success"
INFO = "followup.info"
RATING = "followup.rating"
COMMENT = "followup.comment"
DISPUTE = "followup.dispute"
FIELD_ERROR = "followup.field_error"  # (widget key, message key, params)


def render_followup_section(ticket) -> None:
    """The follow-up section for one ticket (a ticket code, or an object with `.ticket`)."""
    try:
        code = normalise_ticket_code(str(getattr(ticket, "ticket", ticket)))
    except InvalidTicketCode:
        return
    st.subheader(t("followup.title"))
    if code not in st.session_state.get(UNLOCKED, set()):
        _code_entry(code)
        return
    with read_session() as session:
        state = followup_state(session, ticket=code)
    if state is None:
        return
    _actions(state)


# --- before the code ------------------------------------------------------------------


def _code_entry(ticket: str) -> None:
    st.caption(t("followup.intro"))
    st.text_input(
        t("followup.code"), key=CODE, type="password", max_chars=40, placeholder="XXXX-XXXX-XXXX"
    )
    st.button(t("followup.open"), key="followup.open", on_click=_unlock, args=(ticket,))
    _show_notice()


def _unlock(ticket: str) -> None:
    state = st.session_state
    state.pop(NOTICE, None)
    typed = (state.get(CODE) or "").strip()
    if not typed:
        state[NOTICE] = ("error", "followup.empty_code", {})
        return
    state[CODE] = ""
    try:
        with write_session() as session:
            report = followup_state(session, ticket=ticket)
            if report is None:
                return
            outcome = unlock_followup(
                session,
                report_id=report.report_id,
                code=typed,
                client_address=current_client_address(),
            )
    except ServerBusy:
        state[NOTICE] = ("error", "followup.busy", {})
        return
    if outcome.accepted:
        state.setdefault(UNLOCKED, set()).add(ticket)
    elif outcome.wait_seconds:
        minutes = max(1, -(-outcome.wait_seconds // 60))
        state[NOTICE] = ("error", "followup.slow_down", {"minutes": minutes})
    else:
        state[NOTICE] = ("error", "followup.wrong_code", {})


# --- after the code ---------------------------------------------------------------------


def _actions(report: FollowupState) -> None:
    st.success(t("followup.unlocked", status=label(STATUS_LABELS, report.status)))
    _own_report(report.report_id)
    if report.rating is not None:
        st.caption(t("followup.rated", rating=report.rating))
    if report.status is Status.PERLU_INFO:
        _info_form(report.ticket)
    elif report.status is Status.SELESAI:
        _confirm_form(report.ticket)
        _dispute_form(report.ticket)
    elif report.status is Status.DITUTUP:
        _dispute_form(report.ticket)
    else:
        st.info(t("followup.nothing_now"))
    _show_notice()
    st.button(t("followup.close"), key="followup.lock", on_click=_lock, args=(report.ticket,))


def _own_report(report_id: int) -> None:
    """What the reporter sent, when the page does not already show it to everyone."""
    with read_session() as session:
        own = reporter_copy(session, report_id=report_id)
    if own is None or own.is_public:
        return
    lang = current_lang()
    with st.container(border=True, key="followup-own"):
        st.markdown(f"**{t('followup.own.title')}**")
        st.caption(t("followup.own.private"))
        st.markdown(f"**{inert(own.title)}**")  # user text, escaped: inert
        st.text(own.description)
        category = own.category_name_en if lang == "en" else own.category_name_id
        place = f"{own.kelurahan}, {own.kecamatan}"
        st.text(" · ".join(part for part in (category, place, own.address) if part))
        if own.photos:
            columns = st.columns(min(3, len(own.photos)))
            for index, photo in enumerate(own.photos):
                with columns[index % len(columns)]:
                    st.image(
                        photo.thumbnail,
                        caption=t(f"widgets.photo.{photo.kind}"),
                        width="content",
                    )


def _info_form(ticket: str) -> None:
    st.write(t("followup.info.ask"))
    st.text_area(t("followup.info"), key=INFO, max_chars=TEXT_MAX, help=t("followup.info.help"))
    _show_field_error(INFO)
    st.button(
        t("followup.info.send"),
        key="followup.send_info",
        type="primary",
        on_click=_act,
        args=(ticket, FeedbackKind.INFO),
    )


def _confirm_form(ticket: str) -> None:
    with st.container(border=True):
        st.write(t("followup.confirm.ask"))
        st.caption(t("followup.rating"))
        st.feedback("stars", key=RATING)
        st.text_area(
            t("followup.comment"), key=COMMENT, max_chars=TEXT_MAX, help=t("followup.comment.help")
        )
        _show_field_error(COMMENT)
        st.button(
            t("followup.confirm"),
            key="followup.send_confirm",
            type="primary",
            on_click=_act,
            args=(ticket, FeedbackKind.CONFIRM),
        )


def _dispute_form(ticket: str) -> None:
    with st.container(border=True):
        st.write(t("followup.dispute.ask"))
        st.text_area(
            t("followup.dispute.reason"),
            key=DISPUTE,
            max_chars=TEXT_MAX,
            help=t("followup.dispute.help"),
        )
        st.caption(t("followup.dispute.help"))
        _show_field_error(DISPUTE)
        st.button(
            t("followup.dispute"),
            key="followup.send_dispute",
            on_click=_act,
            args=(ticket, FeedbackKind.DISPUTE),
        )


def _act(ticket: str, kind: FeedbackKind) -> None:
    state = st.session_state
    for key in (NOTICE, FIELD_ERROR):
        state.pop(key, None)
    if ticket not in state.get(UNLOCKED, set()):
        return
    text_key = {FeedbackKind.INFO: INFO, FeedbackKind.DISPUTE: DISPUTE}.get(kind, COMMENT)
    text = (state.get(text_key) or "").strip()
    problem = _text_problem(text, required=kind is not FeedbackKind.CONFIRM)
    if problem:
        state[FIELD_ERROR] = (text_key, *problem)
        return
    stars = state.get(RATING) if kind is FeedbackKind.CONFIRM else None
    try:
        with write_session() as session:
            report = followup_state(session, ticket=ticket)
            record_feedback(
                session,
                report_id=report.report_id,
                kind=kind,
                settings=get_settings(),
                rating=None if stars is None else int(stars) + 1,
                comment=text or None,
            )
    except TransitionNotAllowed:
        state[NOTICE] = ("error", "followup.not_now", {})
        return
    except (SQLAlchemyError, DomainError):
        logger.exception("recording the reporter's follow-up failed")
        state[NOTICE] = ("error", "followup.save_failed", {})
        return
    for key in (INFO, COMMENT, DISPUTE, RATING):
        state.pop(key, None)
    state[NOTICE] = ("success", f"followup.{kind.value}.done", {})


def _text_problem(text: str, *, required: bool) -> tuple[str, dict] | None:
    if not text and not required:
        return None
    if len(text) < TEXT_MIN:
        return "followup.too_short", {"min": TEXT_MIN}
    if len(text) > TEXT_MAX:
        return "followup.too_long", {"max": TEXT_MAX}
    return None


def _lock(ticket: str) -> None:
    st.session_state.get(UNLOCKED, set()).discard(ticket)
    st.session_state.pop(NOTICE, None)


def _show_field_error(key: str) -> None:
    problem = st.session_state.get(FIELD_ERROR)
    if problem and problem[0] == key:
        st.error(t(problem[1], **problem[2]))


def _show_notice() -> None:
    notice = st.session_state.get(NOTICE)
    if not notice:
        return
    kind, key, params = notice
    (st.success if kind == "success" else st.error)(t(key, **params))
