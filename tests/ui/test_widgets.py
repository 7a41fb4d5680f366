"""`inert()` and the small formatting helpers of ui/widgets.py."""

from __future__ import annotations

import datetime as dt
import html
import re
import string

import pytest
from markdown_it import MarkdownIt

from ui.widgets import actor_text, duration_text, inert, ticket_link

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('xss')</script>",
    "[klik di sini](javascript:alert(1))",
    "![foto](https://evil.example/track.png)",
    "<https://evil.example>",
    "**tebal** _miring_ ~~coret~~ `kode`",
    "# Judul besar",
    "> kutipan\n- butir\n1. nomor",
    "    indented code block",
    ":red[merah] :material/warning: :smile: $x^2$",
    "a | b\n--|--\n1 | 2",
    "&amp; &lt;b&gt; &#60;i&#62;",
    "Jalan rusak di Jl. Pemuda No. 5 (depan toko) — 100% berbahaya!",
    "baris satu\nbaris dua\r\n\tbaris tiga",
]

# CommonMark plus the GitHub extensions Streamlit's renderer also has.
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rendered_text(markdown: str) -> tuple[str, set[str]]:
    """What a CommonMark renderer shows for `markdown`: its text, and the tags it made."""
    output = MARKDOWN.render(markdown)
    tags = set(re.findall(r"<([a-z0-9]+)", output))
    text = re.sub(r"<br />\n?", "\n", output)
    text = re.sub(r"</?p>\n?", "", text)
    return html.unescape(text).strip(), tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inert_text_renders_as_exactly_the_same_plain_text(payload):
    text, tags = rendered_text(inert(payload))
    assert tags <= {"p", "br"}, f"markup created from {payload!r}: {tags}"
    expected = "\n".join(
        line.lstrip(" ") for line in payload.replace("\r", "").replace("\t", " ").split("\n")
    )
    assert text == expected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inert_leaves_no_live_punctuation_for_streamlit_directives(payload):
    # Streamlit adds its own syntax (`:red[…]`, `:material/…:`, `$…$`) that a
    # CommonMark parser does not know: every punctuation mark must be escaped.
    without_escapes = re.sub(r"\\[" + re.escape(string.punctuation) + "]", "", inert(payload))
    without_entities = re.sub(r"&(amp|lt|gt);", "", without_escapes)
    assert not set(without_entities) & set(string.punctuation)


def test_inert_of_nothing_is_empty():
    assert inert(None) == "" and inert("") == ""


def test_durations_read_naturally_in_both_languages():
    assert duration_text(dt.timedelta(days=2, hours=5, minutes=10), "id") == "2 hari 5 jam"
    assert duration_text(dt.timedelta(hours=3, minutes=7), "en") == "3 h 7 min"
    assert duration_text(dt.timedelta(minutes=42), "id") == "42 menit"
    assert duration_text(None, "id") == "–"


def test_actor_labels_are_roles_never_names():
    assert actor_text("verifikator", "id") == "Verifikator Diskominfo"
    assert actor_text("opd", "en") == "Department (OPD) officer"
    assert actor_text("warga", "id") == "Warga (pelapor)"
    assert actor_text("kurir", "id") == "kurir"  # an unknown role label stays as it is


def test_ticket_links_keep_the_language():
    assert ticket_link("7QM2RT9KXH", "id") == "lacak?tiket=7QM2R-T9KXH"
    assert ticket_link("7QM2RT9KXH", "en") == "lacak?tiket=7QM2R-T9KXH&lang=en"
