"""A read-only casebook folder, and a casebook held by a second process.

Read-only, honestly: the tests run as root, which ignores file permissions, so the folder
is made read-only the way a write-protected USB stick or a read-only share is, with a
read-only bind mount (EROFS for everyone, root included). A user who is not root gets
chmod 0555/0444 instead, which then binds them just the same.

Busy: a second process (note_writer.py ``hold``) opens the casebook and keeps a
``BEGIN EXCLUSIVE`` transaction with an uncommitted note in it.
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app import cli
from app.books import backup, vault
from app.cases.records import Case, Note
from app.errors import CasebookBusy, ParleyError
from app.storage import database
from app.storage.database import CasebookReadOnly

from conftest import PASSPHRASE
from helpers import snapshot

WRITER = Path(__file__).with_name("note_writer.py")


@contextlib.contextmanager
def made_read_only(folder: Path) -> Iterator[Path]:
    """``folder`` read-only for everyone (root included) while the block runs."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in folder.iterdir()}
        for path in modes:
            path.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o700)
            for path, mode in modes.items():
                path.chmod(mode)
        return
    bound = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True,
                           text=True)  # fmt: skip
    if bound.returncode != 0:
        pytest.fail(f"cannot make a read-only bind mount as root: {bound.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def read_only(casebook_folder: Path) -> Iterator[Path]:
    """The casebook's folder (one case in it), made read-only for the test."""
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        casebook.cases.add(Case(None, "MM-2026-960", "Read only"))
    with made_read_only(casebook_folder) as folder:
        yield folder


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def test_a_read_only_folder_is_named_and_nothing_changes(read_only: Path, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        (read_only / "probe").write_bytes(b"x")  # really read-only, even for root
    before = snapshot(read_only)
    with pytest.raises(CasebookReadOnly, match="read-only"):
        vault.open_with_passphrase(read_only, PASSPHRASE)
    keys, _ = vault.load_key_file(read_only)
    with pytest.raises(ParleyError, match="key file could not be written"):
        vault.write_key_file(read_only, keys)
    code, _, err = run("import", str(tmp_path / "x.json"), "--vault", str(read_only),
                       stdin=PASSPHRASE + "\n")  # fmt: skip
    assert code == 1 and "read-only" in err and err.count("\n") == 1
    assert snapshot(read_only) == before


def test_backups_to_and_restores_from_a_read_only_place(
    casebook_folder: Path, tmp_path: Path
) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        casebook.cases.add(Case(None, "MM-2026-961", "Backed up"))
        backup.make_backup(casebook, shelf / "b.parley")
        with made_read_only(shelf):
            # A backup written to a read-only place fails cleanly and leaves nothing...
            with pytest.raises(backup.BackupFailed, match="Read-only file system"):
                backup.make_backup(casebook, shelf / "c.parley")
            # ...and one kept on a read-only medium restores.
            restored = backup.restore_backup(shelf / "b.parley", tmp_path / "t",
                                             passphrase=PASSPHRASE)  # fmt: skip
        assert sorted(p.name for p in shelf.iterdir()) == ["b.parley"]
    assert restored.cases == 1


@pytest.fixture
def held(casebook_folder: Path, subprocess_env: dict[str, str],
         monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:  # fmt: skip
    """The casebook, with a second process holding an exclusive write transaction."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # the app waits 5 s; tests need not
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        key = casebook.data_key
        case = casebook.cases.add(Case(None, "MM-2026-970", "Held"))
    assert case.id is not None
    holder = subprocess.Popen(
        [sys.executable, str(WRITER), str(casebook_folder), str(case.id), "hold"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env,
    )  # fmt: skip
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write(key.hex().encode() + b"\n")
    holder.stdin.flush()
    ready, _, _ = select.select([holder.stdout], [], [], 30)
    assert ready and holder.stdout.readline() == b"held\n"
    try:
        yield casebook_folder, case.id
    finally:
        holder.stdin.write(b"release\n")
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0
        holder.stdout.close()
        holder.stderr.close()  # type: ignore[union-attr]


def test_a_casebook_held_by_another_process(held: tuple[Path, int]) -> None:
    folder, _ = held
    with pytest.raises(CasebookBusy, match="in use by another program"):
        vault.open_with_passphrase(folder, PASSPHRASE)
    code, _, err = run("import", "x.json", "--vault", str(folder), stdin=PASSPHRASE + "\n")
    assert code == 1 and err == (
        "parley: The casebook is in use by another program; close it and try again.\n"
    )
    # verify's search-index check needs a moment of write access: it says "busy", never
    # "damaged", for a casebook another program is writing to.
    code, out, err = run("verify", "--vault", str(folder), stdin=PASSPHRASE + "\n")
    assert code == 1 and "in use by another program" in err and "PROBLEM" not in out


def test_a_write_while_held_is_refused_then_succeeds(
    casebook_folder: Path, subprocess_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    casebook = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    case = casebook.cases.add(Case(None, "MM-2026-971", "Held later"))
    assert case.id is not None
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    casebook.connection.execute("PRAGMA busy_timeout = 200")
    holder = subprocess.Popen(
        [sys.executable, str(WRITER), str(casebook_folder), str(case.id), "hold"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=subprocess_env,
    )  # fmt: skip
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write(casebook.data_key.hex().encode() + b"\n")
    holder.stdin.flush()
    assert holder.stdout.readline() == b"held\n"
    note = Note(None, case.id, "written while held", datetime(2026, 3, 9, 11))
    with pytest.raises(CasebookBusy), casebook.transaction():
        casebook.notes.add(note)
    assert not casebook.connection.in_transaction
    holder.stdin.write(b"release\n")
    holder.stdin.close()
    assert holder.wait(timeout=30) == 0
    with casebook.transaction():
        casebook.notes.add(note)
    assert [n.text for n in casebook.notes.for_case(case.id)] == ["written while held"]
    casebook.close()
    assert run("verify", "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n")[0] == 0
