"""Speed of the machine interfaces at scale: Open311 `requests.json` and the streamed CSV export.

Measures, per database engine, against a real HTTP server on loopback (uvicorn
serving exactly the routes `serve.py` mounts, in a process of its own):

- `GET /api/v2/requests.json` returning 1,000 results (the spec's maximum),
  for the newest 90-day window of the data: the first call and the median of
  `--runs` more (issue 10 wants <= 300 ms);
- the same with a `service_code` filter;
- the city's Atom feed, whole and for one kelurahan;
- `GET /data/laporan.csv` for one kelurahan, one kecamatan, then every public report:
  rows, megabytes, seconds, and the server's peak RSS (VmHWM) before and after,
  to show that memory stays flat whatever the size of the export.

Usage:

    .venv/bin/python scripts/bench_api.py --sqlite /work/bench/i10/sqlite_1m.db \\
        --postgres postgresql://postgres@127.0.0.1:5432/i10_bench_1m [--runs 7]

A database that does not exist yet (or is empty) is filled first with the demo
seeder (`python -m data_layer seed-demo --reports N`); either engine may be left out.
Keep benchmark databases outside the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent

SERVER = """
import sys
import uvicorn
from starlette.applications import Starlette
import api
app = Starlette(routes=api.routes(), middleware=api.middleware())
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", type=Path, help="SQLite file (filled first when missing)")
    parser.add_argument("--postgres", help="PostgreSQL URL of an existing database")
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    urls = []
    if args.sqlite:
        urls.append(("sqlite", f"sqlite:///{args.sqlite.resolve()}"))
    if args.postgres:
        urls.append(("postgresql", args.postgres))
    if not urls:
        parser.error("give --sqlite and/or --postgres")
    for name, url in urls:
        prepare(url, args.reports)
        print(f"\n== {name}: {url}")
        bench_engine(url, args.runs, args.port)
    return 0


def cli(url: str, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "data_layer", *arguments],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def prepare(url: str, reports: int) -> None:
    from data_layer.db import make_engine, make_session_factory, refresh_planner_statistics
    from data_layer.demo import database_is_empty

    cli(url, "migrate")
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            empty = database_is_empty(session)
        if empty:
            print(f"seeding {reports:,} demo reports into {url} …", flush=True)
            print(cli(url, "seed-demo", "--reports", str(reports)))
        refresh_planner_statistics(engine)
        if engine.dialect.name == "postgresql":
            # Right after a bulk seed autovacuum may not have run yet; production
            # databases get their statistics from it.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def first_kelurahan(url: str) -> str:
    """A kelurahan of whichever city the database holds (the first by code)."""
    from sqlalchemy import func, select

    from data_layer.db import make_engine, make_session_factory
    from data_layer.models import Kelurahan

    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return session.scalar(select(func.min(Kelurahan.code)))
    finally:
        engine.dispose()


def kecamatan_of(url: str, kelurahan: str) -> str:
    """The kecamatan of that kelurahan (a middle-sized export)."""
    from sqlalchemy import select

    from data_layer.db import make_engine, make_session_factory
    from data_layer.models import Kelurahan

    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return session.scalar(
                select(Kelurahan.kecamatan_code).where(Kelurahan.code == kelurahan)
            )
    finally:
        engine.dispose()


def newest_window(url: str) -> tuple[str, str, int]:
    """The newest 90 days of public reports in the data, and how many public reports in all."""
    from sqlalchemy import func, select

    from data_layer.db import make_engine, make_session_factory
    from data_layer.models import Report
    from data_layer.queries.public import listed_where

    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            newest = session.scalar(listed_where(select(func.max(Report.received_at))))
            total = session.scalar(listed_where(select(func.count()).select_from(Report)))
    finally:
        engine.dispose()
    start = newest - dt.timedelta(days=90)
    return (
        start.isoformat(timespec="seconds") + "Z",
        newest.isoformat(timespec="seconds") + "Z",
        total,
    )


def start_server(url: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the API server did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_get(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 (loopback http)
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


def bench_requests(base: str, label: str, params: dict[str, str], runs: int) -> None:
    url = f"{base}/api/v2/requests.json?{urlencode(params)}"
    first, body = timed_get(url)
    count = len(json.loads(body))
    times = [timed_get(url)[0] for _ in range(runs)]
    print(
        f"requests.json {label}: {count} results; first {first:.0f} ms; "
        f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, "
        f"{runs} runs)"
    )


def bench_feed(base: str, label: str, params: dict[str, str], runs: int) -> None:
    url = f"{base}/feeds/laporan.atom" + (f"?{urlencode(params)}" if params else "")
    first, body = timed_get(url)
    times = [timed_get(url)[0] for _ in range(runs)]
    entries = body.count(b"<entry>")
    print(
        f"laporan.atom {label}: {entries} entries; first {first:.0f} ms; "
        f"median {statistics.median(times):.0f} ms ({runs} runs)"
    )


def stream_csv(base: str, pid: int, params: dict[str, str], label: str) -> None:
    url = f"{base}/data/laporan.csv" + (f"?{urlencode(params)}" if params else "")
    started = time.perf_counter()
    size = rows = 0
    with urllib.request.urlopen(url, timeout=3600) as response:  # noqa: S310 (loopback http)
        while chunk := response.read(1 << 20):
            size += len(chunk)
            rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    print(
        f"laporan.csv {label}: ~{rows - 1:,} lines, {size / 1e6:.1f} MB in {seconds:.1f} s; "
        f"server peak RSS now {peak_rss_mb(pid):.0f} MB"
    )


def bench_engine(url: str, runs: int, port: int) -> None:
    start, end, total = newest_window(url)
    print(f"{total:,} listed public reports; newest 90-day window {start} .. {end}")
    process = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"server peak RSS after start: {peak_rss_mb(process.pid):.0f} MB")
        window = {"start_date": start, "end_date": end}
        bench_requests(base, "newest 90 days", window, runs)
        bench_requests(
            base,
            "newest 90 days, service_code=jalan_rusak",
            {**window, "service_code": "jalan_rusak"},
            runs,
        )
        bench_feed(base, "city", {}, runs)
        kelurahan = first_kelurahan(url)
        bench_feed(base, "one kelurahan", {"kelurahan": kelurahan}, runs)
        stream_csv(base, process.pid, {"kelurahan": kelurahan}, "one kelurahan")
        stream_csv(base, process.pid, {"kecamatan": kecamatan_of(url, kelurahan)}, "one kecamatan")
        stream_csv(base, process.pid, {}, "every public report")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
