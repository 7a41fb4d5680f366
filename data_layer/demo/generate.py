"""Every report column drawn as numpy arrays: when, what, where, who, and its ticket code."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from dataclasses import dataclass

import numpy as np
from faker import Faker
from shapely import contains_xy, prepare

from data_layer.demo import text
from data_layer.demo.calibration import (
    ANONYMOUS_SHARE,
    CATEGORY_WEIGHTS,
    CHANNEL_SHARES,
    CHANNELS,
    CONFIDENTIAL_SHARE,
    GROWTH_OVER_SPAN,
    HOLIDAY_VOLUME,
    HOUR_VOLUME,
    IDENTITY_POOL_SIZE,
    KIND_SHARES,
    KIND_SHARES_DEFAULT,
    KINDS,
    LOCATION_SHARE,
    NULL,
    PLACELESS_CATEGORIES,
    SPAN_DAYS,
    TEXT_POOL_SIZE,
    WEEKDAY_VOLUME,
    WET_MONTHS,
    WET_SEASON_FACTOR,
    WET_SEASON_VOLUME,
)
from data_layer.demo.reference import Reference
from data_layer.demo.workflow import (
    Clock,
    History,
    due_moments,
    durations,
    simulate,
)
from data_layer.states import (
    Channel,
    Kind,
)
from data_layer.tickets import TICKET_BODIES, ticket_codes_for
from data_layer.validation import normalise_phone


@dataclass
class Data:
    n: int
    columns: dict[str, np.ndarray]  # report columns, in id order
    category_index: np.ndarray
    kind: np.ndarray
    channel: np.ndarray  # index into CHANNELS
    confidential: np.ndarray
    tickets: np.ndarray
    history: History


def generate(
    reference: Reference,
    clock: Clock,
    *,
    reports: int,
    seed: int,
    now: dt.datetime,
) -> Data:
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
    state, history = simulate(rng, clock, reference, base, now64)

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

    due = due_moments(clock, received, state["forwarded_at"], resolve_days)
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
        # What the tally triggers would set, so their recount after the load has
        # (almost) nothing to write: a million updates cost minutes on PostgreSQL.
        "responsible_opd_id": responsible(reference, state["opd_id"], category, kelurahan),
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
        **durations(clock, received, state),
    }
    return Data(n, columns, category, kind, channel_index, confidential, tickets, history)


def _addresses(
    rng: np.random.Generator,
    reference: Reference,
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
    rng: np.random.Generator, clock: Clock, n: int, now: np.datetime64
) -> np.ndarray:
    last_day = clock.calendar.local_days(np.array([now]))[0]
    days = np.arange(last_day - SPAN_DAYS, last_day + 1)
    weekday = (days.astype(np.int64) - 4) % 7  # 1970-01-01 was a Thursday
    month = days.astype("datetime64[M]").astype(int) % 12 + 1
    weights = (
        np.array(WEEKDAY_VOLUME)[weekday]
        * np.where(np.isin(month, WET_MONTHS), WET_SEASON_VOLUME, 1.0)
        * np.where(clock.calendar.working_days(days) | (weekday >= 5), 1.0, HOLIDAY_VOLUME)
        * np.linspace(1.0, 1.0 + GROWTH_OVER_SPAN, len(days))
    )
    day = days[rng.choice(len(days), size=n, p=weights / weights.sum())]
    hours = np.array(HOUR_VOLUME)
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    seconds = hour * 3600 + rng.integers(0, 3600, size=n)
    received = day + seconds.astype("timedelta64[s]") - clock.calendar.offset
    received = np.where(received > now, received - np.timedelta64(1, "D"), received)
    return np.sort(received)


def _categories(rng: np.random.Generator, reference: Reference, wet: np.ndarray) -> np.ndarray:
    dry_weights = np.array([CATEGORY_WEIGHTS.get(code, 1.0) for code in reference.category_codes])
    wet_weights = dry_weights * np.array(
        [WET_SEASON_FACTOR.get(code, 1.0) for code in reference.category_codes]
    )
    category = np.empty(len(wet), dtype=np.int64)
    for mask, weights in ((wet, wet_weights), (~wet, dry_weights)):
        category[mask] = rng.choice(len(weights), size=int(mask.sum()), p=weights / weights.sum())
    return category


def _kinds(rng: np.random.Generator, reference: Reference, category: np.ndarray) -> np.ndarray:
    shares = np.array(
        [KIND_SHARES.get(code, KIND_SHARES_DEFAULT) for code in reference.category_codes]
    )
    cumulative = np.cumsum(shares, axis=1)[category]
    u = rng.random(len(category))
    index = (u > cumulative[:, 0]).astype(int) + (u > cumulative[:, 1]).astype(int)
    return np.array([k.value for k in KINDS], dtype=object)[index]


def _kelurahan(rng: np.random.Generator, reference: Reference, n: int) -> np.ndarray:
    # Some neighbourhoods report far more than others (population, activity).
    weights = rng.lognormal(0.0, 0.6, size=len(reference.kelurahan_codes))
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def _locations(
    rng: np.random.Generator, reference: Reference, kelurahan: np.ndarray, has_location: np.ndarray
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
    reference: Reference,
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
    reference: Reference,
    channel: np.ndarray,
    anonymous: np.ndarray,
    n: int,
) -> tuple[np.ndarray, ...]:
    """Private reporter fields from a pool of Faker `id_ID` people (frequent reporters recur)."""
    faker = Faker("id_ID")
    faker.seed_instance(seed)
    size = min(IDENTITY_POOL_SIZE, max(n, 50))
    names = np.array([faker.name() for _ in range(size)], dtype=object)
    phones = np.array([_phone(faker) for _ in range(size)], dtype=object)
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
    name = np.where(anonymous, NULL, names[person])
    email = np.where(~anonymous & (rng.random(n) < email_share), emails[person], NULL)
    nik = np.where(~anonymous & (rng.random(n) < nik_share), niks[person], NULL)
    return name, phones[person], email, nik


def _phone(faker: Faker) -> str:
    """A number the submission form accepts, stored as the form stores it (one rule:
    validation.normalise_phone); about half of Faker's Indonesian numbers are not valid."""
    while True:
        with contextlib.suppress(ValueError):
            return normalise_phone(faker.phone_number())


