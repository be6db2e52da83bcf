"""Receiving a sealed file in the window: from File, Receive, by dropping it on the window, or
because Parley was opened on it. What came is said in one line and shown where it belongs;
a refusal is one human line and the book is exactly as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from office_windows import agreement_file, introduce, message_boxes, open_window
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from ui.main_window import MainWindow
from ui.office import sealed_files
from ui.office.agreements_page import AgreementsPage

from helpers import book_tables


def drop(window: MainWindow, path: Path) -> bool:
    """Drag ``path`` over the window and drop it, as a file manager does; whether the
    window accepted the drag."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    where = window.rect().center()
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(QPointF(QPoint(where)), Qt.DropAction.CopyAction, data,
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, dropped)
    return True


def one_box(qtbot: QtBot) -> tuple[str, str]:
    """The one message box on screen: its text and informative text; then it is closed."""
    qtbot.waitUntil(lambda: len(message_boxes()) == 1, timeout=10_000)
    [box] = message_boxes()
    said = (box.text(), box.informativeText())
    box.close()
    return said


@pytest.fixture
def office(office_book: OfficeBook, casebook: Casebook) -> OfficeBook:
    introduce(office_book, casebook)
    return office_book


def test_file_receive_takes_in_an_agreement_and_shows_it_on_the_agreements_page(
    qtbot: QtBot,
    office: OfficeBook,
    casebook: Casebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent = agreement_file(office, casebook, tmp_path)
    window, pages = open_window(qtbot, office)
    monkeypatch.setattr(sealed_files, "choose_sealed_file", lambda parent: sent.path)
    window.navigation.setCurrentRow(window.sections.indexOf(pages.agreements))
    assert pages.agreements.first_button.isVisible()  # the empty page says how

    pages.sealed.receive_action.trigger()
    text, where = one_box(qtbot)
    assert text == "Received the agreement for MM-2026-040 from Book " + (
        casebook.casebook_id[:6] + "."
    )
    assert where == "It is on the Agreements page, waiting for its signed copy."
    assert office.agreements.latest_for("MM-2026-040").document.terms == (
        "Review the plan weekly.",
    )
    assert isinstance(window.sections.currentWidget(), AgreementsPage)
    assert pages.agreements.model.rowCount() == 1
    window.clear()


def test_dropping_a_sealed_file_on_the_window_receives_it(
    qtbot: QtBot, office: OfficeBook, casebook: Casebook, tmp_path: Path
) -> None:
    sent = agreement_file(office, casebook, tmp_path)
    window, pages = open_window(qtbot, office)
    assert drop(window, sent.path)
    text, _where = one_box(qtbot)
    assert text.startswith("Received the agreement for MM-2026-040")
    assert [a.document.case_reference for a in office.agreements.all()] == ["MM-2026-040"]
    assert pages.sealed.last is not None
    window.clear()


def test_a_file_that_is_not_sealed_is_not_taken_from_a_drag(
    qtbot: QtBot, office: OfficeBook, tmp_path: Path
) -> None:
    window, _pages = open_window(qtbot, office)
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert not drop(window, other)
    window.clear()


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda data: b"", "is empty (0 bytes): it is not a sealed file."),
        (lambda data: os.urandom(len(data)), "is not a Parley sealed file."),
        (lambda data: data[: len(data) // 2], "does not open: it has been altered"),
        (
            lambda data: data[:-40] + bytes(b ^ 1 for b in data[-40:]),
            "does not open: it has been altered",
        ),
    ],
    ids=["empty", "random bytes", "cut short", "tag altered"],
)
def test_a_refused_file_is_one_human_line_and_the_book_is_unchanged(
    qtbot: QtBot,
    office: OfficeBook,
    casebook: Casebook,
    tmp_path: Path,
    damage: object,
    why: str,
) -> None:
    sent = agreement_file(office, casebook, tmp_path)
    assert callable(damage)
    sent.path.write_bytes(damage(sent.path.read_bytes()))
    before = book_tables(office.connection)
    window, _pages = open_window(qtbot, office)
    assert drop(window, sent.path)
    text, detail = one_box(qtbot)
    assert why in text
    assert "\n" not in text and detail == ""
    assert "Traceback" not in text and "Error" not in text
    assert book_tables(office.connection) == before
    window.clear()


def test_a_file_received_twice_is_refused_the_second_time(
    qtbot: QtBot, office: OfficeBook, casebook: Casebook, tmp_path: Path
) -> None:
    sent = agreement_file(office, casebook, tmp_path)
    window, _pages = open_window(qtbot, office)
    assert drop(window, sent.path)
    one_box(qtbot)
    before = book_tables(office.connection)
    assert drop(window, sent.path)
    text, _detail = one_box(qtbot)
    assert "was already received on" in text and "nothing was changed" in text
    assert book_tables(office.connection) == before
    window.clear()


def test_a_casebook_refuses_an_agreement_meant_for_the_office(
    qtbot: QtBot, office: OfficeBook, casebook: Casebook, tmp_path: Path
) -> None:
    sent = agreement_file(office, casebook, tmp_path)
    before = book_tables(casebook.connection)
    window, _pages = open_window(qtbot, casebook)
    assert drop(window, sent.path)
    text, _detail = one_box(qtbot)
    assert "is sealed to another book" in text
    assert book_tables(casebook.connection) == before
    window.clear()


def test_parley_opened_on_a_sealed_file_takes_it_in_once_the_book_is_unlocked(
    qtbot: QtBot, office: OfficeBook, casebook: Casebook, tmp_path: Path
) -> None:
    sent = agreement_file(office, casebook, tmp_path)
    window, pages = open_window(qtbot, office)
    window.clear()  # locked: the file waits
    pages.sealed.receive_when_open(sent.path)
    assert message_boxes() == [] and office.agreements.all() == []
    window.show_casebook(office)
    pages.sealed.book_shown()
    text, _where = one_box(qtbot)
    assert text.startswith("Received the agreement for MM-2026-040")
    window.clear()
