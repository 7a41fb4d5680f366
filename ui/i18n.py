"""Language handling: Bahasa Indonesia by default, English with `?lang=en`.

The language lives in the URL, never in process-global state, so one visitor's
choice cannot leak to another and every shared link keeps its language.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import streamlit as st

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


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for `key` in the current language, with `{placeholders}` filled in."""
    entry = catalog()[key]
    text = entry[lang or current_lang()]
    return text.format(**values) if values else text


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
