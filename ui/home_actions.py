"""Beranda's two ways in for citizens, above the figures, and the phone header.

"Laporkan masalah" links to Kirim; "Lacak laporan" is a ticket box on Beranda
itself: a plain GET form, so it works with one tap and no round trip through
the app (the tracking page reads and normalises whatever was typed).
Markup and script are our own fixed text; only catalogue strings go in, and
they are escaped.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from data_layer.limits import TICKET_INPUT_MAX
from ui.i18n import LANG_PARAM, current_lang, t

CTA_KEY = "beranda-cta"


def _lang_suffix() -> str:
    return "?lang=en" if current_lang() == "en" else ""


def citizen_actions() -> None:
    report_column, track_column = st.columns(2, gap="medium")
    with report_column, st.container(border=True, key=f"{CTA_KEY}-report"):
        st.markdown(f"**{t('home.report.title')}**")
        st.caption(t("home.report.help"))
        st.markdown(f"[{t('home.report.button')}](kirim{_lang_suffix()})")
    with track_column, st.container(border=True, key=f"{CTA_KEY}-track"):
        st.markdown(f"**{t('home.track.title')}**")
        lang_field = (
            f'<input type="hidden" name="{LANG_PARAM}" value="en">'
            if current_lang() == "en"
            else ""
        )
        st.html(
            '<form class="pantau-track" action="lacak" method="get">'
            f'<label for="pantau-track-code">{html.escape(t("home.track.label"))}</label>'
            '<div class="pantau-track-row">'
            f'<input id="pantau-track-code" name="tiket" type="text" required '
            f'maxlength="{TICKET_INPUT_MAX}" autocomplete="off" autocapitalize="characters" '
            'spellcheck="false" placeholder="7QM2R-T9KXH">'
            f"{lang_field}"
            f'<button type="submit">{html.escape(t("home.track.button"))}</button></div></form>'
        )
    st.html(_CTA_STYLE)


# The report link drawn as the page's primary button; the ticket box as a field and
# a button of the same size (white on #c62828 is 5.6:1 (WCAG AA), 44 px touch targets).
_CTA_STYLE = f"""<style>
.st-key-{CTA_KEY}-report a {{
  display:inline-block; background:#c62828; color:#fff !important; text-decoration:none;
  padding:0.6rem 1.1rem; border-radius:0.5rem; font-weight:600; min-height:44px;
}}
.st-key-{CTA_KEY}-report a:focus-visible, .pantau-track button:focus-visible,
.pantau-track input:focus-visible {{ outline:3px solid #1c6dd0; outline-offset:2px; }}
.pantau-track label {{ display:block; font-size:0.9rem; margin-bottom:0.25rem; }}
.pantau-track-row {{ display:flex; gap:0.5rem; flex-wrap:wrap; }}
.pantau-track input {{
  flex:1 1 10rem; min-height:44px; padding:0 0.75rem; font:inherit; font-size:1rem;
  border:1px solid rgba(49,51,63,0.35); border-radius:0.5rem; text-transform:uppercase;
}}
.pantau-track button {{
  min-height:44px; padding:0 1.1rem; font:inherit; font-weight:600; cursor:pointer;
  border:1px solid rgba(49,51,63,0.35); border-radius:0.5rem; background:#fff;
}}
</style>"""


def phone_header() -> None:
    """On phones: the product name on top, and the menu button labelled "Menu".

    Streamlit hides the sidebar behind a bare icon on narrow screens; the script
    gives that button a visible word and an accessible name (and again whenever
    Streamlit redraws it).
    """
    st.html(
        f"""<div class="pantau-phone-brand">Pantau Lapor</div>
<style>
.pantau-phone-brand {{ display:none; }}
@media (max-width: 640px) {{
  .pantau-phone-brand {{ display:block; font-weight:700; font-size:1.25rem; }}
}}
[data-testid="stExpandSidebarButton"] .pantau-menu-word {{
  margin-left:0.25rem; font-weight:600; font-size:1rem;
}}
</style>
<script>
(() => {{
  const label = () => {{
    const button = document.querySelector('[data-testid="stExpandSidebarButton"]');
    if (!button || button.querySelector(".pantau-menu-word")) return;
    const word = document.createElement("span");
    word.className = "pantau-menu-word";
    word.textContent = {json.dumps(t("shell.menu"))};
    button.appendChild(word);
    button.setAttribute("aria-label", {json.dumps(t("shell.menu"))});
  }};
  label();
  if (!window.pantauMenuObserver) {{
    window.pantauMenuObserver = new MutationObserver(label);
    window.pantauMenuObserver.observe(document.body, {{ childList: true, subtree: true }});
  }}
}})();
</script>""",
        unsafe_allow_javascript=True,
    )
