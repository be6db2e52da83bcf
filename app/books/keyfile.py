"""The key file: the casebook's data key, wrapped once per way of unlocking it.

The data key is 32 random bytes that SQLCipher uses directly. It is never stored in the
clear; each *slot* wraps it with AES-256-GCM under a key derived from one secret (the
passphrase, the recovery key, or the OS keychain's copy). The GCM associated data binds
the format, the casebook id, the slot kind and the KDF parameters, so editing any of them,
including a downgrade of the Argon2id cost, makes the slot fail to open.

A wrong secret shows up as a GCM tag failure: no password hash is kept anywhere.

The file also carries a *check*: the SHA-256 of its content in a canonical form. It guards
against accidents, not attackers (anyone can recompute it; the slots' associated data is
what stops tampering), and it is what lets Parley tell a damaged key file from a wrong
passphrase: without it, a flipped byte in the casebook id or a salt fails exactly like a
wrong secret. Files written before the check existed have none and are read as before; the
next write adds it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import CasebookDamaged, UnsupportedPlatform

FORMAT = "parley.key/1"
DATA_KEY_BYTES = 32

# Argon2id floor from the design: at least 64 MiB and three passes. Below it, a slot is
# treated as tampered with, never derived.
MIN_MEMORY_KIB = 64 * 1024
MIN_ITERATIONS = 3
# Ceilings, so that a hostile key file cannot make us allocate or spin without bound.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 64
MAX_PARALLELISM = 16
MAX_KEY_FILE_BYTES = 64 * 1024

SLOT_KINDS = ("passphrase", "recovery", "keychain")
FIELDS = {"format", "casebook_id", "generation", "slots"}
CHECK_FIELD = "check"  # absent from files written before it existed
CHECK_PREFIX = "sha256:"
RECOVERY_KEY_BYTES = 20  # 160 bits, 32 base32 characters


class KeyFileDamaged(CasebookDamaged):
    """The key file cannot be read or has been altered."""

    #: verify's key-file state (app/books/verify.py), for every command: a script can tell
    #: a damaged key file (restore from a backup) from a wrong passphrase (3).
    exit_code = 8


@dataclass(frozen=True)
class Argon2Params:
    memory_kib: int
    iterations: int
    parallelism: int
    salt: bytes

    def as_json(self) -> dict[str, Any]:
        return {
            "name": "argon2id",
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "parallelism": self.parallelism,
            "salt": _b64(self.salt),
        }

    def check_strength(self) -> None:
        """Refuse parameters below the design's floor or above sane ceilings."""
        if self.memory_kib < MIN_MEMORY_KIB or self.iterations < MIN_ITERATIONS:
            raise KeyFileDamaged(
                "The key file asks for weaker protection than Parley allows "
                f"(Argon2id needs at least {MIN_MEMORY_KIB // 1024} MiB and "
                f"{MIN_ITERATIONS} passes); it may have been tampered with. Nothing was changed."
            )
        if (
            self.memory_kib > MAX_MEMORY_KIB
            or self.iterations > MAX_ITERATIONS
            or not 1 <= self.parallelism <= MAX_PARALLELISM
            or len(self.salt) < 16
        ):
            raise KeyFileDamaged("The key file's settings are out of range; it may be damaged.")


@dataclass(frozen=True)
class Slot:
    kind: str
    kdf: dict[str, Any]  # as stored, so the associated data is exactly what was written
    nonce: bytes
    wrapped: bytes


@dataclass(frozen=True)
class KeyFile:
    casebook_id: str
    generation: int
    slots: tuple[Slot, ...]
    #: False for a file written before key files carried a check (it gains one when written).
    checked: bool = field(default=True, compare=False)

    def slot(self, kind: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    def with_slot(self, new: Slot) -> KeyFile:
        """A next generation with ``new`` in place of any slot of the same kind."""
        kept = tuple(s for s in self.slots if s.kind != new.kind)
        return KeyFile(self.casebook_id, self.generation + 1, (*kept, new))

    def without_slot(self, kind: str) -> KeyFile:
        kept = tuple(s for s in self.slots if s.kind != kind)
        return KeyFile(self.casebook_id, self.generation + 1, kept)

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT,
            "casebook_id": self.casebook_id,
            "generation": self.generation,
            "slots": [
                {
                    "kind": s.kind,
                    "kdf": s.kdf,
                    "nonce": _b64(s.nonce),
                    "wrapped": _b64(s.wrapped),
                }
                for s in self.slots
            ],
        }
        return seal(body)


def seal(content: dict[str, Any]) -> bytes:
    """A key file's bytes: ``content`` (the fields without the check) and its check."""
    body = {**content, CHECK_FIELD: _check_of(content)}
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")


