"""Intake: an operator enters a report received on another channel, choosing the channel."""

from __future__ import annotations

import pytest
from factories import OPERATOR_PASSWORD, category_id, make_operator
from operator_app import as_seen, by_key_prefix, open_app, sign_in, submit
from sqlalchemy import func, select

from data_layer.models import Report, StatusHistory
from data_layer.states import Channel, Role

INTAKE = "pages/operator_intake.py"
MIROTO = "3374011001"


@pytest.fixture
def verifier(app_db):
    with app_db.write().begin() as session:
        return make_operator(session, role=Role.VERIFIKATOR, username="verif")


def intake_page():
    at = open_app(INTAKE)
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert [title.value for title in at.title] == ["Input laporan dari kanal lain"]
    return at


def fill(at, app_db, *, title: str = "Lampu jalan mati di Jalan Pemuda"):
    with app_db.read() as session:
        lampu = category_id(session, "jalan_rusak")
    by_key_prefix(at.selectbox, "op_in_channel_").set_value(Channel.CALL_CENTER_112)
    by_key_prefix(at.selectbox, "op_in_category_").set_value(lampu)
    by_key_prefix(at.selectbox, "op_in_kelurahan_").set_value(MIROTO)
    by_key_prefix(at.text_input, "op_in_title_").input(title)
    by_key_prefix(at.text_area, "op_in_description_").input(
        "Penelepon melaporkan lampu jalan mati sejak tiga hari, jalan gelap di malam hari."
    )
    by_key_prefix(at.text_input, "op_in_name_").input("Siti Rahayu")
    by_key_prefix(at.text_input, "op_in_phone_").input("0812-3456-7890")
    return at


def test_intake_creates_a_report_with_the_chosen_channel(app_db, verifier):
    at = fill(intake_page(), app_db)
    submit(at, "op_intake_")
    assert not at.exception
    assert "tersimpan dengan tiket" in at.success[0].value
    with app_db.read() as session:
        report = session.scalar(select(Report))
        first = session.scalar(select(StatusHistory).where(StatusHistory.report_id == report.id))
    assert report.channel == "call_center_112"
    assert report.reporter_phone == "+6281234567890"
    assert (first.operator_id, first.actor_label) == (verifier.id, "verifikator")
    # The ticket and the reporter's follow-up code are shown to pass on.
    codes = [code.value for code in at.code]
    assert len(codes) == 2 and codes[0].replace("-", "") == report.ticket


def test_intake_shows_field_messages_and_keeps_what_was_typed(app_db, verifier):
    at = fill(intake_page(), app_db, title="Pendek")
    submit(at, "op_intake_")
    assert [as_seen(e.value) for e in at.error] == [
        "Terlalu pendek: minimal 10 karakter (sekarang 6)."
    ]
    assert by_key_prefix(at.text_input, "op_in_name_").value == "Siti Rahayu"
    assert by_key_prefix(at.text_input, "op_in_title_").value == "Pendek"
    with app_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0
    by_key_prefix(at.text_input, "op_in_title_").input("Lampu jalan mati di Jalan Pemuda")
    submit(at, "op_intake_")
    with app_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1
