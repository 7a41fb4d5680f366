"""Lacak tiket: follow one report by its ticket code (`?tiket=CODE` opens it directly).

Anyone with the code sees the status timeline; the report's content only when
the report is public (see `data_layer/queries/ticket.py`). Read fresh on every
run (no shared cache): a citizen checking right after an operator acted must
see that action.
"""

import contextlib
import datetime as dt

import pandas as pd
import streamlit as st

from data_layer.config import get_settings
from data_layer.limits import TICKET_INPUT_MAX
from data_layer.queries.ticket import SlaClock, TicketTimeline, ticket_timeline
from data_layer.sla import calendar_from_settings
from data_layer.states import (
    AWAITING_VERIFICATION_STATUSES,
    CHANNEL_LABELS,
    KIND_LABELS,
    REJECT_REASON_LABELS,
    REMOVED_STATUSES,
    Channel,
    Kind,
    PhotoKind,
    RejectReason,
    Status,
)
from data_layer.supporters import supporter_counts
from data_layer.throttle import ticket_lookups_per_address
from data_layer.tickets import (
    ALPHABET,
    CODE_LENGTH,
    InvalidTicketCode,
    crockford_clean,
    format_ticket_code,
    normalise_ticket_code,
)
from ui.cache import read_session
from ui.client import within_limit
from ui.feeds import subscribe_link, ticket_feed_url
from ui.formatting import local_datetime, number
from ui.i18n import current_lang, label, t
from ui.widgets import fact_list, inert, show_photo, status_badge, timeline

TICKET_PARAM = "tiket"
TICKET_KEY = "lacak.tiket"
LOOKED_UP_KEY = "lacak.looked_up"  # tickets this session has already been counted for


def ticket_input() -> str:
    """The code from the URL, in a text box that writes back to the URL."""
    raw = (st.query_params.get(TICKET_PARAM) or "").strip()
    st.session_state[TICKET_KEY] = raw
    with st.form("lacak.form", border=False):
        st.text_input(
            t("track.input"),
            key=TICKET_KEY,
            max_chars=TICKET_INPUT_MAX,
            placeholder="7QM2R-T9KXH",
            help=t("track.input_help"),
        )
        st.form_submit_button(t("track.submit"), on_click=_write_ticket)
    return raw


def _write_ticket() -> None:
    text = (st.session_state.get(TICKET_KEY) or "").strip()
    # A malformed code stays as typed, so the message below can explain it.
    with contextlib.suppress(InvalidTicketCode):
        text = format_ticket_code(normalise_ticket_code(text))
    if text:
        st.query_params[TICKET_PARAM] = text
    elif TICKET_PARAM in st.query_params:
        del st.query_params[TICKET_PARAM]


def lookup_allowed(code: str) -> bool:
    """Count a lookup of `code` for this visitor's address, once per browser session.

    Reruns of the page (a toggle, the follow-up section) cost nothing; a script
    walking through codes in fresh sessions meets the limit per address.
    """
    seen: set[str] = st.session_state.setdefault(LOOKED_UP_KEY, set())
    if code in seen:
        return True
    if not within_limit(ticket_lookups_per_address(get_settings())):
        return False
    seen.add(code)
    return True


def invalid_code_message(raw: str) -> str:
    """Why `raw` is not a ticket code, in words a citizen can act on."""
    cleaned = crockford_clean(raw)
    if len(cleaned) != CODE_LENGTH:
        return t("track.invalid.length", count=len(cleaned))
    if any(ch not in ALPHABET for ch in cleaned):
        return t("track.invalid.characters")
    return t("track.invalid.check")


def show_header(found: TicketTimeline, lang: str) -> None:
    st.subheader(t("track.heading", ticket=format_ticket_code(found.ticket)))
    status_badge(found.status, lang)
    subscribe_link(ticket_feed_url(found.ticket), key="lacak.feed")
    details = [
        t("track.kind", kind=label(KIND_LABELS, Kind(found.kind), lang)),
        t("track.received", when=local_datetime(found.received_at, lang)),
    ]
    if found.reopen_count:
        details.append(t("track.reopened", count=found.reopen_count))
    st.caption(inert(" · ".join(details)))
    if found.reject_reason:
        reason = label(REJECT_REASON_LABELS, RejectReason(found.reject_reason), lang)
        st.caption(inert(t("track.reject_reason", reason=reason)))
    if found.status == Status.PERLU_INFO.value:
        st.warning(t("track.needs_info"))
    if not found.is_public:
        awaiting = Status(found.status) in AWAITING_VERIFICATION_STATUSES
        st.info(t("track.private.awaiting" if awaiting else "track.private.hidden"))


