"""Sebelum & sesudah: resolved reports with the reporter's photo and the OPD's proof photo.

Filters and the page number live in the URL (`halaman`), so a link reopens the
same page of the same selection. Thumbnails load; a tap opens the full photo.
"""

from urllib.parse import urlencode

import streamlit as st

from data_layer.queries import gallery
from ui.cache import LIVE_TTL_SECONDS, cached_query
from ui.filters import filter_bar
from ui.formatting import number
from ui.i18n import current_lang, t
from ui.widgets import before_after_card, inert

PAGE_SIZE = 8
CARDS_PER_ROW = 2
PAGE_PARAM = "halaman"

gallery_total = cached_query(gallery.gallery_total, ttl=LIVE_TTL_SECONDS)
before_after_pairs = cached_query(gallery.before_after_pairs, ttl=LIVE_TTL_SECONDS)


def main() -> None:
    lang = current_lang()
    st.title(t("gallery.title"))
    st.caption(t("gallery.intro"))
    report_filter = filter_bar()
    total = gallery_total(report_filter=report_filter)
    if total == 0:
        st.info(t("gallery.empty"))
        return
    pages = max(1, -(-total // PAGE_SIZE))
    page = st.pagination(pages, key=PAGE_PARAM, bind="query-params")
    result = before_after_pairs(report_filter=report_filter, page=page, page_size=PAGE_SIZE)
    st.caption(
        t(
            "gallery.count",
            total=number(result.total, lang),
            page=number(result.page, lang),
            pages=number(result.pages, lang),
        )
    )
    for start in range(0, len(result.items), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, pair in zip(columns, result.items[start : start + CARDS_PER_ROW], strict=False):
            with column:
                before_after_card(pair, lang)
    pager_links(page, pages)


def pager_links(page: int, pages: int) -> None:
    """Previous / next under the cards, so a phone reader need not scroll back up.

    Plain relative links to the same page with another page number (filters and
    language kept); not `st.page_link`, so the page also runs on its own (AppTest).
    """
    here = {key: st.query_params[key] for key in st.query_params}
    links = []
    if page > 1:
        links.append((t("gallery.previous"), page - 1))
    if page < pages:
        links.append((t("gallery.next"), page + 1))
    for column, (label, target) in zip(st.columns(2), links, strict=False):
        query = urlencode({**here, PAGE_PARAM: str(target)})
        column.markdown(f"[{inert(label)}](galeri?{query})")


main()
