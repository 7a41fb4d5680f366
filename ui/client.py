"""Who is asking: the client address a throttle keys on, and the throttle check itself.

Streamlit gives the address of the websocket connection (None on localhost)
and the headers of the page request. Behind our own reverse proxy (nginx) the
connection comes from the proxy, so `Settings.trusted_proxy_hops` says how many
X-Forwarded-For entries, counted from the right, our proxies wrote
(data_layer.throttle.client_address).
"""

from __future__ import annotations

import streamlit as st

from data_layer.config import get_settings
from data_layer.throttle import Rule, allow_rule, client_address
from ui.cache import write_session

# Streamlit reports 127.0.0.1 and ::1 as None; the HTTP routes see 127.0.0.1, and a
# local visitor's pages and downloads should share one count.
LOCAL_ADDRESS = "127.0.0.1"


def current_client_address() -> str:
    """The visitor's address (or their IPv6 /64), as the throttles see it."""
    peer = st.context.ip_address
    forwarded = st.context.headers.get("X-Forwarded-For")
    if peer is None and not forwarded:
        return LOCAL_ADDRESS
    return client_address(
        peer or "127.0.0.1", forwarded, trusted_hops=get_settings().trusted_proxy_hops
    )


def within_limit(rule: Rule, *, key: str | None = None) -> bool:
    """Count one hit of `rule` for this visitor (or `key`) and say whether it is allowed.

    The hit is committed at once, in its own transaction, so it counts even when
    the work it guards fails or rolls back.
    """
    with write_session() as session:
        return allow_rule(session, rule, key=key or current_client_address())