def parse_key_file(raw: bytes, what: str = "The key file") -> KeyFile:
    """Read a key file strictly; anything unexpected is damage, reported without detail.

    ``what`` names the file in messages (which copy, where it matters).
    """
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFileDamaged(f"{what} is far larger than a key file can be; it is damaged.")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise KeyFileDamaged(f"{what} is damaged (it is not readable JSON).") from exc
    if not isinstance(body, dict):
        raise KeyFileDamaged(f"{what} is damaged (unexpected content).")
    if body.get("format") != FORMAT:
        fmt = body.get("format")
        if isinstance(fmt, str) and fmt.startswith("parley.key/"):
            raise KeyFileDamaged(
                f"{what} is of a version this Parley does not know ({fmt[:40]}); "
                "a newer Parley may be needed."
            )
        raise KeyFileDamaged(f"{what} is damaged (unknown format).")
    checked = _verify_check(body, what)
    try:
        casebook_id = body["casebook_id"]
        generation = body["generation"]
        slots = tuple(_parse_slot(s) for s in body["slots"])
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise KeyFileDamaged(f"{what} is damaged (a field is missing or malformed).") from exc
    if not isinstance(casebook_id, str) or not casebook_id or len(casebook_id) > 64:
        raise KeyFileDamaged(f"{what} is damaged (bad casebook id).")
    if not isinstance(generation, int) or isinstance(generation, bool) or generation < 1:
        raise KeyFileDamaged(f"{what} is damaged (bad generation).")
    if len({s.kind for s in slots}) != len(slots):
        raise KeyFileDamaged(f"{what} is damaged (a slot appears twice).")
    return KeyFile(casebook_id, generation, slots, checked)


def _verify_check(body: dict[str, Any], what: str) -> bool:
    """Whether the file carries a check (it must then match); any stray field is damage.

    Fields are exact, so that a byte changed in the check's own name is damage too rather
    than a file that merely looks as if it was written before checks existed.
    """
    if set(body) - {CHECK_FIELD} != FIELDS:
        raise KeyFileDamaged(f"{what} is damaged (a field is missing or unknown).")
    if CHECK_FIELD not in body:
        return False
    content = {k: v for k, v in body.items() if k != CHECK_FIELD}
    if body[CHECK_FIELD] != _check_of(content):
        raise KeyFileDamaged(
            f"{what} is damaged: part of it has changed since Parley wrote it (its check no "
            "longer matches; a failing disk, an interrupted copy or an edit)."
        )
    return True


def _check_of(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return CHECK_PREFIX + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _parse_slot(raw: Any) -> Slot:
    if not isinstance(raw, dict) or set(raw) != {"kind", "kdf", "nonce", "wrapped"}:
        raise ValueError("slot shape")
    kind, kdf = raw["kind"], raw["kdf"]
    if kind not in SLOT_KINDS or not isinstance(kdf, dict):
        raise ValueError("slot kind")
    nonce, wrapped = _unb64(raw["nonce"]), _unb64(raw["wrapped"])
    if len(nonce) != 12 or len(wrapped) != DATA_KEY_BYTES + 16:
        raise ValueError("slot sizes")
    return Slot(kind, kdf, nonce, wrapped)


# --- deriving and wrapping ---------------------------------------------------------------


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_casebook_id() -> str:
    return secrets.token_hex(16)


def derive_from_passphrase(passphrase: str, params: Argon2Params) -> bytes:
    """Argon2id; the passphrase is NFC-normalised so the same words typed on any OS match."""
    params.check_strength()
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    try:
        kdf = Argon2id(
            salt=params.salt,
            length=32,
            iterations=params.iterations,
            lanes=params.parallelism,
            memory_cost=params.memory_kib,
        )
    except UnsupportedAlgorithm as exc:  # cryptography built against an OpenSSL without it
        raise UnsupportedPlatform(
            "The encryption library on this machine cannot derive keys with Argon2id, so "
            "the casebook cannot be opened; install Parley's own build of cryptography."
        ) from exc
    return kdf.derive(secret)


def derive_from_recovery_key(recovery_key: bytes, salt: bytes) -> bytes:
    # The recovery key is 160 random bits, so it needs no stretching: HKDF suffices.
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"parley recovery slot"
    ).derive(recovery_key)


def derive_from_keychain_secret(secret: bytes, salt: bytes) -> bytes:
    # Like the recovery key, the keychain secret is 256 random bits: HKDF suffices. The
    # info string differs so that one secret can never open the other kind of slot.
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"parley keychain slot"
    ).derive(secret)


def wrap(
    data_key: bytes, wrapping_key: bytes, casebook_id: str, kind: str, kdf: dict[str, Any]
) -> Slot:
    nonce = secrets.token_bytes(12)
    ad = _associated_data(casebook_id, kind, kdf)
    return Slot(kind, kdf, nonce, AESGCM(wrapping_key).encrypt(nonce, data_key, ad))


