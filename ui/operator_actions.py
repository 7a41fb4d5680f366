"""The actions an operator can take on one report, each through `data_layer.commands`.

Only the actions the workflow allows from the report's status AND the
operator's role are offered (`ReportDetail.actions`); the commands check both
again, so a stale page or a crafted request still cannot do more. Each action
takes a public note (shown on the tracking page) and an optional internal note.

A refused photo or a refused action writes nothing and keeps everything typed:
the form's widgets keep their values until an action succeeds, and only then
does a fresh form (a new key) replace them.
"""

from __future__ import annotations

import streamlit as st

from data_layer.commands import Actor, DomainError, add_progress_update, transition
from data_layer.config import Settings, get_settings
from data_layer.limits import NOTE_MAX
from data_layer.operators import OperatorIdentity
from data_layer.photos import ACCEPTED_EXTENSIONS, PhotoRejected, PreparedPhoto, prepare_photo
from data_layer.queries.operator_admin import opd_choices
from data_layer.queries.operator_report import ReportDetail
from data_layer.states import (
    REJECT_REASON_LABELS,
    Destination,
    Kind,
    PhotoKind,
    RejectReason,
    Role,
    Status,
)
from ui.cache import read_session
from ui.i18n import current_lang, label, t
from ui.operator import flash, inert, write_session
from ui.widgets import inline_image

PROGRESS = "progress"
NONCE_KEY = "op_action_nonce"
PREVIEW_CACHE = "op_photo_previews"  # upload id -> the prepared photo, or why it is refused


def action_label(action: Status | str) -> str:
    return t(f"op.action.{action if action == PROGRESS else Status(action).value}")


def done_message(action: Status | str) -> str:
    """What just happened, in a sentence (not the menu label the operator picked)."""
    return t(f"op.action.done.{action if action == PROGRESS else Status(action).value}")


def actor_for(identity: OperatorIdentity) -> Actor:
    return Actor.operator(operator_id=identity.id, role=identity.role, opd_id=identity.opd_id)


def action_panel(detail: ReportDetail, identity: OperatorIdentity) -> None:
    st.subheader(t("op.report.actions"))
    options: list[Status | str] = list(detail.actions)
    if detail.can_add_progress:
        options.append(PROGRESS)
    if not options:
        st.info(t("op.report.no_actions"))
        return
    nonce = st.session_state.setdefault(NONCE_KEY, 0)
    prefix = f"op_act_{detail.report_id}_{nonce}"
    # Nothing preselected: a save must be a decision, never the first item by default.
    choice = st.selectbox(
        t("op.action.choose"),
        options,
        index=None,
        placeholder=t("op.action.placeholder"),
        format_func=action_label,
        key=f"{prefix}_choice",
    )
    form_key = f"{prefix}_{choice}"
    # Outside the form: a form sends its files only on save, and the photos are to be seen
    # (and any refused one named) before the save.
    photos = _photo_field(choice, detail, form_key)
    with st.form(form_key, clear_on_submit=False):
        extra = {**_action_fields(choice, detail, form_key), **photos}
        public_note = st.text_area(
            t("op.action.public_note"),
            help=t("op.action.public_note_help"),
            max_chars=NOTE_MAX,
            key=f"{form_key}_public",
        )
        internal_note = st.text_area(
            t("op.action.internal_note"),
            help=t("op.action.internal_note_help"),
            max_chars=NOTE_MAX,
            key=f"{form_key}_internal",
        )
        extra["internal_note_for_opd"] = _note_audience(detail, identity, form_key)
        submitted = st.form_submit_button(t("op.action.submit"), type="primary")
    if submitted and choice is None:
        st.warning(t("op.action.choose_first"), icon="👆")
    elif submitted:
        _run(choice, detail, identity, public_note, internal_note, extra)


def _note_audience(detail: ReportDetail, identity: OperatorIdentity, form_key: str) -> bool | None:
    """Diskominfo chooses whether the OPD may read its internal note (never on an anonymous
    report, whose reporter a note might name); the command applies the same rule."""
    if identity.role is Role.OPD:
        return None
    if detail.anonymous:
        st.caption(t("op.action.internal_note_anonymous"))
        return False
    return st.checkbox(t("op.action.internal_note_for_opd"), value=True, key=f"{form_key}_for_opd")


def _action_fields(choice: Status | str | None, detail: ReportDetail, form_key: str) -> dict:
    """The inputs one action needs beyond the notes; returns their current values."""
    if choice == Status.DITOLAK:
        reason = st.selectbox(
            t("op.action.reject_reason"),
            list(RejectReason),
            format_func=lambda member: label(REJECT_REASON_LABELS, member),
            key=f"{form_key}_reason",
        )
        return {"reject_reason": reason}
    if choice == Status.BUKAN_WEWENANG:
        destination = st.radio(
            t("op.action.destination"),
            [d.value for d in Destination],
            format_func=lambda code: t(f"op.action.destination.{code}"),
            key=f"{form_key}_destination",
        )
        return {"destination": destination}
    if choice == Status.DITERUSKAN:
        return {"opd_id": _opd_picker(detail, form_key)}
    return {}


