"""The public pages, in menu order. URLs stay fixed whatever the language."""

import streamlit as st

from ui.i18n import t


def public_pages() -> list:
    return [
        st.Page("pages/beranda.py", title=t("nav.beranda"), icon="📊", url_path="beranda", default=True),
        st.Page("pages/peta.py", title=t("nav.peta"), icon="🗺️", url_path="peta"),
        st.Page("pages/galeri.py", title=t("nav.galeri"), icon="🖼️", url_path="galeri"),
        st.Page("pages/lacak.py", title=t("nav.lacak"), icon="🔎", url_path="lacak"),
        st.Page("pages/kinerja.py", title=t("nav.kinerja"), icon="🏛️", url_path="kinerja"),
        st.Page("pages/data_terbuka.py", title=t("nav.data_terbuka"), icon="⬇️", url_path="data-terbuka"),
        st.Page("pages/kirim.py", title=t("nav.kirim"), icon="✍️", url_path="kirim"),
    ]
