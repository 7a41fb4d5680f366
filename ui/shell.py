"""Pieces of the app's frame shared by every page."""

import streamlit as st

from ui.i18n import t


def demo_banner() -> None:
    """Placeholder; the real one asks the database whether it holds demo data."""
    return None
