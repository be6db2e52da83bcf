"""The passphrase key is the same bytes whichever Argon2id library computes it.

Every casebook and backup made so far wraps its data key under an Argon2id output; if the
library that derives it ever gave different bytes for the same passphrase, salt and settings,
none of them would open again. The expected values below were computed with argon2-cffi
(the library Parley used before cryptography's own Argon2id) and are hard-coded on purpose.
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.books import keyfile

from conftest import PASSPHRASE


def test_rfc_9106_argon2id_test_vector() -> None:
    # RFC 9106, section 5.3: Argon2id, version 0x13, 32 KiB, 3 passes, 4 lanes.
    tag = Argon2id(
        salt=b"\x02" * 16,
        length=32,
        iterations=3,
        lanes=4,
        memory_cost=32,
        ad=b"\x04" * 12,
        secret=b"\x03" * 8,
    ).derive(b"\x01" * 32)
    assert tag.hex() == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"


@pytest.mark.parametrize(
    "passphrase, params, expected",
    [
        # The suite's own casebooks: the floor of 64 MiB, 3 passes, 2 lanes.
        (
            PASSPHRASE,
            keyfile.Argon2Params(65536, 3, 2, b"s" * 16),
            "6fb118c04e59b04de4b62dd2ebadab4164f6e10454f9b985c6cb9a45139c659e",
        ),
        # Typed decomposed (as some keyboards send it): NFC-normalised before deriving.
        (
            "Sia\u0302n\u2019s caf\u00e9 \u263a 1987",
            keyfile.Argon2Params(65536 + 1024, 4, 1, bytes(range(16))),
            "dd3d4c28ea4986d6bec80c57c0430b758012317fe333dd6b4a80f465644b321d",
        ),
        # A longer salt and four lanes.
        (
            "x",
            keyfile.Argon2Params(70000, 3, 4, bytes(range(100, 124))),
            "8bfd7ae31bd50c2980d4b36915a919036e3b860cd2f8c6e597021bf8376a83af",
        ),
    ],
)
def test_passphrase_keys_are_those_every_existing_casebook_was_made_with(
    passphrase: str, params: keyfile.Argon2Params, expected: str
) -> None:
    assert keyfile.derive_from_passphrase(passphrase, params).hex() == expected
