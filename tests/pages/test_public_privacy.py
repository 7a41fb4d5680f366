"""One privacy and injection audit over every public surface of the app.

A single seeded world (demo data for volume, plus reports whose every private
part carries a distinctive marker) is rendered through every public page with
AppTest, in both languages, with and without filters that select the marked
reports; the tracking page is opened for every ticket. Everything a run sends
to the browser is gathered (`shown_on`): every element's proto (Markdown,
captions, labels, metrics, JSON, code, expanders, HTML, Plotly figure JSON,
column configs), every table's and dataframe's cells, the folium map's HTML
and script, and the bytes of every download and every served image. A new
leak anywhere, on any page, fails a test here.

What must never be public: a reporter's name, phone, email or NIK; an
anonymous reporter's address or exact spot; the title, text, address and
ticket of a confidential (rahasia), unverified (diterima / perlu_info),
rejected-before-verification or archived report (the tracking page may show the
status of such a ticket, never its content; a rejected one is still counted); internal notes, the information a reporter sends when
asked (kept internal); operator names and usernames.

Injection: titles, descriptions, addresses and public notes carrying HTML,
script and Markdown payloads may reach the page only as inert text: raw in
plain-text elements (`st.text`, dataframe cells), escaped everywhere that
renders Markdown or HTML, HTML-escaped in the map's tooltips and popups.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from factories import category_id, make_report, photo_bytes
from google.protobuf import text_format
from PIL import Image
from public_app import MIROTO, decode_js, run_page, walk
from public_support import (
    APP,
    assert_no_exception,
)
from sqlalchemy import delete, select
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.state.query_params_proxy import QueryParamsProxy
from streamlit.testing.v1 import AppTest

from data_layer.commands import (
    REDACTED_MARK,
    Actor,
    add_progress_update,
    record_feedback,
    redact,
    transition,
    utcnow,
)
from data_layer.config import get_settings
from data_layer.demo import seed_demo
from data_layer.models import (
    Kelurahan,
    Photo,
    PhotoBlob,
    Report,
    StatusHistory,
    ThrottleCounter,
)
from data_layer.operators import create_operator
from data_layer.photos import PreparedPhoto, prepare_photo
from data_layer.queries.gallery import photo_bytes as served_photo
from data_layer.queries.open_data import REPORT_COLUMN_NAMES
from data_layer.states import LISTED_STATUSES, FeedbackKind, PhotoKind, RejectReason, Role, Status
from data_layer.tickets import format_ticket_code
from tests.api.conftest import build_client
from ui import submission as form
from ui.cache import clear_all_caches
from ui.navigation import PUBLIC_PAGES, public_url_params

SEMARANG_TENGAH = "337401"  # the kecamatan of Miroto

# --- what must never be public ----------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str
    email: str
    nik: str

    def fields(self) -> dict[str, str]:
        return {
            "reporter_name": self.name,
            "reporter_phone": self.phone,
            "reporter_email": self.email,
            "reporter_nik": self.nik,
        }


REPORTER = Identity("Zyxwvu Privasi", "+6281299887766", "bocor@example.test", "3374010101010001")
# The reporter of the anonymous report typed their identity too, then chose anonim.
ANONYMOUS_REPORTER = Identity(
    "Qorvath Anonimus", "+6285711223344", "anonim.bocor@example.test", "3374020202020002"
)
ANONYMOUS_ADDRESS = "Gang Sunyi Qorvath 7B"
# Offset from Miroto's centroid (~130 m): inside the kelurahan, far from any vertex.
ANONYMOUS_OFFSET = (0.00123, 0.00087)
CONFIDENTIAL_TITLE = "RAHASIA-JUDUL-Q7X pungli di kantor"
CONFIDENTIAL_TEXT = "RAHASIA-ISI-Q7X petugas meminta uang untuk surat pengantar."
CONFIDENTIAL_ADDRESS = "RAHASIA-ALAMAT-Q7X Jl. Tertutup 1"
UNVERIFIED_TITLE = "BELUM-VERIF-JUDUL-K3M got mampet"
UNVERIFIED_TEXT = "BELUM-VERIF-ISI-K3M air meluap ke rumah warga setiap hujan."
NEEDS_INFO_TITLE = "PERLU-INFO-JUDUL-K3M trotoar rusak"
ARCHIVED_TITLE = "ARSIP-JUDUL-W8P laporan ganda"
# Rejected straight from diterima: the verifier's correct action must not publish it.
REJECTED_TITLE = "DITOLAK-JUDUL-V4N hubungi 0812 ini"
REJECTED_TEXT = "DITOLAK-ISI-V4N NIK saya 3374031203900004, tolong cek."
# Verified, then taken down (withdrawn): never public again, counted nowhere.
WITHDRAWN_TITLE = "DITARIK-JUDUL-P6T fitnah terhadap tetangga"
WITHDRAWN_TEXT = "DITARIK-ISI-P6T nama lengkap dan alamat pihak lain."
# Public, but its title, text and notes were redacted: only the replacements show.
REDACTED_ORIGINAL = "ASLI-DISUNTING-R2B"
REDACTED_TITLE = "Jalan rusak (judul disunting)"
INTERNAL_NOTE = "CATATAN-INTERNAL-J5R jangan dipublikasikan"
REPORTER_INFO = "INFO-PELAPOR-H2D rumah saya nomor 12 dekat masjid"
OPERATORS = {
    "verifikator": ("xylofon.verif", "Xylofon Verifikator Rahasia"),
    "opd": ("xylofon.dpu", "Xylofon Petugas Dinas"),
}
CAMERA_MAKE = "KameraBocorGPS"

# Needles searched case-insensitively in what a reader sees (see `readable`).
NEVER_PUBLIC: dict[str, str] = {
    "reporter name": "Zyxwvu",
    "reporter phone": "81299887766",
    "reporter email": REPORTER.email,
    "reporter NIK": REPORTER.nik,
    "anonymous reporter's name": "Qorvath Anonimus",
    "anonymous reporter's phone": "85711223344",
    "anonymous reporter's email": ANONYMOUS_REPORTER.email,
    "anonymous reporter's NIK": ANONYMOUS_REPORTER.nik,
    "anonymous reporter's address": "Gang Sunyi Qorvath",
    "confidential title/text/address": "RAHASIA-JUDUL-Q7X",
    "confidential text": "RAHASIA-ISI-Q7X",
    "confidential address": "RAHASIA-ALAMAT-Q7X",
    "unverified title/text": "BELUM-VERIF-",
    "needs-info title": "PERLU-INFO-JUDUL",
    "archived title": "ARSIP-JUDUL-W8P",
    "rejected-before-verification title": "DITOLAK-JUDUL-V4N",
    "rejected-before-verification text": "DITOLAK-ISI-V4N",
    "withdrawn title": "DITARIK-JUDUL-P6T",
    "withdrawn text": "DITARIK-ISI-P6T",
    "redacted original text": REDACTED_ORIGINAL,
    "internal note": "CATATAN-INTERNAL-J5R",
    "reporter's information (internal)": "INFO-PELAPOR-H2D",
    "operator name": "Xylofon",
    "operator username": "xylofon.",
    "camera make from photo EXIF": CAMERA_MAKE,
}

# --- user-written payloads ------------------------------------------------------------------

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
MD_LINK = "[klik](javascript:alert(1))"
BOLD = "**tebal**"
PAYLOADS = (IMG, SCRIPT, MD_LINK, BOLD)
# What a payload looks like when it reaches Markdown/HTML unescaped.
RAW_MARKUP = ("<img", "<script", "javascript:", "](javascript", "**tebal**", "[klik](")


def payload_title(payload: str) -> str:
    return f"Judul {payload} uji"


ALL_PAYLOADS_TITLE = f"Semua {IMG} {SCRIPT} {MD_LINK} {BOLD}"


# --- the seeded world -------------------------------------------------------------------------


@dataclass
class World:
    tickets: dict[str, str] = field(default_factory=dict)  # role → ticket
    followup: dict[str, str] = field(default_factory=dict)  # role → follow-up code
    public: set[str] = field(default_factory=set)  # roles of public (listed) reports
    # Roles of reports counted in public figures but whose content is never shown.
    counted_only: set[str] = field(default_factory=set)
    anonymous_spot: tuple[float, float] = (0.0, 0.0)
    start: dt.datetime = dt.datetime(2025, 1, 1)  # naive UTC: the marked reports come after
    demo_identities: set[str] = field(default_factory=set)  # demo phones, emails, NIKs
    demo_private_tickets: set[str] = field(default_factory=set)  # confidential, unverified…

    @property
    def private_tickets(self) -> dict[str, str]:
        return {r: t for r, t in self.tickets.items() if r not in self.public}


def gps_exif() -> Image.Exif:
    """EXIF with a camera make and a GPS position (Semarang), as a phone camera writes."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x8825] = {1: "S", 2: (6.0, 59.0, 15.0), 3: "E", 4: (110.0, 24.0, 44.0)}
    return exif


