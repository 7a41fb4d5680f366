"""A citizen reports a problem with a photo through the form, gets a ticket, and tracks it."""

from __future__ import annotations

import re

import pytest

from data_layer.states import STATUS_LABELS, Status
from tests.e2e.harness import Browser
from tests.factories import photo_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TICKET_SHAPE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b")


def fill_report_form(app: Browser, *, title: str, photo_path) -> None:
    app.open("kirim")
    app.choose_first("kirim.category", "Jalan")
    app.choose_first("kirim.kelurahan", "Miroto")
    app.type_into("kirim.title", title)
    app.type_into(
        "kirim.description",
        "Lubang selebar satu meter di tengah jalan, sudah dua minggu, berbahaya malam hari.",
    )
    app.widget("kirim.photos").locator('input[type="file"]').set_input_files(str(photo_path))
    app.widget("kirim.photos").get_by_text(photo_path.name).wait_for()
    app.wait_idle()


def submit(app: Browser) -> str:
    """Press submit (confirming past the possible-duplicates notice); return the ticket."""
    app.widget("kirim.submit").get_by_role("button").click()
    app.wait_idle()
    anyway = app.widget("kirim.submit_anyway").get_by_role("button")
    if anyway.count():
        anyway.click()
        app.wait_idle()
    heading = app.main().locator("h2").filter(has_text=TICKET_SHAPE)
    heading.wait_for()
    return TICKET_SHAPE.search(heading.inner_text()).group(0)


def test_citizen_submits_a_report_with_a_photo_and_tracks_it(app: Browser, tmp_path):
    photo_path = tmp_path / "lubang.jpg"
    photo_path.write_bytes(photo_bytes(size=(1200, 900), color=(120, 90, 60)))
    title = "Lubang besar di Jalan Pemuda depan toko"

    fill_report_form(app, title=title, photo_path=photo_path)
    ticket = submit(app)
    app.screenshot("citizen-ticket")
    # The private follow-up code is shown once, next to the ticket.
    app.main().locator('[data-testid="stCode"]').nth(1).wait_for()

    app.open("lacak", tiket=ticket)
    main = app.main()
    main.get_by_text(STATUS_LABELS[Status.DITERIMA]["id"]).first.wait_for()
    assert ticket in main.inner_text()
    app.screenshot("citizen-tracking")
    assert app.js_errors() == []
    assert app.foreign_requests() == []
