"""The public pages, in menu order, and the sidebar menu that keeps the language.

URLs stay fixed whatever the language. Streamlit's own menu drops the query
string when a visitor changes page, which would switch an English reader back
to Bahasa Indonesia; so the built-in menu is hidden and this one links every
page with `?lang=` carried along.

`PUBLIC_PAGES` is the one registry of public pages: the app, the privacy
audit, the hostile-link test and the browser suite all read it, so a new page
is covered everywhere by being added here.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_layer.filters import PARAMS as FILTER_PARAMS
from ui.i18n import DEFAULT_LANG, LANG_PARAM, current_lang, t


@dataclass(frozen=True)
class PublicPage:
    path: str  # the script, relative to the repository root
    title_key: str
    icon: str
    url_path: str
    # URL parameters the page reads besides ?lang= and the report filters (FILTER_PARAMS).
    params: tuple[str, ...] = ()
    # False: reached by links only (one OPD's page from every OPD name), not the menu.
    in_menu: bool = True

    @property
    def name(self) -> str:
        return self.url_path


PUBLIC_PAGES: tuple[PublicPage, ...] = (
    PublicPage("pages/beranda.py", "nav.beranda", "📊", "beranda"),
    PublicPage("pages/peta.py", "nav.peta", "🗺️", "peta", ("pilih", "metrik", "lapisan")),
    PublicPage("pages/galeri.py", "nav.galeri", "🖼️", "galeri", ("halaman",)),
    PublicPage("pages/lacak.py", "nav.lacak", "🔎", "lacak", ("tiket",)),
    PublicPage("pages/kinerja.py", "nav.kinerja", "🏛️", "kinerja", ("periode", "pilih")),
    # One OPD's page, `/kinerja_opd?opd=<code>`.
    PublicPage("pages/kinerja_opd.py", "opd.nav", "🏛️", "kinerja_opd", ("opd",), in_menu=False),
    PublicPage("pages/data_terbuka.py", "nav.data_terbuka", "⬇️", "data_terbuka"),
    PublicPage("pages/kirim.py", "nav.kirim", "✍️", "kirim"),
)
HOME = PUBLIC_PAGES[0]


def public_url_params() -> tuple[str, ...]:
    """Every URL parameter any public page reads, once each, in a stable order."""
    names = [LANG_PARAM, *(p for group in FILTER_PARAMS.values() for p in group)]
    names += [p for page in PUBLIC_PAGES for p in page.params]
    return tuple(dict.fromkeys(names))


# Streamlit serves the default page at "/" only: its own url_path is reserved but
# answers "The page that you have requested does not seem to exist". So the home page
# is registered twice: the default (first, so links by script path reach "/") under
# this never-linked name, and a hidden twin at its real url_path for deep links.
_HOME_RESERVED_PATH = "_home"


def public_pages() -> list:
    pages = []
    for page in PUBLIC_PAGES:
        title, url_path = t(page.title_key), page.url_path
        if page is HOME:
            home = {"title": title, "icon": page.icon}
            pages.append(st.Page(page.path, **home, url_path=_HOME_RESERVED_PATH, default=True))
            pages.append(st.Page(page.path, **home, url_path=url_path, visibility="hidden"))
        else:
            visibility = "visible" if page.in_menu else "hidden"
            pages.append(
                st.Page(
                    page.path, title=title, icon=page.icon, url_path=url_path, visibility=visibility
                )
            )
    return pages


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
