"""Ticket codes: random, readable on the phone, and typo-proof through a check character."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from data_layer.tickets import (
    ALPHABET,
    CODE_LENGTH,
    RANDOM_LENGTH,
    TICKET_BODIES,
    InvalidTicketCode,
    format_ticket_code,
    is_valid_ticket_code,
    new_ticket_code,
    normalise_ticket_code,
    ticket_codes_for,
)

CODE_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{10}$")  # Crockford: no I, L, O, U


@pytest.fixture(scope="module")
def sample_codes() -> list[str]:
    return [new_ticket_code() for _ in range(200)]


def test_codes_carry_at_least_40_random_bits():
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert RANDOM_LENGTH * math.log2(len(ALPHABET)) >= 40


def test_code_format(sample_codes):
    for code in sample_codes:
        assert CODE_PATTERN.match(code), code
        assert len(code) == CODE_LENGTH
        assert is_valid_ticket_code(code)
        shown = format_ticket_code(code)
        assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", shown)
        assert normalise_ticket_code(shown) == code


def test_codes_do_not_repeat_and_use_the_whole_alphabet():
    codes = [new_ticket_code() for _ in range(20_000)]
    assert len(set(codes)) == len(codes)
    first_characters = Counter(code[0] for code in codes)
    assert set(first_characters) == set(ALPHABET)
    # Each character should be near 1/32 of the draws (625); a skewed generator is not.
    assert min(first_characters.values()) > 450
    assert max(first_characters.values()) < 800


def test_every_single_character_substitution_is_caught(sample_codes):
    for code in sample_codes[:60]:
        for position in range(CODE_LENGTH):
            for replacement in ALPHABET:
                if replacement == code[position]:
                    continue
                typo = code[:position] + replacement + code[position + 1 :]
                assert not is_valid_ticket_code(typo), (code, typo)


def test_adjacent_swaps_are_caught_except_zero_and_z(sample_codes):
    missed, tried = [], 0
    for code in sample_codes:
        for position in range(CODE_LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a == b:
                continue
            tried += 1
            swapped = code[:position] + b + a + code[position + 2 :]
            if is_valid_ticket_code(swapped):
                missed.append({a, b})
    # Luhn mod 32 misses only the swap of the first and last characters of the
    # alphabet (0 and Z), like Luhn's own 0/9 blind spot.
    assert all(pair == {"0", "Z"} for pair in missed), missed
    assert len(missed) / tried < 0.02


def test_what_citizens_type_is_normalised():
    code = "10ABCDEFG"
    # Build a valid code whose body has 1 and 0, the characters people mistype.
    full = next(code + check for check in ALPHABET if is_valid_ticket_code(code + check))
    expected = full
    assert normalise_ticket_code(full.lower()) == expected
    assert normalise_ticket_code(f"{full[:5]}-{full[5:]}") == expected
    assert normalise_ticket_code(f"  {full[:5]} {full[5:]} ") == expected
    assert normalise_ticket_code("IO" + full[2:]) == expected  # I for 1, O for 0
    assert normalise_ticket_code("lo" + full[2:].lower()) == expected  # l for 1, o for 0
    assert normalise_ticket_code("L0" + full[2:]) == expected


@pytest.mark.parametrize(
    "text",
    ["", "ABC", "10ABCDEFGHJK", "U0ABCDEFGH", "#########", "10ABC DEFG"],
)
def test_malformed_codes_are_refused(text):
    assert not is_valid_ticket_code(text)
    with pytest.raises(InvalidTicketCode):
        normalise_ticket_code(text)


def test_exactly_one_check_character_completes_a_body():
    body = "7QM2RT9KX"
    completions = [check for check in ALPHABET if is_valid_ticket_code(body + check)]
    assert len(completions) == 1


def test_many_codes_at_once_follow_the_same_rule():
    """The demo seeder's tickets (a million at once) are codes a citizen can type back."""
    import numpy as np

    values = np.random.default_rng(7).integers(0, TICKET_BODIES, size=5000)
    values[:3] = (0, 1, TICKET_BODIES - 1)
    codes = ticket_codes_for(values).tolist()
    assert codes[0] == "0000000000"
    assert all(normalise_ticket_code(format_ticket_code(code)) == code for code in codes)
    assert len(set(codes)) == len(set(values.tolist()))