def _photo_field(choice: Status | str | None, detail: ReportDetail, form_key: str) -> dict:
    """The photo uploader of the actions that take photos, with a preview of each photo."""
    if choice == Status.SELESAI:
        required = detail.kind == Kind.ADUAN.value
        key = "op.action.after_photos_required" if required else "op.action.after_photos"
        uploads = _photo_uploader(t(key), f"{form_key}_photos")
        kind = PhotoKind.AFTER
    elif choice == PROGRESS:
        uploads = _photo_uploader(t("op.action.progress_photos"), f"{form_key}_photos")
        kind = PhotoKind.PROGRESS
    else:
        return {}
    photo_previews(uploads, get_settings())
    return {"photos": uploads, "kind": kind}


def photo_previews(uploads, settings: Settings) -> None:
    """Each chosen photo as it will be kept (decoded and re-encoded on the server, as the
    save does), or why it will be refused; remembered per file so a rerun decodes nothing."""
    uploads = list(uploads or [])
    if not uploads:
        return
    if len(uploads) > settings.photo_max_per_report:
        extra = len(uploads) - settings.photo_max_per_report
        st.error(t("submit.photo.too_many", max=settings.photo_max_per_report, extra=extra))
        return
    cache: dict[str, PreparedPhoto | str] = st.session_state.setdefault(PREVIEW_CACHE, {})
    for stale in set(cache) - {upload.file_id for upload in uploads}:
        del cache[stale]
    st.caption(t("op.action.preview"))
    columns = st.columns(4)
    for index, upload in enumerate(uploads):
        if upload.file_id not in cache:
            try:
                cache[upload.file_id] = prepare_photo(
                    upload.getvalue(), upload.name, settings=settings
                )
            except PhotoRejected as rejected:
                cache[upload.file_id] = photo_message(rejected)
        prepared = cache[upload.file_id]
        if isinstance(prepared, str):
            st.error(prepared, icon="🖼️")
            continue
        thumbnail = prepared.thumbnail
        columns[index % 4].image(inline_image(thumbnail.data, thumbnail.content_type))


def _opd_picker(detail: ReportDetail, form_key: str) -> int | None:
    with read_session() as session:
        choices = opd_choices(session)
    lang = current_lang()
    ids = [choice.id for choice in choices]
    names = {choice.id: f"{choice.short_name} · {choice.name(lang)}" for choice in choices}
    suggested = detail.suggested_opd_id
    if suggested in names:
        names[suggested] = t("op.action.opd_default", opd=names[suggested])
    return st.selectbox(
        t("op.action.opd"),
        ids,
        index=ids.index(suggested) if suggested in ids else 0,
        format_func=names.__getitem__,
        key=f"{form_key}_opd",
    )


def _photo_uploader(title: str, key: str):
    return st.file_uploader(title, type=ACCEPTED_EXTENSIONS, accept_multiple_files=True, key=key)


def prepare_uploads(uploads, settings: Settings) -> tuple[list[PreparedPhoto], list[str]]:
    """Each upload decoded and re-encoded, or a message naming the refused file."""
    prepared: list[PreparedPhoto] = []
    problems: list[str] = []
    uploads = list(uploads or [])
    if len(uploads) > settings.photo_max_per_report:
        extra = len(uploads) - settings.photo_max_per_report
        problems.append(t("submit.photo.too_many", max=settings.photo_max_per_report, extra=extra))
        return [], problems
    for upload in uploads:
        try:
            prepared.append(prepare_photo(upload.getvalue(), upload.name, settings=settings))
        except PhotoRejected as rejected:
            problems.append(photo_message(rejected))
    return prepared, problems


def photo_message(rejected: PhotoRejected) -> str:
    return t(f"submit.photo.{rejected.code}", filename=inert(rejected.filename), **rejected.details)


def _run(
    choice: Status | str,
    detail: ReportDetail,
    identity: OperatorIdentity,
    public_note: str,
    internal_note: str,
    extra: dict,
) -> None:
    settings = get_settings()
    prepared, problems = prepare_uploads(extra.get("photos"), settings)
    if problems:
        for problem in problems:
            st.error(problem, icon="🖼️")
        st.info(t("op.action.notes_kept"))
        return
    photos = tuple((extra["kind"], photo) for photo in prepared)
    try:
        with write_session() as session:
            if choice == PROGRESS:
                add_progress_update(
                    session,
                    report_id=detail.report_id,
                    actor=actor_for(identity),
                    public_note=public_note,
                    internal_note=internal_note,
                    internal_note_for_opd=extra.get("internal_note_for_opd"),
                    photos=photos,
                )
            else:
                transition(
                    session,
                    report_id=detail.report_id,
                    to=choice,
                    actor=actor_for(identity),
                    settings=settings,
                    public_note=public_note,
                    internal_note=internal_note,
                    opd_id=extra.get("opd_id"),
                    reject_reason=extra.get("reject_reason"),
                    photos=photos,
                    internal_note_for_opd=extra.get("internal_note_for_opd"),
                    destination=extra.get("destination"),
                )
    except DomainError as refused:
        st.error(domain_message(refused), icon="⚠️")
        st.info(t("op.action.notes_kept"))
        return
    flash(done_message(choice))
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1  # a fresh, empty form
    st.rerun()


# The missing field's own message, where the generic one would leave the operator guessing.
_MISSING_FIELD_KEYS = {
    "public_note": "op.action.note_required",
    "internal_note": "op.action.withdraw_reason_required",
}


def domain_message(error: DomainError) -> str:
    field_key = _MISSING_FIELD_KEYS.get(str(error.details.get("field")))
    if error.code == "missing_information" and field_key:
        return t(field_key)
    try:
        return t(f"op.error.{error.code}", **error.details)
    except KeyError:
        return t("op.error.domain_error")
