"""Pantau Lapor: page config, navigation, language switch, demo banner; nothing else."""

import streamlit as st

from ui.i18n import language_switch, t
from ui.navigation import public_pages
from ui.operator_nav import operator_pages
from ui.shell import branding, demo_banner

st.set_page_config(page_title="Pantau Lapor", page_icon="📢", layout="wide")

language_switch()
navigation = st.navigation(
    {t("nav.public"): public_pages(), t("nav.operator"): operator_pages()}
)
branding()
demo_banner()
navigation.run()
