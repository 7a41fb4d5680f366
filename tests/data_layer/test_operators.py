"""Operator accounts on both databases: login, slow-down, passwords, OIDC, administration."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import OPERATOR_PASSWORD, category_id, make_operator, opd_id
from sqlalchemy import select

from data_layer.commands import default_opd_id
from data_layer.models import Category, Opd, Operator
from data_layer.operators import (
    LOGIN_MAX_DELAY,
    OperatorError,
    authenticate,
    change_password,
    create_operator,
    deactivate_operator,
    login_delay,
    login_with_oidc,
    operator_identity,
    reset_password,
    save_opd,
    set_category_routing,
    set_opd_active,
    set_operator_active,
)
from data_layer.queries.operator import opd_choices
from data_layer.states import Role

REPO = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2025, 7, 7, 2, 0)


def login(db, username: str, password: str, now: dt.datetime = T0):
    with db.write().begin() as session:
        return authenticate(
            session, username=username, password=password, settings=db.settings, now=now
        )


def test_login_with_the_right_password_signs_in_and_records_the_time(db):
    with db.write().begin() as session:
        created = make_operator(session, role=Role.OPD, opd_code="dpu", username="budi.dpu")
    result = login(db, "Budi.DPU ", OPERATOR_PASSWORD)
    assert result.ok
    assert result.operator == created
    assert result.operator.role is Role.OPD and result.operator.opd_name == "DPU"
    with db.read() as session:
        stored = session.scalar(select(Operator).where(Operator.username == "budi.dpu"))
        assert stored.last_login_at == T0
        assert stored.password_hash.startswith("$argon2id$")
        assert OPERATOR_PASSWORD not in stored.password_hash


def test_wrong_password_and_unknown_user_get_the_same_answer(db):
    with db.write().begin() as session:
        make_operator(session, username="sari")
    wrong = login(db, "sari", "not-the-password")
    unknown = login(db, "nobody", "not-the-password")
    assert not wrong.ok and not unknown.ok
    assert wrong.reason == unknown.reason == "invalid"
    with db.read() as session:
        # The failure was committed, not rolled back with the refused attempt.
        assert (
            session.scalar(select(Operator.failed_logins).where(Operator.username == "sari")) == 1
        )


def test_repeated_failures_slow_down_further_attempts_even_with_the_right_password(db):
    with db.write().begin() as session:
        make_operator(session, username="sari")
    free = db.settings.login_free_attempts
    for attempt in range(free - 1):
        assert login(db, "sari", "guess", now=T0 + dt.timedelta(seconds=attempt)).wait_seconds == 0
    last_failure = T0 + dt.timedelta(seconds=free)
    third = login(db, "sari", "guess", now=last_failure)
    assert third.reason == "invalid" and third.wait_seconds == 30

    # Inside the window even the right password is refused, and the wait is reported.
    early = login(db, "sari", OPERATOR_PASSWORD, now=last_failure + dt.timedelta(seconds=10))
    assert not early.ok
    assert early.reason == "throttled" and early.wait_seconds == 20
    # A refused attempt does not extend the window.
    with db.read() as session:
        assert session.scalar(select(Operator.failed_logins)) == free

    # Each further failure doubles the window.
    after_window = last_failure + dt.timedelta(seconds=31)
    fourth = login(db, "sari", "guess", now=after_window)
    assert fourth.reason == "invalid" and fourth.wait_seconds == 60
    assert login(
        db, "sari", OPERATOR_PASSWORD, now=after_window + dt.timedelta(seconds=59)
    ).reason == ("throttled")
    # Once the window has passed the right password works and the count starts over.
    success = login(db, "sari", OPERATOR_PASSWORD, now=after_window + dt.timedelta(seconds=61))
    assert success.ok
    with db.read() as session:
        assert session.scalar(select(Operator.failed_logins)) == 0


def test_login_delay_grows_and_is_capped():
    delays = [login_delay(n, free_attempts=3).total_seconds() for n in range(0, 12)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:7] == [30, 60, 120, 240]
    assert max(delays) == LOGIN_MAX_DELAY.total_seconds()
    assert delays == sorted(delays)


def test_a_deactivated_operator_cannot_sign_in_and_loses_the_session(db):
    with db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
        verifier = make_operator(session, username="verif")
    with db.write().begin() as session:
        deactivate_operator(session, operator_id=verifier.id, by=admin)
    assert login(db, "verif", OPERATOR_PASSWORD).reason == "invalid"
    with db.read() as session:
        assert operator_identity(session, operator_id=verifier.id) is None
        assert operator_identity(session, operator_id=admin.id) == admin
        # Deactivated, never deleted: the row (and the history pointing at it) stays.
        assert session.get(Operator, verifier.id).active is False
    with db.write().begin() as session:
        set_operator_active(session, operator_id=verifier.id, active=True, by=admin)
    assert login(db, "verif", OPERATOR_PASSWORD).ok


def test_the_last_admin_and_oneself_cannot_be_deactivated(db):
    with db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
    with pytest.raises(OperatorError) as self_error, db.write().begin() as session:
        deactivate_operator(session, operator_id=admin.id, by=admin)
    assert self_error.value.code == "cannot_deactivate_self"
    with pytest.raises(OperatorError) as last_error, db.write().begin() as session:
        deactivate_operator(session, operator_id=admin.id, by=None)
    assert last_error.value.code == "last_admin"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"username": "x"}, "bad_username"),
        ({"username": "with space"}, "bad_username"),
        ({"password": "short"}, "weak_password"),
        ({"role": "opd"}, "opd_required"),
        ({"role": "opd", "opd_code": "tidak-ada"}, "unknown_opd"),
        ({"role": "verifikator", "opd_code": "dpu"}, "opd_not_allowed"),
        ({"role": "walikota"}, "bad_role"),
        ({"display_name": "  "}, "missing_name"),
        ({"password": None}, "missing_credential"),
    ],
)
def test_create_operator_refuses_bad_input_and_writes_nothing(sqlite_db, kwargs, code):
    values = {
        "username": "petugas",
        "password": OPERATOR_PASSWORD,
        "role": "verifikator",
        "display_name": "Petugas",
    }
    values.update(kwargs)
    with pytest.raises(OperatorError) as error, sqlite_db.write().begin() as session:
        create_operator(session, **values)
    assert error.value.code == code
    with sqlite_db.read() as session:
        assert session.scalar(select(Operator.id)) is None


def test_usernames_are_unique_whatever_the_case(db):
    with db.write().begin() as session:
        make_operator(session, username="sari")
    with pytest.raises(OperatorError) as error, db.write().begin() as session:
        make_operator(session, username="SARI")
    assert error.value.code == "username_taken"


def test_only_an_admin_manages_accounts_and_reference_data(db):
    with db.write().begin() as session:
        verifier = make_operator(session, username="verif")
        cat = category_id(session)
    for write in (
        lambda s: create_operator(
            s,
            username="baru",
            password=OPERATOR_PASSWORD,
            role="admin",
            display_name="B",
            by=verifier,
        ),
        lambda s: set_opd_active(s, opd_id=opd_id(s), active=False, by=verifier),
        lambda s: save_opd(
            s, code="dispora", short_name="D", name_id="Dinas", name_en="Office", by=verifier
        ),
        lambda s: set_category_routing(
            s, category_id=cat, default_opd_id=None, routes_to_kecamatan=True, by=verifier
        ),
        lambda s: reset_password(s, operator_id=verifier.id, new_password="x" * 12, by=verifier),
    ):
        with pytest.raises(OperatorError) as error, db.write().begin() as session:
            write(session)
        assert error.value.code == "not_permitted"


def test_change_password_needs_the_current_one(db):
    with db.write().begin() as session:
        operator = make_operator(session, username="sari")
    with pytest.raises(OperatorError) as error, db.write().begin() as session:
        change_password(
            session,
            operator_id=operator.id,
            current_password="wrong-one-x",
            new_password="sandi-baru-yang-panjang",
        )
    assert error.value.code == "wrong_password"
    with db.write().begin() as session:
        change_password(
            session,
            operator_id=operator.id,
            current_password=OPERATOR_PASSWORD,
            new_password="sandi-baru-yang-panjang",
        )
    assert not login(db, "sari", OPERATOR_PASSWORD).ok
    assert login(db, "sari", "sandi-baru-yang-panjang", now=T0 + dt.timedelta(hours=1)).ok


def test_admin_password_reset_clears_the_slow_down(db):
    with db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
        make_operator(session, username="sari")
    for second in range(5):
        login(db, "sari", "guess", now=T0 + dt.timedelta(seconds=second))
    assert (
        login(db, "sari", OPERATOR_PASSWORD, now=T0 + dt.timedelta(seconds=6)).reason == "throttled"
    )
    with db.write().begin() as session:
        sari = session.scalar(select(Operator.id).where(Operator.username == "sari"))
        reset_password(session, operator_id=sari, new_password="sandi-dari-admin", by=admin)
    assert login(db, "sari", "sandi-dari-admin", now=T0 + dt.timedelta(seconds=7)).ok


def test_oidc_identity_maps_to_an_operator_by_subject_or_email(db):
    with db.write().begin() as session:
        by_email = make_operator(session, username="sari", oidc_subject="sari@semarangkota.go.id")
        by_subject = make_operator(session, username="agus", oidc_subject="google-oauth2|1234")
    with db.write().begin() as session:
        assert login_with_oidc(session, subject="zzz", email="sari@semarangkota.go.id") == by_email
        assert login_with_oidc(session, subject="google-oauth2|1234", email=None) == by_subject
        assert login_with_oidc(session, subject="other", email="other@example.com") is None
    with db.write().begin() as session:
        session.get(Operator, by_email.id).active = False
    with db.write().begin() as session:
        assert login_with_oidc(session, subject=None, email="sari@semarangkota.go.id") is None


def test_an_oidc_only_account_has_no_password_login(db):
    with db.write().begin() as session:
        create_operator(
            session,
            username="sso",
            password=None,
            role="verifikator",
            display_name="SSO",
            oidc_subject="sso@semarangkota.go.id",
        )
    assert login(db, "sso", "").reason == "invalid"


def test_admin_sets_a_category_default_opd_and_deactivates_an_opd(db):
    with db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
        cat = category_id(session, "jalan_rusak")
        dlh = opd_id(session, "dlh")
        set_category_routing(
            session, category_id=cat, default_opd_id=dlh, routes_to_kecamatan=False, by=admin
        )
    with db.read() as session:
        assert default_opd_id(session, category_id=cat, kelurahan_code="3374011001") == dlh
    with db.write().begin() as session:
        set_category_routing(
            session, category_id=cat, default_opd_id=None, routes_to_kecamatan=True, by=admin
        )
    with db.read() as session:
        office = session.get(
            Opd, default_opd_id(session, category_id=cat, kelurahan_code="3374011001")
        )
        assert office.kecamatan_code == "337401"
        assert session.get(Category, cat).default_opd_id is None
    with db.write().begin() as session:
        set_opd_active(session, opd_id=dlh, active=False, by=admin)
    with db.read() as session:
        assert dlh not in {choice.id for choice in opd_choices(session)}
        assert dlh in {choice.id for choice in opd_choices(session, include_inactive=True)}


def _cli(db, *args: str, stdin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db.url}
    return subprocess.run(
        [sys.executable, "-m", "data_layer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_creates_the_first_admin_who_can_then_sign_in(db):
    db.engine.dispose()  # let the subprocess have the SQLite file to itself
    done = _cli(
        db,
        "create-operator",
        "kepala",
        "--role",
        "admin",
        "--password-stdin",
        stdin="sandi-admin-pertama\n",
    )
    assert done.returncode == 0, done.stderr
    assert "kepala (admin) created" in done.stdout
    result = login(db, "kepala", "sandi-admin-pertama")
    assert result.ok and result.operator.role is Role.ADMIN


def test_cli_refuses_a_weak_password_with_a_message(db):
    db.engine.dispose()
    done = _cli(
        db, "create-operator", "kepala", "--role", "admin", "--password-stdin", stdin="123\n"
    )
    assert done.returncode == 2
    assert "error:" in done.stderr and "at least" in done.stderr
    assert "Traceback" not in done.stderr
    with db.read() as session:
        assert session.scalar(select(Operator.id)) is None


def test_cli_creates_an_opd_operator_for_its_opd(db):
    db.engine.dispose()
    done = _cli(
        db,
        "create-operator",
        "dpu1",
        "--role",
        "opd",
        "--opd",
        "dpu",
        "--name",
        "Petugas DPU",
        "--password-stdin",
        stdin="sandi-petugas-dpu\n",
    )
    assert done.returncode == 0, done.stderr
    result = login(db, "dpu1", "sandi-petugas-dpu")
    assert result.operator.opd_name == "DPU" and result.operator.display_name == "Petugas DPU"
