"""Figure labels are read whole: "Lama penyelesaian (median, hari kerja)" was cut to
"Lama penyelesaian (median, hari…" in Beranda's boxes and in the map's narrow panel, and
"Median selesai (hari kerja)" to "Median selesai (h…" on an OPD's page."""

from __future__ import annotations

import pytest

from tests.e2e.harness import PAYLOAD_KELURAHAN, Browser

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# A label's text is cut when its full width exceeds the box that clips it.
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"] p')]
    .filter(p => {
        const range = document.createRange();
        range.selectNodeContents(p);
        const box = p.closest('[data-testid="stMarkdownContainer"]').getBoundingClientRect();
        return range.getBoundingClientRect().right > box.right + 1;
    })
    .map(p => p.textContent)"""

ENOUGH_LABELS = """() => document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stMetricLabel"]').length >= 5"""


@pytest.mark.parametrize(
    "path",
    ["", f"peta?pilih={PAYLOAD_KELURAHAN}", "kinerja_opd?opd=dpu"],
    ids=["beranda", "peta", "kinerja-opd"],
)
def test_no_figure_label_is_cut_short_on_a_laptop(app: Browser, path: str):
    app.page.set_viewport_size({"width": 1366, "height": 900})
    app.open(path)
    # Beranda's figures live in a self-refreshing fragment and can arrive after the rest of
    # the run: wait for all the boxes rather than counting the first ones drawn.
    app.page.wait_for_function(ENOUGH_LABELS, timeout=30_000)
    app.wait_idle()
    assert app.page.evaluate(CUT_LABELS) == []
