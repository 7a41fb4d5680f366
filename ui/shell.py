"""Pieces of the app's frame shared by every page: branding, demo banner, error guard."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from data_layer.config import get_settings
from data_layer.queries.reference import is_demo_data
from ui.cache import SLOW_TTL_SECONDS, cached_query
from ui.formatting import local_time
from ui.i18n import current_lang, t

logger = logging.getLogger(__name__)

cached_is_demo_data = cached_query(is_demo_data, ttl=SLOW_TTL_SECONDS)


def branding() -> None:
    """Channel and city from settings (the channel was renamed in 2025: it is a setting)."""
    settings = get_settings()
    st.sidebar.caption(t("app.tagline", city=settings.city_name, channel=settings.channel_name))


def demo_banner() -> None:
    """A banner on every page when the database says it holds demo data."""
    try:
        demo = cached_is_demo_data()
    except Exception:  # a missing table must not take the whole site down
        logger.exception("could not tell whether the database holds demo data")
        return
    if demo:
        st.warning(t("app.demo_banner"), icon="🧪")


@contextmanager
def guarded() -> Iterator[None]:
    """Show a friendly message instead of a stack trace when a page's data fails.

    Streamlit's own control flow (rerun, stop) derives from BaseException and
    passes through untouched.
    """
    try:
        yield
    except Exception:
        logger.exception("a public page failed")
        st.error(t("app.error"), icon="⚠️")


def updated_at(as_of_utc: dt.datetime) -> None:
    st.caption(t("shell.updated_at", time=local_time(as_of_utc, current_lang())))


def public_data_note() -> None:
    st.caption(t("shell.data_note"))


def tab_title(page: str) -> str:
    """The browser tab's title: the page first (tabs are narrow), then the product."""
    return f"{page} · Pantau Lapor"
