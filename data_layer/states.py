"""The vocabularies, defined once: statuses, transitions, public states, kinds, channels.

Every page, query and test takes these names from here. Anything that decides
whether a report may be shown publicly goes through `PUBLIC_STATUSES` (and the
`confidential` flag, see `queries.public_reports`), so nothing private leaks by
omission.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DITERIMA = "diterima"  # received, not yet verified
    PERLU_INFO = "perlu_info"  # verifier asked the reporter for more information
    DIVERIFIKASI = "diverifikasi"  # verified by Diskominfo
    DITOLAK = "ditolak"  # rejected (spam, duplicate, incomplete…)
    BUKAN_WEWENANG = (
        "bukan_wewenang"  # not the city's authority (forwarded to the province or SP4N-LAPOR!)
    )
    DITERUSKAN = "diteruskan"  # disposisi: forwarded to the responsible OPD
    DIPROSES = "diproses"  # the OPD is working on it
    SELESAI = "selesai"  # resolved by the OPD (an aduan needs an after photo)
    DITUTUP = "ditutup"  # closed
    DIBUKA_KEMBALI = "dibuka_kembali"  # reopened (reporter disputed, or operator)
    ARSIP = "arsip"  # archived: nothing is ever deleted
    DITARIK = "ditarik"  # withdrawn (take-down): never public again, kept for audit


class StatusGroup(StrEnum):
    """Where a status stands in the workflow; every grouping below is a union of these."""

    AWAITING_VERIFICATION = "awaiting_verification"  # Diskominfo has not verified it yet
    IN_PROGRESS = "in_progress"  # verified, with or on its way to an OPD
    FIXED = "fixed"  # resolved by the OPD
    CLOSED_OTHERWISE = "closed_otherwise"  # rejected or not the city's authority
    REMOVED = "removed"  # archived or withdrawn: out of the workflow and of public view


class Deadline(StrEnum):
    """The deadline that runs while a report is in a status (`Report.<deadline>_due_at`)."""

    VERIFY = "verify"
    FIRST_RESPONSE = "first_response"
    RESOLVE = "resolve"


class Stamp(StrEnum):
    """How entering a status writes one of the report's timestamp columns."""

    FIRST = "first"  # set when still empty (the first time counts)
    LATEST = "latest"  # set every time (the latest time counts)
    CLEAR = "clear"  # emptied


@dataclass(frozen=True)
class StatusRule:
    group: StatusGroup
    public: bool  # counted publicly (PUBLIC_STATUSES; listing has one more rule, below)
    deadline: Deadline | None  # the SLA deadline running in this status; None: none runs
    stamps: tuple[tuple[str, Stamp], ...]  # report timestamp columns entering it writes
    note_required: bool  # a public note must explain the move (commands enforce it)
    colour: str  # a Streamlit theme colour name: the badge and the chart bars
    labels: dict[str, str]
    notify_reporter: bool = False  # a reporter who opted in is e-mailed (data_layer.notifications)


_VERIFIED = ("verified_at", Stamp.FIRST)
_CLOSED = ("closed_at", Stamp.LATEST)
_G = StatusGroup