def _nik(faker: Faker, city_code: str, kecamatan_count: int) -> str:
    """A NIK-shaped number of the city: its code, kecamatan, birth date (+40 for women), serial."""
    born = faker.date_of_birth(minimum_age=17, maximum_age=80)
    day = born.day + (40 if faker.boolean() else 0)
    kecamatan = faker.random_int(1, kecamatan_count)
    return f"{city_code}{kecamatan:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{faker.random_int(1, 9999):04d}"


def _tickets(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unique ticket codes from the seeded generator (`data_layer.tickets` writes them)."""
    values = np.empty(0, dtype=np.int64)
    while len(values) < n:
        drawn = np.concatenate([values, rng.integers(0, TICKET_BODIES, size=n - len(values) + 16)])
        _, first = np.unique(drawn, return_index=True)
        values = drawn[np.sort(first)]
    return ticket_codes_for(values[:n])


def responsible(
    reference: Reference, opd_id: np.ndarray, category: np.ndarray, kelurahan: np.ndarray
) -> np.ndarray:
    """The responsible OPD (data_layer.tally.responsible_opd_sql): the report's OPD, else
    its category's default, else its kecamatan's office."""
    default = reference.category_opd[category]
    default = np.where(default >= 0, default, reference.kelurahan_office_opd[kelurahan])
    return np.array(
        [
            int(d) if o is None and d >= 0 else o
            for o, d in zip(opd_id.tolist(), default.tolist(), strict=True)
        ],
        dtype=object,
    )
