"""A book's identity: post-quantum sealing to it, Ed25519 signing as it, and a fingerprint
that people can read to each other."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.books.casebook import Casebook
from app.identity import keys
from app.identity.keys import PublicKeys, format_fingerprint, new_identity, normalise_fingerprint

ALICE, BOB = new_identity(), new_identity()


def test_the_suite_is_the_post_quantum_hybrid_and_nothing_weaker() -> None:
    from cryptography.hazmat.primitives import hpke

    assert keys.SUITE is not None
    sealed = ALICE.public.seal(b"x", b"info")
    # The encapsulated key of MLKEM768_X25519 is 1,120 bytes (1,088 ML-KEM + 32 X25519).
    assert len(sealed) == hpke.KEM.MLKEM768_X25519.enc_length() + 1 + 16 == 1137


@settings(max_examples=25, deadline=None)
@given(plaintext=st.binary(max_size=4096), info=st.binary(max_size=64))
def test_sealed_opens_only_for_its_book_and_its_info(plaintext: bytes, info: bytes) -> None:
    sealed = ALICE.public.seal(plaintext, info)
    assert ALICE.open(sealed, info) == plaintext
    assert BOB.open(sealed, info) is None
    assert ALICE.open(sealed, info + b"!") is None


def test_a_flipped_bit_anywhere_fails_to_open() -> None:
    sealed = bytearray(ALICE.public.seal(b"agreed terms", b"i"))
    for position in (0, 500, 1119, 1120, len(sealed) - 17, len(sealed) - 1):
        damaged = bytearray(sealed)
        damaged[position] ^= 0x01
        assert ALICE.open(bytes(damaged), b"i") is None, position
    assert ALICE.open(bytes(sealed[:-1]), b"i") is None
    assert ALICE.open(b"", b"i") is None


def test_signatures_verify_only_with_the_signer_and_the_message() -> None:
    signature = ALICE.sign(b"document")
    assert ALICE.public.verify(signature, b"document")
    assert not BOB.public.verify(signature, b"document")
    assert not ALICE.public.verify(signature, b"documenT")
    assert not ALICE.public.verify(signature[:-1], b"document")


def test_the_fingerprint_is_ten_groups_of_four_and_compared_loosely() -> None:
    shown = format_fingerprint(ALICE.public.fingerprint)
    assert re.fullmatch(r"([A-Z2-7]{4} ){9}[A-Z2-7]{4}", shown)
    assert normalise_fingerprint(shown.lower()) == ALICE.public.fingerprint
    assert normalise_fingerprint(" " + shown.replace(" ", "-") + "\n") == ALICE.public.fingerprint
    assert ALICE.public.fingerprint != BOB.public.fingerprint


def test_the_fingerprint_covers_both_public_keys() -> None:
    mixed = PublicKeys(ALICE.public.encryption, BOB.public.signing)
    assert mixed.fingerprint not in (ALICE.public.fingerprint, BOB.public.fingerprint)


def test_wrong_sized_keys_are_refused() -> None:
    with pytest.raises(keys.BadKey):
        PublicKeys(b"\0" * 10, ALICE.public.signing)


def test_a_private_key_is_never_printed() -> None:
    assert ALICE.encryption_private.hex() not in repr(ALICE)
    assert ALICE.signing_private.hex() not in repr(ALICE)


def test_a_book_has_its_keys_from_creation_and_keeps_them(casebook: Casebook) -> None:
    fingerprint = casebook.identity.fingerprint
    assert casebook.identity.ensure() is False  # already made
    assert casebook.identity.get().public.fingerprint == fingerprint
    sealed = casebook.identity.get().public.seal(b"hello", b"i")
    assert casebook.identity.get().open(sealed, b"i") == b"hello"
