"""The Unlock dialog: wrong secrets, damaged and missing casebooks, and the growing wait."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app.books import schema, vault
from app.roles import Role
from app.storage.database import Connection
from app.storage.migrations import schema_version
from ui.application import Session
from ui.throttle import RetryThrottle, default_delay
from ui.unlock import UnlockDialog

from conftest import PASSPHRASE
from helpers import refuse_to_open

SessionFactory = Callable[[Path], Session]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sessions(qtbot: QtBot) -> Iterator[SessionFactory]:
    made: list[Session] = []

    def make(folder: Path) -> Session:
        made.append(Session(folder))
        return made[-1]

    yield make
    for session in made:
        session.dispose()


def _dialog(qtbot: QtBot, folder: Path, throttle: RetryThrottle | None = None) -> UnlockDialog:
    dialog = UnlockDialog(folder, throttle=throttle)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _try(qtbot: QtBot, dialog: UnlockDialog, secret: str) -> None:
    dialog.field.clear()
    qtbot.keyClicks(dialog.field, secret)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_wrong_passphrase_says_so_and_changes_no_file(qtbot: QtBot, casebook_folder: Path) -> None:
    before = _snapshot(casebook_folder)
    dialog = _dialog(qtbot, casebook_folder)
    assert dialog.focusWidget() is dialog.field
    assert str(casebook_folder) in dialog.folder_label.toolTip()

    _try(qtbot, dialog, "not the passphrase at all")

    assert dialog.message.isVisible()
    assert "That passphrase does not open this casebook." in dialog.message.text()
    assert not dialog.choose_folder_button.isVisible()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.field.hasFocus() and dialog.field.selectedText() == "not the passphrase at all"
    assert _snapshot(casebook_folder) == before


def test_right_passphrase_opens_the_case_list(
    qtbot: QtBot, casebook_folder: Path, sessions: SessionFactory
) -> None:
    session = sessions(casebook_folder)
    dialog = session.start()
    assert isinstance(dialog, UnlockDialog)

    _try(qtbot, dialog, PASSPHRASE)

    qtbot.waitUntil(lambda: session.window.isVisible())
    assert session.casebook is not None and session.casebook.is_open
    assert not dialog.isVisible()
    assert dialog.field.text() == ""
    assert session.window.showing_empty_state()


def test_a_schema_step_runs_on_the_worker_not_the_window(
    qtbot: QtBot, casebook_folder: Path, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an update, the first unlock may rebuild the search index (seconds at 10,000
    cases): that happens while the unlock window waits, never with the window frozen."""
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as book:
        # The last step rebuilds the index from what the book holds, so it may run again.
        book.connection.execute("UPDATE schema_version SET version = ?", (schema.LATEST - 1,))
    seen: list[tuple[bool, int]] = []
    real_migrate = vault.migrate

    def migrate(conn: Connection, *args: Any, **kwargs: Any) -> Role:
        on_gui = threading.current_thread() is threading.main_thread()
        seen.append((on_gui, schema_version(conn)))
        return real_migrate(conn, *args, **kwargs)

    monkeypatch.setattr(vault, "migrate", migrate)
    session = sessions(casebook_folder)
    dialog = session.start()
    assert isinstance(dialog, UnlockDialog)
    _try(qtbot, dialog, PASSPHRASE)
    qtbot.waitUntil(lambda: session.casebook is not None, timeout=20_000)

    assert (False, schema.LATEST - 1) in seen  # the step ran on the worker
    assert all(version == schema.LATEST for on_gui, version in seen if on_gui)
    assert session.casebook is not None
    assert (
        session.casebook.connection.execute("SELECT version FROM schema_version").fetchone()[0]
        == schema.LATEST
    )


