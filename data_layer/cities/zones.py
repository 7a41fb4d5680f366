"""The zone table: Indonesia's three time zones, the only place their offsets are written.

Indonesia has had no daylight saving time since 1964, so each zone is a fixed
offset from UTC and SQL can bucket by adding whole hours (data_layer/queries/time.py).
The regency table gives each kota/kabupaten its offset in hours; this table
names the zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Zone:
    abbreviation: str  # what people read after a time: WIB, WITA, WIT
    iana: str  # the tz database name, for Python's calendar arithmetic
    utc_offset_hours: int

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.iana)


WIB = Zone("WIB", "Asia/Jakarta", 7)
WITA = Zone("WITA", "Asia/Makassar", 8)
WIT = Zone("WIT", "Asia/Jayapura", 9)
ZONES = (WIB, WITA, WIT)


def zone_for_offset(hours: int) -> Zone:
    for zone in ZONES:
        if zone.utc_offset_hours == hours:
            return zone
    raise ValueError(f"no Indonesian time zone is UTC+{hours}")


def zone_named(abbreviation: str) -> Zone:
    for zone in ZONES:
        if zone.abbreviation == abbreviation.upper():
            return zone
    raise ValueError(f"unknown time zone {abbreviation!r}: use WIB, WITA or WIT")
