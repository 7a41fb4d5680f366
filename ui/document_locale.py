"""The page's language for the browser: `<html lang>` and Streamlit's own texts.

Streamlit writes `lang="en"` into every page and has no setting for the texts of its
widgets ("Choose an option", "Upload", "Press Enter to submit form", the table
toolbar). A small script, run on every page from app.py, sets the document language
from `?lang` and swaps Streamlit's English texts for the catalogue's
(ui/strings/browser.py) as they appear. It only ever replaces a whole known text with
a known text from the catalogue, so nothing a user wrote is touched or interpreted.

The date picker cannot follow: Streamlit 1.67 fixes its fields to en-US and gives its
calendar the browser's own language (and with it the first day of the week), read once
at start-up. Month names and its instructions are swapped like the other texts; the
fields use the day/month/year order (ui/filters.py).
"""

from __future__ import annotations

import json

import streamlit as st

from ui.i18n import catalog, current_lang

_SCRIPT = """
(function (lang, exact, patterns) {
  const root = document.documentElement;
  const state = window.__pantauLocale || (window.__pantauLocale = {});
  Object.assign(state, {lang, exact, patterns: patterns.map(([re, to]) => [new RegExp(re), to])});
  root.lang = lang;
  const swap = (text) => {
    const trimmed = text.trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(state.exact, trimmed)) return state.exact[trimmed];
    for (const [re, to] of state.patterns) {
      const m = trimmed.match(re);
      if (m) return to.replace("{x}", m[1]);
    }
    return null;
  };
  const ATTRS = ["placeholder", "aria-label", "title"];
  const fix = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const to = swap(node.nodeValue);
      if (to !== null && to !== node.nodeValue) node.nodeValue = to;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const name of ATTRS) {
      const value = node.getAttribute(name);
      const to = value && swap(value);
      if (to) node.setAttribute(name, to);
    }
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let next = walker.nextNode();
    while (next) {
      if (next.nodeType === Node.TEXT_NODE) {
        const to = swap(next.nodeValue);
        if (to !== null && to !== next.nodeValue) next.nodeValue = to;
      } else {
        for (const name of ATTRS) {
          const value = next.getAttribute(name);
          const to = value && swap(value);
          if (to) next.setAttribute(name, to);
        }
      }
      next = walker.nextNode();
    }
  };
  if (!state.observer) {
    state.observer = new MutationObserver((mutations) => {
      if (root.lang !== state.lang) root.lang = state.lang;
      for (const m of mutations) {
        if (m.type === "childList") m.addedNodes.forEach(fix);
        else fix(m.target);
      }
    });
    state.observer.observe(root, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["lang", ...ATTRS],
    });
  }
  fix(document.body);
})(%s);
"""


def browser_texts(lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Streamlit's English → `lang`: exact texts, and (regex, replacement) for those with {x}."""
    if lang == "en":
        return {}, []
    exact: dict[str, str] = {}
    patterns: list[tuple[str, str]] = []
    for key, entry in catalog().items():
        if not key.startswith("browser."):
            continue
        english, local = entry["en"], entry[lang]
        if "{x}" in english:
            before, after = english.split("{x}")
            patterns.append((f"^{_escape(before)}(.+?){_escape(after)}$", local))
        else:
            exact[english] = local
    return exact, patterns


def _escape(text: str) -> str:
    return "".join("\\" + c if c in r"\^$.|?*+()[]{}/" else c for c in text)


def document_locale() -> None:
    """Run the script for the current language (a script-only element takes no space)."""
    lang = current_lang()
    exact, patterns = browser_texts(lang)
    arguments = ", ".join(json.dumps(v) for v in (lang, exact, patterns))
    # "<" escaped: no text can close the script element early.
    arguments = arguments.replace("<", "\\u003c")
    st.html(f"<script>{_SCRIPT % arguments}</script>", unsafe_allow_javascript=True)
