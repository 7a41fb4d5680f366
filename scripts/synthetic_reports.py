"""Quick synthetic reports for benchmarks, when the demo seeder is not wanted.

Same table shape and roughly the same mix as demo data (statuses, channels,
confidential share, working-day durations, due dates), written with
executemany in large batches: about a minute for 1,000,000 rows. No history,
photos or identities: benchmarks of the public aggregates do not read them.
"""

# ruff: noqa: S608 - SQL built from module constants only, never from input.
from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
from sqlalchemy import select

from data_layer.cli import migrate_and_load_reference
from data_layer.db import make_engine, make_session_factory
from data_layer.models import Category, Kelurahan, Opd
from data_layer.states import (
    AWAITING_VERIFICATION_STATUSES,
    FIXED_STATUSES,
    OPD_WORK_STATUSES,
    Status,
)

STATUS_MIX = {
    "diterima": 0.03,
    "perlu_info": 0.01,
    "diverifikasi": 0.02,
    "diteruskan": 0.05,
    "diproses": 0.09,
    "selesai": 0.18,
    "ditutup": 0.45,
    "ditolak": 0.08,
    "bukan_wewenang": 0.03,
    "dibuka_kembali": 0.01,
    "arsip": 0.05,
}
CHANNEL_MIX = {
    "website": 0.25,
    "app": 0.2,
    "whatsapp": 0.3,
    "twitter": 0.05,
    "call_center_112": 0.1,
    "walk_in": 0.04,
    "api": 0.02,
    "sp4n_lapor": 0.04,
}
KIND_MIX = {"aduan": 0.8, "aspirasi": 0.12, "informasi": 0.08}
# The groups of data_layer.states, as stored strings: with an OPD (or after), resolved,
# not yet verified.
FORWARDED = {s.value for s in OPD_WORK_STATUSES | FIXED_STATUSES | {Status.ARSIP}}
RESOLVED = {s.value for s in FIXED_STATUSES}
UNVERIFIED = {s.value for s in AWAITING_VERIFICATION_STATUSES}
BATCH = 50_000


def _pick(rng, mix: dict[str, float], size: int) -> np.ndarray:
    keys = list(mix)
    weights = np.array([mix[k] for k in keys])
    return np.array(keys)[rng.choice(len(keys), size=size, p=weights / weights.sum())]


def fill_synthetic(url: str, reports: int, *, seed: int = 2025) -> None:
    engine = make_engine(url)
    migrate_and_load_reference(engine)
    with make_session_factory(engine)() as session:
        kelurahan = session.execute(
            select(
                Kelurahan.code,
                Kelurahan.kecamatan_code,
                Kelurahan.centroid_lat,
                Kelurahan.centroid_lon,
            )
        ).all()
        categories = session.execute(
            select(Category.id, Category.default_opd_id, Category.resolution_class)
        ).all()
        kecamatan_office = {
            row.kecamatan_code: row.id
            for row in session.execute(
                select(Opd.kecamatan_code, Opd.id).where(Opd.kecamatan_code.is_not(None))
            )
        }
    engine.dispose()
    rng = np.random.default_rng(seed)
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    start = dt.datetime(2023, 1, 1)
    span_seconds = int((dt.datetime(2025, 7, 31) - start).total_seconds())
    for offset in range(0, reports, BATCH):
        size = min(BATCH, reports - offset)
        rows = _batch(
            rng, offset, size, start, span_seconds, kelurahan, categories, kecamatan_office
        )
        connection.executemany(_INSERT, (tuple(map(_stored, row)) for row in rows))
        connection.commit()
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()


_COLUMNS = (
    "ticket",
    "kind",
    "category_id",
    "title",
    "description",
    "channel",
    "kelurahan_code",
    "latitude",
    "longitude",
    "reporter_name",
    "anonymous",
    "confidential",
    "status",
    "opd_id",
    "resolution_class",
    "reopen_count",
    "is_demo",
    "received_at",
    "verified_at",
    "forwarded_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "updated_at",
    "verify_due_at",
    "first_response_due_at",
    "resolve_due_at",
    "verify_working_days",
    "first_response_working_days",
    "resolve_working_days",
)
_INSERT = f"INSERT INTO report ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def _stored(value):
    # The text SQLAlchemy writes for a DateTime on SQLite, so comparisons agree.
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


def _batch(rng, offset, size, start, span_seconds, kelurahan, categories, kecamatan_office):
    received_offsets = np.sort(rng.integers(0, span_seconds, size))
    statuses = _pick(rng, STATUS_MIX, size)
    channels = _pick(rng, CHANNEL_MIX, size)
    kinds = _pick(rng, KIND_MIX, size)
    kel_index = rng.integers(0, len(kelurahan), size)
    cat_index = rng.integers(0, len(categories), size)
    confidential = rng.random(size) < 0.03
    verify_days = rng.gamma(2.0, 0.8, size)
    response_days = rng.gamma(2.0, 1.5, size)
    resolve_days = rng.gamma(2.5, 4.0, size)
    rows = []
    for i in range(size):
        received = start + dt.timedelta(seconds=int(received_offsets[i]))
        status = str(statuses[i])
        kel_code, kec_code, lat, lon = kelurahan[kel_index[i]]
        category_id, default_opd, resolution_class = categories[cat_index[i]]
        opd = default_opd or kecamatan_office.get(kec_code)
        verified = received + dt.timedelta(days=float(verify_days[i]) * 1.4)
        forwarded = verified + dt.timedelta(hours=4) if status in FORWARDED else None
        responded = (
            forwarded + dt.timedelta(days=float(response_days[i]) * 1.4)
            if forwarded and status != "diteruskan"
            else None
        )
        resolved = (
            forwarded + dt.timedelta(days=float(resolve_days[i]) * 1.4)
            if forwarded and status in RESOLVED
            else None
        )
        closed = resolved + dt.timedelta(days=3) if status == "ditutup" and resolved else None
        rows.append(
            (
                f"S{offset + i:09d}",
                str(kinds[i]),
                category_id,
                f"Laporan sintetis {offset + i}",
                "Deskripsi laporan sintetis untuk pengukuran kecepatan; bukan data nyata. " * 2,
                str(channels[i]),
                kel_code,
                lat,  # the kelurahan's centroid: any city's points fall inside it
                lon,
                None,
                False,
                bool(confidential[i]),
                status,
                opd if status not in UNVERIFIED else None,
                resolution_class,
                1 if status == "dibuka_kembali" else 0,
                True,
                received,
                verified if status not in UNVERIFIED else None,
                forwarded,
                responded,
                resolved,
                closed,
                received,
                received + dt.timedelta(days=4),
                forwarded + dt.timedelta(days=7) if forwarded else None,
                forwarded + dt.timedelta(days=20) if forwarded else None,
                round(float(verify_days[i]), 4) if status not in UNVERIFIED else None,
                round(float(response_days[i]), 4) if responded else None,
                round(float(resolve_days[i]), 4) if resolved else None,
            )
        )
    return rows
