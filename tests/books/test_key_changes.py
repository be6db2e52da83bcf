"""Changing the ways into an open book: the passphrase, and a new recovery key.

What a mediator relies on: after a change the retired secret opens nothing Parley keeps
(neither copy of the key file), the other ways in still work, a wrong passphrase or a weak
new one changes nothing, keychain unlock keeps working, and a new recovery key is not in use
until it has been shown (a lock in between leaves the old one working).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from app.books import key_changes, keyfile, vault
from app.books.apart import apart
from app.books.casebook import Casebook
from app.books.files import KEY_BACKUP_NAME, KEY_NAME
from app.errors import CannotUnlock, WeakPassphrase, WrongPassphrase, WrongRecoveryKey
from app.storage import atomic

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import snapshot
from memory_keychain import MemoryKeyring, memory_chain

NEW = "amber meadow violin 1987"


@pytest.fixture(autouse=True)
def remembered_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id is deterministic; remembering results keeps the many unlocks here quick."""
    monkeypatch.setattr(keyfile, "derive_from_passphrase", _remembered)


_remembered = functools.lru_cache(32)(keyfile.derive_from_passphrase)


def copies(folder: Path) -> list[keyfile.KeyFile]:
    """Both copies of the key file, as written."""
    return [keyfile.parse_key_file((folder / n).read_bytes()) for n in (KEY_NAME, KEY_BACKUP_NAME)]


def opens_with_passphrase(keys: keyfile.KeyFile, passphrase: str) -> bool:
    try:
        vault.data_key_from_passphrase(keys, passphrase)
    except CannotUnlock:
        return False
    return True


def opens_with_recovery_key(keys: keyfile.KeyFile, recovery_key: str) -> bool:
    try:
        vault.data_key_from_recovery_key(keys, recovery_key)
    except CannotUnlock:
        return False
    return True


# --- the passphrase ------------------------------------------------------------------------


def test_after_a_change_the_old_passphrase_is_dead_and_the_others_open(
    casebook: Casebook, casebook_folder: Path, template_recovery_key: str
) -> None:
    key_changes.change_passphrase_apart(apart(casebook), PASSPHRASE, NEW, kdf=FLOOR_KDF)
    for keys in copies(casebook_folder):
        assert not opens_with_passphrase(keys, PASSPHRASE)
        assert opens_with_passphrase(keys, NEW)
        assert opens_with_recovery_key(keys, template_recovery_key)
    casebook.close()
    with pytest.raises(WrongPassphrase):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    with vault.open_with_passphrase(casebook_folder, NEW) as reopened:
        assert "passphrase changed" in [e.action for e in reopened.audit.entries()]
    vault.open_with_recovery_key(casebook_folder, template_recovery_key).close()


def test_a_wrong_current_passphrase_changes_nothing(
    casebook: Casebook, casebook_folder: Path
) -> None:
    before = snapshot(casebook_folder)
    with pytest.raises(WrongPassphrase):
        key_changes.change_passphrase_apart(apart(casebook), "not my passphrase", NEW)
    casebook.close()  # the database's own files settle; the key files are compared
    after = snapshot(casebook_folder)
    assert {n: after[n] for n in (KEY_NAME, KEY_BACKUP_NAME)} == {
        n: before[n] for n in (KEY_NAME, KEY_BACKUP_NAME)
    }
    vault.open_with_passphrase(casebook_folder, PASSPHRASE).close()


