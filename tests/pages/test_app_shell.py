"""The app's frame (app.py): menu, language switch, branding, demo banner, error guard."""

from __future__ import annotations

from public_support import (
    APP,
    PAGES,
    assert_no_exception,
    open_page,
)
from streamlit.testing.v1 import AppTest

from data_layer.config import get_settings
from data_layer.models import AppMeta
from ui.cache import clear_all_caches

DEMO_BANNER_ID = "DATA DEMO"


def _menu(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.sidebar.get("page_link")]


def test_menu_in_two_groups_keeps_the_language(app_db):
    at = open_page(APP)
    assert_no_exception(at)
    assert [c.value for c in at.sidebar.caption][:2] == ["Publik", "Operator"]
    assert "Kinerja OPD" in _menu(at)
    assert all(not link.proto.page.endswith("lang=en") for link in at.sidebar.get("page_link"))
    english = open_page(APP, lang="en")
    assert "Department scorecard" in _menu(english)
    # Every menu link carries ?lang=en, so changing page keeps the language.
    assert {link.proto.query_string for link in english.sidebar.get("page_link")} == {"lang=en"}


def test_language_switch_changes_visible_labels_and_url(app_db):
    at = open_page(APP)
    assert at.title[0].value == "Status laporan warga"
    at.sidebar.radio(key="language_switch").set_value("en").run()
    assert_no_exception(at)
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == "Status of citizen reports"
    # (AppTest drops the sidebar of a navigation app after an interaction, so the
    # menu is read from the page the new URL opens.)
    assert "Kelurahan map" in _menu(open_page(APP, lang=at.query_params["lang"]))
    switched_back = open_page(APP, lang="en")
    switched_back.sidebar.radio(key="language_switch").set_value("id").run()
    assert "lang" not in switched_back.query_params
    assert switched_back.title[0].value == "Status laporan warga"


def test_every_public_page_of_mine_opens_through_the_app(app_db):
    at = open_page(APP, lang="en")
    for path, title in (
        (PAGES["kinerja"], "Department scorecard"),
        (PAGES["data_terbuka"], "Open data"),
        (PAGES["beranda"], "Status of citizen reports"),
    ):
        at.switch_page(path).run()
        assert_no_exception(at)
        assert at.title[0].value == title


def test_branding_comes_from_settings(app_db, monkeypatch):
    monkeypatch.setenv("PANTAU_CHANNEL_NAME", "Lapor Semar")
    get_settings.cache_clear()
    at = open_page(APP)
    assert any("Lapor Semar" in caption.value for caption in at.sidebar.caption)
    assert any("Lapor Semar" in caption.value for caption in at.caption)


def test_demo_banner_only_on_demo_data(app_db):
    at = open_page(APP)
    assert not any(DEMO_BANNER_ID in w.value for w in at.warning)
    with app_db.write().begin() as session:
        session.add(AppMeta(key="demo_data", value="1"))
    clear_all_caches()
    at = open_page(APP, lang="en")
    assert any("DEMO DATA" in w.value for w in at.warning)


def test_a_broken_database_shows_a_message_not_a_stack_trace(app_db, tmp_path, monkeypatch):
    # An empty file: no tables at all.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    clear_all_caches()
    for page in (APP, *PAGES.values()):
        at = open_page(page)
        assert_no_exception(at)
        assert any("Maaf, halaman ini sedang bermasalah" in e.value for e in at.error), page
