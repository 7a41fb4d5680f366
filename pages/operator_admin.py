"""Administration (admin role only): operator accounts, categories' default OPD, active OPDs."""

import pandas as pd
import streamlit as st

from data_layer.limits import EMAIL_MAX, NAME_MAX, PASSWORD_INPUT_MAX, USERNAME_INPUT_MAX
from data_layer.operators import (
    OperatorError,
    create_operator,
    reset_password,
    save_opd,
    set_category_routing,
    set_opd_active,
    set_operator_active,
    set_operator_role,
)
from data_layer.queries.operator_admin import category_routing, opd_choices, operator_accounts
from data_layer.states import Role
from ui.auth import require_operator, role_label
from ui.cache import read_session
from ui.formatting import local_datetime
from ui.i18n import current_lang, t
from ui.operator import flash, show_flash, write_session

KECAMATAN_OFFICE = "kecamatan"

identity = require_operator(Role.ADMIN)
lang = current_lang()
st.title(t("op.admin.title"))
show_flash()


def refused(error: OperatorError) -> None:
    try:
        st.error(t(f"op.account_error.{error.code}"))
    except KeyError:
        st.error(t("op.error.domain_error"))


def saved(message: str) -> None:
    flash(message)
    st.rerun()


with read_session() as session:
    accounts = operator_accounts(session, viewer=identity)
    all_opds = opd_choices(session, include_inactive=True)
    routing = category_routing(session)
opd_names = {opd.id: f"{opd.short_name} · {opd.name(lang)}" for opd in all_opds}

operators_tab, categories_tab, opds_tab = st.tabs(
    [t("op.admin.operators"), t("op.admin.categories"), t("op.admin.opds")]
)

with operators_tab:
    st.dataframe(
        pd.DataFrame(
            {
                t("op.admin.username"): [a.username for a in accounts],
                t("op.admin.display_name"): [a.display_name for a in accounts],
                t("op.admin.role"): [role_label(a.role) for a in accounts],
                t("op.col.opd"): [a.opd_name or "" for a in accounts],
                t("op.admin.active"): [a.active for a in accounts],
                t("op.admin.login_method"): [
                    ", ".join(
                        [t("op.admin.method.password")] * a.uses_password
                        + [t("op.admin.method.sso")] * bool(a.oidc_subject)
                    )
                    for a in accounts
                ],
                t("op.admin.failed_logins"): [a.failed_logins for a in accounts],
                t("op.admin.last_failed_login"): [
                    local_datetime(a.last_failed_login_at, lang) for a in accounts
                ],
                t("op.admin.last_login"): [local_datetime(a.last_login_at, lang) for a in accounts],
            }
        ),
        hide_index=True,
        width="stretch",
    )

    st.subheader(t("op.admin.new_operator"))
    with st.form("op_admin_new_operator"):
        username = st.text_input(
            t("op.admin.username"), key="op_admin_username", max_chars=USERNAME_INPUT_MAX
        )
        display_name = st.text_input(
            t("op.admin.display_name"), key="op_admin_display_name", max_chars=NAME_MAX
        )
        role = st.selectbox(
            t("op.admin.role"), list(Role), format_func=role_label, key="op_admin_role"
        )
        opd = st.selectbox(
            t("op.admin.opd"),
            [None, *opd_names],
            format_func=lambda o: t("op.admin.no_opd") if o is None else opd_names[o],
            key="op_admin_opd",
        )
        password = st.text_input(
            t("op.admin.password"),
            type="password",
            key="op_admin_password",
            max_chars=PASSWORD_INPUT_MAX,
        )
        oidc_subject = st.text_input(
            t("op.admin.oidc_subject"), key="op_admin_oidc", max_chars=EMAIL_MAX
        )
        if st.form_submit_button(t("op.admin.create"), type="primary"):
            opd_code = next((o.code for o in all_opds if o.id == opd), None)
            try:
                with write_session() as session:
                    created = create_operator(
                        session,
                        username=username,
                        password=password or None,
                        role=role,
                        display_name=display_name,
                        opd_code=opd_code if role is Role.OPD else None,
                        oidc_subject=oidc_subject or None,
                        by=identity,
                    )
            except OperatorError as error:
                refused(error)
            else:
                saved(t("op.admin.created", username=created.username))

    if accounts:
        st.subheader(t("op.admin.manage_operator"))
        by_id = {a.id: a for a in accounts}
        chosen = st.selectbox(
            t("op.admin.username"),
            list(by_id),
            format_func=lambda i: f"{by_id[i].username} · {role_label(by_id[i].role)}",
            key="op_admin_manage",
        )
        account = by_id[chosen]
        left, right = st.columns(2)
        with left:
            toggle = "op.admin.deactivate" if account.active else "op.admin.reactivate"
            if st.button(t(toggle), key="op_admin_toggle"):
                try:
                    with write_session() as session:
                        set_operator_active(
                            session, operator_id=account.id, active=not account.active, by=identity
                        )
                except OperatorError as error:
                    refused(error)
                else:
                    saved(t("op.admin.saved"))
        with right, st.form("op_admin_reset"):
            new_password = st.text_input(
                t("op.admin.new_password"), type="password", max_chars=PASSWORD_INPUT_MAX
            )
            if st.form_submit_button(t("op.admin.reset_password")):
                try:
                    with write_session() as session:
                        reset_password(
                            session, operator_id=account.id, new_password=new_password, by=identity
                        )
                except OperatorError as error:
                    refused(error)
                else:
                    saved(t("op.admin.saved"))
        # A new role or OPD ends the account's sessions (they carried the old one).
        with st.form("op_admin_role"):
            roles = list(Role)
            new_role = st.selectbox(
                t("op.admin.role"),
                roles,
                index=roles.index(account.role),
                format_func=role_label,
                key=f"op_admin_new_role_{account.id}",
            )
            new_opd = st.selectbox(
                t("op.admin.opd"),
                [None, *opd_names],
                format_func=lambda o: t("op.admin.no_opd") if o is None else opd_names[o],
                key=f"op_admin_new_opd_{account.id}",
            )
            if st.form_submit_button(t("op.admin.change_role")):
                opd_code = next((o.code for o in all_opds if o.id == new_opd), None)
                try:
                    with write_session() as session:
                        set_operator_role(
                            session,
                            operator_id=account.id,
                            role=new_role,
                            opd_code=opd_code if new_role is Role.OPD else None,
                            by=identity,
                        )
                except OperatorError as error:
                    refused(error)
                else:
                    saved(t("op.admin.saved"))