def test_recovery_key_instead(
    qtbot: QtBot, casebook_folder: Path, template_recovery_key: str, sessions: SessionFactory
) -> None:
    session = sessions(casebook_folder)
    dialog = session.start()
    assert isinstance(dialog, UnlockDialog)
    dialog.use_recovery.setChecked(True)
    assert dialog.field_label.text() == "&Recovery key:"
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.field.accessibleName() == "Recovery key"

    _try(qtbot, dialog, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert "That recovery key does not open this casebook." in dialog.message.text()

    _try(qtbot, dialog, template_recovery_key.lower())  # as typed from paper
    qtbot.waitUntil(lambda: session.casebook is not None)


def _one_byte_of_the_casebook_id_changed(raw: bytes) -> bytes:
    at = raw.index(b'"casebook_id": "') + len(b'"casebook_id": "')
    return raw[:at] + (b"1" if raw[at : at + 1] != b"1" else b"2") + raw[at + 1 :]


@pytest.mark.parametrize(
    "damage",
    [lambda raw: raw[:40], _one_byte_of_the_casebook_id_changed],
    ids=["truncated", "one byte of the casebook id changed"],
)
def test_damaged_casebook_is_reported_and_left_alone(
    qtbot: QtBot, casebook_folder: Path, damage: Callable[[bytes], bytes]
) -> None:
    (casebook_folder / "casebook.key.bak").unlink(missing_ok=True)  # no spare to fall back on
    key_file = casebook_folder / "casebook.key"
    key_file.write_bytes(damage(key_file.read_bytes()))
    before = _snapshot(casebook_folder)
    dialog = _dialog(qtbot, casebook_folder)

    _try(qtbot, dialog, PASSPHRASE)

    assert dialog.message.text().startswith("The casebook cannot be opened.")
    assert "casebook.key" in dialog.message.text() and "damaged" in dialog.message.text()
    assert "nothing was changed" in dialog.message.text().lower()
    assert "does not open" not in dialog.message.text()
    assert "Caps Lock" not in dialog.message.text()
    assert dialog.throttle.failures == 0  # a damaged file is not a wrong guess
    assert _snapshot(casebook_folder) == before


@pytest.mark.parametrize("name", ["casebook.key", "casebook.db"])
def test_a_file_of_another_account_is_named_not_called_damaged(
    qtbot: QtBot, casebook_folder: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    dialog = _dialog(qtbot, casebook_folder)
    refuse = refuse_to_open(monkeypatch)  # as root, file modes do not stop reads
    refuse(name)
    refuse("casebook.key.bak")

    _try(qtbot, dialog, PASSPHRASE)

    text = dialog.message.text()
    assert text.startswith("The casebook cannot be opened."), text
    assert "not allowed to read" in text and f"({name})" in text, text
    assert "damaged" not in text and "does not open" not in text, text
    assert dialog.throttle.failures == 0 and dialog.isVisible()


def test_missing_casebook_offers_another_folder(
    qtbot: QtBot, tmp_path: Path, casebook_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "usb-stick" / "casebook"
    dialog = _dialog(qtbot, gone)

    _try(qtbot, dialog, PASSPHRASE)

    assert f"There is no casebook in {gone}." in dialog.message.text()
    assert dialog.choose_folder_button.isVisible()
    assert dialog.choose_folder_button.text() == "C&hoose another folder…"
    assert not gone.exists()

    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args: str(casebook_folder))
    )
    qtbot.mouseClick(dialog.choose_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.folder == casebook_folder
    assert not dialog.message.isVisible() and not dialog.choose_folder_button.isVisible()

    opened: list[object] = []
    dialog.unlocked.connect(opened.append)
    _try(qtbot, dialog, PASSPHRASE)
    assert len(opened) == 1
    opened[0].close()  # type: ignore[attr-defined]


def test_the_default_wait_grows_and_is_capped() -> None:
    assert [default_delay(n) for n in range(1, 11)] == [0, 0, 1, 2, 4, 8, 16, 30, 30, 30]


def test_repeated_failures_make_the_mediator_wait(qtbot: QtBot, casebook_folder: Path) -> None:
    clock = FakeClock()
    throttle = RetryThrottle(delay_for=lambda failures: 0 if failures < 2 else 4, clock=clock)
    dialog = _dialog(qtbot, casebook_folder, throttle)

    _try(qtbot, dialog, "wrong once")
    assert dialog.unlock_button.isEnabled() and not dialog.wait_label.isVisible()

    _try(qtbot, dialog, "wrong twice")
    assert throttle.failures == 2
    assert not dialog.unlock_button.isEnabled()
    assert dialog.wait_label.isVisible() and dialog.wait_label.text() == "Try again in 4 s"
    assert dialog.wait_timer.isActive()
    qtbot.keyClicks(dialog.field, "x")  # typing does not re-enable it
    assert not dialog.unlock_button.isEnabled()
    dialog.unlock()  # nor does asking directly
    assert not dialog.is_busy

    clock.now += 1.5
    dialog.update_wait()
    assert dialog.wait_label.text() == "Try again in 3 s"

    clock.now += 3
    dialog.update_wait()
    assert dialog.unlock_button.isEnabled()
    assert not dialog.wait_label.isVisible() and not dialog.wait_timer.isActive()

    _try(qtbot, dialog, PASSPHRASE)  # success forgets the failures
    assert throttle.failures == 0
    dialog.accept()


def test_locking_and_unlocking_again_keeps_the_wait(
    qtbot: QtBot, casebook_folder: Path, sessions: SessionFactory
) -> None:
    session = sessions(casebook_folder)
    clock = FakeClock()
    session.throttle = RetryThrottle(delay_for=lambda failures: 10, clock=clock)
    first = session.start()
    assert isinstance(first, UnlockDialog)
    _try(qtbot, first, "wrong")
    first.reject()

    again = session.show_unlock()
    assert again.throttle is session.throttle
    assert not again.unlock_button.isEnabled()
    assert again.wait_label.text() == "Try again in 10 s"


def test_warnings_from_opening_are_shown(
    qtbot: QtBot, casebook_folder: Path, sessions: SessionFactory
) -> None:
    key_file = casebook_folder / "casebook.key"
    damaged = _one_byte_of_the_casebook_id_changed(key_file.read_bytes())
    key_file.write_bytes(damaged)
    session = sessions(casebook_folder)
    dialog = session.start()
    assert isinstance(dialog, UnlockDialog)

    _try(qtbot, dialog, PASSPHRASE)

    qtbot.waitUntil(lambda: session.window.isVisible())
    boxes = session.window.findChildren(QMessageBox)
    assert len(boxes) == 1 and boxes[0].isVisible()
    assert boxes[0].icon() == QMessageBox.Icon.Information
    assert "spare copy (casebook.key.bak) was used" in boxes[0].informativeText()
    assert key_file.read_bytes() == damaged  # reported, never repaired
