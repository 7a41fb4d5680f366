"""The Datasette snapshot: Datasette itself reads it; nothing private is in the file."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from datasette.app import Datasette

from data_layer.__main__ import main
from data_layer.config import get_settings
from data_layer.tickets import format_ticket_code
from tests.api.conftest import ANONYMOUS_ADDRESS, PRIVATE, SECRET_TITLE, seed_machine_data


@pytest.fixture
def snapshot_dir(db, tmp_path, monkeypatch, capsys):
    """A seeded database exported with the real command line."""
    tickets = seed_machine_data(db).tickets
    monkeypatch.setenv("DATABASE_URL", db.url)
    get_settings.cache_clear()
    try:
        assert main(["export-snapshot", str(tmp_path / "snap")]) == 0
    finally:
        get_settings.cache_clear()
    assert "4 public reports" in capsys.readouterr().out
    return tmp_path / "snap", tickets


def _datasette_get(directory, *paths):
    async def read():
        datasette = Datasette(
            [str(directory / "pantau_lapor.db")],
            metadata=json.loads((directory / "metadata.json").read_text()),
        )
        return [await datasette.client.get(path) for path in paths]

    return asyncio.run(read())


def test_datasette_serves_rows_a_facet_and_a_canned_query(snapshot_dir):
    directory, tickets = snapshot_dir
    table, facet, canned, meta = _datasette_get(
        directory,
        "/pantau_lapor/reports.json?_shape=objects",
        "/pantau_lapor/reports.json?_facet=status",
        "/pantau_lapor/resolved_per_opd_per_month.json?_shape=objects",
        "/-/metadata.json",
    )
    assert table.status_code == facet.status_code == canned.status_code == 200
    rows = table.json()["rows"]
    # Tickets as citizens read them (7QM2R-T9KXH), as in the downloads.
    assert {row["ticket"] for row in rows} == {
        format_ticket_code(tickets[role]) for role in ("named", "resolved", "anonymous", "old")
    }
    anonymous = next(
        row for row in rows if row["ticket"] == format_ticket_code(tickets["anonymous"])
    )
    assert json.loads(anonymous["geometry"]) == {"type": "Point", "coordinates": [110.419, -6.983]}
    statuses = {f["value"]: f["count"] for f in facet.json()["facet_results"]["status"]["results"]}
    assert statuses == {"diproses": 2, "selesai": 1, "diteruskan": 1}
    (resolved,) = canned.json()["rows"]
    assert resolved["resolved"] == 1 and resolved["opd"]
    columns = meta.json()["databases"]["pantau_lapor"]["tables"]["reports"]["columns"]
    assert "latitude" in columns and "geometry" in columns
    assert meta.json()["license"].startswith("CC BY 4.0")


def test_no_private_column_or_value_is_in_the_file(snapshot_dir):
    directory, tickets = snapshot_dir
    connection = sqlite3.connect(directory / "pantau_lapor.db")
    try:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        assert set(tables) == {
            "reports",
            "timeline",
            "kecamatan",
            "kelurahan",
            "categories",
            "opds",
        }
        text = []
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            forbidden = (
                "reporter",
                "phone",
                "email",
                "nik",
                "followup",
                "internal",
                "operator",
                "confidential",
                "submission",
            )
            assert not [n for n in names if any(part in n for part in forbidden)], (table, names)
            text.extend(str(value) for row in cursor for value in row)
    finally:
        connection.close()
    everything = "\n".join(text)
    for secret in (
        *PRIVATE,
        ANONYMOUS_ADDRESS,
        SECRET_TITLE,
        "BELUM-DIVERIFIKASI",
        tickets["secret"],
        tickets["unverified"],
        format_ticket_code(tickets["secret"]),
        format_ticket_code(tickets["unverified"]),
    ):
        assert secret not in everything


def test_every_timeline_row_joins_its_report_by_the_ticket_citizens_see(snapshot_dir):
    directory, _ = snapshot_dir
    connection = sqlite3.connect(directory / "pantau_lapor.db")
    try:
        orphans = connection.execute(
            "SELECT count(*) FROM timeline WHERE ticket NOT IN (SELECT ticket FROM reports)"
        ).fetchone()[0]
        (ticket,) = connection.execute("SELECT ticket FROM timeline LIMIT 1").fetchone()
    finally:
        connection.close()
    assert orphans == 0
    assert ticket[5] == "-"
