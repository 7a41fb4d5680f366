"""Operator sessions on real SQLite and PostgreSQL: a cookie signs in until it is signed
out, deactivated, idle too long or too old, on any process reading the same database."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import OPERATOR_PASSWORD, make_operator
from sqlalchemy import func, select

from data_layer.config import Settings
from data_layer.models import OperatorSession
from data_layer.operator_sessions import (
    CODE_LIFETIME,
    current_session,
    end_session,
    purge_ended_sessions,
    redeem_code,
    start_session,
    touch_session,
)
from data_layer.operators import change_password, set_operator_active
from data_layer.states import Role

T0 = dt.datetime(2026, 3, 2, 1, 0)
SECRET = "x" * 20 + "a-test-secret-of-enough-length"


@pytest.fixture
def settings(db) -> Settings:
    return Settings(database_url=db.url, session_secret=SECRET)


@pytest.fixture
def operators(db):
    with db.write().begin() as session:
        admin = make_operator(session, role=Role.ADMIN, username="admin")
        verifier = make_operator(session, role=Role.VERIFIKATOR, username="verif")
    return admin, verifier


def signed_in(db, settings, operator, *, now=T0) -> str:
    """Start a session and redeem its code, as the browser does: the cookie's value."""
    with db.write().begin() as session:
        started = start_session(session, operator=operator, settings=settings, now=now)
    with db.write().begin() as session:
        cookie = redeem_code(session, code=started.code, settings=settings, now=now)
    assert cookie is not None
    return cookie


def who(db, settings, credential, *, now):
    with db.read() as session:
        active = current_session(session, credential=credential, settings=settings, now=now)
    return active.identity.username if active else None


def test_the_cookie_signs_in_and_the_page_token_stops_at_redemption(db, settings, operators):
    _, verifier = operators
    with db.write().begin() as session:
        started = start_session(session, operator=verifier, settings=settings, now=T0)
    # Until the browser has its cookie, the signing-in page holds the session.
    assert who(db, settings, started.credential, now=T0) == "verif"
    with db.write().begin() as session:
        cookie = redeem_code(session, code=started.code, settings=settings, now=T0)
    assert who(db, settings, cookie, now=T0 + dt.timedelta(hours=1)) == "verif"
    assert who(db, settings, started.credential, now=T0) is None
    # The code works once.
    with db.write().begin() as session:
        assert redeem_code(session, code=started.code, settings=settings, now=T0) is None
    # Only hashes are stored.
    with db.read() as session:
        row = session.scalars(select(OperatorSession)).one()
    assert cookie.split(".")[0] not in (row.token_hash, row.code_hash)
    assert row.code_hash is None


def test_an_expired_or_forged_code_or_cookie_signs_nobody_in(db, settings, operators):
    _, verifier = operators
    with db.write().begin() as session:
        started = start_session(session, operator=verifier, settings=settings, now=T0)
    late = T0 + CODE_LIFETIME + dt.timedelta(seconds=1)
    with db.write().begin() as session:
        assert redeem_code(session, code=started.code, settings=settings, now=late) is None
        assert redeem_code(session, code="tebakan", settings=settings, now=T0) is None
        assert redeem_code(session, code="k" * 10_000, settings=settings, now=T0) is None
    cookie = signed_in(db, settings, verifier)
    token, _, signature = cookie.partition(".")
    forged = f"{token}.{'0' * len(signature)}"
    for credential in (forged, token, "", None, "a.b", cookie + "x" * 500):
        assert who(db, settings, credential, now=T0) is None
    # Another secret (another deployment, or a rotated key) refuses the cookie too.
    other = Settings(database_url=db.url, session_secret="y" * 48)
    assert who(db, other, cookie, now=T0) is None


def test_sign_out_ends_the_session_for_every_holder_of_the_cookie(db, settings, operators):
    _, verifier = operators
    cookie = signed_in(db, settings, verifier)
    other_browser = signed_in(db, settings, verifier)
    with db.write().begin() as session:
        assert end_session(session, credential=cookie, settings=settings, now=T0)
        assert not end_session(session, credential=cookie, settings=settings, now=T0)
    assert who(db, settings, cookie, now=T0) is None
    # Sign-out ends this browser's session, not the operator's others.
    assert who(db, settings, other_browser, now=T0) == "verif"


