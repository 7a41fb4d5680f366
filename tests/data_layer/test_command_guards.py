"""What the commands refuse on their own, whatever page sent the request (issue 8).

A stale page or a crafted request reaches `data_layer.commands` directly, so
every rule below is checked on real databases without any UI in between.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from factories import VERIFIER, make_report, opd_actor, opd_id, reach
from sqlalchemy import func, select, update

from data_layer.commands import (
    REDACTED_MARK,
    Actor,
    MissingInformation,
    NoteNotAllowed,
    NotPermitted,
    OpdUnavailable,
    TransitionNotAllowed,
    add_progress_update,
    publish_feedback,
    record_feedback,
    redact,
    transition,
    utcnow,
)
from data_layer.db import make_engine, make_session_factory
from data_layer.models import Feedback, Opd, Redaction, Report, ReportTallyTotal, StatusHistory
from data_layer.queries.public import public_tally_where, public_where
from data_layer.queries.ticket import ticket_timeline
from data_layer.states import FeedbackKind, Role, Status


def _at(db, status: Status, **draft) -> int:
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, **draft).report_id
        reach(session, report_id=report_id, status=status, settings=db.settings)
    return report_id


def _history_count(db, report_id: int) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).where(StatusHistory.report_id == report_id))


def _note(db, report_id: int, actor: Actor) -> None:
    with db.write().begin() as session:
        add_progress_update(session, report_id=report_id, actor=actor, public_note="Dicek lagi")


# --- finding 9: progress notes and forwarding ------------------------------------------


@pytest.mark.parametrize("status", [Status.SELESAI, Status.DITUTUP, Status.ARSIP])
def test_an_opd_cannot_add_a_public_note_to_a_handled_report(db, status):
    report_id = _at(db, status)
    before = _history_count(db, report_id)
    with db.read() as session:
        dpu = opd_actor(session)
    if status is Status.ARSIP:  # archived from a rejection: never the OPD's
        with pytest.raises(NotPermitted):
            _note(db, report_id, dpu)
    else:
        with pytest.raises(NoteNotAllowed):
            _note(db, report_id, dpu)
    with pytest.raises(NoteNotAllowed):
        _note(db, report_id, VERIFIER)
    assert _history_count(db, report_id) == before


def test_an_opd_cannot_note_a_report_not_yet_forwarded_to_it(db):
    report_id = _at(db, Status.DIVERIFIKASI)
    with db.read() as session:
        assert session.get(Report, report_id).opd_id == opd_id(session, "dpu")  # default OPD
        dpu = opd_actor(session)
    with pytest.raises(NotPermitted):
        _note(db, report_id, dpu)
    assert _history_count(db, report_id) == 2


def test_the_opd_the_report_is_forwarded_to_adds_notes_while_working(db):
    report_id = _at(db, Status.DIPROSES)
    with db.read() as session:
        dpu, dishub = opd_actor(session), opd_actor(session, "dishub")
    _note(db, report_id, dpu)
    with pytest.raises(NotPermitted):
        _note(db, report_id, dishub)
    _note(db, report_id, VERIFIER)
    assert _history_count(db, report_id) == 6


@pytest.mark.parametrize("which", ["unknown", "inactive"])
def test_forwarding_refuses_an_unknown_or_inactive_opd_cleanly(db, which):
    report_id = _at(db, Status.DIVERIFIKASI)
    with db.write().begin() as session:
        target = 987_654
        if which == "inactive":
            target = opd_id(session, "dishub")
            session.execute(update(Opd).where(Opd.id == target).values(active=False))
    with pytest.raises(OpdUnavailable), db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=Status.DITERUSKAN,
            actor=VERIFIER,
            settings=db.settings,
            opd_id=target,
        )
    with db.read() as session:
        report = session.get(Report, report_id)
        assert report.status == Status.DIVERIFIKASI.value and report.forwarded_at is None
    assert _history_count(db, report_id) == 2


def test_forwarding_to_a_default_opd_that_was_deactivated_is_refused(db):
    report_id = _at(db, Status.DIVERIFIKASI)
    with db.write().begin() as session:
        session.execute(update(Opd).where(Opd.id == opd_id(session, "dpu")).values(active=False))
    with pytest.raises(OpdUnavailable), db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=Status.DITERUSKAN,
            actor=VERIFIER,
            settings=db.settings,
        )


# --- finding 10: history times follow the order of the rows ----------------------------------


def test_a_history_time_is_never_earlier_than_the_last_row(db):
    """A writer whose clock was read later (or another replica's clock, slightly ahead)
    wrote the last row; the next row must not appear to have happened before it."""
    report_id = _at(db, Status.DIVERIFIKASI)
    ahead = utcnow() + dt.timedelta(seconds=30)
    with db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=Status.DITERUSKAN,
            actor=VERIFIER,
            settings=db.settings,
            now=ahead,
        )
    with db.write().begin() as session:
        add_progress_update(
            session, report_id=report_id, actor=VERIFIER, public_note="Sudah dikoordinasikan"
        )
    with db.read() as session:
        times = session.scalars(
            select(StatusHistory.at)
            .where(StatusHistory.report_id == report_id)
            .order_by(StatusHistory.id)
        ).all()
    assert times == sorted(times)


@pytest.mark.slow
def test_concurrent_notes_leave_times_in_the_order_of_the_rows(db):
    # Its history lies in the past, so only the race itself could disorder the times.
    report_id = _at(db, Status.DIPROSES, now=utcnow() - dt.timedelta(days=3))
    threads, notes = 6, 24
    engine = make_engine(db.url, pool_size=threads, max_overflow=0)
    factory = make_session_factory(engine, write=True)
    start = threading.Barrier(threads)
    with db.read() as session:
        dpu = opd_actor(session)

    def write(i: int) -> None:
        if i < threads:
            start.wait()
        with factory.begin() as session:
            add_progress_update(session, report_id=report_id, actor=dpu, public_note=f"n{i}")

    try:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(write, range(notes)))
    finally:
        engine.dispose()
    with db.read() as session:
        times = session.scalars(
            select(StatusHistory.at)
            .where(StatusHistory.report_id == report_id)
            .order_by(StatusHistory.id)
        ).all()
    assert len(times) == 4 + notes
    assert times == sorted(times)


# --- finding 12: a reporter's dispute is feedback, published only when moderated ----------------


def test_a_dispute_is_not_published_until_an_operator_publishes_a_moderated_note(db):
    report_id = _at(db, Status.SELESAI)
    words = "Belum beres. Hubungi saya di 0812-9988-7766 (Pak Zyxwvu)."
    with db.write().begin() as session:
        feedback = record_feedback(
            session,
            report_id=report_id,
            kind=FeedbackKind.DISPUTE,
            settings=db.settings,
            comment=words,
        )
        feedback_id = feedback.id
        ticket = session.get(Report, report_id).ticket
    with db.read() as session:
        timeline = ticket_timeline(session, ticket=ticket, now=utcnow())
    assert timeline.status == Status.DIBUKA_KEMBALI.value
    assert "0812" not in repr(timeline) and "Zyxwvu" not in repr(timeline)

    with db.read() as session:
        dpu = opd_actor(session)
    for refused, actor in ((NotPermitted, dpu), (NotPermitted, Actor.citizen())):
        with pytest.raises(refused), db.write().begin() as session:
            publish_feedback(session, feedback_id=feedback_id, actor=actor, public_note="x")
    with pytest.raises(MissingInformation), db.write().begin() as session:
        publish_feedback(session, feedback_id=feedback_id, actor=VERIFIER, public_note="  ")
    moderated = "Pelapor menyampaikan jalan belum selesai diperbaiki."
    with db.write().begin() as session:
        publish_feedback(session, feedback_id=feedback_id, actor=VERIFIER, public_note=moderated)
    with db.read() as session:
        timeline = ticket_timeline(session, ticket=ticket, now=utcnow())
        kept = session.scalar(select(Feedback.comment).where(Feedback.id == feedback_id))
    notes = [entry.public_note for entry in timeline.entries]
    assert notes[-1] == moderated and "0812" not in repr(timeline)
    assert kept == words  # the original stays, for operators


def test_role_table_of_notes_is_enforced_for_the_reporter_too(db):
    """The reporter's information (internal) is accepted only when it was asked for."""
    report_id = _at(db, Status.DIPROSES)
    with pytest.raises(NoteNotAllowed), db.write().begin() as session:
        add_progress_update(session, report_id=report_id, actor=Actor.citizen(), public_note=None)


# --- finding 4: take-down (withdraw and redact) --------------------------------------------


def _withdraw(db, report_id: int, actor: Actor = VERIFIER, note: str | None = "Berisi NIK"):
    with db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=Status.DITARIK,
            actor=actor,
            settings=db.settings,
            internal_note=note,
        )


