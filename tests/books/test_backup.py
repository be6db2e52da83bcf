"""Backups: one encrypted file, restored only after it proves whole, never over a casebook."""

from __future__ import annotations

import hashlib
import io
import stat
import struct
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app import cli
from app.books import backup, keyfile, vault
from app.books.backup import BackupDamaged, BackupFailed, backup_due, make_backup, restore_backup
from app.books.casebook import Casebook
from app.cases.records import Case, Note, Party, PartyRole, Side, Status
from app.cli import book_commands
from app.cli.parser import build_parser
from app.cli.prompts import Secrets
from app.errors import CasebookExists, ParleyError, WrongPassphrase, WrongRecoveryKey
from app.settings import BACKUP_REMINDER_DAYS

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import files_containing, snapshot

NOTE = "QzBackupNoteSentinel the family asked for a second opinion"
SUMMARY = "QzBackupSummarySentinel"


def fill(casebook: Casebook) -> None:
    with casebook.transaction():
        case = casebook.cases.add(
            Case(None, "MM-2026-201", "Ventilation review", summary=SUMMARY, status=Status.CLOSED)
        )
        assert case.id is not None
        party = casebook.parties.add(
            Party(None, case.id, "Zoë Nuñez", PartyRole.PARENT, Side.FAMILY)
        )
        casebook.notes.add(Note(None, case.id, NOTE, datetime(2026, 3, 9, 11), None, party.id))


@pytest.fixture
def filled(casebook: Casebook) -> Casebook:
    fill(casebook)
    return casebook


