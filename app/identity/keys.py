"""A book's identity: its key pairs, their fingerprint, sealing to a book and signing as one.

Every book has two key pairs, made with it (docs/ARCHITECTURE.md, "Books and roles"):

- for sealing files to it: hybrid post-quantum HPKE (RFC 9180) with the KEM
  MLKEM768_X25519, HKDF_SHA256 and AES_256_GCM. Health records must stay confidential for
  decades, so the post-quantum hybrid is chosen on purpose and there is no weaker fallback:
  a ``cryptography`` without ML-KEM fails here, loudly;
- for signing what it sends: Ed25519.

The private halves are kept only in the book's encrypted database (``identity_keys``).
The fingerprint is SHA-256 over both public keys, its first 200 bits written as 40 base32
characters in ten groups of four: short enough to read aloud over the phone, long enough
that no one can make a second key with the same fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature, InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, mlkem, x25519

from app.errors import CasebookDamaged, ParleyError, UnsupportedPlatform
from app.storage.database import Connection, transaction
from app.storage.rows import columns

SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)

MLKEM_SEED_BYTES = 64
MLKEM_PUBLIC_BYTES = 1184
X25519_BYTES = 32
ED25519_BYTES = 32
ENCRYPTION_PUBLIC_BYTES = MLKEM_PUBLIC_BYTES + X25519_BYTES
ENCRYPTION_PRIVATE_BYTES = MLKEM_SEED_BYTES + X25519_BYTES
FINGERPRINT_BYTES = 25  # 200 bits: 40 base32 characters, no padding
FINGERPRINT_CHARS = 40
_FINGERPRINT_LABEL = b"parley fingerprint/1\x00"
_SIGNATURE_BYTES = 64


class BadKey(ParleyError):
    """Public key bytes that are not a key of the expected kind."""


def fingerprint_of(encryption_public: bytes, signing_public: bytes) -> str:
    """The fingerprint of a pair of public keys: 40 base32 characters, no spaces."""
    digest = hashlib.sha256(
        _FINGERPRINT_LABEL
        + struct.pack(">I", len(encryption_public))
        + encryption_public
        + signing_public
    ).digest()
    return base64.b32encode(digest[:FINGERPRINT_BYTES]).decode("ascii")


def format_fingerprint(fingerprint: str) -> str:
    """``ABCD EFGH …``: ten groups of four, as people read it to each other."""
    plain = normalise_fingerprint(fingerprint)
    return " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed, compared ignoring spaces, hyphens and case."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "-").upper()


def fingerprint_bytes(fingerprint: str) -> bytes:
    """The 25 bytes a fingerprint stands for (as written outside a sealed file's seal)."""
    try:
        raw = base64.b32decode(normalise_fingerprint(fingerprint))
    except ValueError as exc:
        raise ValueError("not a fingerprint") from exc
    if len(raw) != FINGERPRINT_BYTES:
        raise ValueError("not a fingerprint")
    return raw


def fingerprint_from_bytes(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii")


@dataclass(frozen=True)
class PublicKeys:
    """What a book's contact card carries: the two public keys."""

    encryption: bytes  # ML-KEM-768 public key, then X25519 public key
    signing: bytes  # Ed25519 public key

    def __post_init__(self) -> None:
        if len(self.encryption) != ENCRYPTION_PUBLIC_BYTES or len(self.signing) != ED25519_BYTES:
            raise BadKey("The public keys are not of the size Parley uses.")

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.encryption, self.signing)

    def hpke_key(self) -> hpke.MLKEM768X25519PublicKey:
        try:
            return hpke.MLKEM768X25519PublicKey(
                mlkem.MLKEM768PublicKey.from_public_bytes(self.encryption[:MLKEM_PUBLIC_BYTES]),
                x25519.X25519PublicKey.from_public_bytes(self.encryption[MLKEM_PUBLIC_BYTES:]),
            )
        except ValueError as exc:
            raise BadKey("The encryption key is not a valid ML-KEM-768 and X25519 key.") from exc

    def verify(self, signature: bytes, message: bytes) -> bool:
        """Whether ``signature`` is this book's Ed25519 signature over ``message``."""
        if len(signature) != _SIGNATURE_BYTES:
            return False
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(self.signing).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def seal(self, plaintext: bytes, info: bytes) -> bytes:
        """HPKE single-shot encryption to this book, ``info`` bound into the key schedule."""
        return SUITE.encrypt(plaintext, self.hpke_key(), info=info)


@dataclass(frozen=True)
class Identity:
    """A book's own key pairs. Lives only while the book is unlocked."""

    public: PublicKeys
    encryption_private: bytes  # ML-KEM-768 seed (64 bytes), then the X25519 private key
    signing_private: bytes

    def __repr__(self) -> str:  # never print a private key by accident
        return f"Identity(fingerprint={self.public.fingerprint!r})"

    def sign(self, message: bytes) -> bytes:
        return ed25519.Ed25519PrivateKey.from_private_bytes(self.signing_private).sign(message)

    def open(self, sealed: bytes, info: bytes) -> bytes | None:
        """The plaintext of ``sealed``, or ``None`` if it was not sealed to this book with
        this ``info``, or has been altered."""
        private = hpke.MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(self.encryption_private[:MLKEM_SEED_BYTES]),
            x25519.X25519PrivateKey.from_private_bytes(self.encryption_private[MLKEM_SEED_BYTES:]),
        )
        try:
            return SUITE.decrypt(sealed, private, info=info)
        except (InvalidTag, ValueError):
            return None


