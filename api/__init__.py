"""HTTP routes served beside the pages, on the same port, by `serve.py` (`st.App`).

Handlers import `data_layer` only, never streamlit or `ui`. Each surface lives in
its own module and exposes `ROUTES`; this package gathers them in one list so
`serve.py` and the tests build the same application. Paths under `/_stcore/`,
`/media/`, `/component/` and `/static/` belong to Streamlit.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from api import feeds, health, notifications, open311, open_data, operator_session, photos
from api.security import SecurityHeaders


def routes() -> list[BaseRoute]:
    """Every HTTP route of the app, in matching order."""
    return [
        *health.ROUTES,
        *operator_session.ROUTES,
        *open311.ROUTES,
        *open_data.ROUTES,
        *photos.ROUTES,
        *feeds.ROUTES,
        *notifications.ROUTES,
    ]


def middleware() -> list[Middleware]:
    """Middleware applied to every request (pages, websocket and routes alike)."""
    return [Middleware(SecurityHeaders)]
