"""Two (or more) app replicas on one database behind nginx: `make cluster`, `make cluster-stop`.

    python deploy/cluster.py start [--demo] [--port 8080] [--replicas 2]
    python deploy/cluster.py stop

`start` migrates the database (DATABASE_URL; default a database on the local PostgreSQL
test server, created when missing), seeds demo data into it when asked and empty, starts
`streamlit run serve.py` once per replica port, waits for each replica's `/healthz`,
renders deploy/nginx.conf.template into the run directory and starts Debian's nginx there
as an ordinary process (its own prefix, pid file, logs and temp directories; never the
system nginx service). `stop` ends exactly the processes `start` recorded.

Replicas share what must be shared: the database, and Streamlit's cookie secret
(STREAMLIT_SERVER_COOKIE_SECRET; generated once into the run directory when unset, so
the demo works without setup). docs/deploy.md explains every setting.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script: `python deploy/cluster.py`
    sys.path.insert(0, str(REPO_ROOT))

from deploy.static_files import prepare_assets, prepare_static_root  # noqa: E402

TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/pantau_cluster"
DEFAULT_RUN_DIR = Path(tempfile.gettempdir()) / "pantau-cluster"
STATE_FILE = "cluster.json"
# Room for the multipart envelope around an uploaded file (boundary, part headers):
# the uploader accepts a photo of exactly the limit, and nginx must let it through.
MULTIPART_ALLOWANCE = 64 * 1024
START_TIMEOUT_S = 120


class ClusterError(RuntimeError):
    """The cluster could not start; the message says what to look at."""


@dataclass(frozen=True)
class ClusterConfig:
    run_dir: Path = DEFAULT_RUN_DIR
    database_url: str = DEFAULT_DATABASE_URL
    listen_host: str = "127.0.0.1"
    port: int = 8080
    replica_ports: tuple[int, ...] = (8601, 8602)
    # Host names visitors use: nginx's server_name and Streamlit's server.allowedHosts.
    server_names: tuple[str, ...] = ("localhost", "127.0.0.1")
    # Extra environment for the replicas (limits in tests, say).
    replica_env: dict[str, str] = field(default_factory=dict)
    worker_processes: int = 1

    @property
    def url(self) -> str:
        return f"http://{self.listen_host}:{self.port}"

    def replica_url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"


# --- nginx configuration ------------------------------------------------------------------


def render_nginx_config(config: ClusterConfig, *, photo_max_bytes: int, static_root: Path) -> str:
    """deploy/nginx.conf.template with this cluster's values filled in."""
    upstreams = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
        for port in config.replica_ports
    )
    values = {
        "RUN_DIR": str(config.run_dir),
        "WORKER_PROCESSES": str(config.worker_processes),
        "UPSTREAM_SERVERS": upstreams,
        "LISTEN": f"{config.listen_host}:{config.port}",
        "SERVER_NAMES": " ".join(config.server_names),
        "CLIENT_MAX_BODY_SIZE": str(photo_max_bytes + MULTIPART_ALLOWANCE),
        "STATIC_ROOT": str(static_root),
        "ASSETS_ROOT": str(config.run_dir / "assets"),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        raise ClusterError("nginx.conf.template has a placeholder the launcher does not fill")
    return text


def write_nginx_config(config: ClusterConfig, *, photo_max_bytes: int, static_root: Path) -> Path:
    """Render the configuration into the run directory and have nginx check it."""
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (config.run_dir / "temp" / name).mkdir(parents=True, exist_ok=True)
    path = config.run_dir / "nginx.conf"
    path.write_text(
        render_nginx_config(config, photo_max_bytes=photo_max_bytes, static_root=static_root)
    )
    checked = _nginx(config, "-t")
    if checked.returncode != 0:
        raise ClusterError(f"nginx -t refused the configuration:\n{checked.stderr}")
    return path


def start_nginx(config: ClusterConfig) -> int:
    """Start nginx (it daemonizes) on the rendered configuration; return its master's pid."""
    started = _nginx(config)
    if started.returncode != 0:
        raise ClusterError(f"nginx did not start:\n{started.stderr}")
    return int((config.run_dir / "nginx.pid").read_text())


def stop_nginx(pid: int) -> None:
    """Graceful stop (open requests finish), then a firm one."""
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGQUIT)
    if not _wait_gone(pid, timeout_s=10):
        os.kill(pid, signal.SIGTERM)
        _wait_gone(pid, timeout_s=5)


