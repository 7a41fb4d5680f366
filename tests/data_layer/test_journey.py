"""A complete journey on both databases: a citizen's report through verification, forwarding
and a proof-photo resolution, to the reporter's confirmation and rating; and what the public
timeline of its ticket shows (and never shows) on the way."""

from __future__ import annotations

import datetime as dt

from factories import make_draft, make_operator, opd_id, prepared_photo
from sqlalchemy import select

from data_layer.commands import (
    Actor,
    check_followup_code,
    record_feedback,
    submit_report,
    transition,
)
from data_layer.models import Feedback, Report
from data_layer.queries.operator import report_detail
from data_layer.queries.ticket import ticket_timeline
from data_layer.sla import calendar_from_settings
from data_layer.states import FeedbackKind, PhotoKind, Role, Status

MONDAY = dt.datetime(2025, 7, 7, 2, 0)  # 09:00 WIB
INTERNAL = ("Cek dengan lurah", "Aspal 2 karung")


def actor(identity) -> Actor:
    return Actor.operator(operator_id=identity.id, role=identity.role, opd_id=identity.opd_id)


def test_submit_verify_forward_start_resolve_confirm_and_rate(db):
    settings = db.settings
    with db.write().begin() as session:
        verifier = make_operator(session, role=Role.VERIFIKATOR, username="sari.kominfo")
        worker = make_operator(session, role=Role.OPD, opd_code="dpu", username="agus.dpu")
        draft = make_draft(session, photos=(prepared_photo(settings),))
        submitted = submit_report(session, draft=draft, settings=settings, now=MONDAY)
        dpu = opd_id(session)

    steps = (
        (Status.DIVERIFIKASI, verifier, dt.timedelta(hours=2), "Laporan valid.", INTERNAL[0], {}),
        (
            Status.DITERUSKAN,
            verifier,
            dt.timedelta(hours=3),
            "Diteruskan ke DPU.",
            None,
            {"opd_id": dpu},
        ),
        (Status.DIPROSES, worker, dt.timedelta(days=1), "Tim menuju lokasi.", None, {}),
        (
            Status.SELESAI,
            worker,
            dt.timedelta(days=3),
            "Lubang sudah ditambal.",
            INTERNAL[1],
            {"photos": ((PhotoKind.AFTER, prepared_photo(settings, color=(40, 160, 60))),)},
        ),
    )
    for to, who, after, public, internal, extra in steps:
        with db.write().begin() as session:
            transition(
                session,
                report_id=submitted.report_id,
                to=to,
                actor=actor(who),
                settings=settings,
                public_note=public,
                internal_note=internal,
                now=MONDAY + after,
                **extra,
            )

    # The reporter proves the ticket is theirs, confirms and rates.
    with db.write().begin() as session:
        assert not check_followup_code(session, report_id=submitted.report_id, code="SALAH")
        assert check_followup_code(
            session, report_id=submitted.report_id, code=submitted.followup_code.lower()
        )
        record_feedback(
            session,
            report_id=submitted.report_id,
            kind=FeedbackKind.CONFIRM,
            rating=5,
            comment="Terima kasih, cepat sekali.",
            settings=settings,
            now=MONDAY + dt.timedelta(days=4),
        )

    with db.read() as session:
        report = session.get(Report, submitted.report_id)
        feedback = session.scalar(select(Feedback))
        timeline = ticket_timeline(
            session,
            ticket=submitted.ticket,
            now=MONDAY + dt.timedelta(days=5),
            calendar=calendar_from_settings(settings),
        )
        audit = report_detail(session, viewer=verifier, report_id=submitted.report_id)

    assert report.status == Status.DITUTUP.value
    assert report.opd_id == dpu and report.resolve_working_days is not None
    assert (feedback.kind, feedback.rating) == ("confirm", 5)

    # The public timeline: every step, with role labels and public notes only.
    assert timeline.is_public
    assert [entry.to_status for entry in timeline.entries] == [
        "diterima",
        "diverifikasi",
        "diteruskan",
        "diproses",
        "selesai",
        "ditutup",
    ]
    assert [entry.actor_label for entry in timeline.entries] == [
        "warga",
        "verifikator",
        "verifikator",
        "opd",
        "opd",
        "warga",
    ]
    assert timeline.entries[4].public_note == "Lubang sudah ditambal."
    assert sorted(photo.kind for photo in timeline.photos) == ["after", "before"]
    assert all(clock.met for clock in timeline.sla if clock.due_at is not None)
    shown = repr(timeline)
    for private in (*INTERNAL, "Budi Santoso", "+6281234567890", "Petugas", "sari", "agus"):
        assert private not in shown

    # The operators' audit trail has the same steps with names and internal notes.
    assert [entry.to_status for entry in audit.history] == [
        Status(entry.to_status) for entry in timeline.entries
    ]
    assert audit.history[1].operator_name == "Petugas sari.kominfo (sari.kominfo)"
    assert [entry.internal_note for entry in audit.history if entry.internal_note] == list(INTERNAL)
    assert audit.feedback[0].rating == 5
