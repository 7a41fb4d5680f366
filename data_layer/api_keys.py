"""API keys for machines that file reports (Open311 POST), stored only as hashes.

A key is 256 random bits, printed once when it is created. Only its SHA-256
hash is kept: a fast hash is safe for a random secret of that size (there is
nothing to guess), and checking a key stays one index probe per request.

The per-key limit is a database throttle (data_layer/throttle.py, scope
`api_post_key`), so it holds across processes and replicas. It is counted in
the same transaction as the report: a refused request (bad input, wrong key)
rolls back and costs nothing. `api_submission` records which key filed which
report, for the operators' audit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_layer.commands import utcnow
from data_layer.models import ApiKey, ApiSubmission
from data_layer.throttle import allow

KEY_PREFIX = "pl_"
NAME_MAX = 80
LIMIT_WINDOW = dt.timedelta(hours=1)
POST_SCOPE = "api_post_key"


class ApiKeyError(ValueError):
    pass


@dataclass(frozen=True)
class KeyHolder:
    id: int
    name: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()


def create_api_key(session: Session, *, name: str, now: dt.datetime | None = None) -> str:
    """Store a new key for `name` and return it (the only time it is ever seen)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ApiKeyError(f"the name must be 1 to {NAME_MAX} characters")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ApiKeyError(f"a key named {name!r} exists already (revoke it, or pick another name)")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        with session.begin_nested():
            session.add(ApiKey(name=name, key_hash=hash_key(key), created_at=now or utcnow()))
    except IntegrityError as error:
        raise ApiKeyError(f"a key named {name!r} exists already") from error
    return key


def revoke_api_key(session: Session, *, name: str, now: dt.datetime | None = None) -> bool:
    """Revoke the key named `name`; False if there is no such active key."""
    key = session.scalar(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None)))
    if key is None:
        return False
    key.revoked_at = now or utcnow()
    return True


def key_holder(session: Session, *, key: str) -> KeyHolder | None:
    """Who holds this active key (None for an unknown or revoked one)."""
    if not key or len(key) > 200:
        return None
    row = session.execute(
        select(ApiKey.id, ApiKey.name).where(
            ApiKey.key_hash == hash_key(key), ApiKey.revoked_at.is_(None)
        )
    ).first()
    return KeyHolder(row.id, row.name) if row else None


def may_post(session: Session, *, holder: KeyHolder, limit: int, now: dt.datetime) -> bool:
    """Count one post for `holder` and say whether it is within `limit` per hour."""
    return allow(
        session,
        scope=POST_SCOPE,
        key=str(holder.id),
        limit=limit,
        window_seconds=int(LIMIT_WINDOW.total_seconds()),
        now=now,
    )


def record_api_submission(
    session: Session, *, holder: KeyHolder, report_id: int, now: dt.datetime
) -> None:
    session.add(ApiSubmission(api_key_id=holder.id, report_id=report_id, at=now))
    key = session.get(ApiKey, holder.id)
    if key is not None:
        key.last_used_at = now
