"""Writes on real databases: submission, history, SLA stamps, the after-photo rule,
the reporter's follow-up. Every refusal is checked to leave nothing behind."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from argon2 import PasswordHasher
from factories import (
    VERIFIER,
    make_draft,
    make_report,
    move,
    opd_actor,
    opd_id,
    prepared_photo,
    reach,
)
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from data_layer.commands import (
    Actor,
    AfterPhotoRequired,
    MissingInformation,
    TextTooLong,
    TransitionNotAllowed,
    add_progress_update,
    check_followup_code,
    record_feedback,
    submit_report,
    transition,
    unlock_followup,
)
from data_layer.limits import NOTE_MAX, TITLE_MAX
from data_layer.models import (
    Category,
    Feedback,
    Operator,
    Photo,
    PhotoBlob,
    Report,
    StatusHistory,
)
from data_layer.photos import DatabasePhotoStore
from data_layer.states import Channel, FeedbackKind, Kind, PhotoKind, RejectReason, Role, Status
from data_layer.throttle import followup_failures_per_report
from data_layer.tickets import is_valid_ticket_code, normalise_ticket_code

WIB = dt.timezone(dt.timedelta(hours=7))


def utc(year, month, day, hour, minute=0) -> dt.datetime:
    """A WIB wall-clock moment as the naive UTC the database stores."""
    return (
        dt.datetime(year, month, day, hour, minute, tzinfo=WIB)
        .astimezone(dt.UTC)
        .replace(tzinfo=None)
    )


RECEIVED = utc(2025, 3, 3, 9)  # Monday 09:00 WIB
TABLES = (Report, StatusHistory, Photo, PhotoBlob, Feedback)


def _counts(session) -> dict[str, int]:
    return {
        table.__tablename__: session.scalar(select(func.count()).select_from(table))
        for table in TABLES
    }


def _history(session, report_id: int) -> list[StatusHistory]:
    return list(
        session.scalars(
            select(StatusHistory)
            .where(StatusHistory.report_id == report_id)
            .order_by(StatusHistory.id)
        )
    )


def _operator(session, role: Role, username: str, opd: int | None = None) -> Operator:
    operator = Operator(
        username=username,
        display_name=username.title(),
        role=role.value,
        opd_id=opd,
        created_at=RECEIVED,
    )
    session.add(operator)
    session.flush()
    return operator


def _decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- submission -----------------------------------------------------------------


def test_submit_creates_report_before_photos_and_first_history_row(db):
    with db.write().begin() as session:
        draft = make_draft(
            session,
            channel=Channel.WHATSAPP,
            address="  Jl. Pandanaran No. 1  ",
            title="  Jalan berlubang di depan sekolah  ",
            anonymous=True,
            photos=(
                prepared_photo(db.settings, size=(2400, 1800), color=(200, 0, 0)),
                prepared_photo(db.settings, size=(600, 800), color=(0, 0, 200)),
            ),
        )
        submitted = submit_report(session, draft=draft, settings=db.settings, now=RECEIVED)
    assert submitted.duplicate_submission is False
    assert is_valid_ticket_code(submitted.ticket)
    assert normalise_ticket_code(submitted.ticket) == submitted.ticket
    with db.read() as session:
        report = session.get(Report, submitted.report_id)
        assert report.ticket == submitted.ticket
        assert report.status == Status.DITERIMA.value
        assert report.kind == Kind.ADUAN.value
        assert report.channel == Channel.WHATSAPP.value
        assert report.title == "Jalan berlubang di depan sekolah"
        assert report.address == "Jl. Pandanaran No. 1"
        assert report.anonymous is True and report.confidential is False
        assert report.reporter_phone == "+6281234567890"
        assert report.received_at == RECEIVED == report.updated_at
        # Monday 09:00 WIB + 3 working days = Thursday 09:00 WIB.
        assert report.verify_due_at == utc(2025, 3, 6, 9)
        assert report.resolution_class == "sedang"  # jalan_rusak's class
        assert report.opd_id is None  # known only once verified
        for stamp in ("verified_at", "forwarded_at", "first_response_at", "resolved_at"):
            assert getattr(report, stamp) is None
        assert report.first_response_due_at is None and report.resolve_due_at is None

        [first] = _history(session, report.id)
        assert (first.from_status, first.to_status) == (None, Status.DITERIMA.value)
        assert first.actor_label == "warga" and first.operator_id is None
        assert first.at == RECEIVED

        photos = session.scalars(
            select(Photo).where(Photo.report_id == report.id).order_by(Photo.id)
        ).all()
        assert [photo.kind for photo in photos] == ["before", "before"]
        assert all(photo.history_id == first.id for photo in photos)
        store = DatabasePhotoStore(session)
        big = _decode(store.get(photos[0].image_key))
        assert big.size == (1600, 1200) == (photos[0].width, photos[0].height)
        assert big.getpixel((800, 600))[0] > 180  # still the red photo
        assert photos[0].byte_size == len(store.get(photos[0].image_key))
        assert max(_decode(store.get(photos[0].thumb_key)).size) == 320
        assert _decode(store.get(photos[1].image_key)).size == (600, 800)
        assert _decode(store.get(photos[1].image_key)).getpixel((300, 400))[2] > 180


def test_operator_intake_records_channel_and_operator(db):
    with db.write().begin() as session:
        operator = _operator(session, Role.VERIFIKATOR, "siti")
        actor = Actor.operator(operator_id=operator.id, role=Role.VERIFIKATOR)
        submitted = submit_report(
            session,
            draft=make_draft(
                session,
                channel=Channel.CALL_CENTER_112,
                kind=Kind.ASPIRASI,
                category_id=session.scalar(select(Category.id).where(Category.code == "lampu_pju")),
            ),
            settings=db.settings,
            actor=actor,
            now=RECEIVED,
        )
        operator_id = operator.id
    with db.read() as session:
        report = session.get(Report, submitted.report_id)
        assert report.channel == "call_center_112"
        assert report.kind == "aspirasi"
        assert report.resolution_class == "cepat"  # lampu_pju's class
        [first] = _history(session, report.id)
        assert first.operator_id == operator_id
        assert first.actor_label == "verifikator"


def test_the_same_submission_key_makes_one_report(db):
    key = "browser-tab-7f3a-attempt"
    results = []
    for _ in range(3):  # a double click, then a browser retry
        with db.write().begin() as session:
            draft = make_draft(session, photos=(prepared_photo(db.settings),))
            results.append(
                submit_report(
                    session, draft=draft, settings=db.settings, submission_key=key, now=RECEIVED
                )
            )
    first, *repeats = results
    assert first.duplicate_submission is False and first.followup_code
    for repeat in repeats:
        assert repeat.duplicate_submission is True
        assert (repeat.report_id, repeat.ticket) == (first.report_id, first.ticket)
        assert repeat.followup_code is None  # shown once, never again
    with db.read() as session:
        assert _counts(session) == {
            "report": 1,
            "status_history": 1,
            "photo": 1,
            "photo_blob": 2,
            "feedback": 0,
        }


def test_an_exception_after_the_report_is_flushed_leaves_nothing(db):
    with db.read() as session:
        before = _counts(session)

    class PowerCut(Exception):
        pass

    with pytest.raises(PowerCut), db.write().begin() as session:
        photos = (prepared_photo(db.settings), prepared_photo(db.settings, color=(20, 90, 200)))
        draft = make_draft(session, photos=photos)
        submitted = submit_report(session, draft=draft, settings=db.settings, now=RECEIVED)
        # Everything is already in the database, inside this transaction...
        assert session.get(Report, submitted.report_id).ticket == submitted.ticket
        assert _counts(session)["photo_blob"] == before["photo_blob"] + 4
        raise PowerCut  # ... when the caller fails.
    with db.read() as session:
        assert _counts(session) == before
        assert session.scalar(select(Report).where(Report.ticket == submitted.ticket)) is None


def test_a_database_error_later_in_the_transaction_leaves_nothing(db):
    with db.read() as session:
        before = _counts(session)
    with pytest.raises(IntegrityError), db.write().begin() as session:
        draft = make_draft(session, photos=(prepared_photo(db.settings),))
        submitted = submit_report(session, draft=draft, settings=db.settings, now=RECEIVED)
        # A later write in the same transaction breaks a constraint of the schema.
        session.add(
            Feedback(report_id=submitted.report_id, kind="confirm", rating=9, created_at=RECEIVED)
        )
        session.flush()
    with db.read() as session:
        assert _counts(session) == before


def test_unknown_category_or_kelurahan_is_refused_cleanly(db):
    with db.read() as session:
        before = _counts(session)
    with db.write().begin() as session:
        with pytest.raises(MissingInformation) as error:
            submit_report(
                session,
                draft=replace(make_draft(session), kelurahan_code="3374999999"),
                settings=db.settings,
            )
        assert error.value.details == {"field": "kelurahan"}
        with pytest.raises(MissingInformation) as error:
            submit_report(
                session, draft=make_draft(session, category_id=987_654), settings=db.settings
            )
        assert error.value.details == {"field": "category"}
    with db.read() as session:
        assert _counts(session) == before


def test_followup_code_verifies_and_is_stored_only_hashed(db):
    with db.write().begin() as session:
        mine = make_report(session, settings=db.settings, now=RECEIVED)
        other = make_report(session, settings=db.settings, now=RECEIVED)
    code = mine.followup_code
    assert len(code) == 12 and code.isalnum() and code == code.upper()
    with db.read() as session:
        assert check_followup_code(session, report_id=mine.report_id, code=code)
        typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
        assert check_followup_code(session, report_id=mine.report_id, code=typed)
        assert not check_followup_code(session, report_id=other.report_id, code=code)
        assert not check_followup_code(session, report_id=mine.report_id, code=code[:-1])
        assert not check_followup_code(session, report_id=mine.report_id, code="")
        assert not check_followup_code(session, report_id=10**9, code=code)

        report = session.get(Report, mine.report_id)
        assert report.followup_hash.startswith("$argon2id$")
        columns = {c.key: getattr(report, c.key) for c in Report.__table__.columns}
        assert not any(code in str(value) for value in columns.values())


def test_followup_code_is_read_like_a_ticket(db):
    """O for 0 and I or L for 1, as people read codes aloud on the phone."""
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        # A known code, hashed the way any argon2id hash is verified.
        session.get(Report, report_id).followup_hash = PasswordHasher().hash("01X2Y3Z4M5N1")
    with db.read() as session:
        for typed in ("01X2Y3Z4M5N1", "OIX2Y3Z4M5NL", "oi-x2y3 z4m5 nl", "0lx2y3z4m5n1"):
            assert check_followup_code(session, report_id=report_id, code=typed), typed
        assert not check_followup_code(session, report_id=report_id, code="01X2Y3Z4M5N7")


# --- history rows and the stamps of a report's life ------------------------------


def test_history_rows_carry_actor_operator_notes_and_times(db):
    with db.write().begin() as session:
        verifier = _operator(session, Role.VERIFIKATOR, "dewi")
        dpu = opd_id(session, "dpu")
        dpu_operator = _operator(session, Role.OPD, "agus", dpu)
        ids = (verifier.id, dpu_operator.id)
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        verify_at, forward_at, start_at = (RECEIVED + dt.timedelta(hours=h) for h in (2, 3, 26))
        transition(
            session,
            report_id=report_id,
            to=Status.DIVERIFIKASI,
            actor=Actor.operator(operator_id=verifier.id, role=Role.VERIFIKATOR),
            settings=db.settings,
            public_note="  Laporan sudah diperiksa.  ",
            internal_note="Foto jelas, lokasi cocok.",
            now=verify_at,
        )
        transition(
            session,
            report_id=report_id,
            to=Status.DITERUSKAN,
            actor=Actor.operator(operator_id=verifier.id, role=Role.VERIFIKATOR),
            settings=db.settings,
            public_note="Diteruskan ke DPU.",
            internal_note="   ",
            now=forward_at,
        )
        transition(
            session,
            report_id=report_id,
            to=Status.DIPROSES,
            actor=Actor.operator(operator_id=dpu_operator.id, role=Role.OPD, opd_id=dpu),
            settings=db.settings,
            now=start_at,
        )
    with db.read() as session:
        rows = _history(session, report_id)
    assert [(row.from_status, row.to_status) for row in rows] == [
        (None, "diterima"),
        ("diterima", "diverifikasi"),
        ("diverifikasi", "diteruskan"),
        ("diteruskan", "diproses"),
    ]
    assert [row.at for row in rows] == [RECEIVED, verify_at, forward_at, start_at]
    assert [row.actor_label for row in rows] == ["warga", "verifikator", "verifikator", "opd"]
    assert [row.operator_id for row in rows] == [None, ids[0], ids[0], ids[1]]
    assert [row.public_note for row in rows] == [
        None,
        "Laporan sudah diperiksa.",
        "Diteruskan ke DPU.",
        None,
    ]
    assert [row.internal_note for row in rows] == [None, "Foto jelas, lokasi cocok.", None, None]
    assert rows[1].opd_id == rows[2].opd_id == rows[3].opd_id == dpu


def test_a_report_life_stamps_times_sla_due_dates_and_working_days(db):
    """Across Idul Fitri 2025 (31 Mar and 1 Apr) and Good Friday (18 Apr)."""
    received = utc(2025, 3, 27, 10)  # Thursday
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=received).report_id
        dpu = opd_id(session, "dpu")

        def go(to: Status, at: dt.datetime) -> None:
            move(session, report_id=report_id, to=to, settings=db.settings, now=at)

        report = session.get(Report, report_id)
        # Thu 27 + 3 working days: Fri 28, (Mon 31, Tue 1 holidays), Wed 2, Thu 3.
        assert report.verify_due_at == utc(2025, 4, 3, 10)

        go(Status.DIVERIFIKASI, utc(2025, 4, 2, 10))
        assert report.verified_at == utc(2025, 4, 2, 10)
        # 14 h of Thursday + Friday + 10 h of Wednesday = 2 working days.
        assert report.verify_working_days == pytest.approx(2.0)
        assert report.opd_id == dpu  # the category's OPD, known once verified

        go(Status.DITERUSKAN, utc(2025, 4, 2, 14))
        assert report.forwarded_at == utc(2025, 4, 2, 14)
        # Wed 2 + 5: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9.
        assert report.first_response_due_at == utc(2025, 4, 9, 14)
        # Wed 2 + 14 (sedang), skipping Good Friday 18 Apr: Wed 23.
        assert report.resolve_due_at == utc(2025, 4, 23, 14)

        go(Status.DIPROSES, utc(2025, 4, 4, 9))
        assert report.first_response_at == utc(2025, 4, 4, 9)
        assert report.first_response_working_days == pytest.approx(1 + 19 / 24, abs=1e-4)

        go(Status.SELESAI, utc(2025, 4, 7, 16))
        assert report.resolved_at == utc(2025, 4, 7, 16)
        assert report.resolve_working_days == pytest.approx(2 + 26 / 24, abs=1e-4)
        assert report.closed_at is None and report.reopen_count == 0

        record_feedback(
            session,
            report_id=report_id,
            kind=FeedbackKind.CONFIRM,
            settings=db.settings,
            rating=4,
            now=utc(2025, 4, 8, 8),
        )
        assert report.status == "ditutup" and report.closed_at == utc(2025, 4, 8, 8)

        record_feedback(
            session,
            report_id=report_id,
            kind=FeedbackKind.DISPUTE,
            settings=db.settings,
            comment="Lubangnya muncul lagi setelah hujan.",
            now=utc(2025, 4, 10, 8),
        )
        assert report.status == "dibuka_kembali" and report.reopen_count == 1
        assert report.closed_at is None

        go(Status.DIPROSES, utc(2025, 4, 10, 13))
        # The first response happened once; working again does not move it.
        assert report.first_response_at == utc(2025, 4, 4, 9)
        go(Status.SELESAI, utc(2025, 4, 14, 11))
        assert report.resolved_at == utc(2025, 4, 14, 11)
        go(Status.DIBUKA_KEMBALI, utc(2025, 4, 15, 8))
        assert report.reopen_count == 2
    with db.read() as session:
        stored = session.get(Report, report_id)
        assert stored.reopen_count == 2
        assert stored.resolve_due_at == utc(2025, 4, 23, 14)
        assert stored.verify_working_days == pytest.approx(2.0)


def test_verification_routes_kecamatan_services_to_the_kecamatan_office(db):
    with db.write().begin() as session:
        category = session.scalar(select(Category.id).where(Category.code == "layanan_kelurahan"))
        report_id = make_report(
            session,
            settings=db.settings,
            now=RECEIVED,
            category_id=category,
            kelurahan_code="3374011001",  # Miroto, kecamatan Semarang Tengah (337401)
        ).report_id
        move(
            session,
            report_id=report_id,
            to=Status.DIVERIFIKASI,
            settings=db.settings,
            now=RECEIVED + dt.timedelta(hours=1),
        )
        assert session.get(Report, report_id).opd_id == opd_id(session, "kec-337401")


def test_forwarding_may_choose_another_opd(db):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        reach(session, report_id=report_id, status=Status.DIVERIFIKASI, settings=db.settings)
        dishub = opd_id(session, "dishub")
        history = transition(
            session,
            report_id=report_id,
            to=Status.DITERUSKAN,
            actor=VERIFIER,
            settings=db.settings,
            opd_id=dishub,
            now=RECEIVED + dt.timedelta(days=1),
        )
        assert history.opd_id == dishub
    with db.read() as session:
        assert session.get(Report, report_id).opd_id == dishub


# --- rejection ----------------------------------------------------------------------


def test_rejection_needs_a_valid_reason(db):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
    for reason in (None, "", "karena saya mau"):
        with db.write().begin() as session:
            with pytest.raises(MissingInformation) as error:
                transition(
                    session,
                    report_id=report_id,
                    to=Status.DITOLAK,
                    actor=VERIFIER,
                    settings=db.settings,
                    reject_reason=reason,
                    public_note="Ditolak",
                )
            assert error.value.details == {"field": "reject_reason"}
            # Refused before anything changed, even if the caller commits anyway.
            report = session.get(Report, report_id)
            assert report.status == "diterima" and report.verified_at is None
    with db.read() as session:
        assert len(_history(session, report_id)) == 1
    rejected_at = RECEIVED + dt.timedelta(hours=5)
    with db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=Status.DITOLAK,
            actor=VERIFIER,
            settings=db.settings,
            reject_reason=RejectReason.DUPLIKAT,
            public_note="Sudah dilaporkan di tiket lain.",
            now=rejected_at,
        )
    with db.read() as session:
        report = session.get(Report, report_id)
        assert (report.status, report.reject_reason) == ("ditolak", "duplikat")
        assert report.verified_at == rejected_at == report.closed_at
        assert report.verify_working_days == pytest.approx(5 / 24, abs=1e-4)


# --- the after-photo rule ----------------------------------------------------------


def _in_progress(db, **overrides) -> int:
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED, **overrides).report_id
        reach(session, report_id=report_id, status=Status.DIPROSES, settings=db.settings)
    return report_id


def _resolve(db, report_id: int, photos=()) -> StatusHistory:
    with db.write().begin() as session:
        history = transition(
            session,
            report_id=report_id,
            to=Status.SELESAI,
            actor=opd_actor(session),
            settings=db.settings,
            photos=photos,
            public_note="Sudah diperbaiki",
            now=RECEIVED + dt.timedelta(days=3),
        )
        return history.id


def test_an_aduan_cannot_be_resolved_without_an_after_photo(db):
    report_id = _in_progress(db)
    with db.read() as session:
        before = _counts(session)
    for photos in ((), ((PhotoKind.PROGRESS, prepared_photo(db.settings)),)):
        with pytest.raises(AfterPhotoRequired) as error:
            _resolve(db, report_id, photos)
        assert error.value.code == "after_photo_required"
    with db.read() as session:
        assert session.get(Report, report_id).status == "diproses"
        assert session.get(Report, report_id).resolved_at is None
        assert _counts(session) == before


def test_an_after_photo_in_the_same_step_resolves_and_is_linked_to_it(db):
    report_id = _in_progress(db)
    history_id = _resolve(db, report_id, ((PhotoKind.AFTER, prepared_photo(db.settings)),))
    with db.read() as session:
        assert session.get(Report, report_id).status == "selesai"
        [after] = session.scalars(
            select(Photo).where(Photo.report_id == report_id, Photo.kind == "after")
        ).all()
        assert after.history_id == history_id


def test_an_after_photo_uploaded_earlier_counts(db):
    report_id = _in_progress(db)
    with db.write().begin() as session:
        update = add_progress_update(
            session,
            report_id=report_id,
            actor=opd_actor(session),
            public_note="  Penambalan selesai, menunggu kering.  ",
            internal_note="Aspal 2 karung",
            photos=((PhotoKind.AFTER, prepared_photo(db.settings)),),
            now=RECEIVED + dt.timedelta(days=2),
        )
        assert (update.from_status, update.to_status) == ("diproses", "diproses")
        assert update.public_note == "Penambalan selesai, menunggu kering."
    _resolve(db, report_id)
    with db.read() as session:
        assert session.get(Report, report_id).status == "selesai"


@pytest.mark.parametrize("kind", [Kind.ASPIRASI, Kind.INFORMASI])
def test_aspirasi_and_informasi_need_no_photo(db, kind):
    report_id = _in_progress(db, kind=kind)
    _resolve(db, report_id)
    with db.read() as session:
        assert session.get(Report, report_id).status == "selesai"


# --- the reporter's follow-up ------------------------------------------------------


def _at(db, status: Status) -> int:
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        reach(session, report_id=report_id, status=status, settings=db.settings)
    return report_id


def test_confirming_closes_with_a_rating(db):
    report_id = _at(db, Status.SELESAI)
    at = RECEIVED + dt.timedelta(days=4)
    with db.write().begin() as session:
        record_feedback(
            session,
            report_id=report_id,
            kind=FeedbackKind.CONFIRM,
            settings=db.settings,
            rating=5,
            comment=" Terima kasih, cepat sekali! ",
            now=at,
        )
    with db.read() as session:
        report = session.get(Report, report_id)
        assert report.status == "ditutup" and report.closed_at == at
        [feedback] = session.scalars(select(Feedback).where(Feedback.report_id == report_id))
        assert (feedback.kind, feedback.rating) == ("confirm", 5)
        assert feedback.comment == "Terima kasih, cepat sekali!"
        last = _history(session, report_id)[-1]
        assert (last.to_status, last.actor_label, last.operator_id) == ("ditutup", "warga", None)


@pytest.mark.parametrize("status", [Status.SELESAI, Status.DITUTUP])
def test_disputing_reopens(db, status):
    report_id = _at(db, status)
    with db.write().begin() as session:
        record_feedback(
            session,
            report_id=report_id,
            kind=FeedbackKind.DISPUTE,
            settings=db.settings,
            rating=1,
            comment="Belum diperbaiki sama sekali.",
        )
    with db.read() as session:
        report = session.get(Report, report_id)
        assert report.status == "dibuka_kembali" and report.reopen_count == 1
        last = _history(session, report_id)[-1]
        assert (last.from_status, last.to_status) == (status.value, "dibuka_kembali")
        # Kept for operators as feedback, never published as written (finding 12).
        assert last.public_note is None and last.internal_note is None
        assert last.actor_label == "warga"
        stored = session.scalar(select(Feedback.comment).where(Feedback.report_id == report_id))
        assert stored == "Belum diperbaiki sama sekali."


def test_adding_information_when_asked(db):
    report_id = _at(db, Status.PERLU_INFO)
    with db.write().begin() as session:
        with pytest.raises(MissingInformation):
            record_feedback(
                session,
                report_id=report_id,
                kind=FeedbackKind.INFO,
                settings=db.settings,
                comment="   ",
            )
        record_feedback(
            session,
            report_id=report_id,
            kind=FeedbackKind.INFO,
            settings=db.settings,
            comment="Lokasinya di depan SD Negeri Miroto 01.",
        )
    with db.read() as session:
        report = session.get(Report, report_id)
        assert report.status == "perlu_info"
        last = _history(session, report_id)[-1]
        assert (last.from_status, last.to_status) == ("perlu_info", "perlu_info")
        assert last.internal_note == "Lokasinya di depan SD Negeri Miroto 01."
        assert last.public_note is None  # the reporter's words are not published
        assert (
            session.scalar(select(Feedback.kind).where(Feedback.report_id == report_id)) == "info"
        )


def test_feedback_out_of_turn_is_refused_and_changes_nothing(db):
    in_progress = _at(db, Status.DIPROSES)
    received = _at(db, Status.DITERIMA)
    with db.read() as session:
        before = _counts(session)
    attempts = [
        (in_progress, FeedbackKind.CONFIRM),
        (in_progress, FeedbackKind.DISPUTE),
        (in_progress, FeedbackKind.INFO),
        (received, FeedbackKind.DISPUTE),
        (received, FeedbackKind.INFO),
    ]
    with db.write().begin() as session:
        for report_id, kind in attempts:
            with pytest.raises(TransitionNotAllowed):
                record_feedback(
                    session,
                    report_id=report_id,
                    kind=kind,
                    settings=db.settings,
                    rating=3,
                    comment="komentar",
                )
    with db.read() as session:
        assert _counts(session) == before
        assert session.get(Report, in_progress).status == "diproses"


def test_rating_must_be_between_one_and_five(db):
    report_ids = [_at(db, Status.SELESAI) for _ in range(2)]
    with db.read() as session:
        before = _counts(session)
    with db.write().begin() as session:
        for rating in (0, 6, -1, 10):
            with pytest.raises(MissingInformation) as error:
                record_feedback(
                    session,
                    report_id=report_ids[0],
                    kind=FeedbackKind.CONFIRM,
                    settings=db.settings,
                    rating=rating,
                )
            assert error.value.details == {"field": "rating"}
    with db.read() as session:
        assert _counts(session) == before
    for report_id, rating in zip(report_ids, (1, 5), strict=True):
        with db.write().begin() as session:
            record_feedback(
                session,
                report_id=report_id,
                kind=FeedbackKind.CONFIRM,
                settings=db.settings,
                rating=rating,
            )
    with db.read() as session:
        ratings = session.scalars(select(Feedback.rating).order_by(Feedback.rating)).all()
        assert ratings == [1, 5]


def test_over_long_texts_are_refused_by_the_writes_themselves(db):
    # The widgets' max_chars is a courtesy of the browser; the server enforces.
    with db.write().begin() as session:
        with pytest.raises(TextTooLong) as error:
            submit_report(
                session, draft=make_draft(session, title="j" * 10_000), settings=db.settings
            )
        assert error.value.details == {"field": "title", "max": TITLE_MAX}
        report_id = make_report(session, settings=db.settings).report_id
    with pytest.raises(TextTooLong), db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=Status.DIVERIFIKASI,
            actor=VERIFIER,
            settings=db.settings,
            internal_note="n" * (NOTE_MAX + 1),
        )
    with db.read() as session:
        assert session.get(Report, report_id).status == Status.DITERIMA.value


def test_followup_code_failures_are_counted_per_report_in_the_database(db):
    with db.write().begin() as session:
        mine = make_report(session, settings=db.settings)
        other = make_report(session, settings=db.settings)

    def attempt(submitted, code, address, at=RECEIVED):
        with db.write().begin() as session:
            return unlock_followup(
                session, report_id=submitted.report_id, code=code, client_address=address, now=at
            )

    limit = followup_failures_per_report().limit
    # Wrong codes from many addresses all count against the one report.
    answers = [attempt(mine, "WRONG", f"203.0.113.{i}") for i in range(limit)]
    assert not any(answer.accepted for answer in answers) and answers[-1].wait_seconds > 0
    refused = attempt(mine, mine.followup_code, "198.51.100.1")
    assert not refused.accepted and refused.wait_seconds > 0  # not even checked
    # Another report is unaffected, and the first one reopens once failures decay.
    assert attempt(other, other.followup_code, "198.51.100.1").accepted
    later = RECEIVED + dt.timedelta(hours=2, minutes=30)
    assert attempt(mine, mine.followup_code, "198.51.100.1", at=later).accepted


# --- rules every caller gets (the UI, the API, scripts) --------------------------------


@pytest.mark.parametrize("to", [Status.PERLU_INFO, Status.SELESAI])
def test_a_move_the_reporter_must_understand_needs_a_public_note(db, to):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        if to is Status.SELESAI:
            reach(session, report_id=report_id, status=Status.DIPROSES, settings=db.settings)
    before = Status.DITERIMA if to is Status.PERLU_INFO else Status.DIPROSES
    for note in (None, "", "   "):
        with db.write().begin() as session:
            actor = VERIFIER if to is Status.PERLU_INFO else opd_actor(session)
            with pytest.raises(MissingInformation) as error:
                transition(
                    session,
                    report_id=report_id,
                    to=to,
                    actor=actor,
                    settings=db.settings,
                    public_note=note,
                    photos=((PhotoKind.AFTER, prepared_photo(db.settings)),),
                )
            assert error.value.details == {"field": "public_note"}
            assert session.get(Report, report_id).status == before.value


def test_not_city_authority_names_the_destination_in_indonesian(db):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
    with db.write().begin() as session, pytest.raises(MissingInformation) as error:
        transition(
            session,
            report_id=report_id,
            to=Status.BUKAN_WEWENANG,
            actor=VERIFIER,
            settings=db.settings,
            public_note="Jalan provinsi.",
        )
    assert error.value.details == {"field": "destination"}
    with db.write().begin() as session:
        row = transition(
            session,
            report_id=report_id,
            to=Status.BUKAN_WEWENANG,
            actor=VERIFIER,
            settings=db.settings,
            public_note="Jalan provinsi.",
            destination="laporgub",
        )
        note = row.public_note
    profile = db.settings.profile
    assert note == (
        f"Bukan wewenang Pemerintah {profile.name}; laporan diteruskan ke "
        f"{profile.higher_authority}.\nJalan provinsi."
    )


def test_an_operators_progress_update_needs_a_public_note(db):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
    with db.write().begin() as session, pytest.raises(MissingInformation) as error:
        add_progress_update(session, report_id=report_id, actor=VERIFIER, public_note=" ")
    assert error.value.details == {"field": "public_note"}
