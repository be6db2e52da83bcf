"""Tampering with the key file fails closed: it never opens, never raises anything but a
user-facing error, and never changes a file.

Tampering here is deliberate: the key file's check (which catches accidents) is made to
match again and both copies are changed alike, so the slots' own protection must stop it.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.books import keyfile, vault
from app.errors import CannotUnlock, CasebookDamaged, ParleyError

from conftest import PASSPHRASE
from helpers import snapshot, tamper_key_file, without_spare_key


@pytest.fixture
def memoised_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id is deterministic; remembering results lets hundreds of tampered files be
    tried through the real unlock path in seconds."""
    real = keyfile.derive_from_passphrase

    @functools.lru_cache(maxsize=256)
    def cached(passphrase: str, params: keyfile.Argon2Params) -> bytes:
        return real(passphrase, params)

    monkeypatch.setattr(keyfile, "derive_from_passphrase", cached)


def rewrite(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    tamper_key_file(folder, change)


def assert_fails_closed(folder: Path, recovery_key: str | None = None) -> None:
    before = snapshot(folder)
    with pytest.raises((CannotUnlock, CasebookDamaged)):
        if recovery_key is None:
            vault.open_with_passphrase(folder, PASSPHRASE)
        else:
            vault.open_with_recovery_key(folder, recovery_key)
    assert snapshot(folder) == before


def slot_index(body: dict[str, Any], kind: str) -> int:
    return next(i for i, s in enumerate(body["slots"]) if s["kind"] == kind)


def flip_b64(text: str, index: int) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
@pytest.mark.parametrize("field", ["nonce", "wrapped", "salt"])
def test_flipping_any_byte_of_a_slot_fails_closed(
    casebook_folder: Path, template_recovery_key: str, memoised_kdf: None, kind: str, field: str
) -> None:
    original = (casebook_folder / "casebook.key").read_bytes()
    body = json.loads(original)
    slot = body["slots"][slot_index(body, kind)]
    length = len(base64.b64decode(slot["kdf"]["salt"] if field == "salt" else slot[field]))
    for index in range(length):
        (casebook_folder / "casebook.key").write_bytes(original)

        def change(b: dict[str, Any], i: int = index) -> None:
            target = b["slots"][slot_index(b, kind)]
            if field == "salt":
                target["kdf"]["salt"] = flip_b64(target["kdf"]["salt"], i)
            else:
                target[field] = flip_b64(target[field], i)

        rewrite(casebook_folder, change)
        assert_fails_closed(casebook_folder, template_recovery_key if kind == "recovery" else None)


@pytest.mark.parametrize(
    "field, value",
    [
        ("memory_kib", 65536 * 2),  # upward: the associated data no longer matches
        ("iterations", 4),
        ("parallelism", 1),
        ("memory_kib", 65535),  # downward, below the floor: refused before deriving
        ("iterations", 2),
        ("name", "argon2i"),
        ("memory_kib", "65536"),
        ("iterations", True),
    ],
)
def test_changing_kdf_parameters_fails_closed(
    casebook_folder: Path, memoised_kdf: None, field: str, value: object
) -> None:
    def change(body: dict[str, Any]) -> None:
        body["slots"][slot_index(body, "passphrase")]["kdf"][field] = value

    rewrite(casebook_folder, change)
    assert_fails_closed(casebook_folder)


def test_changing_the_casebook_id_or_slot_kind_fails_closed(
    casebook_folder: Path, template_recovery_key: str
) -> None:
    original = (casebook_folder / "casebook.key").read_bytes()
    rewrite(casebook_folder, lambda b: b.update(casebook_id="0" * 32))
    assert_fails_closed(casebook_folder)
    assert_fails_closed(casebook_folder, template_recovery_key)

    # Swap the kinds: each slot's associated data names its own kind.
    (casebook_folder / "casebook.key").write_bytes(original)

    def swap(body: dict[str, Any]) -> None:
        for slot in body["slots"]:
            slot["kind"] = "recovery" if slot["kind"] == "passphrase" else "passphrase"

    rewrite(casebook_folder, swap)
    assert_fails_closed(casebook_folder)
    assert_fails_closed(casebook_folder, template_recovery_key)


def test_a_slot_honestly_wrapped_below_the_floor_is_refused(casebook_folder: Path) -> None:
    """A key file written by something weaker than Parley (say 8 MiB, one pass) is refused
    even though it would decrypt: the floor is checked before any derivation."""
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        data_key = casebook.data_key
    keys = keyfile.parse_key_file((casebook_folder / "casebook.key").read_bytes())
    weak = keyfile.Argon2Params(8 * 1024, 1, 1, b"w" * 16)
    kek = Argon2id(salt=weak.salt, length=32, iterations=1, lanes=1, memory_cost=8 * 1024).derive(
        PASSPHRASE.encode()
    )
    slot = keyfile.wrap(data_key, kek, keys.casebook_id, "passphrase", weak.as_json())
    (casebook_folder / "casebook.key").write_bytes(keys.with_slot(slot).to_bytes())
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookDamaged, match="weaker protection than Parley allows"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_absurd_parameters_cannot_exhaust_the_machine(casebook_folder: Path) -> None:
    def change(body: dict[str, Any]) -> None:
        body["slots"][slot_index(body, "passphrase")]["kdf"]["memory_kib"] = 2**40

    rewrite(casebook_folder, change)
    with pytest.raises(CasebookDamaged, match="out of range"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_damage_to_the_key_file_fails_closed_or_is_harmless(
    casebook_folder: Path, template_recovery_key: str, memoised_kdf: None, data: st.DataObject
) -> None:
    path = without_spare_key(casebook_folder) / "casebook.key"
    original = path.read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4), label="flips")):
        index = data.draw(st.integers(0, len(damaged) - 1), label="index")
        damaged[index] ^= data.draw(st.integers(1, 255), label="mask")
    path.write_bytes(bytes(damaged))
    before = snapshot(casebook_folder)
    try:
        for kind, unlock in (
            ("passphrase", lambda: vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)),
            (
                "recovery",
                lambda: vault.unlock_with_recovery_key(casebook_folder, template_recovery_key),
            ),
        ):
            try:
                unlocked = unlock()
            except ParleyError:
                continue  # failed closed, with a message for the user
            # A secret may still open only if nothing its own slot depends on was touched
            # (the damage hit the other slot, the generation counter or JSON spacing).
            mine = keyfile.parse_key_file(original)
            theirs = keyfile.parse_key_file(bytes(damaged))
            assert theirs.casebook_id == mine.casebook_id
            assert theirs.slot(kind) == mine.slot(kind)
            assert len(unlocked.data_key) == keyfile.DATA_KEY_BYTES
        assert snapshot(casebook_folder) == before
    finally:
        path.write_bytes(original)
