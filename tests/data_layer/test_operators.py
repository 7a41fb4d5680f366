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
    OperatorError,
    authenticate,
    change_password,
    create_operator,
    deactivate_operator,
    login_with_oidc,
    operator_identity,
    reset_password,
    save_opd,
    set_category_routing,
    set_opd_active,
    set_operator_active,
    set_operator_role,
)
from data_layer.queries.operator import opd_choices
from data_layer.states import Role

REPO = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2025, 7, 7, 2, 0)


def login(db, username: str, password: str, now: dt.datetime = T0, address: str = "198.51.100.7"):
    with db.write().begin() as session:
        return authenticate(
            session,
            username=username,
            password=password,
            settings=db.settings,
            client_address=address,
            now=now,
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


def test_unknown_and_known_usernames_answer_identically_however_often_tried(db):
    # Issue 8, finding 7: after three failures a real account said "wait 30 s"
    # while an unknown name never did, so the answers listed the accounts.
    with db.write().begin() as session:
        make_operator(session, username="sari")
    limit = db.settings.login_failures_per_account_address
    for attempt in range(limit + 3):
        at = T0 + dt.timedelta(seconds=attempt)
        known = login(db, "sari", "guess", now=at, address="198.51.100.7")
        unknown = login(db, "nobody", "guess", now=at, address="198.51.100.8")
        assert (known.reason, known.wait_seconds) == (unknown.reason, unknown.wait_seconds)
    assert known.reason == "throttled" and known.wait_seconds > 0


def test_failures_throttle_the_address_not_the_account(db):
    # Issue 8, finding 7: one wrong attempt per window used to keep `admin`
    # locked out for everyone. Now the guesser's address is throttled; the
    # real admin, elsewhere, signs in at once.
    with db.write().begin() as session:
        make_operator(session, role=Role.ADMIN, username="admin")
    limit = db.settings.login_failures_per_account_address
    results = [
        login(db, "admin", "guess", now=T0 + dt.timedelta(seconds=i), address="203.0.113.66")
        for i in range(limit + 1)
    ]
    assert [r.reason for r in results] == ["invalid"] * limit + ["throttled"]
    # Even the right password is refused from the guesser's address, unchecked.
    assert not login(
        db, "admin", OPERATOR_PASSWORD, now=T0 + dt.timedelta(seconds=30), address="203.0.113.66"
    ).ok
    assert login(
        db, "admin", OPERATOR_PASSWORD, now=T0 + dt.timedelta(seconds=31), address="198.51.100.7"
    ).ok
    # Failures decay: after two windows the guesser's address may try again.
    later = T0 + dt.timedelta(seconds=2 * db.settings.login_failure_window_seconds + 60)
    assert login(db, "admin", OPERATOR_PASSWORD, now=later, address="203.0.113.66").ok


def test_one_address_trying_many_usernames_is_throttled(db):
    per_address = db.settings.login_failures_per_address
    answers = [
        login(db, f"user{i}", "guess", now=T0 + dt.timedelta(seconds=i), address="203.0.113.9")
        for i in range(per_address + 1)
    ]
    assert answers[-1].reason == "throttled"
    assert login(db, "user0", "guess", address="198.51.100.1").reason == "invalid"


def test_admins_see_failures_since_the_last_success(db):
    with db.write().begin() as session:
        make_operator(session, username="sari")
    for i in range(2):
        login(db, "sari", "guess", now=T0 + dt.timedelta(seconds=i))
    with db.read() as session:
        stored = session.scalar(select(Operator).where(Operator.username == "sari"))
        assert (stored.failed_logins, stored.last_failed_login_at) == (
            2,
            T0 + dt.timedelta(seconds=1),
        )
    assert login(db, "sari", OPERATOR_PASSWORD, now=T0 + dt.timedelta(seconds=5)).ok
    with db.read() as session:
        assert session.scalar(select(Operator.failed_logins)) == 0


def test_sessions_end_when_password_role_opd_or_active_flag_change(db):
    # Issue 8, finding 8: a session used to survive a password reset.
    with db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
        signed_in = make_operator(session, role=Role.OPD, opd_code="dpu", username="budi")

    def still_signed_in(identity) -> bool:
        with db.read() as session:
            return (
                operator_identity(
                    session, operator_id=identity.id, session_epoch=identity.session_epoch
                )
                is not None
            )

    def fresh_login():
        result = login(db, "budi", OPERATOR_PASSWORD)
        assert result.ok
        return result.operator

    assert still_signed_in(signed_in)
    with db.write().begin() as session:
        reset_password(session, operator_id=signed_in.id, new_password="another-secret-1", by=admin)
    assert not still_signed_in(signed_in)

    with db.write().begin() as session:
        reset_password(session, operator_id=signed_in.id, new_password=OPERATOR_PASSWORD, by=admin)
    current = fresh_login()
    with db.write().begin() as session:
        set_operator_role(session, operator_id=current.id, role=Role.OPD, opd_code="dlh", by=admin)
    assert not still_signed_in(current)

    current = fresh_login()
    with db.write().begin() as session:
        set_operator_role(session, operator_id=current.id, role=Role.OPD, opd_code="dlh", by=admin)
    assert still_signed_in(current)  # nothing changed: the session carries on

    with db.write().begin() as session:
        renewed = change_password(
            session,
            operator_id=current.id,
            current_password=OPERATOR_PASSWORD,
            new_password="brand-new-secret",
        )
    assert not still_signed_in(current) and still_signed_in(renewed)

    with db.write().begin() as session:
        set_operator_active(session, operator_id=renewed.id, active=False, by=admin)
        set_operator_active(session, operator_id=renewed.id, active=True, by=admin)
    assert not still_signed_in(renewed)


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
        assert (
            login_with_oidc(
                session, subject="zzz", email="sari@semarangkota.go.id", email_verified=True
            )
            == by_email
        )
        # An address the provider did not verify maps to nobody (issue 8, finding 14).
        assert login_with_oidc(session, subject="zzz", email="sari@semarangkota.go.id") is None
        assert login_with_oidc(session, subject="google-oauth2|1234", email=None) == by_subject
        assert login_with_oidc(session, subject="other", email="other@example.com") is None
    with db.write().begin() as session:
        session.get(Operator, by_email.id).active = False
    with db.write().begin() as session:
        assert (
            login_with_oidc(
                session, subject=None, email="sari@semarangkota.go.id", email_verified=True
            )
            is None
        )


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
