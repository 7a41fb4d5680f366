"""The Indonesian pages speak Indonesian, Streamlit's own texts included, and say so.

Streamlit's widgets carry English texts of their own ("Choose an option", "Upload",
"10MB per file", "Press Enter to submit form", the table toolbar). Each public page
is scanned in a real browser, every filter open, for any of them: in the visible
text, and in the placeholders, labels and tooltips screen readers and mice find.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.harness import PUBLIC_PATHS, Browser, page_name
from ui.i18n import catalog

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# Streamlit's English texts, as the catalogue records them; "{x}" parts match anything.
ENGLISH = [
    re.compile(r"(?<!\w)" + re.escape(entry["en"]).replace(r"\{x\}", ".+?") + r"(?!\w)")
    for key, entry in catalog().items()
    if key.startswith("browser.") and not key.startswith("browser.month.")
]
PATHS = (*PUBLIC_PATHS, "kinerja_opd?opd=dpu")

EVERYTHING_READABLE = """() => {
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
        for (const name of ['placeholder', 'aria-label', 'title']) {
            const value = el.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts.join('\\n');
}"""


def _open_everything(app: Browser) -> None:
    for summary in app.main().locator('[data-testid="stExpander"] summary').all():
        if summary.is_visible():
            summary.click()
    app.wait_idle()


def _english_in(text: str) -> list[str]:
    return sorted({m.group(0) for pattern in ENGLISH for m in pattern.finditer(text)})


@pytest.mark.parametrize("path", PATHS, ids=page_name)
def test_indonesian_pages_show_none_of_streamlits_english(app: Browser, path: str):
    app.open(path)
    _open_everything(app)
    assert app.page.evaluate("() => document.documentElement.lang") == "id"
    assert _english_in(app.page.evaluate(EVERYTHING_READABLE)) == [], f"English on /{path}"


def test_a_form_field_says_how_to_submit_in_indonesian(app: Browser):
    app.open("lacak")
    field = app.main().locator("input[type=text]").first
    field.click()
    field.press_sequentially("ABC")
    hint = app.main().get_by_text(re.compile("Enter")).first
    hint.wait_for()
    assert "Tekan Enter" in hint.inner_text()
    assert _english_in(app.page.evaluate(EVERYTHING_READABLE)) == []


def test_english_pages_declare_english_and_get_no_indonesian_swaps(app: Browser):
    app.open("kirim", lang="en")
    assert app.page.evaluate("() => document.documentElement.lang") == "en"
    swapped = {entry["id"] for key, entry in catalog().items() if key.startswith("browser.")}
    text = app.page.evaluate(EVERYTHING_READABLE)
    assert not [word for word in swapped if "{x}" not in word and word in text]
