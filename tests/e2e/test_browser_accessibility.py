"""Every public page passes axe-core with no serious or critical violation, has a tab
title of its own, and offers each chart's figures as a table.

axe-core comes from the npm registry (package.json / package-lock.json, installed into
node_modules by `make assets`) and is injected into the real page by Playwright.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import PUBLIC_PATHS, REPO_ROOT, Browser, page_name

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PATHS = (*PUBLIC_PATHS, "kinerja_opd?opd=dpu")
SERIOUS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3)
            .map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '')).join(' | '));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: run `make assets` (npm ci)")
        pytest.skip(f"{AXE} is missing: run `make assets` (npm ci)")
    return AXE.read_text()


def _open(app: Browser, path: str) -> None:
    app.open(path)
    app.page.wait_for_timeout(1_000)  # charts and maps draw after the run


@pytest.mark.parametrize("path", PATHS, ids=page_name)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_serious_or_critical_accessibility_violations(
    app: Browser, axe_source: str, path: str, lang: str
):
    if lang == "en":
        path += ("&" if "?" in path else "?") + "lang=en"
    _open(app, path)
    app.page.add_script_tag(content=axe_source)
    assert app.page.evaluate(SERIOUS) == [], f"axe-core on /{path}"


def test_every_page_has_its_own_tab_title(app: Browser):
    titles = {}
    for path in PATHS:
        _open(app, path)
        titles[path] = app.page.title()
    assert len(set(titles.values())) == len(titles), titles
    assert all(title.endswith("Pantau Lapor") for title in titles.values()), titles
    assert titles["kinerja_opd?opd=dpu"].startswith("DPU"), titles


# (Kinerja draws its chart only once an OPD is ranked: too few reports in the suite.)
@pytest.mark.parametrize("path", ["", "kinerja_opd?opd=dpu"], ids=page_name)
def test_every_chart_has_its_figures_as_a_table_below(app: Browser, path: str):
    _open(app, path)
    main = app.main()
    charts = main.locator('[data-testid="stPlotlyChart"]')
    tables = main.locator('[data-testid="stExpander"]').filter(has_text="Data grafik")
    tables.first.wait_for()
    assert tables.count() > 0
    # Plotly draws a moment after the run: wait until every chart is there.
    expect(charts).to_have_count(tables.count())
    tables.first.locator("summary").click()
    expect(tables.first.locator('[data-testid="stDataFrame"]')).to_have_count(1)
