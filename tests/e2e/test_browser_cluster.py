"""The app as a city runs it: two replicas on one PostgreSQL database behind Debian's nginx
(deploy/cluster.py, deploy/nginx.conf.template), visited with Chromium.

- every public page loads through nginx, and a first visit (empty cache) stays within
  its byte budget: what a phone on a slow data plan downloads;
- photos load whichever replica answers;
- a citizen files a report with a photo (the upload must reach the replica that holds
  the visitor's session: the affinity cookie at work);
- a replica stopped in the middle of a visit: after a reload the visitor goes on, on
  the other replica, with nothing lost.

Bytes counted: every HTTP response as it crossed the wire (headers and the compressed
body) plus every websocket frame the server pushed, counted decompressed (the browser
reports frames after per-message deflate), so the figure errs high. They are written
to artifacts/e2e/cluster-first-visit-bytes.json.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from data_layer.db import make_engine, make_session_factory
from data_layer.models import Photo, Report
from data_layer.tickets import format_ticket_code, normalise_ticket_code
from deploy.cluster import NGINX, ClusterConfig, restart_replica, start, stop, stop_replica
from tests.conftest import TEST_POSTGRES_URL, _postgres_admin_engine, _with_database, skip_or_fail
from tests.e2e.harness import (
    ARTIFACTS,
    HOME,
    LEAFLET_SHAPE,
    PUBLIC_PATHS,
    AppServer,
    Browser,
    SeededData,
    free_port,
    page_name,
    seed_database_at,
    slug,
)
from tests.e2e.test_browser_citizen_journey import fill_report_form, submit
from tests.factories import photo_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.xdist_group("cluster")]

MB = 1_000_000
# First visit, empty cache, bytes over the wire (issue 11).
BUDGET = {
    "lacak": 1.2 * MB,
    "kirim": 1.2 * MB,
    "peta": 1.5 * MB,
    "galeri": 1.5 * MB,
    "data_terbuka": 1.5 * MB,
    HOME: 2.5 * MB,
    "kinerja": 2.5 * MB,
    "kinerja_opd": 2.5 * MB,  # one OPD's page of Kinerja OPD
}
MEASURED: dict[str, int] = {}
# Pages whose plotly charts (and so the 1.06 MB plotly chunk) are part of a first visit
# with the suite's data. (Kinerja OPD draws no plotly chart with the suite's 300 reports;
# with `make cluster`'s 3,000 demo reports it does: 2.28 MB through nginx, under 2.5 MB.)
CHART_PAGES = (HOME,)


@dataclass
class Cluster:
    config: ClusterConfig
    server: AppServer
    seeded: SeededData
    replicas: dict[int, int]  # port -> pid

    def replica_of(self, context) -> int:
        """The replica nginx sends this browser's requests (and websocket) to.

        Affinity hashes the XSRF cookie: a request with the same cookie reaches the same
        replica, and nginx's access log names it.
        """
        cookie = next(c for c in context.cookies() if c["name"] == "_streamlit_xsrf")
        probe = f"/favicon.png?probe={uuid.uuid4().hex}"
        request = urllib.request.Request(
            self.config.url + probe, headers={"Cookie": f"_streamlit_xsrf={cookie['value']}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        # nginx writes the access-log line after it has sent the response, so the line
        # can arrive a moment after the client has read the reply.
        deadline = time.monotonic() + 10
        while True:
            log = (self.config.run_dir / "nginx-access.log").read_text().splitlines()
            line = next((line for line in reversed(log) if probe in line), None)
            if line is not None or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert line is not None, f"nginx logged no line for {probe}"
        return int(line.split("upstream=127.0.0.1:")[1].split()[0])


@pytest.fixture(scope="module")
def cluster(chromium_path) -> Iterator[Cluster]:
    if not Path(NGINX).exists():
        skip_or_fail("nginx not found: `make nginx` installs Debian's nginx")
    admin = _postgres_admin_engine()
    name = f"pantau_e2e_cluster_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = _with_database(TEST_POSTGRES_URL, name)
    # Not pytest's tmp_path (0700): nginx's workers must reach the run directory.
    run_dir = Path(tempfile.mkdtemp(prefix="pantau-cluster-e2e-"))
    run_dir.chmod(0o755)
    config = ClusterConfig(
        run_dir=run_dir,
        database_url=url,
        port=free_port(),
        replica_ports=(free_port(), free_port()),
        replica_env={
            "PANTAU_TILE_SERVER": "none",
            # One browser address for every visitor here: the per-address limits are
            # tested elsewhere.
            "PANTAU_SUBMISSIONS_PER_ADDRESS_PER_HOUR": "1000",
            "PANTAU_TICKET_LOOKUPS_PER_ADDRESS": "100000",
            "PANTAU_EXPENSIVE_REQUESTS_PER_ADDRESS": "100000",
        },
    )
    try:
        seeded = seed_database_at(url)
        state = start(config)
        replicas = {int(port): pid for port, pid in state["replicas"].items()}
        server = AppServer(config.url, url, seeded, run_dir / "nginx-error.log")
        yield Cluster(config, server, seeded, replicas)
    finally:
        stop(run_dir)
        for log in run_dir.glob("*.log"):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, ARTIFACTS / f"cluster-{log.name}")
        shutil.rmtree(run_dir, ignore_errors=True)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_context(browser):
    """A new browser profile: empty cache, no cookies (a first visit)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    try:
        yield context
    finally:
        context.close()


