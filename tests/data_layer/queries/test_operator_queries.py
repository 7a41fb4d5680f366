"""The operator area's reads on both databases: queues, SLA countdown, scoping by role."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import (
    category_id,
    make_operator,
    make_report,
    opd_id,
    prepared_photo,
)

from data_layer.commands import (
    Actor,
    NotPermitted,
    add_progress_update,
    record_feedback,
    redact,
    transition,
)
from data_layer.queries.operator import (
    find_by_ticket,
    forwarding_queue,
    needs_information_queue,
    offered_actions,
    opd_queue,
    opd_workloads,
    operator_accounts,
    overdue_queue,
    report_detail,
    report_id_for_ticket,
    verification_queue,
)
from data_layer.states import FeedbackKind, PhotoKind, RejectReason, Role, Status
from data_layer.tickets import format_ticket_code

MONDAY = dt.datetime(2025, 7, 7, 2, 0)  # 09:00 WIB, an ordinary working Monday
HOUR = dt.timedelta(hours=1)


def actor(identity) -> Actor:
    return Actor.operator(operator_id=identity.id, role=identity.role, opd_id=identity.opd_id)


@pytest.fixture
def team(db):
    """A verifier, an admin, and operators of DPU and DLH."""
    with db.write().begin() as session:
        return {
            "verifier": make_operator(session, role=Role.VERIFIKATOR, username="verif"),
            "admin": make_operator(session, role=Role.ADMIN, username="admin"),
            "dpu": make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1"),
            "dlh": make_operator(session, role=Role.OPD, opd_code="dlh", username="dlh1"),
        }


def submit(db, *, at: dt.datetime, **overrides) -> int:
    with db.write().begin() as session:
        return make_report(session, settings=db.settings, now=at, **overrides).report_id


def move(db, report_id: int, to: Status, by, at: dt.datetime, **kwargs) -> None:
    with db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=to,
            actor=actor(by),
            settings=db.settings,
            now=at,
            **kwargs,
        )


def forward(db, team, report_id: int, opd_code: str, at: dt.datetime) -> None:
    move(db, report_id, Status.DIVERIFIKASI, team["verifier"], at)
    with db.read() as session:
        target = opd_id(session, opd_code)
    move(db, report_id, Status.DITERUSKAN, team["verifier"], at + HOUR, opd_id=target)


def test_verification_queue_is_oldest_first_with_an_sla_countdown(db, team):
    newer = submit(db, at=MONDAY + 2 * HOUR)
    older = submit(db, at=MONDAY)
    verified = submit(db, at=MONDAY + HOUR)
    move(db, verified, Status.DIVERIFIKASI, team["verifier"], MONDAY + 3 * HOUR)
    with db.read() as session:
        queue = verification_queue(
            session,
            viewer=team["verifier"],
            settings=db.settings,
            now=MONDAY + dt.timedelta(days=1),
        )
        to_forward = forwarding_queue(session, viewer=team["verifier"], settings=db.settings)
    assert [row.report_id for row in queue.rows] == [older, newer]
    assert queue.total == 2
    # 3 working days to verify; one day has gone by.
    assert queue.rows[0].working_days_left == pytest.approx(2.0)
    assert not queue.rows[0].overdue
    assert queue.rows[0].category_name("en") == "Damaged road / pothole"
    assert [row.report_id for row in to_forward.rows] == [verified]


def test_a_report_past_its_deadline_is_in_the_overdue_queue(db, team):
    late = submit(db, at=MONDAY)
    on_time = submit(db, at=MONDAY + dt.timedelta(days=3))
    # Monday + 3 working days is Thursday 09:00 WIB; Friday noon is a day and a bit late.
    friday_noon = MONDAY + dt.timedelta(days=4, hours=3)
    with db.read() as session:
        overdue = overdue_queue(
            session, viewer=team["verifier"], settings=db.settings, now=friday_noon
        )
        waiting = verification_queue(
            session, viewer=team["verifier"], settings=db.settings, now=friday_noon
        )
    assert [row.report_id for row in overdue.rows] == [late]
    assert overdue.rows[0].overdue
    assert overdue.rows[0].working_days_left == pytest.approx(-1.125)
    assert {row.report_id for row in waiting.rows} == {late, on_time}


def test_needs_information_queue(db, team):
    asked = submit(db, at=MONDAY)
    submit(db, at=MONDAY)
    move(db, asked, Status.PERLU_INFO, team["verifier"], MONDAY + HOUR, public_note="Foto lokasi?")
    with db.read() as session:
        queue = needs_information_queue(session, viewer=team["verifier"], settings=db.settings)
    assert [row.report_id for row in queue.rows] == [asked]


def test_an_opd_operator_sees_only_reports_forwarded_to_its_own_opd(db, team):
    for_dpu = submit(db, at=MONDAY)
    for_dlh = submit(db, at=MONDAY)  # a DPU category, forwarded to DLH by the verifier
    verified_only = submit(db, at=MONDAY)
    forward(db, team, for_dpu, "dpu", MONDAY + HOUR)
    forward(db, team, for_dlh, "dlh", MONDAY + HOUR)
    # Verified reports already carry the category's OPD, but are not forwarded yet.
    move(db, verified_only, Status.DIVERIFIKASI, team["verifier"], MONDAY + HOUR)
    dpu = team["dpu"]
    with db.read() as session:
        tickets = {
            rid: report_detail(session, viewer=team["admin"], report_id=rid).ticket
            for rid in (for_dpu, for_dlh, verified_only)
        }
        own = opd_queue(session, viewer=dpu, settings=db.settings)
        # Asking for another OPD's queue still gives one's own.
        asked_other = opd_queue(
            session, viewer=dpu, settings=db.settings, opd_id=opd_id(session, "dlh")
        )
        everything_late = overdue_queue(
            session, viewer=dpu, settings=db.settings, now=MONDAY + dt.timedelta(days=90)
        )
        search_other = find_by_ticket(
            session, viewer=dpu, text=tickets[for_dlh], settings=db.settings
        )
        assert report_detail(session, viewer=dpu, report_id=for_dlh) is None
        assert report_detail(session, viewer=dpu, report_id=verified_only) is None
        assert report_detail(session, viewer=dpu, report_id=for_dpu) is not None
        assert report_id_for_ticket(session, viewer=dpu, ticket=tickets[for_dlh]) is None
        assert verification_queue(session, viewer=dpu, settings=db.settings).total == 0
        assert [w.opd_name for w in opd_workloads(session, viewer=dpu)] == ["DPU"]
        all_workloads = {
            w.opd_name: w.open_reports for w in opd_workloads(session, viewer=team["verifier"])
        }
    assert [row.report_id for row in own.rows] == [for_dpu]
    assert [row.report_id for row in asked_other.rows] == [for_dpu]
    assert [row.report_id for row in everything_late.rows] == [for_dpu]
    assert search_other.total == 0
    assert all_workloads == {"DPU": 1, "DLH": 1}


def test_an_opd_operator_cannot_act_on_another_opds_report(db, team):
    report = submit(db, at=MONDAY)
    forward(db, team, report, "dlh", MONDAY + HOUR)
    for attempt in (
        lambda s: transition(
            s, report_id=report, to=Status.DIPROSES, actor=actor(team["dpu"]), settings=db.settings
        ),
        lambda s: add_progress_update(
            s, report_id=report, actor=actor(team["dpu"]), public_note="x"
        ),
    ):
        with pytest.raises(NotPermitted), db.write().begin() as session:
            attempt(session)
    move(db, report, Status.DIPROSES, team["dlh"], MONDAY + 2 * HOUR)
    with db.read() as session:
        assert (
            report_detail(session, viewer=team["dlh"], report_id=report).status is Status.DIPROSES
        )


def test_an_anonymous_reporters_identity_is_hidden_from_the_opd_only(db, team):
    anonymous = submit(db, at=MONDAY, anonymous=True, reporter_nik="3374010101900001")
    named = submit(db, at=MONDAY)
    forward(db, team, anonymous, "dpu", MONDAY + HOUR)
    forward(db, team, named, "dpu", MONDAY + HOUR)
    with db.read() as session:
        for_opd = report_detail(session, viewer=team["dpu"], report_id=anonymous)
        for_verifier = report_detail(session, viewer=team["verifier"], report_id=anonymous)
        named_for_opd = report_detail(session, viewer=team["dpu"], report_id=named)
    assert for_opd.anonymous and for_opd.reporter is None
    assert "Budi" not in repr(for_opd) and "+6281234567890" not in repr(for_opd)
    assert "3374010101900001" not in repr(for_opd)
    assert for_verifier.reporter.name == "Budi Santoso"
    assert named_for_opd.reporter.phone == "+6281234567890"


def test_report_detail_carries_the_audit_trail_with_names_and_internal_notes(db, team):
    report = submit(db, at=MONDAY)
    move(
        db,
        report,
        Status.DIVERIFIKASI,
        team["verifier"],
        MONDAY + HOUR,
        public_note="Laporan valid",
        internal_note="Cek dengan lurah",
    )
    with db.read() as session:
        dpu = opd_id(session, "dpu")
    move(
        db,
        report,
        Status.DITERUSKAN,
        team["verifier"],
        MONDAY + 2 * HOUR,
        opd_id=dpu,
        public_note="Diteruskan ke DPU",
    )
    with db.write().begin() as session:
        add_progress_update(
            session,
            report_id=report,
            actor=actor(team["dpu"]),
            public_note="Survei lokasi",
            internal_note="Butuh alat berat",
            now=MONDAY + 3 * HOUR,
            photos=((PhotoKind.PROGRESS, prepared_photo(db.settings)),),
        )
    with db.read() as session:
        detail = report_detail(session, viewer=team["dpu"], report_id=report)
    trail = detail.history
    assert [entry.to_status for entry in trail] == [
        Status.DITERIMA,
        Status.DIVERIFIKASI,
        Status.DITERUSKAN,
        Status.DITERUSKAN,
    ]
    assert trail[0].operator_name is None and trail[0].actor_label == "warga"
    assert trail[1].operator_name == "Petugas verif (verif)"
    assert trail[1].internal_note == "Cek dengan lurah"
    assert trail[3].operator_name == "Petugas dpu1 (dpu1)" and not trail[3].changes_status
    assert trail[3].internal_note == "Butuh alat berat" and trail[2].opd_name == "DPU"
    assert [(photo.kind, photo.history_id) for photo in detail.photos] == [
        ("progress", trail[3].history_id)
    ]
    assert detail.photos[0].thumbnail[:2] == b"\xff\xd8"  # a JPEG thumbnail
    assert detail.actions == (Status.DIPROSES,)
    assert detail.can_add_progress


def test_forwarding_suggests_the_categorys_default_opd(db, team):
    with db.read() as session:
        sampah = category_id(session, "sampah")
        dlh = opd_id(session, "dlh")
    report = submit(db, at=MONDAY, category_id=sampah)
    with db.read() as session:
        assert (
            report_detail(session, viewer=team["verifier"], report_id=report).suggested_opd_id
            == dlh
        )


def test_offered_actions_follow_status_and_role():
    # A take-down (ditarik) is offered to Diskominfo in every state, last.
    assert offered_actions(Status.DITERIMA, Role.VERIFIKATOR) == (
        Status.DIVERIFIKASI,
        Status.PERLU_INFO,
        Status.DITOLAK,
        Status.BUKAN_WEWENANG,
        Status.DITARIK,
    )
    assert offered_actions(Status.DITERIMA, Role.OPD) == ()
    assert offered_actions(Status.DIVERIFIKASI, Role.VERIFIKATOR) == (
        Status.DITERUSKAN,
        Status.DITARIK,
    )
    assert offered_actions(Status.DITERUSKAN, Role.OPD) == (Status.DIPROSES,)
    assert offered_actions(Status.DIPROSES, Role.OPD) == (Status.SELESAI,)
    assert offered_actions(Status.DIPROSES, Role.VERIFIKATOR) == (Status.DITARIK,)
    assert offered_actions(Status.SELESAI, Role.VERIFIKATOR) == (
        Status.DITUTUP,
        Status.DIBUKA_KEMBALI,
        Status.ARSIP,
        Status.DITARIK,
    )
    assert offered_actions(Status.DITOLAK, Role.ADMIN) == (Status.ARSIP, Status.DITARIK)
    assert offered_actions(Status.ARSIP, Role.ADMIN) == (Status.DITARIK,)
    assert offered_actions(Status.DITARIK, Role.ADMIN) == ()  # final


def test_ticket_search_accepts_how_people_type_codes(db, team):
    report = submit(db, at=MONDAY)
    with db.read() as session:
        ticket = report_detail(session, viewer=team["verifier"], report_id=report).ticket
        typed = format_ticket_code(ticket).lower()
        exact = find_by_ticket(
            session, viewer=team["verifier"], text=f" {typed} ", settings=db.settings
        )
        fragment = find_by_ticket(
            session, viewer=team["verifier"], text=ticket[2:7], settings=db.settings
        )
        too_short = find_by_ticket(
            session, viewer=team["verifier"], text=ticket[:3], settings=db.settings
        )
        wildcard = find_by_ticket(
            session, viewer=team["verifier"], text="%%%%_", settings=db.settings
        )
    assert [row.report_id for row in exact.rows] == [report]
    assert report in [row.report_id for row in fragment.rows]
    assert too_short.total == 0 and wildcard.total == 0


def test_only_an_admin_lists_operator_accounts(db, team):
    with db.read() as session:
        assert operator_accounts(session, viewer=team["verifier"]) == ()
        accounts = operator_accounts(session, viewer=team["admin"])
    assert {account.username for account in accounts} == {"verif", "admin", "dpu1", "dlh1"}
    assert all(account.uses_password for account in accounts)
    assert not any("argon2" in repr(account) for account in accounts)


def test_rejecting_needs_a_reason_and_lands_in_no_queue(db, team):
    report = submit(db, at=MONDAY)
    move(
        db, report, Status.DITOLAK, team["verifier"], MONDAY + HOUR, reject_reason=RejectReason.SPAM
    )
    with db.read() as session:
        assert verification_queue(session, viewer=team["verifier"], settings=db.settings).total == 0
        detail = report_detail(session, viewer=team["verifier"], report_id=report)
    assert detail.reject_reason == "spam" and detail.due_at is None


def test_a_flood_of_identical_unverified_text_is_flagged_to_verifiers(db, team):
    text = "Pak Wali, jalan di depan rumah saya rusak parah sejak bulan lalu."
    copies = [
        submit(db, at=MONDAY + i * HOUR, description=variant)
        for i, variant in enumerate((text, text.upper(), "  " + text.replace(" ", "\n  ")))
    ]
    different = submit(db, at=MONDAY, description="Lampu penerangan jalan mati di gang tiga.")
    long_before = submit(db, at=MONDAY - dt.timedelta(days=6), description=text)
    with db.read() as session:
        queue = verification_queue(
            session, viewer=team["verifier"], settings=db.settings, now=MONDAY + 4 * HOUR
        )
    flags = {row.report_id: row.same_text_reports for row in queue.rows}
    assert {report_id: flags[report_id] for report_id in copies} == dict.fromkeys(copies, 2)
    # The copy from days ago is not counted in the recent flood (it sees the flood, though).
    assert flags[different] == 0 and flags[long_before] == 3
    # Once verified, a copy no longer counts towards the others' flag.
    move(db, copies[0], Status.DIVERIFIKASI, team["verifier"], MONDAY + 5 * HOUR)
    with db.read() as session:
        queue = verification_queue(
            session, viewer=team["verifier"], settings=db.settings, now=MONDAY + 6 * HOUR
        )
    assert {row.report_id: row.same_text_reports for row in queue.rows}[copies[1]] == 1


def test_internal_notes_about_an_anonymous_reporter_never_reach_the_opd(db, team):
    """Issue 8: internal notes are scoped by role; the reporter's identity stays with Diskominfo."""
    identity = "Pelapor Budi Santoso, 0812-3456-7890, minta tidak disebut"
    anonymous = submit(db, at=MONDAY, anonymous=True)
    named = submit(db, at=MONDAY)
    move(db, anonymous, Status.PERLU_INFO, team["verifier"], MONDAY + HOUR, public_note="Foto?")
    with db.write().begin() as session:
        record_feedback(
            session,
            report_id=anonymous,
            kind=FeedbackKind.INFO,
            settings=db.settings,
            comment=f"Rumah saya nomor 12. {identity}",
            now=MONDAY + 2 * HOUR,
        )
    # Even asked to share it, a note on an anonymous report stays within Diskominfo.
    move(db, anonymous, Status.DIVERIFIKASI, team["verifier"], MONDAY + 3 * HOUR,
         internal_note=identity, internal_note_for_opd=True)  # fmt: skip
    move(db, named, Status.DIVERIFIKASI, team["verifier"], MONDAY + HOUR,
         internal_note="Hanya untuk Diskominfo", internal_note_for_opd=False)  # fmt: skip
    with db.read() as session:
        dpu = opd_id(session, "dpu")
    for report in (anonymous, named):
        move(db, report, Status.DITERUSKAN, team["verifier"], MONDAY + 4 * HOUR, opd_id=dpu,
             internal_note="Prioritas: dekat sekolah")  # fmt: skip
    with db.write().begin() as session:
        add_progress_update(session, report_id=anonymous, actor=actor(team["dpu"]),
                            public_note="Survei", internal_note="Tim survei Senin",
                            now=MONDAY + 5 * HOUR)  # fmt: skip
    with db.read() as session:
        for_opd = report_detail(session, viewer=team["dpu"], report_id=anonymous)
        for_verifier = report_detail(session, viewer=team["verifier"], report_id=anonymous)
        named_for_opd = report_detail(session, viewer=team["dpu"], report_id=named)
    assert "Budi" not in repr(for_opd) and "3456" not in repr(for_opd)
    assert "Rumah saya" not in repr(for_opd)
    assert [e.internal_note for e in for_opd.history if e.internal_note] == ["Tim survei Senin"]
    assert identity in [e.internal_note for e in for_verifier.history]
    notes_for_opd = [e.internal_note for e in named_for_opd.history if e.internal_note]
    assert notes_for_opd == ["Prioritas: dekat sekolah"]


def test_redacted_originals_are_shown_to_admins_only(db, team):
    report = submit(db, at=MONDAY, title="Jalan rusak, hubungi 0812-1111-2222")
    move(db, report, Status.DIVERIFIKASI, team["verifier"], MONDAY + HOUR)
    with db.write().begin() as session:
        redact(session, report_id=report, actor=actor(team["verifier"]), field="title",
               replacement="Jalan rusak", reason="Nomor telepon pribadi")  # fmt: skip
    with db.read() as session:
        as_admin = report_detail(session, viewer=team["admin"], report_id=report)
        as_verifier = report_detail(session, viewer=team["verifier"], report_id=report)
    assert as_admin.title == as_verifier.title == "Jalan rusak"
    assert [(r.field, r.original, r.reason) for r in as_admin.redactions] == [
        ("title", "Jalan rusak, hubungi 0812-1111-2222", "Nomor telepon pribadi")
    ]
    assert as_admin.redactions[0].operator_name == "Petugas verif (verif)"
    assert as_verifier.redactions == () and "1111" not in repr(as_verifier)
    assert as_verifier.can_redact and as_admin.can_redact
