"""The operator session cookie: set and cleared by HTTP routes, since a page cannot.

- `GET /sesi-operator/masuk?kode=...&ke=<page>`: the operator page that checked a
  password (ui/auth.py) sends the browser here with a one-time code; the code
  becomes the session cookie (data_layer/operator_sessions.py) and the browser
  goes back to the page. A used, unknown or expired code gets a plain message.
- `POST /sesi-operator/keluar`: signs the browser's session out everywhere and
  clears the cookie. Refused from another site (Origin / Sec-Fetch-Site); the
  cookie is SameSite=Lax, so another site's POST would not carry it anyway.
- `GET /sesi-operator/keluar`: clears the cookie only once its session has ended
  (the page's sign-out button ends it first, then comes here). A link on another
  site therefore cannot sign anybody out.

The cookie is HttpOnly (no script reads it), SameSite=Lax, Secure behind https
(or always, with PANTAU_SESSION_COOKIE_SECURE), and lives no longer than the
session's absolute limit; the server-side row decides whether it still counts.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode, urlsplit

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from api.database import read_session, write_transaction
from api.messages import message
from api.params import language
from data_layer.config import get_settings
from data_layer.operator_sessions import (
    COOKIE_NAME,
    current_session,
    end_session,
    redeem_code,
)

SIGN_IN_PATH = "/sesi-operator/masuk"
SIGN_OUT_PATH = "/sesi-operator/keluar"
LOGIN_PAGE = "operator_masuk"
# Where the browser may be sent back to: one page of this app, by its url_path.
PAGE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TICKET_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,24}$")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _back_to(request: Request, *, page: str | None = None) -> str:
    """The app page to return to, relative to this route (so a base URL path is kept),
    with the report the operator was opening (`tiket`) and the language."""
    target = page if page and PAGE_PATTERN.match(page) else LOGIN_PAGE
    params = {}
    ticket = request.query_params.get("tiket", "")
    if page and TICKET_PATTERN.match(ticket):
        params["tiket"] = ticket
    if language(request) == "en":
        params["lang"] = "en"
    return f"../{target}" + (f"?{urlencode(params)}" if params else "")


def _secure(request: Request) -> bool:
    """Secure when configured, when the request came over https, or when our own proxy
    (PANTAU_TRUSTED_PROXY_HOPS > 0: nginx terminating TLS) says it did."""
    settings = get_settings()
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    return (
        settings.session_cookie_secure
        or request.url.scheme == "https"
        or (settings.trusted_proxy_hops > 0 and forwarded == "https")
    )


def _refusal(request: Request, code: str, status: int) -> HTMLResponse:
    lang = language(request)
    body = (
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Pantau Lapor</title><p>{html.escape(message(code, lang))}</p>"
        f'<p><a href="{html.escape(_back_to(request))}">'
        f"{html.escape(message('back_to_sign_in', lang))}</a></p></html>"
    )
    return HTMLResponse(body, status_code=status, headers=NO_STORE)


async def sign_in(request: Request) -> Response:
    code = request.query_params.get("kode", "")
    settings = get_settings()

    def redeem() -> str | None:
        with write_transaction() as session:
            return redeem_code(session, code=code, settings=settings)

    try:
        credential = await run_in_threadpool(redeem)
    except SQLAlchemyError:
        return _refusal(request, "session_unavailable", 503)
    if credential is None:
        return _refusal(request, "session_code", 400)
    response = RedirectResponse(
        _back_to(request, page=request.query_params.get("ke")), status_code=303, headers=NO_STORE
    )
    response.set_cookie(
        COOKIE_NAME,
        credential,
        max_age=int(settings.session_absolute_hours * 3600),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


def _from_another_site(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin:
        # Host names only: a proxy may pass Host without the port the browser used.
        host = urlsplit(f"//{request.headers.get('host', '')}").hostname
        return urlsplit(origin).hostname != host
    return request.headers.get("sec-fetch-site") == "cross-site"


async def sign_out(request: Request) -> Response:
    settings = get_settings()
    credential = request.cookies.get(COOKIE_NAME)
    if request.method == "POST":
        if _from_another_site(request):
            return _refusal(request, "session_cross_site", 403)

        def revoke() -> None:
            with write_transaction() as session:
                end_session(session, credential=credential, settings=settings)

        work = revoke
    else:

        def still_live() -> bool:
            with read_session() as session:
                return (
                    current_session(session, credential=credential, settings=settings) is not None
                )

        work = still_live
    try:
        live = await run_in_threadpool(work) if credential else False
    except SQLAlchemyError:
        return _refusal(request, "session_unavailable", 503)
    response = RedirectResponse(_back_to(request), status_code=303, headers=NO_STORE)
    if not live:
        response.delete_cookie(
            COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=_secure(request)
        )
    return response


ROUTES = [
    Route(SIGN_IN_PATH, sign_in, methods=["GET"]),
    Route(SIGN_OUT_PATH, sign_out, methods=["GET", "POST"]),
]