def test_deactivation_and_a_new_password_end_sessions_at_the_next_run(db, settings, operators):
    admin, verifier = operators
    cookie = signed_in(db, settings, verifier)
    with db.write().begin() as session:
        set_operator_active(session, operator_id=verifier.id, active=False, by=admin)
    assert who(db, settings, cookie, now=T0) is None
    with db.write().begin() as session:
        set_operator_active(session, operator_id=verifier.id, active=True, by=admin)
    # Reactivating does not bring the old session back.
    assert who(db, settings, cookie, now=T0) is None

    admin_cookie = signed_in(db, settings, admin)
    with db.write().begin() as session:
        change_password(
            session,
            operator_id=admin.id,
            current_password=OPERATOR_PASSWORD,
            new_password="sandi-baru-yang-panjang",
        )
    assert who(db, settings, admin_cookie, now=T0) is None


def test_idle_and_absolute_expiry(db, settings, operators):
    _, verifier = operators
    cookie = signed_in(db, settings, verifier)
    idle = dt.timedelta(hours=settings.session_idle_hours)
    # Idle: unused for the idle limit, the session is over.
    assert who(db, settings, cookie, now=T0 + idle - dt.timedelta(minutes=1)) == "verif"
    assert who(db, settings, cookie, now=T0 + idle) is None

    # Used every few hours, it lives until the absolute limit and no longer.
    cookie = signed_in(db, settings, verifier)
    now = T0
    absolute_end = T0 + dt.timedelta(hours=settings.session_absolute_hours)
    while now + dt.timedelta(hours=4) < absolute_end:
        now += dt.timedelta(hours=4)
        with db.read() as session:
            active = current_session(session, credential=cookie, settings=settings, now=now)
        assert active is not None and active.needs_touch
        with db.write().begin() as session:
            touch_session(session, session_id=active.session_id, now=now)
    assert who(db, settings, cookie, now=absolute_end - dt.timedelta(minutes=1)) == "verif"
    assert who(db, settings, cookie, now=absolute_end) is None


def test_settings_shorten_the_limits(db, operators):
    _, verifier = operators
    short = Settings(
        database_url=db.url, session_secret=SECRET, session_idle_hours=1, session_absolute_hours=2
    )
    cookie = signed_in(db, short, verifier)
    assert who(db, short, cookie, now=T0 + dt.timedelta(minutes=59)) == "verif"
    assert who(db, short, cookie, now=T0 + dt.timedelta(minutes=61)) is None


def test_without_a_configured_secret_the_database_keeps_one_for_every_process(db, operators):
    _, verifier = operators
    settings = Settings(database_url=db.url)  # PANTAU_SESSION_SECRET empty
    cookie = signed_in(db, settings, verifier)
    # A second process (fresh settings, same database) accepts the cookie.
    assert who(db, Settings(database_url=db.url), cookie, now=T0) == "verif"


def test_ended_sessions_are_purged_a_day_later(db, settings, operators):
    _, verifier = operators
    cookie = signed_in(db, settings, verifier)
    signed_in(db, settings, verifier)
    with db.write().begin() as session:
        end_session(session, credential=cookie, settings=settings, now=T0)
    with db.write().begin() as session:
        purge_ended_sessions(session, now=T0 + dt.timedelta(hours=23))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(OperatorSession)) == 2
    with db.write().begin() as session:
        purge_ended_sessions(session, now=T0 + dt.timedelta(hours=25))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(OperatorSession)) == 1


@pytest.mark.parametrize("secret", ["changeme", "short-secret"])
def test_a_weak_or_example_secret_is_refused_with_a_clear_message(secret):
    with pytest.raises(ValueError, match="PANTAU_SESSION_SECRET must be at least 32"):
        Settings(session_secret=secret)
