"""The operator queue tables: a click on a row opens the report; pages, order and filters.

What a queue shows lives in the URL, so a reload, the back button or a link sent to a
colleague reopens the same view:

    ?urut=sisa_waktu&teks=lubang&kategori=jalan_rusak&kecamatan=<code>&kanal=whatsapp
     &hal_verify=2

The filter fields are the public filter bar's own (`ui.filters`: same parameters, same
parsing); the text, the order and each tab's page are this module's. The reading itself is
paged, sorted and filtered in SQL (`data_layer.queries.operator_queues`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from data_layer.limits import SEARCH_MAX
from data_layer.queries.operator_queues import Queue, QueueRow, QueueSort, QueueView
from data_layer.queries.public import ReportFilter
from data_layer.tickets import format_ticket_code
from ui.filters import filter_bar
from ui.formatting import local_datetime, number
from ui.i18n import current_lang, t
from ui.operator import channel_text, open_report, sla_text, status_text

SORT_PARAM = "urut"
TEXT_PARAM = "teks"
PAGE_PARAM_PREFIX = "hal_"
FILTER_FIELDS = ("kecamatan", "kelurahan", "category", "channel")
_SORT_KEY = "op_queue_sort"
_TEXT_KEY = "op_queue_text"


@dataclass(frozen=True)
class QueueControls:
    """What the operator narrowed every queue to (each tab keeps its own page)."""

    report_filter: ReportFilter
    text: str
    sort: QueueSort | None

    @property
    def narrowed(self) -> bool:
        return bool(self.text) or not self.report_filter.is_empty()

    def view(self, key: str) -> QueueView:
        return QueueView(
            report_filter=self.report_filter, text=self.text, sort=self.sort, page=_page(key)
        )


# --- URL --------------------------------------------------------------------------------


def _url_sort() -> QueueSort | None:
    try:
        return QueueSort(st.query_params.get(SORT_PARAM, ""))
    except ValueError:
        return None  # a typo or an old link: the queue's own order


def _url_text() -> str:
    return st.query_params.get(TEXT_PARAM, "")[:SEARCH_MAX].strip()


def _page(key: str) -> int:
    value = st.query_params.get(PAGE_PARAM_PREFIX + key, "")
    return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else 1


def _set_param(name: str, value: str | None) -> None:
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def _back_to_first_pages() -> None:
    # A new order or filter makes "page 3" a different set of reports: start again.
    for name in [name for name in st.query_params if name.startswith(PAGE_PARAM_PREFIX)]:
        del st.query_params[name]


def _on_sort() -> None:
    chosen = st.session_state.get(_SORT_KEY)
    _set_param(SORT_PARAM, chosen.value if chosen else None)
    _back_to_first_pages()


def _on_text() -> None:
    _set_param(TEXT_PARAM, (st.session_state.get(_TEXT_KEY) or "")[:SEARCH_MAX].strip())
    _back_to_first_pages()


def _turn_page(key: str, page: int) -> None:
    _set_param(PAGE_PARAM_PREFIX + key, str(page) if page > 1 else None)


# --- controls ---------------------------------------------------------------------------


def queue_controls() -> QueueControls:
    """The text box, the order and the filter bar above the queues; returns what they say."""
    # The URL wins over what the widgets remember (the back button, a pasted link).
    st.session_state[_SORT_KEY] = _url_sort()
    st.session_state[_TEXT_KEY] = _url_text()
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    text = left.text_input(
        t("op.queue.text"),
        help=t("op.queue.text_help"),
        max_chars=SEARCH_MAX,
        key=_TEXT_KEY,
        on_change=_on_text,
    )
    sort = right.selectbox(
        t("op.queue.sort"),
        [None, *QueueSort],
        format_func=lambda order: t(f"op.queue.sort.{order.value if order else 'queue'}"),
        placeholder=t("op.queue.sort.queue"),  # None shows the placeholder, not its label
        key=_SORT_KEY,
        on_change=_on_sort,
    )
    report_filter = filter_bar(FILTER_FIELDS, counted=False, on_change=_back_to_first_pages)
    return QueueControls(report_filter=report_filter, text=text.strip(), sort=sort)


# --- tables -----------------------------------------------------------------------------


def same_text_flag(row: QueueRow, lang: str) -> str:
    """A warning when other unverified reports carry the very same text."""
    if not row.same_text_reports:
        return ""
    return t("op.queue.same_text", lang, count=row.same_text_reports)


def queue_frame(queue: Queue, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            # Time left first: on a phone or a narrow window it is the column that decides.
            t("op.col.sla", lang): [sla_text(row.working_days_left, lang) for row in queue.rows],
            t("op.col.ticket", lang): [format_ticket_code(row.ticket) for row in queue.rows],
            t("op.col.title", lang): [row.title for row in queue.rows],
            t("op.col.category", lang): [row.category_name(lang) for row in queue.rows],
            t("op.col.kelurahan", lang): [row.kelurahan_name for row in queue.rows],
            t("op.col.status", lang): [status_text(row.status, lang) for row in queue.rows],
            t("op.col.opd", lang): [row.opd_name or "–" for row in queue.rows],
            t("op.col.channel", lang): [channel_text(row.channel, lang) for row in queue.rows],
            t("op.col.received", lang): [
                local_datetime(row.received_at, lang) for row in queue.rows
            ],
            t("op.col.same_text", lang): [same_text_flag(row, lang) for row in queue.rows],
        }
    )


def range_text(queue: Queue, lang: str) -> str:
    """ "51–100 dari 221": which reports of how many this page shows."""
    first = queue.offset + 1
    return t(
        "op.queue.range",
        lang,
        first=number(first, lang),
        last=number(queue.offset + len(queue.rows), lang),
        total=number(queue.total, lang),
    )


def queue_view(queue: Queue, *, key: str, narrowed: bool = False) -> None:
    """A queue page as a table: a click on a row opens that report."""
    lang = current_lang()
    if not queue.rows:
        st.info(t("op.queue.no_match" if narrowed else "op.queue.empty"))
        return
    st.caption(range_text(queue, lang) + " · " + t("op.queue.click_hint"))
    event = st.dataframe(
        queue_frame(queue, lang),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        # A click anywhere in a row selects one of its cells; the row marker on the left
        # selects the row itself. Either opens the report.
        selection_mode=["single-row", "single-cell"],
        key=f"op_table_{key}",
    )
    picked = picked_row(event)
    if picked is not None and 0 <= picked < len(queue.rows):
        open_report(queue.rows[picked].ticket)
    _pager(queue, key, lang)
    _keyboard_picker(queue, key)


def picked_row(event) -> int | None:
    """The position of the row the operator clicked (its marker or any of its cells)."""
    selection = getattr(event, "selection", None)
    if selection is None:
        return None
    if selection.get("rows"):
        return int(selection["rows"][0])
    if selection.get("cells"):
        return int(selection["cells"][0][0])
    return None


def _pager(queue: Queue, key: str, lang: str) -> None:
    if queue.pages <= 1:
        return
    back, where, onward = st.columns([1, 2, 1], vertical_alignment="center")
    back.button(
        t("op.queue.previous"),
        key=f"op_prev_{key}",
        disabled=queue.page <= 1,
        on_click=_turn_page,
        args=(key, queue.page - 1),
        width="stretch",
    )
    where.caption(
        t("op.queue.page", page=number(queue.page, lang), pages=number(queue.pages, lang))
    )
    onward.button(
        t("op.queue.next"),
        key=f"op_next_{key}",
        disabled=queue.page >= queue.pages,
        on_click=_turn_page,
        args=(key, queue.page + 1),
        width="stretch",
    )


def _keyboard_picker(queue: Queue, key: str) -> None:
    """The same choice without a pointer: pick from a list, then open (keyboard, screen
    readers, and a click that missed the row)."""
    titles = {row.ticket: row.title for row in queue.rows}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("op.queue.pick_report"),
        options=list(titles),
        format_func=lambda ticket: f"{format_ticket_code(ticket)} · {titles[ticket][:80]}",
        key=f"op_pick_{key}",
    )
    if right.button(t("op.queue.open_report"), key=f"op_open_{key}") and chosen:
        open_report(chosen)
