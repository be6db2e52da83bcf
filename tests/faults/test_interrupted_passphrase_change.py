"""A passphrase change interrupted at every step: the old or the new passphrase opens it.

The change is two atomic writes (the new key file as the spare copy ``casebook.key.bak``
first, then as ``casebook.key``), each of which is: temp file, write, fsync, rename, folder
fsync. A crash is simulated at each of those points by making the step raise; torn files, as
a crash on a file system without atomic rename could leave them, are written by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from app.books import key_files, keyfile, vault
from app.errors import CannotUnlock, ParleyError
from app.storage import atomic

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import snapshot

NEW = "amber meadow violin 1987"


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing handles it on the way."""


@pytest.fixture(autouse=True)
def memoised_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # Argon2id is deterministic; remembering results keeps dozens of unlocks quick.
    real = keyfile.derive_from_passphrase
    monkeypatch.setattr(keyfile, "derive_from_passphrase", functools.lru_cache(256)(real))


def opens_with(folder: Path) -> set[str]:
    """Which of the two passphrases open the casebook now."""
    which = set()
    for label, passphrase in (("old", PASSPHRASE), ("new", NEW)):
        try:
            vault.unlock_with_passphrase(folder, passphrase)
        except CannotUnlock:
            continue
        which.add(label)
    return which


def fail_on_call(target: object, name: str, call: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``target.name`` raise Crash on its ``call``-th use (1-based)."""
    real = getattr(target, name)
    count = {"n": 0}

    def wrapper(*args: object, **kwargs: object) -> object:
        count["n"] += 1
        if count["n"] == call:
            raise Crash(f"{name} call {call}")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


# (where it stops, how, which passphrase must open afterwards)
Crasher = Callable[[pytest.MonkeyPatch, vault.Casebook], None]


def audit_dies(m: pytest.MonkeyPatch, casebook: vault.Casebook) -> None:
    def record(*args: object, **kwargs: object) -> None:
        raise Crash("audit")

    m.setattr(casebook.audit, "record", record)


STEPS: list[tuple[str, Crasher, str]] = [
    ("writing the .bak: temp file", lambda m, c: fail_on_call(atomic.tempfile, "mkstemp", 1, m),
     "old"),
    ("writing the .bak: fsync", lambda m, c: fail_on_call(atomic.os, "fsync", 1, m), "old"),
    ("writing the .bak: rename", lambda m, c: fail_on_call(atomic.os, "replace", 1, m), "old"),
    ("between the .bak and the new key file",
     lambda m, c: fail_on_call(key_files, "atomic_write_bytes", 2, m), "old"),
    ("writing the key file: temp file",
     lambda m, c: fail_on_call(atomic.tempfile, "mkstemp", 2, m), "old"),
    # os.fsync: 1 the .bak's data, 2 its folder, 3 the key file's data.
    ("writing the key file: fsync", lambda m, c: fail_on_call(atomic.os, "fsync", 3, m), "old"),
    ("writing the key file: rename", lambda m, c: fail_on_call(atomic.os, "replace", 2, m),
     "old"),
    ("after the rename, before the folder fsync",
     lambda m, c: fail_on_call(atomic, "fsync_folder", 2, m), "new"),
    ("after the key file, before the audit entry", audit_dies, "new"),
]  # fmt: skip


@pytest.mark.parametrize("where, crash, expected", STEPS, ids=[s[0] for s in STEPS])
def test_a_crash_at_each_step_leaves_one_passphrase_working(
    casebook_folder: Path, where: str, crash: Crasher, expected: str
) -> None:
    casebook = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    with pytest.MonkeyPatch.context() as m:
        crash(m, casebook)
        with pytest.raises(Crash):
            vault.change_passphrase(casebook, NEW, kdf=FLOOR_KDF)
    casebook.close()
    assert opens_with(casebook_folder) == {expected}, where
    # No stray temp file is mistaken for a key file, and the change can simply be retried.
    working = PASSPHRASE if expected == "old" else NEW
    with vault.open_with_passphrase(casebook_folder, working) as again:
        vault.change_passphrase(again, NEW, kdf=FLOOR_KDF)
    assert opens_with(casebook_folder) == {"new"}
    assert not list(casebook_folder.glob(".casebook.key*"))


def test_torn_files_fall_back_to_the_other_generation(casebook_folder: Path) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.change_passphrase(casebook, NEW, kdf=FLOOR_KDF)
    current = (casebook_folder / "casebook.key").read_bytes()
    previous = (casebook_folder / "casebook.key.bak").read_bytes()
    handled = 0
    assert previous == current  # the spare is a copy, written first
    for cut in (0, 1, len(current) // 3, len(current) // 2, len(current) - 2):
        # The new key file torn: its spare copy opens it, with the new passphrase only.
        (casebook_folder / "casebook.key").write_bytes(current[:cut])
        before = snapshot(casebook_folder)
        unlocked = vault.unlock_with_passphrase(casebook_folder, NEW)
        assert any("spare copy" in w for w in unlocked.warnings)
        assert opens_with(casebook_folder) == {"new"}
        assert snapshot(casebook_folder) == before
        handled += 1
    (casebook_folder / "casebook.key").write_bytes(current)
    for cut in (0, len(previous) // 2):
        # The backup torn: the current key file is untouched and opens with the new one.
        (casebook_folder / "casebook.key.bak").write_bytes(previous[:cut])
        assert opens_with(casebook_folder) == {"new"}
        handled += 1
    # Leftover temp files from a crash are never read as key files.
    (casebook_folder / ".casebook.key.abc123.tmp").write_bytes(current[:40])
    assert opens_with(casebook_folder) == {"new"}
    assert handled == 7


def test_a_change_made_through_the_spare_writes_both_copies(casebook_folder: Path) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.change_passphrase(casebook, NEW, kdf=FLOOR_KDF)
    (casebook_folder / "casebook.key").write_bytes(b"{ torn")
    # Opened through the spare and changed again: the torn file is never copied anywhere;
    # both copies are the new key file, and only the newest passphrase opens either.
    third = "sturdy copper kettle 2031"
    with vault.open_with_passphrase(casebook_folder, NEW) as casebook:
        vault.change_passphrase(casebook, third, kdf=FLOOR_KDF)
    current = (casebook_folder / "casebook.key").read_bytes()
    assert (casebook_folder / "casebook.key.bak").read_bytes() == current
    assert keyfile.parse_key_file(current).generation == 3
    assert opens_with(casebook_folder) == set()
    assert not vault.unlock_with_passphrase(casebook_folder, third).warnings


def test_a_read_only_key_file_folder_is_a_clear_error(
    casebook_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: object, **kwargs: object) -> object:
        raise OSError(30, "Read-only file system")

    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
        with pytest.raises(ParleyError, match="Read-only file system"):
            vault.change_passphrase(casebook, NEW, kdf=FLOOR_KDF)
    monkeypatch.undo()
    assert opens_with(casebook_folder) == {"old"}
