"""Two connections writing to one book (the window's, and a worker's doing a backup or an
import) keep the audit trail one chain: each entry's previous hash is read and its entry
written under one write lock, so neither can chain to an entry the other has superseded."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from app.books import vault
from app.storage.audit import AuditTrail

from conftest import PASSPHRASE


class _SlowToInsert:
    """A connection that, about to insert an audit entry, lets another writer go first and
    waits a moment: the interleaving that forks a chain read outside a write lock."""

    def __init__(self, conn: Any, other_may_go: threading.Event) -> None:
        self._conn = conn
        self._other_may_go = other_may_go

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT INTO audit"):
            self._other_may_go.set()
            time.sleep(0.5)
        return self._conn.execute(sql, *args)


def test_two_writers_keep_one_chain(casebook_folder: Path) -> None:
    first = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    second = vault.open_casebook(vault.unlock_with_passphrase(casebook_folder, PASSPHRASE))
    try:
        go = threading.Event()
        before = len(first.audit.entries())
        slow = AuditTrail(_SlowToInsert(first.connection, go))
        errors: list[BaseException] = []

        def run(action: Any) -> None:
            try:
                action()
            except BaseException as exc:  # reported below
                errors.append(exc)

        writer = threading.Thread(target=run, args=(lambda: slow.record("backup made"),))
        writer.start()
        assert go.wait(10)
        second.audit.record("cases imported")
        writer.join(30)
        assert not errors, errors
        assert len(first.audit.entries()) == before + 2
        assert first.audit.first_broken_link() is None
    finally:
        first.close()
        second.close()