def unwrap(slot: Slot, wrapping_key: bytes, casebook_id: str) -> bytes | None:
    """The data key, or ``None`` when the secret is wrong or the slot was altered."""
    ad = _associated_data(casebook_id, slot.kind, slot.kdf)
    try:
        return AESGCM(wrapping_key).decrypt(slot.nonce, slot.wrapped, ad)
    except InvalidTag:
        return None


def passphrase_slot(
    data_key: bytes, passphrase: str, casebook_id: str, params: Argon2Params
) -> Slot:
    kek = derive_from_passphrase(passphrase, params)
    return wrap(data_key, kek, casebook_id, "passphrase", params.as_json())


def recovery_slot(data_key: bytes, recovery_key: bytes, casebook_id: str) -> Slot:
    salt = secrets.token_bytes(16)
    kdf = {"name": "hkdf-sha256", "salt": _b64(salt)}
    return wrap(
        data_key, derive_from_recovery_key(recovery_key, salt), casebook_id, "recovery", kdf
    )


def keychain_slot(data_key: bytes, secret: bytes, casebook_id: str, backend: str) -> Slot:
    """A slot opened by a secret kept in the OS keychain.

    ``backend`` names the keychain it was stored in; being part of the associated data, it
    cannot be edited, and a casebook moved to a computer with another keychain says so.
    """
    salt = secrets.token_bytes(16)
    kdf = {"name": "hkdf-sha256", "salt": _b64(salt), "backend": backend}
    return wrap(data_key, derive_from_keychain_secret(secret, salt), casebook_id, "keychain", kdf)


def keychain_params_of(slot: Slot) -> tuple[bytes, str]:
    """The salt and the backend name of a keychain slot."""
    try:
        if slot.kdf["name"] != "hkdf-sha256" or set(slot.kdf) != {"name", "salt", "backend"}:
            raise ValueError
        salt, backend = _unb64(slot.kdf["salt"]), slot.kdf["backend"]
        if not isinstance(backend, str) or len(salt) < 16:
            raise ValueError
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise KeyFileDamaged("The key file's keychain slot is damaged.") from exc
    return salt, backend


def argon2_params_of(slot: Slot) -> Argon2Params:
    kdf = slot.kdf
    try:
        if kdf["name"] != "argon2id" or set(kdf) != {
            "name",
            "memory_kib",
            "iterations",
            "parallelism",
            "salt",
        }:
            raise ValueError
        values = (kdf["memory_kib"], kdf["iterations"], kdf["parallelism"])
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError
        return Argon2Params(*values, salt=_unb64(kdf["salt"]))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise KeyFileDamaged("The key file's passphrase slot is damaged.") from exc


def recovery_salt_of(slot: Slot) -> bytes:
    try:
        if slot.kdf["name"] != "hkdf-sha256" or set(slot.kdf) != {"name", "salt"}:
            raise ValueError
        salt = _unb64(slot.kdf["salt"])
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise KeyFileDamaged("The key file's recovery slot is damaged.") from exc
    if len(salt) < 16:
        raise KeyFileDamaged("The key file's recovery slot is damaged.")
    return salt


def calibrate_argon2(target_seconds: float = 0.7, parallelism: int = 2) -> Argon2Params:
    """Parameters that take about ``target_seconds`` here (0.5-1 s), never below the floor.

    Memory stays at the floor (64 MiB, kind to small laptops); the number of passes grows
    until one derivation lands in the target.
    """
    salt = secrets.token_bytes(16)
    probe = Argon2Params(MIN_MEMORY_KIB, MIN_ITERATIONS, parallelism, salt)
    derive_from_passphrase("calibration", probe)  # warm up the allocator once
    start = time.perf_counter()
    derive_from_passphrase("calibration", probe)
    elapsed = max(time.perf_counter() - start, 1e-3)
    per_pass = elapsed / MIN_ITERATIONS
    iterations = max(MIN_ITERATIONS, min(MAX_ITERATIONS, round(target_seconds / per_pass)))
    return Argon2Params(MIN_MEMORY_KIB, iterations, parallelism, secrets.token_bytes(16))


# --- recovery keys -------------------------------------------------------------------------

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Characters people misread when copying a key from paper.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_recovery_key() -> bytes:
    return secrets.token_bytes(RECOVERY_KEY_BYTES)


def format_recovery_key(key: bytes) -> str:
    """Eight groups of four letters and digits, easy to write down and read back."""
    text = base64.b32encode(key).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes | None:
    """Read a recovery key as typed (any case, spaces or dashes); ``None`` if malformed."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != 32 or any(ch not in _B32 for ch in cleaned):
        return None
    return base64.b32decode(cleaned)


# --- helpers -----------------------------------------------------------------------------


def _associated_data(casebook_id: str, kind: str, kdf: dict[str, Any]) -> bytes:
    bound = {"format": FORMAT, "casebook_id": casebook_id, "kind": kind, "kdf": kdf}
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)