@pytest.mark.parametrize("status", [Status.DITERIMA, Status.DIPROSES, Status.SELESAI, Status.ARSIP])
def test_a_report_can_be_withdrawn_from_any_state_and_is_then_counted_nowhere(db, status):
    report_id = _at(db, status)
    with db.read() as session:
        ticket = session.get(Report, report_id).ticket
        counted_before = public_count(session)
    with pytest.raises(MissingInformation):  # the audit must say why
        _withdraw(db, report_id, note="  ")
    with db.read() as session:
        dpu = opd_actor(session)
    with pytest.raises(NotPermitted):
        _withdraw(db, report_id, actor=dpu)
    _withdraw(db, report_id)
    with db.read() as session:
        report = session.get(Report, report_id)
        assert report.status == Status.DITARIK.value  # kept, for audit
        timeline = ticket_timeline(session, ticket=ticket, now=utcnow())
        counted_after = public_count(session)
    assert not timeline.is_public and timeline.content is None and timeline.photos == []
    was_counted = status in (Status.DIPROSES, Status.SELESAI)
    assert counted_after == counted_before - (1 if was_counted else 0)
    # Final: nothing moves it back into view.
    for target in (Status.DIVERIFIKASI, Status.DIPROSES, Status.ARSIP, Status.DIBUKA_KEMBALI):
        with pytest.raises(TransitionNotAllowed), db.write().begin() as session:
            transition(
                session,
                report_id=report_id,
                to=target,
                actor=Actor.operator(operator_id=None, role=Role.ADMIN),  # type: ignore[arg-type]
                settings=db.settings,
            )


