"""The reporter's follow-up section of the tracking page, with the private code."""

from __future__ import annotations

from pathlib import Path

from factories import advance, make_report, prepared_photo
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_layer.commands import record_feedback
from data_layer.models import Feedback, Report, StatusHistory
from data_layer.states import FeedbackKind, Status
from data_layer.throttle import followup_failures_per_report
from data_layer.tickets import format_followup_code, format_ticket_code
from ui import followup
from ui.widgets import inert

TRACKING_PAGE = Path(__file__).resolve().parents[2] / "pages" / "lacak.py"
# The section as the tracking page embeds it: under a ticket taken from the URL.
HARNESS = """
import streamlit as st
from ui.followup import render_followup_section

render_followup_section(st.query_params.get("tiket", ""))
"""


def report_at(database, status: Status):
    with database.write().begin() as session:
        submitted = make_report(session, settings=database.settings)
        if status is not Status.DITERIMA:
            advance(session, report_id=submitted.report_id, to=status, settings=database.settings)
    return submitted


def open_section(ticket: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_string(HARNESS, default_timeout=60)
    at.query_params["tiket"] = format_ticket_code(ticket)  # as a citizen would paste it
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def enter_code(at: AppTest, code: str) -> AppTest:
    at.text_input(key=followup.CODE).input(code)
    return at.button(key="followup.open").click().run()


def stored(database, submitted):
    with database.read() as session:
        report = session.get(Report, submitted.report_id)
        feedback = session.scalars(
            select(Feedback).where(Feedback.report_id == report.id).order_by(Feedback.id)
        ).all()
        history = session.scalars(
            select(StatusHistory)
            .where(StatusHistory.report_id == report.id)
            .order_by(StatusHistory.id)
        ).all()
        session.expunge_all()
    return report, feedback, history


def action_buttons(at: AppTest) -> set[str]:
    keys = {b.key for b in at.button if b.key and b.key.startswith("followup.")}
    return keys - {"followup.open", "followup.lock"}


def test_without_the_code_the_section_is_read_only(app_db):
    submitted = report_at(app_db, Status.SELESAI)
    at = open_section(submitted.ticket)
    assert not at.exception
    assert at.subheader[0].value == "Untuk pelapor"
    assert at.text_input(key=followup.CODE).label == "Kode tindak lanjut"
    assert action_buttons(at) == set()
    assert not at.text_area


def test_a_wrong_code_is_refused_and_repeated_wrong_codes_are_slowed_down(app_db):
    # Issue 8, finding 11: the count was per browser session, so each new tab
    # started afresh. It now lives in the database, per report.
    submitted = report_at(app_db, Status.SELESAI)
    limit = followup_failures_per_report().limit
    for attempt in range(limit):
        at = enter_code(open_section(submitted.ticket), f"WRONGCODE{attempt:03d}")
        assert at.error[0].value.startswith(("Kode tindak lanjut salah", "Terlalu banyak"))
        assert action_buttons(at) == set()
    # Now even the right code must wait, in yet another new session.
    at = enter_code(open_section(submitted.ticket), submitted.followup_code)
    assert at.error[0].value.startswith("Terlalu banyak percobaan yang salah. Coba lagi dalam")
    assert action_buttons(at) == set()
    report, feedback, _ = stored(app_db, submitted)
    assert report.status == Status.SELESAI.value and feedback == []


def test_a_code_of_another_ticket_does_not_open_this_one(app_db):
    mine = report_at(app_db, Status.SELESAI)
    other = report_at(app_db, Status.SELESAI)
    at = enter_code(open_section(mine.ticket), other.followup_code)
    assert at.error[0].value.startswith("Kode tindak lanjut salah")
    assert action_buttons(at) == set()


def test_confirming_with_a_rating_closes_the_report(app_db):
    submitted = report_at(app_db, Status.SELESAI)
    # Typed loosely (lower case, spaces), as people copy codes.
    loose = " ".join(submitted.followup_code.lower()[i : i + 4] for i in range(0, 12, 4))
    at = enter_code(open_section(submitted.ticket), loose)
    assert not at.error
    assert at.success[0].value == "Kode benar. Status laporan Anda: Selesai."
    assert action_buttons(at) == {"followup.send_confirm", "followup.send_dispute"}
    at.feedback(key=followup.RATING).set_value(3)  # the fourth star
    at.text_area(key=followup.COMMENT).input("Cepat dan rapi, terima kasih.")
    at = at.button(key="followup.send_confirm").click().run()
    assert not at.exception
    assert "Terima kasih! Laporan Anda ditutup." in [s.value for s in at.success]
    report, feedback, history = stored(app_db, submitted)
    assert report.status == Status.DITUTUP.value
    assert [(f.kind, f.rating, f.comment) for f in feedback] == [
        ("confirm", 4, "Cepat dan rapi, terima kasih.")
    ]
    assert history[-1].to_status == Status.DITUTUP.value and history[-1].actor_label == "warga"
    # Closed now: only a dispute remains possible, and the rating is remembered.
    assert action_buttons(at) == {"followup.send_dispute"}
    assert "Penilaian Anda: 4 dari 5." in [c.value for c in at.caption]


def test_disputing_reopens_the_report_and_keeps_the_reason_for_operators(app_db):
    submitted = report_at(app_db, Status.SELESAI)
    at = enter_code(open_section(submitted.ticket), format_followup_code(submitted.followup_code))
    at = at.button(key="followup.send_dispute").click().run()
    assert "Tulis minimal 10 karakter." in [e.value for e in at.error]
    assert stored(app_db, submitted)[0].status == Status.SELESAI.value

    reason = "Lubangnya hanya ditutup pasir, sudah terbuka lagi."
    at.text_area(key=followup.DISPUTE).input(reason)
    at = at.button(key="followup.send_dispute").click().run()
    assert "Sanggahan Anda tercatat dan laporan dibuka kembali." in [s.value for s in at.success]
    report, feedback, history = stored(app_db, submitted)
    assert report.status == Status.DIBUKA_KEMBALI.value and report.reopen_count == 1
    assert [f.kind for f in feedback] == ["dispute"] and feedback[0].comment == reason
    # Not published as written (issue 8, finding 12): an operator publishes a moderated note.
    assert history[-1].public_note is None
    assert action_buttons(at) == set()
    assert any("tidak ada yang perlu Anda lakukan" in i.value for i in at.info)


def test_information_is_added_only_when_asked(app_db):
    asked = report_at(app_db, Status.PERLU_INFO)
    at = enter_code(open_section(asked.ticket), asked.followup_code)
    assert action_buttons(at) == {"followup.send_info"}
    at.text_area(key=followup.INFO).input("Lokasinya tepat di depan gerbang SD Negeri 2.")
    at = at.button(key="followup.send_info").click().run()
    assert "Terima kasih, informasi Anda sudah diterima petugas." in [s.value for s in at.success]
    report, feedback, history = stored(app_db, asked)
    assert report.status == Status.PERLU_INFO.value
    assert [(f.kind, f.comment) for f in feedback] == [
        ("info", "Lokasinya tepat di depan gerbang SD Negeri 2.")
    ]
    # Staff read it; the public timeline does not show it.
    assert history[-1].internal_note == "Lokasinya tepat di depan gerbang SD Negeri 2."
    assert history[-1].public_note is None

    fresh = report_at(app_db, Status.DITERIMA)
    at = enter_code(open_section(fresh.ticket), fresh.followup_code)
    assert action_buttons(at) == set()
    assert not at.text_area
    assert any("tidak ada yang perlu Anda lakukan" in i.value for i in at.info)


def test_locking_again_hides_the_actions(app_db):
    submitted = report_at(app_db, Status.SELESAI)
    at = enter_code(open_section(submitted.ticket), submitted.followup_code)
    at = at.button(key="followup.lock").click().run()
    assert action_buttons(at) == set()
    assert at.text_input(key=followup.CODE).value == ""


def test_the_section_speaks_english(app_db):
    submitted = report_at(app_db, Status.SELESAI)
    at = open_section(submitted.ticket, lang="en")
    assert at.subheader[0].value == "For the reporter"
    at = enter_code(at, "WRONGCODE123")
    assert at.error[0].value.startswith("Wrong follow-up code.")
    at = enter_code(at, submitted.followup_code)
    assert at.success[0].value == "Code accepted. Your report's status: Resolved."
    assert at.button(key="followup.send_confirm").label == "Yes, it is solved"


def test_an_invalid_ticket_shows_no_section(app_db):
    at = AppTest.from_string(HARNESS, default_timeout=60)
    at.query_params["tiket"] = "not-a-ticket"
    at.run()
    assert not at.exception and not at.subheader and not at.text_input


def test_the_tracking_page_carries_the_section_even_for_unpublished_reports(app_db):
    """perlu_info is not public, yet its reporter must be able to answer."""
    asked = report_at(app_db, Status.PERLU_INFO)
    at = AppTest.from_file(str(TRACKING_PAGE), default_timeout=60)
    at.query_params["tiket"] = format_ticket_code(asked.ticket)
    at.run()
    assert not at.exception
    assert "Untuk pelapor" in [s.value for s in at.subheader]
    at = enter_code(at, asked.followup_code)
    assert action_buttons(at) == {"followup.send_info"}


def test_an_action_that_no_longer_applies_is_refused_plainly(app_db):
    """Confirmed in another tab meanwhile: the second confirmation changes nothing."""
    submitted = report_at(app_db, Status.SELESAI)
    at = enter_code(open_section(submitted.ticket), submitted.followup_code)
    with app_db.write().begin() as session:
        record_feedback(
            session,
            report_id=submitted.report_id,
            kind=FeedbackKind.CONFIRM,
            settings=app_db.settings,
            rating=5,
        )
    at = at.button(key="followup.send_confirm").click().run()
    assert not at.exception
    assert "Tindakan ini tidak berlaku lagi untuk status laporan saat ini." in [
        e.value for e in at.error
    ]
    _, feedback, _ = stored(app_db, submitted)
    assert [(f.kind, f.rating) for f in feedback] == [("confirm", 5)]


def test_with_the_code_the_reporter_sees_their_unverified_report_and_its_photos(app_db):
    title = "Saluran <b>tersumbat</b> di gang Kenari"
    with app_db.write().begin() as session:
        submitted = make_report(
            session,
            settings=app_db.settings,
            title=title,
            address="Gang Kenari 4",
            photos=(prepared_photo(app_db.settings),),
        )
    at = AppTest.from_file(str(TRACKING_PAGE), default_timeout=60)
    at.query_params["tiket"] = format_ticket_code(submitted.ticket)
    at.run()
    assert "tersumbat" not in everything(at)  # not public yet
    assert not at.get("image")

    at = enter_code(at, format_followup_code(submitted.followup_code).lower())
    assert not at.exception
    shown = [x.value for x in at.text]
    assert any(m.value == f"**{inert(title)}**" for m in at.markdown)  # escaped: inert
    assert any("Gang Kenari 4" in x for x in shown)
    assert any("Hanya terlihat oleh Anda" in c.value for c in at.caption)
    assert len(at.get("image")) == 1

    at = at.button(key="followup.lock").click().run()
    assert "tersumbat" not in everything(at)


def test_a_public_report_is_not_shown_twice_after_the_code(app_db):
    submitted = report_at(app_db, Status.DITERUSKAN)
    at = enter_code(open_section(submitted.ticket), submitted.followup_code)
    assert not [c for c in at.caption if "Hanya terlihat oleh Anda" in c.value]


def everything(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.text] if isinstance(e.value, str))
