"""The submission form's memory: widget keys and field-level error messages.

Shared by the form's modules (ui/submission*.py); the keys are the names the
tests and the browser suite use to find each widget.
"""

from __future__ import annotations

import json

import streamlit as st

from data_layer.config import get_settings
from data_layer.validation import FieldError
from ui.i18n import t

# Widget keys: the form's whole memory.
KIND = "kirim.kind"
CATEGORY = "kirim.category"
MAP = "kirim.map"
LOCATION = "kirim.location"
KELURAHAN = "kirim.kelurahan"
ADDRESS = "kirim.address"
TITLE = "kirim.title"
DESCRIPTION = "kirim.description"
PHOTOS = "kirim.photos"
NAME = "kirim.name"
PHONE = "kirim.phone"
EMAIL = "kirim.email"
ANONYMOUS = "kirim.anonymous"
CONFIDENTIAL = "kirim.confidential"
NOTIFY = "kirim.notify"
HONEYPOT = "kirim.website"  # an innocent-looking name for bots that fill every field
SUBMIT = "kirim.submit"
SUBMIT_ANYWAY = "kirim.submit_anyway"
# What the callbacks leave for the page.
SUBMISSION_KEY = "kirim.submission_key"
ERRORS = "kirim.errors"
PHOTO_ERRORS = "kirim.photo_errors"
NOTICE = "kirim.notice"
DUPLICATES = "kirim.duplicates"
RESULT = "kirim.result"
MAP_NOTE = "kirim.map_note"
MAP_REVISION = "kirim.map_revision"  # bumped when a pick on the map is refused
PHOTO_CACHE = "kirim.photo_cache"
MAP_HEIGHT = 320


def field_error_message(field: str, error: FieldError) -> str:
    params = {"city": get_settings().city_name, **error.params}
    specific = f"submit.error.{field}.{error.code}"
    try:
        return t(specific, **params)
    except KeyError:
        return t(f"submit.error.{error.code}", **params)


def show_field_error(field: str) -> None:
    error = st.session_state.get(ERRORS, {}).get(field)
    if error is not None:
        st.error(field_error_message(field, error), icon=":material/error:")


# Form order of the fields that can carry an error, and the widget each error belongs to.
FIELD_WIDGETS = {
    "kind": KIND,
    "category": CATEGORY,
    "location": LOCATION,
    "kelurahan": KELURAHAN,
    "address": ADDRESS,
    "title": TITLE,
    "description": DESCRIPTION,
    "photos": PHOTOS,
    "name": NAME,
    "phone": PHONE,
    "email": EMAIL,
}
FOCUS = "kirim.focus"  # (widget key, attempt number) for the run after a failed send


def remember_first_error(fields: set[str]) -> None:
    """After a failed send: the first field in form order that has a problem."""
    for field, widget in FIELD_WIDGETS.items():
        if field in fields:
            attempt = (st.session_state.get(FOCUS) or ("", 0))[1] + 1
            st.session_state[FOCUS] = (widget, attempt)
            return


def focus_first_error() -> None:
    """Scroll the first field with a problem to the middle of the screen and focus it.

    On a phone the send button is far below the fields: without this the visitor
    sees only "fix the problems above". Drawn once, in the run right after the
    failed send (the attempt number makes each failure's script new).
    """
    focus = st.session_state.pop(FOCUS, None)
    if not focus:
        return
    widget, attempt = focus
    selector = f".st-key-{widget.replace('.', '-')}"
    st.html(
        f"""<script data-attempt="{attempt}">
setTimeout(() => {{
  const field = document.querySelector({json.dumps(selector)});
  if (!field) return;
  field.scrollIntoView({{ block: "center" }});
  const control = field.querySelector("input:not([type=hidden]), textarea, button");
  if (control) control.focus({{ preventScroll: true }});
}}, 150);
</script>""",
        unsafe_allow_javascript=True,
    )
