"""The OS keychain, for "unlock with this computer's account" (opt-in, off by default).

The keychain holds one random 256-bit secret per casebook (service ``Parley``, user name the
casebook id); the key file's ``keychain`` slot wraps the data key under a key derived from
it. The keychain is a cache, never the only copy of a key: the passphrase and recovery
slots stay, and every keychain failure is a :class:`KeychainUnavailable`, which callers
answer by asking for the passphrase.

Only real OS keychains are accepted. ``keyring`` would happily fall back to its ``fail`` or
``null`` backends, or to a plaintext file (keyrings.alt); a secret kept in any of those is
no protection at all, so the allow-list below names exact classes, not base classes.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from app.errors import ParleyError

SERVICE = "Parley"
SECRET_BYTES = 32
_PREFIX = "parley-keychain/1:"

#: (module, class) of the OS keychains Parley trusts, with the name a person knows them by.
REAL_BACKENDS: dict[tuple[str, str], str] = {
    ("keyring.backends.SecretService", "Keyring"): "Secret Service (GNOME Keyring)",
    ("keyring.backends.kwallet", "DBusKeyring"): "KWallet",
    ("keyring.backends.kwallet", "DBusKeyringKWallet4"): "KWallet",
    ("keyring.backends.Windows", "WinVaultKeyring"): "Windows Credential Locker",
    ("keyring.backends.macOS", "Keyring"): "macOS Keychain",
}
_CHAINER = ("keyring.backends.chainer", "ChainerBackend")


class KeychainUnavailable(ParleyError):
    """The keychain cannot unlock this casebook now; ask for the passphrase instead.

    Deliberately not a :class:`~app.errors.CannotUnlock`: nothing here says the person is
    not who they claim, only that the shortcut is closed.
    """


def backend_id(backend: object) -> str:
    """A backend's identity as stored in the keychain slot: ``module.Class``."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def backend_label(identity: str) -> str:
    """The name a person knows a keychain by."""
    module, _, name = identity.rpartition(".")
    return REAL_BACKENDS.get((module, name), identity)


def is_real_os_backend(backend: object) -> bool:
    """True for an exact class on the allow-list (a subclass could store anything anywhere)."""
    cls = type(backend)
    return (cls.__module__, cls.__qualname__) in REAL_BACKENDS


class Keychain:
    """The computer's keychain, checked to be a real one before any secret goes near it.

    ``backend`` defaults to ``keyring.get_keyring()``. ``also_trust`` lets a test admit its
    own in-memory backend class; the production allow-list never changes.
    """

    def __init__(self, backend: Any | None = None, *, also_trust: tuple[type, ...] = ()) -> None:
        self._given = backend
        self._also_trust = also_trust

    def backend(self) -> Any:
        """The trusted backend to use, or :class:`KeychainUnavailable` saying why there is none."""
        chosen = self._given
        if chosen is None:
            try:
                import keyring

                chosen = keyring.get_keyring()
            except Exception as exc:  # keyring's discovery can fail in many ways
                raise KeychainUnavailable(
                    f"This computer's keychain could not be found ({type(exc).__name__})."
                ) from exc
        cls = type(chosen)
        if (cls.__module__, cls.__qualname__) == _CHAINER:
            # A chain writes to the first backend that accepts: pick the real one ourselves.
            candidates = list(getattr(chosen, "backends", []))
        else:
            candidates = [chosen]
        for candidate in candidates:
            if is_real_os_backend(candidate) or isinstance(candidate, self._also_trust):
                return candidate
        raise KeychainUnavailable(
            "There is no usable keychain on this computer (found: "
            f"{backend_label(backend_id(chosen))}). Parley only uses the system keychain "
            "(Windows Credential Locker, macOS Keychain, GNOME Keyring or KWallet)."
        )

    def identity(self) -> str:
        return backend_id(self.backend())

    def store(self, casebook_id: str, secret: bytes) -> None:
        """Keep ``secret`` for this casebook, replacing any earlier one."""
        value = _PREFIX + base64.b64encode(secret).decode("ascii")
        self._call("store the secret in", "set_password", SERVICE, casebook_id, value)

    def load(self, casebook_id: str) -> bytes:
        """This casebook's secret; missing or unreadable values are :class:`KeychainUnavailable`."""
        value = self._call("read", "get_password", SERVICE, casebook_id)
        if value is None:
            raise KeychainUnavailable(
                "The keychain holds no entry for this casebook (it was removed, or this is "
                "another computer)."
            )
        if not isinstance(value, str) or not value.startswith(_PREFIX):
            raise KeychainUnavailable("The keychain's entry for this casebook is unreadable.")
        try:
            secret = base64.b64decode(value[len(_PREFIX) :], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise KeychainUnavailable(
                "The keychain's entry for this casebook is unreadable."
            ) from exc
        if len(secret) != SECRET_BYTES:
            raise KeychainUnavailable("The keychain's entry for this casebook is unreadable.")
        return secret

    def delete(self, casebook_id: str) -> bool:
        """Remove this casebook's entry; ``False`` if there was none."""
        if self._call("read", "get_password", SERVICE, casebook_id) is None:
            return False
        self._call("delete the entry from", "delete_password", SERVICE, casebook_id)
        return True

    def _call(self, doing: str, method: str, *args: str) -> Any:
        backend = self.backend()
        try:
            return getattr(backend, method)(*args)
        except Exception as exc:  # D-Bus, COM and Keychain Services errors all land here
            locked = type(exc).__name__ == "KeyringLocked"
            reason = "it is locked" if locked else f"{type(exc).__name__}"
            raise KeychainUnavailable(
                f"Parley could not {doing} the keychain ({reason}); use the passphrase."
            ) from exc


def default_keychain() -> Keychain:
    """The keychain the command line and the interface use (tests replace this)."""
    return Keychain()
