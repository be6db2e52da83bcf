"""Small helpers shared by tests."""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app import cli
from app.books import keyfile

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from app.books.kinds import AnyBook
    from app.storage.database import Connection
    from ui.application import Session
    from ui.main_window import MainWindow


#: Any window or form to be shown (see show_active).
Shown = TypeVar("Shown", bound="QWidget")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def without_spare_key(folder: Path) -> Path:
    """The casebook as if the key file's spare copy were lost: ``casebook.key`` alone decides
    (as in a casebook whose key file has not been written since spare copies began)."""
    (folder / "casebook.key.bak").unlink(missing_ok=True)
    return folder


def refuse_to_open(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """``refuse(name)``: from now on, opening a file of that name fails with EACCES, as a file
    of another account (mode 0600) does. Tests run as root here, where file modes do not stop
    reads; this provokes the same refusal at the one place Parley meets it."""
    names: set[str] = set()
    real_open = io.open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | os.PathLike) and Path(os.fspath(file)).name in names:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr(builtins, "open", guarded)
    return names.add


def tamper_key_file(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit the key file as someone doing it on purpose would: its check made to match again
    (the check guards against accidents only) and both copies alike, so that only the slots'
    own protection is left to stop it."""
    body = json.loads((folder / "casebook.key").read_bytes())
    body.pop("check", None)
    change(body)
    sealed = keyfile.seal(body)
    for name in ("casebook.key", "casebook.key.bak"):
        (folder / name).write_bytes(sealed)


def files_containing(folders: list[Path], needles: list[str]) -> list[str]:
    """Files under ``folders`` that hold any needle, in UTF-8 or UTF-16 form."""
    patterns = []
    for needle in needles:
        patterns += [needle.encode("utf-8"), needle.encode("utf-16-le")]
    hits = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                hits += [f"{path}: {p!r}" for p in patterns if p in data]
    return hits


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run_cli(*argv: str, stdin: str = "") -> Result:
    """Run the command line in this process; a failure must be one clear line, no traceback."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.err
    if code not in (0, 2):
        # One clear line on standard error, prefixed so scripts can recognise it.
        assert result.err.count("\n") == 1 and result.err.startswith("parley: "), result.err
    return result


def floor_kdf_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Books made in this test derive at the design's floor cost instead of calibrating."""
    from conftest import FLOOR_KDF

    monkeypatch.setattr(keyfile, "calibrate_argon2", lambda *a, **k: FLOOR_KDF)


def trust(book: object, other: object) -> None:
    """``book`` trusts ``other``'s card, as if its fingerprint had been read out by phone."""
    from datetime import datetime

    from app.books.book import Book
    from app.exchange.trust import trust_card
    from app.identity.cards import make_card, read_card
    from app.identity.contacts import ConfirmedHow

    assert isinstance(book, Book) and isinstance(other, Book)
    card = read_card(make_card(f"Book {other.casebook_id[:6]}", other.role, other.identity.get()))
    trust_card(book, card, fingerprint=card.fingerprint, how=ConfirmedHow.PHONE, by="Tester",
               at=datetime(2026, 3, 1, 9, 0))  # fmt: skip


def trust_each_other(*books: object) -> None:
    """Every one of ``books`` trusts every other's card."""
    for a in books:
        for b in books:
            if a is not b:
                trust(a, b)


def book_tables(conn: object) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of an open book, decrypted, to prove nothing changed."""
    tables = [
        r[0]
        for r in conn.execute(  # type: ignore[attr-defined]
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {
        t: sorted((tuple(r) for r in conn.execute(f"SELECT * FROM {t}")), key=repr)  # type: ignore[attr-defined]
        for t in tables
    }


_UNLOCKED: dict[Path, tuple[bytes, str]] = {}


def fresh_copy(template: Path, target: Path) -> object:
    """An open copy of a template book at ``target``, without deriving its key again (so a
    Hypothesis example can have books of its own in milliseconds)."""
    import shutil

    from app.books import vault

    from conftest import PASSPHRASE

    if template not in _UNLOCKED:
        unlocked = vault.unlock_with_passphrase(template, PASSPHRASE)
        _UNLOCKED[template] = (unlocked.data_key, unlocked.casebook_id)
    key, book_id = _UNLOCKED[template]
    shutil.copytree(template, target)
    return vault.open_book(vault.Unlocked(target, key, book_id))


# --- the application's windows -----------------------------------------------------------------


def unlock(
    qtbot: QtBot,
    session: Session,
    passphrase: str,
    *,
    before: Callable[[QWidget], object] | None = None,
) -> MainWindow:
    """Start ``session`` and unlock it as a mediator does: type, Enter, wait for the window.
    ``before`` is given the unlock window first, on screen."""
    from PySide6.QtCore import Qt

    from ui.unlock import UnlockDialog

    dialog = session.start()
    assert isinstance(dialog, UnlockDialog)
    if before is not None:
        qtbot.waitExposed(dialog)
        before(dialog)
    qtbot.keyClicks(dialog.field, passphrase)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.casebook is not None, timeout=10_000)
    window = session.window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Type ``text`` into ``field`` as a mediator does: focus it, select what it holds, type,
    and leave it with Tab."""
    from PySide6.QtCore import Qt

    window = field.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    focused = window.focusWidget()
    assert focused is not None and (focused is field or field.isAncestorOf(focused)), (
        "the field did not take the focus"
    )
    qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused, Qt.Key.Key_Delete)
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Tab)


