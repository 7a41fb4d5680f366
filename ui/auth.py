"""Operator sign-in: a server-side session behind an HttpOnly cookie, checked on every run.

`check_session()` runs at the top of every script run (app.py, before the
navigation is built): it reads the session cookie (`st.context.cookies`) or, in
the tab that just signed in, the credential kept in `st.session_state`, and asks
the database (data_layer.operator_sessions) whether that session is still live
and whose it is. So a reload, a new tab and another replica keep the operator
signed in, and a sign-out, a deactivation or any account change (session_epoch)
ends the session at the next click everywhere. Pages only read the result
(`current_operator`, `require_operator`).

A page cannot set a cookie: after a password sign-in the browser is sent to
`/sesi-operator/masuk?kode=...` (api/operator_session.py) with a one-time code,
which sets the cookie and comes back to the page. Sign-out ends the session in
the database first, then sends the browser to `/sesi-operator/keluar` to clear
the cookie.

Every operator page starts with `require_operator()`: for a visitor it draws
the sign-in form and stops the page there, so nothing else of the page (no
report, no action) ever runs.

Passwords always work. If the city configures an OIDC provider (an `[auth]`
section in `.streamlit/secrets.toml`), a "sign in with city account" button is
offered too, and the provider's user is mapped to an operator by
`Operator.oidc_subject` (the provider's subject, or the email address);
Streamlit's own identity cookie keeps that sign-in across reloads.
"""

from __future__ import annotations

import html
import json
import logging
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.errors import StreamlitAuthError, StreamlitSecretNotFoundError

from data_layer.config import get_settings
from data_layer.cpu_guards import ServerBusy
from data_layer.limits import PASSWORD_INPUT_MAX, USERNAME_INPUT_MAX
from data_layer.operator_sessions import (
    COOKIE_NAME,
    current_session,
    end_session,
    keep_after_account_change,
    start_session,
    touch_session,
)
from data_layer.operators import (
    OperatorIdentity,
    authenticate,
    login_with_oidc,
    operator_identity,
)
from data_layer.states import Role
from ui.cache import read_session, write_session
from ui.client import current_client_address
from ui.i18n import current_lang, t
from ui.operator import TICKET_PARAM, inert

logger = logging.getLogger(__name__)

OPERATOR_KEY = "op_identity"
VIA_OIDC_KEY = "op_via_oidc"
NOTICE_KEY = "op_auth_notice"
LOGIN_FORM = "op_login_form"
USERNAME = "op_login_username"
PASSWORD = "op_login_password"  # noqa: S105 (a widget key, not a secret)
# The credential of the tab that signed in, until its browser holds the cookie.
CREDENTIAL_KEY = "op_credential"
# The credential that proved the current session this run (cookie or the key above).
ACTIVE_CREDENTIAL_KEY = "op_active_credential"
SESSION_ID_KEY = "op_session_id"
REDIRECT_KEY = "op_redirect"
SIGN_IN_ROUTE = "sesi-operator/masuk"
SIGN_OUT_ROUTE = "sesi-operator/keluar"


def current_operator() -> OperatorIdentity | None:
    """The operator signed in on this browser session, if any (no database access)."""
    identity = st.session_state.get(OPERATOR_KEY)
    return identity if isinstance(identity, OperatorIdentity) else None


def role_label(role: Role) -> str:
    return t(f"op.role.{Role(role).value}")


def require_operator(*roles: Role) -> OperatorIdentity:
    """The signed-in operator, or the sign-in form and nothing else (st.stop()).

    With `roles`, an operator of another role sees a refusal instead of the page.
    """
    # Checked again here, not only by app.py: a page can be run without the entrypoint
    # (AppTest runs page files directly after the first run).
    identity = check_session() or _oidc_session()
    if identity is None:
        login_view()
        st.stop()
    account_sidebar(identity)
    if roles and identity.role not in roles:
        st.error(t("op.auth.not_permitted"), icon="🚫")
        st.stop()
    return identity


