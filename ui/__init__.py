"""What pages share: cached getters, strings, widgets, the map builder.

Importing this package also takes Streamlit out of its "pages folder" mode.
Streamlit decides per process, before any script runs, whether the app uses
the legacy `pages/` directory; until `app.py` has called `st.navigation` once,
a deep link (say a shared `/lacak?tiket=…` right after a restart) would run
the page file alone, without our menu, language switch or demo banner. Every
page imports `ui`, so the first such run flips the switch and reruns through
`app.py`; afterwards this is a no-op.
"""

from streamlit.runtime.pages_manager import PagesManager


def _leave_pages_folder_mode() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()


_leave_pages_folder_mode()
