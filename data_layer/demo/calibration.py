"""How the calibration city's complaints look: volumes, shares and delays the generator draws from."""

from __future__ import annotations

import numpy as np

from data_layer.states import (
    Channel,
    Kind,
    RejectReason,
)

POOL_VARIANTS = 2  # shared pictures per scene, for every other resolved complaint
SPAN_DAYS = 456  # about 15 months of history, ending now
IDENTITY_POOL_SIZE = 4000
TEXT_POOL_SIZE = 48
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
# The "no value" branch of np.where over object columns (a bare None is what numpy
# does with it anyway; its type stubs want an array).
NULL = np.array(None, dtype=object)

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
