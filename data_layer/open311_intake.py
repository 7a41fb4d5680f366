"""A report posted through Open311 (POST /api/v2/requests) checked as a web submission is.

The GeoReport v2 fields map onto the submission form: `service_code` is a
category code, `lat`/`long` the point (required: it decides the kelurahan),
`description` the text, `address_string` the address, `first_name` +
`last_name`, `phone` and `email` the reporter (private, as on the web form).
Open311 has no title, so the first words of the description become one. The
web form's own rules then apply (`validate_submission`), and the draft enters
through the same `submit_report` path, with channel `api`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.geography import kelurahan_at
from data_layer.models import Category
from data_layer.states import Channel, Kind
from data_layer.validation import (
    CATEGORY,
    LOCATION,
    TITLE_MAX,
    TITLE_MIN,
    FieldError,
    SubmissionForm,
    Validation,
    validate_submission,
)

TITLE_WORDS_MAX = 80  # characters of the description used as the title


def title_from_description(description: str) -> str:
    """The first sentence or words of the description, cut at a word boundary."""
    text = " ".join(description.split())
    first_sentence = text.split(". ")[0]
    if len(first_sentence) < TITLE_MIN:  # "Lampu mati. …": too short to name the report
        first_sentence = text
    if len(first_sentence) <= TITLE_WORDS_MAX:
        return first_sentence
    cut = first_sentence[:TITLE_WORDS_MAX].rsplit(" ", 1)[0]
    return (cut or first_sentence[:TITLE_WORDS_MAX]).rstrip(",;:") + "…"


def _number(value: str | None) -> float | None:
    try:
        return float((value or "").strip())
    except ValueError:
        return None


def validate_open311_post(session: Session, fields: Mapping[str, str]) -> Validation:
    """Every problem with a posted request at once, or a draft with channel `api`."""
    errors: dict[str, FieldError] = {}
    code = (fields.get("service_code") or "").strip()
    category_id = session.scalar(
        select(Category.id).where(Category.code == code, Category.active.is_(True))
    )
    if not code:
        errors[CATEGORY] = FieldError("required")
    elif category_id is None:
        errors[CATEGORY] = FieldError("unknown", {"code": code[:40]})
    lat, lon = _number(fields.get("lat")), _number(fields.get("long"))
    kelurahan_code = None
    if lat is None or lon is None:
        errors[LOCATION] = FieldError(
            "required" if not fields.get("lat") else "invalid_coordinates"
        )
    else:
        match = kelurahan_at(session, lat=lat, lon=lon)
        if match is None:
            errors[LOCATION] = FieldError("outside_city")
        else:
            kelurahan_code = match.code
    description = fields.get("description") or ""
    name = " ".join(
        part.strip() for part in (fields.get("first_name"), fields.get("last_name")) if part
    )
    form = SubmissionForm(
        kind=Kind.ADUAN.value,
        category_id=category_id,
        kelurahan_code=kelurahan_code,
        location=f"{lat}, {lon}" if kelurahan_code else "",
        address=fields.get("address_string") or "",
        title=title_from_description(description)[:TITLE_MAX] if description.strip() else "",
        description=description,
        name=name,
        phone=fields.get("phone") or "",
        email=fields.get("email") or "",
    )
    checked = validate_submission(session, form)
    # The form's own complaint about a missing kelurahan is the location's, here.
    form_errors = {k: v for k, v in checked.errors.items() if k not in ("kelurahan", CATEGORY)}
    errors = {**form_errors, **errors}
    if errors or checked.draft is None:
        return Validation(errors, None)
    return Validation({}, replace(checked.draft, channel=Channel.API))
