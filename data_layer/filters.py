"""URL parameters -> `ReportFilter`: the one parser the pages and the HTTP routes share.

The URL query string is the single source of truth for what a view shows, so
any view (a page, a feed, a download) can be linked and reopened exactly.
Parameters carry stable codes, never labels or database ids, so a link means
the same thing in either language and on any database:

    ?dari=2025-01-01&sampai=2025-03-31&kecamatan=<6-digit code>&kelurahan=<10-digit code>
     &jenis=aduan&kategori=jalan_rusak&opd=dpu&kanal=whatsapp

A value that is not valid (a typo, an unknown code, a kelurahan outside the
chosen kecamatan, a malformed date) is dropped and the view shows "all" for
that field; parsing never raises. `invalid_params` names what was dropped, for
the HTTP routes, which answer a machine's typo with a clear 400 instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import ReferenceLists
from data_layer.states import Channel, Kind

# Field name → URL parameter(s).
PARAMS: dict[str, tuple[str, ...]] = {
    "period": ("dari", "sampai"),
    "kecamatan": ("kecamatan",),
    "kelurahan": ("kelurahan",),
    "kind": ("jenis",),
    "category": ("kategori",),
    "opd": ("opd",),
    "channel": ("kanal",),
}
ALL_FIELDS: tuple[str, ...] = tuple(PARAMS)
# Earliest date the period pickers offer (the channel started well after this).
MIN_DATE = dt.date(2015, 1, 1)


@dataclass(frozen=True)
class FilterCodes:
    """A filter as it appears in the URL: codes and dates, each checked against reference data."""

    start: dt.date | None = None
    end: dt.date | None = None
    kecamatan: str | None = None
    kelurahan: str | None = None
    kind: str | None = None
    category: str | None = None
    opd: str | None = None
    channel: str | None = None


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if MIN_DATE <= day <= dt.date(2100, 12, 31) else None


def codes_from_params(
    params: Mapping[str, str],
    reference: ReferenceLists,
    fields: Sequence[str] = ALL_FIELDS,
) -> FilterCodes:
    """Read the URL; anything unknown or malformed becomes "all"."""

    def get(name: str) -> str | None:
        value = params.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    values: dict[str, object] = {}
    if "period" in fields:
        start, end = _parse_date(get("dari")), _parse_date(get("sampai"))
        if start and end and start > end:
            start, end = end, start
        values.update(start=start, end=end)
    kecamatan = get("kecamatan")
    if "kecamatan" in fields and kecamatan in {k.code for k in reference.kecamatan}:
        values["kecamatan"] = kecamatan
    kelurahan = get("kelurahan")
    allowed_kelurahan = {k.code for k in reference.kelurahan_in(values.get("kecamatan"))}  # type: ignore[arg-type]
    if "kelurahan" in fields and kelurahan in allowed_kelurahan:
        values["kelurahan"] = kelurahan
    kind = get("jenis")
    if "kind" in fields and kind in {k.value for k in Kind}:
        values["kind"] = kind
    category = get("kategori")
    if "category" in fields and category and reference.category_by_code(category):
        values["category"] = category
    opd = get("opd")
    if "opd" in fields and opd and reference.opd_by_code(opd):
        values["opd"] = opd
    channel = get("kanal")
    if "channel" in fields and channel in {c.value for c in Channel}:
        values["channel"] = channel
    return FilterCodes(**values)  # type: ignore[arg-type]


def params_from_codes(codes: FilterCodes) -> dict[str, str | None]:
    """The URL parameters for `codes` (None means "remove the parameter")."""
    return {
        "dari": codes.start.isoformat() if codes.start else None,
        "sampai": codes.end.isoformat() if codes.end else None,
        "kecamatan": codes.kecamatan,
        "kelurahan": codes.kelurahan,
        "jenis": codes.kind,
        "kategori": codes.category,
        "opd": codes.opd,
        "kanal": codes.channel,
    }


def report_filter_from_codes(codes: FilterCodes, reference: ReferenceLists) -> ReportFilter:
    category = reference.category_by_code(codes.category) if codes.category else None
    opd = reference.opd_by_code(codes.opd) if codes.opd else None
    return ReportFilter(
        start=codes.start,
        end=codes.end,
        kecamatan_code=codes.kecamatan,
        kelurahan_code=codes.kelurahan,
        kind=codes.kind,
        category_id=category.id if category else None,
        opd_id=opd.id if opd else None,
        channel=codes.channel,
    )


def params_for_filter(report_filter: ReportFilter, reference: ReferenceLists) -> dict[str, str]:
    """URL parameters that reopen `report_filter` (for links to other pages)."""
    category = (
        reference.category_by_id(report_filter.category_id) if report_filter.category_id else None
    )
    opd = reference.opd_by_id(report_filter.opd_id) if report_filter.opd_id else None
    codes = FilterCodes(
        start=report_filter.start,
        end=report_filter.end,
        kecamatan=report_filter.kecamatan_code,
        kelurahan=report_filter.kelurahan_code,
        kind=report_filter.kind,
        category=category.code if category else None,
        opd=opd.code if opd else None,
        channel=report_filter.channel,
    )
    return {name: value for name, value in params_from_codes(codes).items() if value is not None}


def invalid_params(
    params: Mapping[str, str], reference: ReferenceLists, fields: Sequence[str] = ALL_FIELDS
) -> list[str]:
    """The filter parameters present in `params` that parsing dropped (typos, unknown codes)."""
    kept = {
        k: v for k, v in params_from_codes(codes_from_params(params, reference, fields)).items()
    }
    return [
        param
        for field in fields
        for param in PARAMS[field]
        if (params.get(param) or "").strip() and kept.get(param) is None
    ]


def report_filter_from_params(
    params: Mapping[str, str], reference: ReferenceLists, fields: Sequence[str] = ALL_FIELDS
) -> ReportFilter:
    return report_filter_from_codes(codes_from_params(params, reference, fields), reference)
