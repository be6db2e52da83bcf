"""Crash mid-write: a process writing notes is SIGKILLed at random moments.

After every kill the casebook must authenticate page by page, pass SQLite's integrity
check, and hold every note whose commit was acknowledged (printed after COMMIT returned).
One casebook is reused across the kills, so each run starts from the last one's wreckage.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.books import vault
from app.cases.records import Case
from app.storage.database import open_database

from conftest import FLOOR_KDF, PASSPHRASE

WRITER = Path(__file__).with_name("note_writer.py")


def make_casebook(folder: Path) -> tuple[bytes, int]:
    created = vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF)
    with created.casebook as casebook:
        case = casebook.cases.add(Case(None, "MM-2026-900", "Crash battery"))
        assert case.id is not None
        return casebook.data_key, case.id


def check(folder: Path, key: bytes, acknowledged: list[int]) -> set[int]:
    """Integrity after a crash; returns the acknowledged notes that are missing."""
    conn = open_database(folder / "casebook.db", key)
    try:
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        present = {r[0] for r in conn.execute("SELECT id FROM notes")}
    finally:
        conn.close()
    return set(acknowledged) - present


def kill_repeatedly(folder: Path, key: bytes, case_id: int, kills: int, seed: int,
                    env: dict[str, str]) -> tuple[int, int]:  # fmt: skip
    """Returns (acknowledged notes, lost notes) after ``kills`` random SIGKILLs."""
    rng = random.Random(seed)
    acknowledged: list[int] = []
    lost: set[int] = set()
    for _ in range(kills):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(folder), str(case_id), "write"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        assert writer.stdin is not None and writer.stdout is not None
        writer.stdin.write(key.hex().encode() + b"\n")  # the key travels by pipe only
        writer.stdin.flush()
        if rng.random() < 0.2:
            # Now and then while it is still opening (migrations, the "unlocked" entry).
            time.sleep(rng.uniform(0.0, 0.4))
        else:
            ready, _, _ = select.select([writer.stdout], [], [], 30)
            assert ready, "the writer did not start within 30 s"
            line = writer.stdout.readline()
            assert line == b"ready\n", line + writer.stderr.read()  # type: ignore[union-attr]
            # Let a few commits be acknowledged first, however busy the machine is, so the
            # kill lands among the writes rather than depending on how fast they run.
            for _ in range(rng.randint(1, 3)):
                acknowledged.append(int(writer.stdout.readline()))
            time.sleep(rng.uniform(0.0, 0.08))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        out = writer.stdout.read().split()
        writer.stdout.close()
        writer.stdin.close()
        acknowledged += [int(x) for x in out if x.isdigit()]
        lost |= check(folder, key, acknowledged)
    return len(acknowledged), len(lost)


def test_twenty_kills_lose_no_acknowledged_note(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    key, case_id = make_casebook(tmp_path / "cb")
    acknowledged, lost = kill_repeatedly(tmp_path / "cb", key, case_id, 20, 2026, subprocess_env)
    print(f"\ncrash battery: 20 kills survived, {acknowledged} notes acknowledged, {lost} lost")
    assert lost == 0
    assert acknowledged > 20  # the kills really did land among the writes
    with vault.open_with_passphrase(tmp_path / "cb", PASSPHRASE) as casebook:
        assert casebook.audit.first_broken_link() is None


@pytest.mark.long
def test_two_hundred_kills_lose_no_acknowledged_note(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    key, case_id = make_casebook(tmp_path / "cb")
    acknowledged, lost = kill_repeatedly(tmp_path / "cb", key, case_id, 200, 4, subprocess_env)
    print(f"\ncrash battery: 200 kills survived, {acknowledged} notes acknowledged, {lost} lost")
    assert lost == 0 and acknowledged > 200