# The one table of what each status means. Every grouping, label, colour, deadline and
# timestamp rule below and elsewhere (commands, the demo simulator, queries, ui) is read
# from here; tests/data_layer/test_states.py proves every status is in every mapping.
STATUS_RULES: dict[Status, StatusRule] = {
    Status.DITERIMA: StatusRule(
        _G.AWAITING_VERIFICATION, False, Deadline.VERIFY, (), False, "violet",
        {"id": "Diterima", "en": "Received"},
    ),
    Status.PERLU_INFO: StatusRule(
        _G.AWAITING_VERIFICATION, False, Deadline.VERIFY, (), True, "yellow",
        {"id": "Perlu informasi", "en": "Needs information"}, notify_reporter=True,
    ),
    Status.DIVERIFIKASI: StatusRule(
        _G.IN_PROGRESS, True, Deadline.VERIFY, (_VERIFIED,), False, "violet",
        {"id": "Diverifikasi", "en": "Verified"}, notify_reporter=True,
    ),
    Status.DITOLAK: StatusRule(
        _G.CLOSED_OTHERWISE, True, None, (_VERIFIED, _CLOSED), False, "red",
        {"id": "Ditolak", "en": "Rejected"}, notify_reporter=True,
    ),
    Status.BUKAN_WEWENANG: StatusRule(
        _G.CLOSED_OTHERWISE, True, None, (_VERIFIED, _CLOSED), False, "red",
        {"id": "Bukan wewenang kota", "en": "Not city authority"},
    ),
    Status.DITERUSKAN: StatusRule(
        _G.IN_PROGRESS, True, Deadline.FIRST_RESPONSE, (("forwarded_at", Stamp.LATEST),), False,
        "blue", {"id": "Diteruskan ke OPD", "en": "Forwarded to department"}, notify_reporter=True,
    ),
    Status.DIPROSES: StatusRule(
        _G.IN_PROGRESS, True, Deadline.RESOLVE, (("first_response_at", Stamp.FIRST),), False,
        "blue", {"id": "Diproses", "en": "In progress"},
    ),
    Status.SELESAI: StatusRule(
        _G.FIXED, True, None, (("resolved_at", Stamp.LATEST),), True, "green",
        {"id": "Selesai", "en": "Resolved"}, notify_reporter=True,
    ),
    Status.DITUTUP: StatusRule(
        _G.FIXED, True, None, (_CLOSED,), False, "gray", {"id": "Ditutup", "en": "Closed"},
    ),
    Status.DIBUKA_KEMBALI: StatusRule(
        _G.IN_PROGRESS, True, Deadline.RESOLVE, (("closed_at", Stamp.CLEAR),), False, "orange",
        {"id": "Dibuka kembali", "en": "Reopened"},
    ),
    Status.ARSIP: StatusRule(
        _G.REMOVED, False, None, (), False, "gray", {"id": "Arsip", "en": "Archived"},
    ),
    Status.DITARIK: StatusRule(
        _G.REMOVED, False, None, (), False, "gray", {"id": "Ditarik", "en": "Withdrawn"},
    ),
}  # fmt: skip


def statuses_where(**wanted: object) -> frozenset[Status]:
    """The statuses whose rule has every given value, e.g. `statuses_where(public=True)`."""
    return frozenset(
        status
        for status, rule in STATUS_RULES.items()
        if all(getattr(rule, name) == value for name, value in wanted.items())
    )


STATUS_LABELS: dict[Status, dict[str, str]] = {s: rule.labels for s, rule in STATUS_RULES.items()}
STATUS_COLOUR_NAMES: dict[Status, str] = {s: rule.colour for s, rule in STATUS_RULES.items()}

# Resolved as fixed by the OPD (as opposed to closed otherwise).
FIXED_STATUSES = statuses_where(group=StatusGroup.FIXED)
# Closed without a fix: rejected (spam, duplicate…) or not the city's authority.
CLOSED_OTHERWISE_STATUSES = statuses_where(group=StatusGroup.CLOSED_OTHERWISE)
# Waiting for Diskominfo (verification SLA runs).
AWAITING_VERIFICATION_STATUSES = statuses_where(group=StatusGroup.AWAITING_VERIFICATION)
# Verified, with an OPD or on its way, and not yet resolved.
IN_PROGRESS_STATUSES = statuses_where(group=StatusGroup.IN_PROGRESS)
# Handling has ended in these states; each may still be archived.
CLOSED_STATUSES = FIXED_STATUSES | CLOSED_OTHERWISE_STATUSES
# Out of the workflow and out of public view: archived (after closing), or
# withdrawn (a take-down from any state, e.g. personal data or abuse found
# after verification). Neither is counted or shown anywhere public.
REMOVED_STATUSES = statuses_where(group=StatusGroup.REMOVED)
# Open311 GeoReport v2 knows only "open" and "closed": a report is closed there when
# handling has ended (resolved, closed, rejected, not the city's authority) or it was
# archived or withdrawn; every other status is open (docs/api.md shows the table).
OPEN311_CLOSED_STATUSES = CLOSED_STATUSES | REMOVED_STATUSES
# Still waiting for someone at the city to act.
OPEN_STATUSES = AWAITING_VERIFICATION_STATUSES | IN_PROGRESS_STATUSES
# A public note must explain a move into these (commands.transition enforces it).
NOTE_REQUIRED_STATUSES = statuses_where(note_required=True)

