"""Speed of the live status page (pages/beranda.py) over a large SQLite database.

Measures, in one run, side by side:

- cold: the first run of the page with empty caches (every query hits the database);
- warm: a rerun of the page with warm caches (what almost every visitor gets);
- precomputed: the same widgets fed with data loaded from a pickle, no database
  and no cache at all (the floor a rerun can reach);
- the warm/precomputed ratio (issue 3 wants at most 1.5) and each query's cold time.

Usage:

    .venv/bin/python scripts/bench_status.py --reports 1000000 [--database PATH] [--runs 15]

Without --database a temporary SQLite file is filled first with the demo
seeder (`python -m data_layer seed-demo`) when it is available, else with a
quick synthetic bulk insert of the same shape (`--synthetic` forces it).
An existing file given with --database is reused as it is.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PRECOMPUTED_PAGE = """
# pages/beranda.py with the cached getters replaced by a pickle: same widgets.
import pickle
import streamlit as st
from ui.cache import LIVE_TTL_SECONDS
from ui.filters import filter_bar
from ui.i18n import t
from ui.shell import guarded, public_data_note
from ui.status_view import draw_live_status, intro

with open({path!r}, "rb") as handle:
    data = pickle.load(handle)
st.title(t("status.title"))
intro()

@st.fragment(run_every=LIVE_TTL_SECONDS)
def live_status(report_filter):
    with guarded():
        draw_live_status(data)

with guarded():
    live_status(filter_bar())
public_data_note()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument(
        "--database", type=Path, default=None, help="SQLite file (reused if it exists)"
    )
    parser.add_argument("--runs", type=int, default=15, help="warm and precomputed runs each")
    parser.add_argument(
        "--synthetic", action="store_true", help="bulk-insert synthetic rows instead of seed-demo"
    )
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench_status_"))
    database = args.database or workdir / "bench.db"
    url = f"sqlite:///{database}"
    os.environ["DATABASE_URL"] = url
    if not database.exists():
        fill(database, url, args.reports, args.seed, synthetic=args.synthetic)

    from sqlalchemy import func, select

    from data_layer.db import make_engine, make_session_factory
    from data_layer.models import Report

    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(Report))
    print(f"database: {database} ({database.stat().st_size / 1e6:.0f} MB, {total:,} reports)")

    cold, page, data = cold_page()
    query_times = time_each_query(engine)
    warm, precomputed = time_warm_and_precomputed(page, data, workdir, args.runs)
    ratio = statistics.median(warm) / statistics.median(precomputed)
    print()
    print("each query once more, straight on the database, no cache (ms):")
    for name, seconds in query_times.items():
        print(f"  {name:<34} {seconds * 1000:8.1f}")
    print()
    print(f"page cold load (empty caches)          {cold * 1000:8.1f} ms   (target < 2000)")
    print(
        f"page rerun, warm caches   (median of {len(warm)}) {statistics.median(warm) * 1000:8.1f} ms"
    )
    print(
        f"same widgets, precomputed (median of {len(precomputed)}) {statistics.median(precomputed) * 1000:8.1f} ms"
    )
    print(f"warm / precomputed                     {ratio:8.2f}      (target <= 1.5)")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0 if cold < 2.0 and ratio <= 1.5 else 1


def fill(database: Path, url: str, reports: int, seed: int, *, synthetic: bool) -> None:
    started = time.perf_counter()
    have_seeder = (REPO / "data_layer" / "demo" / "__init__.py").exists()
    if have_seeder and not synthetic:
        print(f"seeding {reports:,} demo reports into {database} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "data_layer",
                "seed-demo",
                "--reports",
                str(reports),
                "--seed",
                str(seed),
            ],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
        )
    else:
        print(f"bulk-inserting {reports:,} synthetic reports into {database} …", flush=True)
        from scripts.synthetic_reports import fill_synthetic

        fill_synthetic(url, reports, seed=seed)
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def time_each_query(engine) -> dict[str, float]:
    """Each status query once, straight on the database, for the breakdown of the cold load."""
    from data_layer.db import make_session_factory
    from data_layer.queries import status
    from data_layer.queries.public import ReportFilter

    everything = ReportFilter()
    calls = {
        "headline_figures": lambda s: status.headline_figures(s, report_filter=everything),
        "monthly_trend": lambda s: status.monthly_trend(s, report_filter=everything),
        "breakdowns(category,channel,kind)": lambda s: status.breakdowns(
            s, report_filter=everything, dimensions=("category", "channel", "kind")
        ),
    }
    times = {}
    for name, call in calls.items():
        with make_session_factory(engine)() as session:
            started = time.perf_counter()
            call(session)
            times[name] = time.perf_counter() - started
    return times


def cold_page():
    """The first run of the page in this process: every cache empty, every query on the database."""
    from streamlit.testing.v1 import AppTest

    from data_layer.queries.public import ReportFilter
    from ui.cache import clear_all_caches
    from ui.status_view import live_status_data

    clear_all_caches()
    app = AppTest.from_file(str(REPO / "pages" / "beranda.py"), default_timeout=120)
    started = time.perf_counter()
    app.run()
    cold = time.perf_counter() - started
    _check(app)
    return cold, app, live_status_data(ReportFilter())


def time_warm_and_precomputed(page, data, workdir: Path, runs: int):
    """Warm reruns of the page and runs of the precomputed twin, interleaved so load spikes hit both."""
    from streamlit.testing.v1 import AppTest

    pickle_path = workdir / "live_status.pickle"
    pickle_path.write_bytes(pickle.dumps(data))
    twin = AppTest.from_string(PRECOMPUTED_PAGE.format(path=str(pickle_path)), default_timeout=120)
    twin.run()
    _check(twin)
    warm, precomputed = [], []
    for _ in range(runs):
        for app, times in ((page, warm), (twin, precomputed)):
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
            _check(app)
    return warm, precomputed


def _check(app) -> None:
    if app.exception:
        raise SystemExit(f"the page failed: {app.exception[0].message}")


if __name__ == "__main__":
    raise SystemExit(main())
