"""A citizen on a phone (390×844): what they see after Kirim, on Beranda and on Lacak."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.states import Status
from data_layer.tickets import format_ticket_code
from tests.e2e.harness import ARTIFACTS, Browser
from tests.e2e.test_browser_citizen_journey import TICKET_SHAPE, fill_report_form, submit
from tests.factories import advance, make_report, photo_bytes

BRUMBUNGAN = "3374011002"

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

FOLLOWUP_SHAPE = re.compile(
    r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b"
)


@pytest.fixture
def phone(browser, app_server, request):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    tab = Browser(context.new_page(), app_server)
    try:
        yield tab
        assert tab.recorded.dialogs == []
    finally:
        context.close()


def test_after_kirim_the_ticket_survives_a_reload_and_the_codes_copy(phone: Browser, tmp_path):
    photo_path = tmp_path / "got.jpg"
    photo_path.write_bytes(photo_bytes(size=(900, 700), color=(90, 110, 60)))
    fill_report_form(phone, title="Got tersumbat sampah di Jalan Pandanaran", photo_path=photo_path)
    ticket = submit(phone)
    assert f"tiket={ticket}" in phone.page.url
    main = phone.main()
    # The code box can arrive a moment after the ticket's heading: wait for it, then read.
    code = main.get_by_text(FOLLOWUP_SHAPE).first
    code.wait_for()
    followup = FOLLOWUP_SHAPE.search(code.inner_text()).group(0)
    phone.screenshot("phone-kirim-success")

    main.get_by_role("button", name="Salin kode tindak lanjut").click()
    main.get_by_role("button", name="Tersalin ✓").wait_for()
    assert phone.page.evaluate("navigator.clipboard.readText()") == followup
    main.get_by_role("button", name="Salin kode tiket").click()
    assert phone.page.evaluate("navigator.clipboard.readText()") == ticket
    with phone.page.expect_download() as download:
        main.get_by_role("button", name="Simpan sebagai gambar (PNG)").click()
    assert download.value.suggested_filename == f"tanda-terima-{ticket}.png"

    phone.page.reload()
    phone.wait_idle()
    heading = phone.main().locator("h2").filter(has_text=TICKET_SHAPE)
    heading.wait_for()
    assert ticket in heading.inner_text()
    text = phone.main().inner_text()
    assert followup not in text and not FOLLOWUP_SHAPE.search(text)
    assert "hanya ditampilkan sekali" in text
    phone.screenshot("phone-kirim-reloaded")

    # With the code (typed loosely), the reporter sees what they sent, before verification.
    phone.open("lacak", tiket=ticket)
    phone.widget("followup.code").locator("input").fill(followup.lower().replace("-", " "))
    phone.main().get_by_role("button", name="Buka", exact=True).click()
    phone.wait_idle()
    own = phone.widget("followup-own")
    own.get_by_text("Got tersumbat sampah di Jalan Pandanaran").wait_for()
    expect(own.locator("img")).to_have_count(1)  # retries: the photo may draw a moment later
    own.scroll_into_view_if_needed()
    phone.page.screenshot(path=str(ARTIFACTS / "phone-lacak-own-report.png"))


def test_beranda_on_a_phone_offers_report_and_track_first_with_a_labelled_menu(phone: Browser):
    phone.open("")
    main = phone.main()
    report = main.get_by_role("link", name="Laporkan masalah")
    box = main.get_by_label("Kode tiket laporan Anda")
    # Both ways in are on the first screen, above the figures.
    for control in (report, box):
        top = control.bounding_box()["y"]
        assert top < 844, f"below the first screen: {top}"
    first_metric = main.locator('[data-testid="stMetric"]').first
    first_metric.wait_for()
    assert box.bounding_box()["y"] < first_metric.bounding_box()["y"]
    assert phone.page.get_by_text("Pantau Lapor", exact=True).first.is_visible()
    menu = phone.page.get_by_role("button", name="Menu")
    menu.wait_for()
    assert "Menu" in menu.inner_text()
    phone.screenshot("phone-beranda")

    ticket = format_ticket_code(phone.server.seeded.resolved_ticket)
    box.fill(ticket.lower().replace("-", " "))
    box.press("Enter")
    phone.page.wait_for_url("**/lacak?tiket=*")
    phone.wait_idle()
    phone.main().get_by_text(ticket).first.wait_for()
    phone.screenshot("phone-beranda-tracked")

    phone.open("")
    phone.page.get_by_role("button", name="Menu").click()
    phone.page.locator('[data-testid="stSidebar"]').get_by_role(
        "link", name="Kirim laporan"
    ).wait_for()


def test_a_failed_send_on_a_phone_brings_the_first_problem_into_view(phone: Browser):
    phone.open("kirim")
    phone.type_into("kirim.title", "Lampu jalan mati di depan masjid")
    phone.widget("kirim.submit").get_by_role("button").click()
    phone.wait_idle()
    category = phone.widget("kirim.category")
    phone.page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('.st-key-kirim-category')"
    )
    box = category.bounding_box()
    assert box["y"] >= 0 and box["y"] + 40 <= 844, box
    phone.page.screenshot(path=str(ARTIFACTS / "phone-kirim-first-error.png"))


def test_on_a_phone_the_duplicates_panel_offers_me_too(phone: Browser):
    # An open public report of the same category in the same kelurahan, received today.
    settings = Settings(database_url=phone.server.database_url)
    engine = make_engine(phone.server.database_url)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            existing = make_report(
                session,
                settings=settings,
                kelurahan_code=BRUMBUNGAN,
                latitude=None,
                longitude=None,
                title="Jalan retak panjang di depan balai kelurahan",
            )
            advance(session, report_id=existing.report_id, to=Status.DITERUSKAN, settings=settings)
    finally:
        engine.dispose()
    phone.open("kirim")
    phone.choose_first("kirim.category", "Jalan")
    phone.choose_first("kirim.kelurahan", "Brumbungan")
    phone.type_into("kirim.title", "Jalan retak di depan balai")
    phone.type_into("kirim.description", "Retakan panjang di aspal, makin lebar setelah hujan.")
    phone.widget("kirim.submit").get_by_role("button").click()
    phone.wait_idle()
    panel = phone.widget("kirim-duplicates")
    panel.get_by_text("Jalan retak panjang di depan balai kelurahan").wait_for()
    assert phone.widget("kirim.submit").count() == 0  # the decision is the only choice
    panel.scroll_into_view_if_needed()
    phone.page.screenshot(path=str(ARTIFACTS / "phone-kirim-duplicates.png"))
    panel.get_by_role("button", name="Saya juga mengalami ini").first.click()
    phone.wait_idle()
    code = format_ticket_code(existing.ticket)
    phone.main().get_by_text(f"masalah yang sama dengan laporan {code}").wait_for()
    phone.open("lacak", tiket=code)
    phone.main().get_by_text("1 warga juga mengalami ini").wait_for()
