"""Public ticket codes: random, easy to read aloud, with a check character.

A code is 9 random characters of Crockford's base-32 alphabet (45 bits; no I,
L, O or U, so nothing is confused on the phone) plus one Luhn mod-32 check
character, shown as two groups of five: `7QM2R-T9KXH`. The check character
catches every single-character typo and most swaps of neighbours.
"""

from __future__ import annotations

import secrets

from stdnum import luhn
from stdnum.exceptions import ValidationError

from data_layer.limits import TICKET_INPUT_MAX

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 9
CODE_LENGTH = RANDOM_LENGTH + 1
# What people type for what they mean (Crockford's decoding rules).
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class InvalidTicketCode(ValueError):
    """The text is not a well-formed ticket code (wrong length, characters or check)."""


def new_ticket_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + luhn.calc_check_digit(body, alphabet=ALPHABET)


def crockford_clean(text: str) -> str:
    """What a citizen typed, upper-cased, without separators, I/L read as 1 and O as 0."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)


def normalise_ticket_code(text: str) -> str:
    """Canonical form of what a citizen typed, or InvalidTicketCode."""
    if len(text) > TICKET_INPUT_MAX:  # bounded before any work on it
        raise InvalidTicketCode(text[:TICKET_INPUT_MAX])
    cleaned = crockford_clean(text)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        raise InvalidTicketCode(text)
    try:
        luhn.validate(cleaned, alphabet=ALPHABET)
    except ValidationError as exc:
        raise InvalidTicketCode(text) from exc
    return cleaned


def is_valid_ticket_code(text: str) -> bool:
    try:
        normalise_ticket_code(text)
    except InvalidTicketCode:
        return False
    return True


def format_ticket_code(code: str) -> str:
    """`7QM2RT9KXH` → `7QM2R-T9KXH` for display."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
