"""Checks on what a citizen typed into the submission form, field by field.

Every problem is reported as a `FieldError` (a code plus the numbers its message
needs) under the name of the field it belongs to, so the page can show each
message beside its field in the visitor's language. Nothing here raises on bad
input: the page needs *all* the problems at once, not the first one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.commands import ReportDraft
from data_layer.geography import point_in_city
from data_layer.limits import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    EMAIL_MAX,
    LOCATION_MAX,
    NAME_MAX,
    PHONE_MAX,
    TITLE_MAX,
    TITLE_MIN,
)
from data_layer.models import Category, Kelurahan
from data_layer.photos import PreparedPhoto
from data_layer.states import Channel, Kind

__all__ = ["DESCRIPTION_MAX", "DESCRIPTION_MIN", "TITLE_MAX", "TITLE_MIN"]  # re-exported
PHONE_REGION = "ID"
PHONE_COUNTRY_CODE = 62

# Field names, shared with the page so that each message lands beside its field.
KIND = "kind"
CATEGORY = "category"
KELURAHAN = "kelurahan"
LOCATION = "location"
ADDRESS = "address"
TITLE = "title"
DESCRIPTION = "description"
PHOTOS = "photos"
NAME = "name"
PHONE = "phone"
EMAIL = "email"

# "-5.13, 119.41" or "-5.13 119.41", as map apps share a point. The separator is
# a comma or semicolon with optional blanks around it, or blanks alone; written
# as two alternatives (not `\s*[,;\s]\s*`, three adjacent blank runs that
# backtrack quadratically on a long run of spaces), so matching stays linear.
COORDINATES_PATTERN = re.compile(
    r"^\s*(-?\d+(?:[.,]\d+)?)(?:\s*[,;]\s*|\s+)(-?\d+(?:[.,]\d+)?)\s*$"
)


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field: `code` picks the message, `params` fill it in."""

    code: str
    params: Mapping[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class SubmissionForm:
    """The form as typed: strings stay raw here, checking happens in `validate_submission`."""

    kind: str | None = None
    category_id: int | None = None
    kelurahan_code: str | None = None
    location: str = ""  # "lat, lon", typed or picked on the map; optional
    address: str = ""
    title: str = ""
    description: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    anonymous: bool = False
    confidential: bool = False
    # Status-change e-mails, in this language ("id"/"en"); None: not asked for.
    notify_lang: str | None = None


@dataclass(frozen=True)
class Validation:
    errors: dict[str, FieldError]
    draft: ReportDraft | None  # set only when there are no errors

    @property
    def ok(self) -> bool:
        return not self.errors


# --- single fields ---------------------------------------------------------------


def check_length(
    text: str, *, minimum: int, maximum: int, required: bool = True
) -> FieldError | None:
    """Length in characters of the text without surrounding blanks."""
    length = len(text.strip())
    if length == 0:
        return FieldError("required") if required else None
    if length < minimum:
        return FieldError("too_short", {"min": minimum, "length": length})
    if length > maximum:
        return FieldError("too_long", {"max": maximum, "length": length})
    return None


def normalise_phone(text: str) -> str:
    """An Indonesian number in E.164 (`+6281234567890`), or ValueError.

    Accepts what people write: 0812-3456-7890, +62 812 3456 7890, 62812…, (024) 351…
    """
    if len(text) > PHONE_MAX:
        raise ValueError("too long")
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(text) from exc
    if number.country_code != PHONE_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(text: str) -> str:
    """A plausible address (syntax only: no DNS lookups from a form), or ValueError."""
    if len(text) > EMAIL_MAX + 20:  # a little room for surrounding blanks
        raise ValueError("too long")
    try:
        checked = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(text) from exc
    if len(checked.normalized) > EMAIL_MAX:
        raise ValueError(text)
    return checked.normalized


def parse_coordinates(text: str) -> tuple[float, float]:
    """`"-5.13, 119.41"` → (lat, lon), or ValueError. A decimal comma is accepted
    only when the two numbers are separated by something else."""
    if len(text) > LOCATION_MAX:
        raise ValueError("too long")
    match = COORDINATES_PATTERN.match(text)
    if not match:
        raise ValueError(text)
    lat, lon = (float(part.replace(",", ".")) for part in match.groups())
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(text)
    return lat, lon


def format_coordinates(lat: float, lon: float) -> str:
    return f"{lat:.6f}, {lon:.6f}"


# --- the whole form ----------------------------------------------------------------


def validate_submission(
    session: Session,
    form: SubmissionForm,
    *,
    photos: tuple[PreparedPhoto, ...] = (),
) -> Validation:
    """Every problem with the form at once, or a ReportDraft ready for `submit_report`."""
    errors: dict[str, FieldError] = {}
    kind = _check_kind(form.kind, errors)
    category_id = _check_category(session, form.category_id, errors)
    kelurahan_code = _check_kelurahan(session, form.kelurahan_code, errors)
    point = _check_location(session, form.location, errors)
    for name, text, minimum, maximum, required in (
        (TITLE, form.title, TITLE_MIN, TITLE_MAX, True),
        (DESCRIPTION, form.description, DESCRIPTION_MIN, DESCRIPTION_MAX, True),
        (ADDRESS, form.address, 0, ADDRESS_MAX, False),
        (NAME, form.name, 0, NAME_MAX, False),
    ):
        problem = check_length(text, minimum=minimum, maximum=maximum, required=required)
        if problem:
            errors[name] = problem
    phone = _optional(form.phone, normalise_phone, PHONE, "invalid_phone", errors)
    email = _optional(form.email, normalise_email, EMAIL, "invalid_email", errors)
    if form.notify_lang and not form.email.strip():
        errors[EMAIL] = FieldError("notify_needs_email")
    if errors or kind is None or category_id is None or kelurahan_code is None:
        return Validation(errors, None)
    draft = ReportDraft(
        kind=kind,
        category_id=category_id,
        title=form.title.strip(),
        description=form.description.strip(),
        kelurahan_code=kelurahan_code,
        channel=Channel.WEBSITE,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        address=form.address.strip() or None,
        reporter_name=form.name.strip() or None,
        reporter_phone=phone,
        reporter_email=email,
        anonymous=form.anonymous,
        confidential=form.confidential,
        photos=photos,
        notify_lang=form.notify_lang,
    )
    return Validation({}, draft)


def _check_kind(value: str | None, errors: dict[str, FieldError]) -> Kind | None:
    try:
        return Kind(value or "")
    except ValueError:
        errors[KIND] = FieldError("required")
        return None


def _check_category(
    session: Session, value: int | None, errors: dict[str, FieldError]
) -> int | None:
    if value is None:
        errors[CATEGORY] = FieldError("required")
        return None
    active = session.scalar(select(Category.active).where(Category.id == value))
    if not active:
        errors[CATEGORY] = FieldError("unknown")
        return None
    return value


def _check_kelurahan(
    session: Session, value: str | None, errors: dict[str, FieldError]
) -> str | None:
    if not value:
        errors[KELURAHAN] = FieldError("required")
        return None
    if session.get(Kelurahan, value) is None:
        errors[KELURAHAN] = FieldError("unknown")
        return None
    return value


def _check_location(
    session: Session, text: str, errors: dict[str, FieldError]
) -> tuple[float, float] | None:
    if len(text) > LOCATION_MAX:
        errors[LOCATION] = FieldError("too_long", {"max": LOCATION_MAX, "length": len(text)})
        return None
    if not text.strip():
        return None
    try:
        lat, lon = parse_coordinates(text)
    except ValueError:
        errors[LOCATION] = FieldError("invalid_coordinates")
        return None
    if not point_in_city(session, lat=lat, lon=lon):
        errors[LOCATION] = FieldError("outside_city")
        return None
    return lat, lon


def _optional(
    text: str, normalise, name: str, code: str, errors: dict[str, FieldError]
) -> str | None:
    maximum = PHONE_MAX if name == PHONE else EMAIL_MAX
    if len(text.strip()) > maximum:
        errors[name] = FieldError("too_long", {"max": maximum, "length": len(text.strip())})
        return None
    if not text.strip():
        return None
    try:
        return normalise(text)
    except ValueError:
        errors[name] = FieldError(code)
        return None