def show_supporters(found: TicketTimeline, lang: str) -> None:
    """How many citizens said "saya juga mengalami ini" (a number only; public reports)."""
    if not found.is_public:
        return
    with read_session() as session:
        count = supporter_counts(session, tickets=[found.ticket]).get(found.ticket, 0)
    if count:
        st.caption(t("submit.supporters", count=number(count, lang)))


def show_content(found: TicketTimeline, lang: str) -> None:
    content = found.content
    if content is None:
        return
    st.markdown(f"#### {inert(t('track.content'))}")
    st.markdown(f"**{inert(content.title)}**")
    st.text(content.description)
    opd = content.opd_name_en if lang == "en" else content.opd_name_id
    facts = [
        (
            t("track.fact.category"),
            content.category_name_en if lang == "en" else content.category_name_id,
        ),
        (t("track.fact.place"), f"{content.kelurahan}, {content.kecamatan}"),
        (t("track.fact.opd"), opd or "–"),
        (t("track.fact.channel"), label(CHANNEL_LABELS, Channel(content.channel), lang)),
    ]
    if content.address:
        facts.insert(2, (t("track.fact.address"), content.address))
    fact_list(facts)


# States in which a report has left the workflow: clocks that had not run out stop.
_LEFT_WORKFLOW = {Status.DITOLAK.value, Status.BUKAN_WEWENANG.value} | {
    status.value for status in REMOVED_STATUSES
}


def sla_result(clock: SlaClock, status: str) -> str:
    if clock.met is True:
        return t("track.sla.met")
    if clock.met is False:
        return t("track.sla.missed")
    if clock.overdue:
        return t("track.sla.overdue")
    if status in _LEFT_WORKFLOW or clock.due_at is None:
        return t("track.sla.stopped")
    return t("track.sla.running")


def show_sla(found: TicketTimeline, lang: str) -> None:
    st.markdown(f"#### {inert(t('track.sla'))}")
    st.caption(t("track.sla.caption"))
    rows = pd.DataFrame(
        {
            t("track.sla.col.step"): [t(f"track.sla.{c.name}") for c in found.sla],
            t("track.sla.col.due"): [local_datetime(c.due_at, lang) for c in found.sla],
            t("track.sla.col.done"): [local_datetime(c.done_at, lang) for c in found.sla],
            t("track.sla.col.result"): [sla_result(c, found.status) for c in found.sla],
        }
    )
    st.table(rows, hide_index=True)


def show_photos(found: TicketTimeline, lang: str) -> None:
    if not found.photos or found.content is None:
        return
    st.markdown(f"#### {inert(t('track.photos'))}")
    category = found.content.category_name_en if lang == "en" else found.content.category_name_id
    columns = st.columns(3)
    for index, photo in enumerate(found.photos):
        kind = PhotoKind(photo.kind).value
        with columns[index % 3]:
            show_photo(
                photo,
                alt=t(
                    f"widgets.photo.alt_{kind}", category=category, place=found.content.kelurahan
                ),
                caption=f"{t(f'widgets.photo.{kind}')} · {local_datetime(photo.created_at, lang)}",
            )


def reporter_followup(ticket: str) -> None:
    # --- reporter follow-up section (issue 4) goes here ---------------------------
    # The submission engineer adds `ui/followup.py` with `render_followup_section`;
    # until then this page works without it.
    try:
        from ui.followup import render_followup_section
    except ModuleNotFoundError as exc:
        if exc.name != "ui.followup":
            raise
        return
    render_followup_section(ticket)


def main() -> None:
    lang = current_lang()
    st.title(t("track.title"))
    st.caption(t("track.intro"))
    raw = ticket_input()
    if not raw:
        st.caption(t("track.hint"))
        return
    try:
        code = normalise_ticket_code(raw)
    except InvalidTicketCode:
        st.error(invalid_code_message(raw))
        return
    if not lookup_allowed(code):
        st.error(t("track.throttled"), icon="⏳")
        return
    settings = get_settings()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with read_session() as session:
        found = ticket_timeline(
            session, ticket=code, now=now, calendar=calendar_from_settings(settings)
        )
    if found is None:
        st.warning(t("track.unknown", ticket=format_ticket_code(code)))
        return
    show_header(found, lang)
    show_supporters(found, lang)
    show_content(found, lang)
    show_sla(found, lang)
    st.markdown(f"#### {inert(t('track.timeline'))}")
    timeline(found.entries, lang)
    show_photos(found, lang)
    reporter_followup(found.ticket)


main()
