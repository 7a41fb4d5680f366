"""The submission form: widgets, field-level errors, photos, abuse control, the write.

Everything a citizen typed lives in `st.session_state` under `kirim.*` keys (the
widgets' own keys), so a refused photo or a failed check never loses it. The
submit button runs `submit` as a callback, before the page is drawn again: it
checks the rate limits (per client address and city-wide, counted in the
database, data_layer.throttle) and the honeypot, validates every field,
prepares every photo, looks for possible duplicates, and only when all is well
writes the report in one transaction. The outcome is left in session state for
the page to show beside the fields.

A double click or a browser retry sends the same `submission_key` (created
once per form instance), which `submit_report` turns into the same report.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from data_layer.commands import (
    DomainError,
    ReportDraft,
    SubmittedReport,
    new_followup_code,
    submit_report,
    utcnow,
)
from data_layer.config import Settings, get_settings
from data_layer.limits import EMAIL_MAX, NAME_MAX, PHONE_MAX
from data_layer.mail import mail_configured
from data_layer.photos import ACCEPTED_EXTENSIONS, PhotoRejected, PreparedPhoto, prepare_photo
from data_layer.queries.submission import (
    PossibleDuplicate,
    category_options,
    submitted_at,
)
from data_layer.queries.submission import possible_duplicates as find_possible_duplicates
from data_layer.states import KIND_HELP, KIND_LABELS, Kind
from data_layer.throttle import (
    CITY_KEY,
    Rule,
    allow_rule,
    is_over,
    retry_after,
    submission_checks_per_address,
    submissions_citywide,
    submissions_per_address,
)
from data_layer.tickets import (
    InvalidTicketCode,
    format_ticket_code,
    new_ticket_code,
    normalise_ticket_code,
)
from data_layer.validation import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    TITLE_MAX,
    TITLE_MIN,
    SubmissionForm,
    validate_submission,
)
from ui.cache import (
    REFERENCE_TTL_SECONDS,
    cached_query,
    read_session,
    write_session,
)
from ui.client import current_client_address, within_limit
from ui.formatting import local_time, number
from ui.i18n import current_lang, label, t
from ui.submission_duplicates import show_duplicates, supported_view  # noqa: F401
from ui.submission_fields import (  # noqa: F401 (the keys are this module's interface)
    ADDRESS,
    ANONYMOUS,
    CATEGORY,
    CONFIDENTIAL,
    DESCRIPTION,
    DUPLICATES,
    EMAIL,
    ERRORS,
    HONEYPOT,
    KELURAHAN,
    KIND,
    LOCATION,
    MAP,
    MAP_NOTE,
    NAME,
    NOTICE,
    NOTIFY,
    PHONE,
    PHOTO_CACHE,
    PHOTO_ERRORS,
    PHOTOS,
    RESULT,
    SUBMISSION_KEY,
    SUBMIT,
    SUBMIT_ANYWAY,
    TITLE,
    field_error_message,
    focus_first_error,
    remember_first_error,
    show_field_error,
)
from ui.submission_location import location_inputs  # noqa: F401 (a section of the form)
from ui.submission_success import ANOTHER as ANOTHER  # the widget key tests click
from ui.submission_success import TICKET_PARAM, Receipt, show_receipt
from ui.widgets import inert

logger = logging.getLogger(__name__)

active_categories = cached_query(category_options, ttl=REFERENCE_TTL_SECONDS)


@dataclass(frozen=True)
class SubmissionResult:
    ticket: str
    followup_code: str | None  # None when a repeat found the report already saved
    repeat: bool = False
    received_at: dt.datetime | None = None
    email: str | None = None  # where the citizen may send the receipt (real saves only)


@dataclass(frozen=True)
class PhotoError:
    filename: str
    code: str
    params: dict


# --- rendering helpers -------------------------------------------------------------


def ensure_form_instance() -> str:
    """One submission key per filled-in form: repeats of one click share it."""
    if SUBMISSION_KEY not in st.session_state:
        st.session_state[SUBMISSION_KEY] = uuid.uuid4().hex
    return st.session_state[SUBMISSION_KEY]


def hide_honeypot() -> None:
    # Our own fixed CSS (no user text). display:none keeps the field out of sight,
    # out of the tab order and away from screen readers; bots that fill in every
    # input of the page still find it.
    st.html("<style>.st-key-kirim-website{display:none!important;}</style>")


# --- the form's sections ---------------------------------------------------------------


def kind_and_category_inputs() -> None:
    lang = current_lang()
    st.radio(
        t("submit.kind"),
        options=list(Kind),
        format_func=lambda kind: label(KIND_LABELS, kind, lang),
        captions=[label(KIND_HELP, kind, lang) for kind in Kind],
        key=KIND,
    )
    show_field_error("kind")
    categories = {c.id: (c.name_en if lang == "en" else c.name_id) for c in active_categories()}
    st.selectbox(
        t("submit.category"),
        options=list(categories),
        format_func=categories.__getitem__,
        index=None,
        placeholder=t("submit.category.placeholder"),
        key=CATEGORY,
    )
    show_field_error("category")


def detail_inputs(settings: Settings) -> None:
    st.text_input(
        t("submit.title_field"),
        key=TITLE,
        max_chars=TITLE_MAX,
        help=t("submit.title_field.help", min=TITLE_MIN, max=TITLE_MAX),
    )
    show_field_error("title")
    st.text_area(
        t("submit.description"),
        key=DESCRIPTION,
        max_chars=DESCRIPTION_MAX,
        height=160,
        help=t(
            "submit.description.help",
            min=DESCRIPTION_MIN,
            max=number(DESCRIPTION_MAX, current_lang()),
        ),
    )
    show_field_error("description")
    limit_mb = max(1, settings.photo_max_bytes // 2**20)
    st.file_uploader(
        t("submit.photos", max=settings.photo_max_per_report),
        type=ACCEPTED_EXTENSIONS,
        accept_multiple_files=True,
        key=PHOTOS,
        # The browser refuses bigger files before uploading (in English: Streamlit's
        # own words, so the limit is also said in the visitor's language, in the
        # tooltip and the caption below); the server refuses them too
        # (server.maxUploadSize and prepare_photo).
        max_upload_size=limit_mb,
        help=t("submit.photos.limit", mb=limit_mb),
    )
    st.caption(t("submit.photos.help", mb=limit_mb))
    photo_errors: list[PhotoError] = st.session_state.get(PHOTO_ERRORS, [])
    for problem in photo_errors:
        params = {**problem.params, "filename": inert(problem.filename)}
        st.error(t(f"submit.photo.{problem.code}", **params), icon=":material/broken_image:")
    if photo_errors:
        st.info(t("submit.photo.fix"))


def contact_inputs() -> None:
    st.caption(t("submit.contact_note"))
    st.text_input(t("submit.name"), key=NAME, max_chars=NAME_MAX, autocomplete="name")
    show_field_error("name")
    st.text_input(
        t("submit.phone"),
        key=PHONE,
        help=t("submit.phone.help"),
        max_chars=PHONE_MAX,
        autocomplete="tel",
    )
    show_field_error("phone")
    st.text_input(t("submit.email"), key=EMAIL, max_chars=EMAIL_MAX, autocomplete="email")
    show_field_error("email")
    if notifications_offered():
        st.checkbox(t("submit.notify"), key=NOTIFY)
        st.caption(t("submit.notify.help"))
    # The two privacy choices, explained in plain words beside each box (not in a tooltip).
    st.checkbox(t("submit.anonymous"), key=ANONYMOUS)
    st.caption(t("submit.anonymous.help"))
    st.checkbox(t("submit.confidential"), key=CONFIDENTIAL)
    st.caption(t("submit.confidential.help"))
    st.text_input(t("submit.honeypot"), key=HONEYPOT, max_chars=NAME_MAX, autocomplete="off")


def notifications_offered() -> bool:
    """Status e-mails are offered only where they can be sent (SMTP and public links)."""
    settings = get_settings()
    return mail_configured(settings) and bool(settings.public_base_url.strip())


def submit_area() -> None:
    duplicates: list[PossibleDuplicate] = st.session_state.get(DUPLICATES) or []
    if duplicates:
        # The decision is the only thing left: no second send button beside it.
        show_duplicates(duplicates, on_anyway=submit)
    else:
        st.button(t("submit.button"), type="primary", key=SUBMIT, on_click=submit)
    _show_notice()
    focus_first_error()


def _show_notice() -> None:
    notice = st.session_state.get(NOTICE)
    if not notice:
        return
    code, params = notice
    st.error(t(f"submit.{code}", **params))


def success_view(result: SubmissionResult) -> None:
    show_receipt(
        Receipt(
            result.ticket,
            result.followup_code,
            received_at=result.received_at,
            email=result.email,
            repeat=result.repeat,
        ),
        on_another=start_another,
    )


def reloaded_view() -> bool:
    """After a reload of the success view: the ticket from the URL, never the code.

    False (and the form instead) when the URL names no known ticket.
    """
    raw = st.query_params.get(TICKET_PARAM)
    if not raw:
        return False
    try:
        ticket = normalise_ticket_code(raw)
    except InvalidTicketCode:
        ticket = None
    if ticket is not None:
        with read_session() as session:
            received = submitted_at(session, ticket=ticket)
        if received is not None:
            show_receipt(Receipt(ticket, None, received_at=received), on_another=start_another)
            return True
    del st.query_params[TICKET_PARAM]
    return False


# --- the click ---------------------------------------------------------------------------


def read_form() -> SubmissionForm:
    state = st.session_state
    return SubmissionForm(
        kind=state.get(KIND),
        category_id=state.get(CATEGORY),
        kelurahan_code=state.get(KELURAHAN),
        location=state.get(LOCATION) or "",
        address=state.get(ADDRESS) or "",
        title=state.get(TITLE) or "",
        description=state.get(DESCRIPTION) or "",
        name=state.get(NAME) or "",
        phone=state.get(PHONE) or "",
        email=state.get(EMAIL) or "",
        anonymous=bool(state.get(ANONYMOUS)),
        confidential=bool(state.get(CONFIDENTIAL)),
        notify_lang=current_lang() if state.get(NOTIFY) and notifications_offered() else None,
    )


def prepare_uploads(
    files, settings: Settings
) -> tuple[tuple[PreparedPhoto, ...], list[PhotoError]]:
    """Every uploaded file through `prepare_photo`; the refusals, each with its file's name.

    Prepared photos are remembered by upload id, so a second click (after fixing
    another field) does not decode the same 10 MB again.
    """
    files = list(files or [])
    if len(files) > settings.photo_max_per_report:
        # Refused before decoding anything: many large files cost real CPU time.
        extra = len(files) - settings.photo_max_per_report
        return (), [
            PhotoError("", "too_many", {"max": settings.photo_max_per_report, "extra": extra})
        ]
    errors: list[PhotoError] = []
    cache: dict[str, PreparedPhoto] = st.session_state.setdefault(PHOTO_CACHE, {})
    prepared: list[PreparedPhoto] = []
    for upload in files:
        if upload.file_id not in cache:
            try:
                cache[upload.file_id] = prepare_photo(
                    upload.getvalue(), upload.name, settings=settings
                )
            except PhotoRejected as rejected:
                errors.append(PhotoError(upload.name, rejected.code, dict(rejected.details)))
                continue
        prepared.append(cache[upload.file_id])
    current = {upload.file_id for upload in files}
    for stale in set(cache) - current:
        del cache[stale]
    return tuple(prepared), errors


class SubmissionThrottled(Exception):
    """A save refused by a rate limit; raised inside the write, so it rolls back."""

    def __init__(self, rule: Rule, key: str) -> None:
        super().__init__(rule.scope)
        self.rule, self.key = rule, key


def _rate_limit_notice(address: str, settings: Settings) -> tuple[str, dict] | None:
    """Refuse before any work when this address, or the whole city, is at its limit.

    The click itself is counted first (in its own transaction), so hammering the
    button cannot make the server decode photos and check forms without end.
    """
    if not within_limit(submission_checks_per_address(settings), key=address):
        return _throttled_notice(submission_checks_per_address(settings), address)
    with read_session() as session:
        for rule, key in _save_limits(address, settings):
            if is_over(session, rule, key=key):
                return _throttled_notice(rule, key)
    return None


def _save_limits(address: str, settings: Settings) -> tuple[tuple[Rule, str], ...]:
    return (
        (submissions_per_address(settings), address),
        (submissions_citywide(settings), CITY_KEY),
    )


def _throttled_notice(rule: Rule, key: str) -> tuple[str, dict]:
    with read_session() as session:
        wait = retry_after(session, rule, key=key)
    again = utcnow() + dt.timedelta(seconds=max(wait, 60))
    code = "busy" if key == CITY_KEY else "rate_limited"
    return code, {"count": rule.limit, "time": local_time(again, current_lang())}


def submit(anyway: bool = False) -> None:
    """The submit button's callback; leaves its outcome in session state."""
    state = st.session_state
    if state.get(RESULT) is not None:  # a repeat of a click that already succeeded
        return
    settings = get_settings()
    for key in (ERRORS, PHOTO_ERRORS, NOTICE, DUPLICATES):
        state.pop(key, None)
    address = current_client_address()
    limited = _rate_limit_notice(address, settings)
    if limited:
        state[NOTICE] = limited
        return
    if (state.get(HONEYPOT) or "").strip():
        # A bot: look exactly like a success, store nothing (but count it).
        within_limit(submissions_per_address(settings), key=address)
        state[RESULT] = SubmissionResult(new_ticket_code(), new_followup_code())
        st.query_params[TICKET_PARAM] = format_ticket_code(state[RESULT].ticket)
        return
    photos, photo_errors = prepare_uploads(state.get(PHOTOS), settings)
    try:
        with read_session() as session:
            validation = validate_submission(session, read_form(), photos=photos)
            duplicates = (
                _duplicates_for(session, validation.draft) if validation.ok and not anyway else []
            )
        if validation.ok and not photo_errors and not duplicates:
            submitted = save_report(validation.draft, settings, address=address)
    except SubmissionThrottled as throttled:
        state[NOTICE] = _throttled_notice(throttled.rule, throttled.key)
        return
    except (SQLAlchemyError, DomainError):
        # Nothing was written (the write is one transaction) and the form keeps
        # every value; the visitor sees a plain message, the log the details.
        logger.exception("checking or saving a submitted report failed")
        state[NOTICE] = ("save_failed", {})
        return
    if not validation.ok or photo_errors:
        state[ERRORS] = validation.errors
        state[PHOTO_ERRORS] = photo_errors
        state[NOTICE] = ("fix_errors", {"count": len(validation.errors) + len(photo_errors)})
        remember_first_error(set(validation.errors) | ({"photos"} if photo_errors else set()))
        return
    if duplicates:
        state[DUPLICATES] = duplicates
        return
    # Stored before anything is drawn, so an interrupted run cannot lose the code.
    state[RESULT] = SubmissionResult(
        submitted.ticket,
        submitted.followup_code,
        repeat=submitted.duplicate_submission,
        received_at=utcnow(),
        email=validation.draft.reporter_email or None,
    )
    # Reloadable: the ticket (never the follow-up code) goes into the page's URL.
    st.query_params[TICKET_PARAM] = format_ticket_code(submitted.ticket)


