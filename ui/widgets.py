"""Small display pieces shared by the map, gallery and tracking pages.

User-written text (titles, descriptions, public notes, addresses) is always shown
inert: either with `st.text`, or through `inert()` when it must sit inside
Markdown (`st.markdown`, `st.caption`, labels), never raw.
"""

from __future__ import annotations

import base64
import datetime as dt
import string
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import urlsplit

import streamlit as st

from data_layer.config import get_settings
from data_layer.photos import photo_path
from data_layer.queries.gallery import BeforeAfterPair
from data_layer.queries.ticket import TimelineEntry
from data_layer.states import STATUS_COLOUR_NAMES, STATUS_LABELS, Status
from data_layer.tickets import format_ticket_code
from ui.formatting import local_date, local_datetime, number
from ui.i18n import t

# --- inert text --------------------------------------------------------------------

# Every ASCII punctuation character can start Markdown (or Streamlit's own
# `:red[...]`, `:material/…:` and `$…$`) syntax; CommonMark lets each be
# backslash-escaped. `&`, `<` and `>` become entities instead, so no HTML tag or
# entity survives either.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPED = {ch: "\\" + ch for ch in string.punctuation if ch not in _ENTITIES}
_TRANSLATION = str.maketrans({**_ESCAPED, **_ENTITIES, "\r": "", "\t": " "})


def inert(text: str | None) -> str:
    """`text` escaped for Markdown and HTML: it renders as exactly the same plain text.

    Line breaks are kept (as Markdown hard breaks); leading spaces are kept from
    turning a line into a code block.
    """
    if not text:
        return ""
    lines = text.translate(_TRANSLATION).split("\n")
    return "  \n".join(line.lstrip(" ") for line in lines)


# --- labels ----------------------------------------------------------------------------


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS[Status(status)][lang]


def status_badge(status: str, lang: str) -> None:
    # The same colour as the status's bars on every chart (ui.charts).
    st.badge(status_label(status, lang), color=STATUS_COLOUR_NAMES[Status(status)])


def ticket_link(ticket: str, lang: str) -> str:
    """The tracking page's URL for a ticket, in the current language.

    Relative, so it works under any base path; a plain URL rather than
    `st.page_link`, so pages also run on their own (tests, AppTest).
    """
    suffix = "&lang=en" if lang == "en" else ""
    return f"lacak?tiket={format_ticket_code(ticket)}{suffix}"


