"""Operator sign-in; once signed in, the operator's account: who, password, sign out."""

import streamlit as st

from data_layer.limits import PASSWORD_INPUT_MAX
from data_layer.operators import OperatorError, change_password
from ui.auth import keep_session_after_password_change, require_operator, role_label, sign_out
from ui.i18n import t
from ui.operator import inert, write_session

identity = require_operator()  # a visitor gets the sign-in form here, and nothing else

st.title(t("op.nav.account"))
st.markdown(
    t("op.account.signed_in_as", name=inert(identity.display_name), role=role_label(identity.role))
)
if identity.opd_name:
    st.caption(t("op.account.opd", opd=inert(identity.opd_name)))
st.page_link("pages/operator_antrian.py", label=t("op.account.go_queue"), icon="📥")

with st.expander(t("op.account.change_password")), st.form("op_change_password"):
    current = st.text_input(
        t("op.account.current_password"), type="password", max_chars=PASSWORD_INPUT_MAX
    )
    new = st.text_input(t("op.account.new_password"), type="password", max_chars=PASSWORD_INPUT_MAX)
    repeat = st.text_input(
        t("op.account.repeat_password"), type="password", max_chars=PASSWORD_INPUT_MAX
    )
    if st.form_submit_button(t("op.account.save_password")):
        if new != repeat:
            st.error(t("op.account.passwords_differ"))
        else:
            try:
                with write_session() as session:
                    renewed = change_password(
                        session,
                        operator_id=identity.id,
                        current_password=current,
                        new_password=new,
                    )
                    # Every other session of this account has ended; this one carries on.
                    keep_session_after_password_change(session, identity=renewed)
                st.success(t("op.account.password_changed"))
            except OperatorError as refused:
                st.error(t(f"op.account_error.{refused.code}"))

if st.button(t("op.account.logout"), key="op_logout_main", type="primary"):
    sign_out()
