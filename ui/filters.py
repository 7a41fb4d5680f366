"""The filter bar: period, kecamatan, kelurahan, kind, category, OPD, channel.

The parsing of URL parameters lives in `data_layer/filters.py` (the HTTP routes
share it); this module draws the widgets and keeps the URL in step.

The URL query string is the single source of truth, so any view can be shared
as a link and reopened exactly. Parameters carry stable codes, never labels or
database ids, so a link means the same thing in either language and on any
database:

    ?dari=2025-01-01&sampai=2025-03-31&kecamatan=<6-digit code>&kelurahan=<10-digit code>
     &jenis=aduan&kategori=jalan_rusak&opd=dpu&kanal=whatsapp

A value that is not valid (a typo, an unknown code, a kelurahan outside the
chosen kecamatan, a malformed date) is dropped silently and the view shows
"all" for that field; it never raises. Other parameters (`lang`, a page's own
ones) are left untouched.

(Streamlit's `bind="query-params"` would put the *displayed label* in the URL,
which changes with the language and is ambiguous for kelurahan names that
occur in two kecamatan; hence the explicit sync below.)

Usage in a page:

    report_filter = filter_bar()                       # every field
    report_filter = filter_bar(fields=("period", "opd"))  # a subset
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

import streamlit as st

from data_layer.config import get_settings
from data_layer.filters import (  # noqa: F401  (re-exported: pages and tests import them here)
    ALL_FIELDS,
    MIN_DATE,
    PARAMS,
    FilterCodes,
    codes_from_params,
    params_for_filter,
    params_from_codes,
    report_filter_from_codes,
)
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import ReferenceLists
from data_layer.states import CHANNEL_LABELS, KIND_LABELS, Channel, Kind
from data_layer.throttle import expensive_requests_per_address
from ui.cache import cached_reference_lists
from ui.client import within_limit
from ui.formatting import local_today
from ui.i18n import current_lang, label, t

_KEY_PREFIX = "filter."
_COUNTED_KEY = "filters_counted"  # filters this session has already been counted for


# --- Streamlit ----------------------------------------------------------------


def current_filter(fields: Sequence[str] = ALL_FIELDS) -> ReportFilter:
    """The filter in the URL, without drawing any widget (e.g. for a download built later)."""
    reference = cached_reference_lists()
    return report_filter_from_codes(codes_from_params(_url_params(), reference, fields), reference)


def filter_bar(
    fields: Sequence[str] = ALL_FIELDS,
    *,
    expanded: bool | None = None,
    counted: bool = True,
    on_change: Callable[[], None] | None = None,
) -> ReportFilter:
    """Draw the filter widgets for `fields`, keep the URL in step, return the filter.

    `counted=False` skips the expensive-request budget: for the operator queues, read behind
    a sign-in, a page at a time, and never from the shared caches. `on_change` runs after
    the URL took a new filter (the queues go back to their first pages).
    """
    reference = cached_reference_lists()
    codes = codes_from_params(_url_params(), reference, fields)
    refused = counted and not _within_budget(codes)
    if refused:
        codes = FilterCodes()  # the unfiltered view, answered from the summaries
    _write_url(codes, fields)  # drop invalid values from the address bar
    _seed_widgets(codes, fields)
    if refused:
        st.warning(t("filter.throttled"), icon="⏳")
    lang = current_lang()
    active = sum(value is not None for value in vars(codes).values())
    title = t("filter.title_active", count=active) if active else t("filter.title")
    with st.expander(title, expanded=bool(active) if expanded is None else expanded):
        _draw_widgets(fields, reference, lang, codes, on_change)
        if active:
            st.button(
                t("filter.reset"),
                key=_KEY_PREFIX + "reset",
                on_click=_reset,
                args=(fields, on_change),
            )
    return report_filter_from_codes(codes, reference)


def _within_budget(codes: FilterCodes) -> bool:
    """Whether this visitor may have the figures for `codes` computed.

    Every filtered view can be a new cache key (a day-level period, a place)
    that the precomputed summaries cannot answer, so each distinct filter a
    browser session asks for counts once against its address's budget of
    expensive requests (shared with downloads). The unfiltered view is free.
    """
    if codes == FilterCodes():
        return True
    counted: set[FilterCodes] = st.session_state.setdefault(_COUNTED_KEY, set())
    if codes in counted:
        return True
    if not within_limit(expensive_requests_per_address(get_settings())):
        return False
    counted.add(codes)
    return True


def _url_params() -> dict[str, str]:
    return {key: st.query_params.get(key) for key in st.query_params}  # type: ignore[misc]


def _write_url(codes: FilterCodes, fields: Sequence[str]) -> None:
    wanted = params_from_codes(codes)
    for field in fields:
        for param in PARAMS[field]:
            value = wanted[param]
            if value is None and param in st.query_params:
                del st.query_params[param]
            elif value is not None and st.query_params.get(param) != value:
                st.query_params[param] = value


def _seed_widgets(codes: FilterCodes, fields: Sequence[str]) -> None:
    # The URL wins over what the widgets remember: this is what makes the back
    # button, an edited address bar and a pasted link all show the right view.
    # (A widget change reaches the URL first, through its on_change callback.)
    for field in fields:
        if field == "period":
            chosen = tuple(d for d in (codes.start, codes.end) if d is not None)
            st.session_state[PERIOD_KEY] = chosen if len(chosen) == 2 else ()
            st.session_state[PRESET_KEY] = _preset_of(codes.start, codes.end)
            continue
        for attribute in _attributes(field):
            st.session_state[_KEY_PREFIX + attribute] = getattr(codes, attribute)


def _attributes(field: str) -> tuple[str, ...]:
    return ("start", "end") if field == "period" else (field,)


def _on_change(fields: Sequence[str], then: Callable[[], None] | None = None) -> None:
    reference = cached_reference_lists()
    values = {
        attribute: st.session_state.get(_KEY_PREFIX + attribute)
        for field in fields
        if field != "period"
        for attribute in _attributes(field)
    }
    if "period" in fields:
        chosen = tuple(st.session_state.get(PERIOD_KEY) or ())
        if len(chosen) == 1:
            return  # the first day of a range: apply once its last day is picked
        values["start"], values["end"] = chosen if chosen else (None, None)
    codes = FilterCodes(**values)
    if codes.kelurahan and codes.kelurahan not in {
        k.code for k in reference.kelurahan_in(codes.kecamatan)
    }:
        codes = FilterCodes(**{**values, "kelurahan": None})
    if codes.start and codes.end and codes.start > codes.end:
        codes = FilterCodes(**{**values, "start": codes.end, "end": codes.start})
    _write_url(codes, fields)
    if then is not None:
        then()


def _reset(fields: Sequence[str], then: Callable[[], None] | None = None) -> None:
    _write_url(FilterCodes(), fields)
    if then is not None:
        then()


def _draw_widgets(
    fields: Sequence[str],
    reference: ReferenceLists,
    lang: str,
    codes: FilterCodes,
    then: Callable[[], None] | None = None,
) -> None:
    shown = [field for field in ALL_FIELDS if field in fields]
    if "period" in shown:
        _period_widgets(fields, lang)
        shown.remove("period")
    columns = st.columns(4)
    common = {"on_change": _on_change, "args": (tuple(fields), then)}
    everything = t("filter.all")
    for index, field in enumerate(shown):
        column = columns[index % 4]
        key = _KEY_PREFIX + field
        if field == "period":
            continue  # drawn above the other fields, across the width
        options, names = _options(field, reference, lang, codes)
        column.selectbox(
            t(f"filter.{field}"),
            options=[None, *options],
            format_func=lambda code, names=names: everything if code is None else names[code],
            # A None value shows the placeholder, not its label: say "all" there too.
            placeholder=everything,
            key=key,
            **common,
        )


def _options(
    field: str, reference: ReferenceLists, lang: str, codes: FilterCodes
) -> tuple[list[str], dict[str, str]]:
    if field == "kecamatan":
        names = {k.code: k.name for k in reference.kecamatan}
    elif field == "kelurahan":
        names = {
            k.code: k.name if codes.kecamatan else f"{k.name} ({k.kecamatan_name})"
            for k in reference.kelurahan_in(codes.kecamatan)
        }
    elif field == "kind":
        names = {kind.value: label(KIND_LABELS, kind, lang) for kind in Kind}
    elif field == "category":
        names = {c.code: c.name(lang) for c in reference.categories}
    elif field == "opd":
        names = {o.code: f"{o.short_name} – {o.name(lang)}" for o in reference.opds}
    elif field == "channel":
        names = {channel.value: label(CHANNEL_LABELS, channel, lang) for channel in Channel}
    else:
        raise ValueError(f"unknown filter field {field!r}")
    return list(names), names


# --- the period: one range control and presets --------------------------------

PERIOD_KEY = _KEY_PREFIX + "period"
PRESET_KEY = _KEY_PREFIX + "preset"
PRESETS = ("this_month", "last_month", "three_months", "this_year")


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a preset covers, ending today at the latest (the city's local dates)."""
    month_start = today.replace(day=1)
    if preset == "this_month":
        return month_start, today
    if preset == "last_month":
        last_end = month_start - dt.timedelta(days=1)
        return last_end.replace(day=1), last_end
    if preset == "three_months":
        # This month and the two before it, whole months, as journalists count them.
        year, month = today.year, today.month - 2
        if month < 1:
            year, month = year - 1, month + 12
        return dt.date(year, month, 1), today
    if preset == "this_year":
        return dt.date(today.year, 1, 1), today
    raise ValueError(f"unknown preset {preset!r}")


