"""A report's way through the operator pages: verify → forward → start → resolve with an
after photo, with the audit trail; and the refusals a user would hit on the way."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import OPERATOR_PASSWORD, advance, make_operator, make_report, opd_id, photo_bytes
from operator_app import as_seen, by_key_prefix, go, open_app, sign_in, submit, texts
from sqlalchemy import func, select

from data_layer.commands import record_feedback, utcnow
from data_layer.models import Photo, Report, StatusHistory
from data_layer.states import FeedbackKind, Role, Status
from data_layer.tickets import format_ticket_code

REPORT_PAGE = "pages/operator_laporan.py"
QUEUE_PAGE = "pages/operator_antrian.py"
AFTER_PHOTO_REFUSED = "Aduan hanya dapat diselesaikan dengan minimal satu foto sesudah"


@pytest.fixture
def setup(app_db):
    with app_db.write().begin() as session:
        team = {
            "verifier": make_operator(session, role=Role.VERIFIKATOR, username="verif"),
            "dpu": make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1"),
            "dlh": make_operator(session, role=Role.OPD, opd_code="dlh", username="dlh1"),
        }
        report = make_report(session, settings=app_db.settings)
    return team, report


def signed_in(username: str, page: str = QUEUE_PAGE, **query):
    at = open_app(page, **query)
    sign_in(at, username, OPERATOR_PASSWORD)
    assert not at.exception
    return at


def choose_action(at, action: Status | str):
    by_key_prefix(at.selectbox, "op_act_").set_value(action).run()
    return at


def notes(at, public: str, internal: str = ""):
    areas = [area for area in at.text_area if area.key and area.key.startswith("op_act_")]
    public_box = next(area for area in areas if area.key.endswith("_public"))
    public_box.input(public)
    if internal:
        next(area for area in areas if area.key.endswith("_internal")).input(internal)
    return at


def save(at):
    return submit(at, "op_act_")


def status_of(db, report_id: int) -> Status:
    with db.read() as session:
        return Status(session.get(Report, report_id).status)


def test_verifier_to_opd_to_resolution_with_an_after_photo(setup, app_db):
    team, report = setup
    ticket = format_ticket_code(report.ticket)

    # The verifier finds the new report in the queue and opens it.
    verifier = signed_in("verif")
    assert ticket in texts(verifier)
    verifier.button(key="op_open_verify").click().run()
    go(verifier, REPORT_PAGE)
    assert verifier.subheader[0].value == f"{ticket} · Diterima"
    assert "Budi Santoso" in texts(verifier)  # the verifier sees who reported

    choose_action(verifier, Status.DIVERIFIKASI)
    notes(verifier, "Laporan valid.", "Sudah dicek via telepon")
    save(verifier)
    assert [s.value for s in verifier.success] == ["Laporan diverifikasi."]
    assert status_of(app_db, report.report_id) is Status.DIVERIFIKASI

    # Forwarding preselects the category's default OPD (DPU for a damaged road).
    choose_action(verifier, Status.DITERUSKAN)
    with app_db.read() as session:
        dpu = opd_id(session, "dpu")
    assert by_key_prefix(verifier.selectbox, "op_act_").value is Status.DITERUSKAN
    opd_box = next(box for box in verifier.selectbox if box.key and box.key.endswith("_opd"))
    assert opd_box.value == dpu
    notes(verifier, "Diteruskan ke Dinas Pekerjaan Umum.")
    save(verifier)
    assert status_of(app_db, report.report_id) is Status.DITERUSKAN

    # The DPU operator finds it in the DPU queue and starts work.
    worker = signed_in("dpu1")
    assert ticket in texts(worker)
    worker.button(key="op_open_own").click().run()
    go(worker, REPORT_PAGE)
    assert [o for o in by_key_prefix(worker.selectbox, "op_act_").options] == [
        "Mulai kerjakan",
        "Tambah perkembangan",
    ]
    choose_action(worker, Status.DIPROSES)
    notes(worker, "Tim menuju lokasi.")
    save(worker)
    assert status_of(app_db, report.report_id) is Status.DIPROSES

    # Resolving an aduan without an after photo is refused, and the note typed stays.
    choose_action(worker, Status.SELESAI)
    notes(worker, "Lubang sudah ditambal.", "Aspal 2 karung")
    save(worker)
    assert any(AFTER_PHOTO_REFUSED in error.value for error in worker.error)
    assert status_of(app_db, report.report_id) is Status.DIPROSES
    kept = [area.value for area in worker.text_area if area.key.startswith("op_act_")]
    assert kept == ["Lubang sudah ditambal.", "Aspal 2 karung"]

    # With the after photo uploaded in the same step it is resolved.
    uploader = by_key_prefix(worker.file_uploader, "op_act_")
    uploader.set_value(("sesudah.jpg", photo_bytes(color=(40, 160, 60)), "image/jpeg"))
    save(worker)
    assert [s.value for s in worker.success] == ["Laporan ditandai selesai."]
    assert status_of(app_db, report.report_id) is Status.SELESAI

    # The audit trail on the page: who, when, public and internal notes.
    trail = worker.dataframe[-1].value
    assert list(trail["Oleh"]) == [
        "Pelapor",
        "Petugas verif (verif)",
        "Petugas verif (verif)",
        "Petugas dpu1 (dpu1)",
        "Petugas dpu1 (dpu1)",
    ]
    assert list(trail["Catatan internal"])[1] == "Sudah dicek via telepon"
    assert list(trail["Catatan publik"])[-1] == "Lubang sudah ditambal."
    assert list(trail["Perubahan"])[-1] == "Diproses → Selesai"

    with app_db.read() as session:
        history = session.scalars(
            select(StatusHistory)
            .where(StatusHistory.report_id == report.report_id)
            .order_by(StatusHistory.id)
        ).all()
        after = session.scalars(select(Photo).where(Photo.report_id == report.report_id)).all()
    assert [h.operator_id for h in history] == [
        None,
        team["verifier"].id,
        team["verifier"].id,
        team["dpu"].id,
        team["dpu"].id,
    ]
    assert [(p.kind, p.history_id) for p in after] == [("after", history[-1].id)]


def test_a_refused_photo_gives_a_clear_message_and_writes_nothing(setup, app_db):
    _team, report = setup
    with app_db.write().begin() as session:
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=app_db.settings)
    worker = signed_in("dpu1", REPORT_PAGE, tiket=report.ticket)
    choose_action(worker, Status.SELESAI)
    notes(worker, "Lubang sudah ditambal.")
    by_key_prefix(worker.file_uploader, "op_act_").set_value(
        ("sesudah.jpg", b"ini bukan foto, hanya teks", "image/jpeg")
    )
    save(worker)
    assert any("“sesudah.jpg” bukan foto" in as_seen(e.value) for e in worker.error)
    assert any("Catatan yang Anda tulis tetap ada" in i.value for i in worker.info)
    assert status_of(app_db, report.report_id) is Status.DIPROSES
    with app_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Photo)) == 0
    public = next(a for a in worker.text_area if a.key.endswith("_public"))
    assert public.value == "Lubang sudah ditambal."


def test_an_opd_operator_cannot_open_or_act_on_another_opds_report(setup, app_db):
    _team, report = setup
    with app_db.write().begin() as session:
        advance(session, report_id=report.report_id, to=Status.DITERUSKAN, settings=app_db.settings)
    other = signed_in("dlh1", REPORT_PAGE, tiket=report.ticket)
    assert "bukan wewenang OPD Anda" in other.warning[0].value
    assert not other.selectbox and not other.text_area and not other.file_uploader
    assert "Budi Santoso" not in texts(other) and "Jalan berlubang" not in texts(other)
    go(other, QUEUE_PAGE)
    assert format_ticket_code(report.ticket) not in texts(other)


def test_an_anonymous_reporter_is_hidden_on_the_opd_page(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        report = make_report(session, settings=app_db.settings, anonymous=True)
    with app_db.write().begin() as session:
        advance(session, report_id=report.report_id, to=Status.DITERUSKAN, settings=app_db.settings)
    page = signed_in("dpu1", REPORT_PAGE, tiket=report.ticket)
    shown = texts(page)
    assert "Pelapor memilih anonim" in shown
    for identity in ("Budi Santoso", "+6281234567890", "budi@example.com"):
        assert identity not in shown


def test_reject_with_a_reason_and_not_city_authority_say_so_publicly(setup, app_db):
    _team, report = setup
    with app_db.write().begin() as session:
        second = make_report(session, settings=app_db.settings)
    verifier = signed_in("verif", REPORT_PAGE, tiket=report.ticket)
    choose_action(verifier, Status.DITOLAK)
    reason = next(box for box in verifier.selectbox if box.key.endswith("_reason"))
    reason.set_value("duplikat")
    notes(verifier, "Sama dengan laporan sebelumnya.")
    save(verifier)
    with app_db.read() as session:
        rejected = session.get(Report, report.report_id)
        assert (rejected.status, rejected.reject_reason) == ("ditolak", "duplikat")

    verifier.query_params["tiket"] = second.ticket
    go(verifier, REPORT_PAGE)
    choose_action(verifier, Status.BUKAN_WEWENANG)
    next(r for r in verifier.radio if r.key.endswith("_destination")).set_value("laporgub")
    save(verifier)
    with app_db.read() as session:
        note = session.scalar(
            select(StatusHistory.public_note).where(
                StatusHistory.report_id == second.report_id,
                StatusHistory.to_status == "bukan_wewenang",
            )
        )
    assert "Laporgub" in note and "Bukan wewenang" in note


def test_asking_for_information_needs_a_public_note(setup, app_db):
    _team, report = setup
    verifier = signed_in("verif", REPORT_PAGE, tiket=report.ticket)
    choose_action(verifier, Status.PERLU_INFO)
    save(verifier)
    assert [e.value for e in verifier.error] == ["Tulis catatan publik untuk tindakan ini."]
    assert status_of(app_db, report.report_id) is Status.DITERIMA
    notes(verifier, "Mohon kirim foto lokasi.")
    save(verifier)
    assert status_of(app_db, report.report_id) is Status.PERLU_INFO


def test_a_progress_update_with_a_photo(setup, app_db):
    _team, report = setup
    with app_db.write().begin() as session:
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=app_db.settings)
    worker = signed_in("dpu1", REPORT_PAGE, tiket=report.ticket)
    choose_action(worker, "progress")
    notes(worker, "Material sudah dikirim.")
    by_key_prefix(worker.file_uploader, "op_act_").set_value(
        ("proses.png", photo_bytes(fmt="PNG"), "image/png")
    )
    save(worker)
    assert [s.value for s in worker.success] == ["Perkembangan ditambahkan."]
    with app_db.read() as session:
        kinds = session.scalars(select(Photo.kind).where(Photo.report_id == report.report_id)).all()
        assert Status(session.get(Report, report.report_id).status) is Status.DIPROSES
    assert kinds == ["progress"]
    assert "catatan (Diproses)" in texts(worker)


def test_close_then_archive_and_nothing_is_left_to_do(setup, app_db):
    with app_db.write().begin() as session:
        # Received two weeks ago, so the steps `advance` takes lie in the past.
        two_weeks_ago = utcnow() - dt.timedelta(days=14)
        report = make_report(session, settings=app_db.settings, now=two_weeks_ago)
        advance(session, report_id=report.report_id, to=Status.SELESAI, settings=app_db.settings)
    verifier = signed_in("verif", REPORT_PAGE, tiket=report.ticket)
    assert by_key_prefix(verifier.selectbox, "op_act_").options == [
        "Tutup",
        "Buka kembali",
        "Arsipkan",
        "Tarik (take-down): tidak pernah tampil untuk umum lagi",
    ]
    choose_action(verifier, Status.DITUTUP)
    save(verifier)
    assert status_of(app_db, report.report_id) is Status.DITUTUP
    choose_action(verifier, Status.ARSIP)
    notes(verifier, "", "Ditarik dari tampilan publik atas permintaan pelapor")
    save(verifier)
    assert status_of(app_db, report.report_id) is Status.ARSIP
    # Only a take-down is left.
    assert by_key_prefix(verifier.selectbox, "op_act_").options == [
        "Tarik (take-down): tidak pernah tampil untuk umum lagi"
    ]
    # Archived, not deleted: the whole trail is still there.
    trail = verifier.dataframe[-1].value
    assert list(trail["Perubahan"])[-2:] == ["Selesai → Ditutup", "Ditutup → Arsip"]


def test_withdraw_needs_a_reason_and_is_final(setup, app_db):
    """Take-down (issue 8, finding 4): from an in-progress, public report, with a reason."""
    with app_db.write().begin() as session:
        report = make_report(
            session, settings=app_db.settings, now=utcnow() - dt.timedelta(days=14)
        )
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=app_db.settings)
    verifier = signed_in("verif", REPORT_PAGE, tiket=report.ticket)
    choose_action(verifier, Status.DITARIK)
    notes(verifier, "Laporan ditarik.")
    save(verifier)
    assert "Tulis alasan penarikan di catatan internal" in texts(verifier)
    assert status_of(app_db, report.report_id) is Status.DIPROSES
    notes(verifier, "Laporan ditarik.", "Uraian memuat NIK dan nomor telepon pihak lain")
    save(verifier)
    assert status_of(app_db, report.report_id) is Status.DITARIK
    assert "Tidak ada tindakan yang dapat Anda lakukan" in verifier.info[0].value


def test_redaction_keeps_the_original_for_admins_only(setup, app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.ADMIN, username="admin")
        report = make_report(
            session,
            settings=app_db.settings,
            now=utcnow() - dt.timedelta(days=3),
            title="Jalan rusak depan rumah Pak Zyxwvu 0812-5555-0000",
        )
        advance(
            session, report_id=report.report_id, to=Status.DIVERIFIKASI, settings=app_db.settings
        )
    verifier = signed_in("verif", REPORT_PAGE, tiket=report.ticket)
    by_key_prefix(verifier.text_area, "op_redact_").input("Jalan rusak di Miroto")
    submit(verifier, "op_redact_")
    assert "Tulis alasan penyuntingan" in texts(verifier)  # refused, the text kept
    assert by_key_prefix(verifier.text_area, "op_redact_").value == "Jalan rusak di Miroto"
    by_key_prefix(verifier.text_input, "op_redact_").input("Nama dan nomor telepon warga")
    submit(verifier, "op_redact_")
    assert "Isi telah disunting" in texts(verifier)
    with app_db.read() as session:
        assert session.get(Report, report.report_id).title == "Jalan rusak di Miroto"
    assert "0812-5555-0000" not in texts(verifier)  # the verifier no longer sees it
    admin = signed_in("admin", REPORT_PAGE, tiket=report.ticket)
    assert "Jejak penyuntingan (hanya admin)" in texts(admin)
    assert "0812-5555-0000" in texts(admin)


def test_a_dispute_is_published_only_as_the_verifier_edited_it(setup, app_db):
    with app_db.write().begin() as session:
        report = make_report(
            session, settings=app_db.settings, now=utcnow() - dt.timedelta(days=14)
        )
        advance(session, report_id=report.report_id, to=Status.SELESAI, settings=app_db.settings)
        record_feedback(
            session,
            report_id=report.report_id,
            kind=FeedbackKind.DISPUTE,
            settings=app_db.settings,
            comment="Belum beres. Telepon saya 0812-7777-6666.",
        )
    verifier = signed_in("verif", REPORT_PAGE, tiket=report.ticket)
    box = by_key_prefix(verifier.text_area, "op_publish_")
    assert box.value == "Belum beres. Telepon saya 0812-7777-6666."  # to edit, not as is
    box.input("Pelapor menyampaikan perbaikan belum tuntas.")
    submit(verifier, "op_publish_")
    assert "Tanggapan yang disunting telah diterbitkan." in texts(verifier)
    with app_db.read() as session:
        notes = session.scalars(
            select(StatusHistory.public_note)
            .where(StatusHistory.report_id == report.report_id)
            .order_by(StatusHistory.id)
        ).all()
    assert notes[-1] == "Pelapor menyampaikan perbaikan belum tuntas."
    assert not any("0812" in (note or "") for note in notes)
