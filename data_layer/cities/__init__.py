"""Any kota or kabupaten in Indonesia: profiles, the zone table and reference data."""

from data_layer.cities.profile import (
    CityProfile,
    UnknownCityError,
    city_profile,
    default_city_code,
    regencies,
)
from data_layer.cities.wilayah import village_kind, wilayah_of
from data_layer.cities.zones import ZONES, Zone

__all__ = [
    "ZONES",
    "CityProfile",
    "UnknownCityError",
    "Zone",
    "city_profile",
    "default_city_code",
    "regencies",
    "village_kind",
    "wilayah_of",
]
