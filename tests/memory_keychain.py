"""A keychain in a dict, for tests: admitted only through a test's own injection point
(``Keychain(..., also_trust=(MemoryKeyring,))``), never on the production allow-list, so no
test reaches the user's real keyring."""

from __future__ import annotations

from keyring.backend import KeyringBackend

from app.books.keychain import Keychain


class MemoryKeyring(KeyringBackend):
    """A keychain in a dict. ``fail_with`` makes every use raise (a locked keychain)."""

    priority = 0.01  # type: ignore[assignment]  # never chosen by keyring's own discovery

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.fail_with: Exception | None = None

    def get_password(self, service: str, username: str) -> str | None:
        if self.fail_with is not None:
            raise self.fail_with
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.entries[(service, username)]


def memory_chain(backend: MemoryKeyring | None = None) -> Keychain:
    return Keychain(backend or MemoryKeyring(), also_trust=(MemoryKeyring,))
