"""Public ticket codes: random, easy to read aloud, with a check character.

A code is 9 random characters of Crockford's base-32 alphabet (45 bits; no I,
L, O or U, so nothing is confused on the phone) plus one Luhn mod-32 check
character, shown as two groups of five: `7QM2R-T9KXH`. The check character
catches every single-character typo and most swaps of neighbours.
"""

from __future__ import annotations

import secrets

import numpy as np
from stdnum import luhn
from stdnum.exceptions import ValidationError

from data_layer.limits import TICKET_INPUT_MAX

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 9
CODE_LENGTH = RANDOM_LENGTH + 1
TICKET_BODIES = len(ALPHABET) ** RANDOM_LENGTH  # how many distinct random parts there are
# What people type for what they mean (Crockford's decoding rules).
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class InvalidTicketCode(ValueError):
    """The text is not a well-formed ticket code (wrong length, characters or check)."""


def new_ticket_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + luhn.calc_check_digit(body, alphabet=ALPHABET)


def ticket_codes_for(values: np.ndarray) -> np.ndarray:
    """The codes of many random parts at once (each an int below TICKET_BODIES), as
    `new_ticket_code` writes them: the demo seeder's million tickets in a fraction of a second.

    The check character is Luhn mod 32 over the digits (most significant first), as
    `stdnum.luhn.calc_check_digit` computes it: from the right of body + "0", every
    second digit is doubled and its base-32 digits summed; the check digit makes the
    total a multiple of 32. The first codes are checked against stdnum itself.
    """
    base = len(ALPHABET)
    digits = (values[:, None] // base ** np.arange(RANDOM_LENGTH - 1, -1, -1)) % base
    from_right = digits[:, ::-1]  # the appended "0" would sit before these and adds nothing
    doubled = 2 * from_right[:, 0::2]
    total = from_right[:, 1::2].sum(axis=1) + (doubled // base + doubled % base).sum(axis=1)
    digits = np.concatenate([digits, ((-total) % base)[:, None]], axis=1)
    codepoints = np.array([ord(ch) for ch in ALPHABET], dtype=np.uint32)[digits]
    codes = np.ascontiguousarray(codepoints).view(f"<U{CODE_LENGTH}").ravel().astype(object)
    for code in codes[:64].tolist():
        body = code[:RANDOM_LENGTH]
        if code != body + luhn.calc_check_digit(body, alphabet=ALPHABET):
            raise AssertionError(f"ticket check character differs from stdnum for {code}")
    return codes


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


FOLLOWUP_GROUP = 4


def format_followup_code(code: str) -> str:
    """`9HX0DJQ0RF8F` → `9HX0-DJQ0-RF8F`: groups of four are easier to read and copy.

    Typed back in any form (with or without dashes or spaces, in lower case):
    `crockford_clean` reads it before it is checked.
    """
    return "-".join(code[i : i + FOLLOWUP_GROUP] for i in range(0, len(code), FOLLOWUP_GROUP))
