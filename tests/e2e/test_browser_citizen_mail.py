"""A phone, an app with SMTP configured, and a real SMTP server on loopback.

The citizen opts in to status e-mails and sends the receipt to themselves; an
operator's change then reaches them through the app's own sender.
"""

from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller
from smtp_support import Mailbox, _free_port

from data_layer.commands import transition
from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.models import Report
from data_layer.states import Status
from tests.e2e.harness import ARTIFACTS, AppServer, Browser, start_server, stop_server
from tests.e2e.test_browser_citizen_journey import fill_report_form, submit
from tests.factories import VERIFIER, photo_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ADDRESS = "sari.warga@example.com"


@pytest.fixture
def mail_app(seeded_database, browser):
    mailbox = Mailbox(_free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    log_path = ARTIFACTS / "streamlit-mail.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    process, url = start_server(
        seeded_database.database_url,
        log_path,
        PANTAU_SMTP_HOST="127.0.0.1",
        PANTAU_SMTP_PORT=str(mailbox.port),
        PANTAU_SMTP_SECURITY="none",
        PANTAU_SMTP_FROM="pantau@kota.example",
        PANTAU_PUBLIC_BASE_URL="https://pantau.kota.example",
        PANTAU_NOTIFICATION_SEND_INTERVAL_SECONDS="0.5",
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
    )
    server = AppServer(url, seeded_database.database_url, seeded_database, log_path)
    try:
        yield Browser(context.new_page(), server), mailbox
    finally:
        context.close()
        stop_server(process)
        controller.stop()


def wait_for_mail(mailbox: Mailbox, count: int) -> None:
    # Waits for the event; fails only if it never comes.
    deadline = time.monotonic() + 60
    while len(mailbox.to(ADDRESS)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(mailbox.to(ADDRESS)) >= count, [m["Subject"] for m in mailbox.messages]


def test_opt_in_receipt_by_mail_and_a_status_e_mail(mail_app, tmp_path):
    phone, mailbox = mail_app
    photo_path = tmp_path / "sampah.jpg"
    photo_path.write_bytes(photo_bytes(size=(800, 600), color=(70, 70, 40)))
    fill_report_form(phone, title="Sampah menumpuk di tepi kali Semarang", photo_path=photo_path)
    phone.type_into("kirim.email", ADDRESS)
    notify = phone.widget("kirim.notify")
    notify.get_by_text("Kabari saya lewat email bila status laporan berubah").click()
    phone.wait_idle()
    notify.scroll_into_view_if_needed()
    phone.page.screenshot(path=str(ARTIFACTS / "phone-kirim-notify-option.png"))
    ticket = submit(phone)

    mail_button = phone.main().get_by_role("button", name=f"Kirim tanda terima ke {ADDRESS}")
    mail_button.click()
    phone.wait_idle()
    phone.main().get_by_text(f"Tanda terima sudah dikirim ke {ADDRESS}.").wait_for()
    phone.page.screenshot(path=str(ARTIFACTS / "phone-kirim-receipt-mailed.png"))
    wait_for_mail(mailbox, 1)
    assert ticket in mailbox.to(ADDRESS)[0]["Subject"]

    engine = make_engine(phone.server.database_url)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            report_id = (
                session.query(Report.id).filter(Report.ticket == ticket.replace("-", "")).scalar()
            )
            transition(
                session,
                report_id=report_id,
                to=Status.DIVERIFIKASI,
                actor=VERIFIER,
                settings=Settings(database_url=phone.server.database_url),
            )
    finally:
        engine.dispose()
    wait_for_mail(mailbox, 2)
    status_mail = mailbox.to(ADDRESS)[1]
    assert status_mail["Subject"] == f"Laporan {ticket}: Diverifikasi"
    assert (
        f"https://pantau.kota.example/lacak?tiket={ticket}"
        in status_mail.get_body(("plain",)).get_content()
    )
