"""Destroying confidential notes from the Case menu: closed cases only, the reference typed
to confirm, the notes gone from the stores afterwards, and the case reopened showing what
was kept. Also the list of closed cases due for review, which opens a case."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from trust_windows import ShowWindow, features, message_boxes

from app.books.casebook import Casebook
from app.cases.records import Case, Issue, IssueKind, Note, Patient, Status, Term, TermStatus
from ui.main_window import MainWindow
from ui.trust.erase_dialog import EraseDialog, offer_erasure
from ui.trust.review_list import ReviewDialog
from ui.workspace.overview_tab import OverviewTab

NOTE = "QzEraseNoteSentinel: father says the consultant never listens."
SUMMARY = "QzEraseSummarySentinel"


def add_case(casebook: Casebook, reference: str, status: Status) -> int:
    with casebook.transaction():
        case = casebook.cases.add(
            Case(None, reference, "Pain relief at the end of life", summary=SUMMARY,
                 patient=Patient("Zoë Nuñez", date(2015, 5, 14), "9434765919", "H1"))
        )  # fmt: skip
        assert case.id is not None
        casebook.notes.add(Note(None, case.id, NOTE, datetime(2026, 3, 10, 15, 10)))
        casebook.issues.add(Issue(None, case.id, IssueKind.UNDERLYING, "QzEraseIssue"))
        casebook.terms.add(Term(None, case.id, 1, "Review pain relief daily", TermStatus.AGREED))
        casebook.terms.add(Term(None, case.id, 2, "QzEraseProposed", TermStatus.PROPOSED))
        if status is not Status.REFERRED:
            casebook.cases.update(replace(casebook.cases.get(case.id), status=status))
    return case.id


@pytest.fixture
def cases(casebook: Casebook) -> tuple[int, int]:
    return add_case(casebook, "MM-2026-040", Status.CLOSED), add_case(
        casebook, "MM-2026-041", Status.IN_MEDIATION
    )


@pytest.fixture
def window(trusted_window: ShowWindow, cases: tuple[int, int]) -> MainWindow:
    return trusted_window()  # the real workspace tabs


def open_erasure(window: MainWindow, case_id: int) -> EraseDialog:
    """Open the case, then its erase window from the menu."""
    window.open_case(case_id)
    features(window).update_actions()
    features(window).erase_action.trigger()
    dialog = window.findChild(EraseDialog)
    assert dialog is not None
    return dialog


def overview(window: MainWindow) -> OverviewTab:
    assert window.workspace is not None
    [tab] = [t for t in window.workspace.tabs if isinstance(t, OverviewTab)]
    return tab


def test_only_a_closed_case_open_in_the_workspace(
    window: MainWindow, cases: tuple[int, int]
) -> None:
    closed, open_case = cases
    installed = features(window)
    assert installed.erase_action in window.case_menu.actions()
    installed.update_actions()
    assert not installed.erase_action.isEnabled()  # no case open
    window.open_case(open_case)
    installed.update_actions()
    assert not installed.erase_action.isEnabled()

    assert offer_erasure(window, open_case, installed.erase_job) is None
    [box] = message_boxes(window)
    assert box.text() == "MM-2026-041 is not closed."

    window.open_case(closed)
    installed.update_actions()
    assert installed.erase_action.isEnabled()


def test_typed_reference_erases_and_the_workspace_shows_what_was_kept(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, cases: tuple[int, int]
) -> None:
    closed, control = cases
    window.open_case(closed)
    overview(window).summary.editor.setPlainText(SUMMARY + " typed, not yet stored")
    features(window).update_actions()
    features(window).erase_action.trigger()
    dialog = window.findChild(EraseDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.destroy_button.isEnabled() and dialog.cancel_button.isDefault()

    qtbot.keyClicks(dialog.confirm, "MM-2026-041")  # another case's reference
    assert not dialog.destroy_button.isEnabled()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "MM-2026-040")
    assert dialog.destroy_button.isEnabled()
    dialog.destroy_button.click()
    # On the worker: the dialog says it is at work and cannot be dismissed or asked again.
    assert dialog.erasing and not dialog.cancel_button.isEnabled()
    assert not dialog.destroy_button.isEnabled() and not dialog.confirm.isEnabled()
    assert window.workspace is None  # the case is put away meanwhile
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.erasing, timeout=60_000)

    assert dialog.erasure is not None
    assert (dialog.erasure.notes, dialog.erasure.issues, dialog.erasure.terms) == (1, 1, 1)
    assert "1 note, 1 issue and 1 proposed or withdrawn term" in dialog.done_text.text()
    assert "Backups made before today still hold these notes" in dialog.reminders.text()
    assert casebook.notes.for_case(closed) == [] and casebook.issues.for_case(closed) == []
    assert [t.text for t in casebook.terms.for_case(closed)] == ["Review pain relief daily"]
    kept = casebook.cases.get(closed)
    assert kept.summary == "" and kept.patient.name == "Zoë Nuñez"
    assert len(casebook.notes.for_case(control)) == 1  # the other case is untouched

    # Reopened, with what was kept, and the typed summary not stored again afterwards.
    assert window.workspace is not None and window.workspace.case_id == closed
    page = overview(window)
    assert page.reference.text() == "MM-2026-040" and page.patient_name.text() == "Zoë Nuñez"
    assert page.summary.text() == ""
    window.close_case()
    assert casebook.cases.get(closed).summary == ""
    assert "confidential notes destroyed" in [e.action for e in casebook.audit.entries()]


def test_the_review_list_shows_closed_cases_due_and_opens_one(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, cases: tuple[int, int]
) -> None:
    closed, _ = cases
    today = date.today()
    dialog = ReviewDialog(casebook, window.open_case, window, today=lambda: today)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and "No closed case is due" in dialog.empty.text()

    later = date(today.year + 7, 1, 1)
    dialog = ReviewDialog(casebook, window.open_case, window, today=lambda: later)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "MM-2026-040"
    assert dialog.table.item(0, 4).text() == "Kept"
    dialog.years.setValue(10)  # the retention period is a setting, changed here
    assert dialog.table.rowCount() == 0
    dialog.years.setValue(6)
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert window.workspace is not None and window.workspace.case_id == closed


def test_enter_never_destroys_notes(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, cases: tuple[int, int]
) -> None:
    closed, _control = cases
    dialog = open_erasure(window, closed)
    qtbot.keyClicks(dialog.confirm, "MM-2026-040")
    assert dialog.destroy_button.isEnabled()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.erasure is None
    assert len(casebook.notes.for_case(closed)) == 1


def test_locking_during_an_erasure_finishes_it_whole_and_the_book_checks_out(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, cases: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Ctrl+L (or the idle lock) half-way through an erasure, inside its transaction: the
    window locks at once, the erasure finishes on its own connection, nothing is shown to
    whoever unlocks next, and the book opens with the notes gone and one audit chain."""
    from app.books import erasure, vault
    from app.books.verify import verify_unlocked
    from ui.worker import wait_for_background_work

    from conftest import PASSPHRASE

    closed, control = cases
    halfway, go_on = threading.Event(), threading.Event()
    erase = erasure._erase

    def pausing(conn: object, case_id: int) -> tuple[int, int, int]:
        counts = erase(conn, case_id)  # type: ignore[arg-type]
        halfway.set()  # erased, not committed: the write lock is held
        assert go_on.wait(60)
        return counts

    monkeypatch.setattr(erasure, "_erase", pausing)
    folder, key = casebook.folder, casebook.data_key
    dialog = open_erasure(window, closed)
    qtbot.keyClicks(dialog.confirm, "MM-2026-040")
    dialog.destroy_button.click()
    assert halfway.wait(60)

    window.clear()  # locking, exactly as the session does it
    casebook.close()
    window.hide()
    assert not features(window).erase_job.busy
    go_on.set()
    assert wait_for_background_work(60_000)
    qtbot.wait(50)  # let the outcome arrive, to be dropped

    assert message_boxes(window) == []
    assert not any(d.isVisible() for d in window.findChildren(EraseDialog))
    assert verify_unlocked(folder, key).ok
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        assert reopened.notes.for_case(closed) == []
        assert len(reopened.notes.for_case(control)) == 1
        actions = [e.action for e in reopened.audit.entries()]
        assert actions.count("confidential notes destroyed") == 1
        assert reopened.audit.first_broken_link() is None


def test_the_erasure_says_each_step_as_it_goes(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, cases: tuple[int, int]
) -> None:
    closed, _ = cases
    dialog = open_erasure(window, closed)
    seen: list[tuple[int, int, str]] = []
    features(window).erase_job.progressed.connect(lambda *step: seen.append(step))
    qtbot.keyClicks(dialog.confirm, "MM-2026-040")
    dialog.destroy_button.click()
    qtbot.waitUntil(lambda: dialog.erasure is not None, timeout=60_000)
    assert [what for _, _, what in seen][:2] == [
        "Erasing the notes and taking them out of the search index",
        "Overwriting the casebook's files",
    ]
    assert seen[-1][0] == seen[-1][1]