_FORWARD_TRANSITIONS: dict[Status, set[Status]] = {
    Status.DITERIMA: {
        Status.DIVERIFIKASI,
        Status.PERLU_INFO,
        Status.DITOLAK,
        Status.BUKAN_WEWENANG,
    },
    Status.PERLU_INFO: {Status.DIVERIFIKASI, Status.DITOLAK},
    Status.DIVERIFIKASI: {Status.DITERUSKAN},
    Status.DITERUSKAN: {Status.DIPROSES},
    Status.DIPROSES: {Status.SELESAI},
    Status.SELESAI: {Status.DITUTUP, Status.DIBUKA_KEMBALI},
    Status.DITUTUP: {Status.DIBUKA_KEMBALI},
    Status.DIBUKA_KEMBALI: {Status.DIPROSES},
}
TRANSITIONS: dict[Status, frozenset[Status]] = {
    status: frozenset(
        _FORWARD_TRANSITIONS.get(status, set())
        | ({Status.ARSIP} if status in CLOSED_STATUSES else set())
        # A take-down is possible from every state, and is final.
        | ({Status.DITARIK} if status is not Status.DITARIK else set())
    )
    for status in Status
}

# The one definition of "public": a report is shown publicly only when it is not
# confidential (rahasia) AND its status is one of these. Unverified reports
# (diterima, perlu_info) have not been checked by a human yet; archived ones have
# been withdrawn from view (e.g. abusive content).
PUBLIC_STATUSES = statuses_where(public=True)

# What of a public report may be shown: its content (title, description, place,
# photos) is public only after it passed verification. A report rejected or
# declined (ditolak, bukan_wewenang) is still COUNTED above as "closed
# otherwise", but it was never verified: those two states are reachable only
# from the ones awaiting verification (tests/data_layer/test_states.py holds
# that), so a spam, doxxing or NIK-bearing text a verifier refused is never
# listed, mapped, exported or shown on the tracking page. Counting and listing
# are filtered in `queries/public.py` (`public_where` and `listed_where`).
LISTED_STATUSES = PUBLIC_STATUSES - CLOSED_OTHERWISE_STATUSES


def can_transition(current: Status | str, target: Status | str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]


def status_label(status: Status | str, lang: str = "id") -> str:
    return STATUS_LABELS[Status(status)][lang]


class Kind(StrEnum):
    ADUAN = "aduan"
    ASPIRASI = "aspirasi"
    INFORMASI = "informasi"


KIND_LABELS: dict[Kind, dict[str, str]] = {
    Kind.ADUAN: {"id": "Aduan", "en": "Complaint"},
    Kind.ASPIRASI: {"id": "Aspirasi", "en": "Aspiration"},
    Kind.INFORMASI: {"id": "Permintaan informasi", "en": "Information request"},
}
KIND_HELP: dict[Kind, dict[str, str]] = {
    Kind.ADUAN: {
        "id": "Ada masalah yang perlu diperbaiki (jalan rusak, lampu mati, sampah…).",
        "en": "Something needs fixing (broken road, street light out, rubbish…).",
    },
    Kind.ASPIRASI: {
        "id": "Usulan atau saran untuk Pemerintah Kota.",
        "en": "A proposal or suggestion for the city government.",
    },
    Kind.INFORMASI: {
        "id": "Pertanyaan tentang layanan atau kebijakan kota.",
        "en": "A question about a city service or policy.",
    },
}


class Channel(StrEnum):
    WEBSITE = "website"
    APP = "app"
    WHATSAPP = "whatsapp"
    TWITTER = "twitter"
    CALL_CENTER_112 = "call_center_112"
    WALK_IN = "walk_in"
    API = "api"
    SP4N_LAPOR = "sp4n_lapor"


CHANNEL_LABELS: dict[Channel, dict[str, str]] = {
    Channel.WEBSITE: {"id": "Situs web", "en": "Website"},
    Channel.APP: {"id": "Aplikasi", "en": "App"},
    Channel.WHATSAPP: {"id": "WhatsApp", "en": "WhatsApp"},
    Channel.TWITTER: {"id": "Twitter/X", "en": "Twitter/X"},
    Channel.CALL_CENTER_112: {"id": "Call Center 112", "en": "Call Center 112"},
    Channel.WALK_IN: {"id": "Datang langsung", "en": "Walk-in"},
    Channel.API: {"id": "API", "en": "API"},
    Channel.SP4N_LAPOR: {"id": "SP4N-LAPOR!", "en": "SP4N-LAPOR!"},
}