def new_identity() -> Identity:
    """Fresh key pairs from the operating system's random source."""
    try:
        kem = mlkem.MLKEM768PrivateKey.generate()
    except UnsupportedAlgorithm as exc:
        raise UnsupportedPlatform(
            "The encryption library on this computer cannot do post-quantum (ML-KEM) "
            "encryption, which Parley needs for sealed files; install Parley from its "
            "installer, or cryptography 48 or newer built with ML-KEM."
        ) from exc
    dh = x25519.X25519PrivateKey.generate()
    signing = ed25519.Ed25519PrivateKey.generate()
    public = PublicKeys(
        kem.public_key().public_bytes_raw() + dh.public_key().public_bytes_raw(),
        signing.public_key().public_bytes_raw(),
    )
    return Identity(
        public,
        kem.private_bytes_raw() + dh.private_bytes_raw(),
        signing.private_bytes_raw(),
    )


class IdentityStore:
    """The book's own keys, read from (and, once, written to) its encrypted database."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._cached: Identity | None = None

    def ensure(self) -> bool:
        """Make the book's key pairs if it has none yet (a new book, or one from before
        identities); True when they were made now."""
        # Asked first without a write transaction: every unlock asks, and almost always
        # the keys are there.
        if self._conn.execute("SELECT 1 FROM identity_keys").fetchone():
            return False
        with transaction(self._conn):
            if self._conn.execute("SELECT 1 FROM identity_keys").fetchone():
                return False  # made meanwhile by another program holding the book
            made = new_identity()
            self._conn.execute(
                "INSERT INTO identity_keys (id, encryption_private, encryption_public, "
                "signing_private, signing_public, made_at) VALUES (1, ?, ?, ?, ?, ?)",
                (
                    made.encryption_private,
                    made.public.encryption,
                    made.signing_private,
                    made.public.signing,
                    datetime.now().isoformat(timespec="seconds"),
                ),
            )
        return True

    def get(self) -> Identity:
        """This book's key pairs."""
        if self._cached is None:
            cursor = self._conn.execute(
                "SELECT encryption_private, encryption_public, signing_private, signing_public "
                "FROM identity_keys"
            )
            row = cursor.fetchone()
            if row is None:
                raise CasebookDamaged("The book's own keys are missing; it is damaged.")
            at = columns(cursor)
            try:
                public = PublicKeys(
                    encryption=bytes(row[at["encryption_public"]]),
                    signing=bytes(row[at["signing_public"]]),
                )
            except BadKey as exc:
                raise CasebookDamaged("The book's own keys are damaged.") from exc
            if len(row[at["encryption_private"]]) != ENCRYPTION_PRIVATE_BYTES:
                raise CasebookDamaged("The book's own keys are damaged.")
            self._cached = Identity(
                public=public,
                encryption_private=bytes(row[at["encryption_private"]]),
                signing_private=bytes(row[at["signing_private"]]),
            )
        return self._cached

    @property
    def fingerprint(self) -> str:
        return self.get().public.fingerprint

    def forget(self) -> None:
        """Drop the cached keys (the book is being locked)."""
        self._cached = None