def visitor(context, cluster: Cluster) -> Browser:
    return Browser(context.new_page(), cluster.server)


SCROLL_TO_END = """() => {
    for (const box of document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')) {
        box.scrollTop = box.scrollHeight;
    }
    window.scrollTo(0, document.body.scrollHeight);
}"""


def settle(tab: Browser, path: str) -> None:
    """Open the page and read it to the end, as a visitor would: charts below the fold
    are drawn (and their plotly chunk fetched) only once scrolled into view."""
    tab.open(path)
    if path == "peta":
        tab.map_frame().locator(LEAFLET_SHAPE).first.wait_for()
    tab.page.evaluate(SCROLL_TO_END)
    if path in CHART_PAGES:
        tab.page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    charts = tab.page.locator('[data-testid="stPlotlyChart"]')
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        charts.nth(index).locator(".main-svg").first.wait_for()
    tab.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PUBLIC_PATHS, ids=page_name)
def test_a_first_visit_loads_each_page_within_its_byte_budget(cluster, fresh_context, path):
    tab = visitor(fresh_context, cluster)
    tab.record_transfer()
    settle(tab, path)
    sent = tab.transferred_bytes()
    MEASURED[page_name(path)] = sent
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "cluster-first-visit-bytes.json").write_text(json.dumps(MEASURED, indent=2))

    assert tab.js_errors() == [], f"JavaScript errors on /{path} through nginx"
    assert tab.foreign_requests() == []
    assert tab.main().locator('[data-testid="stException"]').count() == 0
    assert tab.main().locator("h1").first.inner_text().strip() != ""
    # Icons drawn from the cut-down icon font are glyphs, not their names in letters.
    for box in tab.page.locator('[data-testid="stIconMaterial"]').evaluate_all(
        "icons => icons.filter(i => i.offsetWidth).map(i => [i.offsetWidth, i.offsetHeight])"
    ):
        assert box[0] <= 2 * box[1], f"an icon on /{path} shows as text: {box}"
    breakdown = {group: round(size / MB, 3) for group, size in tab.transfer_breakdown().items()}
    assert sent <= BUDGET[path], (
        f"/{path}: a first visit downloads {sent / MB:.3f} MB, over the "
        f"{BUDGET[path] / MB:.1f} MB budget: {breakdown}"
    )


def test_photos_load_whichever_replica_answers(cluster, fresh_context):
    tab = visitor(fresh_context, cluster)
    tab.open("galeri")
    images = tab.main().locator('img[src*="/foto/"]')
    images.first.wait_for()
    sources = images.evaluate_all("imgs => imgs.map(img => img.getAttribute('src'))")
    # Every thumbnail drew (the browser decoded real bytes), through nginx.
    tab.page.wait_for_function(
        """() => [...document.querySelectorAll('img[src*="/foto/"]')]
            .every(img => img.complete && img.naturalWidth > 0)"""
    )
    for source in sources[:4]:
        path = "/foto/" + source.split("/foto/", 1)[1]
        bodies = set()
        for port in cluster.config.replica_ports:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
                assert answer.status == 200
                bodies.add(answer.read())
        assert len(bodies) == 1, f"{path}: the replicas serve different bytes"


def test_a_citizen_submits_a_report_with_a_photo_through_nginx(cluster, fresh_context, tmp_path):
    tab = visitor(fresh_context, cluster)
    photo = tmp_path / "jalan-berlubang.jpg"
    photo.write_bytes(photo_bytes(size=(1600, 1200), color=(140, 100, 70)))
    title = "Jalan berlubang di depan SD Negeri Miroto"
    fill_report_form(tab, title=title, photo_path=photo)
    ticket = submit(tab)

    engine = make_engine(cluster.config.database_url)
    try:
        with make_session_factory(engine)() as session:
            report = session.scalars(
                select(Report).where(Report.ticket == normalise_ticket_code(ticket))
            ).one()
            assert report.title == title
            photos = session.scalar(select(func.count()).where(Photo.report_id == report.id))
            assert photos == 1
    finally:
        engine.dispose()
    assert tab.js_errors() == []


def test_a_visitor_goes_on_after_their_replica_stops(cluster, fresh_context):
    ticket = format_ticket_code(cluster.seeded.resolved_ticket)
    tab = visitor(fresh_context, cluster)
    tab.open("lacak", tiket=ticket)
    assert ticket in tab.text()

    port = cluster.replica_of(fresh_context)
    stop_replica(cluster.replicas[port])
    try:
        tab.page.reload()
        tab.wait_idle()
        assert ticket in tab.text()
        assert cluster.replica_of(fresh_context) != port
        tab.open("galeri")
        assert tab.main().locator("h1").first.inner_text().strip() != ""
        assert tab.js_errors() == []
    finally:
        tab.screenshot(f"cluster-after-failover-{slug(ticket)}")
        cluster.replicas[port] = restart_replica(cluster.config, port)
