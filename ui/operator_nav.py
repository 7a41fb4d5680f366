"""Operator pages: only the sign-in page in the menu for visitors; the rest once signed in.

Every operator page is registered with `st.navigation` at all times, so that
opening its URL reaches the page's own guard (`ui.auth.require_operator`),
which shows the sign-in form and nothing else to a visitor. An unregistered
URL would silently fall back to the public home page instead. Pages a visitor
(or an operator of another role) may not use are registered hidden, so they
never appear in the menu.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import streamlit as st

from data_layer.states import Role
from ui.auth import current_operator
from ui.i18n import t

ALL_ROLES = frozenset(Role)
CITY_STAFF = frozenset({Role.ADMIN, Role.VERIFIKATOR})


@dataclass(frozen=True)
class OperatorPage:
    path: str
    title_key: str
    icon: str
    url_path: str
    roles: frozenset[Role]


OPERATOR_PAGES = (
    OperatorPage("pages/operator_antrian.py", "op.nav.queue", "📥", "operator_antrian", ALL_ROLES),
    OperatorPage("pages/operator_laporan.py", "op.nav.report", "🛠️", "operator_laporan", ALL_ROLES),
    OperatorPage("pages/operator_intake.py", "op.nav.intake", "☎️", "operator_intake", CITY_STAFF),
    OperatorPage(
        "pages/operator_admin.py", "op.nav.admin", "⚙️", "operator_admin", frozenset({Role.ADMIN})
    ),
)
LOGIN_PAGE = "pages/operator_masuk.py"
LOGIN_URL_PATH = "operator_masuk"


def menu_plan(role: Role | None) -> list[tuple[OperatorPage, bool]]:
    """Each operator page with whether it shows in the menu, for a visitor (None) or a role.

    A visitor's menu holds the sign-in page only; an operator's holds the pages
    of their role, with the account (sign-in) page last.
    """
    login = OperatorPage(LOGIN_PAGE, "nav.operator_login", "🔐", LOGIN_URL_PATH, ALL_ROLES)
    if role is None:
        return [(login, True), *((page, False) for page in OPERATOR_PAGES)]
    account = dataclasses.replace(login, title_key="op.nav.account")
    return [*((page, role in page.roles) for page in OPERATOR_PAGES), (account, True)]


def operator_pages() -> list:
    identity = current_operator()
    return [
        st.Page(
            page.path,
            title=t(page.title_key),
            icon=page.icon,
            url_path=page.url_path,
            visibility="visible" if visible else "hidden",
        )
        for page, visible in menu_plan(identity.role if identity is not None else None)
    ]