def _preset_of(start: dt.date | None, end: dt.date | None) -> str | None:
    today = local_today()
    return next((p for p in PRESETS if preset_range(p, today) == (start, end)), None)


def _period_widgets(fields: Sequence[str], lang: str) -> None:
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    left.date_input(
        t("filter.period"),
        value=(),
        min_value=MIN_DATE,
        key=PERIOD_KEY,
        format="DD/MM/YYYY",
        help=t("filter.period_help"),
        on_change=_on_change,
        args=(tuple(fields),),
    )
    right.pills(
        t("filter.presets"),
        PRESETS,
        format_func=lambda p: t(f"filter.preset.{p}", lang),
        selection_mode="single",
        key=PRESET_KEY,
        on_change=_on_preset,
        args=(tuple(fields),),
    )


def _on_preset(fields: Sequence[str]) -> None:
    preset = st.session_state.get(PRESET_KEY)
    codes = codes_from_params(_url_params(), cached_reference_lists(), fields)
    start, end = preset_range(preset, local_today()) if preset else (None, None)
    _write_url(replace(codes, start=start, end=end), fields)


# --- one URL-bound choice (a page's own setting, e.g. the scorecard's period) ----


def url_choice(
    param: str,
    options: Sequence[str],
    *,
    label: str,
    format_func=str,
    default: str | None = None,
    horizontal_radio: bool = False,
    write_default: bool = False,
) -> str | None:
    """A selectbox (or horizontal radio) whose value lives in `?param=`; invalid values are ignored.

    Without the parameter the default shows; a chosen value (even the default)
    is written to the URL, so a shared link keeps pointing at it when, say, a
    newer month becomes the default. With `write_default` the default shown is
    written too, so even a link copied before any choice opens the same view.
    """
    options = list(options)
    if not options:
        return None
    default = default if default in options else options[0]
    wanted = st.query_params.get(param)
    if wanted is not None and wanted not in options:
        del st.query_params[param]  # a typo or a stale link: show the default instead
        wanted = None
    value = wanted or default
    if write_default and wanted is None:
        st.query_params[param] = value
    key = f"{_KEY_PREFIX}choice.{param}"
    st.session_state[key] = value
    widget = st.radio if horizontal_radio else st.selectbox
    extra = (
        {"horizontal": True} if horizontal_radio else {"placeholder": t("browser.choose_option")}
    )
    widget(
        label,
        options=options,
        format_func=format_func,
        key=key,
        on_change=_on_choice,
        args=(param, key),
        **extra,
    )
    return value


def _on_choice(param: str, key: str) -> None:
    value = st.session_state.get(key)
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    else:
        st.query_params[param] = value
