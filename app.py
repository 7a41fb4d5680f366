"""Pantau Lapor: page config, navigation, language switch, demo banner; nothing else."""

import streamlit as st

from ui.i18n import language_switch, t
from ui.navigation import public_pages, sidebar_menu
from ui.operator_nav import operator_pages
from ui.shell import branding, demo_banner

st.set_page_config(page_title="Pantau Lapor", page_icon="📢", layout="wide")

sections = {t("nav.public"): public_pages(), t("nav.operator"): operator_pages()}
# Streamlit's menu would drop ?lang= on every page change: ours keeps it.
navigation = st.navigation(sections, position="hidden")
sidebar_menu(sections)
language_switch()
branding()
demo_banner()
navigation.run()
