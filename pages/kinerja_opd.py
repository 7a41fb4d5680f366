"""One OPD's page (`/kinerja_opd?opd=<code>`): reached from every OPD name on Kinerja OPD."""

import streamlit as st

from ui.cache import cached_reference_lists
from ui.filters import filter_bar
from ui.i18n import current_lang, t
from ui.opd_profile_view import back_link, chosen_opd, draw_opd_profile
from ui.page_style import wrap_metric_labels
from ui.shell import guarded, public_data_note, tab_title

with guarded():
    wrap_metric_labels()
    back_link()
    opd = chosen_opd(cached_reference_lists())
    if opd is None:
        st.title(t("opd.nav"))
        st.info(t("opd.unknown"))
    else:
        name = opd.name(current_lang())
        st.set_page_config(page_title=tab_title(f"{opd.short_name or name} – {t('nav.kinerja')}"))
        st.title(f"{opd.short_name} – {name}" if opd.short_name else name)
        # `?opd=` names the page's OPD (the filter's own OPD code), so no OPD field here.
        draw_opd_profile(opd, filter_bar(fields=("period", "kind", "category", "channel")))
public_data_note()
