"""Pantau Lapor: placeholder until the pages land."""

import streamlit as st

st.set_page_config(page_title="Pantau Lapor", page_icon="📢", layout="wide")
st.title("Pantau Lapor")
