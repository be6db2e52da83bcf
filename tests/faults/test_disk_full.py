"""Disk full: a write that runs out of space is undone with a clear message, and the
casebook reopens with everything saved before it.

Two ways to run out of space, both tried here: a 3 MB tmpfs mounted for the test (needs
root; where the machine refuses the mount, that test prints so and runs the RLIMIT_FSIZE
variant instead), and RLIMIT_FSIZE in a writer subprocess, which works for any user.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.books import vault
from app.books.casebook import Casebook
from app.cases.records import Case, Note
from app.storage.database import DiskFull, open_database

from conftest import PASSPHRASE

WRITER = Path(__file__).with_name("note_writer.py")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path | None]:
    """A 3 MB tmpfs, or ``None`` where this machine does not allow mounting one."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount)],
            capture_output=True, text=True,
        )  # fmt: skip
        refused = done.stderr.strip() if done.returncode else ""
    except OSError as exc:  # no mount command at all
        refused = str(exc)
    if refused:
        print(f"\ndisk full: no tmpfs here ({refused}); RLIMIT_FSIZE instead")
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def note(case_id: int) -> Note:
    # Random hex does not compress away, so each note really costs space.
    return Note(None, case_id, secrets.token_hex(3000), datetime(2026, 3, 9, 11))


def count_notes(folder: Path, key: bytes) -> int:
    conn = open_database(folder / "casebook.db", key)
    try:
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return int(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
    finally:
        conn.close()


def test_a_full_tmpfs_rolls_back_and_reopens_intact(
    small_disk: Path | None, template_casebook: Path, tmp_path: Path,
    subprocess_env: dict[str, str],
) -> None:  # fmt: skip
    if small_disk is None:  # not allowed to mount: the portable way instead, never a skip
        folder = tmp_path / "casebook"
        shutil.copytree(template_casebook, folder)
        fill_under_rlimit(folder, subprocess_env)
        return
    folder = small_disk / "casebook"
    shutil.copytree(template_casebook, folder)
    casebook: Casebook = vault.open_with_passphrase(folder, PASSPHRASE)
    key = casebook.data_key
    case = casebook.cases.add(Case(None, "MM-2026-950", "Full disk"))
    assert case.id is not None
    saved = 0
    with pytest.raises(DiskFull, match=r"disk is full|disk reported an error") as raised:
        for _ in range(10_000):
            with casebook.transaction():
                casebook.notes.add(note(case.id))
            saved += 1
    print(f"\ndisk full (tmpfs, 3 MB): {saved} notes saved, then: {raised.value}")
    assert saved > 10
    # The failed write left no half: this connection sees exactly what was committed...
    assert len(casebook.notes.for_case(case.id)) == saved
    assert not casebook.connection.in_transaction
    casebook.close()
    # ...and so does a fresh one, with the disk still full.
    assert count_notes(folder, key) == saved

    # With space again it opens normally and takes new notes.
    subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        reopened.notes.add(note(case.id))
        assert len(reopened.notes.for_case(case.id)) == saved + 1


def test_rlimit_fsize_stops_the_writer_cleanly(
    casebook_folder: Path, subprocess_env: dict[str, str]
) -> None:
    fill_under_rlimit(casebook_folder, subprocess_env)


def fill_under_rlimit(folder: Path, env: dict[str, str]) -> None:
    """A writer subprocess under RLIMIT_FSIZE writes until it cannot; nothing is lost."""
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        key = casebook.data_key
        case = casebook.cases.add(Case(None, "MM-2026-951", "File size limit"))
    # Room for some notes first (each writes its note and its case's search row, prefixes
    # included, to the log), so the test sees writes succeed and then one refused.
    limit = (folder / "casebook.db").stat().st_size + 2_000_000
    writer = subprocess.run(
        [sys.executable, str(WRITER), str(folder), str(case.id), "fill", str(limit)],
        input=key.hex() + "\n", capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    lines = writer.stdout.splitlines()
    assert writer.returncode == 0, writer.stderr
    assert "Traceback" not in writer.stderr
    assert lines[0] == "ready" and lines[-1].startswith("failed: "), lines[-3:]
    assert "disk is full" in lines[-1] or "disk reported an error" in lines[-1]
    saved = [int(x) for x in lines[1:-1]]
    print(f"\ndisk full (RLIMIT_FSIZE): {len(saved)} notes saved, then: {lines[-1]}")
    assert len(saved) > 5
    assert count_notes(folder, key) == len(saved)
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        assert {n.id for n in reopened.notes.for_case(case.id)} == set(saved)