def save_report(draft: ReportDraft, settings: Settings, *, address: str) -> SubmittedReport:
    """The one write: report, photos, first history row and the rate limits' count.

    The limits are counted in the same transaction as the report: a refused
    save rolls back (SubmissionThrottled) and a saved one is always counted, so
    two tabs or two replicas racing for the last slot cannot both win.
    If a retry of the same form raced the original (another server process, a
    reconnecting browser) and lost on the unique submission key, one more try
    finds the original's report instead of failing.
    """
    key = ensure_form_instance()

    def attempt() -> SubmittedReport:
        with write_session() as session:
            submitted = submit_report(session, draft=draft, settings=settings, submission_key=key)
            if not submitted.duplicate_submission:
                for rule, rule_key in _save_limits(address, settings):
                    if not allow_rule(session, rule, key=rule_key):
                        raise SubmissionThrottled(rule, rule_key)
            return submitted

    try:
        return attempt()
    except IntegrityError:
        return attempt()


def _duplicates_for(session, draft) -> list[PossibleDuplicate]:
    return find_possible_duplicates(
        session,
        category_id=draft.category_id,
        latitude=draft.latitude,
        longitude=draft.longitude,
        kelurahan_code=draft.kelurahan_code,
        now=utcnow(),
    )


def start_another() -> None:
    """Forget the finished form (the rate limits live in the database)."""
    for key in [key for key in st.session_state if str(key).startswith("kirim.")]:
        del st.session_state[key]
    if TICKET_PARAM in st.query_params:
        del st.query_params[TICKET_PARAM]
