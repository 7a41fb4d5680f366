"""Field checks of the submission form, and the whole form against a real database."""

from __future__ import annotations

import pytest
from factories import category_id, kelurahan_code, prepared_photo
from sqlalchemy import update

from data_layer.models import Category, Kelurahan
from data_layer.states import Channel, Kind
from data_layer.validation import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    LOCATION_MAX,
    TITLE_MAX,
    TITLE_MIN,
    FieldError,
    SubmissionForm,
    check_length,
    format_coordinates,
    normalise_email,
    normalise_phone,
    parse_coordinates,
    validate_submission,
)

JAKARTA = "-6.2088, 106.8456"
JAVA_SEA = "-6.80, 110.42"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62-812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("(024) 3513366", "+62243513366"),  # a Semarang landline
        ("0857 1234 5678", "+6285712345678"),
    ],
)
def test_indonesian_phone_numbers_are_normalised_to_plus_62(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize(
    "typed", ["12345", "0812345", "08123456789012345", "+1 650 253 0000", "abc", "+62"]
)
def test_implausible_or_foreign_phone_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        normalise_phone(typed)


def test_email_is_checked_for_plausibility_and_normalised():
    assert normalise_email("  budi.santoso@Example.COM ") == "budi.santoso@example.com"
    for typed in ("budi", "budi@", "@example.com", "budi@example", "budi santoso@example.com"):
        with pytest.raises(ValueError):
            normalise_email(typed)


def test_coordinates_are_read_as_map_apps_share_them():
    assert parse_coordinates("-6.9826, 110.4093") == (-6.9826, 110.4093)
    assert parse_coordinates("-6.9826 110.4093") == (-6.9826, 110.4093)
    assert parse_coordinates("-6,9826; 110,4093") == (-6.9826, 110.4093)
    assert parse_coordinates(format_coordinates(-6.98, 110.41)) == (-6.98, 110.41)
    for typed in ("", "Semarang", "-6.98", "-96.0, 110.4", "-6.9, 190.0", "nan, 110"):
        with pytest.raises(ValueError):
            parse_coordinates(typed)


@pytest.mark.parametrize(
    ("minimum", "maximum"), [(TITLE_MIN, TITLE_MAX), (DESCRIPTION_MIN, DESCRIPTION_MAX)]
)
def test_length_limits_are_inclusive_and_ignore_surrounding_blanks(minimum, maximum):
    assert check_length("x" * minimum, minimum=minimum, maximum=maximum) is None
    assert check_length("x" * maximum, minimum=minimum, maximum=maximum) is None
    assert check_length("  " + "x" * minimum + "  ", minimum=minimum, maximum=maximum) is None
    short = check_length("x" * (minimum - 1), minimum=minimum, maximum=maximum)
    assert short == FieldError("too_short", {"min": minimum, "length": minimum - 1})
    long = check_length("x" * (maximum + 1), minimum=minimum, maximum=maximum)
    assert long == FieldError("too_long", {"max": maximum, "length": maximum + 1})
    assert check_length("   ", minimum=minimum, maximum=maximum) == FieldError("required")


def _valid_form(session, **overrides) -> SubmissionForm:
    values = {
        "kind": Kind.ADUAN.value,
        "category_id": category_id(session),
        "kelurahan_code": kelurahan_code(session),
        "title": "  Lampu jalan mati di Jl. Pemuda  ",
        "description": "Sudah tiga malam lampu jalan di depan toko mati, jalan gelap sekali.",
        "phone": "0812-3456-7890",
        "email": "Warga@Example.com",
        "name": "Siti",
        "address": "Depan Toko Sinar",
    }
    values.update(overrides)
    return SubmissionForm(**values)


def test_a_valid_form_becomes_a_clean_draft(db):
    with db.read() as session:
        miroto = session.get(Kelurahan, kelurahan_code(session))
        point = format_coordinates(miroto.centroid_lat, miroto.centroid_lon)
        photo = prepared_photo(db.settings)
        result = validate_submission(
            session, _valid_form(session, location=point, anonymous=True), photos=(photo,)
        )
    assert result.ok and result.errors == {}
    draft = result.draft
    assert draft.title == "Lampu jalan mati di Jl. Pemuda"
    assert draft.reporter_phone == "+6281234567890"
    assert draft.reporter_email == "Warga@example.com"
    assert (draft.latitude, draft.longitude) == pytest.approx(
        (miroto.centroid_lat, miroto.centroid_lon)
    )
    assert draft.channel is Channel.WEBSITE and draft.kind is Kind.ADUAN
    assert draft.anonymous is True and draft.confidential is False
    assert draft.photos == (photo,)


def test_optional_fields_may_stay_empty(db):
    with db.read() as session:
        result = validate_submission(
            session, _valid_form(session, phone="", email=" ", name="", address="")
        )
    assert result.ok
    draft = result.draft
    assert draft.reporter_phone is None and draft.reporter_email is None
    assert draft.reporter_name is None and draft.address is None
    assert draft.latitude is None and draft.longitude is None


def test_every_problem_is_reported_at_once_under_its_field(db):
    with db.read() as session:
        result = validate_submission(
            session,
            SubmissionForm(
                kind=None,
                title="Lubang",
                description="Ada lubang.",
                phone="12345",
                email="budi@",
                location="Semarang",
            ),
        )
    assert not result.ok and result.draft is None
    assert result.errors == {
        "kind": FieldError("required"),
        "category": FieldError("required"),
        "kelurahan": FieldError("required"),
        "location": FieldError("invalid_coordinates"),
        "title": FieldError("too_short", {"min": TITLE_MIN, "length": 6}),
        "description": FieldError("too_short", {"min": DESCRIPTION_MIN, "length": 11}),
        "phone": FieldError("invalid_phone"),
        "email": FieldError("invalid_email"),
    }


@pytest.mark.parametrize("point", [JAKARTA, JAVA_SEA])
def test_a_point_outside_the_city_is_refused(db, point):
    with db.read() as session:
        result = validate_submission(session, _valid_form(session, location=point))
    assert result.errors == {"location": FieldError("outside_city")}


def test_unknown_or_retired_choices_are_refused(db):
    with db.write().begin() as session:
        retired = category_id(session, "drainase")
        session.execute(update(Category).where(Category.id == retired).values(active=False))
    with db.read() as session:
        unknown = validate_submission(
            session, _valid_form(session, category_id=999_999, kelurahan_code="0000000000")
        )
        inactive = validate_submission(session, _valid_form(session, category_id=retired))
    assert unknown.errors == {"category": FieldError("unknown"), "kelurahan": FieldError("unknown")}
    assert inactive.errors == {"category": FieldError("unknown")}


def test_long_texts_are_refused_with_their_length(db):
    with db.read() as session:
        result = validate_submission(
            session,
            _valid_form(session, title="j" * 151, description="d" * 5001, address="a" * 301),
        )
    assert result.errors["title"] == FieldError("too_long", {"max": TITLE_MAX, "length": 151})
    assert result.errors["description"] == FieldError(
        "too_long", {"max": DESCRIPTION_MAX, "length": 5001}
    )
    assert result.errors["address"].code == "too_long"


def test_over_long_parsed_fields_are_refused_before_parsing(db):
    # A pasted page of blanks in the coordinates box (issue 8, finding 1) or a
    # megabyte in the phone or e-mail box is refused by length, not parsed.
    with db.read() as session:
        result = validate_submission(
            session,
            _valid_form(
                session,
                location="1" + " " * 40_000 + "x",
                phone="0812" + "3" * 100,
                email="a" * 300 + "@example.com",
            ),
        )
    assert result.errors["location"] == FieldError(
        "too_long", {"max": LOCATION_MAX, "length": 40_002}
    )
    assert result.errors["phone"].code == "too_long"
    assert result.errors["email"].code == "too_long"
