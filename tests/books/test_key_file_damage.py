"""Accidental damage to the key file is reported as damage, never as a wrong passphrase.

A key file can be damaged in a way that still reads as a key file (a byte flipped on a
failing disk or by a sync tool): inside the casebook's id, a slot's salt or nonce, or the
Argon2id settings. The slots' encryption stops such a file from opening, but that alone
cannot tell damage from a wrong passphrase, and a mediator told "that passphrase does not
open this casebook" starts doubting the passphrase. The key file carries a check over its
content, so damage is named as damage; the spare copy (``casebook.key.bak``) opens the
casebook instead, with a note; with no usable copy it is exit 8.
"""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import cli
from app.books import keyfile, vault
from app.books.keyfile import KeyFileDamaged
from app.errors import CannotUnlock, WrongPassphrase

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import snapshot

NEW = "amber meadow violin 1987"
KEY, SPARE = "casebook.key", "casebook.key.bak"


@pytest.fixture(autouse=True)
def memoised_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # Argon2id is deterministic; remembering results lets hundreds of damaged files be tried
    # through the real unlock path in seconds.
    monkeypatch.setattr(keyfile, "derive_from_passphrase", _remembered)


_remembered = functools.lru_cache(64)(keyfile.derive_from_passphrase)


def without_spare(folder: Path) -> Path:
    (folder / SPARE).unlink(missing_ok=True)
    return folder


def change_inside(raw: bytes, pattern: str, alphabet: str) -> bytes:
    """Change one character of the first match of ``pattern`` (group 1) to another one of
    ``alphabet``: the file stays valid JSON and reads as a key file."""
    text = raw.decode()
    match = re.search(pattern, text)
    assert match is not None, pattern
    at = match.start(1)
    old = text[at]
    new = next(c for c in alphabet if c != old)
    return (text[:at] + new + text[at + 1 :]).encode()


HEX = "0123456789abcdef"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
DAMAGE = {
    "casebook id": (r'"casebook_id": "([0-9a-f]+)"', HEX),
    "salt": (r'"salt": "([A-Za-z0-9+/]{8})', B64),
    "nonce": (r'"nonce": "([A-Za-z0-9+/]{8})', B64),
    "Argon2id memory": (r'"memory_kib": (\d+)', "789"),
    "Argon2id passes": (r'"iterations": (\d+)', "456"),
    "wrapped key": (r'"wrapped": "([A-Za-z0-9+/]{8})', B64),
}


@pytest.mark.parametrize("where", DAMAGE)
def test_damage_that_still_parses_is_damage_not_a_wrong_passphrase(
    casebook_folder: Path, where: str
) -> None:
    folder = without_spare(casebook_folder)
    key = folder / KEY
    pattern, alphabet = DAMAGE[where]
    key.write_bytes(change_inside(key.read_bytes(), pattern, alphabet))
    before = snapshot(folder)
    with pytest.raises(KeyFileDamaged) as raised:
        vault.unlock_with_passphrase(folder, PASSPHRASE)
    assert raised.value.exit_code == 8
    assert "casebook.key" in str(raised.value) and "damaged" in str(raised.value)
    assert "passphrase does not open" not in str(raised.value)
    assert snapshot(folder) == before


@pytest.mark.parametrize("where", DAMAGE)
def test_the_spare_copy_opens_it_with_a_note(casebook_folder: Path, where: str) -> None:
    key = casebook_folder / KEY
    assert (casebook_folder / SPARE).exists()  # every casebook has its spare copy
    pattern, alphabet = DAMAGE[where]
    key.write_bytes(change_inside(key.read_bytes(), pattern, alphabet))
    before = snapshot(casebook_folder)
    unlocked = vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    assert len(unlocked.data_key) == keyfile.DATA_KEY_BYTES
    assert any("spare copy (casebook.key.bak) was used" in w for w in unlocked.warnings)
    assert snapshot(casebook_folder) == before  # reported, never repaired


def test_both_copies_damaged_is_exit_8_from_every_command(casebook_folder: Path) -> None:
    for name in (KEY, SPARE):
        path = casebook_folder / name
        path.write_bytes(change_inside(path.read_bytes(), *DAMAGE["casebook id"]))
    for argv in (["verify"], ["backup", "--out", str(casebook_folder.parent / "b.parley")]):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            [*argv, "--vault", str(casebook_folder)],
            stdin=io.StringIO(PASSPHRASE + "\n"),
            stdout=out,
            stderr=err,
        )
        assert code == 8, (argv, out.getvalue(), err.getvalue())
        assert "damaged" in out.getvalue() + err.getvalue()
        assert "passphrase does not open" not in out.getvalue() + err.getvalue()


def one_byte_changed(raw: bytes, data: st.DataObject) -> bytes:
    index = data.draw(st.integers(0, len(raw) - 1), label="index")
    value = data.draw(st.integers(0, 255).filter(lambda v: v != raw[index]), label="byte")
    return raw[:index] + bytes([value]) + raw[index + 1 :]


SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.data())
def test_any_single_byte_change_opens_or_is_damage(
    casebook_folder: Path, data: st.DataObject
) -> None:
    folder = without_spare(casebook_folder)
    key = folder / KEY
    original = key.read_bytes()
    key.write_bytes(one_byte_changed(original, data))
    try:
        unlocked = vault.unlock_with_passphrase(folder, PASSPHRASE)
    except KeyFileDamaged as exc:
        assert exc.exit_code == 8
    else:
        assert not unlocked.warnings and len(unlocked.data_key) == keyfile.DATA_KEY_BYTES
    finally:
        key.write_bytes(original)


@SETTINGS
@given(data=st.data())
def test_with_the_spare_any_single_byte_change_still_opens(
    casebook_folder: Path, data: st.DataObject
) -> None:
    key = casebook_folder / KEY
    original = key.read_bytes()
    damaged = one_byte_changed(original, data)
    key.write_bytes(damaged)
    try:
        unlocked = vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
        try:
            keyfile.parse_key_file(damaged)
        except KeyFileDamaged:
            assert unlocked.warnings  # damage found: the spare opened it, and said so
        else:
            assert not unlocked.warnings  # spacing only: the content is the same
    finally:
        key.write_bytes(original)


def opening(folder: Path, passphrase: str) -> set[str]:
    """Which key files on disk hold a slot that this passphrase opens."""
    found = set()
    for name in (KEY, SPARE):
        try:
            keys = keyfile.parse_key_file((folder / name).read_bytes())
            vault.data_key_from_passphrase(keys, passphrase)
        except (CannotUnlock, KeyFileDamaged, FileNotFoundError):
            continue
        found.add(name)
    return found


def test_after_a_change_the_old_passphrase_opens_nothing(casebook_folder: Path) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.change_passphrase(casebook, NEW, kdf=FLOOR_KDF)
    assert opening(casebook_folder, PASSPHRASE) == set()
    assert opening(casebook_folder, NEW) == {KEY, SPARE}
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    # Damage to the current file sends Parley to the spare, which holds only the new one.
    key = casebook_folder / KEY
    key.write_bytes(change_inside(key.read_bytes(), *DAMAGE["casebook id"]))
    with pytest.raises(
        WrongPassphrase,
        match=r"could not be used, so its spare copy \(casebook.key.bak\) was tried",
    ):
        vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    assert vault.unlock_with_passphrase(casebook_folder, NEW).warnings


def legacy(raw: bytes) -> bytes:
    """A key file as Parley wrote it before it carried a check."""
    body = json.loads(raw)
    del body["check"]
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()


def test_an_intact_key_file_is_never_bypassed_by_an_older_spare(casebook_folder: Path) -> None:
    """Parley used to keep the previous generation, with the old passphrase's slot, as the
    spare. The current file decides; opening brings the spare in step with it."""
    old_generation = legacy((casebook_folder / KEY).read_bytes())
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.change_passphrase(casebook, NEW, kdf=FLOOR_KDF)
    (casebook_folder / KEY).write_bytes(legacy((casebook_folder / KEY).read_bytes()))
    (casebook_folder / SPARE).write_bytes(old_generation)
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    with vault.open_with_passphrase(casebook_folder, NEW) as casebook:
        assert not casebook.warnings
    assert opening(casebook_folder, PASSPHRASE) == set()
    assert (casebook_folder / SPARE).read_bytes() == (casebook_folder / KEY).read_bytes()


def test_key_files_without_a_check_open_and_gain_one(casebook_folder: Path) -> None:
    folder = without_spare(casebook_folder)
    key = folder / KEY
    key.write_bytes(legacy(key.read_bytes()))
    # Reading alone changes nothing...
    before = snapshot(folder)
    keys, warnings = vault.load_key_file(folder)
    assert not keys.checked and not warnings
    assert snapshot(folder) == before
    # ...the next write adds the check...
    vault.write_key_file(folder, keys)
    assert keyfile.parse_key_file(key.read_bytes()).checked
    # ...and so does opening, once the database has proved the key file right.
    key.write_bytes(legacy(key.read_bytes()))
    (folder / SPARE).unlink()
    with vault.open_with_passphrase(folder, PASSPHRASE):
        pass
    for name in (KEY, SPARE):
        assert keyfile.parse_key_file((folder / name).read_bytes()).checked
    assert opening(folder, PASSPHRASE) == {KEY, SPARE}


def test_a_renamed_check_is_damage(casebook_folder: Path) -> None:
    folder = without_spare(casebook_folder)
    key = folder / KEY
    raw = key.read_bytes()
    key.write_bytes(raw.replace(b'"check"', b'"chuck"'))
    with pytest.raises(KeyFileDamaged):
        vault.unlock_with_passphrase(folder, PASSPHRASE)
