"""The subcommands of `python -m data_layer`, each a small function over the data layer."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import inspect, select

from data_layer.config import get_settings
from data_layer.db import make_engine, make_session_factory, refresh_planner_statistics
from data_layer.migrate import upgrade
from data_layer.models import AppMeta
from data_layer.reference_data import sync_reference
from data_layer.tally import READY_KEY


def _engine():
    return make_engine(get_settings().database_url)


def add_migrate(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="upgrade the schema to the newest migration and load reference data"
    )
    parser.set_defaults(handler=run_migrate)


def run_migrate(_args: argparse.Namespace) -> int:
    from data_layer.reference_data import OtherCityError

    engine = _engine()
    try:
        recounted = migrate_and_load_reference(engine)
    except OtherCityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if recounted:
        refresh_planner_statistics(engine, after_bulk_load=True)
    city = get_settings().profile
    print(f"schema at head; reference data of {city.name} ({city.code}) loaded")
    return 0


def migrate_and_load_reference(engine) -> bool:
    """Schema to head, then the configured city's reference data (PANTAU_CITY).

    True when the upgrade recounted the rollups (new or outdated triggers, installed
    by the migrations): a bulk write the planner should be told of
    (`refresh_planner_statistics(after_bulk_load=True)`).
    """
    from data_layer.geography import ensure_boundaries

    before = _tally_marker(engine)
    upgrade(engine)
    with make_session_factory(engine, write=True).begin() as session:
        sync_reference(session, city=get_settings().profile)
        ensure_boundaries(session)
    return _tally_marker(engine) != before


def _tally_marker(engine) -> str | None:
    """The tally triggers' version marker (data_layer.tally), None before the schema exists."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("app_meta"):
            return None
        return connection.execute(
            select(AppMeta.value).where(AppMeta.key == READY_KEY)
        ).scalar_one_or_none()


def add_seed_demo(subparsers, name: str) -> None:
    parser = subparsers.add_parser(name, help="fill the database with deterministic demo data")
    parser.add_argument(
        "--reports",
        type=int,
        default=None,
        help="how many reports (default: in proportion to the city's population; 9000 for 1.7M)",
    )
    parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    parser.add_argument(
        "--photos",
        type=int,
        default=None,
        help="resolved reports that get photos (default: a sample)",
    )
    parser.set_defaults(handler=run_seed_demo)


def run_seed_demo(args: argparse.Namespace) -> int:
    from data_layer.demo import DemoDataError, demo_report_count, seed_demo

    engine = _engine()
    migrate_and_load_reference(engine)
    reports = args.reports or demo_report_count(get_settings().profile)
    try:
        summary = seed_demo(engine, reports=reports, seed=args.seed, photo_sample=args.photos)
    except DemoDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    refresh_planner_statistics(engine, after_bulk_load=True)
    print(summary)
    return 0


def add_import_boundaries(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="load real kelurahan polygons from a GeoJSON file (OSM or BIG/Geoportal)"
    )
    parser.add_argument("file", help="GeoJSON FeatureCollection of kelurahan polygons")
    parser.add_argument(
        "--allow-partial", action="store_true", help="accept a file that leaves kelurahan unmatched"
    )
    parser.add_argument("--source", default=None, help="provenance label stored with the polygons")
    parser.set_defaults(handler=run_import_boundaries)


def run_import_boundaries(args: argparse.Namespace) -> int:
    from data_layer.boundary_import import BoundaryImportError, import_boundaries

    engine = _engine()
    migrate_and_load_reference(engine)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            report = import_boundaries(
                session, path=args.file, allow_partial=args.allow_partial, source=args.source
            )
    except BoundaryImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the database was not changed", file=sys.stderr)
        return 2
    refresh_planner_statistics(engine)
    print(report.as_text())
    return 0


def add_create_operator(subparsers, name: str) -> None:
    parser = subparsers.add_parser(name, help="create an operator account (the first admin, say)")
    parser.add_argument("username")
    parser.add_argument("--role", default="admin", choices=["admin", "verifikator", "opd"])
    parser.add_argument("--name", default=None, help="display name")
    parser.add_argument("--opd", default=None, help="OPD code, for role opd (e.g. dpu)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.set_defaults(handler=run_create_operator)


def run_create_operator(args: argparse.Namespace) -> int:
    from data_layer.operators import OperatorError, create_operator

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat password: "):
            print("error: the passwords differ", file=sys.stderr)
            return 2
    engine = _engine()
    migrate_and_load_reference(engine)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            create_operator(
                session,
                username=args.username,
                password=password,
                role=args.role,
                display_name=args.name or args.username,
                opd_code=args.opd,
            )
    except OperatorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"operator {args.username} ({args.role}) created")
    return 0


