"""What the abuse controls cost, and what they save (issue 8).

Prints, from this machine:
- the coordinates pattern on a pasted run of N spaces: the old pattern (three
  adjacent blank runs, quadratic) against the current one (linear);
- one throttle hit (`allow`, its own write transaction) on SQLite and, when
  reachable, on PostgreSQL: median and 95th percentile over `--hits`;
- the 6300 x 6300 RGBA PNG of finding 5: decode + flatten time and peak memory
  without the mode-aware pixel budget, and the time to refuse it now.

Usage:

    .venv/bin/python scripts/bench_abuse.py [--spaces 16000] [--hits 300]
        [--postgres-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import statistics
import tempfile
import time
import uuid

from PIL import Image
from sqlalchemy import text

from data_layer.cli import migrate_and_load_reference
from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.photos import PhotoRejected, _flatten, prepare_photo
from data_layer.throttle import Rule, allow_rule
from data_layer.validation import COORDINATES_PATTERN

OLD_COORDINATES = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,;\s]\s*(-?\d+(?:[.,]\d+)?)\s*$")


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def bench_patterns(spaces: int) -> None:
    attack = "1" + " " * spaces + "x"
    old = timed(lambda: OLD_COORDINATES.match(attack))
    new = timed(lambda: COORDINATES_PATTERN.match(attack))
    print(f"coordinates, 1 + {spaces:,} spaces + x: old {old:.2f} s, now {new * 1000:.2f} ms")


def bench_throttle(url: str, label: str, hits: int) -> None:
    engine = make_engine(url)
    try:
        migrate_and_load_reference(engine)
        factory = make_session_factory(engine, write=True)
        rule = Rule("bench", limit=10**9, window_seconds=3600)
        times = []
        for i in range(hits):
            started = time.perf_counter()
            with factory.begin() as session:
                allow_rule(session, rule, key=f"10.0.{i % 50}.1")
            times.append(time.perf_counter() - started)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"throttle hit on {label}: median {statistics.median(times) * 1000:.2f} ms, "
            f"p95 {p95 * 1000:.2f} ms ({hits} hits, own transaction each)"
        )
    finally:
        engine.dispose()


def bench_rgba_png() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (6300, 6300), (20, 40, 60, 128)).save(buffer, "PNG")
    raw = buffer.getvalue()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    image = Image.open(io.BytesIO(raw))
    image.load()
    flat = _flatten(image)
    flat.copy(), flat.copy()  # prepare_photo's full-size and thumbnail copies
    elapsed = time.perf_counter() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB on Linux
    del image, flat
    settings = Settings(_env_file=None)
    started = time.perf_counter()
    try:
        prepare_photo(raw, "besar.png", settings=settings)
        outcome = "accepted"
    except PhotoRejected as rejected:
        outcome = f"refused ({rejected.code})"
    refused_in = time.perf_counter() - started
    print(
        f"6300x6300 RGBA PNG ({len(raw) // 1024} KB): decode+flatten {elapsed:.2f} s, "
        f"peak memory +{grown / 1024:.0f} MiB without the mode budget; "
        f"now {outcome} in {refused_in * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=16_000)
    parser.add_argument("--hits", type=int, default=300)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    bench_patterns(args.spaces)
    with tempfile.TemporaryDirectory() as directory:
        bench_throttle(f"sqlite:///{directory}/bench.db", "SQLite", args.hits)
    name = f"pantau_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server: say so and carry on
        print(f"PostgreSQL not reachable ({exc.__class__.__name__}); skipped")
    else:
        url = make_engine(args.postgres_url).url.set(database=name)
        try:
            bench_throttle(url.render_as_string(hide_password=False), "PostgreSQL", args.hits)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    bench_rgba_png()


if __name__ == "__main__":
    main()