def check_session() -> OperatorIdentity | None:
    """Who is signed in, asked of the database on every run (app.py calls this first)."""
    if st.session_state.get(VIA_OIDC_KEY):
        identity = current_operator()
        return _still_active(identity) if identity is not None else None
    settings = get_settings()
    candidates = (st.session_state.get(CREDENTIAL_KEY), _session_cookie())
    for credential in dict.fromkeys(c for c in candidates if isinstance(c, str) and c):
        with read_session() as session:
            active = current_session(session, credential=credential, settings=settings)
        if active is None:
            continue
        if active.needs_touch:
            with write_session() as session:
                touch_session(session, session_id=active.session_id)
        st.session_state[OPERATOR_KEY] = active.identity
        st.session_state[SESSION_ID_KEY] = active.session_id
        st.session_state[ACTIVE_CREDENTIAL_KEY] = credential
        return active.identity
    if current_operator() is not None:
        # Signed out elsewhere, expired, or the account changed: start over, and say why.
        _forget_session()
        st.session_state[NOTICE_KEY] = "op.auth.session_ended"
    return None


def _session_cookie() -> str | None:
    """The session cookie the browser sent when this page was loaded (the websocket's
    opening request). Anything but a string (no cookie, a test harness) counts as none."""
    value = st.context.cookies.get(COOKIE_NAME)
    return value if isinstance(value, str) else None


def _still_active(identity: OperatorIdentity) -> OperatorIdentity | None:
    """An OIDC sign-in's account as it is now, or None (and the session ends) once it
    was deactivated or its role or OPD changed since this session signed in."""
    with read_session() as session:
        fresh = operator_identity(
            session, operator_id=identity.id, session_epoch=identity.session_epoch
        )
    if fresh is None:
        _forget_session()
        st.session_state[NOTICE_KEY] = "op.auth.session_ended"
        return None
    st.session_state[OPERATOR_KEY] = fresh
    return fresh


def sign_in(identity: OperatorIdentity, *, via_oidc: bool = False) -> None:
    st.session_state[OPERATOR_KEY] = identity
    st.session_state[VIA_OIDC_KEY] = via_oidc
    st.session_state.pop(NOTICE_KEY, None)


def keep_session_after_password_change(session, *, identity: OperatorIdentity) -> None:
    """In the transaction that changed the password: this browser stays signed in
    (every other session of the account has ended)."""
    session_id = st.session_state.get(SESSION_ID_KEY)
    if session_id is not None:
        keep_after_account_change(session, session_id=session_id, identity=identity)
    sign_in(identity, via_oidc=bool(st.session_state.get(VIA_OIDC_KEY)))


def sign_out() -> None:
    """End the session everywhere, forget this browser session's state, clear the cookie."""
    via_oidc = bool(st.session_state.get(VIA_OIDC_KEY))
    credential = st.session_state.get(ACTIVE_CREDENTIAL_KEY)
    if credential:
        with write_session() as session:
            end_session(session, credential=credential, settings=get_settings())
    _forget_session()
    if via_oidc:
        st.logout()  # also drops the provider's identity cookie; starts a new session
    st.session_state[REDIRECT_KEY] = _route_url(SIGN_OUT_ROUTE)
    st.rerun()


def _forget_session() -> None:
    # Everything goes, not only the identity: typed notes, selections and
    # uploads of the operator pages must not outlive the session.
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def _current_page() -> str:
    """The url_path of the page being run (the last segment of the browser's URL)."""
    return urlsplit(st.context.url or "").path.rstrip("/").rpartition("/")[2]


def _route_url(route: str, **params: str) -> str:
    """A URL of an app route, relative to the current page (keeps a base URL path)."""
    if current_lang() == "en":
        params["lang"] = "en"
    query = f"?{urlencode(params)}" if params else ""
    return f"{route}{query}"


def follow_pending_redirect() -> None:
    """Send the browser to the route a sign-in or sign-out asked for (once).

    A script in the page (st.html runs it in the app's own document, not a frame)
    replaces the location; the link beside it is for a browser that blocked it.
    """
    target = st.session_state.pop(REDIRECT_KEY, None)
    if not target:
        return
    st.html(
        f"<script>window.location.replace({json.dumps(target)});</script>"
        f'<a href="{html.escape(target)}">{html.escape(t("op.auth.continue"))}</a>',
        unsafe_allow_javascript=True,
    )


