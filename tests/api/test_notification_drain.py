"""The app's optional background sender of queued status e-mails."""

from __future__ import annotations

import threading
import time

from factories import VERIFIER, make_report
from smtp_support import smtp_server  # noqa: F401 (a fixture)

from api.notification_drain import start_sender
from data_layer.commands import transition
from data_layer.config import get_settings
from data_layer.db import dispose_process_engines
from data_layer.states import Status


def test_with_an_interval_the_app_sends_what_the_transition_queued(
    api_db,
    smtp_server,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setenv("PANTAU_NOTIFICATION_SEND_INTERVAL_SECONDS", "0.2")
    get_settings.cache_clear()
    dispose_process_engines()
    with api_db.write().begin() as session:
        report = make_report(
            session, settings=api_db.settings, reporter_email="a@contoh.test", notify_lang="id"
        )
        transition(
            session,
            report_id=report.report_id,
            to=Status.DIVERIFIKASI,
            actor=VERIFIER,
            settings=api_db.settings,
        )
    stop = threading.Event()
    thread = start_sender(stop)
    try:
        assert thread is not None and thread.daemon
        assert start_sender(stop) is thread  # one sender per process
        # Wait for the event, not for a duration: the test fails only if it never comes.
        deadline = time.monotonic() + 30
        while not smtp_server.to("a@contoh.test") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(smtp_server.to("a@contoh.test")) == 1
    finally:
        stop.set()
        thread.join(timeout=10)


def test_without_an_interval_the_app_sends_nothing(api_db, smtp_server):  # noqa: F811
    assert start_sender() is None