def add_prepare_run(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="what `make run` does before starting the app: migrate, and seed demo data "
        "only into the embedded default database when it is empty",
    )
    parser.add_argument("--reports", type=int, default=None, help="default: by population")
    parser.set_defaults(handler=run_prepare_run)


def run_prepare_run(args: argparse.Namespace) -> int:
    from data_layer.demo import database_is_empty, demo_report_count, seed_demo

    settings = get_settings()
    engine = _engine()
    bulk_written = migrate_and_load_reference(engine)
    if not settings.is_default_database:
        # Production data must never be mixed with demo data.
        print("DATABASE_URL is set: not seeding demo data")
    else:
        with make_session_factory(engine)() as session:
            empty = database_is_empty(session)
        if empty:
            reports = args.reports or demo_report_count(settings.profile)
            print(
                f"embedded database is empty: seeding {reports} demo reports of {settings.city_name}…"
            )
            print(seed_demo(engine, reports=reports, seed=2025))
            bulk_written = True
    refresh_planner_statistics(engine, after_bulk_load=bulk_written)
    return 0


def add_create_api_key(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="create a key that lets a system file reports through the Open311 API"
    )
    parser.add_argument("name", help="who holds the key (e.g. lapor-bot-diskominfo)")
    parser.set_defaults(handler=run_create_api_key)


def run_create_api_key(args: argparse.Namespace) -> int:
    from data_layer.api_keys import ApiKeyError, create_api_key

    engine = _engine()
    migrate_and_load_reference(engine)
    try:
        with make_session_factory(engine, write=True).begin() as session:
            key = create_api_key(session, name=args.name)
    except ApiKeyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"API key for {args.name} (shown once; only its hash is stored):")
    print(key)  # alone on the last line, for scripts
    return 0


def add_revoke_api_key(subparsers, name: str) -> None:
    parser = subparsers.add_parser(name, help="revoke an Open311 API key by its name")
    parser.add_argument("name")
    parser.set_defaults(handler=run_revoke_api_key)


def run_revoke_api_key(args: argparse.Namespace) -> int:
    from data_layer.api_keys import revoke_api_key

    with make_session_factory(_engine(), write=True).begin() as session:
        revoked = revoke_api_key(session, name=args.name)
    if not revoked:
        print(f"error: no active key named {args.name!r}", file=sys.stderr)
        return 2
    print(f"API key {args.name} revoked")
    return 0


def add_export_snapshot(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="write DIR/pantau_lapor.db and DIR/metadata.json: public data for Datasette"
    )
    parser.add_argument("directory")
    parser.set_defaults(handler=run_export_snapshot)


def run_export_snapshot(args: argparse.Namespace) -> int:
    from pathlib import Path

    from data_layer.snapshot import export_snapshot

    with make_session_factory(_engine())() as session:
        summary = export_snapshot(session, directory=Path(args.directory))
    print(summary)
    return 0


def add_backup(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="back up the whole database, photos included, while the app runs "
        "(SQLite: online backup API; PostgreSQL: pg_dump custom format)",
    )
    parser.add_argument("path", help="the backup file to write (must not exist)")
    parser.set_defaults(handler=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from data_layer.backup import BackupError, backup

    try:
        summary = backup(get_settings().database_url, Path(args.path))
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"backup written: {summary.path} ({summary.engine}, "
        f"{summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s)"
    )
    return 0


def add_restore(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="restore a backup into the empty database named by DATABASE_URL "
        "(refuses a database that holds anything)",
    )
    parser.add_argument("path", help="a file written by `backup`")
    parser.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from data_layer.backup import BackupError, restore

    try:
        summary = restore(get_settings().database_url, Path(args.path))
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"restored into {summary.engine} in {summary.seconds:.1f} s: {summary.reports} reports, "
        f"{summary.photos} photos ({summary.photo_bytes / 1e6:.1f} MB); every operator "
        "session was ended, operators sign in again"
    )
    return 0


def add_send_notifications(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="send the queued status-change e-mails that are due (run it every minute, "
        "e.g. from cron); failures are retried later with backoff",
    )
    parser.add_argument("--limit", type=int, default=100, help="at most this many messages")
    parser.set_defaults(handler=run_send_notifications)


def run_send_notifications(args: argparse.Namespace) -> int:
    from data_layer.mail import MailError
    from data_layer.notifications import send_due_notifications

    settings = get_settings()
    try:
        summary = send_due_notifications(
            make_session_factory(_engine(), write=True), settings, limit=args.limit
        )
    except MailError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"sent {summary.sent}, skipped {summary.skipped}, "
        f"retrying later {summary.retrying}, given up {summary.failed}"
    )
    return 0
