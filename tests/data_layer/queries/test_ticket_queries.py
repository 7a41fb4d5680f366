"""The ticket timeline on both databases: what it shows, and what it never shows."""

from __future__ import annotations

import datetime as dt

from factories import VERIFIER, advance, make_report, opd_actor, prepared_photo

from data_layer.commands import add_progress_update, transition
from data_layer.queries.ticket import ticket_timeline
from data_layer.sla import calendar_from_settings
from data_layer.states import PhotoKind, Status

RECEIVED = dt.datetime(2025, 6, 2, 1, 0)  # Monday 08:00 WIB
DAY = dt.timedelta(days=1)
SECRETS = ("Sutrisno Wibisono", "+628119998877", "sutrisno.w@contoh.id", "catatan internal rahasia")


def _walk(session, settings, report_id, *, internal: str):
    """Verify Tue, forward Wed, start Thu, progress note Thu, resolve Fri."""
    moves = [
        (Status.DIVERIFIKASI, VERIFIER, RECEIVED + DAY, "Laporan valid", ()),
        (Status.DITERUSKAN, VERIFIER, RECEIVED + 2 * DAY, "Diteruskan ke DPU", ()),
        (Status.DIPROSES, opd_actor(session), RECEIVED + 3 * DAY, "Tim menuju lokasi", ()),
    ]
    for to, actor, at, note, photos in moves:
        transition(
            session,
            report_id=report_id,
            to=to,
            actor=actor,
            settings=settings,
            now=at,
            public_note=note,
            internal_note=internal,
            photos=photos,
        )
    add_progress_update(
        session,
        report_id=report_id,
        actor=opd_actor(session),
        public_note="Material dipesan",
        internal_note=internal,
        now=RECEIVED + 3 * DAY + dt.timedelta(hours=2),
    )
    transition(
        session,
        report_id=report_id,
        to=Status.SELESAI,
        actor=opd_actor(session),
        settings=settings,
        now=RECEIVED + 4 * DAY,
        public_note="Sudah ditambal",
        internal_note=internal,
        photos=((PhotoKind.AFTER, prepared_photo(settings, color=(10, 200, 10))),),
    )


def _new(session, settings, **overrides):
    return make_report(
        session,
        settings=settings,
        now=RECEIVED,
        reporter_name=SECRETS[0],
        reporter_phone=SECRETS[1],
        reporter_email=SECRETS[2],
        photos=(prepared_photo(settings),),
        **overrides,
    )


def test_public_ticket_shows_timeline_durations_sla_content_and_photos(db):
    with db.write().begin() as s:
        submitted = _new(s, db.settings, title="Jalan berlubang di Jl. Pandanaran")
        _walk(s, db.settings, submitted.report_id, internal=SECRETS[3])
    calendar = calendar_from_settings(db.settings)
    now = RECEIVED + 10 * DAY
    with db.read() as s:
        timeline = ticket_timeline(s, ticket=submitted.ticket, now=now, calendar=calendar)
    assert timeline.is_public and timeline.status == "selesai"
    statuses = [e.to_status for e in timeline.entries]
    assert statuses == ["diterima", "diverifikasi", "diteruskan", "diproses", "diproses", "selesai"]
    assert [e.status_changed for e in timeline.entries] == [True, True, True, True, False, True]
    assert timeline.entries[4].public_note == "Material dipesan"
    assert [e.actor_label for e in timeline.entries] == [
        "warga",
        "verifikator",
        "verifikator",
        "opd",
        "opd",
        "opd",
    ]
    # one day in each state; the progress note does not split "diproses"
    assert [e.time_in_state for e in timeline.entries[:4]] == [DAY, DAY, DAY, DAY]
    assert timeline.entries[4].time_in_state is None
    assert timeline.entries[5].time_in_state is None  # selesai is a final state
    assert timeline.entries[0].working_days_in_state == 1.0
    clocks = {c.name: c for c in timeline.sla}
    assert set(clocks) == {"verify", "first_response", "resolve"}
    assert all(c.met is True and not c.overdue for c in clocks.values())
    assert clocks["resolve"].done_at == RECEIVED + 4 * DAY
    assert timeline.content.title == "Jalan berlubang di Jl. Pandanaran"
    assert timeline.content.kelurahan == "Miroto" and timeline.content.opd_short_name == "DPU"
    assert [p.kind for p in timeline.photos] == ["before", "after"]
    assert SECRETS[3] not in repr(timeline)
    assert not any(secret in repr(timeline) for secret in SECRETS)


