"""The vault: creating, unlocking, locking and re-keying a casebook, and failing closed."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from app.books import key_files, keyfile, vault
from app.cases.records import Case
from app.errors import (
    CasebookDamaged,
    CasebookExists,
    CasebookMissing,
    NotACasebook,
    ParleyError,
    UnsupportedPlatform,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from app.storage import database

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import snapshot, without_spare_key

NEW_PASSPHRASE = "amber meadow violin 1987"


def add_case(folder: Path, reference: str = "MM-2026-001") -> None:
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        casebook.cases.add(Case(None, reference, "A case to keep"))


def test_create_open_and_lock(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    created = vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF)
    created.casebook.cases.add(Case(None, "MM-2026-001", "First"))
    created.casebook.close()
    assert not created.casebook.is_open
    names = ["casebook.db", "casebook.key", "casebook.key.bak"]
    assert sorted(p.name for p in folder.iterdir()) == names
    for name in names:
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        assert [r.reference for r in casebook.cases.list_rows()] == ["MM-2026-001"]
        assert [e.action for e in casebook.audit.entries()] == ["casebook created", "unlocked"]
    # Closing checkpoints the write-ahead log, so the casebook is whole in one file again.
    assert (
        not (folder / "casebook.db-wal").exists()
        or (folder / "casebook.db-wal").stat().st_size == 0
    )


def test_creating_over_an_existing_casebook_is_refused(casebook_folder: Path) -> None:
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookExists):
        vault.create_casebook(casebook_folder, PASSPHRASE, kdf=FLOOR_KDF)
    assert snapshot(casebook_folder) == before


def test_a_weak_passphrase_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase, match="at least 12 characters"):
        vault.create_casebook(tmp_path / "x", "short", kdf=FLOOR_KDF)
    with pytest.raises(WeakPassphrase, match="common password"):
        vault.create_casebook(tmp_path / "x", "Password2026!!", kdf=FLOOR_KDF)
    assert not (tmp_path / "x").exists()


def test_wrong_passphrase_is_specific_and_changes_no_file(casebook_folder: Path) -> None:
    add_case(casebook_folder)
    before = snapshot(casebook_folder)
    with pytest.raises(WrongPassphrase) as raised:
        vault.open_with_passphrase(casebook_folder, PASSPHRASE + "x")
    assert raised.value.exit_code == 3
    assert snapshot(casebook_folder) == before


def test_the_recovery_key_opens_and_a_wrong_one_does_not(
    casebook_folder: Path, template_recovery_key: str
) -> None:
    add_case(casebook_folder)
    typed = template_recovery_key.lower().replace("-", " ")  # as someone might type it
    with vault.open_with_recovery_key(casebook_folder, typed) as casebook:
        assert casebook.cases.count() == 1
    before = snapshot(casebook_folder)
    wrong = keyfile.format_recovery_key(keyfile.new_recovery_key())
    for attempt in (wrong, "not a key", ""):
        with pytest.raises(WrongRecoveryKey):
            vault.open_with_recovery_key(casebook_folder, attempt)
    assert snapshot(casebook_folder) == before


def test_passphrase_change_rewraps_and_keeps_the_data(casebook_folder: Path) -> None:
    add_case(casebook_folder)
    db_before = (casebook_folder / "casebook.db").read_bytes()
    old_key_file = (casebook_folder / "casebook.key").read_bytes()
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.change_passphrase(casebook, NEW_PASSPHRASE, kdf=FLOOR_KDF)
    # The spare copy is the new key file; the old passphrase is in neither.
    assert (casebook_folder / "casebook.key.bak").read_bytes() != old_key_file
    new_key_file = (casebook_folder / "casebook.key").read_bytes()
    assert (casebook_folder / "casebook.key.bak").read_bytes() == new_key_file
    new_keys = keyfile.parse_key_file((casebook_folder / "casebook.key").read_bytes())
    assert new_keys.generation == 2
    with vault.open_with_passphrase(casebook_folder, NEW_PASSPHRASE) as casebook:
        assert casebook.cases.by_reference("MM-2026-001").title == "A case to keep"
        assert "passphrase changed" in [e.action for e in casebook.audit.entries()]
    with pytest.raises(WrongPassphrase):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    # Re-wrapping does not re-encrypt: the data key, and so the database pages, stay.
    assert db_before[:16] == (casebook_folder / "casebook.db").read_bytes()[:16]


def test_a_weak_new_passphrase_is_refused_and_the_old_one_still_works(
    casebook_folder: Path,
) -> None:
    before = (casebook_folder / "casebook.key").read_bytes()
    with (
        vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook,
        pytest.raises(WeakPassphrase),
    ):
        vault.change_passphrase(casebook, "abc", kdf=FLOOR_KDF)
    assert (casebook_folder / "casebook.key").read_bytes() == before


def test_the_spare_key_file_is_used_when_the_current_one_is_damaged(
    casebook_folder: Path,
) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.change_passphrase(casebook, NEW_PASSPHRASE, kdf=FLOOR_KDF)
    (casebook_folder / "casebook.key").write_bytes(b"{ damaged")
    before = snapshot(casebook_folder)
    with vault.open_with_passphrase(casebook_folder, NEW_PASSPHRASE) as casebook:
        assert any("spare copy (casebook.key.bak) was used" in w for w in casebook.warnings)
    after = snapshot(casebook_folder)
    # Opening writes to the database (audit entry), but neither key file is "repaired".
    assert after["casebook.key"] == before["casebook.key"]
    assert after["casebook.key.bak"] == before["casebook.key.bak"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not readable JSON"),
        (b"\x00\x01\x02", "not readable JSON"),
        (b"[1, 2]", "unexpected content"),
        (b'{"format": "parley.key/9"}', "version this Parley does not know"),
        (b'{"format": "something else"}', "unknown format"),
        (b'{"format": "parley.key/1"}', "a field is missing"),
    ],
)
def test_a_damaged_key_file_fails_closed_with_a_specific_message(
    casebook_folder: Path, content: bytes, message: str
) -> None:
    without_spare_key(casebook_folder)
    (casebook_folder / "casebook.key").write_bytes(content)
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookDamaged, match=message):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_a_truncated_key_file_fails_closed(casebook_folder: Path) -> None:
    without_spare_key(casebook_folder)
    raw = (casebook_folder / "casebook.key").read_bytes()
    for length in (1, len(raw) // 2, len(raw) - 3):
        (casebook_folder / "casebook.key").write_bytes(raw[:length])
        before = snapshot(casebook_folder)
        with pytest.raises(CasebookDamaged):
            vault.open_with_passphrase(casebook_folder, PASSPHRASE)
        assert snapshot(casebook_folder) == before


def test_missing_pieces_are_named(tmp_path: Path, casebook_folder: Path) -> None:
    with pytest.raises(CasebookMissing):
        vault.open_with_passphrase(tmp_path / "nowhere", PASSPHRASE)
    assert not (tmp_path / "nowhere").exists()

    key = (casebook_folder / "casebook.key").read_bytes()
    (casebook_folder / "casebook.key").unlink()
    with pytest.raises(CasebookDamaged, match=r"key file .* is missing"):
        vault.open_with_passphrase(without_spare_key(casebook_folder), PASSPHRASE)

    (casebook_folder / "casebook.key").write_bytes(key)
    (casebook_folder / "casebook.db").unlink()
    with pytest.raises(CasebookDamaged, match=r"database .* is missing"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert not (casebook_folder / "casebook.db").exists()  # never recreated


@pytest.mark.parametrize("length", [0, 1, 4095, 4097])
def test_a_truncated_database_fails_closed(casebook_folder: Path, length: int) -> None:
    add_case(casebook_folder)
    db = casebook_folder / "casebook.db"
    db.write_bytes(db.read_bytes()[:length])
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookDamaged):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_a_zeroed_first_page_fails_closed(casebook_folder: Path) -> None:
    add_case(casebook_folder)
    db = casebook_folder / "casebook.db"
    data = bytearray(db.read_bytes())
    data[:4096] = bytes(4096)
    db.write_bytes(bytes(data))
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookDamaged):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_a_plain_sqlite_file_is_refused_and_left_alone(casebook_folder: Path) -> None:
    db = casebook_folder / "casebook.db"
    db.unlink()
    plain = sqlite3.connect(db)
    plain.execute("CREATE TABLE notes (text)")
    plain.execute("INSERT INTO notes VALUES ('in the clear')")
    plain.commit()
    plain.close()
    before = snapshot(casebook_folder)
    with pytest.raises(NotACasebook, match="unencrypted SQLite"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_a_library_without_sqlcipher_or_too_old_is_refused(
    casebook_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "_library_checked", False)
    monkeypatch.setattr(database, "MIN_SQLITE", (99, 0, 0))
    with pytest.raises(UnsupportedPlatform, match="too old"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)

    class NoCipher:
        """Stands in for plain SQLite, which ignores PRAGMA key and stores plaintext."""

        Error = sqlite3.Error
        DatabaseError = sqlite3.DatabaseError
        connect = staticmethod(sqlite3.connect)

    monkeypatch.setattr(database, "MIN_SQLITE", (3, 0, 0))
    monkeypatch.setattr(database, "_sqlcipher", NoCipher)
    with pytest.raises(UnsupportedPlatform, match="does not encrypt"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)


def test_sqlite_versions_compare_numerically() -> None:
    assert database.sqlite_version_tuple("3.51.3") == (3, 51, 3)
    assert database.sqlite_version_tuple("3.9.0") < database.MIN_SQLITE
    assert database.sqlite_version_tuple("3.100.0") > database.MIN_SQLITE


def test_a_newer_schema_is_refused(casebook_folder: Path) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        casebook.connection.execute("UPDATE schema_version SET version = 99")
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookDamaged, match="newer Parley"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_a_migration_first_takes_an_encrypted_copy(
    casebook_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.books import schema

    add_case(casebook_folder)
    step = "CREATE TABLE later_feature (id INTEGER PRIMARY KEY);"
    current = schema.LATEST
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, step))
    monkeypatch.setattr(schema, "LATEST", current + 1)
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert schema.schema_version(casebook.connection) == current + 1
        key = casebook.data_key
    copy = casebook_folder / f"casebook.db.before-v{current + 1}"
    assert copy.exists()
    assert not copy.read_bytes().startswith(database.PLAIN_SQLITE_HEADER)
    conn = database.open_database(copy, key)
    try:
        assert schema.schema_version(conn) == current
        assert conn.execute("SELECT reference FROM cases").fetchall() == [("MM-2026-001",)]
    finally:
        conn.close()


def test_calibration_never_goes_below_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated clocks: a fast machine gets more passes, a slow one keeps the floor.
    for seconds_per_probe, expected in ((0.03, 64), (0.3, 7), (5.0, keyfile.MIN_ITERATIONS)):
        ticks = iter([0.0, seconds_per_probe])
        monkeypatch.setattr(keyfile.time, "perf_counter", lambda t=ticks: next(t))
        monkeypatch.setattr(keyfile, "derive_from_passphrase", lambda p, params: b"")
        params = keyfile.calibrate_argon2(target_seconds=0.7)
        assert params.memory_kib >= keyfile.MIN_MEMORY_KIB
        assert params.iterations == expected


def test_files_are_created_private(tmp_path: Path) -> None:
    folder = tmp_path / "private"
    vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF).casebook.close()
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0


def test_recovery_keys_are_long_and_readable() -> None:
    key = keyfile.new_recovery_key()
    assert len(key) * 8 >= 128
    text = keyfile.format_recovery_key(key)
    groups = text.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert keyfile.parse_recovery_key(text) == key
    # Zero for O and one for I are what people write when copying by hand.
    assert keyfile.parse_recovery_key(text.replace("O", "0").replace("I", "1")) == key


def test_key_file_never_holds_the_data_key_or_passphrase(casebook_folder: Path) -> None:
    raw = (casebook_folder / "casebook.key").read_bytes()
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        key = casebook.data_key
    body = json.loads(raw)
    assert PASSPHRASE.encode() not in raw
    assert key.hex().encode() not in raw and key not in raw
    assert {s["kind"] for s in body["slots"]} == {"passphrase", "recovery"}


def test_an_unreadable_key_file_is_reported_not_raised(casebook_folder: Path) -> None:
    key = without_spare_key(casebook_folder) / "casebook.key"
    key.unlink()
    key.mkdir()  # unreadable as a file, whoever runs the test (root reads anything)
    with pytest.raises(CasebookDamaged, match="cannot be read"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)


def test_an_empty_database_is_never_rebuilt(casebook_folder: Path) -> None:
    """An existing but empty SQLCipher file opens with the key; it must not be refilled."""
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        key = casebook.data_key
    db = casebook_folder / "casebook.db"
    db.unlink()
    conn = database.open_database(db, key, create=True)
    conn.execute("CREATE TABLE unrelated (x)")
    conn.close()
    before = snapshot(casebook_folder)
    with pytest.raises(CasebookDamaged, match="holds no Parley records"):
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert snapshot(casebook_folder) == before


def test_a_failed_create_leaves_no_half_casebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cb"

    def disk_full(path: Path, data: bytes, *, mode: int = 0o600) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(key_files, "atomic_write_bytes", disk_full)
    with pytest.raises(ParleyError, match=r"No space left on device\); nothing was left behind"):
        vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF)
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF).casebook.close()  # and again


def test_a_folder_with_awkward_characters_works(tmp_path: Path) -> None:
    # The database is opened by file: URI; characters with meaning in a URI must not change
    # which file is opened, or where a new one is made.
    folder = tmp_path / "Cases & notes #2 ?draft% ü"
    vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF).casebook.close()
    assert sorted(p.name for p in folder.iterdir()) == [
        "casebook.db",
        "casebook.key",
        "casebook.key.bak",
    ]
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        assert casebook.cases.count() == 0
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]
