"""Intake on behalf of a citizen: a report received by WhatsApp, Twitter/X, Call Center 112
or in person, entered by an operator with its channel, into the same database."""

import dataclasses
import uuid

import streamlit as st

from data_layer.commands import submit_report
from data_layer.config import get_settings
from data_layer.limits import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    EMAIL_MAX,
    LOCATION_MAX,
    NAME_MAX,
    PHONE_MAX,
    TITLE_MAX,
)
from data_layer.photos import ACCEPTED_EXTENSIONS
from data_layer.queries.operator_admin import category_routing, kelurahan_choices
from data_layer.states import CHANNEL_LABELS, KIND_LABELS, Channel, Kind, Role
from data_layer.tickets import format_ticket_code
from data_layer.validation import SubmissionForm, validate_submission
from ui.auth import require_operator
from ui.cache import read_session
from ui.i18n import current_lang, label, t
from ui.operator import open_report, write_session
from ui.operator_actions import actor_for, prepare_uploads
from ui.submission import field_error_message

INTAKE_CHANNELS = (Channel.WHATSAPP, Channel.TWITTER, Channel.CALL_CENTER_112, Channel.WALK_IN)
NONCE = "op_intake_nonce"
RESULT = "op_intake_result"

identity = require_operator(Role.ADMIN, Role.VERIFIKATOR)
settings = get_settings()
lang = current_lang()
st.title(t("op.intake.title"))
st.caption(t("op.intake.intro"))

result = st.session_state.get(RESULT)
if result:
    ticket, followup = result
    st.success(t("op.intake.saved", ticket=format_ticket_code(ticket)))
    st.code(format_ticket_code(ticket), language=None)
    st.caption(t("op.intake.followup"))
    st.code(followup, language=None)
    left, right = st.columns(2)
    if left.button(t("op.queue.open_report"), key="op_intake_open"):
        open_report(ticket)
    if right.button(t("op.intake.another"), key="op_intake_another"):
        st.session_state.pop(RESULT)
        st.session_state[NONCE] = uuid.uuid4().hex
        st.rerun()
    st.stop()

# One key per filled-in form: a double click or a retry saves one report, not two.
nonce = st.session_state.setdefault(NONCE, uuid.uuid4().hex)
ERRORS = f"op_intake_errors_{nonce}"
PHOTO_PROBLEMS = f"op_intake_photo_problems_{nonce}"
with read_session() as session:
    categories = {c.id: c.name(lang) for c in category_routing(session)}
    kelurahan = dict(kelurahan_choices(session))
errors = st.session_state.get(ERRORS, {})


def key(name: str) -> str:
    return f"op_in_{name}_{nonce}"


def field_error(name: str) -> None:
    if name in errors:
        st.error(field_error_message(name, errors[name]), icon="⚠️")


with st.form(f"op_intake_{nonce}", clear_on_submit=False):
    channel = st.selectbox(
        t("op.intake.channel"),
        INTAKE_CHANNELS,
        format_func=lambda c: label(CHANNEL_LABELS, c),
        key=key("channel"),
    )
    kind = st.radio(
        t("op.intake.kind"),
        list(Kind),
        format_func=lambda k: label(KIND_LABELS, k),
        horizontal=True,
        key=key("kind"),
    )
    category = st.selectbox(
        t("op.intake.category"),
        list(categories),
        index=None,
        format_func=categories.__getitem__,
        key=key("category"),
    )
    field_error("category")
    kelurahan_code = st.selectbox(
        t("op.intake.kelurahan"),
        list(kelurahan),
        index=None,
        format_func=kelurahan.__getitem__,
        key=key("kelurahan"),
    )
    field_error("kelurahan")
    address = st.text_input(t("op.intake.address"), key=key("address"), max_chars=ADDRESS_MAX)
    field_error("address")
    location = st.text_input(t("op.intake.location"), key=key("location"), max_chars=LOCATION_MAX)
    field_error("location")
    title = st.text_input(t("op.intake.report_title"), key=key("title"), max_chars=TITLE_MAX)
    field_error("title")
    description = st.text_area(
        t("op.intake.description"), key=key("description"), max_chars=DESCRIPTION_MAX
    )
    field_error("description")
    uploads = st.file_uploader(
        t("op.intake.photos", max=settings.photo_max_per_report),
        type=ACCEPTED_EXTENSIONS,
        accept_multiple_files=True,
        key=key("photos"),
    )
    for problem in st.session_state.get(PHOTO_PROBLEMS, []):
        st.error(problem, icon="🖼️")
    name = st.text_input(t("op.intake.name"), key=key("name"), max_chars=NAME_MAX)
    field_error("name")
    phone = st.text_input(t("op.intake.phone"), key=key("phone"), max_chars=PHONE_MAX)
    field_error("phone")
    email = st.text_input(t("op.intake.email"), key=key("email"), max_chars=EMAIL_MAX)
    field_error("email")
    anonymous = st.checkbox(t("op.intake.anonymous"), key=key("anonymous"))
    confidential = st.checkbox(t("op.intake.confidential"), key=key("confidential"))
    submitted = st.form_submit_button(t("op.intake.submit"), type="primary")

if errors or st.session_state.get(PHOTO_PROBLEMS):
    st.info(t("op.intake.fix"))

if submitted:
    photos, problems = prepare_uploads(uploads, settings)
    form = SubmissionForm(
        kind=kind.value,
        category_id=category,
        kelurahan_code=kelurahan_code,
        location=location,
        address=address,
        title=title,
        description=description,
        name=name,
        phone=phone,
        email=email,
        anonymous=anonymous,
        confidential=confidential,
    )
    with read_session() as session:
        validation = validate_submission(session, form, photos=tuple(photos))
    st.session_state[ERRORS] = validation.errors
    st.session_state[PHOTO_PROBLEMS] = problems
    if problems or not validation.ok:
        st.rerun()  # draw each message beside its field; everything typed stays
    draft = dataclasses.replace(validation.draft, channel=channel)
    with write_session() as session:
        saved = submit_report(
            session,
            draft=draft,
            settings=settings,
            submission_key=f"intake-{nonce}",
            actor=actor_for(identity),
        )
    st.session_state[RESULT] = (saved.ticket, saved.followup_code or "–")
    st.rerun()