def public_count(session) -> int:
    """What the status page counts (the tallies) and what a scan counts: they must agree."""
    scanned = session.scalar(public_where(select(func.count()).select_from(Report)))
    tallied = session.scalar(
        public_tally_where(
            select(func.coalesce(func.sum(ReportTallyTotal.reports), 0)),
            tally=ReportTallyTotal,
        )
    )
    assert scanned == tallied
    return scanned


def test_redaction_replaces_text_in_place_and_keeps_the_original_for_audit(db):
    report_id = _at(db, Status.DIPROSES, title="Jalan rusak, NIK 3374010101900009")
    with db.read() as session:
        ticket = session.get(Report, report_id).ticket
        forwarded = session.scalar(
            select(StatusHistory.id).where(
                StatusHistory.report_id == report_id,
                StatusHistory.to_status == Status.DITERUSKAN.value,
                StatusHistory.from_status != StatusHistory.to_status,
            )
        )
        dpu = opd_actor(session)
    with pytest.raises(NotPermitted), db.write().begin() as session:
        redact(session, report_id=report_id, actor=dpu, field="title", reason="x")
    with pytest.raises(MissingInformation), db.write().begin() as session:
        redact(session, report_id=report_id, actor=VERIFIER, field="title", reason=" ")
    with pytest.raises(MissingInformation), db.write().begin() as session:
        redact(session, report_id=report_id, actor=VERIFIER, field="public_note", reason="x")
    with db.write().begin() as session:
        redact(session, report_id=report_id, actor=VERIFIER, field="title",
               replacement="Jalan rusak", reason="NIK pelapor di judul")  # fmt: skip
        redact(session, report_id=report_id, actor=VERIFIER, field="public_note",
               history_id=forwarded, reason="Nama petugas lapangan")  # fmt: skip
    with db.read() as session:
        timeline = ticket_timeline(session, ticket=ticket, now=utcnow())
        audit = session.execute(
            select(Redaction.field, Redaction.original, Redaction.replacement)
            .where(Redaction.report_id == report_id)
            .order_by(Redaction.id)
        ).all()
    assert timeline.content.title == "Jalan rusak"
    assert REDACTED_MARK in [entry.public_note for entry in timeline.entries]
    assert "3374010101900009" not in repr(timeline)
    assert audit[0] == ("title", "Jalan rusak, NIK 3374010101900009", "Jalan rusak")
    assert audit[1][0] == "public_note" and audit[1][1] == "Status diteruskan"
