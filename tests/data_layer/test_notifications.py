"""Status-change e-mails: queued with the transition, sent after it, retried, unsubscribed.

A real SMTP server on loopback receives the messages (tests/smtp_support.py);
each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from factories import VERIFIER, make_report, opd_actor, prepared_photo
from smtp_support import smtp_server  # noqa: F401 (a fixture)
from sqlalchemy import func, inspect, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

import api
from data_layer.__main__ import main as cli_main
from data_layer.citizen_models import NotificationOutbox, NotificationSubscription
from data_layer.commands import TransitionNotAllowed, transition
from data_layer.config import get_settings
from data_layer.db import dispose_process_engines
from data_layer.notifications import MAX_ATTEMPTS, send_due_notifications
from data_layer.states import PhotoKind, RejectReason, Status
from data_layer.tickets import format_ticket_code

START = dt.datetime(2026, 3, 2, 2)
EMAIL = "warga.kabar@contoh.test"


def settings_now():
    get_settings.cache_clear()
    return get_settings()


def submit(database, **overrides):
    with database.write().begin() as session:
        return make_report(
            session,
            settings=database.settings,
            now=START,
            reporter_email=EMAIL,
            notify_lang=overrides.pop("notify_lang", "id"),
            **overrides,
        )


def move(database, report_id, to, *, at, actor=VERIFIER, **kwargs):
    with database.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=to,
            actor=actor if not callable(actor) else actor(session),
            settings=database.settings,
            now=at,
            **kwargs,
        )


def send(database, now):
    return send_due_notifications(database.write(), settings_now(), now=now)


def outbox(database):
    with database.read() as session:
        return session.scalars(select(NotificationOutbox).order_by(NotificationOutbox.id)).all()


def test_each_change_the_reporter_cares_about_sends_one_short_message(db, smtp_server):  # noqa: F811
    report = submit(db)
    ticket = format_ticket_code(report.ticket)
    at = START + dt.timedelta(hours=1)
    move(db, report.report_id, Status.PERLU_INFO, at=at, public_note="Di depan nomor berapa?")
    assert send(db, at).sent == 1
    [asked] = smtp_server.to(EMAIL)
    assert asked["Subject"] == f"Laporan {ticket}: Perlu informasi"
    body = asked.get_body(("plain",)).get_content()
    assert "Yang ditanyakan: Di depan nomor berapa?" in body
    assert f"https://pantau.kota.example/lacak?tiket={ticket}" in body
    assert asked["List-Unsubscribe"].startswith("<https://pantau.kota.example/berhenti-langganan?")

    steps = [
        (Status.DIVERIFIKASI, VERIFIER, {}),
        (Status.DITERUSKAN, VERIFIER, {}),
        (Status.DIPROSES, opd_actor, {}),  # not a change the reporter is mailed about
        (
            Status.SELESAI,
            opd_actor,
            {
                "photos": ((PhotoKind.AFTER, prepared_photo(db.settings, color=(40, 160, 60))),),
                "public_note": "Lubang sudah ditambal.",
            },
        ),
    ]
    for index, (to, actor, kwargs) in enumerate(steps, start=2):
        move(db, report.report_id, to, at=START + dt.timedelta(days=index), actor=actor, **kwargs)
    assert send(db, START + dt.timedelta(days=9)).sent == 3
    subjects = [m["Subject"] for m in smtp_server.to(EMAIL)]
    assert subjects[1:] == [
        f"Laporan {ticket}: Diverifikasi",
        f"Laporan {ticket}: Diteruskan ke OPD",
        f"Laporan {ticket}: Selesai",
    ]
    resolved = smtp_server.to(EMAIL)[-1].get_body(("plain",)).get_content()
    assert "Foto sesudah: https://pantau.kota.example/foto/" in resolved
    forwarded = smtp_server.to(EMAIL)[2].get_body(("plain",)).get_content()
    assert "Dinas Pekerjaan Umum" in forwarded
    assert send(db, START + dt.timedelta(days=10)).sent == 0  # each message once


def test_a_rejection_says_why_and_english_reporters_read_english(db, smtp_server):  # noqa: F811
    report = submit(db, notify_lang="en")
    at = START + dt.timedelta(hours=2)
    move(db, report.report_id, Status.DITOLAK, at=at, reject_reason=RejectReason.DUPLIKAT)
    send(db, at)
    [mail] = smtp_server.to(EMAIL)
    assert mail["Subject"].endswith(": Rejected")
    body = mail.get_body(("plain",)).get_content()
    assert "Reason:" in body and "&lang=en" in body


def test_without_opting_in_nothing_is_queued_and_a_refused_change_queues_nothing(db, smtp_server):  # noqa: F811
    quiet = submit(db, notify_lang=None)
    move(db, quiet.report_id, Status.DIVERIFIKASI, at=START + dt.timedelta(hours=1))
    loud = submit(db)
    with pytest.raises(TransitionNotAllowed):
        move(db, loud.report_id, Status.SELESAI, at=START + dt.timedelta(hours=1))
    assert outbox(db) == []
    assert send(db, START + dt.timedelta(days=1)).sent == 0
    assert smtp_server.messages == []


def test_a_failing_server_never_blocks_the_change_and_is_retried_with_backoff(db, smtp_server):  # noqa: F811
    report = submit(db)
    at = START + dt.timedelta(hours=1)
    smtp_server.refuse = True
    move(db, report.report_id, Status.DIVERIFIKASI, at=at)
    summary = send(db, at)
    assert summary.retrying == 1 and summary.sent == 0
    [row] = outbox(db)
    assert row.outcome is None and row.attempts == 1
    assert row.next_attempt_at == at + dt.timedelta(minutes=1)
    assert send(db, at + dt.timedelta(seconds=30)).retrying == 0  # not due yet
    send(db, at + dt.timedelta(minutes=1))
    assert outbox(db)[0].next_attempt_at == at + dt.timedelta(minutes=3)  # then 2 minutes
    with db.read() as session:
        from data_layer.models import Report

        assert session.get(Report, report.report_id).status == Status.DIVERIFIKASI.value

    smtp_server.refuse = False
    assert send(db, at + dt.timedelta(minutes=3)).sent == 1
    assert outbox(db)[0].outcome == "sent"
    assert len(smtp_server.to(EMAIL)) == 1


def test_a_message_that_keeps_failing_is_given_up_after_the_last_attempt(db, smtp_server):  # noqa: F811
    report = submit(db)
    smtp_server.refuse = True
    moment = START + dt.timedelta(hours=1)
    move(db, report.report_id, Status.DIVERIFIKASI, at=moment)
    for _ in range(MAX_ATTEMPTS):
        send(db, moment)
        moment += dt.timedelta(days=1)
    [row] = outbox(db)
    assert (row.outcome, row.attempts) == ("failed", MAX_ATTEMPTS)


def test_one_link_unsubscribes_and_later_changes_send_nothing(db, smtp_server, monkeypatch):  # noqa: F811
    report = submit(db)
    move(db, report.report_id, Status.DIVERIFIKASI, at=START + dt.timedelta(hours=1))
    with db.read() as session:
        token = session.scalar(select(NotificationSubscription.token))
    monkeypatch.setenv("DATABASE_URL", db.url)
    get_settings.cache_clear()
    dispose_process_engines()
    with TestClient(Starlette(routes=api.routes(), middleware=api.middleware())) as client:
        page = client.get(f"/berhenti-langganan?token={token}")
        assert page.status_code == 200
        assert "tidak akan lagi menerima email" in page.text
        assert format_ticket_code(report.ticket) in page.text
        assert EMAIL not in page.text
        assert client.get("/berhenti-langganan?token=nope").status_code == 404
        # Mail clients' one-click unsubscribe (RFC 8058) posts to the same link.
        assert client.post(f"/berhenti-langganan?token={token}").status_code == 200
    dispose_process_engines()
    # The message queued before the click is not sent; later changes queue none.
    move(db, report.report_id, Status.DITERUSKAN, at=START + dt.timedelta(days=1))
    summary = send(db, START + dt.timedelta(days=2))
    assert (summary.sent, summary.skipped) == (0, 1)
    assert smtp_server.messages == []


def test_the_address_is_kept_only_on_the_report(db):
    with db.read() as session:
        bind = session.get_bind()
    for table in ("notification_outbox", "notification_subscription", "report_supporter"):
        columns = {c["name"] for c in inspect(bind).get_columns(table)}
        assert not any("mail" in name or "phone" in name for name in columns), table


def test_the_command_sends_what_is_due(db, smtp_server, monkeypatch, capsys):  # noqa: F811
    report = submit(db)
    move(db, report.report_id, Status.DIVERIFIKASI, at=START + dt.timedelta(hours=1))
    monkeypatch.setenv("DATABASE_URL", db.url)
    get_settings.cache_clear()
    assert cli_main(["send-notifications"]) == 0
    assert "sent 1" in capsys.readouterr().out
    assert len(smtp_server.to(EMAIL)) == 1
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(NotificationOutbox)) == 1


def test_the_command_refuses_without_smtp(db, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.delenv("PANTAU_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    assert cli_main(["send-notifications"]) == 2
    assert "SMTP" in capsys.readouterr().err
    get_settings.cache_clear()
