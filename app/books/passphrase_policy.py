"""What a new passphrase must be, and how strong it looks, explained in words.

The casebook's safety on a lost laptop rests on this passphrase, so obviously weak ones are
refused with the reason. Long phrases of ordinary words are encouraged over short symbols.
"""

from __future__ import annotations

import math
import re

MIN_LENGTH = 12
_COMMON_STEMS = (
    "password", "passphrase", "passw0rd", "qwerty", "letmein", "welcome", "iloveyou",
    "admin", "parley", "mediation", "mediator", "hospital", "monkey", "dragon", "football",
    "changeme", "secret", "abc123", "trustno1",
)  # fmt: skip
_SEQUENCES = ("0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyzabcdefghijkl",
              "qwertyuiopasdfghjklzxcvbnm")  # fmt: skip

STRENGTH_LABELS = ("Too weak", "Weak", "Fair", "Strong", "Very strong")


def passphrase_problem(passphrase: str) -> str | None:
    """Why this passphrase is refused, or ``None`` if it is acceptable."""
    if len(passphrase) < MIN_LENGTH:
        return (
            f"Use at least {MIN_LENGTH} characters (this has {len(passphrase)}). "
            "Three or four unrelated words are long enough and easy to remember."
        )
    if passphrase != passphrase.strip():
        return "Remove the spaces at the start or end; they are easy to forget."
    lowered = passphrase.lower()
    if len(set(lowered)) < 5:
        return "This repeats too few different characters; anyone could guess it."
    squeezed = re.sub(r"[^a-z0-9]", "", lowered)
    if any(squeezed and squeezed in seq for seq in _SEQUENCES) or squeezed in (
        seq[::-1] for seq in _SEQUENCES
    ):
        return "This is a run of keys or letters in order; anyone could guess it."
    # "Password2026!!" is still "password": judge the letters once digits and symbols go.
    letters = re.sub(r"[^a-z]", "", lowered)
    if any(letters in (stem, stem * 2) for stem in _COMMON_STEMS):
        return "This is a common password with a few characters added; choose your own words."
    return None


def strength(passphrase: str) -> int:
    """A 0-4 score for the strength meter: 0 is refused, 4 is very strong."""
    if passphrase_problem(passphrase) is not None:
        return 0
    pool = 0
    if re.search(r"[a-z]", passphrase):
        pool += 26
    if re.search(r"[A-Z]", passphrase):
        pool += 26
    if re.search(r"[0-9]", passphrase):
        pool += 10
    if re.search(r"[^A-Za-z0-9]", passphrase):
        pool += 33
    distinct = len(set(passphrase))
    bits = min(len(passphrase), distinct * 2) * math.log2(max(pool, 2))
    if bits < 60:
        return 1
    if bits < 80:
        return 2
    if bits < 110:
        return 3
    return 4
