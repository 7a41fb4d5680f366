"""Operators move a citizen's report to a proof-photo resolution, all through the browser.

Streamlit keeps a sign-in in the browser tab's session, so after signing in the test moves
between pages the way a person does (the menu, the page's own ticket box), never by
reloading a URL.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from data_layer.states import STATUS_LABELS, Status
from tests.e2e.harness import (
    OPD_USERNAME,
    VERIFIER_USERNAME,
    WORKFLOW_TITLE,
    Browser,
    submit_sign_in,
)
from tests.factories import photo_bytes
from ui.i18n import t

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LANG = "id"


def label(key: str, **values) -> str:
    return t(key, lang=LANG, **values)


def status_label(status: Status) -> str:
    return STATUS_LABELS[status][LANG]


def sign_in(app: Browser, username: str) -> None:
    submit_sign_in(app, username)
    # Signed in: the operator menu now offers the report page.
    report_link(app).wait_for()


def report_link(app: Browser):
    return app.page.locator('[data-testid="stSidebar"] a[href*="operator_laporan"]')


def open_report(app: Browser, ticket: str) -> None:
    report_link(app).click()
    app.wait_idle()
    main = app.main()
    main.get_by_label(label("op.report.ticket_input"), exact=True).fill(ticket)
    main.get_by_role("button", name=label("op.report.open")).click()
    app.wait_idle()
    main.get_by_text(WORKFLOW_TITLE).first.wait_for()


def act(app: Browser, action: Status, note: str, photo_path=None) -> None:
    """Choose an action, write its public note (and attach photos), save it."""
    main = app.main()
    combo = main.get_by_role("combobox", name=label("op.action.choose"))
    app.pick(combo, label(f"op.action.{action.value}"))
    main.get_by_label(label("op.action.public_note"), exact=True).fill(note)
    if photo_path is not None:
        uploader = main.locator('[data-testid="stFileUploader"] input[type="file"]')
        uploader.set_input_files(str(photo_path))
        main.get_by_text(photo_path.name).wait_for()
    main.get_by_role("button", name=label("op.action.submit")).click()
    app.wait_idle()
    # The report now shows its new status.
    main.get_by_text(status_label(action)).first.wait_for()
    assert main.locator('[data-testid="stException"]').count() == 0


def test_operators_verify_forward_and_resolve_with_an_after_photo(
    app: Browser, browser, app_server, tmp_path
):
    ticket = app_server.seeded.workflow_ticket
    after_photo = tmp_path / "sesudah.jpg"
    after_photo.write_bytes(photo_bytes(size=(1024, 768), color=(40, 160, 60)))

    # Diskominfo's verifier: verify, then forward (disposisi) to the suggested OPD.
    sign_in(app, VERIFIER_USERNAME)
    open_report(app, ticket)
    act(app, Status.DIVERIFIKASI, "Laporan lengkap, diverifikasi.")
    act(app, Status.DITERUSKAN, "Diteruskan ke Dinas Pekerjaan Umum.")
    app.screenshot("operator-forwarded")

    # The OPD's operator, in a browser of their own: start work, resolve with proof.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        opd = Browser(context.new_page(), app_server)
        try:
            sign_in(opd, OPD_USERNAME)
            open_report(opd, ticket)
            act(opd, Status.DIPROSES, "Tim sudah dijadwalkan ke lokasi.")
            act(opd, Status.SELESAI, "Trotoar sudah diperbaiki dan dicor ulang.", after_photo)
        except Exception:
            opd.screenshot("FAILED-opd-operator")
            raise
        opd.screenshot("operator-resolved")
        assert opd.recorded.dialogs == []
        assert opd.js_errors() == []
    finally:
        context.close()

    # The public tracking page shows the whole timeline with the public notes.
    app.open("lacak", tiket=ticket)
    text = app.main().inner_text()
    for status in (
        Status.DITERIMA,
        Status.DIVERIFIKASI,
        Status.DITERUSKAN,
        Status.DIPROSES,
        Status.SELESAI,
    ):
        assert status_label(status) in text, status
    assert "Trotoar sudah diperbaiki dan dicor ulang." in text
    app.screenshot("operator-timeline")

    # The gallery shows the pair: the citizen's photo before, the OPD's proof after.
    app.open("galeri", kelurahan="3374011001")
    app.main().get_by_text(WORKFLOW_TITLE).first.wait_for()
    # The innermost block holding the title is the report's card.
    card = app.main().locator('[data-testid="stVerticalBlock"]').filter(has_text=WORKFLOW_TITLE)
    images = card.last.locator("img")
    expect(images).to_have_count(2)  # retries: the proof photo may draw after the title
    alts = [images.nth(i).get_attribute("alt") for i in range(2)]
    assert all(alt and alt.strip() for alt in alts), alts
    app.screenshot("operator-gallery")
