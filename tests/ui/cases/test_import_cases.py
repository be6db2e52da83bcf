"""File → Import cases…: the empty first screen offers it; the file is checked off the GUI
thread; all of its cases come in, or none, and the mediator is told which."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from ui.cases.case_list import EMPTY_GUIDANCE
from ui.main_window import MainWindow

from helpers import window_text

DOCUMENT = {
    "format": "parley.cases/1",
    "cases": [
        {"reference": "MM-2026-020", "title": "Home oxygen", "stage": "early",
         "status": "referred", "parties": [{"id": "a", "name": "Siân Evans", "role": "parent",
                                            "side": "family"}]},
        {"reference": "MM-2026-021", "title": "Feeding plan", "stage": "formal",
         "status": "contacting"},
    ],
}  # fmt: skip


@pytest.fixture
def window(qtbot: QtBot, casebook: Casebook) -> Iterator[MainWindow]:
    made = MainWindow()
    qtbot.addWidget(made)
    made.show_casebook(casebook)
    made.show()
    yield made
    made.clear()


def _file(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_empty_screen_offers_import_not_a_terminal(window: MainWindow) -> None:
    assert window.showing_empty_state()
    shown = window_text(window, visible_only=True)
    assert "main.py" not in shown and "python" not in shown.lower()
    assert "File → Import cases…" in EMPTY_GUIDANCE
    assert window.cases.import_button.isVisible()
    assert "&Import cases…" in [a.text() for a in window.file_menu.actions()]


def test_import_from_the_empty_screen_adds_every_case_and_says_so(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, tmp_path: Path
) -> None:
    path = _file(tmp_path, DOCUMENT)
    window.importer.choose_file = lambda parent: path
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        window.cases.import_button.click()
    assert sorted(casebook.cases.references()) == ["MM-2026-020", "MM-2026-021"]
    box = window.importer.last_message
    assert box is not None and box.isVisible()
    assert box.text() == (
        "Imported 2 cases (MM-2026-020, MM-2026-021), with 1 party, 0 meetings, 0 notes, "
        "0 issues, 0 terms, 0 disclosures."
    )
    assert window.cases.model.matching == 2 and not window.showing_empty_state()
    assert [e.action for e in casebook.audit.entries()][-1] == "import"
    box.accept()


def test_a_refused_file_adds_nothing_and_says_why(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, tmp_path: Path
) -> None:
    bad = {"format": "parley.cases/1", "cases": [*DOCUMENT["cases"], {"title": "No ref"}]}
    path = _file(tmp_path, bad)
    window.importer.choose_file = lambda parent: path
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.importer.last_message is not None, timeout=20_000)
    box = window.importer.last_message
    assert box is not None and "Nothing was imported." in box.text()
    assert "reference" in box.informativeText()
    assert not list(casebook.cases.references())
    box.accept()


def test_cancelling_the_file_chooser_does_nothing(window: MainWindow, casebook: Casebook) -> None:
    window.importer.choose_file = lambda parent: None
    window.import_action.trigger()
    assert not window.importer.job.busy and window.importer.last_message is None


def test_the_import_runs_on_the_worker_and_says_how_far_it_has_got(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, tmp_path: Path
) -> None:
    many = {
        "format": "parley.cases/1",
        "cases": [{"reference": f"MM-2026-{n:03d}", "title": "Imported"} for n in range(300)],
    }
    path = _file(tmp_path, many)
    window.importer.choose_file = lambda parent: path
    seen: list[str] = []
    window.statusBar().messageChanged.connect(seen.append)
    with qtbot.waitSignal(window.importer.imported, timeout=60_000):
        window.import_action.trigger()
        assert window.importer.job.busy and not window.import_action.isEnabled()
    assert casebook.cases.count() == 300  # stored on the worker's connection, seen on ours
    assert "Importing cases: storing the cases, 0 of 300…" in seen
    assert window.statusBar().currentMessage() == ""
    assert window.import_action.isEnabled()
    assert window.importer.last_message is not None
    window.importer.last_message.accept()


def test_locking_during_an_import_stops_it_and_stores_nothing(
    qtbot: QtBot,
    window: MainWindow,
    casebook: Casebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+L (or the idle lock) while the cases are being stored, inside the transaction:
    the import stops there, nothing of the file is added, nobody is told, and the book opens
    with one unbroken audit chain."""
    from app.books import vault
    from app.books.verify import verify_unlocked
    from app.exchange import importer
    from ui.worker import wait_for_background_work

    from conftest import PASSPHRASE

    halfway, go_on = threading.Event(), threading.Event()
    store = importer.store_case

    def pausing(book: Casebook, planned: importer.PlannedCase) -> None:
        store(book, planned)
        halfway.set()  # one case stored, not committed
        assert go_on.wait(60)

    monkeypatch.setattr(importer, "store_case", pausing)
    folder, key = casebook.folder, casebook.data_key
    window.importer.choose_file = lambda parent: _file(tmp_path, DOCUMENT)
    window.import_action.trigger()
    assert halfway.wait(60)

    window.clear()  # locking, exactly as the session does it
    casebook.close()
    go_on.set()
    assert wait_for_background_work(60_000)
    qtbot.wait(50)  # let the outcome arrive, to be dropped

    assert window.importer.last_message is None  # nothing shown to whoever unlocks next
    assert verify_unlocked(folder, key).ok
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        assert list(reopened.cases.references()) == []
        assert "import" not in [e.action for e in reopened.audit.entries()]
        assert reopened.audit.first_broken_link() is None


def test_the_summary_of_a_large_import_names_a_few_references_and_counts_the_rest() -> None:
    from app.exchange.importer import ImportSummary
    from ui.cases.import_cases import summary_words

    references = tuple(f"IM-2021-{n:05d}" for n in range(1000))
    words = summary_words(ImportSummary(1000, 0, 0, 25_000, 0, 0, 0, references))
    assert words.startswith(
        "Imported 1000 cases (IM-2021-00000, IM-2021-00001, IM-2021-00002, IM-2021-00003, "
        "IM-2021-00004 and 995 more), with 0 parties, 0 meetings, 25000 notes,"
    )
    six = summary_words(ImportSummary(6, 0, 0, 0, 0, 0, 0, references[:6]))
    assert "IM-2021-00005)" in six and "more" not in six  # "and 1 more" would save nothing
