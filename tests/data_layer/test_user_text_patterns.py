"""Every regular expression and parser that reads what a visitor typed stays linear.

Python's `re` holds the GIL while it backtracks, so one quadratic pattern fed a
pasted string stalls every visitor of the process (issue 8, finding 1). Each
pattern here gets long adversarial strings built to trigger backtracking (long
blank runs between the parts it expects, almost-matches that fail at the very
end) and must answer within a budget a linear pattern meets by orders of
magnitude: these strings take a quadratic pattern seconds to minutes.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time

import pytest
from factories import make_operator

from data_layer import boundary_file, boundary_import, operators, validation
from data_layer.queries.operator import find_by_ticket
from data_layer.states import Role
from data_layer.tickets import InvalidTicketCode, normalise_ticket_code

N = 20_000
BUDGET_SECONDS = 0.5

ADVERSARIAL = {
    "blank runs": "1" + " " * N + "x",
    "blank runs after a separator": "1" + " " * N + "," + " " * N + "x",
    "tabs and newlines": "-6" + "\t\n " * N + "1.0 x",
    "digits with a decimal comma": "1," + "1" * N + " x",
    "many separators": "1" + ", " * N,
    "letters": "a" * N + "!",
    "repeated prefixes": "kelurahan " * N + "!",
    "doubled letters": "ab" * N,
}


def _within_budget(function, text: str) -> None:
    started = time.perf_counter()
    with contextlib.suppress(ValueError):  # refusing is fine; taking long is not
        function(text)
    elapsed = time.perf_counter() - started
    assert elapsed < BUDGET_SECONDS, f"{elapsed:.2f} s for {len(text):,} characters"


PATTERNS = {
    "coordinates": validation.COORDINATES_PATTERN.match,
    "username": operators.USERNAME_PATTERN.match,
    "boundary name prefix": lambda text: boundary_file.NAME_PREFIX.sub("", text),
}

PARSERS = {
    "parse_coordinates": validation.parse_coordinates,
    "normalise_phone": validation.normalise_phone,
    "normalise_email": validation.normalise_email,
    "normalise_ticket_code": normalise_ticket_code,
    "boundary name_key": boundary_import.name_key,
}


@pytest.mark.parametrize("pattern", list(PATTERNS))
@pytest.mark.parametrize("attack", list(ADVERSARIAL))
def test_each_pattern_is_linear_on_adversarial_input(pattern, attack):
    # The compiled patterns themselves, without the length bounds in front of them.
    _within_budget(PATTERNS[pattern], ADVERSARIAL[attack])


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("attack", list(ADVERSARIAL))
def test_each_parser_answers_quickly_on_adversarial_input(parser, attack):
    _within_budget(PARSERS[parser], ADVERSARIAL[attack])


def test_the_linear_coordinates_pattern_accepts_exactly_what_the_old_one_did():
    old = r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,;\s]\s*(-?\d+(?:[.,]\d+)?)\s*$"
    old_pattern = re.compile(old)
    pieces = ["-6", "6.9", "6,9", " ", "  ", ",", ";", "\t", "110", "1,1", "x", ""]
    for parts in itertools.product(pieces, repeat=4):
        text = "".join(parts)
        old_match, new_match = old_pattern.match(text), validation.COORDINATES_PATTERN.match(text)
        assert bool(old_match) == bool(new_match), repr(text)
        if old_match:
            assert old_match.groups() == new_match.groups(), repr(text)


def test_over_long_input_is_refused_before_parsing():
    with pytest.raises(ValueError):
        validation.parse_coordinates("-6.98, 110.42" + " " * validation.LOCATION_MAX)
    with pytest.raises(InvalidTicketCode):
        normalise_ticket_code("7QM2R-T9KXH" + " " * 100)


def test_operator_search_ignores_an_over_long_fragment(db):
    with db.write().begin() as session:
        viewer = make_operator(session, role=Role.VERIFIKATOR)
    with db.read() as session:
        found = find_by_ticket(session, viewer=viewer, text="A" * 100_000, settings=db.settings)
    assert found.total == 0