with categories_tab:
    st.dataframe(
        pd.DataFrame(
            {
                t("op.admin.category"): [c.name(lang) for c in routing],
                t("op.admin.default_opd"): [
                    t("op.admin.kecamatan_office")
                    if c.routes_to_kecamatan
                    else (c.default_opd_name or "–")
                    for c in routing
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    categories = {c.id: c for c in routing}
    with st.form("op_admin_routing"):
        category_id = st.selectbox(
            t("op.admin.category"),
            list(categories),
            format_func=lambda c: categories[c].name(lang),
            key="op_admin_category",
        )
        target = st.selectbox(
            t("op.admin.default_opd"),
            [KECAMATAN_OFFICE, *opd_names],
            format_func=lambda o: (
                t("op.admin.kecamatan_office") if o == KECAMATAN_OFFICE else opd_names[o]
            ),
            key="op_admin_category_opd",
        )
        if st.form_submit_button(t("op.admin.save_routing")):
            try:
                with write_session() as session:
                    set_category_routing(
                        session,
                        category_id=category_id,
                        default_opd_id=None if target == KECAMATAN_OFFICE else target,
                        routes_to_kecamatan=target == KECAMATAN_OFFICE,
                        by=identity,
                    )
            except OperatorError as error:
                refused(error)
            else:
                saved(t("op.admin.saved"))

with opds_tab:
    st.caption(t("op.admin.opd_active_help"))
    with st.form("op_admin_opds"):
        active = st.multiselect(
            t("op.admin.opds"),
            list(opd_names),
            default=[opd.id for opd in all_opds if opd.active],
            format_func=opd_names.__getitem__,
            key="op_admin_active_opds",
        )
        if st.form_submit_button(t("op.admin.save_opds")):
            wanted = set(active)
            try:
                with write_session() as session:
                    for opd in all_opds:
                        if (opd.id in wanted) != opd.active:
                            set_opd_active(
                                session, opd_id=opd.id, active=opd.id in wanted, by=identity
                            )
            except OperatorError as error:
                refused(error)
            else:
                saved(t("op.admin.saved"))

    # A city starts from the default OPD template: here its admin renames or adds OPDs.
    st.subheader(t("op.admin.edit_opd"))
    st.caption(t("op.admin.edit_opd_help"))
    NEW_OPD = "__new__"
    by_code = {opd.code: opd for opd in all_opds}
    chosen = st.selectbox(
        t("op.admin.opd_to_edit"),
        [NEW_OPD, *by_code],
        format_func=lambda code: (
            t("op.admin.new_opd") if code == NEW_OPD else by_code[code].short_name
        ),
        key="op_admin_opd_to_edit",
    )
    current = by_code.get(chosen)
    with st.form(f"op_admin_opd_edit_{chosen}"):
        code = (
            st.text_input(t("op.admin.opd_code"), key="op_admin_opd_code")
            if current is None
            else current.code
        )
        short_name = st.text_input(
            t("op.admin.opd_short_name"),
            value=current.short_name if current else "",
            max_chars=40,
            key=f"op_admin_opd_short_{chosen}",
        )
        name_id = st.text_input(
            t("op.admin.opd_name_id"),
            value=current.name_id if current else "",
            max_chars=160,
            key=f"op_admin_opd_name_id_{chosen}",
        )
        name_en = st.text_input(
            t("op.admin.opd_name_en"),
            value=current.name_en if current else "",
            max_chars=160,
            key=f"op_admin_opd_name_en_{chosen}",
        )
        if st.form_submit_button(t("op.admin.save_opd")):
            try:
                with write_session() as session:
                    save_opd(
                        session,
                        code=code,
                        short_name=short_name,
                        name_id=name_id,
                        name_en=name_en,
                        by=identity,
                    )
            except OperatorError as error:
                refused(error)
            else:
                saved(t("op.admin.saved"))
