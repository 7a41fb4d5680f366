"""Database throttles on both databases: limits hold across sessions and engines, hits decay."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from data_layer.db import make_engine, make_session_factory
from data_layer.models import ThrottleCounter
from data_layer.throttle import (
    UNKNOWN_ADDRESS,
    Rule,
    allow,
    allow_rule,
    client_address,
    is_over,
    retry_after,
    stored_key,
)

T0 = dt.datetime(2025, 7, 7, 10, 0)  # the start of an hour window
HOURLY = Rule("test_hourly", limit=3, window_seconds=3600)


def hit(db, rule: Rule = HOURLY, *, key: str = "10.0.0.1", now: dt.datetime = T0) -> bool:
    # A new session each time: nothing is remembered outside the database.
    with db.write().begin() as session:
        return allow_rule(session, rule, key=key, now=now)


def test_the_limit_holds_across_sessions_and_keys_are_separate(db):
    assert [hit(db, now=T0 + dt.timedelta(minutes=i)) for i in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert hit(db, key="10.0.0.2", now=T0 + dt.timedelta(minutes=6))
    other_rule = Rule("test_other", limit=1, window_seconds=3600)
    assert hit(db, other_rule, now=T0 + dt.timedelta(minutes=6))


def test_the_limit_holds_across_engines_like_two_replicas(db):
    second_replica = make_engine(db.url)
    try:
        writers = [db.write(), make_session_factory(second_replica, write=True)]
        answers = []
        for i in range(6):
            with writers[i % 2].begin() as session:
                answers.append(allow_rule(session, HOURLY, key="k", now=T0))
        assert answers.count(True) == HOURLY.limit
    finally:
        second_replica.dispose()


def test_concurrent_hits_never_exceed_the_limit(db):
    rule = Rule("test_race", limit=4, window_seconds=60)
    answers: list[bool] = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        with db.write().begin() as session:
            answers.append(allow_rule(session, rule, key="racer", now=T0))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(True) == rule.limit


def test_hits_slide_out_of_the_window_gradually(db):
    # Three hits at the very end of one window keep the start of the next one
    # closed (no burst of 2 × limit at the edge), then the door reopens.
    late = T0 + dt.timedelta(minutes=59)
    assert all(hit(db, now=late) for _ in range(3))
    assert not hit(db, now=T0 + dt.timedelta(hours=1, minutes=1))
    assert hit(db, now=T0 + dt.timedelta(hours=2, minutes=30))


def test_retry_after_says_when_there_is_room_and_does_not_count(db):
    for _ in range(3):
        hit(db)
    with db.write().begin() as session:
        wait = retry_after(session, HOURLY, key="10.0.0.1", now=T0 + dt.timedelta(minutes=10))
        assert is_over(session, HOURLY, key="10.0.0.1", now=T0 + dt.timedelta(minutes=10))
        assert session.scalar(select(ThrottleCounter.hits)) == 3  # asking is not a hit
    assert wait > 0
    reopen = T0 + dt.timedelta(minutes=10, seconds=wait)
    assert hit(db, now=reopen)
    with db.write().begin() as session:
        assert retry_after(session, HOURLY, key="fresh", now=T0) == 0


def test_old_windows_are_pruned_when_a_new_one_opens(db):
    for i in range(50):
        hit(db, key=f"visitor-{i}")
    hit(db, key="late", now=T0 + dt.timedelta(hours=3))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ThrottleCounter)) == 1


def test_long_keys_are_stored_bounded_and_stay_distinct(db):
    long_a, long_b = "a" * 10_000, "a" * 9_999 + "b"
    assert len(stored_key(long_a)) <= 128
    assert stored_key(long_a) != stored_key(long_b)
    rule = Rule("test_long", limit=1, window_seconds=60)
    assert hit(db, rule, key=long_a)
    assert not hit(db, rule, key=long_a)
    assert hit(db, rule, key=long_b)


def test_plain_allow_takes_the_rule_as_keywords(db):
    with db.write().begin() as session:
        answers = [
            allow(session, scope="kw", key="x", limit=1, window_seconds=10, now=T0)
            for _ in range(2)
        ]
    assert answers == [True, False]


@pytest.mark.parametrize(
    ("peer", "forwarded", "hops", "expected"),
    [
        ("203.0.113.9", None, 0, "203.0.113.9"),
        # Without a trusted proxy the header is the client's own claim: ignored.
        ("203.0.113.9", "198.51.100.1", 0, "203.0.113.9"),
        # nginx appends what it saw; whatever the client wrote further left is ignored.
        ("127.0.0.1", "6.6.6.6, 198.51.100.1", 1, "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.5", 2, "198.51.100.1"),
        # Fewer entries than proxies: the request did not come through them all.
        ("203.0.113.9", "198.51.100.1", 2, "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", None, 0, "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", None, 0, "198.51.100.7"),
        (None, None, 0, UNKNOWN_ADDRESS),
        ("127.0.0.1", "not-an-address", 1, UNKNOWN_ADDRESS),
    ],
)
def test_client_address(peer, forwarded, hops, expected):
    assert client_address(peer, forwarded, trusted_hops=hops) == expected
