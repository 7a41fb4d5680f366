"""Subscribe links to the Atom feeds (api/feeds.py) where a page shows something that has one."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from data_layer.filters import params_for_filter
from data_layer.queries.public import ReportFilter
from data_layer.tickets import format_ticket_code
from ui.cache import cached_reference_lists
from ui.i18n import current_lang, t

CITY_FEED = "/feeds/laporan.atom"


def _with_lang(params: dict[str, str]) -> dict[str, str]:
    return {**params, "lang": "en"} if current_lang() == "en" else params


def city_feed_url(report_filter: ReportFilter) -> str:
    """The city feed narrowed like the page (same parameters, same codes)."""
    params = _with_lang(params_for_filter(report_filter, cached_reference_lists()))
    return CITY_FEED + (f"?{urlencode(params)}" if params else "")


def opd_feed_url(opd_code: str) -> str:
    """One OPD's feed (the scorecard's rows): its newest reports and status changes."""
    return f"{CITY_FEED}?{urlencode(_with_lang({'opd': opd_code}))}"


def ticket_feed_url(ticket: str) -> str:
    params = _with_lang({})
    query = f"?{urlencode(params)}" if params else ""
    return f"/feeds/tiket/{format_ticket_code(ticket)}.atom{query}"


def subscribe_link(url: str, *, key: str) -> None:
    st.link_button(
        t("feeds.subscribe"), url, icon=":material/rss_feed:", help=t("feeds.help"), key=key
    )
