"""Speed and size of the map, gallery and tracking pages' work, at scale.

    .venv/bin/python scripts/bench_map.py --reports 100000 [--db PATH]
    [--boundaries ../shared/data/semarang/kelurahan_osm.geojson] [--synthetic]

Seeds a demo database (once; reused when the file exists; `--synthetic` fills
it with scripts/synthetic_reports.py instead: much faster for 1,000,000
reports, but without photos or histories), then times each
query the pages run (cold, then the median of warm repeats without any
Streamlit cache) and the map build, and prints the HTML size of the map with
each layer. Numbers, not assertions: speed is measured here, never in tests.
"""

# ruff: noqa: E402 - the project's imports follow the line that makes the repo importable.
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from sqlalchemy import func, select

from data_layer.boundary_import import import_boundaries
from data_layer.cli import migrate_and_load_reference
from data_layer.db import make_engine, make_session_factory
from data_layer.demo import seed_demo
from data_layer.models import Kelurahan, Report
from data_layer.queries.gallery import before_after_pairs
from data_layer.queries.geo import (
    kelurahan_boundaries,
    kelurahan_figures,
    kelurahan_panel,
    public_report_density,
    public_report_points,
)
from data_layer.queries.public import ReportFilter
from data_layer.queries.ticket import ticket_timeline
from ui.map import build_map, map_html_size, simplify_boundaries

CLUSTER_POINTS = 1000  # as pages/peta.py


def timed(label: str, run, repeats: int = 5):
    start = time.perf_counter()
    result = run()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        warm.append(time.perf_counter() - start)
    print(f"{label:<44} cold {cold * 1000:8.1f} ms   warm {statistics.median(warm) * 1000:8.1f} ms")
    return result


def prepare(path: Path, reports: int, boundaries: str | None, synthetic: bool):
    engine = make_engine(f"sqlite:///{path}")
    if synthetic and not path.exists():
        from synthetic_reports import fill_synthetic

        start = time.perf_counter()
        fill_synthetic(f"sqlite:///{path}", reports)
        print(f"filled with synthetic reports in {time.perf_counter() - start:.1f} s")
    elif not path.exists() or path.stat().st_size == 0:
        migrate_and_load_reference(engine)
        if boundaries:
            with make_session_factory(engine, write=True).begin() as session:
                import_boundaries(session, path=boundaries)
        start = time.perf_counter()
        print(seed_demo(engine, reports=reports, seed=2025, photo_sample=500))
        print(f"seeded in {time.perf_counter() - start:.1f} s")
        # SQLite plans the covering indexes only with statistics (see the closing note).
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--boundaries", default=None, help="GeoJSON to import before seeding")
    parser.add_argument("--synthetic", action="store_true", help="fast synthetic rows, no photos")
    args = parser.parse_args()
    kind = "synthetic" if args.synthetic else "demo"
    path = args.db or Path(tempfile.gettempdir()) / f"bench_map_{kind}_{args.reports}.db"
    engine = prepare(path, args.reports, args.boundaries, args.synthetic)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    everything = ReportFilter()
    with make_session_factory(engine)() as session:
        count = session.scalar(select(func.count()).select_from(Report))
        ticket = session.scalar(select(func.min(Report.ticket)))
        # synthetic rows have no history; the timeline is still read the same way
        print(f"{count:,} reports in {path} ({path.stat().st_size / 2**20:.0f} MiB)")
        first_kelurahan = session.scalar(select(func.min(Kelurahan.code)))
        figures = timed(
            "kelurahan_figures (all)",
            lambda: kelurahan_figures(session, report_filter=everything, now=now),
        )
        timed(
            "kelurahan_figures (kind=aduan, 2025)",
            lambda: kelurahan_figures(
                session,
                report_filter=ReportFilter(kind="aduan", start=dt.date(2025, 1, 1)),
                now=now,
            ),
        )
        timed(
            "kelurahan_panel (the first kelurahan)",
            lambda: kelurahan_panel(
                session, kelurahan_code=first_kelurahan, report_filter=everything, now=now
            ),
        )
        points = timed(
            f"public_report_points (latest {CLUSTER_POINTS})",
            lambda: public_report_points(session, report_filter=everything, limit=CLUSTER_POINTS),
        )
        cells = timed(
            "public_report_density (all)",
            lambda: public_report_density(session, report_filter=everything),
        )
        timed(
            "before_after_pairs (page 1)",
            lambda: before_after_pairs(session, report_filter=everything, page=1, page_size=8),
        )
        timed("ticket_timeline", lambda: ticket_timeline(session, ticket=ticket, now=now))
        raw = timed("kelurahan_boundaries", lambda: kelurahan_boundaries(session), repeats=2)
    boundaries = timed("simplify_boundaries", lambda: simplify_boundaries(raw), repeats=2)
    common = dict(
        boundaries=boundaries, figures=figures, metric_key="reports", lang="id",
        tile_server="OpenStreetMap",
    )  # fmt: skip
    choropleth = timed("build_map (choropleth)", lambda: build_map(**common))
    timed("render map HTML (choropleth)", lambda: choropleth.get_root().render())
    with_points = build_map(**common, points=points)
    with_heat = build_map(**common, cells=cells)
    print(f"density cells {len(cells):,}")
    for label, fmap in (
        ("choropleth", choropleth),
        (f"choropleth + {len(points)} clustered points", with_points),
        ("choropleth + heat map", with_heat),
    ):
        print(f"map HTML, {label:<40} {map_html_size(fmap) / 1000:8.1f} KB")


if __name__ == "__main__":
    main()
