"""Administration page: an admin creates and deactivates operators, routes categories."""

from __future__ import annotations

import pytest
from factories import OPERATOR_PASSWORD, category_id, make_operator, opd_id
from operator_app import open_app, sign_in, submit
from sqlalchemy import select

from data_layer.config import get_settings
from data_layer.models import Category, Opd, Operator
from data_layer.reference_data import sync_reference
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


def test_admin_adds_and_renames_opds_and_a_reference_reload_keeps_them(admin_page, app_db):
    at = admin_page
    at.selectbox(key="op_admin_opd_to_edit").set_value("__new__").run()
    at.text_input(key="op_admin_opd_code").input("dispora")
    at.text_input(key="op_admin_opd_short___new__").input("Dispora")
    at.text_input(key="op_admin_opd_name_id___new__").input("Dinas Kepemudaan dan Olahraga")
    at.text_input(key="op_admin_opd_name_en___new__").input("Youth and Sports Office")
    submit(at, "op_admin_opd_edit")
    assert not at.error, [e.value for e in at.error]
    at.selectbox(key="op_admin_opd_to_edit").set_value("pdam").run()
    at.text_input(key="op_admin_opd_short_pdam").input("Air Kota")
    submit(at, "op_admin_opd_edit")
    # An unreadable code is refused with a reason, and nothing is added.
    at.selectbox(key="op_admin_opd_to_edit").set_value("__new__").run()
    at.text_input(key="op_admin_opd_code").input("Dinas Baru!")
    at.text_input(key="op_admin_opd_short___new__").input("Baru")
    at.text_input(key="op_admin_opd_name_id___new__").input("Dinas Baru")
    at.text_input(key="op_admin_opd_name_en___new__").input("New Office")
    submit(at, "op_admin_opd_edit")
    assert [e.value for e in at.error] == [
        "Kode OPD: 2-40 huruf kecil, angka, - atau _, diawali huruf."
    ]

    with app_db.write().begin() as session:  # what `python -m data_layer migrate` does again
        sync_reference(session, city=get_settings().profile)
    with app_db.read() as session:
        dispora = session.scalar(select(Opd).where(Opd.code == "dispora"))
        pdam = session.scalar(select(Opd).where(Opd.code == "pdam"))
        assert session.scalar(select(Opd).where(Opd.short_name == "Baru")) is None
    assert (dispora.short_name, dispora.name_en, dispora.active) == (
        "Dispora",
        "Youth and Sports Office",
        True,
    )
    assert pdam.short_name == "Air Kota"  # the admin's name, not the file's


def test_moving_an_operator_to_another_opd_ends_their_session(admin_page, app_db):
    # Issue 8, finding 8: a session used to keep the OPD it signed in with.
    with app_db.write().begin() as session:
        moved = make_operator(session, role=Role.OPD, opd_code="dpu", username="budi")
        dlh = opd_id(session, "dlh")
    budi = open_app("pages/operator_antrian.py")
    sign_in(budi, "budi", OPERATOR_PASSWORD)
    assert [title.value for title in budi.title] == ["Antrian laporan"]
    at = admin_page
    at.run()
    at.selectbox(key="op_admin_manage").set_value(moved.id).run()
    at.selectbox(key=f"op_admin_new_opd_{moved.id}").set_value(dlh)
    submit(at, "op_admin_role")
    with app_db.read() as session:
        assert session.get(Operator, moved.id).opd_id == dlh
    budi.run()
    assert [title.value for title in budi.title] == ["Masuk operator"]
    assert "Sesi Anda berakhir" in budi.warning[0].value
