"""What the browser suite drives: the app's server, its seed data, and a recording tab.

Kept apart from conftest.py (which only wires these into fixtures) so test modules can
import the constants and helpers by name.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.states import Status
from tests.factories import advance, make_report, prepared_photo
from ui.i18n import t
from ui.navigation import HOME as HOME_PAGE
from ui.navigation import PUBLIC_PAGES
from ui.operator_nav import LOGIN_URL_PATH, OPERATOR_PAGES

REPO_ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
STREAMLIT = str(Path(PYTHON).with_name("streamlit"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "artifacts" / "e2e"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
SERVER_START_TIMEOUT_S = 90
DEFAULT_TIMEOUT_MS = 30_000

OPERATOR_PASSWORD = "rahasia-e2e-2025"  # a throwaway test account
VERIFIER_USERNAME = "verif.e2e"
OPD_USERNAME = "dpu.e2e"
ADMIN_USERNAME = "admin.e2e"

# Script payloads put into a public report's title and description. Each would open a
# dialog if it ever ran; the page fixture fails any test that sees a dialog.
PAYLOAD_TITLE = "<img src=x onerror=alert('xss-title')> Jalan <script>alert('xss-script')</script>"
PAYLOAD_DESCRIPTION = (
    "Lubang besar <img src=x onerror=alert('xss-desc')> di jalan. "
    "[klik di sini](javascript:alert('xss-md')) "
    "<a href=\"javascript:alert('xss-link')\">tautan</a> "
    "<svg onload=alert('xss-svg')></svg>"
)
WORKFLOW_TITLE = "Trotoar ambles di depan Pasar Johar sisi timur"
QUEUE_TITLE = "Saluran air tersumbat di Jalan Kartini dekat sekolah"
PAYLOAD_KELURAHAN = "3374011001"  # Miroto: the kelurahan the map tests click

WEBSOCKET = "websocket"
SHELL_READY = '[data-testid="stSidebar"] input[type="radio"]'  # the language switch
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LEAFLET_SHAPE = "path.leaflet-interactive"
# Runs inside the map's iframe: find the Leaflet layer of a kelurahan (by its GeoJSON
# code) and a point where that shape, and nothing else, is under the mouse.
FIND_SHAPE_POINT = """async (mapDiv, code) => {
    let target = null;
    window.map.eachLayer(layer => {
        const feature = layer.feature;
        if (feature && layer._path && (feature.id === code
                || (feature.properties && feature.properties.code === code))) {
            target = layer;
        }
    });
    if (!target) return null;
    // Small kelurahan in the old town are a few pixels wide at city zoom: zoom in on the
    // shape first, as a person would, then wait for Leaflet to redraw.
    window.map.fitBounds(target.getBounds(), {animate: false, maxZoom: 16});
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const path = target._path;
    const box = path.getBoundingClientRect();
    for (let step = 2; step <= 32; step *= 2) {
        for (let i = 1; i < step; i += 2) {
            for (let j = 1; j < step; j += 2) {
                const x = box.left + box.width * i / step;
                const y = box.top + box.height * j / step;
                if (document.elementFromPoint(x, y) === path) return [x, y];
            }
        }
    }
    return null;
}"""

STREAMLIT_PROBE = re.compile(r"status of 404 .*'url': '[^']*/_stcore/(health|host-config)'")

# The status page (beranda) is the default page, served at "/" (and at /beranda for links).
HOME = ""
# Every public page of the navigation registry (a new page is driven here by being added there).
PUBLIC_PATHS = tuple(HOME if page is HOME_PAGE else page.url_path for page in PUBLIC_PAGES)
# Every page path the app links to or prints anywhere: the root, each public page by its
# own name (the home page's included), the operator sign-in and every operator page.
APP_PATHS = (
    HOME,
    *(page.url_path for page in PUBLIC_PAGES),
    LOGIN_URL_PATH,
    *(page.url_path for page in OPERATOR_PAGES),
)


def page_name(path: str) -> str:
    """A readable name for a page path (test ids, screenshot files)."""
    return path or "beranda"


# --- the app under test ------------------------------------------------------------------


@dataclass(frozen=True)
class SeededData:
    """What the suite put into the database besides the demo data."""

    payload_ticket: str
    resolved_ticket: str
    workflow_ticket: str  # received, with a before photo, waiting for the operators
    queue_ticket: str  # received, waiting for verification (the queue test's own)
    database_url: str


@dataclass
class AppServer:
    url: str
    database_url: str
    seeded: SeededData
    log_path: Path

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


def run_cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [PYTHON, "-m", "data_layer", *args],
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"python -m data_layer {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def seed_database(path: Path) -> SeededData:
    """A demo database (a SQLite file) plus the suite's own reports and operator accounts."""
    return seed_database_at(f"sqlite:///{path}")