def gps_photo(color=(200, 80, 40), fmt: str = "JPEG") -> bytes:
    raw = photo_bytes(color=color, fmt=fmt, exif=gps_exif())
    with Image.open(io.BytesIO(raw)) as image:  # the test input really carries GPS
        assert image.getexif().get_ifd(0x8825), "Pillow did not write the GPS IFD"
    return raw


class Seeder:
    """Writes the marked reports through the real commands, as real operators."""

    def __init__(
        self,
        session,
        settings,
        world: World,
        start: dt.datetime,
        step: dt.timedelta | None = dt.timedelta(hours=2),
    ) -> None:
        """`step`: time between two writes (None: each write happens now)."""
        self.session, self.settings, self.world = session, settings, world
        self.clock, self.step = start, step
        verifier = create_operator(
            session,
            username=OPERATORS["verifikator"][0],
            password="kata-sandi-verif-1",
            role=Role.VERIFIKATOR,
            display_name=OPERATORS["verifikator"][1],
        )
        opd = create_operator(
            session,
            username=OPERATORS["opd"][0],
            password="kata-sandi-dinas-1",
            role=Role.OPD,
            display_name=OPERATORS["opd"][1],
            opd_code="dpu",
        )
        self.verifier = Actor.operator(operator_id=verifier.id, role=verifier.role)
        self.opd = Actor.operator(operator_id=opd.id, role=opd.role, opd_id=opd.opd_id)

    def tick(self) -> dt.datetime:
        self.clock = utcnow() if self.step is None else self.clock + self.step
        assert self.clock < utcnow(), "the seeded history must stay in the past"
        return self.clock

    def photo(self, color) -> PreparedPhoto:
        return prepare_photo(gps_photo(color), "kamera.jpg", settings=self.settings)

    def report(
        self,
        role: str,
        status: Status,
        *,
        public: bool,
        counted: bool = False,
        note: str = "",
        **draft,
    ):
        draft.setdefault("photos", (self.photo((200, 80, 40)),))
        for key, value in REPORTER.fields().items():
            draft.setdefault(key, value)
        submitted = make_report(self.session, settings=self.settings, now=self.tick(), **draft)
        self.world.tickets[role] = submitted.ticket
        self.world.followup[role] = submitted.followup_code
        if public:
            self.world.public.add(role)
        elif counted:
            self.world.counted_only.add(role)
        self.walk(submitted.report_id, status, note=note)

    def move(self, report_id: int, to: Status, actor: Actor, note: str, **extra) -> None:
        transition(
            self.session,
            report_id=report_id,
            to=to,
            actor=actor,
            settings=self.settings,
            now=self.tick(),
            public_note=f"Status {to.value}. {note}".strip(),
            internal_note=INTERNAL_NOTE,
            **extra,
        )

    def walk(self, report_id: int, status: Status, *, note: str) -> None:
        """Move a fresh report to `status` as the city would, leaving notes at every step."""
        if status is Status.DITERIMA:
            return
        if status is Status.PERLU_INFO:
            self.move(report_id, status, self.verifier, note)
            return
        if status in (Status.DITOLAK, Status.ARSIP):
            self.move(
                report_id, Status.DITOLAK, self.verifier, note, reject_reason=RejectReason.DUPLIKAT
            )
            if status is Status.ARSIP:
                self.move(report_id, Status.ARSIP, self.verifier, note)
            return
        for to, actor in (
            (Status.DIVERIFIKASI, self.verifier),
            (Status.DITERUSKAN, self.verifier),
            (Status.DIPROSES, self.opd),
            (Status.SELESAI, self.opd),
        ):
            proof = ((PhotoKind.AFTER, self.photo((40, 160, 60))),) if to is Status.SELESAI else ()
            self.move(report_id, to, actor, note, photos=proof)
            if to is Status.DIPROSES:
                add_progress_update(
                    self.session,
                    report_id=report_id,
                    actor=self.opd,
                    public_note=f"Perbaikan berjalan. {note}".strip(),
                    internal_note=INTERNAL_NOTE,
                    now=self.tick(),
                )
            if to is status:
                return
        # Closed or reopened: the reporter confirms (and rates) or disputes the fix.
        confirmed = status is Status.DITUTUP
        record_feedback(
            self.session,
            report_id=report_id,
            kind=FeedbackKind.CONFIRM if confirmed else FeedbackKind.DISPUTE,
            settings=self.settings,
            rating=4 if confirmed else None,
            comment=f"Tanggapan pelapor {note}".strip(),
            now=self.tick(),
        )

    def report_id(self, role: str) -> int:
        return self.session.scalar(
            select(Report.id).where(Report.ticket == self.world.tickets[role])
        )

    def withdraw(self, role: str) -> None:
        """A take-down: the verifier withdraws a report already public."""
        self.move(self.report_id(role), Status.DITARIK, self.verifier, "Ditarik.")
        self.world.public.discard(role)

    def redact_everything_marked(self, role: str) -> None:
        """Redact the title, the description and every note carrying the marker."""
        report_id = self.report_id(role)
        for part, replacement in (("title", REDACTED_TITLE), ("description", None)):
            redact(self.session, report_id=report_id, actor=self.verifier, field=part,
                   replacement=replacement, reason="Data pribadi", now=self.tick())  # fmt: skip
        rows = self.session.execute(
            select(StatusHistory.id, StatusHistory.public_note).where(
                StatusHistory.report_id == report_id
            )
        ).all()
        for history_id, note in rows:
            if note and REDACTED_ORIGINAL in note:
                redact(self.session, report_id=report_id, actor=self.verifier,
                       field="public_note", history_id=history_id, reason="Data pribadi",
                       now=self.tick())  # fmt: skip

    def answer_and_verify(self, role: str) -> None:
        """The reporter answers a request for information (kept internal), then it is verified."""
        report_id = self.session.scalar(
            select(Report.id).where(Report.ticket == self.world.tickets[role])
        )
        record_feedback(
            self.session,
            report_id=report_id,
            kind=FeedbackKind.INFO,
            settings=self.settings,
            comment=REPORTER_INFO,
            now=self.tick(),
        )
        self.move(report_id, Status.DIVERIFIKASI, self.verifier, "")
        self.world.public.add(role)


