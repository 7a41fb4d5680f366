"""Demo data (`seed-demo`): consistent with the workflow, the SLA calendar, the
photo rule, the geography and privacy, and deterministic, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pytest
from factories import make_draft, prepared_photo
from faker.providers.person.id_ID import Provider as IndonesianNames
from PIL import Image
from shapely.geometry import Point
from sqlalchemy import func, select

from data_layer.cli import migrate_and_load_reference
from data_layer.commands import Actor, submit_report, transition
from data_layer.config import Settings
from data_layer.db import make_engine, make_session_factory
from data_layer.demo import (
    DemoDataError,
    database_is_empty,
    demo_metadata,
    is_demo_database,
    seed_demo,
)
from data_layer.geography import geometry_of
from data_layer.models import (
    AppMeta,
    Category,
    Kelurahan,
    Opd,
    Photo,
    PhotoBlob,
    Report,
    StatusHistory,
)
from data_layer.sla import SlaPolicy, calendar_from_settings
from data_layer.states import (
    CLOSED_STATUSES,
    STATUS_RULES,
    TRANSITIONS,
    Destination,
    Kind,
    PhotoKind,
    Role,
    Stamp,
    Status,
)
from data_layer.tickets import is_valid_ticket_code
from data_layer.validation import normalise_phone

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2025, 8, 1, 3, 0, 0)  # 10:00 WIB, just after Semarang's January-July 2025 figures
TIMESTAMP_COLUMNS = (
    "received_at",
    "verified_at",
    "forwarded_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "updated_at",
)
STORED_BY_COMMANDS = (
    "status",
    "opd_id",
    "reject_reason",
    "reopen_count",
    *TIMESTAMP_COLUMNS,
    "verify_due_at",
    "first_response_due_at",
    "resolve_due_at",
    "verify_working_days",
    "first_response_working_days",
    "resolve_working_days",
)


def seed(db, *, reports: int = 500, seed_value: int = 11, photo_sample: int = 4):
    return seed_demo(
        db.engine,
        reports=reports,
        seed=seed_value,
        photo_sample=photo_sample,
        now=NOW,
        settings=db.settings,
    )


def histories(session) -> dict[int, list[StatusHistory]]:
    by_report: dict[int, list[StatusHistory]] = defaultdict(list)
    for row in session.scalars(
        select(StatusHistory).order_by(StatusHistory.report_id, StatusHistory.id)
    ):
        by_report[row.report_id].append(row)
    return by_report


def timestamps_from_history(rows: list[StatusHistory]) -> dict[str, dt.datetime | None]:
    """The report's timestamp columns, read off its history by the workflow's rules."""
    at = {column: None for column in TIMESTAMP_COLUMNS}
    at["received_at"] = rows[0].at
    for row in rows[1:]:
        for column, stamp in STATUS_RULES[Status(row.to_status)].stamps:
            if stamp is Stamp.CLEAR:
                at[column] = None
            elif stamp is Stamp.LATEST or at[column] is None:
                at[column] = row.at
    at["updated_at"] = rows[-1].at
    return at


def test_every_history_is_a_valid_path_that_matches_the_report(db):
    seed(db)
    with db.read() as session:
        reports = {r.id: r for r in session.scalars(select(Report))}
        by_report = histories(session)
    assert len(reports) == 500 and set(by_report) == set(reports)
    for report_id, rows in by_report.items():
        report = reports[report_id]
        assert rows[0].from_status is None and rows[0].to_status == Status.DITERIMA
        for previous, row in pairwise(rows):
            assert row.from_status == previous.to_status
            assert Status(row.to_status) in TRANSITIONS[Status(previous.to_status)], (
                report.ticket,
                row.to_status,
            )
            assert row.at >= previous.at, report.ticket
        assert {row.actor_label for row in rows} <= {
            "warga",
            "sistem",
            "verifikator",
            "opd",
            "admin",
        }
        assert report.status == rows[-1].to_status
        assert rows[-1].at <= NOW
        for column, expected in timestamps_from_history(rows).items():
            assert getattr(report, column) == expected, (report.ticket, column)
        assert report.reopen_count == sum(r.to_status == Status.DIBUKA_KEMBALI for r in rows)
        assert (report.reject_reason is not None) == any(
            r.to_status == Status.DITOLAK for r in rows
        )
        verified = any(r.to_status == Status.DIVERIFIKASI for r in rows)
        assert (report.opd_id is not None) == verified
        assert report.is_demo


def test_stored_columns_equal_what_commands_transition_stores(db):
    """Replay a sample of demo histories through the real workflow and compare every column."""
    seed(db, reports=400)
    with db.read() as session:
        sample = (
            session.scalars(select(Report).where(Report.reopen_count > 0).limit(3)).all()
            + session.scalars(
                select(Report).order_by(Report.id).where(Report.id % 9 == 0).limit(40)
            ).all()
        )
        demo_rows = {r.id: [(h.to_status, h.at, h.actor_label) for h in r.history] for r in sample}
    assert {Status.SELESAI, Status.DITOLAK} <= {Status(r.status) for r in sample} | {
        Status(step[0]) for rows in demo_rows.values() for step in rows
    }
    with db.write()() as session:
        for demo in sample:
            replayed = _replay(session, demo, demo_rows[demo.id], db.settings)
            for column in STORED_BY_COMMANDS:
                assert getattr(replayed, column) == getattr(demo, column), (demo.ticket, column)
        session.rollback()


def _replay(session, demo: Report, steps, settings: Settings) -> Report:
    (first, received, submitter), *later = steps
    assert first == Status.DITERIMA
    draft = make_draft(
        session,
        kind=Kind(demo.kind),
        category_id=demo.category_id,
        kelurahan_code=demo.kelurahan_code,
    )
    actor = Actor.system() if submitter == "sistem" else Actor.citizen()
    submitted = submit_report(session, draft=draft, settings=settings, now=received, actor=actor)
    roles = {"verifikator": Role.VERIFIKATOR, "admin": Role.ADMIN, "opd": Role.OPD}
    for to, at, label in later:
        actor = (
            Actor.operator(operator_id=None, role=roles[label], opd_id=demo.opd_id)
            if label in roles
            else Actor(label=label)
        )
        photos = ()
        if to == Status.SELESAI and demo.kind == Kind.ADUAN:
            photos = ((PhotoKind.AFTER, prepared_photo(settings)),)
        transition(
            session,
            report_id=submitted.report_id,
            to=to,
            actor=actor,
            settings=settings,
            now=at,
            opd_id=demo.opd_id,
            reject_reason=demo.reject_reason,
            photos=photos,
            public_note=f"Status {Status(to).value}",
            destination=Destination.PROVINCE if to == Status.BUKAN_WEWENANG else None,
        )
    return session.get(Report, submitted.report_id)


def test_working_day_columns_agree_with_the_sla_calendar(db):
    seed(db, reports=300)
    calendar = calendar_from_settings(db.settings)
    policy = SlaPolicy.from_settings(db.settings)
    with db.read() as session:
        reports = session.scalars(select(Report).order_by(Report.id)).all()
    checked = Counter()
    for r in reports:
        assert r.verify_due_at == calendar.add_working_days(r.received_at, policy.verify_days)
        if r.verified_at:
            assert r.verify_working_days == calendar.working_days_between(
                r.received_at, r.verified_at
            )
            checked["verify"] += 1
        if r.forwarded_at:
            assert r.first_response_due_at == calendar.add_working_days(
                r.forwarded_at, policy.first_response_days
            )
            assert r.resolve_due_at == calendar.add_working_days(
                r.forwarded_at, policy.resolve_days(r.resolution_class)
            )
        else:
            assert r.first_response_due_at is None and r.resolve_due_at is None
        if r.first_response_at:
            assert r.first_response_working_days == calendar.working_days_between(
                r.forwarded_at, r.first_response_at
            )
            checked["response"] += 1
        if r.resolved_at:
            assert r.resolve_working_days == calendar.working_days_between(
                r.forwarded_at or r.received_at, r.resolved_at
            )
            checked["resolve"] += 1
    assert min(checked.values()) > 50


def test_every_resolved_aduan_has_a_real_after_photo(db):
    seed(db, photo_sample=6)
    with db.read() as session:
        by_report = histories(session)
        kinds = dict(session.execute(select(Report.id, Report.kind)).tuples().all())
        photos = session.scalars(select(Photo)).all()
        after = defaultdict(list)
        for photo in photos:
            if photo.kind == PhotoKind.AFTER:
                after[photo.report_id].append(photo)
        resolved_aduan = [
            report_id
            for report_id, rows in by_report.items()
            if kinds[report_id] == Kind.ADUAN and any(r.to_status == Status.SELESAI for r in rows)
        ]
        assert len(resolved_aduan) > 200
        rows_by_id = {r.id: r for rows in by_report.values() for r in rows}
        for report_id in resolved_aduan:
            assert after[report_id], report_id
            photo = after[report_id][0]
            linked = rows_by_id[photo.history_id]
            # Attached with the first resolution, like `transition(..., photos=...)` does.
            assert linked.report_id == report_id and linked.to_status == Status.SELESAI
            assert photo.created_at == linked.at
        assert all(photo.is_demo for photo in photos)
        # Only aduan get photos; the sample got their own pictures, the rest share a pool.
        assert {kinds[p.report_id] for p in photos} == {Kind.ADUAN.value}
        image_keys = Counter(p.image_key for p in photos)
        assert sum(1 for count in image_keys.values() if count == 1) >= 12  # 6 pairs of its own
        blob = session.get(PhotoBlob, photos[0].image_key)
        thumb = session.get(PhotoBlob, photos[0].thumb_key)
    image = Image.open(io.BytesIO(blob.data))
    assert image.format == "JPEG" and image.size == (photos[0].width, photos[0].height)
    assert not image.getexif()  # re-encoded by prepare_photo: no metadata
    assert max(Image.open(io.BytesIO(thumb.data)).size) <= db.settings.photo_thumb_side


def test_locations_lie_inside_their_kelurahan(db):
    seed(db)
    with db.read() as session:
        shapes = {k.code: geometry_of(k) for k in session.scalars(select(Kelurahan))}
        points = (
            session.execute(select(Report.kelurahan_code, Report.latitude, Report.longitude))
            .tuples()
            .all()
        )
    located = [(code, lat, lon) for code, lat, lon in points if lat is not None]
    assert len(located) > 0.7 * len(points)
    assert len({code for code, _, _ in located}) > 100  # spread over the city
    for code, lat, lon in located:
        assert shapes[code].covers(Point(lon, lat)), code


def test_same_seed_gives_the_same_data_on_any_database(db, tmp_path):
    seed(db, reports=300)
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    other = make_engine(other_url)
    migrate_and_load_reference(other)
    seed_demo(
        other,
        reports=300,
        seed=11,
        photo_sample=4,
        now=NOW,
        settings=Settings(database_url=other_url),
    )
    query = (
        select(
            Report.ticket,
            Report.status,
            Report.received_at,
            Report.kelurahan_code,
            Category.code,
            Report.reporter_name,
            Report.latitude,
        )
        .join(Category)
        .order_by(Report.id)
    )
    with db.read() as session:
        first = session.execute(query).tuples().all()
    with make_session_factory(other)() as session:
        second = session.execute(query).tuples().all()
    other.dispose()
    assert first == second


def test_another_seed_gives_other_data(sqlite_db, tmp_path):
    seed(sqlite_db, reports=200, seed_value=1)
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    other = make_engine(other_url)
    migrate_and_load_reference(other)
    seed_demo(
        other,
        reports=200,
        seed=2,
        photo_sample=0,
        now=NOW,
        settings=Settings(database_url=other_url),
    )
    with sqlite_db.read() as session:
        first = set(session.scalars(select(Report.ticket)))
    with make_session_factory(other)() as session:
        second = set(session.scalars(select(Report.ticket)))
    other.dispose()
    assert len(first) == len(second) == 200 and not first & second


def test_tickets_are_unique_valid_codes(db):
    seed(db, reports=300)
    with db.read() as session:
        tickets = session.scalars(select(Report.ticket)).all()
    assert len(set(tickets)) == 300
    assert all(is_valid_ticket_code(ticket) for ticket in tickets)


def test_reporters_are_indonesian_and_only_in_private_fields(db):
    seed(db)
    given_names = set(IndonesianNames.first_names_male) | set(IndonesianNames.first_names_female)
    family_names = set(IndonesianNames.last_names_male) | set(IndonesianNames.last_names_female)
    with db.read() as session:
        reports = session.scalars(select(Report)).all()
    named = [r for r in reports if not r.anonymous]
    assert all(r.reporter_name for r in named)
    for r in named:
        words = {w.strip(",.") for w in r.reporter_name.split()}
        assert words & given_names and words & family_names, r.reporter_name
    for r in reports:
        assert r.reporter_phone.startswith("+62") and r.reporter_phone[1:].isdigit(), (
            r.reporter_phone
        )
        assert 11 <= len(r.reporter_phone) <= 16
        assert r.reporter_email is None or r.reporter_email.split("@")[1].startswith("example.")
        assert r.reporter_nik is None or (
            len(r.reporter_nik) == 16 and r.reporter_nik.startswith("3374")
        )
        # The identity never leaks into what is published about the report.
        if r.reporter_name:
            assert r.reporter_name not in r.title + r.description + (r.address or "")
        assert r.reporter_phone not in r.description
    anonymous = [r for r in reports if r.anonymous]
    assert anonymous and all(r.reporter_name is None and r.reporter_nik is None for r in anonymous)
    assert sum(r.reporter_email is not None for r in named) > 50
    assert sum(r.reporter_nik is not None for r in named) > 30
    # Every demo phone is one the submission form accepts, stored as the form stores it.
    phones = [r.reporter_phone for r in reports if r.reporter_phone]
    assert phones and all(normalise_phone(phone) == phone for phone in phones)


def test_demo_flag_volumes_and_mix_look_like_semarang(db):
    with db.read() as session:
        assert database_is_empty(session) and not is_demo_database(session)
    summary = seed(db, reports=1500, seed_value=2025)
    assert "1,500 demo reports" in str(summary) and f"{summary.seconds:.1f} s" in str(summary)
    with db.read() as session:
        assert not database_is_empty(session) and is_demo_database(session)
        assert demo_metadata(session)["seed"] == 2025
        assert json.loads(session.get(AppMeta, "demo_data").value)["reports"] == 1500
        reports = session.scalars(select(Report)).all()
        opd_names = dict(session.execute(select(Opd.id, Opd.short_name)).tuples().all())
        history = histories(session)
    top_opds = [
        opd_names[o] for o, _ in Counter(r.opd_id for r in reports if r.opd_id).most_common(3)
    ]
    assert set(top_opds) == {"DPU", "Disperkim", "Dishub"}
    top_channels = [c for c, _ in Counter(r.channel for r in reports).most_common(2)]
    assert set(top_channels) == {"whatsapp", "website"}
    assert len({r.channel for r in reports}) == 8
    assert Counter(r.kind for r in reports).most_common(1)[0][0] == Kind.ADUAN
    received = sorted(r.received_at for r in reports)
    assert dt.timedelta(days=365) < received[-1] - received[0] < dt.timedelta(days=550)
    assert received[-1] <= NOW
    confidential = sum(r.confidential for r in reports) / len(reports)
    assert 0.005 < confidential < 0.05
    assert 0.01 < sum(r.anonymous for r in reports) / len(reports) < 0.12
    # The workflow's whole range shows up.
    statuses = Counter(r.status for r in reports)
    assert statuses[Status.DITUTUP] > statuses[Status.DIPROSES] > 0
    assert (
        statuses[Status.DITOLAK] and statuses[Status.BUKAN_WEWENANG] and statuses[Status.DITERIMA]
    )
    passed = Counter(row.to_status for rows in history.values() for row in rows)
    assert passed[Status.PERLU_INFO] and passed[Status.DIBUKA_KEMBALI] and passed[Status.ARSIP]
    assert all(r.reject_reason for r in reports if r.status == Status.DITOLAK)
    # SLA: verification mostly within 3 working days, some late; some open reports overdue now.
    verified = [r.verify_working_days for r in reports if r.verify_working_days is not None]
    assert 0.7 < sum(days <= 3 for days in verified) / len(verified) < 0.97
    overdue = [
        r
        for r in reports
        if r.status not in CLOSED_STATUSES
        and r.resolve_due_at is not None
        and r.resolve_due_at < NOW
    ]
    assert overdue
    resolved = [r for r in reports if r.resolved_at is not None]
    assert 0.6 < sum(r.resolved_at <= r.resolve_due_at for r in resolved) / len(resolved) < 0.97


def test_refuses_a_database_that_already_has_reports(db):
    seed(db, reports=50, photo_sample=0)
    with pytest.raises(DemoDataError, match="already holds reports"):
        seed(db, reports=50, photo_sample=0)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 50


def test_seed_demo_command_line(tmp_path):
    database = tmp_path / "cli.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "data_layer",
            "seed-demo",
            "--reports",
            "200",
            "--seed",
            "1",
            "--photos",
            "2",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "200 demo reports (seed 1)" in result.stdout
    engine = make_engine(f"sqlite:///{database}")
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 200
        assert is_demo_database(session)
        assert (
            session.scalar(select(func.count()).select_from(Photo).where(Photo.kind == "after"))
            > 50
        )
    engine.dispose()

    # Seeding again is refused with a message, not a traceback, and adds nothing.
    again = subprocess.run(
        [sys.executable, "-m", "data_layer", "seed-demo", "--reports", "10"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.returncode == 2
    assert "already holds reports" in again.stderr
    assert "Traceback" not in again.stderr
    engine = make_engine(f"sqlite:///{database}")
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 200
    engine.dispose()


def test_demo_addresses_name_only_the_city_profiles_own_streets(sqlite_db):
    """Semarang's demo must not send a reader to Bandung (Faker's id_ID streets)."""
    from data_layer.cities.profile import city_profile

    streets = set(city_profile("3374").demo_streets)
    seed(sqlite_db, reports=400)
    with sqlite_db.read() as session:
        addresses = session.scalars(select(Report.address).where(Report.address.is_not(None)))
        named = {address.split(" No. ")[0] for address in addresses}
    assert named, "the demo gave no report an address"
    assert named <= streets, sorted(named - streets)
    assert not named & {"Jl. Cihampelas", "Jl. Gedebage Selatan", "Jl. Kebonjati"}
