"""Rate limits that hold across browser sessions, processes and replicas.

A throttle counts hits per (scope, key) in the database: `scope` names one rule
("submit_address", "login_address" …; one scope is one limit and one window),
`key` says whose hits they are (a client address, a username, a report id).

Counting uses a *sliding window counter*: hits are added up in fixed windows,
one row per (scope, key, window), and the rate is estimated as

    hits in the current window + hits in the previous window × the part of it still in reach

which never undercounts a burst at a window's edge by more than the
approximation (limit 5 per hour: five at 10:59 keep 11:00 closed, then the
door reopens gradually). One upsert counts a hit atomically on SQLite and
PostgreSQL, so two replicas racing for the last slot cannot both get it.
Refused hits count too: a client that keeps hammering keeps the door shut,
and hits decay by themselves once it stops. Rows older than two windows are
deleted whenever a key opens a new window, so the table stays small.

Run these in a write transaction (`make_session_factory(engine, write=True)`).
The caller owns the transaction: a hit is recorded once it commits, so count
hits in their own short transaction when the work they guard may roll back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_layer.config import Settings
from data_layer.models import ThrottleCounter

_EPOCH = dt.datetime(2000, 1, 1)
_KEY_MAX = 128
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class Rule:
    """One limit: at most `limit` hits per `window_seconds` for each key of `scope`."""

    scope: str
    limit: int
    window_seconds: int


def allow(
    session: Session,
    *,
    scope: str,
    key: str,
    limit: int,
    window_seconds: int,
    now: dt.datetime | None = None,
) -> bool:
    """Record one hit for `key` and answer whether it is within `limit` per window."""
    now = now or _utcnow()
    window = dt.timedelta(seconds=window_seconds)
    start = _window_start(now, window)
    key = stored_key(key)
    hits = _count_hit(session, scope=scope, key=key, start=start, window=window)
    if hits == 1:  # a new window for this key: a cheap moment to forget old ones
        session.execute(delete(ThrottleCounter).where(ThrottleCounter.expires_at <= now))
    previous = _hits(session, scope=scope, key=key, start=start - window)
    return _estimate(previous, hits, now=now, start=start, window=window) <= limit


def allow_rule(session: Session, rule: Rule, *, key: str, now: dt.datetime | None = None) -> bool:
    return allow(
        session,
        scope=rule.scope,
        key=key,
        limit=rule.limit,
        window_seconds=rule.window_seconds,
        now=now,
    )


def retry_after(session: Session, rule: Rule, *, key: str, now: dt.datetime | None = None) -> int:
    """Seconds until one more hit for `key` would be allowed (0: it would be now).

    Reads only: asking does not count as a hit.
    """
    now = now or _utcnow()
    window = dt.timedelta(seconds=rule.window_seconds)
    start = _window_start(now, window)
    key = stored_key(key)
    current = _hits(session, scope=rule.scope, key=key, start=start)
    previous = _hits(session, scope=rule.scope, key=key, start=start - window)
    return _seconds_until_room(previous, current, rule=rule, now=now, start=start)


def is_over(session: Session, rule: Rule, *, key: str, now: dt.datetime | None = None) -> bool:
    """Whether one more hit would be refused, without recording one."""
    return retry_after(session, rule, key=key, now=now) > 0


def forget(session: Session, *, scope: str, key_prefix: str) -> None:
    """Drop the hits of every key of `scope` starting with `key_prefix` (e.g. after an
    admin reset a password, that account's failures no longer count)."""
    session.execute(
        delete(ThrottleCounter).where(
            ThrottleCounter.scope == scope,
            ThrottleCounter.key.startswith(key_prefix, autoescape=True),
        )
    )


def stored_key(key: str) -> str:
    """Keys are bounded: a long one (e.g. a typed username) is stored as its hash."""
    if len(key) <= _KEY_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


# --- client addresses ---------------------------------------------------------------


def client_address(peer: str | None, forwarded_for: str | None, *, trusted_hops: int) -> str:
    """The address a throttle should key on for one request.

    `peer` is the address of the TCP connection; `forwarded_for` the request's
    X-Forwarded-For header. Behind `trusted_hops` proxies of our own (nginx
    appends the address it saw), the client is the `trusted_hops`-th entry from
    the right: entries further left were written by the client and can be forged.
    With no proxy configured the header is ignored for the same reason.

    IPv6 clients are keyed by their /64 (one household or phone gets a whole
    /64, so per-address limits would otherwise be per random suffix).
    """
    candidate = peer
    if trusted_hops > 0 and forwarded_for:
        hops = [part.strip() for part in forwarded_for[:2000].split(",") if part.strip()]
        if len(hops) >= trusted_hops:
            candidate = hops[-trusted_hops]
    return _normalised_address(candidate)


def _normalised_address(text: str | None) -> str:
    if not text:
        return UNKNOWN_ADDRESS
    try:
        address = ipaddress.ip_address(text.strip()[:64])
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


# --- counting -----------------------------------------------------------------------


def _utcnow() -> dt.datetime:
    # data_layer.commands.utcnow, repeated here: commands counts hits through this module.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _window_start(now: dt.datetime, window: dt.timedelta) -> dt.datetime:
    return now - (now - _EPOCH) % window


def _count_hit(
    session: Session, *, scope: str, key: str, start: dt.datetime, window: dt.timedelta
) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = insert(ThrottleCounter).values(
        scope=scope, key=key, window_start=start, hits=1, expires_at=start + 2 * window
    )
    statement = values.on_conflict_do_update(
        index_elements=["scope", "key", "window_start"],
        set_={"hits": ThrottleCounter.hits + 1},
    ).returning(ThrottleCounter.hits)
    return session.execute(statement).scalar_one()


def _hits(session: Session, *, scope: str, key: str, start: dt.datetime) -> int:
    hits = session.scalar(
        select(ThrottleCounter.hits).where(
            ThrottleCounter.scope == scope,
            ThrottleCounter.key == key,
            ThrottleCounter.window_start == start,
        )
    )
    return hits or 0


def _estimate(
    previous: int, current: int, *, now: dt.datetime, start: dt.datetime, window: dt.timedelta
) -> float:
    elapsed = (now - start) / window
    return previous * (1 - elapsed) + current


def _seconds_until_room(
    previous: int, current: int, *, rule: Rule, now: dt.datetime, start: dt.datetime
) -> int:
    window = dt.timedelta(seconds=rule.window_seconds)
    room = rule.limit - 1  # the estimate, one more hit included, must stay <= limit
    if _estimate(previous, current, now=now, start=start, window=window) <= room:
        return 0
    if current <= room and previous > 0:
        # Later in this window, as the previous window's weight fades.
        elapsed_needed = 1 - (room - current) / previous
        wait = start + window * elapsed_needed - now
    else:
        # Only in the next window, when this one's hits fade in turn.
        elapsed_needed = 1 - room / current if current else 0
        wait = start + window + window * elapsed_needed - now
    return max(1, math.ceil(wait.total_seconds()))


# --- the rules ----------------------------------------------------------------------
# Every limit the app enforces, defined once (their numbers come from Settings).

CITY_KEY = "city"  # the key of city-wide ceilings


def submissions_per_address(settings: Settings) -> Rule:
    """Reports saved per client address per hour."""
    return Rule("submit_address", settings.submissions_per_address_per_hour, 3600)


def submissions_citywide(settings: Settings) -> Rule:
    """Reports saved per hour from the whole public form: a flood's ceiling."""
    return Rule("submit_city", settings.submissions_per_hour, 3600)


def submission_checks_per_address(settings: Settings) -> Rule:
    """Clicks on "send" per client address (each decodes photos and checks the form),
    counted whether or not the report is saved."""
    return Rule("submit_check_address", 6 * settings.submissions_per_address_per_hour, 600)


def followup_failures_per_report() -> Rule:
    """Wrong follow-up codes per report, whoever types them.

    Codes carry 60 random bits, so guessing is hopeless anyway: the limit caps
    the argon2 work one ticket can cost across sessions and replicas. The price:
    someone failing on purpose can make the reporter wait up to an hour.
    """
    return Rule("followup_report", 10, 3600)


def followup_failures_per_address() -> Rule:
    """Wrong follow-up codes per client address, over all tickets."""
    return Rule("followup_address", 20, 3600)


def ticket_lookups_per_address(settings: Settings) -> Rule:
    """Tickets looked up on the tracking page per client address (each distinct
    ticket once per browser session): following one's own reports never comes
    near it, walking through guessed codes does."""
    return Rule("ticket_lookup_address", settings.ticket_lookups_per_address, 600)


def expensive_requests_per_address(settings: Settings) -> Rule:
    """Uncached heavy work per client address: building a download, a filter the
    summaries cannot answer. Cached answers cost nothing and are not counted."""
    return Rule("expensive_address", settings.expensive_requests_per_address, 300)