def seed_world(database, *, demo: bool = True) -> World:
    """Demo volume first (it only fills an empty database), then the marked reports.

    The marked reports are the newest, and the private ones newest of all, so a
    page that lists "the latest N" would show them if they leaked.
    """
    start = (utcnow() - dt.timedelta(days=12)).replace(minute=0, second=0, microsecond=0)
    world = World(start=start)
    if demo:
        seed_demo(
            database.engine,
            reports=160,
            seed=20,
            photo_sample=6,
            now=start - dt.timedelta(days=1),
            settings=database.settings,
        )
    with database.write().begin() as session:
        miroto = session.get(Kelurahan, MIROTO)
        world.anonymous_spot = (
            miroto.centroid_lat + ANONYMOUS_OFFSET[0],
            miroto.centroid_lon + ANONYMOUS_OFFSET[1],
        )
        seed = Seeder(session, database.settings, world, start)
        for role, status in (
            ("verified", Status.DIVERIFIKASI),
            ("forwarded", Status.DITERUSKAN),
            ("in_progress", Status.DIPROSES),
            ("resolved", Status.SELESAI),
            ("closed", Status.DITUTUP),
            ("reopened", Status.DIBUKA_KEMBALI),
        ):
            seed.report(role, status, public=True, address="Jl. Pemuda 12")
        seed.report("rejected", Status.DITOLAK, public=False, counted=True, title=REJECTED_TITLE,
                    description=REJECTED_TEXT, address=CONFIDENTIAL_ADDRESS)  # fmt: skip
        seed.report("withdrawn", Status.DIPROSES, public=True, title=WITHDRAWN_TITLE,
                    description=WITHDRAWN_TEXT, address=CONFIDENTIAL_ADDRESS)  # fmt: skip
        seed.withdraw("withdrawn")
        seed.report("redacted", Status.SELESAI, public=True, note=REDACTED_ORIGINAL,
                    title=f"{REDACTED_ORIGINAL} judul", description=f"{REDACTED_ORIGINAL} isi",
                    address="Jl. Pemuda 14")  # fmt: skip
        seed.redact_everything_marked("redacted")
        seed.report("answered", Status.PERLU_INFO, public=False, title="Saluran air tersumbat")
        seed.answer_and_verify("answered")
        seed.report(
            "anonymous",
            Status.DITERUSKAN,
            public=True,
            anonymous=True,
            address=ANONYMOUS_ADDRESS,
            latitude=world.anonymous_spot[0],
            longitude=world.anonymous_spot[1],
            **ANONYMOUS_REPORTER.fields(),
        )
        for index, payload in enumerate(PAYLOADS):
            seed.report(
                f"payload{index}",
                Status.SELESAI,
                public=True,
                note=f"Catatan {payload}",
                title=payload_title(payload),
                description=f"Isi {payload} selesai.",
                address=f"Alamat {payload}",
            )
        seed.report(
            "payload_open",
            Status.DIPROSES,
            public=True,
            note=f"Catatan {ALL_PAYLOADS_TITLE}",
            title=ALL_PAYLOADS_TITLE,
            description=f"Isi {ALL_PAYLOADS_TITLE}",
            address=f"Alamat {ALL_PAYLOADS_TITLE}",
        )
        private = dict(title=CONFIDENTIAL_TITLE, description=CONFIDENTIAL_TEXT)
        seed.report("archived", Status.ARSIP, public=False, title=ARCHIVED_TITLE)
        seed.report("needs_info", Status.PERLU_INFO, public=False, title=NEEDS_INFO_TITLE)
        seed.report("confidential_resolved", Status.SELESAI, public=False, confidential=True,
                    address=CONFIDENTIAL_ADDRESS, **private)  # fmt: skip
        seed.report("confidential_open", Status.DIPROSES, public=False, confidential=True,
                    address=CONFIDENTIAL_ADDRESS, **private)  # fmt: skip
        seed.report("unverified", Status.DITERIMA, public=False, title=UNVERIFIED_TITLE,
                    description=UNVERIFIED_TEXT, address=CONFIDENTIAL_ADDRESS)  # fmt: skip
        for column in (Report.reporter_phone, Report.reporter_email, Report.reporter_nik):
            world.demo_identities.update(
                value for value in session.scalars(select(column).distinct()) if value
            )
        hidden = select(Report.ticket).where(
            Report.confidential.is_(True) | Report.status.not_in([s.value for s in LISTED_STATUSES])
        )
        world.demo_private_tickets = set(session.scalars(hidden)) - set(world.tickets.values())
    assert len(world.demo_identities) > 100, "the demo reporters' identities are checked too"
    assert len(world.demo_private_tickets) >= 5, "and the demo's private tickets"
    assert world.tickets.keys() - world.public == {
        "rejected",
        "withdrawn",
        "archived",
        "needs_info",
        "confidential_resolved",
        "confidential_open",
        "unverified",
    }
    return world