def _nginx(config: ClusterConfig, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-p", str(config.run_dir), "-c", str(config.run_dir / "nginx.conf"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


# --- database and replicas ----------------------------------------------------------------


def _cli(database_url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "data_layer", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ClusterError(f"python -m data_layer {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def ensure_postgres_database(database_url: str) -> None:
    """Create the PostgreSQL database named in the URL when the server lacks it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not url.get_backend_name().startswith("postgresql"):
        return
    admin = create_engine(
        url.set(drivername="postgresql+psycopg", database="postgres"),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


def prepare_database(database_url: str, *, demo_reports: int | None) -> None:
    """Schema to head (Alembic), then demo data when asked and the database has none."""
    ensure_postgres_database(database_url)
    _cli(database_url, "migrate")
    if demo_reports is None:
        return
    from data_layer.db import make_engine, make_session_factory
    from data_layer.demo import database_is_empty

    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            empty = database_is_empty(session)
    finally:
        engine.dispose()
    if empty:
        _cli(database_url, "seed-demo", "--reports", str(demo_reports), "--seed", "2025")


def cookie_secret(run_dir: Path) -> str:
    """The secret every replica signs cookies with: the environment's, else one kept in
    the run directory (so a restarted replica still accepts its visitors' cookies)."""
    configured = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET", "").strip()
    if configured:
        return configured
    path = run_dir / "cookie_secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def replica_environment(config: ClusterConfig, *, photo_max_bytes: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": config.database_url,
        # nginx is the one proxy of ours in front: trust its X-Forwarded-For entry.
        "PANTAU_TRUSTED_PROXY_HOPS": "1",
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(config.run_dir),
        "STREAMLIT_SERVER_ALLOWED_HOSTS": " ".join(config.server_names),
        # The uploader states the app's own photo limit, and refuses bigger files
        # before sending them (config.toml says the same; a test keeps them equal).
        "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": str(max(1, photo_max_bytes // 2**20)),
        # The websocket carries each page's elements (the map's HTML: 150 kB on Peta);
        # per-message deflate shrinks that several times for phones.
        "STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": "true",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **config.replica_env,
    }


def start_replica(config: ClusterConfig, port: int, env: dict[str, str]) -> subprocess.Popen:
    streamlit = str(Path(sys.executable).with_name("streamlit"))
    log = (config.run_dir / f"replica-{port}.log").open("a")
    command = [streamlit, "run", "serve.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1"]
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_healthy(url: str, *, process: subprocess.Popen | None = None, log: Path | None = None):
    """Wait for `url` + /healthz to answer 200 (the database is reachable through it)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text()[-3000:] if log and log.exists() else ""
            raise ClusterError(f"{url} exited early:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=3) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise ClusterError(f"{url}/healthz did not answer 200 within {START_TIMEOUT_S} s")


# --- start and stop -----------------------------------------------------------------------


def start(config: ClusterConfig, *, demo_reports: int | None = None) -> dict:
    """Start the replicas and nginx; return the recorded state (pids, URLs)."""
    if not Path(NGINX).exists():
        raise ClusterError("nginx not found: `make cluster` installs Debian's nginx")
    if (config.run_dir / STATE_FILE).exists():
        stop(config.run_dir)
    config.run_dir.mkdir(parents=True, exist_ok=True)

    from data_layer.config import Settings

    photo_max_bytes = Settings(database_url=config.database_url).photo_max_bytes
    prepare_database(config.database_url, demo_reports=demo_reports)
    prepare_assets(config.run_dir / "assets")
    write_nginx_config(config, photo_max_bytes=photo_max_bytes, static_root=prepare_static_root())

    env = replica_environment(config, photo_max_bytes=photo_max_bytes)
    state: dict = {"url": config.url, "replicas": {}, "run_dir": str(config.run_dir)}
    try:
        for port in config.replica_ports:
            process = start_replica(config, port, env)
            state["replicas"][str(port)] = process.pid
            _save(config.run_dir, state)
        for port in config.replica_ports:
            wait_healthy(config.replica_url(port), log=config.run_dir / f"replica-{port}.log")
        state["nginx"] = start_nginx(config)
        _save(config.run_dir, state)
        wait_healthy(config.url)
    except BaseException:
        stop(config.run_dir)
        raise
    return state


def restart_replica(config: ClusterConfig, port: int) -> int:
    """Start the replica on `port` again (after a crash, an upgrade); record and return
    its pid once its /healthz answers. nginx sends it visitors again by itself."""
    from data_layer.config import Settings

    photo_max_bytes = Settings(database_url=config.database_url).photo_max_bytes
    state = json.loads((config.run_dir / STATE_FILE).read_text())
    old = state["replicas"].get(str(port))
    if old:
        stop_replica(old)
    process = start_replica(
        config, port, replica_environment(config, photo_max_bytes=photo_max_bytes)
    )
    state["replicas"][str(port)] = process.pid
    _save(config.run_dir, state)
    wait_healthy(config.replica_url(port), process=process)
    return process.pid


def stop_replica(pid: int, *, timeout_s: float = 15) -> None:
    """End one replica we started (its own process group), politely first."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.1)


def stop(run_dir: Path) -> None:
    """End nginx and the replicas recorded in `run_dir` (and nothing else)."""
    path = run_dir / STATE_FILE
    if not path.exists():
        return
    state = json.loads(path.read_text())
    if state.get("nginx"):
        stop_nginx(state["nginx"])
    for pid in state.get("replicas", {}).values():
        stop_replica(pid)
    path.unlink()


def _alive(pid: int) -> bool:
    try:
        waited, _status = os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_gone(pid: int, *, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def _save(run_dir: Path, state: dict) -> None:
    (run_dir / STATE_FILE).write_text(json.dumps(state, indent=2))


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("start", "stop"))
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR)
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", 8080)))
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--first-replica-port", type=int, default=8601)
    parser.add_argument(
        "--demo",
        type=int,
        nargs="?",
        const=3000,
        default=None,
        metavar="REPORTS",
        help="seed this many demo reports (default 3000) when the database is empty",
    )
    args = parser.parse_args(argv)
    if args.command == "stop":
        stop(args.run_dir)
        print(f"cluster in {args.run_dir} stopped")
        return 0
    config = ClusterConfig(
        run_dir=args.run_dir,
        database_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        port=args.port,
        replica_ports=tuple(args.first_replica_port + i for i in range(args.replicas)),
    )
    try:
        state = start(config, demo_reports=args.demo)
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Pantau Lapor on {state['url']} ({len(config.replica_ports)} replicas behind nginx)")
    print(f"logs and pids in {config.run_dir}; `make cluster-stop` ends it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