def duration_text(spent: dt.timedelta | None, lang: str) -> str:
    """`3 hari 4 jam` / `3 days 4 hours`; minutes below an hour."""
    if spent is None:
        return "–"
    minutes = int(spent.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return t("widgets.duration.days_hours", lang=lang, days=days, hours=hours)
    if hours:
        return t("widgets.duration.hours_minutes", lang=lang, hours=hours, minutes=minutes)
    return t("widgets.duration.minutes", lang=lang, minutes=minutes)


def actor_text(actor_label: str, lang: str) -> str:
    key = f"widgets.actor.{actor_label}"
    try:
        return t(key, lang=lang)
    except KeyError:
        # An unknown role label is still a role, never a name: show it as text.
        return actor_label


# --- photos ---------------------------------------------------------------------------------


def site_origin() -> str:
    """Scheme and host the visitor reached the app through (for absolute photo URLs).

    The configured public base URL wins; else the browser's own address
    (`st.context.url`); with no browser at all (scripted runs) the app's own
    local address.
    """
    configured = get_settings().public_base_url.strip().rstrip("/")
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return f"http://localhost:{st.get_option('server.port')}"


def photo_url(key: str) -> str:
    """The photo's stable URL (api/photos.py): the browser fetches it, any replica serves it,
    and its content-addressed key lets browsers and proxies cache it for a year."""
    return site_origin() + photo_path(key)


def inline_image(data: bytes, content_type: str) -> str:
    """A photo as a `data:` URL, for photos `/foto/` must not serve (a report not yet
    public, seen by an operator). `st.image` given bytes would keep them in this
    process's media store behind a URL that any other replica answers with 404; a data
    URL travels with the page, so whichever replica the browser reaches next, it shows."""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


class _PhotoKeys(Protocol):
    image_key: str
    thumb_key: str


def show_photo(ref: _PhotoKeys, *, alt: str, caption: str) -> None:
    """A thumbnail of a public report's photo that opens the full photo when tapped.

    Only the small thumbnail loads with the page (phones on slow data); the link is
    a plain one, so tapping works the same on a phone as clicking on a desk.
    Callers list photos of public reports only (the gallery and ticket queries
    see to that); the URL itself answers 404 for anything else.
    """
    st.image(
        photo_url(ref.thumb_key),
        caption=caption,
        alt=alt,
        width="content",
        link=photo_url(ref.image_key),
    )


# --- before / after card --------------------------------------------------------------------


def before_after_card(pair: BeforeAfterPair, lang: str) -> None:
    """One resolved report: before and after side by side, then what, where, who, how long."""
    category = pair.category_name_en if lang == "en" else pair.category_name_id
    with st.container(border=True):
        st.markdown(f"**{inert(pair.title)}**")
        before_column, after_column = st.columns(2)
        with before_column:
            if pair.before is None:
                st.caption(t("widgets.photo.no_before"))
            else:
                show_photo(
                    pair.before,
                    alt=t("widgets.photo.alt_before", category=category, place=pair.kelurahan),
                    caption=t("widgets.photo.before"),
                )
        with after_column:
            show_photo(
                pair.after,
                alt=t("widgets.photo.alt_after", category=category, place=pair.kelurahan),
                caption=t("widgets.photo.after"),
            )
        opd = (pair.opd_name_en if lang == "en" else pair.opd_name_id) or "–"
        facts = [
            (t("widgets.fact.category"), category),
            (t("widgets.fact.place"), f"{pair.kelurahan}, {pair.kecamatan}"),
            (t("widgets.fact.opd"), opd),
            (t("widgets.fact.received"), local_date(pair.received_at, lang)),
            (t("widgets.fact.resolved"), local_date(pair.resolved_at, lang)),
            (
                t("widgets.fact.working_days"),
                number(pair.resolve_working_days, lang, digits=1)
                if pair.resolve_working_days is not None
                else "–",
            ),
        ]
        fact_list(facts)
        st.markdown(
            f"[{inert(t('widgets.track_ticket', ticket=format_ticket_code(pair.ticket)))}]"
            f"({ticket_link(pair.ticket, lang)})"
        )


def fact_list(facts: Sequence[tuple[str, str]]) -> None:
    """`label: value` lines; values are escaped (they may come from the database)."""
    st.markdown("  \n".join(f"**{inert(label)}:** {inert(value)}" for label, value in facts))


# --- timeline -----------------------------------------------------------------------------------


def timeline(entries: Sequence[TimelineEntry], lang: str) -> None:
    """Each event: when (local time), the new status (or "note"), who (a role), the public note,
    and how long the report stayed in that status."""
    for entry in entries:
        with st.container(border=True):
            left, right = st.columns([1, 3])
            with left:
                st.markdown(f"**{inert(local_datetime(entry.at, lang))}**")
                st.caption(inert(actor_text(entry.actor_label, lang)))
            with right:
                if entry.status_changed:
                    status_badge(entry.to_status, lang)
                else:
                    st.badge(t("widgets.timeline.note"), color="blue")
                if entry.public_note:
                    st.text(entry.public_note)
                if entry.status_changed and entry.time_in_state is not None:
                    spent = duration_text(entry.time_in_state, lang)
                    if entry.working_days_in_state is not None:
                        working = number(entry.working_days_in_state, lang, digits=1)
                        spent = t("widgets.timeline.spent_working", spent=spent, working=working)
                    st.caption(inert(t("widgets.timeline.spent", spent=spent)))


# --- URL-backed choices -----------------------------------------------------------------------


def url_choice(
    *,
    param: str,
    options: Sequence[str],
    default: str | None,
    label: str,
    format_func: Callable[[str], str],
    widget: Callable = st.radio,
    **widget_kwargs,
):
    """A choice kept in the URL (`?param=value`) by its stable value, not its label.

    The URL wins over the widget's memory, so a shared link, the back button or
    an edited address all show the right view; an unknown value means `default`.
    """
    value = st.query_params.get(param)
    if value not in options:
        value = default
        if param in st.query_params:
            del st.query_params[param]
    key = f"url.{param}"
    st.session_state[key] = value
    widget(
        label,
        options=list(options),
        format_func=format_func,
        key=key,
        on_change=_write_param,
        args=(param, key, default),
        **widget_kwargs,
    )
    return value


def _write_param(param: str, key: str, default: str | None) -> None:
    value = st.session_state.get(key)
    if value is None or value == default:
        if param in st.query_params:
            del st.query_params[param]
    else:
        st.query_params[param] = value
