"""The public pages, in menu order, and the sidebar menu that keeps the language.

URLs stay fixed whatever the language. Streamlit's own menu drops the query
string when a visitor changes page, which would switch an English reader back
to Bahasa Indonesia; so the built-in menu is hidden and this one links every
page with `?lang=` carried along.
"""

import streamlit as st

from ui.i18n import DEFAULT_LANG, LANG_PARAM, current_lang, t


def public_pages() -> list:
    return [
        st.Page(
            "pages/beranda.py", title=t("nav.beranda"), icon="📊", url_path="beranda", default=True
        ),
        st.Page("pages/peta.py", title=t("nav.peta"), icon="🗺️", url_path="peta"),
        st.Page("pages/galeri.py", title=t("nav.galeri"), icon="🖼️", url_path="galeri"),
        st.Page("pages/lacak.py", title=t("nav.lacak"), icon="🔎", url_path="lacak"),
        st.Page("pages/kinerja.py", title=t("nav.kinerja"), icon="🏛️", url_path="kinerja"),
        st.Page(
            "pages/data_terbuka.py", title=t("nav.data_terbuka"), icon="⬇️", url_path="data_terbuka"
        ),
        st.Page("pages/kirim.py", title=t("nav.kirim"), icon="✍️", url_path="kirim"),
    ]


def lang_query_params() -> dict[str, str]:
    """Query parameters that keep the current language on a link (none for the default)."""
    lang = current_lang()
    return {} if lang == DEFAULT_LANG else {LANG_PARAM: lang}


def sidebar_menu(sections: dict[str, list]) -> None:
    """The menu: one heading per section, a link per visible page, language kept."""
    params = lang_query_params()
    for heading, pages in sections.items():
        visible = [page for page in pages if page.visibility == "visible"]
        if not visible:
            continue
        st.sidebar.caption(heading)
        for page in visible:
            st.sidebar.page_link(page, query_params=params or None)