def test_a_backup_is_one_private_encrypted_file_and_is_audited(
    filled: Casebook, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "casebook.parley-backup"
    out.parent.mkdir()
    made = make_backup(filled, out)
    raw = out.read_bytes()
    assert raw.startswith(backup.MAGIC)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert made.sha256 == hashlib.sha256(raw).hexdigest() and made.size == len(raw)
    assert files_containing([out.parent], [NOTE[:24], SUMMARY, "Nuñez"]) == []
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no scratch left behind
    [entry] = [e for e in filled.audit.entries() if e.action == "backup made"]
    assert made.sha256 in entry.detail


def test_restore_with_the_passphrase_or_the_recovery_key(
    filled: Casebook, tmp_path: Path, template_recovery_key: str
) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    for name, secret in (("p", {"passphrase": PASSPHRASE}),
                         ("r", {"recovery_key": template_recovery_key})):  # fmt: skip
        target = tmp_path / "restored" / name
        result = restore_backup(out, target, **secret)
        assert result.folder == target and result.cases == 1 and result.moved_aside is None
        names = ["casebook.db", "casebook.key", "casebook.key.bak"]
        assert sorted(p.name for p in target.iterdir()) == names
        with vault.open_with_passphrase(target, PASSPHRASE) as restored:
            case = restored.cases.by_reference("MM-2026-201")
            assert case.summary == SUMMARY
            assert restored.search.case_ids("second opinion") == [case.id]
            assert restored.audit.first_broken_link() is None
            actions = [e.action for e in restored.audit.entries()]
            assert "restored from backup" in actions
            assert restored.casebook_id == filled.casebook_id
    # Nothing else was left beside the targets (the staging folders are gone).
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == ["p", "r"]


def test_the_keychain_slot_stays_behind(filled: Casebook, tmp_path: Path) -> None:
    keys, _ = vault.load_key_file(filled.folder)
    fake = keyfile.keychain_slot(filled.data_key, b"k" * 32, keys.casebook_id, "x.Keyring")
    vault.write_key_file(filled.folder, keys.with_slot(fake))
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    assert {s.kind for s in backup.read_backup(out).slots} == {"passphrase", "recovery"}


def test_an_existing_casebook_is_replaced_only_when_asked_and_kept_aside(
    filled: Casebook, tmp_path: Path, casebook_folder: Path
) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    other = tmp_path / "other"
    vault.create_casebook(other, PASSPHRASE, kdf=FLOOR_KDF).casebook.close()
    before = snapshot(other)
    with pytest.raises(CasebookExists, match="already a casebook"):
        restore_backup(out, other, passphrase=PASSPHRASE)
    assert snapshot(other) == before

    result = restore_backup(out, other, passphrase=PASSPHRASE, replace=True)
    assert result.moved_aside is not None and result.moved_aside.name.startswith("other.replaced-")
    assert snapshot(result.moved_aside) == before  # the old casebook, untouched
    with vault.open_with_passphrase(other, PASSPHRASE) as restored:
        assert restored.cases.count() == 1


def test_a_non_empty_folder_is_refused_and_an_empty_one_accepted(
    filled: Casebook, tmp_path: Path
) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "letter.txt").write_text("keep me")
    with pytest.raises(ParleyError, match="not empty"):
        restore_backup(out, busy, passphrase=PASSPHRASE)
    assert [p.name for p in busy.iterdir()] == ["letter.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert restore_backup(out, empty, passphrase=PASSPHRASE).cases == 1


def test_a_wrong_secret_restores_nothing(filled: Casebook, tmp_path: Path) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    # Said of the backup, not "this casebook": the mediator's current passphrase may well
    # open the book, and not the backup (a passphrase changed since it was made).
    with pytest.raises(WrongPassphrase, match=r"^That passphrase does not open this backup"):
        restore_backup(out, tmp_path / "t", passphrase="not the passphrase at all")
    with pytest.raises(WrongRecoveryKey, match=r"^That recovery key does not open this backup"):
        restore_backup(out, tmp_path / "t", recovery_key="AAAA-BBBB")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.parley", "casebook"]


def _rewrite_checksum(data: bytes) -> bytes:
    body = data[:-32]
    return body + hashlib.sha256(body).digest()


def damaged_variants(raw: bytes) -> dict[str, tuple[bytes, str]]:
    key_size = struct.unpack(">I", raw[10:14])[0]
    db_start = 14 + key_size + 8
    flipped = bytearray(raw)
    flipped[db_start + 5000] ^= 0x10
    in_keys = bytearray(raw)
    in_keys[20] ^= 0x01
    version = bytearray(raw)
    version[9] = 9
    return {
        "empty": (b"", "not a Parley backup"),
        "five bytes": (raw[:5], "not a Parley backup"),
        "cut in header": (raw[:12], "ends inside its header"),
        "cut in key file": (raw[: 14 + key_size // 2], "truncated"),
        "cut in database": (raw[: db_start + 4096], "truncated"),
        "last byte gone": (raw[:-1], "truncated"),
        "extra bytes": (raw + b"\x00", "damaged"),
        "wrong magic": (b"PARLEYBX" + raw[8:], "not a Parley backup"),
        "a pdf": (b"%PDF-1.7\n" + raw[9:], "not a Parley backup"),
        "unknown version": (bytes(version), "version 9"),
        "flip in database": (bytes(flipped), "checksum does not match"),
        "flip in key slots": (bytes(in_keys), "checksum does not match"),
        "flip in checksum": (raw[:-1] + bytes([raw[-1] ^ 1]), "checksum does not match"),
        # Damage with a recomputed checksum gets past the container and is caught by the
        # database's own authentication while the restore verifies.
        "forged page": (_rewrite_checksum(bytes(flipped)), "inside"),
    }


def test_a_damaged_backup_is_named_and_restores_nothing(filled: Casebook, tmp_path: Path) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    raw = out.read_bytes()
    handled = 0
    for label, (data, message) in damaged_variants(raw).items():
        bad = tmp_path / "bad.parley"
        bad.write_bytes(data)
        target = tmp_path / "t"
        with pytest.raises(BackupDamaged, match=message):
            restore_backup(bad, target, passphrase=PASSPHRASE)
        assert not target.exists(), label
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.parley", "bad.parley", "casebook"]
        handled += 1
    assert handled == 14


def test_a_backup_with_a_broken_audit_chain_is_not_restored(
    filled: Casebook, tmp_path: Path
) -> None:
    filled.connection.execute("DROP TRIGGER audit_is_append_only_u")
    filled.connection.execute("UPDATE audit SET detail = 'edited' WHERE id = 1")
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    with pytest.raises(BackupDamaged, match="Audit trail: entry 1"):
        restore_backup(out, tmp_path / "t", passphrase=PASSPHRASE)
    assert not (tmp_path / "t").exists()


def test_backup_refuses_unsafe_destinations(filled: Casebook, tmp_path: Path) -> None:
    with pytest.raises(BackupFailed, match="own folder"):
        make_backup(filled, filled.folder / "b.parley")
    with pytest.raises(BackupFailed, match="does not exist"):
        make_backup(filled, tmp_path / "nowhere" / "b.parley")
    letter = tmp_path / "letter.txt"
    letter.write_text("not a backup")
    with pytest.raises(BackupFailed, match="not a Parley backup"):
        make_backup(filled, letter)
    assert letter.read_text() == "not a backup"
    out = tmp_path / "b.parley"
    first = make_backup(filled, out)
    second = make_backup(filled, out)  # an older backup of the same name is replaced whole
    assert first.sha256 != second.sha256 and out.read_bytes().startswith(backup.MAGIC)


def test_a_failed_write_leaves_no_partial_backup(
    filled: Casebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", no_space)
    with pytest.raises(BackupFailed, match="No space left on device"):
        make_backup(filled, tmp_path / "b.parley")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["casebook"]
    assert not any(e.action == "backup made" for e in filled.audit.entries())


def test_the_reminder_follows_the_last_backup_and_the_setting(
    filled: Casebook, tmp_path: Path
) -> None:
    now = datetime.now()
    assert backup_due(filled, now)  # never backed up
    make_backup(filled, tmp_path / "b.parley")
    assert not backup_due(filled, now)
    assert not backup_due(filled, now + timedelta(days=6))
    assert backup_due(filled, now + timedelta(days=8))
    filled.settings.set(BACKUP_REMINDER_DAYS, 30)
    assert not backup_due(filled, now + timedelta(days=8))
    assert backup.last_backup_at(filled) is not None
    assert backup.last_backup_at(filled).date() == date.today()  # type: ignore[union-attr]


def test_a_book_restored_from_a_backup_is_not_called_never_backed_up(
    filled: Casebook, tmp_path: Path
) -> None:
    """The backup's own "backup made" entry comes after its copy is taken, so it is not in
    the backup. What was restored is, as a whole, in the file it came from: the reminder
    counts from the restore, not from "No backup yet" (or an older backup's date)."""
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    restore_backup(out, tmp_path / "restored", passphrase=PASSPHRASE)
    with vault.open_with_passphrase(tmp_path / "restored", PASSPHRASE) as restored:
        now = datetime.now()
        assert not backup_due(restored, now)
        assert backup_due(restored, now + timedelta(days=8))
        assert backup.last_backup_at(restored).date() == date.today()  # type: ignore[union-attr]


# --- the command line ------------------------------------------------------------------------


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    if code not in (0, 2):
        assert err.getvalue().count("\n") == 1 and err.getvalue().startswith("parley: ")
    return code, out.getvalue(), err.getvalue()


def test_backup_and_restore_on_the_command_line(casebook_folder: Path, tmp_path: Path) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        fill(casebook)
    out = tmp_path / "b.parley"
    code, text, _ = run("backup", "--out", str(out), "--vault", str(casebook_folder),
                        stdin=PASSPHRASE + "\n")  # fmt: skip
    assert code == 0 and "sha256" in text and out.exists()

    target = tmp_path / "new"
    code, text, _ = run("restore", str(out), "--to", str(target), stdin=PASSPHRASE + "\n")
    assert code == 0 and "Restored 1 case into" in text

    # Over an existing casebook: refused, then refused on a pipe without --yes, then done.
    before = snapshot(target)
    code, _, err = run("restore", str(out), "--to", str(target), stdin=PASSPHRASE + "\n")
    assert code == 1 and "already a casebook" in err
    code, _, err = run("restore", str(out), "--to", str(target), "--replace",
                       stdin=PASSPHRASE + "\n")  # fmt: skip
    assert code == 1 and "--yes" in err
    assert snapshot(target) == before
    code, text, _ = run("restore", str(out), "--to", str(target), "--replace", "--yes",
                        stdin=PASSPHRASE + "\n")  # fmt: skip
    assert code == 0 and ".replaced-" in text

    code, _, err = run("restore", str(out), "--to", str(tmp_path / "x"), stdin="wrong words\n")
    assert code == 3
    damaged = tmp_path / "damaged.parley"
    damaged.write_bytes(out.read_bytes()[:-10])
    code, _, err = run("restore", str(damaged), "--to", str(tmp_path / "y"), stdin="")
    assert code == 1 and "truncated" in err  # said before any passphrase is asked for
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_replace_asks_at_a_terminal(filled: Casebook, tmp_path: Path) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    target = tmp_path / "t"
    restore_backup(out, target, passphrase=PASSPHRASE)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for answer, expected in (("no", 1), ("yes", 0)):
        stdout, stderr = io.StringIO(), io.StringIO()
        asked: list[str] = []
        secrets = Secrets(
            Terminal(answer + "\n"), ask=lambda p, seen=asked: seen.append(p) or PASSPHRASE
        )
        args = build_parser().parse_args(["restore", str(out), "--to", str(target), "--replace"])
        try:
            code = book_commands.restore(args, target, secrets, stdout)
        except ParleyError as exc:
            code = exc.exit_code
            stderr.write(str(exc))
        assert code == expected
        assert "Replace the casebook" in stdout.getvalue()
        assert asked == ([] if answer == "no" else ["Passphrase: "])


def test_a_restore_reports_each_of_its_steps_in_turn(filled: Casebook, tmp_path: Path) -> None:
    out = tmp_path / "b.parley"
    make_backup(filled, out)
    heard: list[tuple[int, int]] = []
    prepared = backup.prepare_restore(
        out, tmp_path / "new", passphrase=PASSPHRASE,
        progress=lambda done, of, _what: heard.append((done, of)),
    )  # fmt: skip
    backup.abandon_restore(prepared)
    # One step after another, to the end: no step is skipped, none counted past the last.
    assert [done for done, _ in heard] == list(range(len(heard)))
    assert {of for _, of in heard} == {len(heard) - 1}
