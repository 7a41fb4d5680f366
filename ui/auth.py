"""Operator sign-in state: who is signed in lives in `st.session_state`, per browser session.

Every operator page starts with `require_operator()`: for a visitor it draws
the sign-in form and stops the page there, so nothing else of the page (no
report, no action) ever runs. For a signed-in operator it re-reads the account
on each run, so a deactivated or changed account (password, role, OPD: its
`session_epoch` moved on) loses its session at the next click.

Passwords always work. If the city configures an OIDC provider (an `[auth]`
section in `.streamlit/secrets.toml`), a "sign in with city account" button is
offered too, and the provider's user is mapped to an operator by
`Operator.oidc_subject` (the provider's subject, or the email address).
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.errors import StreamlitAuthError, StreamlitSecretNotFoundError

from data_layer.config import get_settings
from data_layer.cpu_guards import ServerBusy
from data_layer.db import make_session_factory
from data_layer.limits import PASSWORD_INPUT_MAX, USERNAME_INPUT_MAX
from data_layer.operators import (
    OperatorIdentity,
    authenticate,
    login_with_oidc,
    operator_identity,
)
from data_layer.states import Role
from ui.cache import engine, read_session
from ui.client import current_client_address
from ui.i18n import t
from ui.operator import inert

logger = logging.getLogger(__name__)

OPERATOR_KEY = "op_identity"
VIA_OIDC_KEY = "op_via_oidc"
NOTICE_KEY = "op_auth_notice"
LOGIN_FORM = "op_login_form"
USERNAME = "op_login_username"
PASSWORD = "op_login_password"  # noqa: S105 (a widget key, not a secret)


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
    identity = current_operator() or _oidc_session()
    if identity is not None:
        identity = _still_active(identity)
    if identity is None:
        login_view()
        st.stop()
    account_sidebar(identity)
    if roles and identity.role not in roles:
        st.error(t("op.auth.not_permitted"), icon="🚫")
        st.stop()
    return identity


def _still_active(identity: OperatorIdentity) -> OperatorIdentity | None:
    """The account as it is now, or None (and the session ends) once it was
    deactivated or its password, role or OPD changed since this session signed in."""
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


def sign_out() -> None:
    """End the session: forget everything this browser session held, then start over."""
    via_oidc = bool(st.session_state.get(VIA_OIDC_KEY))
    _forget_session()
    if via_oidc:
        st.logout()  # also drops the provider's identity cookie; starts a new session
    st.rerun()


def _forget_session() -> None:
    # Everything goes, not only the identity: typed notes, selections and
    # uploads of the operator pages must not outlive the session.
    for key in list(st.session_state.keys()):
        del st.session_state[key]


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
    try:
        with make_session_factory(engine(), write=True).begin() as session:
            result = authenticate(
                session,
                username=username,
                password=password,
                settings=get_settings(),
                client_address=current_client_address(),
            )
    except ServerBusy:
        st.error(t("op.login.busy"), icon="⏳")
        return
    if result.ok:
        sign_in(result.operator)
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
    with make_session_factory(engine(), write=True).begin() as session:
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
