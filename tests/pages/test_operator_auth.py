"""Operator sign-in through the app: success, failure, slow-down, sign-out, and the guard
that keeps visitors away from every operator page."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import OPERATOR_PASSWORD, make_operator, make_report
from operator_app import OPERATOR_PAGES, open_app, sign_in, texts
from sqlalchemy import select, update

from data_layer.models import Operator, ThrottleCounter
from data_layer.operators import reset_password
from data_layer.states import Role
from data_layer.tickets import format_ticket_code
from ui.operator_nav import menu_plan

LOGIN_TITLE = "Masuk operator"


@pytest.fixture
def report(app_db):
    """A report with a reporter, so leaks would have something to leak."""
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        return make_report(session, settings=app_db.settings, reporter_name="Siti Rahayu")


def only_the_login_form(at) -> None:
    assert not at.exception
    assert [title.value for title in at.title] == [LOGIN_TITLE]
    assert [box.key for box in at.text_input] == ["op_login_username", "op_login_password"]
    assert not at.dataframe and not at.selectbox and not at.file_uploader and not at.text_area
    # The form's own submit button is the only button on the page.
    assert [button.label for button in at.button] == ["Masuk"]
    assert [button.label for button in at.form_submit_button] == ["Masuk"]


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_a_visitor_opening_any_operator_page_gets_the_login_form_and_nothing_else(report, page):
    ticket = format_ticket_code(report.ticket)
    at = open_app(page, tiket=report.ticket)
    only_the_login_form(at)
    shown = texts(at)
    for secret in (ticket, report.ticket, "Jalan berlubang", "Siti Rahayu", "+6281234567890"):
        assert secret not in shown


def test_the_menu_shows_visitors_the_sign_in_page_only():
    visible = [page.path for page, shown in menu_plan(None) if shown]
    assert visible == ["pages/operator_masuk.py"]
    # The others stay registered (hidden), so their URLs reach their guard.
    assert len(menu_plan(None)) == len(OPERATOR_PAGES)


def test_the_menu_shows_each_role_its_pages():
    def visible(role):
        return [page.url_path for page, shown in menu_plan(role) if shown]

    assert visible(Role.OPD) == ["operator_antrian", "operator_laporan", "operator_masuk"]
    assert visible(Role.VERIFIKATOR) == [
        "operator_antrian",
        "operator_laporan",
        "operator_intake",
        "operator_masuk",
    ]
    assert visible(Role.ADMIN) == [
        "operator_antrian",
        "operator_laporan",
        "operator_intake",
        "operator_admin",
        "operator_masuk",
    ]


def test_sign_in_with_the_right_password_opens_the_operator_area(report):
    at = open_app("pages/operator_antrian.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert not at.exception
    assert [title.value for title in at.title] == ["Antrian laporan"]
    assert format_ticket_code(report.ticket) in texts(at)
    assert any("Petugas verif" in caption.value for caption in at.sidebar.caption)


def test_a_wrong_password_is_refused_with_one_message(report):
    at = open_app("pages/operator_masuk.py")
    sign_in(at, "verif", "bukan-sandinya")
    assert [error.value for error in at.error] == ["Nama pengguna atau kata sandi salah."]
    assert [title.value for title in at.title] == [LOGIN_TITLE]
    unknown = sign_in(open_app("pages/operator_masuk.py"), "tidak-ada", "bukan-sandinya")
    assert [error.value for error in unknown.error] == ["Nama pengguna atau kata sandi salah."]


def test_repeated_failures_are_slowed_down_with_the_wait_shown(report, app_db):
    at = open_app("pages/operator_masuk.py")
    for _ in range(app_db.settings.login_failures_per_account_address):
        sign_in(at, "verif", "tebakan-salah")
    assert "coba lagi dalam" in at.error[0].value
    # Even the right password now waits, in a new session too (the throttle is
    # in the database, per username and address).
    at = open_app("pages/operator_masuk.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert "Tunggu" in at.error[0].value and "detik" in at.error[0].value
    assert [title.value for title in at.title] == [LOGIN_TITLE]
    # Once the failures have decayed, the right password works.
    with app_db.write().begin() as session:
        session.execute(
            update(ThrottleCounter).values(
                window_start=ThrottleCounter.window_start - dt.timedelta(hours=1)
            )
        )
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert [title.value for title in at.title] == ["Akun operator"]


def test_a_session_ends_when_an_admin_resets_the_password(report, app_db):
    at = open_app("pages/operator_antrian.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert [title.value for title in at.title] == ["Antrian laporan"]
    with app_db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
        verif = session.scalar(select(Operator.id).where(Operator.username == "verif"))
        reset_password(session, operator_id=verif, new_password="sandi-baru-dari-admin", by=admin)
    at.run()
    only_the_login_form(at)
    assert "Sesi Anda berakhir" in at.warning[0].value


def test_sign_out_ends_the_session(report):
    at = open_app("pages/operator_masuk.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert [title.value for title in at.title] == ["Akun operator"]
    at.button(key="op_logout").click().run()
    only_the_login_form(at)
    assert "op_identity" not in at.session_state
    # Going back to an operator page does not bring the session back.
    at.switch_page("pages/operator_antrian.py").run()
    only_the_login_form(at)


def test_a_deactivated_account_loses_its_session_at_the_next_click(report, app_db):
    at = open_app("pages/operator_antrian.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    with app_db.write().begin() as session:
        session.scalar(select(Operator).where(Operator.username == "verif")).active = False
    at.run()
    assert [title.value for title in at.title] == [LOGIN_TITLE]
    assert "dinonaktifkan" in at.warning[0].value


def test_an_opd_operator_cannot_open_the_admin_or_intake_page(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
    at = open_app("pages/operator_masuk.py")
    sign_in(at, "dpu1", OPERATOR_PASSWORD)
    for page in ("pages/operator_admin.py", "pages/operator_intake.py"):
        at.switch_page(page).run()
        assert [error.value for error in at.error] == [
            "Halaman ini tidak tersedia untuk peran Anda."
        ]
        assert not at.form_submit_button and not at.dataframe


def test_change_password_from_the_account_page(report):
    at = open_app("pages/operator_masuk.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    boxes = at.text_input
    boxes[0].input(OPERATOR_PASSWORD)
    boxes[1].input("sandi-baru-panjang")
    boxes[2].input("sandi-baru-panjang")
    at.form_submit_button[0].click().run()
    assert [success.value for success in at.success] == ["Kata sandi diganti."]
    at.button(key="op_logout").click().run()
    sign_in(at, "verif", "sandi-baru-panjang")
    assert [title.value for title in at.title] == ["Akun operator"]


def test_with_oidc_configured_a_provider_user_maps_to_an_operator(app_db):
    with app_db.write().begin() as session:
        make_operator(session, username="sso", oidc_subject="sari@semarangkota.go.id")
    at = open_app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.switch_page("pages/operator_masuk.py").run()
    assert [button.label for button in at.button] == ["Masuk dengan akun kota (SSO)", "Masuk"]
    # The password path still works beside it.
    assert [box.key for box in at.text_input] == ["op_login_username", "op_login_password"]

    # An e-mail address the provider did not verify maps to nobody.
    at.user = {"is_logged_in": True, "email": "sari@semarangkota.go.id", "sub": "x-1"}
    at.run()
    assert "belum terdaftar" in at.error[0].value
    at.user = {
        "is_logged_in": True,
        "email": "sari@semarangkota.go.id",
        "email_verified": True,
        "sub": "x-1",
    }
    at.run()
    assert [title.value for title in at.title] == ["Akun operator"]

    stranger = open_app()
    stranger.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    stranger.user = {"is_logged_in": True, "email": "orang@example.com", "sub": "x-2"}
    stranger.switch_page("pages/operator_antrian.py").run()
    assert "belum terdaftar" in stranger.error[0].value
    assert not stranger.dataframe


def test_the_operator_area_speaks_english_with_lang_en(report):
    at = open_app("pages/operator_antrian.py", lang="en")
    assert [title.value for title in at.title] == ["Operator sign-in"]
    sign_in(at, "verif", OPERATOR_PASSWORD)
    assert [title.value for title in at.title] == ["Report queues"]
    assert at.query_params.get("lang") == "en"
    assert "Channel" in at.dataframe[0].value.columns
