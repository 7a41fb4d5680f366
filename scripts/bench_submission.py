"""Server-side cost of one citizen submission with two 5 MB photos.

What is timed, per run: `prepare_photo` on both uploads (decode, checks,
metadata strip, resize to 1600 px, re-encode, thumbnail) plus `submit_report`
and the commit, in one write transaction, exactly as the submission page does
it. Not timed: the browser upload and Streamlit's rerun.

The photos are real, noisy camera-sized JPEGs (default 4000x3000) whose size
is tuned to about 5 MB, so the decoder does the same work as for a phone photo.

Usage:

    .venv/bin/python scripts/bench_submission.py [--runs 9] [--database-url URL]

Without --database-url a temporary SQLite file is migrated and used. Pass a
PostgreSQL URL (e.g. postgresql://postgres@127.0.0.1:5432/bench, an existing
empty database) to measure there instead.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
import uuid

import numpy as np
from PIL import Image
from sqlalchemy import select

from data_layer.cli import migrate_and_load_reference
from data_layer.commands import ReportDraft, submit_report
from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.models import Category, Kelurahan
from data_layer.photos import prepare_photo
from data_layer.states import Kind

TARGET_BYTES = 5 * 1024 * 1024


def noisy_photo(width: int, height: int, seed: int) -> bytes:
    """A camera-like JPEG of about TARGET_BYTES: smooth gradients plus sensor noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack(
        [(x * 255 // width), (y * 255 // height), ((x + y) * 255 // (width + height))], axis=-1
    ).astype(np.int16)
    best = b""
    for sigma in (8, 12, 16, 20, 26, 32, 40, 50, 60):
        noise = rng.normal(0, sigma, size=base.shape).astype(np.int16)
        pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels, "RGB").save(buffer, format="JPEG", quality=92)
        best = buffer.getvalue()
        if len(best) >= TARGET_BYTES:
            break
    return best


def one_submission(factory, settings: Settings, photos: list[bytes], kelurahan: str, category: int):
    start = time.perf_counter()
    prepared = tuple(
        prepare_photo(raw, f"foto{i}.jpg", settings=settings) for i, raw in enumerate(photos)
    )
    prepared_at = time.perf_counter()
    draft = ReportDraft(
        kind=Kind.ADUAN,
        category_id=category,
        title="Jalan berlubang di depan sekolah",
        description="Lubang besar di tengah jalan, berbahaya bagi pengendara motor.",
        kelurahan_code=kelurahan,
        reporter_phone="+6281234567890",
        photos=prepared,
    )
    with factory.begin() as session:
        submit_report(session, draft=draft, settings=settings, submission_key=uuid.uuid4().hex)
    done = time.perf_counter()
    return done - start, prepared_at - start, done - prepared_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench_submit_')}/bench.db"
    engine = make_engine(url)
    migrate_and_load_reference(engine)
    settings = Settings(database_url=url)
    factory = make_session_factory(engine, write=True)
    with factory.begin() as session:
        kelurahan = session.scalar(select(Kelurahan.code).order_by(Kelurahan.code).limit(1))
        category = session.scalar(select(Category.id).order_by(Category.id).limit(1))

    photos = [noisy_photo(args.width, args.height, seed) for seed in (1, 2)]
    sizes = ", ".join(f"{len(p) / 2**20:.2f} MB" for p in photos)
    print(f"database: {engine.dialect.name}; photos: {args.width}x{args.height} JPEG, {sizes}")
    one_submission(factory, settings, photos, kelurahan, category)  # warm-up (imports, caches)
    runs = [
        one_submission(factory, settings, photos, kelurahan, category) for _ in range(args.runs)
    ]
    total, prepare, write = (statistics.median(column) for column in zip(*runs, strict=True))
    print(f"runs: {args.runs}")
    print(f"median total (2 x prepare_photo + submit_report + commit): {total * 1000:.0f} ms")
    print(f"  median prepare_photo x2: {prepare * 1000:.0f} ms")
    print(f"  median submit_report + commit: {write * 1000:.0f} ms")
    print(
        f"  min/max total: {min(r[0] for r in runs) * 1000:.0f}/{max(r[0] for r in runs) * 1000:.0f} ms"
    )
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
