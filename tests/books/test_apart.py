"""A second connection for a worker: no migration, no "unlocked" entry, the window's
connection untouched, and a book changed underneath refused rather than migrated."""

from __future__ import annotations

import pytest

from app.books.apart import apart, open_apart
from app.books.casebook import Casebook
from app.cases.records import Case
from app.errors import CasebookDamaged


def test_a_worker_opens_the_same_book_beside_the_window(casebook: Casebook) -> None:
    taken = apart(casebook)
    entries = len(casebook.audit.entries())
    with open_apart(taken) as worker:
        assert isinstance(worker, Casebook)
        worker.cases.add(Case(None, "MM-2026-900", "Added by the worker"))
    assert casebook.cases.by_reference("MM-2026-900").title == "Added by the worker"
    assert len(casebook.audit.entries()) == entries  # no "unlocked" entry for a worker
    assert casebook.is_open


def test_the_key_taken_outlives_locking(casebook: Casebook) -> None:
    taken = apart(casebook)
    casebook.close()  # the window's copy of the key is wiped
    with open_apart(taken) as worker:
        assert worker.cases.count() == 0


def test_a_book_at_another_schema_version_is_refused(casebook: Casebook) -> None:
    casebook.connection.execute("UPDATE schema_version SET version = version + 1")
    with pytest.raises(CasebookDamaged, match="changed underneath"):
        open_apart(apart(casebook))


def test_unlocking_can_wait_for_work_under_way_apart(casebook: Casebook) -> None:
    import threading

    from app.books.apart import wait_for_work_apart, working_apart

    taken = apart(casebook)
    inside, leave = threading.Event(), threading.Event()

    def work() -> None:
        with working_apart(taken) as worker:
            worker.cases.add(Case(None, "MM-2026-901", "Added while the window waits"))
            inside.set()
            assert leave.wait(30)

    thread = threading.Thread(target=work)
    thread.start()
    assert inside.wait(30)
    assert not wait_for_work_apart(casebook.folder, 0.1)  # still under way
    leave.set()
    assert wait_for_work_apart(casebook.folder, 30)
    thread.join(30)
    assert casebook.cases.by_reference("MM-2026-901").title == "Added while the window waits"
    assert wait_for_work_apart(casebook.folder / "elsewhere", 0)  # nothing under way there
