"""Driving the whole app (app.py, with its navigation) as an operator, through AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
OPERATOR_PAGES = (
    "pages/operator_masuk.py",
    "pages/operator_antrian.py",
    "pages/operator_laporan.py",
    "pages/operator_intake.py",
    "pages/operator_admin.py",
)


def open_app(page: str | None = None, **query_params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query_params)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def go(at: AppTest, page: str) -> AppTest:
    """Follow an in-app page switch (AppTest keeps requesting the page last switched to)."""
    return at.switch_page(page).run()


def as_seen(markdown: str) -> str:
    """What a reader sees of Markdown source: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="op_login_username").input(username)
    at.text_input(key="op_login_password").input(password)
    return submit(at, "op_login_form")


def submit(at: AppTest, form_key: str) -> AppTest:
    """Click the submit button of the form whose key starts with `form_key`."""
    for button in at.form_submit_button:
        if button.form_id.startswith(form_key) or form_key in button.form_id:
            return button.click().run()
    raise AssertionError(
        f"no form {form_key!r} on the page: {[b.form_id for b in at.form_submit_button]}"
    )


def by_key_prefix(widgets, prefix: str):
    matches = [widget for widget in widgets if widget.key and widget.key.startswith(prefix)]
    assert matches, f"no widget with a key starting {prefix!r}"
    return matches[0]


def texts(at: AppTest) -> str:
    """Everything shown on the page as text (titles, text, captions, alerts, tables)."""
    parts: list[str] = []
    for elements in (
        at.title,
        at.header,
        at.subheader,
        at.markdown,
        at.caption,
        at.text,
        at.code,
        at.error,
        at.warning,
        at.info,
        at.success,
    ):
        parts.extend(as_seen(str(element.value)) for element in elements)
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def messages(at: AppTest) -> list[str]:
    return [as_seen(str(e.value)) for e in (*at.error, *at.warning, *at.success, *at.info)]