class PhotoKind(StrEnum):
    BEFORE = "before"
    PROGRESS = "progress"
    AFTER = "after"


PHOTO_KIND_LABELS: dict[PhotoKind, dict[str, str]] = {
    PhotoKind.BEFORE: {"id": "Sebelum", "en": "Before"},
    PhotoKind.PROGRESS: {"id": "Proses", "en": "Progress"},
    PhotoKind.AFTER: {"id": "Sesudah", "en": "After"},
}


class ResolutionClass(StrEnum):
    """Resolution SLA classes of the complaint SOP Pantau Lapor started with, in working days."""

    CEPAT = "cepat"
    SEDANG = "sedang"
    KOMPLEKS = "kompleks"


RESOLUTION_DAYS: dict[ResolutionClass, int] = {
    ResolutionClass.CEPAT: 5,
    ResolutionClass.SEDANG: 14,
    ResolutionClass.KOMPLEKS: 60,
}


class Role(StrEnum):
    ADMIN = "admin"  # manages operators, categories, OPDs
    VERIFIKATOR = "verifikator"  # Diskominfo: verifies and forwards
    OPD = "opd"  # operator of one OPD: acts only on reports forwarded to it


# Forwarded to an OPD and not resolved yet: the OPD's work list (its deadlines run).
OPD_WORK_STATUSES = statuses_where(deadline=Deadline.FIRST_RESPONSE) | statuses_where(
    deadline=Deadline.RESOLVE
)

# Where a note (and photos) may be added without a change of status, by role.
# `None` is the reporter answering a request for information.
PROGRESS_NOTE_BY_ROLE: dict[Role | None, frozenset[Status]] = {
    None: frozenset({Status.PERLU_INFO}),
    Role.ADMIN: OPEN_STATUSES,
    Role.VERIFIKATOR: OPEN_STATUSES,
    Role.OPD: OPD_WORK_STATUSES,
}


class FeedbackKind(StrEnum):
    CONFIRM = "confirm"  # reporter confirms the resolution
    DISPUTE = "dispute"  # reporter disputes it (reopens the report)
    INFO = "info"  # reporter adds information when asked (perlu_info)


class Destination(StrEnum):
    """Where a report outside the city's authority (bukan_wewenang) is passed on to."""

    PROVINCE = "laporgub"  # the city profile's `higher_authority` (the provincial channel)
    NATIONAL = "sp4n"  # SP4N-LAPOR!, for national agencies


class RejectReason(StrEnum):
    DUPLIKAT = "duplikat"
    TIDAK_LENGKAP = "tidak_lengkap"
    SPAM = "spam"
    TIDAK_SESUAI = "tidak_sesuai"


REJECT_REASON_LABELS: dict[RejectReason, dict[str, str]] = {
    RejectReason.DUPLIKAT: {"id": "Duplikat laporan lain", "en": "Duplicate of another report"},
    RejectReason.TIDAK_LENGKAP: {"id": "Informasi tidak lengkap", "en": "Incomplete information"},
    RejectReason.SPAM: {"id": "Spam atau tidak pantas", "en": "Spam or abusive"},
    RejectReason.TIDAK_SESUAI: {"id": "Bukan laporan", "en": "Not a report"},
}


# Who may move a report into which status. `None` is the reporter (through the
# private follow-up code) or the system.
ALLOWED_BY_ROLE: dict[Role | None, frozenset[Status]] = {
    None: frozenset({Status.DITUTUP, Status.DIBUKA_KEMBALI}),
    Role.ADMIN: frozenset(Status),
    Role.VERIFIKATOR: frozenset(
        {
            Status.DIVERIFIKASI,
            Status.PERLU_INFO,
            Status.DITOLAK,
            Status.BUKAN_WEWENANG,
            Status.DITERUSKAN,
            Status.DITUTUP,
            Status.DIBUKA_KEMBALI,
            Status.ARSIP,
            Status.DITARIK,
        }
    ),
    Role.OPD: frozenset({Status.DIPROSES, Status.SELESAI}),
}
