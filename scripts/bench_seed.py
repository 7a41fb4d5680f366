"""Benchmark: seed-demo time and database size for N reports (default 1,000,000).

    .venv/bin/python scripts/bench_seed.py                   # 1M reports into a temp SQLite file
    .venv/bin/python scripts/bench_seed.py --reports 100000
    .venv/bin/python scripts/bench_seed.py --postgres postgresql://postgres@127.0.0.1:5432/test

The target (issue 2): 1,000,000 reports into SQLite in under 2 minutes on the
reference machine (2 cores). The SQLite file is written to a temporary
directory and removed afterwards unless --keep is given; with --postgres a
scratch database is created next to the one in the URL and dropped afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from data_layer.cli import migrate_and_load_reference
from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.demo import demo_counts, seed_demo

TARGET_SECONDS = 120


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--photos", type=int, default=None, help="photo sample (default: the demo's)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the SQLite file and print its path"
    )
    parser.add_argument("--postgres", metavar="URL", help="benchmark a scratch PostgreSQL database")
    args = parser.parse_args()
    if args.postgres:
        return _bench_postgres(args)
    directory = Path(tempfile.mkdtemp(prefix="bench_seed_"))
    path = directory / "pantau_bench.db"
    _bench(f"sqlite:///{path}", args)
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    print(f"database file   {size / 2**20:,.0f} MiB ({size / args.reports:,.0f} bytes/report)")
    print(f"WAL left over   {wal_size / 2**20:,.1f} MiB")
    if args.keep:
        print(f"kept            {path}")
    else:
        for leftover in directory.iterdir():
            leftover.unlink()
        directory.rmdir()
    return 0


def _bench(url: str, args: argparse.Namespace) -> float:
    engine = make_engine(url)
    started = time.perf_counter()
    migrate_and_load_reference(engine)
    migrated = time.perf_counter()
    summary = seed_demo(
        engine,
        reports=args.reports,
        seed=args.seed,
        photo_sample=args.photos,
        settings=Settings(database_url=url),
    )
    with make_session_factory(engine)() as session:
        counts = demo_counts(session)
    engine.dispose()
    print(f"backend         {make_url(url).get_backend_name()}")
    print(f"migrate+ref     {migrated - started:,.1f} s")
    print(
        f"seed-demo       {summary.seconds:,.1f} s  (target < {TARGET_SECONDS} s for 1M on SQLite)"
    )
    print(f"summary         {summary}")
    print("rows            " + ", ".join(f"{name} {value:,}" for name, value in counts.items()))
    print(
        f"rate            {args.reports / summary.seconds:,.0f} reports/s at {dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    return summary.seconds


def _bench_postgres(args: argparse.Namespace) -> int:
    admin = make_engine(args.postgres, isolation_level="AUTOCOMMIT")
    name = f"pantau_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    try:
        _bench(url, args)
        with admin.connect() as connection:
            size = connection.execute(
                text("SELECT pg_database_size(:name)"), {"name": name}
            ).scalar()
        print(f"database size   {size / 2**20:,.0f} MiB ({size / args.reports:,.0f} bytes/report)")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
