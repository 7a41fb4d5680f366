"""deploy/nginx.conf.template in Debian's real nginx, in front of two recording upstreams.

The upstreams are two tiny HTTP servers that answer with what reached them (port, path,
headers): the unit under test is nginx with our configuration, so what matters is what
nginx passes on, refuses, compresses and labels. The app itself behind nginx is
exercised by tests/e2e/test_browser_cluster.py.
"""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

from deploy.cluster import (
    MULTIPART_ALLOWANCE,
    NGINX,
    ClusterConfig,
    start_nginx,
    stop_nginx,
    write_nginx_config,
)
from deploy.static_files import compress_beside
from tests.conftest import skip_or_fail

PHOTO_LIMIT = 2 * 1024 * 1024  # small, so the refused upload stays quick
HASHED_JS = "/static/js/index.Ab12Cd34.js"
BIG_JSON = json.dumps([{"kelurahan": f"Kelurahan {i}", "laporan": i} for i in range(2000)])


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with what reached it; `/big.json` with a large JSON body."""

    def _answer(self, body_bytes: int = 0) -> None:
        if self.path == "/big.json":
            payload = BIG_JSON.encode()
            content_type = "application/json"
        else:
            seen = {
                "port": self.server.server_port,
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "body_bytes": body_bytes,
            }
            payload = json.dumps(seen).encode()
            content_type = "application/json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        received = 0
        while received < length:
            received += len(self.rfile.read(min(65536, length - received)))
        self._answer(received)

    def log_message(self, *_args) -> None:
        pass


@dataclass
class Proxy:
    port: int
    upstream_ports: tuple[int, int]

    def request(self, method: str, path: str, *, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def seen(self, path: str, **headers) -> dict:
        status, _headers, body = self.request("GET", path, headers=headers)
        assert status == 200, body
        return json.loads(body)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    if not Path(NGINX).exists():
        skip_or_fail("nginx not found: `make nginx` installs Debian's nginx")
    upstreams = [ThreadingHTTPServer(("127.0.0.1", 0), Recorder) for _ in range(2)]
    for server in upstreams:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    # Not pytest's tmp_path: nginx's workers (nobody, when the master is root) must be
    # able to reach the run and static directories.
    run_dir = Path(tempfile.mkdtemp(prefix="pantau-nginx-test-"))
    run_dir.chmod(0o755)
    static_root = run_dir / "static-root"
    script = static_root / HASHED_JS.lstrip("/")
    script.parent.mkdir(parents=True)
    script.write_text("console.log('Pantau Lapor');\n" * 400)
    compress_beside(script)
    config = ClusterConfig(
        run_dir=run_dir,
        port=_free_port(),
        replica_ports=tuple(server.server_port for server in upstreams),
    )
    write_nginx_config(config, photo_max_bytes=PHOTO_LIMIT, static_root=static_root)
    pid = start_nginx(config)
    try:
        yield Proxy(config.port, config.replica_ports)
    finally:
        stop_nginx(pid)
        for server in upstreams:
            server.shutdown()
        shutil.rmtree(run_dir, ignore_errors=True)


def test_pages_and_data_are_compressed_for_phones(proxy):
    status, headers, body = proxy.request("GET", "/big.json", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body).decode() == BIG_JSON
    assert len(body) < len(BIG_JSON) / 4

    status, headers, body = proxy.request("GET", "/big.json", headers={"Accept-Encoding": "br"})
    assert headers.get("Content-Encoding") == "br"
    assert brotli.decompress(body).decode() == BIG_JSON


def test_streamlit_frontend_is_served_precompressed_and_cached_for_a_year(proxy):
    status, headers, body = proxy.request(
        "GET", HASHED_JS, headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert status == 200
    assert headers.get("Content-Encoding") == "br"
    assert brotli.decompress(body).startswith(b"console.log('Pantau Lapor');")
    assert headers.get("Cache-Control") == "public, max-age=31536000, immutable"


def test_photos_are_cached_for_a_year_whatever_the_replica_says(proxy):
    status, headers, _body = proxy.request("GET", "/foto/abcdef0123456789")
    assert status == 200
    assert headers.get("Cache-Control") == "public, max-age=31536000, immutable"


def test_streamlit_metrics_are_not_exposed(proxy):
    for path in ("/_stcore/metrics", "/peta/_stcore/metrics", "/_stcore/metrics?x=1"):
        status, _headers, body = proxy.request("GET", path)
        assert status == 404, path
        assert b"headers" not in body  # never reached a replica


def test_an_upload_over_the_photo_limit_is_refused_before_any_replica(proxy):
    allowed = PHOTO_LIMIT + MULTIPART_ALLOWANCE
    status, _headers, body = proxy.request("POST", "/_stcore/upload_file/x/y", body=b"x" * allowed)
    assert status == 200
    assert json.loads(body)["body_bytes"] == allowed  # a photo at the limit gets through

    status, _headers, body = proxy.request(
        "POST", "/_stcore/upload_file/x/y", body=b"x" * (allowed + 1)
    )
    assert status == 413
    assert b"headers" not in body


def test_websocket_upgrade_headers_reach_the_replica(proxy):
    seen = proxy.seen(
        "/_stcore/stream",
        Upgrade="websocket",
        Connection="Upgrade",
        **{"Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="},
    )
    assert seen["headers"]["upgrade"] == "websocket"
    assert seen["headers"]["connection"].lower() == "upgrade"
    assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"
    # A plain request is not turned into an upgrade.
    assert "upgrade" not in proxy.seen("/")["headers"]


def _xsrf(mask: str, token: str, issued: int) -> str:
    return f"_streamlit_xsrf=2|{mask}|{token}|{issued}"


def test_affinity_follows_the_xsrf_cookie_not_the_client_address(proxy):
    # Every request here comes from one address (127.0.0.1), like phones behind a
    # carrier's NAT: visitors still spread over both replicas, by their cookie.
    ports = {
        proxy.seen("/", Cookie=_xsrf("0a0b0c0d", "ff" * 16, 1_700_000_000 + i))["port"]
        for i in range(40)
    }
    assert ports == set(proxy.upstream_ports)

    # One visitor keeps their replica, also after Streamlit re-masks the token (it does
    # on every health check, that is on every reconnect).
    for issued in (1_700_000_007, 1_700_000_123):
        homes = {
            proxy.seen("/_stcore/stream", Cookie=_xsrf(mask, token, issued))["port"]
            for mask, token in (("0a0b0c0d", "11" * 16), ("deadbeef", "ab" * 16), ("01", "02"))
            for _ in range(3)
        }
        assert len(homes) == 1, f"a visitor bounced between replicas: {homes}"


def test_health_endpoint_passes_through(proxy):
    assert proxy.seen("/healthz")["path"] == "/healthz"
