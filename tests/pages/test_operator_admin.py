"""Administration page: an admin creates and deactivates operators, routes categories."""

from __future__ import annotations

import pytest
from factories import OPERATOR_PASSWORD, category_id, make_operator, opd_id
from operator_app import open_app, sign_in, submit
from sqlalchemy import select

from data_layer.models import Category, Opd, Operator
from data_layer.states import Role

ADMIN_PAGE = "pages/operator_admin.py"


@pytest.fixture
def admin_page(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.ADMIN, username="admin")
    at = open_app(ADMIN_PAGE)
    sign_in(at, "admin", OPERATOR_PASSWORD)
    assert [title.value for title in at.title] == ["Administrasi"]
    return at


def test_admin_creates_an_opd_operator_who_can_then_sign_in(admin_page, app_db):
    at = admin_page
    with app_db.read() as session:
        dlh = opd_id(session, "dlh")
    at.text_input(key="op_admin_username").input("rina.dlh")
    at.text_input(key="op_admin_display_name").input("Rina (DLH)")
    at.selectbox(key="op_admin_role").set_value(Role.OPD)
    at.selectbox(key="op_admin_opd").set_value(dlh)
    at.text_input(key="op_admin_password").input("sandi-awal-rina")
    submit(at, "op_admin_new_operator")
    assert [s.value for s in at.success] == ["Operator rina.dlh dibuat."]
    assert "rina.dlh" in at.dataframe[0].value.to_string()

    newcomer = open_app("pages/operator_masuk.py")
    sign_in(newcomer, "rina.dlh", "sandi-awal-rina")
    assert [title.value for title in newcomer.title] == ["Akun operator"]
    assert any("DLH" in caption.value for caption in newcomer.sidebar.caption)


def test_admin_sees_why_an_operator_was_refused(admin_page, app_db):
    at = admin_page
    at.text_input(key="op_admin_username").input("baru")
    at.text_input(key="op_admin_display_name").input("Petugas baru")
    at.selectbox(key="op_admin_role").set_value(Role.OPD)
    at.text_input(key="op_admin_password").input("sandi-yang-cukup")
    submit(at, "op_admin_new_operator")
    assert [e.value for e in at.error] == ["Pilih OPD untuk operator OPD."]
    with app_db.read() as session:
        assert session.scalar(select(Operator).where(Operator.username == "baru")) is None


def test_admin_deactivates_an_operator(admin_page, app_db):
    with app_db.write().begin() as session:
        verifier = make_operator(session, username="verif")
    at = admin_page
    at.run()
    at.selectbox(key="op_admin_manage").set_value(verifier.id).run()
    at.button(key="op_admin_toggle").click().run()
    with app_db.read() as session:
        assert session.get(Operator, verifier.id).active is False
    # Deactivating oneself is refused with a message.
    with app_db.read() as session:
        admin_id = session.scalar(select(Operator.id).where(Operator.username == "admin"))
    at.selectbox(key="op_admin_manage").set_value(admin_id).run()
    at.button(key="op_admin_toggle").click().run()
    assert [e.value for e in at.error] == ["Anda tidak dapat menonaktifkan akun sendiri."]


def test_admin_routes_a_category_and_deactivates_an_opd(admin_page, app_db):
    at = admin_page
    with app_db.read() as session:
        sampah = category_id(session, "sampah")
        dpu = opd_id(session, "dpu")
        bapenda = opd_id(session, "bapenda")
    at.selectbox(key="op_admin_category").set_value(sampah)
    at.selectbox(key="op_admin_category_opd").set_value(dpu)
    submit(at, "op_admin_routing")
    active = at.multiselect(key="op_admin_active_opds")
    active.unselect(bapenda)
    submit(at, "op_admin_opds")
    with app_db.read() as session:
        assert session.get(Category, sampah).default_opd_id == dpu
        assert session.get(Opd, bapenda).active is False
        assert session.get(Opd, dpu).active is True
