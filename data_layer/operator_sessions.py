"""Operator sessions that survive a reload, a new tab and another replica.

A signed-in browser holds one cookie: a random token (256 bits) and its
HMAC-SHA256 under the session secret (`PANTAU_SESSION_SECRET`, or a random key
kept in `app_meta` when that is empty). The server keeps one `operator_session`
row per signed-in browser with the SHA-256 of the token, never the token, and
every run of an operator page reads it: a revoked row (sign-out), an account
whose `session_epoch` moved on (deactivated, new password, role or OPD), an idle
session (`session_idle_hours` without a run) or an old one
(`session_absolute_hours` after sign-in) signs nobody in, on every replica at once.

Sign-in happens on a Streamlit page, which cannot set a cookie. So a password
sign-in starts a session and a one-time code (hashed too, valid for a minute);
the browser then opens `/sesi-operator/masuk?kode=...` (api/operator_session.py),
which redeems the code, gives the session a fresh token and sets the cookie. The
token the page session held until then stops working at that moment, so the
only copy of the live token is the HttpOnly cookie.

Functions take the caller's session and never commit; the caller owns the
transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_layer.commands import utcnow
from data_layer.config import Settings
from data_layer.db import rows_affected
from data_layer.models import AppMeta, OperatorSession
from data_layer.operators import OperatorIdentity, operator_identity

COOKIE_NAME = "pantau_operator"
CODE_LIFETIME = dt.timedelta(seconds=60)
# `last_seen_at` is written at most this often per session: idle expiry stays
# accurate to a minute without a write on every click.
TOUCH_INTERVAL = dt.timedelta(minutes=1)
# Expired and revoked rows are deleted this long after they ended.
PURGE_AFTER = dt.timedelta(days=1)
SECRET_META_KEY = "operator_session_secret"  # noqa: S105 (an app_meta key name)
# A credential is "<token>.<hmac hex>": 43 + 1 + 64 characters. Anything much
# longer is refused before any hashing.
CREDENTIAL_MAX = 160
CODE_MAX = 80


class SessionSecretUnavailable(RuntimeError):
    """No session secret is configured and none is stored yet (nobody signed in so far)."""


@dataclass(frozen=True)
class StartedSession:
    """A new session: the credential the signing-in page keeps until the cookie is set,
    and the one-time code the browser exchanges for the cookie."""

    session_id: int
    credential: str
    code: str


@dataclass(frozen=True)
class ActiveSession:
    session_id: int
    identity: OperatorIdentity
    needs_touch: bool


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


# --- the secret and the signature ----------------------------------------------------------


def session_secret(session: Session, *, settings: Settings, create: bool = False) -> bytes:
    """The key that signs cookies: the configured one, else the database's own.

    With `create`, a database without one gets a random key (in the caller's write
    transaction); replicas racing to create it end up with the one that won.
    """
    configured = settings.session_secret.get_secret_value()
    if configured:
        return configured.encode("utf-8")
    stored = session.scalar(select(AppMeta.value).where(AppMeta.key == SECRET_META_KEY))
    if stored is None and create:
        try:
            with session.begin_nested():
                session.add(AppMeta(key=SECRET_META_KEY, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another replica stored one first: use theirs
        stored = session.scalar(select(AppMeta.value).where(AppMeta.key == SECRET_META_KEY))
    if stored is None:
        raise SessionSecretUnavailable("no operator session secret yet")
    return stored.encode("utf-8")


def _signature(token: str, secret: bytes) -> str:
    return hmac.new(secret, token.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(token: str, secret: bytes) -> str:
    return f"{token}.{_signature(token, secret)}"


def unsign(credential: str | None, secret: bytes) -> str | None:
    """The token of a well-formed credential with a valid signature, else None."""
    if not credential or len(credential) > CREDENTIAL_MAX or "." not in credential:
        return None
    token, _, signature = credential.rpartition(".")
    if not token or not hmac.compare_digest(signature, _signature(token, secret)):
        return None
    return token


# --- lifecycle ----------------------------------------------------------------------------


def start_session(
    session: Session,
    *,
    operator: OperatorIdentity,
    settings: Settings,
    now: dt.datetime | None = None,
) -> StartedSession:
    """A new session for an operator who just proved who they are (password or OIDC)."""
    now = now or utcnow()
    secret = session_secret(session, settings=settings, create=True)
    token, code = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    row = OperatorSession(
        operator_id=operator.id,
        token_hash=_sha256(token),
        code_hash=_sha256(code),
        code_expires_at=now + CODE_LIFETIME,
        session_epoch=operator.session_epoch,
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(hours=settings.session_absolute_hours),
    )
    session.add(row)
    session.flush()
    purge_ended_sessions(session, now=now)
    return StartedSession(session_id=row.id, credential=sign(token, secret), code=code)


def redeem_code(
    session: Session, *, code: str, settings: Settings, now: dt.datetime | None = None
) -> str | None:
    """Exchange a one-time sign-in code for the cookie's credential, once.

    The session gets a fresh token, so whatever held the previous one (the page
    session that signed in) no longer does. None for an unknown, used or expired
    code, or a session that ended meanwhile.
    """
    now = now or utcnow()
    if not code or len(code) > CODE_MAX:
        return None
    row = session.scalar(
        select(OperatorSession).where(OperatorSession.code_hash == _sha256(code)).with_for_update()
    )
    if row is None or row.code_expires_at is None or row.code_expires_at < now:
        return None
    row.code_hash = None
    row.code_expires_at = None
    if row.revoked_at is not None or row.expires_at <= now:
        session.flush()
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = _sha256(token)
    row.last_seen_at = now
    session.flush()
    return sign(token, session_secret(session, settings=settings))


def current_session(
    session: Session,
    *,
    credential: str | None,
    settings: Settings,
    now: dt.datetime | None = None,
) -> ActiveSession | None:
    """The live session a credential belongs to, with the account as it is now; else None.

    Read-only: when `needs_touch` is set, the caller records the activity with
    `touch_session` in a write transaction.
    """
    now = now or utcnow()
    try:
        token = unsign(credential, session_secret(session, settings=settings))
    except SessionSecretUnavailable:
        return None
    if token is None:
        return None
    row = session.scalar(
        select(OperatorSession).where(OperatorSession.token_hash == _sha256(token))
    )
    if row is None or not _alive(row, settings=settings, now=now):
        return None
    identity = operator_identity(
        session, operator_id=row.operator_id, session_epoch=row.session_epoch
    )
    if identity is None:
        return None
    return ActiveSession(row.id, identity, needs_touch=now - row.last_seen_at >= TOUCH_INTERVAL)


def _alive(row: OperatorSession, *, settings: Settings, now: dt.datetime) -> bool:
    idle = dt.timedelta(hours=settings.session_idle_hours)
    return row.revoked_at is None and now < row.expires_at and now < row.last_seen_at + idle


def touch_session(session: Session, *, session_id: int, now: dt.datetime | None = None) -> None:
    """Record activity (idle expiry counts from here)."""
    session.execute(
        update(OperatorSession)
        .where(OperatorSession.id == session_id, OperatorSession.revoked_at.is_(None))
        .values(last_seen_at=now or utcnow())
    )


def end_session(
    session: Session,
    *,
    credential: str | None,
    settings: Settings,
    now: dt.datetime | None = None,
) -> bool:
    """Sign-out: the session behind a credential ends everywhere. False if none was live."""
    now = now or utcnow()
    try:
        token = unsign(credential, session_secret(session, settings=settings))
    except SessionSecretUnavailable:
        return False
    if token is None:
        return False
    result = session.execute(
        update(OperatorSession)
        .where(OperatorSession.token_hash == _sha256(token), OperatorSession.revoked_at.is_(None))
        .values(revoked_at=now, code_hash=None, code_expires_at=None)
    )
    return bool(rows_affected(result))


def end_every_session(session: Session, *, now: dt.datetime | None = None) -> int:
    """Revoke every live session (after a restore: everyone signs in again)."""
    result = session.execute(
        update(OperatorSession)
        .where(OperatorSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow(), code_hash=None, code_expires_at=None)
    )
    return rows_affected(result)


def purge_ended_sessions(session: Session, *, now: dt.datetime | None = None) -> int:
    """Delete rows that ended more than a day ago (idle ones a day after their idle limit
    could have ended them at the latest, which is their absolute expiry)."""
    cutoff = (now or utcnow()) - PURGE_AFTER
    result = session.execute(
        delete(OperatorSession).where(
            or_(OperatorSession.expires_at < cutoff, OperatorSession.revoked_at < cutoff)
        )
    )
    return rows_affected(result)


def keep_after_account_change(
    session: Session, *, session_id: int, identity: OperatorIdentity
) -> None:
    """The session that changed its own password carries on under the account's new
    epoch; every other session of the account has ended."""
    session.execute(
        update(OperatorSession)
        .where(OperatorSession.id == session_id, OperatorSession.operator_id == identity.id)
        .values(session_epoch=identity.session_epoch)
    )