# --- what a window shows ---------------------------------------------------------------------


def window_text(*roots: QWidget, visible_only: bool = False, dialogs: bool = True) -> str:
    """Every text a person, or a screen reader, could get from the widgets under ``roots``.

    Labels, fields and their placeholders, buttons, group and tab titles, combo boxes' items,
    spin and date boxes, window titles, tooltips, status tips, accessible names and
    descriptions, the status bar, actions, and every cell (with its tooltip) of every model
    behind every view. With ``visible_only``, only widgets on screen (for safe view); by
    default hidden ones too, since text left in a hidden widget is still there (for locking).
    With ``dialogs=False``, dialogs under ``roots`` are left out: the pages' own widgets,
    right after locking, while the dialogs it closed wait to be deleted at the next turn of
    the event loop. The one way tests look for text left behind.
    """
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QWidget

    found: list[str] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            in_dialog = isinstance(widget.window(), QDialog) and widget.window() is not root
            if (not visible_only or widget.isVisible()) and (dialogs or not in_dialog):
                found += _widget_texts(widget)
        for action in root.findChildren(QAction):
            found += [action.text(), action.toolTip(), action.statusTip(), action.whatsThis()]
    return "\n".join(text for text in found if text)


def _widget_texts(widget: QWidget) -> list[str]:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QStatusBar,
        QTabBar,
        QTextEdit,
    )

    texts = [widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.whatsThis(),
             widget.accessibleName(), widget.accessibleDescription()]  # fmt: skip
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit | QAbstractSpinBox):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            texts += [widget.tabText(i), widget.tabToolTip(i), widget.tabWhatsThis(i)]
    if isinstance(widget, QStatusBar):
        texts.append(widget.currentMessage())
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts += model_text(widget.model())
    return texts


def model_text(model: QAbstractItemModel) -> list[str]:
    """Each cell's text, tooltips and accessible texts, of rows at any depth."""
    from PySide6.QtCore import QModelIndex, Qt

    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.StatusTipRole, Qt.ItemDataRole.WhatsThisRole,
             Qt.ItemDataRole.AccessibleTextRole,
             Qt.ItemDataRole.AccessibleDescriptionRole)  # fmt: skip
    texts: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            column = 0  # list models keep columnCount private: walk the valid indexes
            while (index := model.index(row, column, parent)).isValid():
                texts.extend(str(value) for role in roles if (value := index.data(role)))
                if column == 0 and model.rowCount(index) > 0:
                    walk(index)
                column += 1

    walk(QModelIndex())
    return texts


def answer_next_box(choose: str | None, seen: list[str], *, tries: int = 500) -> None:
    """When the next modal message box is up, note its words in ``seen``, then press Enter
    (``choose`` None) or click the button whose text is ``choose``. For boxes that run their
    own event loop, as a mediator meets them; gives up after ``tries`` turns of 10 ms."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer(left: int) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            if left:
                QTimer.singleShot(10, lambda: answer(left - 1))
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        if choose is None:
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            [button] = [b for b in box.buttons() if b.text() == choose]
            button.click()

    QTimer.singleShot(0, lambda: answer(tries))


# SQLCipher 4's page: 4096 bytes, of which the last 80 are reserved (IV and HMAC).
PAGE, RESERVE = 4096, 80


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """The plaintext of every page in a SQLCipher 4 database or write-ahead log file."""
    raw = path.read_bytes()
    pages: list[tuple[int, bytes]] = []
    if path.name.endswith("-wal"):
        offset = 32
        while offset + 24 + PAGE <= len(raw):
            (pgno,) = struct.unpack(">I", raw[offset : offset + 4])
            pages.append((pgno, raw[offset + 24 : offset + 24 + PAGE]))
            offset += 24 + PAGE
    else:
        pages = [(i + 1, raw[i * PAGE : (i + 1) * PAGE]) for i in range(len(raw) // PAGE)]
    plain = bytearray()
    for pgno, page in pages:
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        start = 16 if pgno == 1 else 0
        plain += decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()
    return bytes(plain)


def words_in_files(folder: Path, key: bytes, words: list[str]) -> set[str]:
    # Lower case as well: the search index keeps each word as a lower-case token.
    found = set()
    for path in folder.iterdir():
        if path.is_file() and path.name.startswith("casebook.db") and not path.name.endswith("shm"):
            plain = decrypted_pages(path, key).lower()
            found |= {w for w in words if w.lower().encode() in plain}
    return found


def show_active(qtbot: QtBot, window: Shown) -> Shown:
    """``window`` on screen and the active window, so that keys typed reach it."""
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def show_window_on(qtbot: QtBot, window: MainWindow, book: AnyBook) -> MainWindow:
    """``window`` showing ``book``, on screen and active."""
    window.show_casebook(book)
    return show_active(qtbot, window)


def schema_up_to(conn: Connection, step: int) -> None:
    """Give an empty database the casebook schema as it stood after ``step``: a book made by
    an older Parley, for the migrations that follow to bring up to date."""
    from app.books import schema

    for script in schema.MIGRATIONS[:step]:
        for statement in schema.statements(script):
            conn.execute(statement)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (?)", (step,))
