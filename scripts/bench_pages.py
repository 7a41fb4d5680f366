"""Every public page under a matrix of URL filters, cold and warm, on SQLite and PostgreSQL.

For each engine the script seeds a demo database once (or reuses it), migrates
it (which installs and recounts the rollups), then runs each page × filter
cell in AppTest:

- cold: every Streamlit cache emptied first (a filter combination nobody asked
  for in the last cache period: what most journalist visits get);
- warm: a rerun of the same page right after (cached figures).

It prints the medians side by side, the slowest cold cell last. Speed is
measured here, never in timed tests (the machine is shared and noisy).

Usage:

    .venv/bin/python scripts/bench_pages.py --reports 1000000 [--runs 3]
        [--sqlite /work/bench/pages_1m.db]
        [--postgres postgresql://postgres@127.0.0.1:5432/pantau_bench_1m]
        [--engines sqlite,postgresql] [--only "beranda,peta" | --only "peta / clusters, one year;peta / none"]

The databases are kept outside the repository and reused by later runs; pass
`--engines sqlite` where no PostgreSQL server is reachable.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Outside the repository, reused by later runs (a million reports take minutes to seed).
BENCH_DIR = Path(os.environ.get("BENCH_DIR") or Path.home() / "pantau-bench")
DEFAULT_SQLITE = BENCH_DIR / "pages_1m.db"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/pantau_bench_1m"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3, help="cold and warm runs per cell")
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--only", default="", help='pages "beranda,peta" or cells "peta / category;peta / none"'
    )
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.runs, args.only)

    urls = {"sqlite": f"sqlite:///{args.sqlite}", "postgresql": args.postgres}
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for name in [e.strip() for e in args.engines.split(",") if e.strip()]:
        url = urls[name]
        prepare(name, url, args)
        output = subprocess.run(
            [
                *(sys.executable, __file__, "--worker", url, "--runs", str(args.runs)),
                *(["--only", args.only] if args.only else []),
            ],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": url, "STREAMLIT_LOGGER_LEVEL": "error"},
            check=True,
            stdout=subprocess.PIPE,
        ).stdout
        results[name] = {cell: tuple(times) for cell, times in json.loads(output).items()}
    print_matrix(results, args.runs)
    return 0


# --- databases ------------------------------------------------------------------------


def prepare(engine_name: str, url: str, args) -> None:
    """Seed the demo database when it is missing or empty, then migrate (rollups recounted)."""
    env = {**os.environ, "DATABASE_URL": url}
    if engine_name == "sqlite":
        args.sqlite.parent.mkdir(parents=True, exist_ok=True)
    else:
        _create_postgres_database(url)
    if _report_count(url) < args.reports:
        started = time.perf_counter()
        print(f"seeding {args.reports:,} demo reports ({engine_name}) …", file=sys.stderr)
        subprocess.run(
            [
                *(sys.executable, "-m", "data_layer", "seed-demo"),
                *("--reports", str(args.reports), "--seed", str(args.seed)),
            ],
            cwd=REPO,
            env=env,
            check=True,
        )
        print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "data_layer", "migrate"], cwd=REPO, env=env, check=True)
    print(f"{engine_name}: migrated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # seed-demo and a recounting migrate analyse by themselves; a database seeded by an
    # older version may not be: unvacuumed PostgreSQL took 55-86 s per page at 1M.
    started = time.perf_counter()
    _analyse(url)
    print(f"{engine_name}: analysed in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _analyse(url: str) -> None:
    from data_layer.db import make_engine, refresh_planner_statistics

    engine = make_engine(url)
    try:
        # SQLite: seed-demo and a recount ran a full ANALYZE already, and another costs
        # a minute on 3 GB; `PRAGMA optimize` re-analyses only what went stale.
        refresh_planner_statistics(engine, after_bulk_load=engine.dialect.name != "sqlite")
    finally:
        engine.dispose()


def _create_postgres_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from data_layer.db import normalise_url

    target = make_url(normalise_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    admin.dispose()


def _report_count(url: str) -> int:
    from sqlalchemy import func, inspect, select

    from data_layer.db import make_engine
    from data_layer.models import Report

    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("report"):
            return 0
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(Report)) or 0)
    finally:
        engine.dispose()


# --- the matrix ---------------------------------------------------------------------------


def cells(session) -> list[tuple[str, str, dict[str, str]]]:
    """(page, filter label, URL parameters): filters built from the database's own codes."""
    from sqlalchemy import func, select

    from data_layer.models import Category, Kelurahan, Opd, Report

    kelurahan = session.execute(
        select(Kelurahan.code, Kelurahan.kecamatan_code).order_by(Kelurahan.code).limit(1)
    ).one()
    category = session.scalar(select(Category.code).order_by(Category.id).limit(1))
    opd = session.scalar(select(Opd.code).order_by(Opd.id).limit(1))
    last = session.scalar(select(func.max(Report.received_at)))
    ticket = session.scalar(select(Report.ticket).where(Report.status == "selesai").limit(1))
    year = str(last.year)
    filters = {
        "none": {},
        "one year": {"dari": f"{year}-01-01", "sampai": f"{year}-12-31"},
        "odd days": {"dari": f"{year}-03-17", "sampai": f"{year}-08-09"},
        "kecamatan": {"kecamatan": kelurahan.kecamatan_code},
        "kelurahan": {"kecamatan": kelurahan.kecamatan_code, "kelurahan": kelurahan.code},
        "category": {"kategori": category},
        "kind+channel": {"jenis": "aduan", "kanal": "whatsapp"},
        "opd": {"opd": opd},
        "days+kecamatan+category": {
            "dari": f"{year}-02-11",
            "sampai": f"{year}-10-20",
            "kecamatan": kelurahan.kecamatan_code,
            "kategori": category,
        },
    }
    matrix = [("beranda", label, params) for label, params in filters.items()]
    # Data terbuka's OPD table is the scorecard over the whole filter (slow at 1M): the
    # four filters of issue 9's table only, so a run stays within half an hour.
    matrix += [
        ("data_terbuka", label, params)
        for label, params in filters.items()
        if label in ("none", "one year", "category", "kecamatan")
    ]
    matrix += [
        ("peta", label, params)
        for label, params in filters.items()
        if label in ("none", "odd days", "category", "days+kecamatan+category")
    ]
    matrix += [
        ("peta", "median_days", {"metrik": "median_days"}),
        ("peta", "overdue + heat", {"metrik": "overdue_now", "lapisan": "panas"}),
        ("peta", "clusters, one year", {**filters["one year"], "lapisan": "klaster"}),
        ("peta", "kelurahan chosen", {"pilih": kelurahan.code}),
    ]
    matrix += [
        ("galeri", "none", {}),
        ("galeri", "page 500", {"halaman": "500"}),
        ("galeri", "odd days", filters["odd days"]),
        ("galeri", "category", filters["category"]),
        ("galeri", "kecamatan", filters["kecamatan"]),
    ]
    matrix += [
        ("kinerja", "month", {"periode": "month", "pilih": f"{year}-05"}),
        ("kinerja", "quarter", {"periode": "quarter", "pilih": f"{year}-Q2"}),
        ("kinerja", "quarter+kecamatan", {"periode": "quarter", "pilih": f"{year}-Q2"} | {
            "kecamatan": kelurahan.kecamatan_code
        }),
    ]  # fmt: skip
    # One OPD's page (the busiest OPD: the most reports to read).
    busiest = session.scalar(
        select(Opd.code)
        .join(Report, Report.responsible_opd_id == Opd.id)
        .group_by(Opd.code)
        .order_by(func.count().desc())
        .limit(1)
    )
    matrix += [
        ("kinerja_opd", label, {"opd": busiest} | filters[label])
        for label in ("none", "one year", "odd days", "category", "kind+channel")
    ]
    matrix += [
        ("lacak", "ticket", {"tiket": ticket}),
        ("kirim", "none", {}),
    ]  # fmt: skip
    return matrix