def test_a_weak_new_passphrase_is_refused_before_any_key_is_derived(
    casebook: Casebook, casebook_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived: list[str] = []
    monkeypatch.setattr(
        keyfile, "derive_from_passphrase", lambda p, params: derived.append(p) or b""
    )
    before = (casebook_folder / KEY_NAME).read_bytes()
    with pytest.raises(WeakPassphrase):
        key_changes.change_passphrase_apart(apart(casebook), PASSPHRASE, "short")
    assert derived == []
    assert (casebook_folder / KEY_NAME).read_bytes() == before


def test_keychain_unlock_keeps_working_and_the_keychain_is_untouched(
    casebook: Casebook, casebook_folder: Path
) -> None:
    backend = MemoryKeyring()
    vault.enable_keychain(casebook, memory_chain(backend))
    stored = dict(backend.entries)
    key_changes.change_passphrase_apart(apart(casebook), PASSPHRASE, NEW, kdf=FLOOR_KDF)
    assert backend.entries == stored
    assert vault.unlock_with_keychain(casebook_folder, memory_chain(backend)).data_key == (
        casebook.data_key
    )
    assert all(keys.slot("keychain") is not None for keys in copies(casebook_folder))


# --- a new recovery key --------------------------------------------------------------------


def test_a_new_recovery_key_retires_the_old_one(
    casebook: Casebook, casebook_folder: Path, template_recovery_key: str
) -> None:
    new = key_changes.prepare_recovery_key(apart(casebook), PASSPHRASE)
    assert new.shown != template_recovery_key
    assert keyfile.parse_recovery_key(new.shown) is not None
    assert new.shown not in repr(new)
    # Made, not yet in use: the old key still opens both copies.
    for keys in copies(casebook_folder):
        assert opens_with_recovery_key(keys, template_recovery_key)
        assert not opens_with_recovery_key(keys, new.shown)

    key_changes.put_recovery_key_in_place_apart(apart(casebook), new)
    for keys in copies(casebook_folder):
        assert not opens_with_recovery_key(keys, template_recovery_key)
        assert opens_with_recovery_key(keys, new.shown)
        assert opens_with_passphrase(keys, PASSPHRASE)
    casebook.close()
    with pytest.raises(WrongRecoveryKey):
        vault.open_with_recovery_key(casebook_folder, template_recovery_key)
    with vault.open_with_recovery_key(casebook_folder, new.shown) as reopened:
        entries = reopened.audit.entries()
        assert key_changes.RECOVERY_KEY_REPLACED in [e.action for e in entries]
        assert not any(new.shown in (e.detail + e.action) for e in entries)


def test_each_new_recovery_key_is_different(casebook: Casebook) -> None:
    made = {key_changes.prepare_recovery_key(apart(casebook), PASSPHRASE).shown for _ in "abc"}
    assert len(made) == 3


def test_a_wrong_passphrase_makes_no_recovery_key(
    casebook: Casebook, casebook_folder: Path
) -> None:
    before = (casebook_folder / KEY_NAME).read_bytes()
    with pytest.raises(WrongPassphrase):
        key_changes.prepare_recovery_key(apart(casebook), "not my passphrase")
    assert (casebook_folder / KEY_NAME).read_bytes() == before


def test_putting_it_in_place_keeps_a_keychain_turned_on_meanwhile(
    casebook: Casebook, casebook_folder: Path
) -> None:
    new = key_changes.prepare_recovery_key(apart(casebook), PASSPHRASE)
    backend = MemoryKeyring()
    vault.enable_keychain(casebook, memory_chain(backend))
    key_changes.put_recovery_key_in_place(casebook, new)
    assert vault.unlock_with_keychain(casebook_folder, memory_chain(backend)).data_key == (
        casebook.data_key
    )


def test_the_command_lines_way_replaces_it_at_once(
    casebook: Casebook, casebook_folder: Path, template_recovery_key: str
) -> None:
    shown = key_changes.replace_recovery_key(casebook)
    for keys in copies(casebook_folder):
        assert opens_with_recovery_key(keys, shown)
        assert not opens_with_recovery_key(keys, template_recovery_key)


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing handles it on the way."""


@pytest.mark.parametrize("failing_call", [1, 2])
def test_a_crash_while_writing_leaves_the_old_or_the_new_key_working(
    casebook: Casebook,
    casebook_folder: Path,
    template_recovery_key: str,
    monkeypatch: pytest.MonkeyPatch,
    failing_call: int,
) -> None:
    """Each copy is replaced atomically (``os.replace``); dying at either rename leaves a
    casebook that one of the two keys opens, and the passphrase always."""
    new = key_changes.prepare_recovery_key(apart(casebook), PASSPHRASE)
    real, calls = atomic.os.replace, []

    def replace(*args: object) -> None:
        calls.append(args)
        if len(calls) == failing_call:
            raise Crash()
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(Crash):
        key_changes.put_recovery_key_in_place(casebook, new)
    monkeypatch.undo()
    casebook.close()
    opened = []
    for key in (template_recovery_key, new.shown):
        try:
            vault.open_with_recovery_key(casebook_folder, key).close()
            opened.append(key)
        except WrongRecoveryKey:
            pass
    assert len(opened) == 1
    vault.open_with_passphrase(casebook_folder, PASSPHRASE).close()
