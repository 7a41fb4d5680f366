"""After Kirim succeeds: a reloadable ticket, copy buttons, a receipt image, an e-mail."""

from __future__ import annotations

import io
import re

from PIL import Image
from smtp_support import smtp_server  # noqa: F401 (a fixture)
from sqlalchemy import select
from test_kirim import as_seen, click_submit, fill_valid, open_page

from data_layer.models import Report
from data_layer.tickets import format_ticket_code
from ui import submission as form

GROUPED = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


def html_shown(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def the_ticket(database) -> str:
    with database.read() as session:
        return session.scalars(select(Report.ticket)).one()


def test_the_ticket_goes_into_the_url_and_a_reload_shows_it_but_never_the_code(app_db):
    at = click_submit(fill_valid(open_page(), app_db))
    ticket = format_ticket_code(the_ticket(app_db))
    assert at.query_params["tiket"] == ticket
    followup = at.code[1].value
    assert GROUPED.match(followup)  # read in groups: 9HX0-DJQ0-RF8F
    assert f'data-copy="{ticket}"' in html_shown(at)
    assert f'data-copy="{followup}"' in html_shown(at)

    # The reload: a new browser session with only the URL.
    reloaded = open_page_with(tiket=ticket)
    assert not reloaded.exception
    assert reloaded.header[0].value == ticket
    assert [c.value for c in reloaded.code] == [ticket]
    assert followup not in html_shown(reloaded)
    assert any("hanya ditampilkan sekali" in i.value for i in reloaded.info)
    assert not _has_form(reloaded)

    # Another report clears the URL and brings back the form.
    at = at.button(key=form.ANOTHER).click().run()
    assert "tiket" not in at.query_params
    assert at.text_input(key=form.TITLE).value == ""


def test_an_unknown_or_malformed_ticket_in_the_url_shows_the_form(app_db):
    for value in ("7QM2R-T9KXH", "bukan-kode"):
        at = open_page_with(tiket=value)
        assert not at.exception
        assert _has_form(at)
        assert not at.header


def test_the_receipt_image_is_a_real_png_with_both_codes(app_db):
    at = click_submit(fill_valid(open_page(), app_db))
    buttons = at.get("download_button")
    assert len(buttons) == 1
    assert buttons[0].proto.label == "Simpan sebagai gambar (PNG)"
    from ui.submission_success import Receipt, receipt_image

    result = at.session_state[form.RESULT]
    image = Image.open(io.BytesIO(receipt_image(Receipt(result.ticket, result.followup_code))))
    image.load()
    assert image.format == "PNG" and image.width == 720 and image.height > 400
    assert 'data-print="1"' in html_shown(at)


def test_the_receipt_is_mailed_to_the_address_given(app_db, smtp_server):  # noqa: F811
    at = click_submit(fill_valid(open_page(), app_db))
    followup = at.code[1].value
    button = at.button(key="kirim.receipt_mail")
    # The address is the visitor's own text: escaped, so Markdown shows it as typed.
    assert button.label == r"Kirim tanda terima ke budi\@example\.com"
    assert as_seen(button.label) == "Kirim tanda terima ke budi@example.com"
    at = button.click().run()
    assert not at.exception
    ticket = format_ticket_code(the_ticket(app_db))
    [mail] = smtp_server.to("budi@example.com")
    assert ticket in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert followup in body
    assert f"https://pantau.kota.example/lacak?tiket={ticket}" in body
    [attachment] = list(mail.iter_attachments())
    assert Image.open(io.BytesIO(attachment.get_content())).format == "PNG"
    assert any("sudah dikirim ke budi@example.com" in as_seen(s.value) for s in at.success)
    # A second tap sends nothing more.
    assert not [b for b in at.button if b.key == "kirim.receipt_mail"]


def test_a_refused_mail_says_so_and_keeps_the_codes_on_screen(app_db, smtp_server):  # noqa: F811
    smtp_server.refuse = True
    at = click_submit(fill_valid(open_page(), app_db))
    at = at.button(key="kirim.receipt_mail").click().run()
    assert not at.exception
    assert any("email belum terkirim" in e.value for e in at.error)
    assert len(at.code) == 2


def test_without_smtp_or_without_an_address_no_mail_is_offered(app_db, smtp_server):  # noqa: F811
    at = click_submit(fill_valid(open_page(), app_db, **{form.EMAIL: ""}))
    assert not [b for b in at.button if b.key == "kirim.receipt_mail"]


def test_without_smtp_configured_no_mail_is_offered(app_db):
    at = click_submit(fill_valid(open_page(), app_db))
    assert at.code and not [b for b in at.button if b.key == "kirim.receipt_mail"]


def open_page_with(**params: str):
    from streamlit.testing.v1 import AppTest
    from test_kirim import PAGE

    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _has_form(at) -> bool:
    return any(w.key == form.TITLE for w in at.text_input)
