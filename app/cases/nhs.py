"""NHS numbers: ten digits whose last is a Modulus 11 check digit."""

from __future__ import annotations

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise_nhs_number(text: str) -> str:
    """Strip the spaces and hyphens people type between the groups."""
    return "".join(ch for ch in text if ch not in " -\u00a0\t")


def nhs_number_problem(text: str) -> str | None:
    """Why ``text`` is not a valid NHS number, in words; ``None`` if it is valid (or empty)."""
    digits = normalise_nhs_number(text)
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit():
        return "an NHS number has only digits"
    if len(digits) != 10:
        return f"an NHS number has 10 digits, not {len(digits)}"
    total = sum(int(d) * w for d, w in zip(digits[:9], _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "the check digit does not match; a digit may be mistyped"
    return None


def is_valid_nhs_number(text: str) -> bool:
    """True for a ten-digit number with a correct Modulus 11 check digit."""
    return bool(normalise_nhs_number(text)) and nhs_number_problem(text) is None


def format_nhs_number(text: str) -> str:
    """Show a number the way the NHS prints it: ``943 476 5919``."""
    digits = normalise_nhs_number(text)
    if len(digits) != 10:
        return text
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
