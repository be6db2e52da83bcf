"""A second Parley process for the fault battery (run as a subprocess, never imported).

    python note_writer.py FOLDER CASE_ID write         notes in a loop until killed
    python note_writer.py FOLDER CASE_ID fill LIMIT    the same under RLIMIT_FSIZE=LIMIT bytes
    python note_writer.py FOLDER CASE_ID hold          BEGIN EXCLUSIVE, then wait

The data key arrives as hex on the first line of standard input: never on the command line
or in the environment, where other users' tools could read it. ``write`` prints ``ready``
once open and then each note's id, only after its commit has returned; ``fill`` prints the
ids and finally ``failed: <message>``; ``hold`` prints ``held`` and keeps its transaction
open until a line arrives on standard input.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime
from pathlib import Path


def main() -> int:
    folder, case_id, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    key = bytes.fromhex(sys.stdin.readline().strip())

    from app.books import vault
    from app.cases.records import Note
    from app.errors import ParleyError
    from app.storage.database import open_database

    if mode == "hold":
        conn = open_database(folder / vault.DB_NAME, key)
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute(
            "INSERT INTO notes (case_id, text, written_at) VALUES (?, 'held, never kept', ?)",
            (case_id, "2026-01-01T00:00"),
        )
        print("held", flush=True)
        sys.stdin.readline()
        conn.execute("ROLLBACK")
        conn.close()
        return 0

    if mode == "fill":
        import resource
        import signal

        # Past the limit the kernel would kill us with SIGXFSZ; ignored, write() fails with
        # EFBIG instead, which is what a full disk looks like to SQLite.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = int(sys.argv[4])
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    keys, _ = vault.load_key_file(folder)
    casebook = vault.open_casebook(vault.Unlocked(folder, key, keys.casebook_id))
    print("ready", flush=True)
    rng = random.Random()
    while True:
        # Varied sizes, so that commits touch one page or spill over several.
        text = " ".join(f"{rng.getrandbits(64):x}" for _ in range(rng.randint(4, 600)))
        try:
            with casebook.transaction():
                note = casebook.notes.add(Note(None, case_id, text, datetime(2026, 3, 9, 11)))
        except ParleyError as exc:
            if mode != "fill":
                raise
            print(f"failed: {exc}", flush=True)
            return 0
        print(note.id, flush=True)


if __name__ == "__main__":
    sys.exit(main())