def worker(url: str, runs: int, only: str) -> int:
    """Run the matrix against one database; print {"page / filter": [cold, warm]} as JSON."""
    import logging

    from streamlit.testing.v1 import AppTest

    from data_layer.db import make_engine, make_session_factory
    from ui.cache import clear_all_caches

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    _scan_components_once()
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        matrix = cells(session)
    engine.dispose()
    # Pages ("peta") or single cells ("peta / kelurahan chosen"): re-measuring the cells a
    # change touched costs a minute, the whole matrix half an hour on a shared machine.
    wanted = set()
    for part in only.split(";"):  # a label may hold a comma ("clusters, one year")
        names = [part] if " / " in part else part.split(",")
        wanted |= {name.strip() for name in names if name.strip()}
    matrix = [
        cell
        for cell in matrix
        if not wanted or cell[0] in wanted or f"{cell[0]} / {cell[1]}" in wanted
    ]
    # Warm-up, untimed: each page once, so the first cell of a page does not pay for
    # importing its modules (plotly, folium, …), which a running server did at start.
    for page in dict.fromkeys(page for page, _label, _params in matrix):
        AppTest.from_file(str(REPO / "pages" / f"{page}.py"), default_timeout=300).run()
    results = {}
    for page, label, params in matrix:
        cold, warm = [], []
        for _ in range(runs):
            clear_all_caches()
            app = AppTest.from_file(str(REPO / "pages" / f"{page}.py"), default_timeout=300)
            for key, value in params.items():
                app.query_params[key] = value
            for times in (cold, warm):
                started = time.perf_counter()
                app.run()
                times.append(time.perf_counter() - started)
                if app.exception:  # reported, not timed: a broken cell is no fast cell
                    print(f"{page} {params}: {app.exception[0].message}", file=sys.stderr)
                    times[-1] = float("nan")
        key = f"{page} / {label}"
        results[key] = [statistics.median(cold), statistics.median(warm)]
        print(f"{key:<45} cold {results[key][0]:7.2f} s  warm {results[key][1]:6.2f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    print(json.dumps(results))
    return 0


def _scan_components_once() -> None:
    """AppTest scans every installed package for Streamlit components on each run (a
    server does it once at start-up): 0.1-4 s of metadata parsing per cell, nothing
    to do with the page. Scan once here and hand every run the same result."""
    from streamlit.components.v2 import manifest_scanner

    scanned = manifest_scanner.scan_component_manifests()
    manifest_scanner.scan_component_manifests = lambda *args, **kwargs: scanned


def print_matrix(results: dict[str, dict[str, tuple[float, float]]], runs: int) -> None:
    engines = list(results)
    keys = list(dict.fromkeys(key for result in results.values() for key in result))
    slowest = {key: max(results[e].get(key, (0.0, 0.0))[0] for e in engines) for key in keys}
    keys.sort(key=lambda key: slowest[key])
    header = "| page / filter | " + " | ".join(f"{e} cold | {e} warm" for e in engines) + " |"
    print(f"\nmedians of {runs} runs, seconds; slowest cold cell last")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    print(header)
    print("|" + "---|" * (1 + 2 * len(engines)))
    for key in keys:
        row = []
        for engine in engines:
            cold, warm = results[engine].get(key, (float("nan"), float("nan")))
            row += [f"{cold:.2f}", f"{warm:.2f}"]
        print(f"| {key} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main())