def seed_database_at(url: str) -> SeededData:
    """Demo data plus the suite's own reports and operator accounts, in the database at `url`."""
    run_cli(url, "seed-demo", "--reports", "300", "--seed", "7")
    for username, role, extra in (
        (VERIFIER_USERNAME, "verifikator", ()),
        (OPD_USERNAME, "opd", ("--opd", "dpu")),
        (ADMIN_USERNAME, "admin", ()),
    ):
        run_cli(
            url,
            "create-operator",
            username,
            "--role",
            role,
            *extra,
            "--password-stdin",
            stdin=OPERATOR_PASSWORD + "\n",
        )
    settings = Settings(database_url=url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            payload = make_report(
                session,
                settings=settings,
                title=PAYLOAD_TITLE,
                description=PAYLOAD_DESCRIPTION,
                kelurahan_code=PAYLOAD_KELURAHAN,
                photos=(prepared_photo(settings, color=(90, 90, 200)),),
            )
            advance(session, report_id=payload.report_id, to=Status.SELESAI, settings=settings)
            resolved = make_report(
                session,
                settings=settings,
                title="Lampu PJU mati di gang sekolah",
                photos=(prepared_photo(settings, color=(30, 30, 30)),),
            )
            advance(session, report_id=resolved.report_id, to=Status.SELESAI, settings=settings)
            waiting = make_report(
                session,
                settings=settings,
                title=WORKFLOW_TITLE,
                description="Trotoar ambles sedalam 30 cm, pejalan kaki harus turun ke jalan.",
                photos=(prepared_photo(settings, color=(150, 120, 40)),),
            )
            # Its own report: the operator journey moves the workflow report on, and
            # the suite's server is shared, so the queue test may run after it.
            queued = make_report(session, settings=settings, title=QUEUE_TITLE)
    finally:
        engine.dispose()
    return SeededData(payload.ticket, resolved.ticket, waiting.ticket, queued.ticket, url)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    database_url: str, log_path: Path, **extra_env: str
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PANTAU_TILE_SERVER": "none",
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        # Every browser here is one client address (127.0.0.1) on one shared server:
        # the per-address limits are tested in tests/pages and tests/api, not here.
        "PANTAU_SUBMISSIONS_PER_ADDRESS_PER_HOUR": "1000",
        "PANTAU_TICKET_LOOKUPS_PER_ADDRESS": "100000",
        "PANTAU_EXPENSIVE_REQUESTS_PER_ADDRESS": "100000",
        **extra_env,
    }
    command = [
        STREAMLIT,
        "run",
        "serve.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = log_path.open("w")
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    stop_server(process)
    raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


# --- the browser -------------------------------------------------------------------------


@dataclass
class Recorded:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    response_bytes: dict[str, int] = field(default_factory=dict)


class Browser:
    """One browser tab on the app, with everything it did recorded."""

    def __init__(self, page, server: AppServer):
        self.page = page
        self.server = server
        self.recorded = Recorded()
        page.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.recorded.page_errors.append(str(error)))
        page.on("request", lambda request: self.recorded.requests.append(request.url))
        page.on("dialog", self._on_dialog)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.recorded.console_errors.append(f"{message.text} @ {message.location}")

    def _on_dialog(self, dialog) -> None:
        self.recorded.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # navigation and waiting

    def open(self, path: str = "", **query: str) -> Browser:
        """Open a page of the app (`path` like "peta" or "lacak?tiket=X") and wait for it."""
        url = f"{self.server.url}/{path.lstrip('/')}"
        if query:
            separator = "&" if "?" in url else "?"
            url += separator + "&".join(f"{key}={value}" for key, value in query.items())
        self.page.goto(url)
        self.wait_idle()
        self._close_page_not_found()
        self._wait_for_shell()
        return self

    def _wait_for_shell(self) -> None:
        """Give the frame (menu, language switch) a moment to arrive after the main run.

        A page whose first run ends in a rerun reaches "notRunning" before the sidebar of
        the second run is drawn. No failure here: the tests that care assert the shell.
        """
        with contextlib.suppress(PlaywrightTimeout):
            self.page.locator(SHELL_READY).first.wait_for(timeout=10_000)

    def _close_page_not_found(self) -> None:
        """Close Streamlit's "Page not found" modal if a first load raced into it.

        On a fresh session Streamlit sometimes reports a registered page as missing and
        then runs it anyway (seen before URL paths equalled file names). The modal blocks every
        control, so journeys close it and go on; the console error it logs still fails
        test_public_pages, which is where that bug is reported.
        """
        modal = self.page.locator('[role="dialog"]').filter(has_text="does not seem to exist")
        if modal.count():
            modal.get_by_role("button").first.click()
            modal.wait_for(state="detached")

    def wait_idle(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Wait until the app has finished its current run (and any run an action started)."""
        # An action's rerun starts a moment after the click; catch it if it comes.
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_selector(RUNNING, timeout=500, state="attached")
        self.page.wait_for_selector(IDLE, timeout=timeout_ms, state="attached")

    def widget(self, key: str):
        """The container Streamlit gives a widget with `key` (class st-key-<key>, dots as -)."""
        return self.page.locator(f".st-key-{key.replace('.', '-')}")

    def choose(self, key: str, option: str) -> None:
        """Pick `option` (its visible label) in the selectbox with `key`."""
        self.pick(self.widget(key).get_by_role("combobox"), option)

    def pick(self, combo, option: str, attempts: int = 3) -> None:
        """Pick `option` in a searchable selectbox: type it, then click the exact match.

        Typing opens the list more reliably than a click; if the box was redrawn under
        the mouse (a rerun just ended), the list never shows, so try again.
        """
        for attempt in range(attempts):
            self.wait_idle()
            if combo.input_value() == option:
                return  # already chosen (say, the only choice there is)
            combo.click()
            combo.fill(option)
            choice = self.page.get_by_role("option", name=option, exact=True)
            try:
                choice.click(timeout=5_000)
            except PlaywrightTimeout:
                if attempt == attempts - 1:
                    raise
                combo.press("Escape")
                continue
            self.wait_idle()
            return

    def choose_first(self, key: str, text: str) -> None:
        """Type `text` into the searchable selectbox with `key` and take the first match."""
        combo = self.widget(key).get_by_role("combobox")
        combo.click()
        combo.fill(text)
        self.page.get_by_role("option").filter(has_text=text).first.click()
        self.wait_idle()

    def type_into(self, key: str, text: str) -> None:
        """Fill the text field with `key` and leave it (Streamlit commits on blur)."""
        field = self.widget(key).locator("input, textarea").first
        field.fill(text)
        field.press("Tab")
        self.wait_idle()

    def click_button(self, name: str) -> None:
        self.main().get_by_role("button", name=name).click()
        self.wait_idle()

    def main(self):
        return self.page.locator('[data-testid="stMain"]')

    def map_frame(self):
        """The streamlit-folium component's iframe (where Leaflet draws).

        Right after a rerun that rebuilds the map, the old iframe lingers for a moment
        beside the new one; the new one comes last.
        """
        return self.page.locator(MAP_IFRAME).last.content_frame

    def evaluate_on_map(self, script: str, *args):
        """Run `script` on the map's `#map_div` once Leaflet's map exists.

        A rerun after a click can rebuild the map; for a moment the new iframe has no
        `window.map` yet. The script returns null while that is so, and is run again.
        """
        deadline = time.monotonic() + 10
        while True:
            result = self.map_frame().locator("#map_div").evaluate(script, *args)
            if result is not None or time.monotonic() > deadline:
                return result
            self.page.wait_for_timeout(250)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{slug(name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    # what happened

    def record_transfer(self) -> None:
        """From now on, add up what reaches the browser: every HTTP response (headers and
        body as sent) and every websocket frame the server pushes (Streamlit sends the
        page's elements, the map's HTML included, over its websocket)."""

        def on_finished(request) -> None:
            sizes = request.sizes()
            self.recorded.response_bytes[request.url] = (
                self.recorded.response_bytes.get(request.url, 0)
                + sizes["responseHeadersSize"]
                + max(sizes["responseBodySize"], 0)
            )

        def on_websocket(socket) -> None:
            def on_frame(payload) -> None:
                self.recorded.response_bytes[WEBSOCKET] = self.recorded.response_bytes.get(
                    WEBSOCKET, 0
                ) + len(payload)

            socket.on("framereceived", on_frame)

        self.page.on("requestfinished", on_finished)
        self.page.on("websocket", on_websocket)

    def transferred_bytes(self) -> int:
        return sum(self.recorded.response_bytes.values())

    def transfer_breakdown(self) -> dict[str, int]:
        """Bytes by origin: Streamlit's frontend, the map's vendor files, the component, data."""
        groups: dict[str, int] = {}
        for url, size in self.recorded.response_bytes.items():
            path = urlsplit(url).path
            if url == WEBSOCKET:
                group = "websocket (app data, map HTML)"
            elif path.startswith("/app/static/vendor/"):
                group = "self-hosted Leaflet and plugins"
            elif path.startswith("/component/"):
                group = "streamlit-folium component"
            elif path.startswith("/static/"):
                group = "Streamlit frontend (JS, CSS, fonts)"
            else:
                group = "other (page, health, host config, media)"
            groups[group] = groups.get(group, 0) + size
        return groups

    def hover_kelurahan(self, code: str) -> tuple[float, float]:
        """Move the mouse onto kelurahan `code` on the map, the way a hand would."""
        x, y = self.map_point(code)
        self.page.mouse.move(x - 25, y - 25)
        self.page.mouse.move(x, y, steps=8)
        return x, y

    def click_kelurahan(self, code: str) -> None:
        x, y = self.hover_kelurahan(code)
        self.page.mouse.click(x, y)
        self.wait_idle()

    def map_point(self, code: str) -> tuple[float, float]:
        """Page coordinates of a point inside kelurahan `code`'s shape, as drawn right now."""
        iframe = self.page.locator(MAP_IFRAME).last
        iframe.scroll_into_view_if_needed()
        frame = self.map_frame()
        frame.locator(LEAFLET_SHAPE).first.wait_for()
        # streamlit-folium may redraw the map once more after the first render (its first
        # returned value causes a rerun); a shape looked for mid-redraw is briefly absent,
        # so look again for a few seconds before deciding it is not there.
        deadline = time.monotonic() + 10
        while (point := frame.locator("#map_div").evaluate(FIND_SHAPE_POINT, code)) is None:
            if time.monotonic() > deadline:
                break
            self.page.wait_for_timeout(250)
        assert point is not None, f"kelurahan {code} has no visible shape on the map"
        box = iframe.bounding_box()
        return box["x"] + point[0], box["y"] + point[1]

    def js_errors(self) -> list[str]:
        """Uncaught exceptions and console errors, less Streamlit's own base-path probes.

        Streamlit's frontend looks for its server under the page's path first
        (`/peta/_stcore/health`, `/peta/_stcore/host-config`) and logs the 404s before it
        tries the root; those are not errors of the app.
        """
        console = [
            error for error in self.recorded.console_errors if not STREAMLIT_PROBE.search(error)
        ]
        return self.recorded.page_errors + console

    def foreign_requests(self) -> list[str]:
        """Requests that left the app's own host (data:, blob:, about: are local)."""
        return [
            url
            for url in self.recorded.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).netloc != self.server.host
        ]

    def text(self) -> str:
        return self.main().inner_text()


# Before the browser comes back from the route that sets the session cookie.
_OLD_DOCUMENT_FLAG = "window.__pantauBeforeSignIn"


def submit_sign_in(app: Browser, username: str, timeout_ms: int = 60_000) -> None:
    """Sign in on the operator sign-in page and wait until the browser is back from the
    route that sets the session cookie (a new document, idle).

    The first run after the click already shows the operator's menu; then a script sends
    the browser through the cookie route and back. A click in between is lost to that
    reload, so a test may only go on once the new document is there."""
    app.open("operator_masuk")
    main = app.main()
    main.get_by_label(t("op.login.username", lang="id"), exact=True).fill(username)
    main.get_by_label(t("op.login.password", lang="id"), exact=True).fill(OPERATOR_PASSWORD)
    app.page.evaluate(f"{_OLD_DOCUMENT_FLAG} = true")
    main.get_by_role("button", name=t("op.login.submit", lang="id")).click()
    # Polled in whichever document is current: true only once the old one is gone.
    app.page.wait_for_function(f"() => !{_OLD_DOCUMENT_FLAG}", timeout=timeout_ms)
    app.page.wait_for_load_state("load", timeout=timeout_ms)
    app.wait_idle(timeout_ms)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
