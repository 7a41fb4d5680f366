"""Backup and restore times at a million reports, on SQLite and PostgreSQL (docs/backup.md).

For each engine the script seeds a demo database once (or reuses it, like
bench_pages.py), then times `data_layer.backup.backup` into a scratch file and
`restore` of that file into a brand-new database, and prints one row per engine:
database size, backup size, backup seconds, restore seconds. The scratch backup
and the restored database are deleted afterwards; the seeded database is kept.

Usage:

    .venv/bin/python scripts/bench_backup.py --reports 1000000
        [--sqlite ~/pantau-bench/backup_1m.db]
        [--postgres postgresql://postgres@127.0.0.1:5432/pantau_bench_backup_1m]
        [--engines sqlite,postgresql] [--as-is]

Speed is measured here, never in timed tests (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_pages import BENCH_DIR, prepare  # noqa: E402 (after the path set-up)

DEFAULT_SQLITE = BENCH_DIR / "backup_1m.db"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/pantau_bench_backup_1m"


def _size(engine_name: str, url: str) -> int:
    from sqlalchemy import text

    from data_layer.db import make_engine

    if engine_name == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(text("SELECT pg_database_size(current_database())")))
    finally:
        engine.dispose()


def _postgres_admin(url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from data_layer.db import normalise_url

    target = make_url(normalise_url(url))
    return target, create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")


def measure(engine_name: str, url: str) -> dict[str, float]:
    from data_layer.backup import backup, restore

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    scratch = BENCH_DIR / f"bench_backup_{os.getpid()}.{engine_name}"
    scratch.unlink(missing_ok=True)
    admin = None
    if engine_name == "sqlite":
        target_path = BENCH_DIR / f"bench_restore_{os.getpid()}.db"
        target = f"sqlite:///{target_path}"
    else:
        parsed, admin = _postgres_admin(url)
        name = f"pantau_bench_restore_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        target = parsed.set(database=name).render_as_string(hide_password=False)
    try:
        made = backup(url, scratch)
        started = time.perf_counter()
        restored = restore(target, scratch)
        restore_seconds = time.perf_counter() - started
        return {
            "database_mb": _size(engine_name, url) / 1e6,
            "backup_mb": made.bytes / 1e6,
            "backup_s": made.seconds,
            "restore_s": restore_seconds,
            "reports": restored.reports,
        }
    finally:
        scratch.unlink(missing_ok=True)
        if engine_name == "sqlite":
            for leftover in target_path.parent.glob(target_path.name + "*"):
                leftover.unlink()
        else:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="measure the databases as they are (no seeding, no migration: read-only)",
    )
    args = parser.parse_args()
    urls = {"sqlite": f"sqlite:///{args.sqlite}", "postgresql": args.postgres}
    rows = []
    for engine_name in [name.strip() for name in args.engines.split(",") if name.strip()]:
        if not args.as_is:
            prepare(engine_name, urls[engine_name], args)
        print(f"{engine_name}: backing up and restoring …", file=sys.stderr)
        rows.append((engine_name, measure(engine_name, urls[engine_name])))
    print("| engine | reports | database | backup file | backup | restore |")
    print("|---|---|---|---|---|---|")
    for engine_name, row in rows:
        print(
            f"| {engine_name} | {row['reports']:,} | {row['database_mb']:,.0f} MB | "
            f"{row['backup_mb']:,.0f} MB | {row['backup_s']:.1f} s | {row['restore_s']:.1f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
