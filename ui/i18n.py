"""Language handling: Bahasa Indonesia by default, English with `?lang=en`.

The language lives in the URL, never in process-global state, so one visitor's
choice cannot leak to another and every shared link keeps its language.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import streamlit as st

from data_layer.config import get_settings
from ui import strings as strings_package

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANG = "id"
LANG_PARAM = "lang"


@cache
def catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module_info in pkgutil.iter_modules(strings_package.__path__):
        module = importlib.import_module(f"{strings_package.__name__}.{module_info.name}")
        for key, value in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"duplicate UI string key {key!r} in {module_info.name}")
            merged[key] = value
    return merged


def current_lang() -> str:
    lang = st.query_params.get(LANG_PARAM, DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


class _KeepUnknown(dict):
    """Placeholders nobody filled stay as written (a caller may fill them later)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def city_values() -> dict[str, str]:
    """What every text may name about the configured city: {city}, {zone}, {utc_offset},
    {village} ("Kelurahan", "Desa" or "Desa/Kelurahan", also {village_lower}
    and {village_en}) and {coordinate_example}."""
    profile = get_settings().profile
    return {
        "city": profile.name,
        "zone": profile.zone.abbreviation,
        "utc_offset": str(profile.zone.utc_offset_hours),
        "village": profile.village_label,
        "village_lower": profile.village_label.lower(),
        "village_en": profile.village_label
        + (" (urban village)" if profile.village_label == "Kelurahan" else " (village)"),
        "coordinate_example": profile.coordinate_example,
        "higher_authority": profile.higher_authority,
    }


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for `key` in the current language, with `{placeholders}` filled in."""
    entry = catalog()[key]
    text = entry[lang or current_lang()]
    if "{" not in text:
        return text
    return text.format_map(_KeepUnknown({**city_values(), **values}))


def label(labels: dict, member, lang: str | None = None) -> str:
    """Label of a vocabulary member from `data_layer.states` (e.g. STATUS_LABELS)."""
    return labels[member][lang or current_lang()]


def language_switch() -> None:
    """A selector in the sidebar that keeps the choice in the URL.

    The URL is the source of truth: the widget is set from it on every run (so
    the back button and shared links win), and a click writes the URL in a
    callback, before the script runs, so the whole run speaks the new language.
    """
    st.session_state["language_switch"] = current_lang()
    st.sidebar.radio(
        t("app.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        horizontal=True,
        key="language_switch",
        on_change=_language_chosen,
    )


def _language_chosen() -> None:
    choice = st.session_state.get("language_switch")
    if choice == DEFAULT_LANG or choice not in LANGUAGES:
        if LANG_PARAM in st.query_params:
            del st.query_params[LANG_PARAM]
    else:
        st.query_params[LANG_PARAM] = choice
