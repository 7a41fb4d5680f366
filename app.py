"""Pantau Lapor: page config, navigation, language switch, demo banner; nothing else."""

import streamlit as st

from ui.auth import check_session, follow_pending_redirect
from ui.document_locale import document_locale
from ui.home_actions import phone_header
from ui.i18n import language_switch, t
from ui.navigation import public_pages, sidebar_menu
from ui.operator_nav import operator_pages
from ui.shell import branding, demo_banner, tab_title

st.set_page_config(page_title="Pantau Lapor", page_icon="📢", layout="wide")

# Who is signed in is asked of the database on every run, before the menu is built:
# a sign-out or deactivation elsewhere shows here at the next click.
check_session()
sections = {t("nav.public"): public_pages(), t("nav.operator"): operator_pages()}
# Streamlit's menu would drop ?lang= on every page change: ours keeps it.
navigation = st.navigation(sections, position="hidden")
# Each page its own browser tab title (pages may name themselves more precisely).
st.set_page_config(page_title=tab_title(navigation.title))
sidebar_menu(sections)
language_switch()
document_locale()
branding()
phone_header()
demo_banner()
follow_pending_redirect()
navigation.run()
