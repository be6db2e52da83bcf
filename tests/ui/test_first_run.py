"""First run: the Create dialog, the recovery key shown once, and the smoke start-up."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.books import keyfile, vault
from app.books.casebook import Casebook
from app.settings import MEDIATOR, ORGANISATION
from ui.application import Session, run_app
from ui.first_run import CreateDialog
from ui.widgets.messages import Kind, RecoveryKeyDialog

from conftest import FLOOR_KDF

GOOD = "lantern orchard quietly 7"
SessionFactory = Callable[[Path], Session]


@pytest.fixture
def sessions(qtbot: QtBot) -> Iterator[SessionFactory]:
    """Sessions that are shut down after the test (their windows come and go on their own)."""
    made: list[Session] = []

    def make(folder: Path) -> Session:
        made.append(Session(folder))
        return made[-1]

    yield make
    for session in made:
        session.dispose()


def _type(qtbot: QtBot, dialog: CreateDialog, passphrase: str, confirmation: str) -> None:
    dialog.passphrase.clear()
    dialog.confirmation.clear()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.keyClicks(dialog.confirmation, confirmation)


@pytest.fixture
def create_dialog(qtbot: QtBot, tmp_path: Path) -> CreateDialog:
    dialog = CreateDialog(tmp_path / "casebook", kdf=FLOOR_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_focus_starts_in_the_name_field_then_the_passphrase(
    qtbot: QtBot, create_dialog: CreateDialog
) -> None:
    assert create_dialog.focusWidget() is create_dialog.your_name
    qtbot.keyClick(create_dialog.your_name, Qt.Key.Key_Tab)
    qtbot.keyClick(create_dialog.organisation, Qt.Key.Key_Tab)
    assert create_dialog.focusWidget() is create_dialog.passphrase
    assert create_dialog.passphrase.echoMode() == create_dialog.passphrase.EchoMode.Password
    assert create_dialog.passphrase.accessibleName() == "Passphrase"
    assert not create_dialog.create_button.isEnabled()


@pytest.mark.parametrize(
    ("weak", "reason"),
    [("short one", "at least 12 characters"), ("Password2026!!", "common password")],
)
def test_weak_passphrase_is_refused_with_the_reason_shown(
    qtbot: QtBot, create_dialog: CreateDialog, tmp_path: Path, weak: str, reason: str
) -> None:
    _type(qtbot, create_dialog, weak, weak)

    assert reason in create_dialog.problem.text()
    assert create_dialog.problem.isVisible()
    assert create_dialog.strength_label.text() == "Too weak"
    assert not create_dialog.create_button.isEnabled()
    qtbot.keyClick(create_dialog.confirmation, Qt.Key.Key_Return)  # Enter must not create
    assert not create_dialog.is_busy
    assert not (tmp_path / "casebook").exists()


def test_passphrases_that_differ_are_refused(qtbot: QtBot, create_dialog: CreateDialog) -> None:
    _type(qtbot, create_dialog, GOOD, GOOD + "x")
    assert create_dialog.match_label.isVisible()
    assert "not the same" in create_dialog.match_label.text()
    assert not create_dialog.create_button.isEnabled()

    _type(qtbot, create_dialog, GOOD, GOOD)
    assert not create_dialog.match_label.isVisible()
    assert create_dialog.problem.kind is Kind.GUIDANCE  # the advice, no reason
    assert create_dialog.strength_label.text() not in ("", "Too weak")
    assert create_dialog.create_button.isEnabled()


def test_the_confirmation_field_stays_where_it_is_as_the_passphrase_is_typed(
    qtbot: QtBot, create_dialog: CreateDialog
) -> None:
    """The advice beneath the passphrase stays once it is long enough (a reason takes its
    place while it is not), so the field the mediator tabs to next never moves up."""
    field = create_dialog.confirmation
    where = field.mapTo(create_dialog, field.rect().topLeft())
    for typed in ("short", GOOD):
        create_dialog.passphrase.clear()
        qtbot.keyClicks(create_dialog.passphrase, typed)
        assert field.mapTo(create_dialog, field.rect().topLeft()) == where, typed


def test_creating_shows_the_recovery_key_once_and_it_opens_the_casebook(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sessions: SessionFactory
) -> None:
    # The real path calibrates Argon2id (about a second); the floor keeps the test quick.
    monkeypatch.setattr(keyfile, "calibrate_argon2", lambda *args, **kwargs: FLOOR_KDF)
    folder = tmp_path / "casebook"
    session = sessions(folder)
    create = session.start()
    assert isinstance(create, CreateDialog)
    # Asked first, printed on every agreement (the mediator's signature, the organisation).
    create.activateWindow()
    qtbot.waitUntil(create.isActiveWindow)
    qtbot.keyClicks(create.your_name, " Helen  Carter ")
    qtbot.keyClick(create, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(create.focusWidget(), "Northern Healthcare Mediation Service")
    _type(qtbot, create, GOOD, GOOD)

    qtbot.keyClick(create.confirmation, Qt.Key.Key_Return)  # Enter is the default button
    assert create.is_busy
    assert create.busy.isVisibleTo(create)
    assert not create.passphrase.isEnabled() and not create.create_button.isEnabled()

    qtbot.waitUntil(lambda: isinstance(session.dialog, RecoveryKeyDialog), timeout=10_000)
    shown = session.dialog
    assert isinstance(shown, RecoveryKeyDialog)
    key = shown.recovery_key_text()
    assert "It will not be shown again." in " ".join(
        label.text() for label in shown.findChildren(QLabel)
    )
    assert not shown.continue_button.isEnabled()
    shown.reject()  # Escape must not throw the key away unseen
    assert shown.isVisible()

    shown.stored.setChecked(True)
    assert shown.continue_button.isEnabled()
    qtbot.mouseClick(shown.continue_button, Qt.MouseButton.LeftButton)
    window = session.window
    assert window.isVisible() and window.showing_empty_state()
    assert shown.recovery_key_text() == ""  # gone from the screen for good

    with vault.open_with_recovery_key(folder, key) as reopened:
        assert reopened.casebook_id == session.casebook.casebook_id  # type: ignore[union-attr]
        assert reopened.settings.get(MEDIATOR) == "Helen Carter"
        assert reopened.settings.get(ORGANISATION) == "Northern Healthcare Mediation Service"


def test_a_failure_is_shown_inline_and_the_form_comes_back(
    qtbot: QtBot, create_dialog: CreateDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire: /secret/path")

    monkeypatch.setattr(vault, "create_casebook", broken)
    _type(qtbot, create_dialog, GOOD, GOOD)
    qtbot.mouseClick(create_dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not create_dialog.is_busy, timeout=10_000)

    assert create_dialog.message.text() == "Something went wrong: OSError"
    assert create_dialog.passphrase.isEnabled() and create_dialog.create_button.isEnabled()


def test_smoke_test_opens_the_first_window_and_creates_nothing(
    qapp: object, tmp_path: Path
) -> None:
    folder = tmp_path / "not-yet" / "casebook"
    assert run_app(folder, smoke_test=True) == 0
    assert not (tmp_path / "not-yet").exists()


def test_the_cycle_collector_is_back_on_once_the_first_window_is_built(
    qapp: object, tmp_path: Path
) -> None:
    """main.py holds Python's cycle collector off while modules load (start-up time); the
    app must never run without it."""
    gc.disable()
    try:
        assert run_app(tmp_path / "casebook", smoke_test=True) == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what loaded before is kept out of collections
    finally:
        gc.unfreeze()
        gc.enable()


def test_smoke_test_on_an_existing_casebook_changes_nothing(
    qapp: object, casebook_folder: Path
) -> None:
    before = {p.name: p.read_bytes() for p in casebook_folder.iterdir()}
    assert run_app(casebook_folder, smoke_test=True) == 0
    assert {p.name: p.read_bytes() for p in casebook_folder.iterdir()} == before


def test_the_choice_of_book_is_in_plain_words_and_a_sole_practitioner_is_the_default(
    create_dialog: CreateDialog,
) -> None:
    from ui.first_run import OFFICE, SOLE

    assert create_dialog.choice == SOLE
    words = [b.text().replace("&", "") for b in create_dialog.choices.values()]
    assert words[0].startswith("I work on my own: my cases, and the training and complaints")
    assert "one of a service's mediators" in words[1]
    assert (
        "I run the service's office" in words[2]
        and "never anything said in mediation" in (words[2])
    )
    create_dialog.choices[OFFICE].setChecked(True)
    assert create_dialog.windowTitle() == "Parley — Create the office's book"
    assert create_dialog.create_button.text() == "C&reate the office's book"
    assert "opens this book only, never a mediator's casebook" in create_dialog.intro.text()


@pytest.mark.parametrize(
    ("choice", "sections"),
    [
        (
            "office",
            [
                "Dashboard",
                "Referrals",
                "Agreements",
                "Training",
                "Complaints",
                "Subject access",
                "Statistics",
                "Contacts",
            ],
        ),
        ("mediator", ["Dashboard", "Cases", "Subject access", "Statistics", "Contacts"]),
        (
            "sole",
            [
                "Dashboard",
                "Cases",
                "Training",
                "Complaints",
                "Subject access",
                "Statistics",
                "Contacts",
            ],
        ),
    ],
)
def test_the_book_made_is_the_one_chosen_and_its_window_shows_its_sections(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sessions: SessionFactory,
    choice: str,
    sections: list[str],
) -> None:
    monkeypatch.setattr(keyfile, "calibrate_argon2", lambda *args, **kwargs: FLOOR_KDF)
    folder = tmp_path / "book"
    session = sessions(folder)
    create = session.start()
    assert isinstance(create, CreateDialog)
    # Keyboard first: back from the first field to the choice; the arrow keys choose.
    qtbot.waitExposed(create)
    create.activateWindow()
    qtbot.waitUntil(create.isActiveWindow)
    create.your_name.setFocus()
    qtbot.keyClick(create.your_name, Qt.Key.Key_Backtab)
    assert create.focusWidget() in create.choices.values()
    for _ in range(2):
        qtbot.keyClick(create.focusWidget(), Qt.Key.Key_Up)
    assert create.choice == "sole"
    for _ in range(list(create.choices).index(choice)):
        qtbot.keyClick(create.focusWidget(), Qt.Key.Key_Down)
    assert create.choice == choice
    _type(qtbot, create, GOOD, GOOD)
    qtbot.keyClick(create.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(session.dialog, RecoveryKeyDialog), timeout=10_000)
    shown = session.dialog
    assert isinstance(shown, RecoveryKeyDialog)
    shown.stored.setChecked(True)
    qtbot.mouseClick(shown.continue_button, Qt.MouseButton.LeftButton)
    window = session.window
    items = (window.navigation.item(r) for r in range(window.navigation.count()))
    assert [i.text().strip() for i in items if not i.isHidden()] == sections
    book = session.casebook
    assert book is not None and book.role.value == ("office" if choice == "office" else "mediator")
    if isinstance(book, Casebook):
        assert book.keeps_registers == (choice == "sole")