@pytest.fixture(scope="module")
def seeded(module_sqlite_db):
    """The seeded world, built once for the module: the tests only read it."""
    return module_sqlite_db, seed_world(module_sqlite_db)


@pytest.fixture
def app_db(request, monkeypatch):
    """The app on the module's seeded world for a test that takes `world`, else on a fresh database."""
    if "world" in request.fixturenames:
        database = request.getfixturevalue("seeded")[0]
        # The audit opens every ticket and every file from one address, far past the
        # per-address limits (tested on their own in test_lacak_page and tests/api).
        monkeypatch.setenv("PANTAU_TICKET_LOOKUPS_PER_ADDRESS", "100000")
        monkeypatch.setenv("PANTAU_EXPENSIVE_REQUESTS_PER_ADDRESS", "100000")
    else:
        database = request.getfixturevalue("sqlite_db")
    monkeypatch.setenv("DATABASE_URL", database.url)
    get_settings.cache_clear()
    clear_all_caches()
    yield database
    get_settings.cache_clear()
    clear_all_caches()


@pytest.fixture
def world(seeded, app_db) -> World:
    return seeded[1]


# --- what a run sends to the browser ----------------------------------------------------------


class RecordingMediaFileManager(MediaFileManager):
    """AppTest's in-memory media manager, kept so a test can read what a run serves."""

    latest: RecordingMediaFileManager | None = None

    def __init__(self, storage) -> None:
        super().__init__(storage)
        RecordingMediaFileManager.latest = self


@pytest.fixture(autouse=True)
def served_media(monkeypatch):
    """Every AppTest run in this module keeps its media manager (images, downloads)."""
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)


def served_file(url: str) -> bytes:
    """The bytes the app serves at `url`: a photo or a download, over the app's HTTP routes."""
    parts = urllib.parse.urlsplit(url)
    with build_client() as client:  # the routes serve.py mounts, on the same database
        response = client.get(parts.path, params=dict(urllib.parse.parse_qsl(parts.query)))
    assert response.status_code == 200, f"nothing served at {url}"
    return response.content


def downloads(at: AppTest) -> dict[str, bytes]:
    """Each download link of the last run, followed: the file a visitor gets."""
    files = {}
    for button in at.get("link_button"):
        proto = button.proto
        if not proto.url.startswith("/data/"):
            continue
        assert not proto.disabled, f"{proto.label} is disabled"
        name = proto.url.split("?")[0].removeprefix("/data/")
        files[name.removeprefix("laporan.").removesuffix(".csv") or "csv"] = served_file(proto.url)
    return files


def served_images(at: AppTest) -> list[bytes]:
    return [served_file(img.url) for element in at.get("image") for img in element.proto.imgs]


# Elements whose text the browser shows as plain text, never as Markdown or HTML.
INERT_TYPES = {"text", "code", "dataframe", "text_input", "text_area"}


@dataclass
class Shown:
    """Everything one run sent, by element type, as sent (escapes and all)."""

    parts: list[tuple[str, str]]  # (element type, text)
    tables: list[tuple[str, pd.DataFrame]]  # ("table" | "dataframe", cells)
    maps: list[str]  # folium HTML and script, JS escapes decoded

    def everything(self) -> str:
        cells = [frame.to_csv() for _, frame in self.tables]
        return "\n".join([*(text for _, text in self.parts), *cells, *self.maps])


def shown_on(at: AppTest) -> Shown:
    parts, tables, maps = [], [], []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", None) or type(proto).__name__
        parts.append((kind, text_format.MessageToString(proto, as_utf8=True)))
        # The serialised proto too: Arrow tables and chart specs travel as raw bytes.
        parts.append((kind, proto.SerializeToString().decode("utf-8", "replace")))
        if kind in ("dataframe", "table"):
            tables.append((kind, node.value))
        if kind == "component_instance":
            args = json.loads(proto.json_args)
            maps.append(decode_js("\n".join(str(value) for value in args.values())))
    return Shown(parts, tables, maps)