def test_current_state_time_runs_until_now_and_overdue_clock_is_flagged(db):
    with db.write().begin() as s:
        submitted = _new(s, db.settings)
        advance(s, report_id=submitted.report_id, to=Status.DIPROSES, settings=db.settings)
    far_later = RECEIVED + 120 * DAY
    with db.read() as s:
        timeline = ticket_timeline(s, ticket=submitted.ticket, now=far_later)
    last = timeline.entries[-1]
    assert last.to_status == "diproses" and last.time_in_state == far_later - last.at
    assert last.working_days_in_state is None  # no calendar given
    resolve = next(c for c in timeline.sla if c.name == "resolve")
    assert resolve.met is None and resolve.overdue is True


def test_unverified_and_confidential_tickets_show_progress_but_not_content(db):
    with db.write().begin() as s:
        unverified = _new(s, db.settings, title="Judul belum publik")
        secret = _new(s, db.settings, title="Judul rahasia", confidential=True)
        _walk(s, db.settings, secret.report_id, internal=SECRETS[3])
    with db.read() as s:
        waiting = ticket_timeline(s, ticket=unverified.ticket, now=RECEIVED + DAY)
        hidden = ticket_timeline(s, ticket=secret.ticket, now=RECEIVED + 10 * DAY)
    assert not waiting.is_public and waiting.content is None and waiting.photos == []
    assert [e.to_status for e in waiting.entries] == ["diterima"]
    verify = next(c for c in waiting.sla if c.name == "verify")
    assert verify.met is None and verify.overdue is False and verify.due_at > RECEIVED
    assert not hidden.is_public and hidden.content is None and hidden.photos == []
    assert hidden.status == "selesai" and len(hidden.entries) == 6
    assert hidden.entries[-1].public_note == "Sudah ditambal"
    for timeline in (waiting, hidden):
        text = repr(timeline)
        assert "Judul" not in text
        assert not any(secret_text in text for secret_text in SECRETS)


def test_rejected_report_stops_its_clock_and_unknown_ticket_is_none(db):
    with db.write().begin() as s:
        submitted = _new(s, db.settings)
        advance(s, report_id=submitted.report_id, to=Status.DITOLAK, settings=db.settings)
    with db.read() as s:
        timeline = ticket_timeline(s, ticket=submitted.ticket, now=RECEIVED + 30 * DAY)
        missing = ticket_timeline(s, ticket="0000000000", now=RECEIVED)
    assert missing is None
    # Rejected before verification: the status and reason are followed, the content is not shown.
    assert not timeline.is_public and timeline.content is None and timeline.photos == []
    assert timeline.status == "ditolak" and timeline.reject_reason == "duplikat"
    verify = next(c for c in timeline.sla if c.name == "verify")
    assert verify.met is True and not verify.overdue
    assert [c.name for c in timeline.sla] == ["verify"]


def test_an_anonymous_reporters_address_is_left_out(db):
    with db.write().begin() as s:
        named = _new(s, db.settings, address="Jl. Pandanaran 12")
        anonymous = _new(s, db.settings, address="Rumah saya, Gang Mawar 3", anonymous=True)
        for submitted in (named, anonymous):
            advance(s, report_id=submitted.report_id, to=Status.DIVERIFIKASI, settings=db.settings)
    with db.read() as s:
        shown = ticket_timeline(s, ticket=named.ticket, now=RECEIVED + 2 * DAY)
        hidden = ticket_timeline(s, ticket=anonymous.ticket, now=RECEIVED + 2 * DAY)
    assert shown.content.address == "Jl. Pandanaran 12"
    assert hidden.content.address is None and "Gang Mawar" not in repr(hidden)
