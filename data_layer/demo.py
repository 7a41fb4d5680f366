"""Deterministic demo data: `python -m data_layer seed-demo --reports N --seed S`.

The generator imitates the city complaint channel it was calibrated on: about 8-10k
reports a year for 1.7 million people (January-July 2025 had 4,793, led by DPU,
Disperkim and Dishub), scaled to the configured city's population, received over
the last 15 months with weekday and hour-of-day rhythms, routed to the OPD that
`commands.default_opd_id` would pick, and walked through the workflow of
`data_layer.states` with delays measured on the SLA calendar of
`data_layer.sla`. Every stored column (timestamps, SLA due moments, working-day
durations) is what `commands.transition` would have written for the same
history; the tests check that.

It has to scale to a million reports in under two minutes on a small machine,
so nothing here walks reports one by one through the ORM:

- every random draw is a numpy array over all reports;
- a report's path through the workflow is one of a few dozen "shapes" (e.g.
  diterima > diverifikasi > diteruskan > diproses > selesai > ditutup); each
  shape is simulated for all its reports at once, and every path is cut where it
  would pass "now", so recent reports are still open;
- rows go to the database as multi-row INSERTs through the DBAPI (the same
  code for SQLite and PostgreSQL), with timestamps pre-formatted as SQLAlchemy
  stores them, while a second thread prepares the next batch;
- for the load, the report table's secondary indexes and the live tally
  triggers step aside (rebuilt once at the end, in the same transaction), and
  SQLite writes without its write-ahead log when no one else has the file open;
- reporter identities come from a small pool drawn with Faker `id_ID`, and
  photos are drawn for a sample only: the other resolved complaints share a
  small pool of pre-encoded demo pictures.

The same seed and the same `now` give the same data, on any database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from queue import Full, Queue
from typing import TypeVar

import numpy as np
from faker import Faker
from shapely import contains_xy, prepare
from sqlalchemy import Engine, Table, exists, func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from stdnum import luhn

from data_layer import demo_text as text
from data_layer.cities import CityProfile, village_kind
from data_layer.config import Settings, get_settings
from data_layer.db import WRITE_OPTION
from data_layer.demo_photos import SCENES, draw_demo_photo, scene_for
from data_layer.geography import geometry_of
from data_layer.models import (
    AppMeta,
    Category,
    Kecamatan,
    Kelurahan,
    Opd,
    Photo,
    PhotoBlob,
    Report,
    StatusHistory,
)
from data_layer.photos import PreparedPhoto, prepare_photo
from data_layer.queries.reference import DEMO_DATA_KEY
from data_layer.sla import CALENDAR_YEARS, SlaPolicy, WorkingCalendar, calendar_from_settings
from data_layer.states import (
    Channel,
    Kind,
    PhotoKind,
    RejectReason,
)
from data_layer.states import Status as S
from data_layer.tally import tally_suspended
from data_layer.tickets import ALPHABET, RANDOM_LENGTH, format_ticket_code

T = TypeVar("T")
DEMO_META_KEY = DEMO_DATA_KEY  # AppMeta key; the UI reads it without importing this module
# About 9,000 reports a year for 1.7 million residents (the calibration city, 2025):
# a city's demo gets a volume in proportion to its population.
REPORTS_PER_RESIDENT = 9000 / 1_700_000
MIN_DEMO_REPORTS = 500
DEFAULT_PHOTO_SAMPLE = 40  # resolved complaints with their own drawn before/after pair
POOL_VARIANTS = 2  # shared pictures per scene, for every other resolved complaint
SPAN_DAYS = 456  # about 15 months of history, ending now
IDENTITY_POOL_SIZE = 4000
TEXT_POOL_SIZE = 48
CHUNK_ROWS = 20_000  # rows converted to Python values at a time (bounds memory)
# Bound parameters per INSERT statement on SQLite (whose limit is 32,766).
PARAMETERS_PER_STATEMENT = 30_000
SQLITE_BULK_CACHE_KIB = 262_144  # a larger page cache while loading keeps index updates in memory
MINUTE = np.timedelta64(60, "s")
HOUR = np.timedelta64(3600, "s")

# --- the shape of the city's complaints -------------------------------------------

# Relative volume per category (DPU, Disperkim and Dishub lead); unknown codes get 1.
CATEGORY_WEIGHTS = {
    "jalan_rusak": 13,
    "drainase": 8,
    "banjir_rob": 4,
    "trotoar": 4,
    "lampu_pju": 10,
    "pohon": 5,
    "taman": 3,
    "parkir": 6,
    "angkutan_umum": 4,
    "cctv": 1.5,
    "lalu_lintas": 3.5,
    "sampah": 7,
    "pencemaran": 2,
    "pkl": 4,
    "ketertiban": 3,
    "air_bersih": 4,
    "adminduk": 3,
    "kesehatan": 1.5,
    "pendidikan": 1.5,
    "sosial": 2,
    "bencana": 1,
    "kebakaran": 0.5,
    "bangunan": 1.5,
    "pasar": 1,
    "pajak_daerah": 1,
    "layanan_kelurahan": 3,
}
# The rainy season (November-March) brings floods, blocked drains and fallen trees.
WET_MONTHS = (11, 12, 1, 2, 3)
WET_SEASON_FACTOR = {
    "banjir_rob": 3.0,
    "drainase": 1.7,
    "pohon": 1.6,
    "jalan_rusak": 1.2,
    "bencana": 2.0,
}
WET_SEASON_VOLUME = 1.15
# P(aduan, aspirasi, informasi) per category.
KIND_SHARES_DEFAULT = (0.88, 0.08, 0.04)
KIND_SHARES = {
    "adminduk": (0.50, 0.10, 0.40),
    "pajak_daerah": (0.45, 0.10, 0.45),
    "pendidikan": (0.60, 0.20, 0.20),
    "kesehatan": (0.70, 0.15, 0.15),
    "sosial": (0.65, 0.15, 0.20),
    "angkutan_umum": (0.75, 0.20, 0.05),
    "taman": (0.60, 0.35, 0.05),
    "layanan_kelurahan": (0.60, 0.15, 0.25),
}
KINDS = (Kind.ADUAN, Kind.ASPIRASI, Kind.INFORMASI)
CHANNEL_SHARES = {
    Channel.WHATSAPP: 0.33,
    Channel.WEBSITE: 0.25,
    Channel.TWITTER: 0.12,
    Channel.APP: 0.12,
    Channel.CALL_CENTER_112: 0.08,
    Channel.WALK_IN: 0.06,
    Channel.API: 0.025,
    Channel.SP4N_LAPOR: 0.015,
}
CHANNELS = tuple(CHANNEL_SHARES)
# How often a report from each channel carries a map location / a photo from the reporter.
LOCATION_SHARE = {
    Channel.WEBSITE: 0.95,
    Channel.APP: 0.99,
    Channel.WHATSAPP: 0.85,
    Channel.TWITTER: 0.6,
    Channel.CALL_CENTER_112: 0.5,
    Channel.WALK_IN: 0.4,
    Channel.API: 0.9,
    Channel.SP4N_LAPOR: 0.7,
}
BEFORE_PHOTO_SHARE = {
    Channel.WEBSITE: 0.7,
    Channel.APP: 0.85,
    Channel.WHATSAPP: 0.75,
    Channel.TWITTER: 0.5,
    Channel.API: 0.5,
    Channel.SP4N_LAPOR: 0.4,
}
PLACELESS_CATEGORIES = frozenset({"adminduk", "pajak_daerah"})
MACHINE_CHANNELS = frozenset({Channel.API, Channel.SP4N_LAPOR})  # submitted by "sistem"
WEEKDAY_VOLUME = (1.15, 1.1, 1.05, 1.0, 0.95, 0.7, 0.6)  # Monday first
HOLIDAY_VOLUME = 0.6
GROWTH_OVER_SPAN = 0.15
# fmt: off
HOUR_VOLUME = (  # reports received per local hour of the day: mornings and evenings
    0.3, 0.2, 0.15, 0.1, 0.15, 0.4, 0.9, 1.6, 2.2, 2.4, 2.3, 2.0,
    1.7, 1.8, 1.9, 1.8, 1.6, 1.5, 1.6, 1.9, 2.0, 1.7, 1.1, 0.6,
)
# fmt: on
CONFIDENTIAL_SHARE = 0.02
ANONYMOUS_SHARE = 0.06

# How verification ends: verified, verified after asking for information,
# rejected, rejected after asking, not city authority.
VERIFY_DIRECT, VERIFY_AFTER_INFO, REJECT_DIRECT, REJECT_AFTER_INFO, NOT_AUTHORITY = range(5)
VERIFY_OUTCOME_SHARES = (0.835, 0.05, 0.06, 0.02, 0.035)
REJECT_REASON_SHARES = {
    RejectReason.DUPLIKAT: 0.45,
    RejectReason.SPAM: 0.2,
    RejectReason.TIDAK_SESUAI: 0.2,
    RejectReason.TIDAK_LENGKAP: 0.15,
}
REOPEN_SHARES = (0.935, 0.055, 0.01)  # resolved reports reopened 0, 1, 2 times
REOPEN_AFTER_CLOSE_SHARE = 0.3  # reopened from ditutup rather than straight from selesai
FINAL_CLOSE_SHARE = 0.85  # resolved reports that get closed (the rest stay selesai)
CITIZEN_CLOSE_SHARE = 0.45  # closed by the reporter's confirmation, else by the system
ARCHIVE_RESOLVED_SHARE = 0.01
ARCHIVE_SPAM_SHARE = 0.6
# Handling that never happens (the report stays where it is, overdue).
NEVER_VERIFIED_SHARE = 0.004
NEVER_ANSWERED_SHARE = 0.015
NEVER_RESOLVED_SHARE = 0.03
# Working days to verify: mostly within the 3-day SLA, some late.
VERIFY_DAYS = ((0, 1, 2, 3, 4, 5, 6, 8, 10), (0.42, 0.28, 0.13, 0.06, 0.04, 0.03, 0.02, 0.01, 0.01))
FIRST_RESPONSE_DAYS = (
    (0, 1, 2, 3, 4, 5, 7, 10, 15),
    (0.30, 0.25, 0.15, 0.10, 0.07, 0.05, 0.04, 0.025, 0.015),
)
OFFICE_HOURS = (7 * 3600 + 1800, 16 * 3600)  # local time, seconds after midnight


@dataclass(frozen=True)
class SeedSummary:
    reports: int
    status_changes: int
    photos: int
    photo_images: int
    seed: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"seeded {self.reports:,} demo reports (seed {self.seed}): "
            f"{self.status_changes:,} status changes, {self.photos:,} photos "
            f"({self.photo_images:,} distinct images) in {self.seconds:.1f} s"
        )


class DemoDataError(RuntimeError):
    """Demo data cannot be generated here (e.g. the database already holds reports)."""


def database_is_empty(session: Session) -> bool:
    """True when the database holds no report at all (demo data may go in)."""
    return not session.scalar(select(exists().where(Report.id.isnot(None))))


def is_demo_database(session: Session) -> bool:
    """True when the reports here were generated by `seed_demo` (the UI says "data demo")."""
    return session.get(AppMeta, DEMO_META_KEY) is not None


def demo_metadata(session: Session) -> dict | None:
    """What `seed_demo` recorded about this database (seed, report count, when)."""
    meta = session.get(AppMeta, DEMO_META_KEY)
    return json.loads(meta.value) if meta is not None else None


def demo_report_count(city: CityProfile) -> int:
    """A plausible number of demo reports for the city, in hundreds."""
    return max(MIN_DEMO_REPORTS, int(round(city.population * REPORTS_PER_RESIDENT, -2)))


def seed_demo(
    engine: Engine,
    *,
    reports: int,
    seed: int,
    photo_sample: int | None = None,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
) -> SeedSummary:
    """Fill an empty database with `reports` demo reports, in one transaction.

    `now` (naive UTC, default the current time) is where every history ends;
    the same seed and `now` give identical data.
    """
    if reports < 1:
        raise DemoDataError("the number of reports must be at least 1")
    started = time.perf_counter()
    settings = settings or get_settings()
    now = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)).replace(microsecond=0)
    sample = DEFAULT_PHOTO_SAMPLE if photo_sample is None else max(photo_sample, 0)
    with _loading_connection(engine) as connection, _write_session(connection) as session:
        if not database_is_empty(session):
            raise DemoDataError(
                "the database already holds reports; demo data only goes into an empty database"
            )
        reference = _load_reference(session, settings.profile)
        clock = _WorkingClock(calendar_from_settings(settings), SlaPolicy.from_settings(settings))
        with ThreadPoolExecutor(max_workers=1) as painter:
            # Pillow releases the GIL: the shared pictures are drawn while reports are generated.
            pool = painter.submit(_pool, settings)
            data = _generate(reference, clock, reports=reports, seed=seed, now=now)
            photos = _photos(
                data, reference, pool.result(), settings=settings, seed=seed, sample=sample
            )
        _write_all(session.connection(), data, photos)
        session.merge(
            AppMeta(
                key=DEMO_META_KEY,
                value=json.dumps(
                    {
                        "seed": seed,
                        "reports": reports,
                        "photo_sample": sample,
                        "generated_at": now.isoformat(timespec="seconds"),
                    }
                ),
            )
        )
    return SeedSummary(
        reports=reports,
        status_changes=len(data.history.report_index),
        photos=len(photos.report_index),
        photo_images=len(photos.blobs) // 2,
        seed=seed,
        seconds=time.perf_counter() - started,
    )


@contextmanager
def _loading_connection(engine: Engine) -> Iterator[Connection]:
    """One connection for the whole load; on SQLite, without the write-ahead log if possible.

    In WAL mode every page of a gigabyte-sized load is written twice (to the log,
    then checkpointed into the file). With a rollback journal, pages added to the
    end of the file are written once and need no journal, which halves the time
    for a million reports. SQLite only leaves WAL mode when no other connection
    has the file open; otherwise it refuses at once and the load simply stays in
    WAL mode. WAL is switched back on afterwards, whatever happens.
    """
    sqlite = engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")
    if sqlite:
        engine.dispose()  # idle pooled connections would keep the file in WAL mode
    with engine.connect() as connection:
        raw = connection.connection.driver_connection if sqlite else None
        left_wal = False
        if raw is not None:  # no transaction is open yet: journal_mode can change
            try:
                left_wal = raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
            except sqlite3.OperationalError:  # "database is locked": someone else has it open
                left_wal = False
        try:
            yield connection
        finally:
            if left_wal:
                raw.execute("PRAGMA journal_mode=WAL")
            elif raw is not None:  # fold the big log back into the file, as far as readers allow
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def _write_session(connection: Connection) -> Iterator[Session]:
    """`make_session_factory(engine, write=True).begin()`, on one given connection.

    A write transaction (BEGIN IMMEDIATE on SQLite), committed on success and
    rolled back on error.
    """
    connection.execution_options(**{WRITE_OPTION: True})
    with Session(bind=connection, expire_on_commit=False) as session, session.begin():
        yield session


# --- reference data ---------------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    category_ids: np.ndarray
    category_codes: list[str]
    category_opd: np.ndarray  # -1 where the category routes to the kecamatan office
    category_resolution: list[str]
    kelurahan_codes: list[str]
    kelurahan_names: list[str]
    kelurahan_office_opd: np.ndarray  # the OPD of each kelurahan's kecamatan office, or -1
    kelurahan_geometries: list
    opd_ids: np.ndarray
    opd_short_names: list[str]
    # The city: its code (NIK prefix), kecamatan count, streets and public notes.
    city_code: str
    kecamatan_count: int
    streets: tuple[str, ...]
    not_authority_notes: tuple[str, ...]


def _load_reference(session: Session, city: CityProfile) -> _Reference:
    # Ordered by code, not id, so the same seed gives the same data whatever ids
    # the reference rows got in this database.
    categories = session.scalars(
        select(Category).where(Category.active).order_by(Category.code)
    ).all()
    kelurahan = session.scalars(select(Kelurahan).order_by(Kelurahan.code)).all()
    opds = session.scalars(select(Opd).order_by(Opd.code)).all()
    if not categories or not kelurahan:
        raise DemoDataError("reference data is missing: run `python -m data_layer migrate` first")
    office_of_kecamatan = {opd.kecamatan_code: opd.id for opd in opds if opd.kecamatan_code}
    kecamatan_names = dict(session.execute(select(Kecamatan.code, Kecamatan.name)).tuples().all())
    return _Reference(
        category_ids=np.array([c.id for c in categories]),
        # A city's own category borrows the weights and texts of a template one.
        category_codes=[city.demo_category_like.get(c.code, c.code) for c in categories],
        category_opd=np.array(
            [-1 if c.routes_to_kecamatan else (c.default_opd_id or -1) for c in categories]
        ),
        category_resolution=[c.resolution_class for c in categories],
        kelurahan_codes=[k.code for k in kelurahan],
        kelurahan_names=[
            f"{'Desa' if village_kind(k.code) == 'Desa' else 'Kel.'} {k.name}, "
            f"Kec. {kecamatan_names.get(k.kecamatan_code, '')}"
            for k in kelurahan
        ],
        kelurahan_office_opd=np.array(
            [office_of_kecamatan.get(k.kecamatan_code, -1) for k in kelurahan]
        ),
        kelurahan_geometries=[geometry_of(k) for k in kelurahan],
        opd_ids=np.array([o.id for o in opds]),
        opd_short_names=[o.short_name for o in opds],
        city_code=city.code,
        kecamatan_count=max(len(kecamatan_names), 1),
        streets=city.demo_streets,
        not_authority_notes=tuple(
            note.format(city=f"Pemerintah {city.name}", higher_authority=city.higher_authority)
            for note in text.NOTES_BUKAN_WEWENANG
        ),
    )


# --- the working-day calendar, vectorised -------------------------------------------


class _WorkingClock:
    """`sla.WorkingCalendar`'s arithmetic over numpy arrays of datetime64[s] (naive UTC).

    Uses the calendar's own numpy busday calendar, so each result equals what
    `add_working_days` / `working_days_between` return for one moment.
    """

    def __init__(self, calendar: WorkingCalendar, policy: SlaPolicy) -> None:
        offsets = {
            calendar.tz.utcoffset(dt.datetime(year, month, 1))
            for year in CALENDAR_YEARS
            for month in (1, 7)
        }
        if len(offsets) != 1:
            # Indonesia has had no daylight saving time since 1964; a zone with DST would
            # need per-moment offsets, which demo data does not need.
            raise DemoDataError(
                f"demo data needs a timezone without daylight saving time: {calendar.tz}"
            )
        self.calendar = calendar
        self.policy = policy
        self.busdaycal = calendar.busdaycal  # the very calendar sla.py counts with
        self.offset = np.timedelta64(int(offsets.pop().total_seconds()), "s")

    def local_day(self, moment: np.ndarray) -> np.ndarray:
        return (moment + self.offset).astype("datetime64[D]")

    def is_working_day(self, day: np.ndarray) -> np.ndarray:
        return np.is_busday(day, busdaycal=self.busdaycal)

    def add_working_days(self, start: np.ndarray, days) -> np.ndarray:
        local = start + self.offset
        day = local.astype("datetime64[D]")
        time_of_day = np.where(self.is_working_day(day), local - day, np.timedelta64(0, "s"))
        due_day = np.busday_offset(day, days, roll="forward", busdaycal=self.busdaycal)
        return due_day + time_of_day - self.offset

    def working_days_between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        start_local, end_local = start + self.offset, end + self.offset
        start_day = start_local.astype("datetime64[D]")
        end_day = end_local.astype("datetime64[D]")
        whole = np.busday_count(start_day, end_day, busdaycal=self.busdaycal).astype(np.float64)
        start_fraction = (start_local - start_day).astype(np.float64) / 86_400
        end_fraction = (end_local - end_day).astype(np.float64) / 86_400
        # Same operations in the same order as sla.py, so the floats agree bit for bit.
        elapsed = whole - np.where(self.is_working_day(start_day), start_fraction, 0.0)
        elapsed = elapsed + np.where(self.is_working_day(end_day), end_fraction, 0.0)
        elapsed = np.where(end > start, elapsed, 0.0)
        return _round4(elapsed)

    def office_moment(
        self, after: np.ndarray, working_days, rng: np.random.Generator
    ) -> np.ndarray:
        """A moment in office hours `working_days` working days after `after`, and later than it."""
        day = np.busday_offset(
            self.local_day(after), working_days, roll="forward", busdaycal=self.busdaycal
        )
        time_of_day = rng.integers(*OFFICE_HOURS, size=len(after)).astype("timedelta64[s]")
        moment = day + time_of_day - self.offset
        too_early = moment <= after + 5 * MINUTE
        next_day = np.busday_offset(day[too_early], 1, roll="forward", busdaycal=self.busdaycal)
        moment[too_early] = next_day + time_of_day[too_early] - self.offset
        return moment


def _round4(values: np.ndarray) -> np.ndarray:
    """`round(value, 4)` for every value, as sla.py rounds, without a Python loop for most.

    numpy's rint(x * 1e4) / 1e4 agrees with Python's correctly rounded round()
    except when x * 1e4 lies within float error of a half; those few go through round().
    """
    scaled = values * 10_000
    rounded = np.rint(scaled) / 10_000
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded[near_half] = [round(value, 4) for value in values[near_half].tolist()]
    return rounded


# --- generation -----------------------------------------------------------------------


@dataclass
class _History:
    report_index: np.ndarray
    step: np.ndarray
    at: np.ndarray
    from_status: np.ndarray
    to_status: np.ndarray
    actor_label: np.ndarray
    opd_id: np.ndarray
    public_note: np.ndarray
    internal_note: np.ndarray
    notes: _Strings
    first_row: np.ndarray  # per report, the index of its first (diterima) row
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


@dataclass
class _Data:
    n: int
    columns: dict[str, np.ndarray]  # report columns, in id order
    category_index: np.ndarray
    kind: np.ndarray
    channel: np.ndarray  # index into CHANNELS
    confidential: np.ndarray
    tickets: np.ndarray
    history: _History


def _generate(
    reference: _Reference,
    clock: _WorkingClock,
    *,
    reports: int,
    seed: int,
    now: dt.datetime,
) -> _Data:
    rng = np.random.default_rng(seed)
    n = reports
    now64 = np.datetime64(now, "s")
    received = _received_moments(rng, clock, n, now64)
    month = received.astype("datetime64[M]").astype(int) % 12 + 1
    wet = np.isin(month, WET_MONTHS)
    category = _categories(rng, reference, wet)
    kind = _kinds(rng, reference, category)
    channel_index = rng.choice(len(CHANNELS), size=n, p=_shares(CHANNEL_SHARES))
    channel = np.array([c.value for c in CHANNELS], dtype=object)[channel_index]
    kelurahan = _kelurahan(rng, reference, n)
    opd = np.where(
        reference.category_opd[category] >= 0,
        reference.category_opd[category],
        reference.kelurahan_office_opd[kelurahan],
    )
    resolution = np.array(reference.category_resolution, dtype=object)[category]
    resolve_days = np.array([clock.policy.resolve_days(r) for r in reference.category_resolution])[
        category
    ]
    confidential = rng.random(n) < CONFIDENTIAL_SHARE
    anonymous = rng.random(n) < ANONYMOUS_SHARE

    base = {
        "received": received,
        "opd": opd,
        "resolve_days": resolve_days,
        "kind": kind,
        "channel": channel_index,
        "category": category,
    }
    state, history = _simulate(rng, clock, reference, base, now64)

    placeless = np.array([code in PLACELESS_CATEGORIES for code in reference.category_codes])[
        category
    ]
    location_share = np.array([LOCATION_SHARE[c] for c in CHANNELS])[channel_index]
    has_location = (rng.random(n) < location_share) & ~placeless
    latitude, longitude = _locations(rng, reference, kelurahan, has_location)
    title, description, street = _texts(rng, reference, category, kind, seed)
    address = _addresses(rng, reference, street, kelurahan, placeless)
    name, phone, email, nik = _identities(rng, seed, reference, channel_index, anonymous, n)
    tickets = _tickets(rng, n)

    due = _due_moments(clock, received, state["forwarded_at"], resolve_days)
    columns = {
        "id": np.arange(1, n + 1),
        "ticket": tickets,
        "kind": kind,
        "category_id": reference.category_ids[category],
        "title": title,
        "description": description,
        "channel": channel,
        "kelurahan_code": np.array(reference.kelurahan_codes, dtype=object)[kelurahan],
        "latitude": latitude,
        "longitude": longitude,
        "address": address,
        "reporter_name": name,
        "reporter_phone": phone,
        "reporter_email": email,
        "reporter_nik": nik,
        "anonymous": anonymous,
        "confidential": confidential,
        "status": state["status"],
        "reject_reason": state["reject_reason"],
        "opd_id": state["opd_id"],
        "resolution_class": resolution,
        "reopen_count": state["reopen_count"],
        "is_demo": np.ones(n, dtype=bool),
        "received_at": received,
        "verified_at": state["verified_at"],
        "forwarded_at": state["forwarded_at"],
        "first_response_at": state["first_response_at"],
        "resolved_at": state["resolved_at"],
        "closed_at": state["closed_at"],
        "updated_at": state["updated_at"],
        **due,
        **_durations(clock, received, state),
    }
    return _Data(n, columns, category, kind, channel_index, confidential, tickets, history)


def _addresses(
    rng: np.random.Generator,
    reference: _Reference,
    street: np.ndarray,
    kelurahan: np.ndarray,
    placeless: np.ndarray,
) -> np.ndarray:
    """Where the problem is (a street address, not the reporter's home); none for paperwork."""
    numbers = rng.integers(1, 200, size=len(street)).tolist()
    names = np.array(reference.kelurahan_names, dtype=object)[kelurahan].tolist()
    return np.array(
        [
            None if none else f"{s} No. {number}, {name}"
            for none, s, number, name in zip(
                placeless.tolist(), street.tolist(), numbers, names, strict=True
            )
        ],
        dtype=object,
    )


def _shares(weights: dict) -> np.ndarray:
    p = np.array(list(weights.values()), dtype=np.float64)
    return p / p.sum()


def _received_moments(
    rng: np.random.Generator, clock: _WorkingClock, n: int, now: np.datetime64
) -> np.ndarray:
    last_day = clock.local_day(np.array([now]))[0]
    days = np.arange(last_day - SPAN_DAYS, last_day + 1)
    weekday = (days.astype(np.int64) - 4) % 7  # 1970-01-01 was a Thursday
    month = days.astype("datetime64[M]").astype(int) % 12 + 1
    weights = (
        np.array(WEEKDAY_VOLUME)[weekday]
        * np.where(np.isin(month, WET_MONTHS), WET_SEASON_VOLUME, 1.0)
        * np.where(clock.is_working_day(days) | (weekday >= 5), 1.0, HOLIDAY_VOLUME)
        * np.linspace(1.0, 1.0 + GROWTH_OVER_SPAN, len(days))
    )
    day = days[rng.choice(len(days), size=n, p=weights / weights.sum())]
    hours = np.array(HOUR_VOLUME)
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    seconds = hour * 3600 + rng.integers(0, 3600, size=n)
    received = day + seconds.astype("timedelta64[s]") - clock.offset
    received = np.where(received > now, received - np.timedelta64(1, "D"), received)
    return np.sort(received)


def _categories(rng: np.random.Generator, reference: _Reference, wet: np.ndarray) -> np.ndarray:
    dry_weights = np.array([CATEGORY_WEIGHTS.get(code, 1.0) for code in reference.category_codes])
    wet_weights = dry_weights * np.array(
        [WET_SEASON_FACTOR.get(code, 1.0) for code in reference.category_codes]
    )
    category = np.empty(len(wet), dtype=np.int64)
    for mask, weights in ((wet, wet_weights), (~wet, dry_weights)):
        category[mask] = rng.choice(len(weights), size=int(mask.sum()), p=weights / weights.sum())
    return category


def _kinds(rng: np.random.Generator, reference: _Reference, category: np.ndarray) -> np.ndarray:
    shares = np.array(
        [KIND_SHARES.get(code, KIND_SHARES_DEFAULT) for code in reference.category_codes]
    )
    cumulative = np.cumsum(shares, axis=1)[category]
    u = rng.random(len(category))
    index = (u > cumulative[:, 0]).astype(int) + (u > cumulative[:, 1]).astype(int)
    return np.array([k.value for k in KINDS], dtype=object)[index]


def _kelurahan(rng: np.random.Generator, reference: _Reference, n: int) -> np.ndarray:
    # Some neighbourhoods report far more than others (population, activity).
    weights = rng.lognormal(0.0, 0.6, size=len(reference.kelurahan_codes))
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


# --- the workflow ------------------------------------------------------------------


def _branches(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    outcome = rng.choice(5, size=n, p=VERIFY_OUTCOME_SHARES)
    verified = outcome <= VERIFY_AFTER_INFO
    rejected = (outcome == REJECT_DIRECT) | (outcome == REJECT_AFTER_INFO)
    reasons = list(REJECT_REASON_SHARES)
    reason_index = rng.choice(len(reasons), size=n, p=list(REJECT_REASON_SHARES.values()))
    reason_index[outcome == REJECT_AFTER_INFO] = reasons.index(RejectReason.TIDAK_LENGKAP)
    reason = np.array([r.value for r in reasons], dtype=object)[reason_index]
    spam = reason == RejectReason.SPAM.value
    archive_u = rng.random(n)
    archive = np.where(
        verified,
        archive_u < ARCHIVE_RESOLVED_SHARE,
        rejected & spam & (archive_u < ARCHIVE_SPAM_SHARE),
    )
    return {
        "outcome": outcome,
        "reopens": np.where(verified, rng.choice(3, size=n, p=REOPEN_SHARES), 0),
        "reopen_after_close": verified & (rng.random(n) < REOPEN_AFTER_CLOSE_SHARE),
        "final_close": verified & (rng.random(n) < FINAL_CLOSE_SHARE),
        "archive": archive,
        "reject_reason": np.where(rejected, reason, None),
        "citizen_close": rng.random(n) < CITIZEN_CLOSE_SHARE,
        "never_verified": rng.random(n) < NEVER_VERIFIED_SHARE,
        "never_answered": rng.random(n) < NEVER_ANSWERED_SHARE,
        "never_resolved": rng.random(n) < NEVER_RESOLVED_SHARE,
    }


def _shape(
    outcome: int, reopens: int, reopen_after_close: bool, final_close: bool, archive: bool
) -> tuple[S, ...]:
    """The statuses a report passes through, in order, if nothing stops it."""
    start = (
        (S.DITERIMA, S.PERLU_INFO)
        if outcome in (VERIFY_AFTER_INFO, REJECT_AFTER_INFO)
        else (S.DITERIMA,)
    )
    if outcome in (REJECT_DIRECT, REJECT_AFTER_INFO):
        return (*start, S.DITOLAK, *((S.ARSIP,) if archive else ()))
    if outcome == NOT_AUTHORITY:
        return (*start, S.BUKAN_WEWENANG)
    path = [*start, S.DIVERIFIKASI, S.DITERUSKAN, S.DIPROSES, S.SELESAI]
    for _ in range(reopens):
        path += [S.DITUTUP] if reopen_after_close else []
        path += [S.DIBUKA_KEMBALI, S.DIPROSES, S.SELESAI]
    path += [S.DITUTUP] if final_close else []
    path += [S.ARSIP] if archive else []
    return tuple(path)


class _Strings:
    """Repeated strings kept once; columns hold their int codes (-1 for NULL).

    A million reports make five million history rows, but only a few hundred
    distinct statuses, actors and notes: codes keep the arrays small and fast,
    and become Python strings only batch by batch on their way to the database.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values: list[str] = []
        self.positions: dict[str, int] = {}
        for value in values:
            self.code(value)

    def code(self, value: str) -> int:
        if value not in self.positions:
            self.positions[value] = len(self.values)
            self.values.append(value)
        return self.positions[value]

    def codes(self, values: Iterable[str]) -> np.ndarray:
        return np.array([self.code(value) for value in values], dtype=np.int32)

    def column(self, codes: np.ndarray) -> _Coded:
        return _Coded(codes, np.array([*self.values, None], dtype=object))


@dataclass(frozen=True)
class _Coded:
    """A column of codes into `table`, whose last entry is None (code -1)."""

    codes: np.ndarray
    table: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows: slice) -> np.ndarray:
        return self.table[self.codes[rows]]


STATUS_STRINGS = _Strings(status.value for status in S)
ACTOR_STRINGS = _Strings(("warga", "sistem", "verifikator", "opd", "admin"))


def _internal_note_for_opd(history: _History, columns: dict[str, np.ndarray]) -> np.ndarray:
    """The rule of commands.internal_note_audience, per history row: an OPD's notes are
    shared; Diskominfo's too unless the reporter is anonymous; a reporter's never."""
    code = ACTOR_STRINGS.positions
    label = history.actor_label
    anonymous = np.asarray(columns["anonymous"], dtype=bool)[history.report_index]
    diskominfo = np.isin(label, [code["verifikator"], code["admin"]])
    return (label == code["opd"]) | (diskominfo & ~anonymous)


def _status_code(status: S | None) -> int:
    return -1 if status is None else STATUS_STRINGS.positions[status.value]


class _NotePicker:
    """Public notes for each step, as codes into `self.strings`, chosen with the seeded generator."""

    def __init__(self, rng: np.random.Generator, reference: _Reference) -> None:
        self.rng = rng
        self.strings = _Strings()
        self.opd_position = {opd_id: i for i, opd_id in enumerate(reference.opd_ids.tolist())}
        self.opd_names = reference.opd_short_names
        self.codes = reference.category_codes
        self.not_authority = reference.not_authority_notes

    def pick(self, options: tuple[str, ...], size: int) -> np.ndarray:
        return self.strings.codes(options)[self.rng.integers(len(options), size=size)]

    def with_opd(self, templates: tuple[str, ...], opd_ids: np.ndarray) -> np.ndarray:
        table = np.array(
            [self.strings.codes(t.format(opd=name) for t in templates) for name in self.opd_names]
        )
        rows = np.array([self.opd_position[o] for o in opd_ids.tolist()], dtype=np.int64)
        return table[rows, self.rng.integers(len(templates), size=len(opd_ids))]

    def resolved(self, category: np.ndarray, kind: np.ndarray) -> np.ndarray:
        aduan = np.array(
            [
                self.strings.codes((text.NOTES_SELESAI.get(code, text.GENERIC_SELESAI) * 2)[:2])
                for code in self.codes
            ]
        )
        notes = aduan[category, self.rng.integers(2, size=len(category))]
        notes = np.where(
            kind == Kind.ASPIRASI.value, self.pick(text.NOTES_SELESAI_ASPIRASI, len(kind)), notes
        )
        return np.where(
            kind == Kind.INFORMASI.value, self.pick(text.NOTES_SELESAI_INFORMASI, len(kind)), notes
        )

    def rejected(self, reasons: np.ndarray) -> np.ndarray:
        return self.strings.codes(text.NOTES_DITOLAK[r][0] for r in reasons.tolist())

    def none(self, size: int) -> np.ndarray:
        return np.full(size, -1, dtype=np.int32)


def _simulate(
    rng: np.random.Generator,
    clock: _WorkingClock,
    reference: _Reference,
    base: dict[str, np.ndarray],
    now: np.datetime64,
) -> tuple[dict[str, np.ndarray], _History]:
    """Walk every report along its shape, stopping where the next step would pass `now`."""
    n = len(base["received"])
    branch = _branches(rng, n)
    opd_factor = _opd_factors(rng, reference)
    notes = _NotePicker(rng, reference)
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    state = {
        "status": np.full(n, S.DITERIMA.value, dtype=object),
        "updated_at": base["received"].copy(),
        "verified_at": nat.copy(),
        "forwarded_at": nat.copy(),
        "first_response_at": nat.copy(),
        "resolved_at": nat.copy(),
        "closed_at": nat.copy(),
        "opd_id": np.full(n, None, dtype=object),
        "reopen_count": np.zeros(n, dtype=np.int64),
        "reject_reason": np.full(n, None, dtype=object),
    }
    pieces: list[dict[str, np.ndarray]] = []
    keys = np.stack(
        [
            branch["outcome"],
            branch["reopens"],
            branch["reopen_after_close"],
            branch["final_close"],
            branch["archive"],
        ],
        axis=1,
    ).astype(np.int64)
    # One int per combination (each branch value is below 10), grouped without sorting rows.
    key_of_row = keys @ (10 ** np.arange(keys.shape[1] - 1, -1, -1))
    rows_by_key = np.argsort(key_of_row, kind="stable")
    boundaries = np.flatnonzero(np.diff(key_of_row[rows_by_key])) + 1
    for rows in np.split(rows_by_key, boundaries):
        key = keys[rows[0]].tolist()
        shape = _shape(key[0], key[1], bool(key[2]), bool(key[3]), bool(key[4]))
        walk = _Walk(rng, clock, base, branch, opd_factor, notes, rows)
        moment = base["received"][rows]
        for step, to in enumerate(shape):
            if step:
                moment = walk.next_moment(shape, step, moment)
            kept = moment <= now  # NaT (never) compares False
            if not kept.any():
                break
            walk.apply(state, to, moment, kept)
            pieces.append(walk.history_rows(shape, step, moment, kept))
    # Order the rows by report, then step, without sorting five million rows: every
    # report keeps a prefix of its shape, so its rows are steps 0..k-1 and each row's
    # place is the report's first row plus its step.
    columns = {name: np.concatenate([piece[name] for piece in pieces]) for name in pieces[0]}
    counts = np.bincount(columns["report_index"], minlength=n)
    first_row = np.cumsum(counts) - counts
    place = first_row[columns["report_index"]] + columns["step"]
    ordered = {}
    for name, values in columns.items():
        ordered[name] = np.empty_like(values)
        ordered[name][place] = values
    history = _History(**ordered, notes=notes.strings, first_row=first_row)
    history.ids = np.arange(1, len(place) + 1)
    return state, history


def _opd_factors(rng: np.random.Generator, reference: _Reference) -> dict[int, float]:
    """Each OPD's speed (1.0 = typical): the scorecard should have something to rank."""
    factors = np.clip(rng.lognormal(0.0, 0.3, size=len(reference.opd_ids)), 0.55, 1.9)
    return dict(zip(reference.opd_ids.tolist(), factors.tolist(), strict=True))


class _Walk:
    """One shape's reports, moved step by step; every array here is indexed like `rows`."""

    def __init__(
        self,
        rng: np.random.Generator,
        clock: _WorkingClock,
        base: dict[str, np.ndarray],
        branch: dict[str, np.ndarray],
        opd_factor: dict[int, float],
        notes: _NotePicker,
        rows: np.ndarray,
    ) -> None:
        self.rng, self.clock, self.notes, self.rows = rng, clock, notes, rows
        self.opd = base["opd"][rows]
        self.kind = base["kind"][rows]
        self.category = base["category"][rows]
        self.channel = base["channel"][rows]
        self.resolve_days = base["resolve_days"][rows]
        self.speed = np.array([opd_factor.get(o, 1.0) for o in self.opd.tolist()])
        needed = (
            "never_verified",
            "never_answered",
            "never_resolved",
            "citizen_close",
            "reject_reason",
        )
        self.branch = {name: branch[name][rows] for name in needed}
        self.verified_step: int | None = None
        self.forwarded = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[s]")

    def next_moment(self, shape: tuple[S, ...], step: int, previous: np.ndarray) -> np.ndarray:
        """When the step happens (NaT: never), given when the previous one did."""
        if shape[step - 1] is S.DITERUSKAN:
            self.forwarded = previous
        size = len(previous)
        moment = np.full(size, np.datetime64("NaT"), dtype="datetime64[s]")
        happens = ~np.isnat(previous) & ~self._never(shape[step - 1], shape[step], shape[:step])
        if happens.any():
            moment[happens] = self._delay(
                shape[step - 1], shape[step], shape[:step], previous[happens], happens
            )
        return moment

    def _never(self, before: S, to: S, done: tuple[S, ...]) -> np.ndarray:
        b = self.branch
        if before is S.DITERIMA:
            return b["never_verified"]
        if to is S.DIPROSES and S.DIPROSES not in done:
            return b["never_answered"]
        if to is S.SELESAI and S.SELESAI not in done:
            return b["never_resolved"]
        return np.zeros(len(self.rows), dtype=bool)

    def _delay(
        self, before: S, to: S, done: tuple[S, ...], previous: np.ndarray, mask: np.ndarray
    ) -> np.ndarray:
        rng, clock, size = self.rng, self.clock, len(previous)
        if before is S.DITERIMA:  # Diskominfo verifies (or asks, rejects, declines)
            return clock.office_moment(
                previous, rng.choice(VERIFY_DAYS[0], size=size, p=VERIFY_DAYS[1]), rng
            )
        if before is S.PERLU_INFO and to is S.DITOLAK:  # no answer in time
            return clock.office_moment(previous, 10 + rng.integers(0, 4, size=size), rng)
        if before is S.PERLU_INFO:  # the reporter answers, then the verifier acts
            answered = previous + _hours(rng, 30.0, size)
            return clock.office_moment(answered, rng.integers(0, 3, size=size), rng)
        if to is S.DITERUSKAN:  # disposisi: usually right after verification
            soon = previous + rng.integers(5, 180, size=size) * MINUTE
            later = clock.office_moment(previous, rng.integers(1, 3, size=size), rng)
            return np.where(rng.random(size) < 0.8, soon, later)
        if to is S.DIPROSES and S.DIPROSES not in done:  # first response
            days = rng.choice(FIRST_RESPONSE_DAYS[0], size=size, p=FIRST_RESPONSE_DAYS[1])
            return clock.office_moment(
                previous, np.rint(days * self.speed[mask]).astype(np.int64), rng
            )
        if to is S.DIPROSES:  # back to work after a reopening
            return clock.office_moment(previous, rng.integers(0, 4, size=size), rng)
        if to is S.SELESAI and S.SELESAI not in done:
            # The resolution SLA runs from forwarding: aim at a share of the class's days
            # (most within it, a long tail late), but never before the work started.
            share = rng.lognormal(np.log(0.45), 0.6, size=size) * self.speed[mask]
            days = np.rint(self.resolve_days[mask] * share).astype(np.int64)
            target = clock.office_moment(self.forwarded[mask], days, rng)
            soon = clock.office_moment(previous, rng.integers(0, 2, size=size), rng)
            return np.where(target > previous + HOUR, target, soon)
        if to is S.SELESAI:
            days = 1 + np.rint(self.resolve_days[mask] * 0.3 * rng.random(size)).astype(np.int64)
            return clock.office_moment(previous, days, rng)
        if to is S.DITUTUP:  # the reporter confirms, or the system closes after 5 working days
            confirmed = previous + 10 * MINUTE + _hours(rng, 20.0, size)
            automatic = clock.add_working_days(previous, 5)
            return np.where(self.branch["citizen_close"][mask], confirmed, automatic)
        if to is S.DIBUKA_KEMBALI:  # the reporter disputes the fix
            return previous + 10 * MINUTE + _hours(rng, 48.0, size)
        if to is S.ARSIP:
            return clock.office_moment(previous, 5 + rng.integers(0, 26, size=size), rng)
        raise AssertionError(f"no delay for {before} -> {to}")

    def apply(
        self, state: dict[str, np.ndarray], to: S, moment: np.ndarray, kept: np.ndarray
    ) -> None:
        """What `commands._apply_side_effects` does to the report, for the kept rows."""
        rows, at = self.rows[kept], moment[kept]
        if to in (S.DIVERIFIKASI, S.DITOLAK, S.BUKAN_WEWENANG):
            unset = np.isnat(state["verified_at"][rows])
            state["verified_at"][rows[unset]] = at[unset]
        if to is S.DIVERIFIKASI:
            state["opd_id"][rows] = self.opd[kept]
        if to is S.DITOLAK:
            state["reject_reason"][rows] = self.branch["reject_reason"][kept]
        if to is S.DITERUSKAN:
            state["forwarded_at"][rows] = at
        if to is S.DIPROSES:
            unset = np.isnat(state["first_response_at"][rows])
            state["first_response_at"][rows[unset]] = at[unset]
        if to is S.SELESAI:
            state["resolved_at"][rows] = at
        if to in (S.DITUTUP, S.DITOLAK, S.BUKAN_WEWENANG):
            state["closed_at"][rows] = at
        if to is S.DIBUKA_KEMBALI:
            state["reopen_count"][rows] += 1
            state["closed_at"][rows] = np.datetime64("NaT")
        state["status"][rows] = to.value
        state["updated_at"][rows] = at

    def history_rows(
        self, shape: tuple[S, ...], step: int, moment: np.ndarray, kept: np.ndarray
    ) -> dict[str, np.ndarray]:
        to = shape[step]
        count = int(kept.sum())
        if to is S.DIVERIFIKASI:
            self.verified_step = step
        has_opd = self.verified_step is not None and step >= self.verified_step
        return {
            "report_index": self.rows[kept],
            "step": np.full(count, step, dtype=np.int16),
            "at": moment[kept],
            "from_status": np.full(count, _status_code(shape[step - 1] if step else None)),
            "to_status": np.full(count, _status_code(to)),
            "actor_label": self._actor(to, kept),
            "opd_id": self.opd[kept] if has_opd else np.full(count, -1),
            "public_note": self._public_note(to, shape[:step], kept),
            "internal_note": self._internal_note(to, kept),
        }

    def _actor(self, to: S, kept: np.ndarray) -> np.ndarray:
        """Who made the change, as codes into ACTOR_STRINGS."""
        code = ACTOR_STRINGS.positions
        if to is S.DITERIMA:
            machine = np.array([c in MACHINE_CHANNELS for c in CHANNELS])[self.channel[kept]]
            return np.where(machine, code["sistem"], code["warga"])
        if to is S.DITUTUP:
            return np.where(self.branch["citizen_close"][kept], code["warga"], code["sistem"])
        label = {S.DIPROSES: "opd", S.SELESAI: "opd", S.DIBUKA_KEMBALI: "warga", S.ARSIP: "admin"}
        return np.full(int(kept.sum()), code[label.get(to, "verifikator")])

    def _public_note(self, to: S, done: tuple[S, ...], kept: np.ndarray) -> np.ndarray:
        notes, count = self.notes, int(kept.sum())
        if to is S.DITERIMA:
            return notes.none(count)
        if to is S.DITERUSKAN:
            return notes.with_opd(text.NOTES_DITERUSKAN, self.opd[kept])
        if to is S.DIPROSES:
            again = S.DIPROSES in done
            return notes.with_opd(
                text.NOTES_DIPROSES_AGAIN if again else text.NOTES_DIPROSES, self.opd[kept]
            )
        if to is S.SELESAI:
            return notes.resolved(self.category[kept], self.kind[kept])
        if to is S.DITUTUP:
            return np.where(
                self.branch["citizen_close"][kept],
                notes.pick(text.NOTES_DITUTUP_WARGA, count),
                notes.pick(text.NOTES_DITUTUP_SISTEM, count),
            )
        if to is S.DITOLAK:
            return notes.rejected(self.branch["reject_reason"][kept])
        options = {
            S.PERLU_INFO: text.NOTES_PERLU_INFO,
            S.DIVERIFIKASI: text.NOTES_DIVERIFIKASI,
            S.BUKAN_WEWENANG: notes.not_authority,
            S.DIBUKA_KEMBALI: text.NOTES_DIBUKA_KEMBALI,
            S.ARSIP: text.NOTES_ARSIP,
        }
        return notes.pick(options[to], count)

    def _internal_note(self, to: S, kept: np.ndarray) -> np.ndarray:
        count = int(kept.sum())
        if to is not S.DITERUSKAN:
            return self.notes.none(count)
        with_note = self.rng.random(count) < 0.2
        return np.where(with_note, self.notes.pick(text.INTERNAL_NOTES_DITERUSKAN, count), -1)


def _hours(rng: np.random.Generator, mean_hours: float, size: int) -> np.ndarray:
    return np.rint(rng.exponential(mean_hours * 3600, size=size)).astype("timedelta64[s]")


def _due_moments(
    clock: _WorkingClock, received: np.ndarray, forwarded: np.ndarray, resolve_days: np.ndarray
) -> dict[str, np.ndarray]:
    """SLA due moments, as `submit_report` and the forwarding transition store them."""
    first_due = np.full(len(received), np.datetime64("NaT"), dtype="datetime64[s]")
    resolve_due = first_due.copy()
    sent = ~np.isnat(forwarded)
    first_due[sent] = clock.add_working_days(forwarded[sent], clock.policy.first_response_days)
    days = resolve_days[sent]
    resolve_due[sent] = clock.add_working_days(forwarded[sent], days)
    return {
        "verify_due_at": clock.add_working_days(received, clock.policy.verify_days),
        "first_response_due_at": first_due,
        "resolve_due_at": resolve_due,
    }


def _durations(clock: _WorkingClock, received: np.ndarray, state: dict) -> dict[str, np.ndarray]:
    """Working-day durations, as `commands.transition` stores them when each event happens."""
    forwarded = state["forwarded_at"]

    def between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
        values = np.full(len(end), np.nan)
        done = ~np.isnat(end) & ~np.isnat(start)
        values[done] = clock.working_days_between(start[done], end[done])
        return values

    clock_start = np.where(np.isnat(forwarded), received, forwarded)
    return {
        "verify_working_days": between(received, state["verified_at"]),
        "first_response_working_days": between(forwarded, state["first_response_at"]),
        "resolve_working_days": between(clock_start, state["resolved_at"]),
    }


# --- places, words, people, tickets ------------------------------------------------


def _locations(
    rng: np.random.Generator, reference: _Reference, kelurahan: np.ndarray, has_location: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points inside each report's kelurahan polygon (rejection sampling)."""
    latitude = np.full(len(kelurahan), np.nan)
    longitude = latitude.copy()
    for index, geometry in enumerate(reference.kelurahan_geometries):
        rows = np.flatnonzero((kelurahan == index) & has_location)
        if not len(rows) or geometry is None or geometry.is_empty:
            continue
        prepare(geometry)
        min_x, min_y, max_x, max_y = geometry.bounds
        fill = max(geometry.area / ((max_x - min_x) * (max_y - min_y)), 0.05)
        xs, ys = [], []
        found = 0
        while found < len(rows):
            batch = int((len(rows) - found) / fill * 1.3) + 16
            x = rng.uniform(min_x, max_x, size=batch)
            y = rng.uniform(min_y, max_y, size=batch)
            inside = contains_xy(geometry, x, y)
            xs.append(x[inside])
            ys.append(y[inside])
            found += int(inside.sum())
        longitude[rows] = np.concatenate(xs)[: len(rows)]
        latitude[rows] = np.concatenate(ys)[: len(rows)]
    return latitude, longitude


def _texts(
    rng: np.random.Generator,
    reference: _Reference,
    category: np.ndarray,
    kind: np.ndarray,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Titles, descriptions and the street they name, from per-category pools."""
    writer = random.Random(seed)  # noqa: S311 - demo text, not security
    streets = _street_names(seed, reference.streets)
    kinds = [k.value for k in KINDS]
    pools = np.empty((len(kinds), len(reference.category_codes), TEXT_POOL_SIZE, 3), dtype=object)
    for k, kind_value in enumerate(kinds):
        for c, code in enumerate(reference.category_codes):
            for i in range(TEXT_POOL_SIZE):
                pools[k, c, i] = _one_text(writer, kind_value, code, streets)
    pick = rng.integers(TEXT_POOL_SIZE, size=len(category))
    chosen = pools[_kind_index(kind), category, pick]
    return chosen[:, 0], chosen[:, 1], chosen[:, 2]


def _kind_index(kind: np.ndarray) -> np.ndarray:
    index = np.zeros(len(kind), dtype=np.int64)
    for i, k in enumerate(KINDS):
        index[kind == k.value] = i
    return index


def _street_names(seed: int, city_streets: tuple[str, ...]) -> list[str]:
    # A city's demo names only its own streets: Faker's id_ID street names are Bandung's
    # (Jl. Cihampelas, Gedebage), which read as wrong to anyone who lives in another city.
    # Generic names are the fallback for a city whose profile lists none.
    if city_streets:
        return list(city_streets)
    faker = Faker("id_ID")
    faker.seed_instance(seed)
    return [faker.street_name() for _ in range(40)]


def _one_text(
    writer: random.Random, kind: str, code: str, streets: list[str]
) -> tuple[str, str, str]:
    street = writer.choice(streets)
    place = f"{street}, {writer.choice(text.LANDMARKS)}" if writer.random() < 0.4 else street
    topic = text.TOPICS.get(code, "layanan kota")
    if kind == Kind.ASPIRASI.value:
        title = writer.choice(text.ASPIRASI_TITLES).format(topic=topic, place=street)
        details = [writer.choice(text.ASPIRASI_DETAILS)]
    elif kind == Kind.INFORMASI.value:
        title = writer.choice(text.INFORMASI_TITLES).format(topic=topic)
        details = [writer.choice(text.INFORMASI_DETAILS)]
    else:
        title = writer.choice(text.ADUAN_TITLES.get(code, text.GENERIC_ADUAN_TITLES)).format(
            place=street
        )
        details = [f"Lokasi: {place}."]
        if code in text.ADUAN_DETAILS:
            details.append(writer.choice(text.ADUAN_DETAILS[code]))
    details.append(writer.choice(text.GENERIC_DETAILS))
    return title, " ".join(details), street


def _identities(
    rng: np.random.Generator,
    seed: int,
    reference: _Reference,
    channel: np.ndarray,
    anonymous: np.ndarray,
    n: int,
) -> tuple[np.ndarray, ...]:
    """Private reporter fields from a pool of Faker `id_ID` people (frequent reporters recur)."""
    faker = Faker("id_ID")
    faker.seed_instance(seed)
    size = min(IDENTITY_POOL_SIZE, max(n, 50))
    names = np.array([faker.name() for _ in range(size)], dtype=object)
    phones = np.array([normalise_phone(faker.phone_number()) for _ in range(size)], dtype=object)
    emails = np.array([faker.email() for _ in range(size)], dtype=object)
    niks = np.array(
        [_nik(faker, reference.city_code, reference.kecamatan_count) for _ in range(size)],
        dtype=object,
    )
    person = rng.integers(size, size=n)
    in_person = np.array([c in (Channel.WALK_IN, Channel.CALL_CENTER_112) for c in CHANNELS])[
        channel
    ]
    online = np.array([c in (Channel.WEBSITE, Channel.APP) for c in CHANNELS])[channel]
    email_share = np.where(online, 0.6, 0.2)
    nik_share = np.where(in_person, 0.6, 0.15)
    name = np.where(anonymous, None, names[person])
    email = np.where(~anonymous & (rng.random(n) < email_share), emails[person], None)
    nik = np.where(~anonymous & (rng.random(n) < nik_share), niks[person], None)
    return name, phones[person], email, nik


def normalise_phone(raw: str) -> str:
    """An Indonesian phone number in +62 form: `0812-345` and `(024) 35` become `+62812345`, `+622435`."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("62"):
        digits = digits[2:]
    return "+62" + digits.lstrip("0")


def _nik(faker: Faker, city_code: str, kecamatan_count: int) -> str:
    """A NIK-shaped number of the city: its code, kecamatan, birth date (+40 for women), serial."""
    born = faker.date_of_birth(minimum_age=17, maximum_age=80)
    day = born.day + (40 if faker.boolean() else 0)
    kecamatan = faker.random_int(1, kecamatan_count)
    return f"{city_code}{kecamatan:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{faker.random_int(1, 9999):04d}"


def _tickets(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unique ticket codes from the seeded generator, in the format of `data_layer.tickets`."""
    base = len(ALPHABET)
    values = np.empty(0, dtype=np.int64)
    while len(values) < n:
        drawn = np.concatenate(
            [values, rng.integers(0, base**RANDOM_LENGTH, size=n - len(values) + 16)]
        )
        _, first = np.unique(drawn, return_index=True)
        values = drawn[np.sort(first)]
    values = values[:n]
    digits = (values[:, None] // base ** np.arange(RANDOM_LENGTH - 1, -1, -1)) % base
    digits = np.concatenate([digits, _luhn_check_digits(digits, base)[:, None]], axis=1)
    codepoints = np.array([ord(ch) for ch in ALPHABET], dtype=np.uint32)[digits]
    codes = np.ascontiguousarray(codepoints).view(f"<U{RANDOM_LENGTH + 1}").ravel().astype(object)
    for code in codes[:64].tolist():  # the vectorised check agrees with the library's
        body = code[:RANDOM_LENGTH]
        if code != body + luhn.calc_check_digit(body, alphabet=ALPHABET):
            raise AssertionError(f"ticket check character differs from stdnum for {code}")
    return codes


def _luhn_check_digits(digits: np.ndarray, base: int) -> np.ndarray:
    """`stdnum.luhn.calc_check_digit` over rows of digits (most significant first).

    Luhn mod N: from the right of body + "0", every second digit is doubled and
    its base-N digits summed; the check digit makes the total a multiple of N.
    """
    from_right = digits[:, ::-1]  # the appended "0" would sit before these and adds nothing
    doubled = 2 * from_right[:, 0::2]
    total = from_right[:, 1::2].sum(axis=1) + (doubled // base + doubled % base).sum(axis=1)
    return (-total) % base


# --- photos ---------------------------------------------------------------------------


@dataclass
class _Photos:
    report_index: np.ndarray
    kind: np.ndarray
    image_key: np.ndarray
    thumb_key: np.ndarray
    width: np.ndarray
    height: np.ndarray
    byte_size: np.ndarray
    history_id: np.ndarray
    created_at: np.ndarray
    content_type: str
    blobs: dict[str, tuple[str, bytes]]  # key -> (content type, bytes)


@dataclass(frozen=True)
class _StoredImage:
    """One prepared picture (full size and thumbnail) with its content-addressed blob keys."""

    image_key: str
    thumb_key: str
    width: int
    height: int
    byte_size: int
    blobs: tuple[tuple[str, str, bytes], ...]  # (key, content type, bytes)


def _stored(prepared: PreparedPhoto) -> _StoredImage:
    image, thumb = prepared.image, prepared.thumbnail
    image_key = _blob_key(image.data)
    thumb_key = _blob_key(thumb.data)
    return _StoredImage(
        image_key,
        thumb_key,
        image.width,
        image.height,
        len(image.data),
        ((image_key, image.content_type, image.data), (thumb_key, thumb.content_type, thumb.data)),
    )


def _blob_key(data: bytes) -> str:
    # From the content: deterministic, and identical pictures share one blob.
    # As long as the uuid4 hex keys of DatabasePhotoStore, and as unlikely to clash.
    return "demo" + hashlib.sha256(data).hexdigest()[:28]


_POOL_CACHE: dict[tuple, list[_StoredImage]] = {}


def _pool(settings: Settings) -> list[_StoredImage]:
    """The shared demo pictures, ordered by (scene, variant, after); prepared once per process."""
    cache_key = (settings.photo_format, settings.photo_max_side, settings.photo_thumb_side)
    if cache_key not in _POOL_CACHE:
        _POOL_CACHE[cache_key] = [
            _stored(
                prepare_photo(
                    draw_demo_photo(scene, after=after, variant=variant),
                    "demo.jpg",
                    settings=settings,
                )
            )
            for scene in SCENES
            for variant in range(POOL_VARIANTS)
            for after in (False, True)
        ]
    return _POOL_CACHE[cache_key]


def _photos(
    data: _Data,
    reference: _Reference,
    pool: list[_StoredImage],
    *,
    settings: Settings,
    seed: int,
    sample: int,
) -> _Photos:
    """Before photos for many complaints, an after photo for every resolved one.

    An aduan may only be resolved with an after photo, so every aduan that reached
    selesai gets one, linked to its first selesai: a freshly drawn pair for the
    sample, a shared pool picture for the rest.
    """
    rng = np.random.default_rng([seed, 1])
    history = data.history
    aduan = data.kind == Kind.ADUAN.value
    first_row = history.first_row
    # Rows are ordered by report, then time: a report's first selesai row is the one
    # not preceded by another selesai row of the same report.
    resolved_rows = np.flatnonzero(history.to_status == _status_code(S.SELESAI))
    of_report = history.report_index[resolved_rows]
    first = np.concatenate([[True], of_report[1:] != of_report[:-1]])
    resolved_row = np.full(data.n, -1, dtype=np.int64)
    resolved_row[of_report[first]] = resolved_rows[first]
    needs_after = aduan & (resolved_row >= 0)

    eligible = np.flatnonzero(needs_after & ~data.confidential)
    sampled = np.sort(rng.choice(eligible, size=min(sample, len(eligible)), replace=False))
    before_share = np.array([BEFORE_PHOTO_SHARE.get(c, 0.0) for c in CHANNELS])[data.channel]
    has_before = aduan & (rng.random(data.n) < before_share)
    has_before[sampled] = True

    # Every picture is an entry: the pool first, then the sample's own pairs.
    entries = list(pool)
    scene_index = {scene: i for i, scene in enumerate(SCENES)}
    scene = np.array([scene_index[scene_for(code)] for code in reference.category_codes])[
        data.category_index
    ]
    pool_entry = (scene * POOL_VARIANTS + rng.integers(POOL_VARIANTS, size=data.n)) * 2
    before_entry, after_entry = pool_entry.copy(), pool_entry + 1
    for index in sampled.tolist():
        label = format_ticket_code(data.tickets[index])
        for after, target in ((False, before_entry), (True, after_entry)):
            raw = draw_demo_photo(
                SCENES[scene[index]], after=after, variant=1000 + index, label=label
            )
            target[index] = len(entries)
            entries.append(_stored(prepare_photo(raw, "demo.jpg", settings=settings)))

    before = np.flatnonzero(has_before)
    after = np.flatnonzero(needs_after)
    report_index = np.concatenate([before, after])
    entry = np.concatenate([before_entry[before], after_entry[after]])
    history_row = np.concatenate([first_row[before], resolved_row[after]])
    order = np.lexsort((np.arange(len(report_index)), report_index))  # by report, before first
    report_index, entry, history_row = report_index[order], entry[order], history_row[order]
    kinds = np.array(
        [PhotoKind.BEFORE.value] * len(before) + [PhotoKind.AFTER.value] * len(after), dtype=object
    )[order]

    used = np.unique(entry).tolist()
    blobs = {key: (content_type, raw) for i in used for key, content_type, raw in entries[i].blobs}

    def attribute(name: str, dtype) -> np.ndarray:
        return np.array([getattr(e, name) for e in entries], dtype=dtype)[entry]

    return _Photos(
        report_index=report_index,
        kind=kinds,
        image_key=attribute("image_key", object),
        thumb_key=attribute("thumb_key", object),
        width=attribute("width", np.int64),
        height=attribute("height", np.int64),
        byte_size=attribute("byte_size", np.int64),
        history_id=history.ids[history_row],
        created_at=history.at[history_row],
        content_type=entries[0].blobs[0][1],
        blobs=blobs,
    )


# --- writing -----------------------------------------------------------------------


def _write_all(connection: Connection, data: _Data, photos: _Photos) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        previous_cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
    try:
        # The live tallies and the photo counts are recounted once at the end,
        # not updated by a trigger per row (each report comes with its photo count).
        columns = {**data.columns, "after_photos": _after_photo_counts(photos, data)}
        with tally_suspended(connection):
            with _indexes_built_after(connection, Report.__table__):
                _insert(connection, Report.__table__, columns)
            history = data.history
            report_ids = data.columns["id"]
            _insert(
                connection,
                StatusHistory.__table__,
                {
                    "id": history.ids,
                    "report_id": report_ids[history.report_index],
                    "from_status": STATUS_STRINGS.column(history.from_status),
                    "to_status": STATUS_STRINGS.column(history.to_status),
                    "at": history.at,
                    "actor_label": ACTOR_STRINGS.column(history.actor_label),
                    "opd_id": _nullable_ids(history.opd_id),
                    "public_note": history.notes.column(history.public_note),
                    "internal_note": history.notes.column(history.internal_note),
                    "internal_note_for_opd": _internal_note_for_opd(history, data.columns),
                },
            )
            existing = set(
                connection.execute(
                    select(PhotoBlob.key).where(PhotoBlob.key.in_(list(photos.blobs)))
                ).scalars()
            )
            fresh = [key for key in photos.blobs if key not in existing]
            _insert(
                connection,
                PhotoBlob.__table__,
                {
                    "key": np.array(fresh, dtype=object),
                    "content_type": np.array([photos.blobs[k][0] for k in fresh], dtype=object),
                    "data": np.array([photos.blobs[k][1] for k in fresh], dtype=object),
                },
            )
            count = len(photos.report_index)
            _insert(
                connection,
                Photo.__table__,
                {
                    "id": np.arange(1, count + 1),
                    "report_id": report_ids[photos.report_index],
                    "kind": photos.kind,
                    "image_key": photos.image_key,
                    "thumb_key": photos.thumb_key,
                    "content_type": np.full(count, photos.content_type, dtype=object),
                    "width": photos.width,
                    "height": photos.height,
                    "byte_size": photos.byte_size,
                    "history_id": photos.history_id,
                    "is_demo": np.ones(count, dtype=bool),
                    "created_at": photos.created_at,
                },
            )
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size={previous_cache}")
    if connection.dialect.name == "postgresql":
        # Ids were given explicitly: move the sequences past them.
        for table in ("report", "status_history", "photo"):  # our own table names
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )


def _after_photo_counts(photos: _Photos, data: _Data) -> np.ndarray:
    """Per report (in row order), how many after photos it gets (`report.after_photos`)."""
    after = photos.report_index[photos.kind == PhotoKind.AFTER.value]
    return np.bincount(after, minlength=len(data.columns["id"])).astype(np.int64)


@contextmanager
def _indexes_built_after(connection: Connection, table: Table) -> Iterator[None]:
    """Drop the table's secondary indexes for a bulk load and build them again after it.

    Reports arrive in id order but random in status, kelurahan, OPD and category:
    one sort per index at the end beats a million scattered index updates, which
    stop fitting in SQLite's page cache near a million rows. Inside the caller's
    transaction, so a failure restores them with everything else.
    """
    existing = {index["name"] for index in inspect(connection).get_indexes(table.name)}
    deferred = [index for index in table.indexes if index.name in existing and not index.unique]
    for index in deferred:
        index.drop(connection)
    yield
    for index in deferred:
        index.create(connection)


Columns = dict[str, "np.ndarray | _Coded"]


def _insert(connection: Connection, table: Table, columns: Columns) -> None:
    """Rows straight to the DBAPI, each backend by its fastest bulk path.

    Both share the preparation (numpy columns to Python values, batch by batch,
    in a background thread); SQLite gets multi-row INSERT ... VALUES statements,
    PostgreSQL gets COPY.
    """
    missing = [
        c.name
        for c in table.columns
        if not c.nullable and c.name not in columns and c.server_default is None
    ]
    if missing:
        raise DemoDataError(f"demo data does not fill {table.name}.{', '.join(missing)}")
    quote = connection.dialect.identifier_preparer.quote
    target = f"{quote(table.name)} ({', '.join(quote(name) for name in columns)})"
    if connection.dialect.name == "postgresql":
        _copy_rows(connection, target, columns)
    else:
        _insert_values(connection, target, columns)


def _insert_values(connection: Connection, target: str, columns: Columns) -> None:
    """Many rows per INSERT statement.

    Not executemany: SQLite redoes a statement's one-off work (such as the lookup
    tables of the CHECK (... IN (...)) constraints) on every execution, so one
    execution per row costs about twice as much.
    """
    width = len(columns)
    per_statement = max(1, PARAMETERS_PER_STATEMENT // width)
    row = f"({', '.join(['?'] * width)})"
    # Names come from the models' metadata; every value is a bound parameter.
    head = f"INSERT INTO {target} VALUES "  # noqa: S608
    full_statement = head + ", ".join([row] * per_statement)

    def statements() -> Iterator[tuple]:
        chunk = per_statement * max(1, CHUNK_ROWS // per_statement)
        for rows in _row_chunks(columns, chunk):
            for offset in range(0, len(rows), per_statement):
                yield tuple(chain.from_iterable(rows[offset : offset + per_statement]))

    for params in _prefetched(statements()):
        count = len(params) // width
        sql = full_statement if count == per_statement else head + ", ".join([row] * count)
        connection.exec_driver_sql(sql, params)


def _copy_rows(connection: Connection, target: str, columns: Columns) -> None:
    """PostgreSQL's COPY, inside the caller's transaction (same DBAPI connection)."""
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for rows in _prefetched(_row_chunks(columns, CHUNK_ROWS)):
            for row in rows:
                copy.write_row(row)


def _row_chunks(columns: Columns, chunk: int) -> Iterator[list[tuple]]:
    """Rows as tuples of plain Python values, `chunk` rows at a time."""
    total = len(next(iter(columns.values())))
    for start in range(0, total, chunk):
        values = [_db_values(column[start : start + chunk]) for column in columns.values()]
        yield list(zip(*values, strict=True))


def _prefetched(items: Iterator[T], depth: int = 4) -> Iterator[T]:
    """Produce `items` in a background thread while the caller consumes them.

    The DBAPI drivers release the GIL while the database works, so building the
    next batch of parameters (numpy to Python values) overlaps with writing this
    one, and the load uses a second core.
    """
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                queue.put(entry, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((False, exc))

    worker = threading.Thread(target=produce, name="demo-insert-batches", daemon=True)
    worker.start()
    try:
        while True:
            more, item = queue.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        worker.join()


def _nullable_ids(ids: np.ndarray) -> _Coded:
    """Small non-negative integer ids, -1 meaning NULL."""
    table = np.array([*range(int(ids.max(initial=0)) + 1), None], dtype=object)
    return _Coded(ids, table)


def _db_values(column: np.ndarray) -> list:
    """Plain Python values for the DBAPI: None for NaT/NaN, timestamps as SQLAlchemy stores them."""
    if np.issubdtype(column.dtype, np.datetime64):
        formatted = np.datetime_as_string(column.astype("datetime64[us]"), unit="us").astype("U26")
        formatted.view(np.uint32).reshape(-1, 26)[:, 10] = ord(" ")  # 2025-01-31 08:00:00.000000
        values = formatted.astype(object)
        values[np.isnat(column)] = None
        return values.tolist()
    if np.issubdtype(column.dtype, np.floating):
        values = column.astype(object)
        values[np.isnan(column)] = None
        return values.tolist()
    return column.tolist()


def demo_counts(session: Session) -> dict[str, int]:
    """How many rows the demo put in each table (for tests and the benchmark)."""
    return {
        "reports": session.scalar(select(func.count()).select_from(Report)),
        "status_changes": session.scalar(select(func.count()).select_from(StatusHistory)),
        "photos": session.scalar(select(func.count()).select_from(Photo)),
        "photo_blobs": session.scalar(select(func.count()).select_from(PhotoBlob)),
    }
