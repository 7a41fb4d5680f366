"""A click on a queue's row opens that report (issue 12, item 14), whose point shows on a
small map (item 15), in Debian's Chromium: AppTest cannot click inside the data grid."""

from __future__ import annotations

import re

import pytest

from data_layer.tickets import format_ticket_code
from tests.e2e.harness import QUEUE_TITLE, VERIFIER_USERNAME, Browser, submit_sign_in
from ui.i18n import t

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LANG = "id"


def label(key: str, **values) -> str:
    return t(key, lang=LANG, **values)


def sign_in(app: Browser, username: str) -> None:
    submit_sign_in(app, username)
    queue_link(app).wait_for()


def queue_link(app: Browser):
    return app.page.locator('[data-testid="stSidebar"] a[href*="operator_antrian"]')


def test_a_click_on_a_queue_row_opens_that_report(app: Browser, app_server):
    ticket = app_server.seeded.queue_ticket
    sign_in(app, VERIFIER_USERNAME)
    queue_link(app).click()
    app.wait_idle()
    # Narrowed to the suite's own waiting report (this test's alone), so it is the first row.
    app.type_into("op_queue_text", ticket)
    grid = app.widget("op_table_verify")
    grid.wait_for()
    app.screenshot("operator-queue")
    box = grid.bounding_box()
    assert box is not None
    # The first data row, just below the header (Streamlit's rows are 35 px high).
    app.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 35 + 17)
    app.wait_idle()
    app.page.wait_for_url(re.compile(rf"operator_laporan\?.*tiket={ticket}"))
    app.main().get_by_text(QUEUE_TITLE).first.wait_for()
    assert format_ticket_code(ticket) in app.main().inner_text()
    # The report's point on its small map, drawn with the self-hosted Leaflet.
    app.map_frame().locator(".leaflet-interactive").first.wait_for()
    app.screenshot("operator-report-map")
    assert app.js_errors() == []
    assert app.foreign_requests() == []
