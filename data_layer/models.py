"""SQLAlchemy 2 models. The schema itself is created only by Alembic migrations.

Timestamps are stored as naive UTC; the UI converts to the city's zone (data_layer/cities/zones.py).
Status, kind and channel columns hold the string values of the enums in
`data_layer.states` (plain strings keep the migrations identical on SQLite and
PostgreSQL, and check constraints keep the values honest).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.model_base import NAMING_CONVENTION as NAMING_CONVENTION
from data_layer.model_base import Base
from data_layer.states import Channel, FeedbackKind, Kind, PhotoKind, ResolutionClass, Role, Status


def _one_of(column: str, enum) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"


class Kecamatan(Base):
    __tablename__ = "kecamatan"

    code: Mapped[str] = mapped_column(
        String(6), primary_key=True
    )  # Kemendagri: city code + 2 digits
    name: Mapped[str] = mapped_column(String(80))

    kelurahan: Mapped[list[Kelurahan]] = relationship(back_populates="kecamatan")


class Kelurahan(Base):
    __tablename__ = "kelurahan"

    code: Mapped[str] = mapped_column(
        String(10), primary_key=True
    )  # kecamatan code + 4 digits (1xxx kelurahan, 2xxx desa)
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    centroid_lat: Mapped[float] = mapped_column(Float)
    centroid_lon: Mapped[float] = mapped_column(Float)
    # GeoJSON geometry (WGS84) as text; shapely reads it. Approximate polygons are
    # generated from the official centroids until real boundaries are imported.
    boundary_geojson: Mapped[str | None] = mapped_column(Text)
    boundary_approximate: Mapped[bool] = mapped_column(Boolean, default=True)
    boundary_source: Mapped[str | None] = mapped_column(String(200))
    area_km2: Mapped[float | None] = mapped_column(Float)

    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan")


class Opd(Base):
    """A city department (Organisasi Perangkat Daerah), or a kecamatan office."""

    __tablename__ = "opd"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_id: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    short_name: Mapped[str] = mapped_column(String(40))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an admin named or added the OPD: the city's files no longer rename it.
    names_from_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Category(Base):
    __tablename__ = "category"
    __table_args__ = (
        CheckConstraint(_one_of("resolution_class", ResolutionClass), name="resolution_class"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    # Either a fixed OPD, or the kecamatan office of the report's kelurahan.
    default_opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"))
    routes_to_kecamatan: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_class: Mapped[str] = mapped_column(String(12), default=ResolutionClass.SEDANG.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    default_opd: Mapped[Opd | None] = relationship()


class Operator(Base):
    __tablename__ = "operator"
    __table_args__ = (CheckConstraint(_one_of("role", Role), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Raised whenever the password, role, OPD or active flag changes; a session
    # remembers the value it signed in with and ends once they differ
    # (data_layer.operators.operator_identity).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    opd: Mapped[Opd | None] = relationship()


class OperatorSession(Base):
    """One signed-in browser of an operator (data_layer.operator_sessions).

    Only SHA-256 hashes of the cookie token and of the one-time sign-in code are
    kept, so a copy of the database signs nobody in. Every run of an operator page
    reads this row: revoking it (sign-out) or moving the account's session_epoch
    on (deactivation, new password, role or OPD) ends the session on every replica.
    """

    __tablename__ = "operator_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The one-time code that turns into the cookie (api/operator_session.py); NULL once used.
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    session_epoch: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# The columns a public filter (queries.public.ReportFilter) can narrow on; covering
# indexes carry them all so a filtered count never visits the table.
# Each SLA deadline of the scorecard: (the event's moment, its due moment).
SLA_EVENTS = {
    "verify": ("verified_at", "verify_due_at"),
    "response": ("first_response_at", "first_response_due_at"),
    "resolve": ("resolved_at", "resolve_due_at"),
}
# What Kinerja OPD filters on (besides the period).
_SCORECARD_FILTERS = ("status", "kind", "channel", "category_id", "kelurahan_code")

# The durations of Kinerja OPD's medians, by name (indexed per responsible OPD).
RESPONSIBLE_DURATIONS = {
    "response": "first_response_working_days",
    "resolve": "resolve_working_days",
}

_FILTERED_COLUMNS = (
    "received_at",
    "kelurahan_code",
    "kind",
    "channel",
    "category_id",
    "opd_id",
)


class Report(Base):
    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint(_one_of("status", Status), name="status"),
        CheckConstraint(_one_of("kind", Kind), name="kind"),
        CheckConstraint(_one_of("channel", Channel), name="channel"),
        Index("ix_report_status_received", "status", "received_at"),
        # The kelurahan map's figures (queries.geo): resolution times in order within
        # a kelurahan, so its median is an index walk; every filtered column too, so
        # a place with any filter is read from this index alone.
        Index(
            "ix_report_kelurahan_status",
            "kelurahan_code",
            "confidential",
            "resolve_working_days",
            "status",
            "resolve_due_at",
            *_FILTERED_COLUMNS[2:],
            "received_at",
        ),
        # The map's heat layer (located public reports) and its latest-reports layer,
        # covering every filtered column.
        Index(
            "ix_report_location",
            "status",
            "confidential",
            "latitude",
            "longitude",
            "anonymous",  # public_point blurs anonymous reporters' points
            *_FILTERED_COLUMNS,
        ),
        Index("ix_report_received_at", "received_at"),
        Index("ix_report_opd_status", "opd_id", "status"),
        # Live status page (queries.status): "overdue now" and the median time to
        # resolve are answered from these covering indexes without a sort.
        # (received_at and every filtered column after the key, so a filter on period,
        # place, kind, channel, category or OPD is answered from the index too.)
        Index(
            "ix_report_overdue",
            "status",
            "confidential",
            "resolve_due_at",
            *_FILTERED_COLUMNS,
        ),
        Index(
            "ix_report_resolve_days",
            "confidential",
            "resolve_working_days",
            "status",
            *_FILTERED_COLUMNS,
        ),
        # Public reports received in a period (scorecard month, period filters): one
        # range scan instead of every public report (17 s → 1 s for a month at 1M).
        Index("ix_report_public_received", "confidential", "received_at"),
        Index("ix_report_text_fingerprint", "text_fingerprint", "received_at"),
        # The day-level edges of a period (data_layer/queries/rollup.py): the days of a
        # partial month are counted from this index alone, whatever the filter.
        Index(
            "ix_report_received_cover",
            "received_at",
            "confidential",
            "status",
            "kelurahan_code",
            "kind",
            "channel",
            "category_id",
            "opd_id",
            "after_photos",
            "resolve_working_days",
        ),
        # The before-and-after gallery, newest resolution first, any page and filter:
        # read from this index alone, the photos' table is only touched for one page.
        Index(
            "ix_report_gallery",
            "confidential",
            "resolved_at",
            "id",
            "status",
            "after_photos",
            "kelurahan_code",
            "kind",
            "channel",
            "category_id",
            "opd_id",
            "received_at",
        ),
        # Kinerja OPD (queries.scorecard): one OPD's reports of a period, read from this
        # index alone for its medians and percentiles and for filters no rollup covers.
        Index(
            "ix_report_responsible",
            "responsible_opd_id",
            "confidential",
            "received_at",
            "status",
            "kind",
            "channel",
            "category_id",
            "kelurahan_code",
            "first_response_working_days",
            "resolve_working_days",
        ),
        # One OPD's page (queries.scorecard.opd_summary): each responsible OPD's
        # durations in order, every filtered column after them, so its median and 90th
        # percentile over a long period are index walks, not a sort of its history.
        *(
            Index(
                f"ix_report_responsible_{name}_days",
                "responsible_opd_id",
                "confidential",
                column,
                "status",
                "received_at",
                "kind",
                "channel",
                "category_id",
                "kelurahan_code",
            )
            for name, column in RESPONSIBLE_DURATIONS.items()
        ),
        # One OPD's overdue list (queries.opd_profile): its reports of each status by
        # resolution due moment, the listed columns included (no table rows read).
        Index(
            "ix_report_responsible_overdue",
            "responsible_opd_id",
            "confidential",
            "status",
            "resolve_due_at",
            "received_at",
            "kind",
            "channel",
            "category_id",
            "kelurahan_code",
            "opd_id",
            "ticket",
        ),
        # Open reports past a deadline "now" (the scorecard's decided SLAs): partial,
        # so they hold only reports still waiting for that event.
        *(
            Index(
                f"ix_report_{name}_pending",
                "confidential",
                due,
                "received_at",
                "responsible_opd_id",
                *_SCORECARD_FILTERS,
                sqlite_where=text(f"{done} IS NULL"),
                postgresql_where=text(f"{done} IS NULL"),
            )
            for name, (done, due) in SLA_EVENTS.items()
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket: Mapped[str] = mapped_column(String(16), unique=True)  # normalised, no dash
    kind: Mapped[str] = mapped_column(String(12))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(20))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))

    # Private: never on a public page, chart, tooltip, download or API.
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    reporter_email: Mapped[str | None] = mapped_column(String(200))
    reporter_nik: Mapped[str | None] = mapped_column(String(16))
    # anonim: identity hidden from everyone, the OPD included.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # rahasia: the report never appears publicly.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # The reporter's private follow-up code, stored only as a hash.
    followup_hash: Mapped[str | None] = mapped_column(String(255))
    # Makes a double click or a browser retry create one report, not two.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A hash of the normalised title and description, so verifiers see a flood of
    # identical reports (data_layer.commands.text_fingerprint). NULL before 0003.
    text_fingerprint: Mapped[str | None] = mapped_column(String(64))

    status: Mapped[str] = mapped_column(String(20), default=Status.DITERIMA.value)
    reject_reason: Mapped[str | None] = mapped_column(String(20))
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"))
    # The OPD answerable for the report in Kinerja OPD: `opd_id` once forwarded, else
    # where its category would send it (default OPD, or the kecamatan office). Kept by
    # triggers (data_layer/tally.py) through any write, never by application code.
    responsible_opd_id: Mapped[int | None] = mapped_column(Integer)
    resolution_class: Mapped[str] = mapped_column(String(12), default=ResolutionClass.SEDANG.value)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    # How many "after" (proof) photos the report has. Kept by triggers on `photo`
    # (data_layer/tally.py), never written by application code, so the gallery and
    # the rollups count proofs without visiting the photos' table.
    after_photos: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    forwarded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    first_response_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    # SLA due moments (UTC), computed in working days when the clock starts.
    verify_due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    first_response_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolve_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Durations in working days, stored when the event happens so that medians
    # and percentiles can be computed in SQL.
    verify_working_days: Mapped[float | None] = mapped_column(Float)
    first_response_working_days: Mapped[float | None] = mapped_column(Float)
    resolve_working_days: Mapped[float | None] = mapped_column(Float)

    category: Mapped[Category] = relationship()
    kelurahan: Mapped[Kelurahan] = relationship()
    opd: Mapped[Opd | None] = relationship()
    history: Mapped[list[StatusHistory]] = relationship(
        back_populates="report", order_by="StatusHistory.id"
    )
    photos: Mapped[list[Photo]] = relationship(back_populates="report", order_by="Photo.id")


class StatusHistory(Base):
    """Append-only: every status change, with who, when and why."""

    __tablename__ = "status_history"
    __table_args__ = (
        CheckConstraint(_one_of("to_status", Status), name="to_status"),
        Index("ix_status_history_report_at", "report_id", "at"),
        # The Atom feeds read the newest events of the whole city first.
        Index("ix_status_history_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    # "warga" (the reporter), "sistem", or the operator's role; shown publicly
    # instead of a person's name.
    actor_label: Mapped[str] = mapped_column(String(40))
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"))
    public_note: Mapped[str | None] = mapped_column(Text)
    internal_note: Mapped[str | None] = mapped_column(Text)  # never public
    # Whether OPD operators may read the internal note. Diskominfo's notes on an
    # anonymous report, and what a reporter sends when asked, never reach the OPD
    # (they may name the reporter); see commands.internal_note_audience.
    internal_note_for_opd: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    report: Mapped[Report] = relationship(back_populates="history")
    operator: Mapped[Operator | None] = relationship()


class Redaction(Base):
    """The original of a redacted text, kept for audit: admins only, never public.

    A redaction replaces a report's title or description, or a history row's
    public or internal note, in place; the text it replaced is kept here.
    """

    __tablename__ = "redaction"
    __table_args__ = (
        CheckConstraint(
            "field IN ('title', 'description', 'public_note', 'internal_note')", name="field"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    history_id: Mapped[int | None] = mapped_column(ForeignKey("status_history.id"))
    field: Mapped[str] = mapped_column(String(20))
    original: Mapped[str | None] = mapped_column(Text)
    replacement: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    actor_label: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class Photo(Base):
    __tablename__ = "photo"
    __table_args__ = (CheckConstraint(_one_of("kind", PhotoKind), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    image_key: Mapped[str] = mapped_column(String(80))
    thumb_key: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    history_id: Mapped[int | None] = mapped_column(ForeignKey("status_history.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    report: Mapped[Report] = relationship(back_populates="photos")


class PhotoBlob(Base):
    """Bytes of re-encoded photos, for the default database-backed photo store."""

    __tablename__ = "photo_blob"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Feedback(Base):
    """What a reporter says back with the private follow-up code."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(_one_of("kind", FeedbackKind), name="kind"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AppMeta(Base):
    """Small key/value facts about this database, e.g. whether it holds demo data."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ThrottleCounter(Base):
    """Hits per (scope, key) in fixed windows, for data_layer.throttle.

    A row per window: two neighbouring windows give a sliding estimate, so the
    table stays small (rows older than two windows are pruned) and one upsert
    counts a hit atomically on SQLite and PostgreSQL, across sessions and replicas.
    """

    __tablename__ = "throttle_counter"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    # When the row no longer matters (the end of the window after this one).
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class ApiKey(Base):
    """A key that lets one outside system POST reports through the Open311 API.

    Only a SHA-256 hash of the key is stored (keys are 256 random bits, so a
    fast hash is enough and lookups stay one index probe); the key itself is
    printed once by `python -m data_layer create-api-key` and never again.
    """

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ApiSubmission(Base):
    """Which key filed which report, and when: the audit trail and the per-key rate limit."""

    __tablename__ = "api_submission"
    __table_args__ = (Index("ix_api_submission_key_at", "api_key_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id"))
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)


# The citizen-side and rollup tables live in their own modules; importing them here puts
# them in the one metadata (migrations, tests) wherever the models are imported.
from data_layer.citizen_models import (  # noqa: E402
    NotificationOutbox as NotificationOutbox,
)
from data_layer.citizen_models import (  # noqa: E402
    NotificationSubscription as NotificationSubscription,
)
from data_layer.citizen_models import ReportSupporter as ReportSupporter  # noqa: E402
from data_layer.tally_models import (  # noqa: E402
    OPD_TALLY_MEASURES as OPD_TALLY_MEASURES,
)
from data_layer.tally_models import UNLOCATED_CELL as UNLOCATED_CELL  # noqa: E402
from data_layer.tally_models import ReportTally as ReportTally  # noqa: E402
from data_layer.tally_models import ReportTallyHeat as ReportTallyHeat  # noqa: E402
from data_layer.tally_models import ReportTallyOpd as ReportTallyOpd  # noqa: E402
from data_layer.tally_models import ReportTallyOpdPlace as ReportTallyOpdPlace  # noqa: E402
from data_layer.tally_models import ReportTallyPlace as ReportTallyPlace  # noqa: E402
from data_layer.tally_models import (  # noqa: E402
    ReportTallyPlaceCategory as ReportTallyPlaceCategory,
)
from data_layer.tally_models import ReportTallyTotal as ReportTallyTotal  # noqa: E402
