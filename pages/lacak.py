"""Placeholder page, replaced by its issue."""

import streamlit as st

st.title("Lacak tiket")
