"""The browser suite: the real app (`streamlit run app.py`) in Debian's Chromium.

One Streamlit server per test session, on a free port, over a fresh demo database
(a temp SQLite file: `python -m data_layer seed-demo --reports 300 --seed 7`, plus a few
reports of our own: one full of script payloads, one resolved with a before/after pair,
and operator accounts). Base-map tiles are off (PANTAU_TILE_SERVER=none), so every
request the browser makes must go to the app's own host.

Each test gets a fresh browser context whose `Browser` helper records console errors,
uncaught exceptions, requests, response sizes and dialogs; a dialog (say, an `alert`
from an injected script) fails the test that saw it, whatever it was testing.

After every action the helpers wait for the app to finish its run
(`[data-testid="stApp"][data-test-script-state="notRunning"]`), never for a fixed time.

Without /usr/bin/chromium the suite skips (`make browser` installs it); under CI=true
it fails instead.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.states import PhotoKind, Status
from tests.conftest import skip_or_fail
from tests.factories import (
    VERIFIER,
    advance,
    make_report,
    opd_actor,
    prepared_photo,
)

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

OPERATOR_PASSWORD = "rahasia-e2e-2025"  # noqa: S105 - a throwaway test account
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
PAYLOAD_KELURAHAN = "3374011001"  # Miroto: the kelurahan the map tests click

PUBLIC_PATHS = ("beranda", "peta", "galeri", "lacak", "kinerja", "data-terbuka", "kirim")


# --- the app under test ------------------------------------------------------------------


@dataclass(frozen=True)
class SeededData:
    """What the suite put into the database besides the demo data."""

    payload_ticket: str
    resolved_ticket: str
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


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found: run `make browser` (Debian's chromium)")
    if not Path(STREAMLIT).exists():
        skip_or_fail(f"streamlit not found at {STREAMLIT}")
    return CHROMIUM


def run_cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [PYTHON, "-m", "data_layer", *args],
        cwd=REPO_ROOT, env=env, input=stdin, capture_output=True, text=True, check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"python -m data_layer {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def seed_database(path: Path) -> SeededData:
    """A demo database plus the suite's own reports and operator accounts."""
    url = f"sqlite:///{path}"
    run_cli(url, "seed-demo", "--reports", "300", "--seed", "7")
    for username, role, extra in (
        (VERIFIER_USERNAME, "verifikator", ()),
        (OPD_USERNAME, "opd", ("--opd", "dpu")),
        (ADMIN_USERNAME, "admin", ()),
    ):
        run_cli(url, "create-operator", username, "--role", role, *extra,
                "--password-stdin", stdin=OPERATOR_PASSWORD + "\n")
    settings = Settings(database_url=url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            payload = make_report(
                session, settings=settings, title=PAYLOAD_TITLE,
                description=PAYLOAD_DESCRIPTION, kelurahan_code=PAYLOAD_KELURAHAN,
                photos=(prepared_photo(settings, color=(90, 90, 200)),),
            )
            advance(session, report_id=payload.report_id, to=Status.SELESAI, settings=settings)
            resolved = make_report(
                session, settings=settings, title="Lampu PJU mati di gang sekolah",
                photos=(prepared_photo(settings, color=(30, 30, 30)),),
            )
            advance(session, report_id=resolved.report_id, to=Status.SELESAI, settings=settings)
    finally:
        engine.dispose()
    return SeededData(payload.ticket, resolved.ticket, url)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, log_path: Path, **extra_env: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PANTAU_TILE_SERVER": "none",
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        **extra_env,
    }
    command = [
        STREAMLIT, "run", "app.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]
    log = log_path.open("w")
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
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


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory, chromium_path) -> tuple[Path, SeededData]:
    path = tmp_path_factory.mktemp("e2e-db") / "pantau_e2e.db"
    return path, seed_database(path)


@pytest.fixture(scope="session")
def app_server(seeded_database, tmp_path_factory) -> Iterator[AppServer]:
    path, seeded = seeded_database
    log_path = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    process, url = start_server(seeded.database_url, log_path)
    try:
        yield AppServer(url, seeded.database_url, seeded, log_path)
    finally:
        stop_server(process)


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium_path):
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True
    )
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


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
        return self

    def wait_idle(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Wait until the app has finished its current run (and any run an action started)."""
        try:
            # An action's rerun starts a moment after the click; catch it if it comes.
            self.page.wait_for_selector(RUNNING, timeout=500, state="attached")
        except Exception:  # noqa: BLE001 - no rerun started: nothing to wait for
            pass
        self.page.wait_for_selector(IDLE, timeout=timeout_ms, state="attached")

    def main(self):
        return self.page.locator('[data-testid="stMain"]')

    def map_frame(self):
        """The streamlit-folium component's iframe (where Leaflet draws)."""
        return self.page.frame_locator('iframe[title="streamlit_folium.st_folium"]')

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    # what happened

    def foreign_requests(self) -> list[str]:
        """Requests that left the app's own host (data:, blob:, about: are local)."""
        return [
            url for url in self.recorded.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).netloc != self.server.host
        ]

    def text(self) -> str:
        return self.main().inner_text()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def app(browser_context, app_server) -> Iterator[Browser]:
    """A fresh tab on the app; any dialog it opened fails the test."""
    tab = Browser(browser_context.new_page(), app_server)
    yield tab
    assert tab.recorded.dialogs == [], f"a script ran and opened a dialog: {tab.recorded.dialogs}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


__all__ = [
    "PAYLOAD_DESCRIPTION",
    "PAYLOAD_TITLE",
    "PUBLIC_PATHS",
    "VERIFIER",
    "Browser",
    "PhotoKind",
    "opd_actor",
]
