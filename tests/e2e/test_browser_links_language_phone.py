"""Language in the URL, shareable filtered views, and phone-width layouts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from data_layer.states import KIND_LABELS, Kind
from tests.e2e.harness import HOME, Browser, page_name
from ui.i18n import t

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NAV_KEYS = ("nav.beranda", "nav.peta", "nav.galeri", "nav.lacak", "nav.kinerja", "nav.kirim")


def sidebar_text(app: Browser) -> str:
    return app.page.locator('[data-testid="stSidebar"]').inner_text()


@pytest.mark.parametrize("path", [HOME, "peta", "kirim"], ids=page_name)
def test_lang_en_shows_english_labels(app: Browser, path: str):
    app.open(path, lang="en")
    sidebar = sidebar_text(app)
    for key in NAV_KEYS:
        assert t(key, lang="en") in sidebar
    assert t("nav.peta", lang="id") not in sidebar
    heading = app.main().locator("h1").first.inner_text()
    english = {HOME: "status.title", "peta": "map.title", "kirim": "submit.title"}[path]
    assert heading.strip() == t(english, lang="en")
    app.screenshot(f"english-{page_name(path)}")


def test_a_shared_filter_link_reopens_the_same_view(app: Browser, browser):
    app.open(HOME)
    app.main().locator('[data-testid="stExpander"] summary').first.click()
    aduan = KIND_LABELS[Kind.ADUAN]["id"]
    app.choose("filter.kind", aduan)
    app.choose_first("filter.kecamatan", "Semarang Tengah")
    app.page.wait_for_url("**jenis=aduan**")
    shared_link = app.page.url
    assert "kecamatan=" in shared_link
    figures = app.main().locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert figures

    # Someone else opens the link in their own browser.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = Browser(context.new_page(), app.server)
        other.page.goto(shared_link)
        other.wait_idle()
        assert other.widget("filter.kind").get_by_role("combobox").input_value() == aduan
        assert (
            other.widget("filter.kecamatan").get_by_role("combobox").input_value()
            == "Semarang Tengah"
        )
        # The figures live in a fragment that may draw just after the run settles.
        metric_values = other.main().locator('[data-testid="stMetricValue"]')
        expect(metric_values).to_have_text(figures)
        assert other.recorded.dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("path", [HOME, "kirim", "lacak"], ids=page_name)
def test_phone_width_needs_no_horizontal_scrolling(browser, app_server, path: str):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    try:
        phone = Browser(context.new_page(), app_server)
        phone.open(path)
        if path == "kirim":
            phone.main().get_by_role("button", name=t("submit.button", lang="id")).wait_for(
                state="attached"
            )
        widths = phone.page.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        phone.screenshot(f"phone-{page_name(path)}")
        assert widths[0] <= widths[1], f"/{path} scrolls sideways at 390 px: {widths}"
        # The main controls are within the screen's width.
        for button in phone.main().get_by_role("button").all():
            box = button.bounding_box()
            if box and box["width"] > 0:
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
        assert phone.recorded.dialogs == []
    finally:
        context.close()