# --- the sign-in form ---------------------------------------------------------------


def login_view() -> None:
    """The sign-in page content: a title, the form, and SSO when configured."""
    st.title(t("op.login.title"))
    st.caption(t("op.login.intro"))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(t(notice))
    if oidc_configured():
        _oidc_button()
        st.caption(t("op.login.oidc_or"))
    with st.form(LOGIN_FORM, clear_on_submit=False):
        st.text_input(
            t("op.login.username"),
            key=USERNAME,
            max_chars=USERNAME_INPUT_MAX,
            autocomplete="username",
        )
        st.text_input(
            t("op.login.password"),
            key=PASSWORD,
            type="password",
            max_chars=PASSWORD_INPUT_MAX,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("op.login.submit"), type="primary")
    if submitted:
        _attempt_login()


def _attempt_login() -> None:
    username = (st.session_state.get(USERNAME) or "").strip()
    password = st.session_state.get(PASSWORD) or ""
    if not username or not password:
        st.error(t("op.login.missing"))
        return
    settings = get_settings()
    try:
        with write_session() as session:
            result = authenticate(
                session,
                username=username,
                password=password,
                settings=settings,
                client_address=current_client_address(),
            )
            started = (
                start_session(session, operator=result.operator, settings=settings)
                if result.ok
                else None
            )
    except ServerBusy:
        st.error(t("op.login.busy"), icon="⏳")
        return
    if started is not None:
        sign_in(result.operator)
        # This tab is signed in at once; the cookie follows for reloads and new tabs.
        st.session_state[CREDENTIAL_KEY] = started.credential
        back = {"ke": _current_page()}
        ticket = st.query_params.get(TICKET_PARAM)
        if ticket:
            back["tiket"] = ticket  # the route keeps it only if it looks like a ticket
        st.session_state[REDIRECT_KEY] = _route_url(SIGN_IN_ROUTE, kode=started.code, **back)
        st.rerun()  # the navigation now lists the operator pages
    if result.reason == "throttled":
        st.error(t("op.login.throttled", seconds=result.wait_seconds), icon="⏳")
    elif result.wait_seconds:
        st.error(t("op.login.invalid_wait", seconds=result.wait_seconds))
    else:
        st.error(t("op.login.invalid"))


# --- optional OIDC (st.login) ----------------------------------------------------------


def oidc_configured() -> bool:
    """True when the city configured an identity provider in secrets.toml."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:  # no secrets file at all: raised, not answered False
        return False


def _oidc_button() -> None:
    if st.button(t("op.login.oidc"), key="op_login_oidc"):
        try:
            st.login()
        except StreamlitAuthError:  # e.g. Authlib missing: say so rather than show a trace
            logger.exception("OIDC sign-in could not start")
            st.error(t("op.login.oidc_unavailable"))


def _oidc_session() -> OperatorIdentity | None:
    """Map a provider-signed-in user to an operator account, once per session."""
    if not oidc_configured() or not st.user.get("is_logged_in"):
        return None
    subject, email = st.user.get("sub"), st.user.get("email")
    verified = st.user.get("email_verified") in (True, "true", "True")
    with write_session() as session:
        identity = login_with_oidc(session, subject=subject, email=email, email_verified=verified)
    if identity is None:
        st.title(t("op.login.title"))
        st.error(t("op.login.oidc_unknown", who=inert(email or subject or "?")))
        if st.button(t("op.login.oidc_leave"), key="op_oidc_leave"):
            st.logout()
        st.stop()
    sign_in(identity, via_oidc=True)
    return identity


# --- who is signed in -----------------------------------------------------------------


def account_sidebar(identity: OperatorIdentity) -> None:
    """Who is signed in, and the sign-out button, on every operator page."""
    name = inert(identity.display_name)
    st.sidebar.caption(t("op.account.signed_in_as", name=name, role=role_label(identity.role)))
    if identity.opd_name:
        st.sidebar.caption(t("op.account.opd", opd=inert(identity.opd_name)))
    if st.sidebar.button(t("op.account.logout"), key="op_logout"):
        sign_out()
