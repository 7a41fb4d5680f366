"""Operator pages: only the login page for visitors; the rest once signed in."""

import streamlit as st

from ui.i18n import t


def operator_pages() -> list:
    return [st.Page("pages/operator_masuk.py", title=t("nav.operator_login"), icon="🔐", url_path="operator")]
