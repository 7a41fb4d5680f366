"""The database engine (one per process) and cached read getters shared by all viewers.

Pattern for pages: wrap a data_layer query once, at module level, and call the
getter with keyword arguments only (each must be hashable by Streamlit: plain
values, tuples, frozen dataclasses such as `ReportFilter`):

    from data_layer.queries import status
    from ui.cache import LIVE_TTL_SECONDS, cached_query

    status_counts = cached_query(status.status_counts, ttl=LIVE_TTL_SECONDS)
    counts = status_counts(report_filter=report_filter)

Results are shared by every visitor (that is the point: a hundred viewers of the
live page cost one query per TTL), so getters must return public data only, and
never anything that depends on who is looking. Pass `lang` only when the query
itself returns language-dependent text. The database URL is part of every key,
so pointing the app at another database never serves the old one's figures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from data_layer.config import get_settings
from data_layer.db import configured_engine, dispose_process_engines
from data_layer.db import read_session as db_read_session
from data_layer.db import write_session as db_write_session
from data_layer.queries.reference import ReferenceLists, reference_lists

# How often live figures refresh; the status page's fragment uses the same value,
# so each refresh finds a fresh cache entry and many viewers share one query.
LIVE_TTL_SECONDS = 60
# Aggregates that change slowly (monthly scorecards, open-data tables).
SLOW_TTL_SECONDS = 600
# Reference lists (kecamatan, kelurahan, categories, OPDs).
REFERENCE_TTL_SECONDS = 3600

T = TypeVar("T")


# The same engine, read sessions and write transactions as the HTTP routes (one pool
# per process; data_layer.db.write_session is the one way a write transaction opens).
engine = configured_engine
read_session = db_read_session
write_session = db_write_session


def cached_query(query: Callable[..., T], *, ttl: int) -> Callable[..., T]:
    """A getter that runs `query(session, **kwargs)` at most once per `ttl` per distinct kwargs."""

    def run(database_url: str, kwargs: tuple[tuple[str, Any], ...]) -> T:
        del database_url  # only part of the cache key; engine() reads the same setting
        with read_session() as session:
            return query(session, **dict(kwargs))

    # Streamlit keys a cache by module, qualified name and source code; every
    # `run` shares its source, so give each one the wrapped query's identity.
    run.__module__ = query.__module__
    run.__qualname__ = f"cached_query.{query.__qualname__}"
    cached = st.cache_data(ttl=ttl, show_spinner=False, max_entries=512)(run)

    @functools.wraps(query)
    def getter(**kwargs: Any) -> T:
        return cached(get_settings().database_url, tuple(sorted(kwargs.items())))

    return getter


cached_reference_lists: Callable[[], ReferenceLists] = cached_query(
    reference_lists, ttl=REFERENCE_TTL_SECONDS
)


def clear_all_caches() -> None:
    """Forget cached data and engines (tests, or after pointing at another database)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    dispose_process_engines()