def readable(text: str) -> str:
    """What a reader could see of `text`, whatever escaping it went through, lower-cased."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), decode_js(text))
    text = urllib.parse.unquote(html.unescape(html.unescape(text)))
    return text.replace("\\", "").lower()


def leaks(
    text: str,
    world: World,
    *,
    allowed_tickets: Iterable[str] = (),
    allowed_needles: Iterable[str] = (),
) -> list[str]:
    """Names of the private things found in `text` (but those in `allowed_needles`)."""
    seen = readable(text)
    allowed = set(allowed_needles)
    found = [
        what
        for what, needle in NEVER_PUBLIC.items()
        if what not in allowed and needle.lower() in seen
    ]
    found += [f"demo identity {value}" for value in world.demo_identities if value.lower() in seen]
    private = [*world.private_tickets.items(), *(("demo", t) for t in world.demo_private_tickets)]
    for role, ticket in private:
        if ticket in allowed_tickets:
            continue
        if ticket.lower() in seen or format_ticket_code(ticket).lower() in seen:
            found.append(f"ticket of the {role} private report {ticket}")
    lat, lon = world.anonymous_spot
    # The exact spot, to 4 decimals or more (the public point is rounded to 3), in either order.
    exact = (f"{lat:.5f}"[:-1], f"{lon:.5f}"[:-1])
    pair = r"{}\d*\]?,\s*\[?{}\d*"
    for first, second in (exact, exact[::-1]):
        if re.search(pair.format(re.escape(first), re.escape(second)), seen):
            found.append("anonymous reporter's exact spot")
    return found


def assert_private_stays_private(at: AppTest, world: World, view: str, **allowed) -> Shown:
    assert_no_exception(at)
    assert not at.error, f"{view}: {[e.value for e in at.error]}"
    shown = shown_on(at)
    found = leaks(shown.everything(), world, **allowed)
    assert not found, f"{view} shows {found}"
    return shown


def assert_user_text_inert(shown: Shown, view: str) -> None:
    """Raw payloads only in plain-text elements; escaped in Markdown, tables and the map."""
    for kind, text in shown.parts:
        if kind in INERT_TYPES or kind == "component_instance":
            continue
        for raw in RAW_MARKUP:
            assert raw not in text, f"{view}: raw {raw!r} in a {kind} element: {text[:300]!r}"
        assert not (kind == "markdown" and "allow_html: true" in text), f"{view}: HTML allowed"
    for kind, frame in shown.tables:
        cells = frame.to_csv()
        if kind == "table":  # st.table renders its cells and headers as Markdown
            for raw in RAW_MARKUP:
                assert raw not in cells, f"{view}: raw {raw!r} in a st.table"
    for page in shown.maps:
        # Tooltips and popups are set with innerHTML: only escaped payloads may be there.
        for raw in (IMG, SCRIPT, "<img src=x", "<script>alert"):
            assert raw not in page, f"{view}: raw {raw!r} in the map's HTML"
        assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.I), view


def assert_links_are_ours(at: AppTest, view: str) -> None:
    """Link columns of dataframes only ever point at our own tracking page or feeds (never javascript:)."""
    for element in at.get("dataframe"):
        config = json.loads(element.proto.columns or "{}")
        links = [
            name
            for name, column in config.items()
            if (column or {}).get("type_config", {}).get("type") == "link"
        ]
        for name in links:
            for target in element.value[name]:
                ours = ("lacak?tiket=", "/feeds/laporan.atom?opd=", "kinerja_opd?opd=")
                assert str(target).startswith(ours), f"{view}: link {target!r}"


def opened(params: dict[str, str]) -> list[str]:
    """The ticket a tracking view was opened for (its own code may show there)."""
    return [params["tiket"].replace("-", "").upper()] if "tiket" in params else []


def render_and_audit(page: str, world: World, **params) -> tuple[AppTest, Shown]:
    view = f"{page} {params}"
    at = run_page(page, **params)
    shown = assert_private_stays_private(at, world, view, allowed_tickets=opened(params))
    assert_user_text_inert(shown, view)
    assert_links_are_ours(at, view)
    return at, shown


def filters_selecting_them(world: World, lang: str | None = None) -> dict[str, str]:
    """Filters that select exactly the marked reports (the demo data is older, or elsewhere)."""
    first_day_wib = (world.start + dt.timedelta(hours=7)).date()
    params = {
        "dari": first_day_wib.isoformat(),
        "sampai": (utcnow() + dt.timedelta(days=1)).date().isoformat(),
        "kecamatan": SEMARANG_TENGAH,
        "kelurahan": MIROTO,
        "jenis": "aduan",
        "kategori": "jalan_rusak",
        "kanal": "website",
    }
    return {**params, "lang": lang} if lang else params


def sees(shown: Shown, text: str) -> bool:
    return readable(text) in readable(shown.everything())


# --- the audit's own eyes -----------------------------------------------------------------------


def _every_kind_of_element() -> None:
    import folium
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st
    from streamlit_folium import st_folium

    st.markdown("MD-Zyxwvu, bocor\\@example\\.test")  # as ui.widgets.inert would escape it
    st.caption("CAPTION-Zyxwvu")
    st.metric("METRIC-Zyxwvu", "1")
    st.json({"json": "JSON-Zyxwvu"})
    st.code("CODE-Zyxwvu")
    with st.expander("EXPANDER-Zyxwvu"):
        st.write("x")
    st.html("<p>HTML-Zyxwvu</p>")
    st.dataframe(pd.DataFrame({"a": ["CELL-Zyxwvu"]}))
    st.table(pd.DataFrame({"a": ["TABLE-Zyxwvu"]}))
    st.plotly_chart(go.Figure(go.Bar(x=[1], y=["PLOTLY-Zyxwvu"])))
    fmap = folium.Map(location=(-7.0, 110.4))
    folium.Marker((-7.0, 110.4), tooltip="FOLIUM-Zyxwvu").add_to(fmap)
    st_folium(fmap, key="m", returned_objects=[])


def test_the_audit_sees_every_kind_of_element():
    """The collector finds a marker wherever Streamlit can put it (or the audit is blind)."""
    at = AppTest.from_function(_every_kind_of_element, default_timeout=60).run()
    assert_no_exception(at)
    seen = readable(shown_on(at).everything())
    for where in ("md", "caption", "metric", "json", "code", "expander", "html", "cell",
                  "table", "plotly", "folium"):  # fmt: skip
        assert f"{where}-zyxwvu" in seen, where
    assert leaks(shown_on(at).everything(), World()) == ["reporter name", "reporter email"]


def _careless_page() -> None:
    import folium
    import pandas as pd
    import streamlit as st
    from streamlit_folium import st_folium

    title = "Judul <img src=x onerror=alert(1)> uji"
    mistake = st.query_params.get("mistake")
    if mistake == "markdown":
        st.markdown(f"**{title}**")
    elif mistake == "caption":
        st.caption("Isi **tebal** [klik](javascript:alert(1))")
    elif mistake == "table":
        st.table(pd.DataFrame({"judul": [title]}))
    elif mistake == "map":
        fmap = folium.Map(location=(-7.0, 110.4))
        folium.Marker((-7.0, 110.4), popup=folium.Popup(title)).add_to(fmap)
        st_folium(fmap, key="m", returned_objects=[])
    elif mistake == "link":
        frame = pd.DataFrame({"lacak": ["javascript:alert(1)"]})
        st.dataframe(frame, column_config={"lacak": st.column_config.LinkColumn("lacak")})
    else:  # the right way: plain text and dataframe cells
        st.text(title)
        st.dataframe(pd.DataFrame({"judul": [title]}))


@pytest.mark.parametrize("mistake", ["markdown", "caption", "table", "map", "link", None])
def test_the_audit_catches_user_text_rendered_as_markup(mistake):
    """Each careless way of showing a payload fails the checks; plain text passes them."""
    at = AppTest.from_function(_careless_page, default_timeout=60)
    if mistake:
        at.query_params["mistake"] = mistake
    at.run()
    assert_no_exception(at)

    def audit() -> None:
        assert_user_text_inert(shown_on(at), str(mistake))
        assert_links_are_ours(at, str(mistake))

    if mistake is None:
        audit()
    else:
        with pytest.raises(AssertionError):
            audit()


# --- the pages ----------------------------------------------------------------------------------


def test_status_page(world):
    for params in ({}, {"lang": "en"}):
        at, _shown = render_and_audit("beranda", world, **params)
        assert at.get("plotly_chart"), f"no charts under {params}: the audit saw nothing"
    for params in (filters_selecting_them(world), filters_selecting_them(world, "en")):
        at, _shown = render_and_audit("beranda", world, **params)
        # Confidential and unverified reports are not even counted; rejected ones are.
        assert at.metric[0].value == str(len(world.public | world.counted_only)), params


def test_map_page_with_the_kelurahan_chosen(world):
    views = [
        {"pilih": MIROTO},
        {"pilih": MIROTO, "lapisan": "klaster", "lang": "en"},
        {"pilih": MIROTO, "lapisan": "panas", "metrik": "median_days"},
        {**filters_selecting_them(world), "pilih": MIROTO, "lapisan": "klaster"},
        {**filters_selecting_them(world, "en"), "pilih": MIROTO, "metrik": "overdue_now"},
    ]
    for params in views:
        _at, shown = render_and_audit("peta", world, **params)
        assert shown.maps, f"no map under {params}"
        # The chosen kelurahan's panel lists its newest public reports: the payloads, as cells.
        cells = {
            str(v) for kind, frame in shown.tables if kind == "dataframe" for v in frame.stack()
        }
        assert {ALL_PAYLOADS_TITLE, payload_title(IMG)} <= cells, params
        if params.get("lapisan") == "klaster":
            popups = "\n".join(shown.maps)
            # In the popups, each payload is there, HTML-escaped (and so inert).
            assert html.escape(payload_title(IMG)) in popups
            assert html.escape(payload_title(SCRIPT)) in popups
            lat, lon = world.anonymous_spot
            assert f"[{round(lat, 3)}, {round(lon, 3)}," in popups  # blurred, not dropped


def test_gallery_page_and_the_photos_it_serves(world):
    for params in (
        {},
        {"lang": "en"},
        filters_selecting_them(world),
        filters_selecting_them(world, "en"),
    ):
        at, shown = render_and_audit("galeri", world, **params)
        for payload in PAYLOADS:
            assert sees(shown, payload_title(payload)), f"{payload} card missing under {params}"
        images = served_images(at)
        assert images, params
        for data in images:
            assert_no_metadata(data)
    full_photos = [served_file(element.proto.link) for element in at.get("image")]
    assert full_photos  # what a tap on a thumbnail opens
    for data in full_photos:
        assert_no_metadata(data)


def forget_throttles(database) -> None:
    """Each view as a new visitor: the audit reads far more than one visitor may (the
    lookup and download throttles have their own tests)."""
    with database.write().begin() as session:
        session.execute(delete(ThrottleCounter))


def test_tracking_page_for_every_ticket(world, app_db):
    for role, ticket in world.tickets.items():
        forget_throttles(app_db)
        for language in ({}, {"lang": "en"}):
            params = {"tiket": format_ticket_code(ticket), **language}
            at, shown = render_and_audit("lacak", world, **params)
            assert at.subheader and format_ticket_code(ticket) in at.subheader[0].value
            if role == "redacted":  # what replaced the originals is what shows
                assert sees(shown, REDACTED_TITLE) and sees(shown, REDACTED_MARK), language
            if role in world.public:
                assert at.get("image"), f"{role}: photos of a public report are shown"
                assert sees(shown, "Miroto"), f"{role}: the place of a public report is shown"
            else:  # status, yes; content, place and photos, no
                assert not at.get("image"), f"{role}: photos of a private report shown"
                for place in ("Miroto", "Semarang Tengah"):
                    assert not sees(shown, place), f"{role}: the place of a private report shown"
            for data in served_images(at):
                assert_no_metadata(data)
    at, shown = render_and_audit("lacak", world, tiket=world.tickets["payload_open"])
    # Each payload shown to the reader exactly as typed, and inert.
    assert f"Isi {ALL_PAYLOADS_TITLE}" in [t.value for t in at.text]
    assert f"Status diproses. Catatan {ALL_PAYLOADS_TITLE}" in [t.value for t in at.text]
    assert sees(shown, f"Alamat {ALL_PAYLOADS_TITLE}") and sees(shown, ALL_PAYLOADS_TITLE)


# What the follow-up code unlocks: the reporter's own words about their own report
# (issue 12: "show them their own report's text"), never anybody's identity.
OWN_WORDS = {
    "confidential_resolved": {
        "confidential title/text/address": "RAHASIA-JUDUL-Q7X",
        "confidential text": "RAHASIA-ISI-Q7X",
        "confidential address": "RAHASIA-ALAMAT-Q7X",
    },
    "needs_info": {"needs-info title": "PERLU-INFO-JUDUL"},
    "resolved": {},
}


def test_tracking_page_unlocked_by_the_reporter_shows_their_own_words_and_nothing_more(world):
    for role, own in OWN_WORDS.items():
        ticket = format_ticket_code(world.tickets[role])
        at = run_page("lacak", tiket=ticket)
        at.text_input(key="followup.code").input(world.followup[role])
        at.button(key="followup.open").click().run()
        assert at.success, f"{role}: the follow-up code did not unlock the section"
        shown = assert_private_stays_private(
            at,
            world,
            f"lacak unlocked {role}",
            allowed_tickets=[world.tickets[role]],
            allowed_needles=own,
        )
        seen = readable(shown.everything())
        for what, needle in own.items():
            assert needle.lower() in seen, f"{role}: the reporter does not see their {what}"
        assert_user_text_inert(shown, role)


def test_scorecard_page(world):
    # The marked reports are this quarter's; the page opens on the last complete one.
    today = (utcnow() + dt.timedelta(hours=7)).date()
    quarter = f"{today.year}-Q{(today.month + 2) // 3}"
    views = (
        {},
        {"lang": "en"},
        {"periode": "quarter", "pilih": quarter, "kecamatan": SEMARANG_TENGAH,
         "kategori": "jalan_rusak"},
        {"periode": "quarter", "pilih": quarter, "lang": "en", "jenis": "aduan",
         "kanal": "website"},
    )  # fmt: skip
    for params in views:
        at, _shown = render_and_audit("kinerja", world, **params)
        assert at.dataframe, f"no scorecard under {params}: the audit saw nothing"


def test_open_data_page_and_every_file_it_serves(world, app_db):
    public = {world.tickets[role] for role in world.public}
    for params in (
        {},
        {"lang": "en"},
        filters_selecting_them(world),
        filters_selecting_them(world, "en"),
    ):
        forget_throttles(app_db)
        at, _shown = render_and_audit("data_terbuka", world, **params)
        # The per-OPD table is shown on request only: audit the page with it shown too.
        at.toggle(key="open_data.show_opd_table").set_value(True).run()
        view = f"data_terbuka {params} with the OPD table"
        shown = assert_private_stays_private(at, world, view, allowed_tickets=opened(params))
        assert_user_text_inert(shown, view)
        files = downloads(at)
        assert set(files) == {"csv", "json", "geojson", "kelurahan", "opd"}, set(files)
        for name, data in files.items():
            text = data.decode("utf-8-sig")
            found = leaks(text, world)
            assert not found, f"{name} download under {params} holds {found}"
        tickets = check_report_files(files, world)
        if "kelurahan" in params:
            assert tickets == public, f"not exactly the public marked reports under {params}"
        else:
            assert public <= tickets, f"marked reports missing under {params}"
        for name in ("kelurahan", "opd"):
            header = next(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))
            assert not forbidden_columns(header), (name, header)


FORBIDDEN_COLUMN_PARTS = ("reporter", "name_pelapor", "phone", "email", "nik", "followup",
                          "internal", "operator", "submission", "confidential")  # fmt: skip


def forbidden_columns(columns: Iterable[str]) -> list[str]:
    return [c for c in columns if any(part in c.lower() for part in FORBIDDEN_COLUMN_PARTS)]


def check_report_files(files: dict[str, bytes], world: World) -> set[str]:
    """The report files hold exactly the published columns; anonymous rows are blurred."""
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    records = json.loads(files["json"])
    features = json.loads(files["geojson"])["features"]
    assert not forbidden_columns(REPORT_COLUMN_NAMES)
    assert all(list(row) == REPORT_COLUMN_NAMES for row in rows)
    assert all(list(record) == REPORT_COLUMN_NAMES for record in records)
    assert all(list(f["properties"]) == REPORT_COLUMN_NAMES for f in features)
    # Files spell tickets as citizens read them (7QM2R-T9KXH); compared here undashed.
    assert all(format_ticket_code(record["ticket"].replace("-", "")) == record["ticket"]
               for record in records)  # fmt: skip
    tickets = {record["ticket"].replace("-", "") for record in records}
    assert {row["ticket"].replace("-", "") for row in rows} == tickets
    assert not tickets & {*world.private_tickets.values(), *world.demo_private_tickets}
    blurred = [round(world.anonymous_spot[1], 3), round(world.anonymous_spot[0], 3)]
    anonymous = format_ticket_code(world.tickets["anonymous"])
    assert any(f["properties"]["ticket"] == anonymous for f in features)
    for feature in features:
        if feature["properties"]["ticket"] == anonymous:
            assert feature["geometry"]["coordinates"] == blurred
            assert feature["properties"]["address"] is None
    for record in records:
        if record["ticket"] == anonymous:
            assert record["address"] is None
            assert [record["longitude"], record["latitude"]] == blurred
        if record["ticket"] == format_ticket_code(world.tickets["payload_open"]):
            # The data as typed (a file is data, not markup: its reader escapes it).
            assert record["title"] == ALL_PAYLOADS_TITLE
    return tickets


def test_submission_page_and_the_duplicates_it_suggests(world, app_db):
    for params in ({}, {"lang": "en"}):
        render_and_audit("kirim", world, **params)
    at = run_page("kirim")
    with app_db.read() as session:
        jalan = category_id(session)
    at.selectbox(key=form.CATEGORY).set_value(jalan)
    at.selectbox(key=form.KELURAHAN).set_value(MIROTO)
    at.text_input(key=form.TITLE).input("Jalan berlubang lagi di Miroto")
    at.text_area(key=form.DESCRIPTION).input("Lubang besar di jalan yang sama, belum diperbaiki.")
    at.button(key=form.SUBMIT).click().run()
    shown = assert_private_stays_private(at, world, "kirim duplicates")
    assert_user_text_inert(shown, "kirim duplicates")
    # The newest open report of that category there is the payload one: shown, as text.
    assert ALL_PAYLOADS_TITLE in [t.value for t in at.text], "no duplicates were suggested"


def test_app_shell_around_every_public_page(world):
    english = AppTest.from_file(APP, default_timeout=90)
    english.query_params["lang"] = "en"
    assert_private_stays_private(english.run(), world, "app.py in English")
    # One visitor walking through every page. (In Indonesian: AppTest re-reads the
    # previous page's widgets outside a run, where their labels fall back to it.)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert_private_stays_private(at, world, "app.py")
    visits: dict[str, tuple[dict[str, str], ...]] = {
        "beranda": (filters_selecting_them(world),),
        "peta": ({"pilih": MIROTO, "lapisan": "klaster"},),
        "lacak": (
            {"tiket": world.tickets["confidential_resolved"]},
            {"tiket": world.tickets["payload_open"]},
        ),
        "kinerja_opd": ({"opd": "dpu"},),
        "data_terbuka": ({"kelurahan": MIROTO},),
    }
    for public_page in PUBLIC_PAGES:  # every page of the registry, a new one included
        page = public_page.name
        for params in visits.get(page, ({},)):
            at.query_params.clear()
            at.query_params.update(params)
            at.switch_page(public_page.path).run()
            view = f"app.py → {page} {params}"
            shown = assert_private_stays_private(at, world, view, allowed_tickets=opened(params))
            assert_user_text_inert(shown, view)
            assert_links_are_ours(at, view)
            assert at.title and at.title[0].value, view


PUBLIC_PAGE_NAMES = tuple(page.name for page in PUBLIC_PAGES)
# Every URL parameter a public page reads (from the navigation registry), each carrying
# a payload: a shared link is user-written text too, and must not be reflected as markup.
HOSTILE_LINK = {
    param: (IMG, SCRIPT, BOLD, MD_LINK)[i % 4] for i, param in enumerate(public_url_params())
}


@pytest.fixture
def params_read(monkeypatch) -> set[str]:
    """The URL parameters the pages run during the test read."""
    read: set[str] = set()
    for method in ("__getitem__", "__contains__", "get", "get_all"):
        original = getattr(QueryParamsProxy, method)

        def recording(self, key, *args, _original=original, **kwargs):
            read.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryParamsProxy, method, recording)
    return read


@pytest.mark.parametrize("page", PUBLIC_PAGE_NAMES)
def test_payloads_in_the_link_are_not_reflected_as_markup(world, page, params_read):
    at = run_page(page, **HOSTILE_LINK)
    unsent = params_read - HOSTILE_LINK.keys()
    assert not unsent, f"{page} reads {unsent}: declare them in ui/navigation.PUBLIC_PAGES"
    assert_no_exception(at)
    shown = shown_on(at)
    assert_user_text_inert(shown, f"{page} hostile link")
    assert not leaks(shown.everything(), world)
    assert at.title and at.title[0].value, "the page still opens"


# --- photos -------------------------------------------------------------------------------------


def metadata_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        exif = image.getexif()
        return {
            "exif": dict(exif),
            "gps": dict(exif.get_ifd(0x8825)),
            "info": sorted(k for k in image.info if k.lower() in ("exif", "xmp", "comment")),
        }


def assert_no_metadata(data: bytes) -> None:
    assert metadata_of(data) == {"exif": {}, "gps": {}, "info": []}
    assert b"Exif\x00\x00" not in data and CAMERA_MAKE.encode() not in data


def test_a_photo_with_gps_exif_sent_through_the_form_is_published_without_it(app_db):
    assert metadata_of(gps_photo())["gps"], "the test photo must carry GPS to begin with"
    at = run_page("kirim")
    with app_db.read() as session:
        jalan = category_id(session)
    at.selectbox(key=form.CATEGORY).set_value(jalan)
    at.selectbox(key=form.KELURAHAN).set_value(MIROTO)
    at.text_input(key=form.TITLE).input("Jalan berlubang di depan SD Miroto")
    at.text_area(key=form.DESCRIPTION).input("Lubang selebar satu meter, dua motor sudah jatuh.")
    at.file_uploader(key=form.PHOTOS).set_value([("hp.jpg", gps_photo(), "image/jpeg")])
    at.button(key=form.SUBMIT).click().run()
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    with app_db.write().begin() as session:
        report = session.scalars(select(Report)).one()
        # The OPD's proof photo comes from a phone too (a PNG with GPS this time).
        seeder = Seeder(session, app_db.settings, World(), report.received_at, step=None)
        after = prepare_photo(gps_photo(fmt="PNG"), "bukti.png", settings=app_db.settings)
        for to, actor, photos in (
            (Status.DIVERIFIKASI, seeder.verifier, ()),
            (Status.DITERUSKAN, seeder.verifier, ()),
            (Status.DIPROSES, seeder.opd, ()),
            (Status.SELESAI, seeder.opd, ((PhotoKind.AFTER, after),)),
        ):
            seeder.move(report.id, to, actor, "", photos=photos)
        ticket = report.ticket
    with app_db.read() as session:
        keys = session.execute(select(Photo.kind, Photo.image_key, Photo.thumb_key)).all()
        assert sorted(kind for kind, *_ in keys) == ["after", "before"]
        # What the gallery and tracking queries serve, full size and thumbnail.
        for _kind, image_key, thumb_key in keys:
            for key in (image_key, thumb_key):
                assert_no_metadata(served_photo(session, key=key).data)
        for blob in session.scalars(select(PhotoBlob.data)):  # and everything stored
            assert_no_metadata(bytes(blob))
    for page, params in (("galeri", {}), ("lacak", {"tiket": ticket})):
        at = run_page(page, **params)
        assert len(served_images(at)) == 2, page
        for data in served_images(at):
            assert_no_metadata(data)
        full_photos = [served_file(element.proto.link) for element in at.get("image")]
        assert len(full_photos) == 2, page  # what a tap on each thumbnail opens
        for data in full_photos:
            assert_no_metadata(data)


def test_no_stored_photo_of_the_seeded_world_keeps_metadata(world, app_db):
    with app_db.read() as session:
        blobs = session.scalars(select(PhotoBlob.data)).all()
    assert len(blobs) > 40
    for data in blobs:
        assert_no_metadata(bytes(data))
