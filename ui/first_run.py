"""First run: say which book this is, choose a passphrase, create the book, then show its
recovery key.

The choice is put in the words of the people who make it: a sole practitioner's casebook
keeps the training and complaints registers as well as the cases (the default, and what a
casebook always was); one of a service's mediators keeps only cases; the office's book is
for administrators, and has no place for anything said in mediation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ParleyError
from ui.background import BackgroundJob
from ui.widgets.messages import (
    DIALOG_WIDTH,
    FOLDER_PREFIX,
    FittedDialog,
    InlineMessage,
    busy_bar,
    fit_height,
    heading,
    set_elided_path,
    small_label,
)
from ui.widgets.passphrase import NewPassphrase, add_footer

if TYPE_CHECKING:
    from app.books.keyfile import Argon2Params
    from app.books.vault import CreatedCasebook, CreatedOfficeBook

SOLE, MEDIATOR, OFFICE = "sole", "mediator", "office"
#: The choice, in the words of whoever makes it; the mnemonics are free in this window.
BOOK_CHOICES = (
    (SOLE, "&I work on my own: my cases, and the training and complaints registers"),
    (MEDIATOR, "I am one of a service's &mediators: my cases (the office keeps the registers)"),
    (OFFICE, "I run the service's o&ffice: referrals, agreements to print and file, training "
     "and complaints; never anything said in mediation"),
)  # fmt: skip


class CreateDialog(FittedDialog):
    """First run: choose a passphrase, then the casebook is made in ``folder``."""

    created = Signal(object)  # CreatedCasebook or CreatedOfficeBook
    #: A new computer, a casebook kept in a backup: put it here instead of making one.
    restore_requested = Signal()
    may_hold_text_boxes = False  # start-up waits for this window (see FittedDialog)

    def __init__(
        self, folder: Path, *, kdf: Argon2Params | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._kdf = kdf  # None: calibrated on this machine, as in normal use
        self.job = BackgroundJob(self)
        self.setWindowTitle("Parley — Create your casebook")
        self.setMinimumWidth(DIALOG_WIDTH)

        self.title = heading("Create your casebook", self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        which = QLabel("Which book is this?", self)
        self.choices: dict[str, QRadioButton] = {}
        self.choice_group = QButtonGroup(self)
        for value, words in BOOK_CHOICES:
            button = QRadioButton(words, self)
            button.setAccessibleName(words.replace("&", ""))
            self.choices[value] = button
            self.choice_group.addButton(button)
        self.choices[SOLE].setChecked(True)
        folder_label = small_label("", self)
        set_elided_path(folder_label, self.folder, DIALOG_WIDTH - 40, FOLDER_PREFIX)

        # Printed on every agreement: the mediator's signature line and the organisation at
        # its head (Settings changes them later).
        self.your_name = QLineEdit(self)
        self.your_name.setAccessibleName("Your name")
        self.your_name.setPlaceholderText("As it should be printed, e.g. Helen Carter")
        self.organisation = QLineEdit(self)
        self.organisation.setAccessibleName("Organisation")
        self.organisation.setPlaceholderText("e.g. Northern Healthcare Mediation Service")
        self.about_you = about_you = QLabel(
            "Your name and organisation are printed on agreements, beside your signature. "
            "You can change them later in Settings.",
            self,
        )
        about_you.setWordWrap(True)
        name_label = QLabel("Your &name:", self)
        name_label.setBuddy(self.your_name)
        organisation_label = QLabel("&Organisation:", self)
        organisation_label.setBuddy(self.organisation)

        self.new_passphrase = NewPassphrase(self)
        # Named on the dialog too: what the mediator types is what the dialog is about.
        self.passphrase = self.new_passphrase.passphrase
        self.confirmation = self.new_passphrase.confirmation
        self.show_text = self.new_passphrase.show_text
        self.meter = self.new_passphrase.meter
        self.strength_label = self.new_passphrase.strength_label
        self.problem = self.new_passphrase.problem
        self.match_label = self.new_passphrase.match_label

        self.busy = busy_bar(self)
        self.busy_label = QLabel(self)
        self.busy_label.hide()
        self.message = InlineMessage(self)
        # By keyword: a positional parent makes PySide weigh the overload that takes a
        # Qt.Orientation, which builds the Qt namespace's enums (see ui.widgets.qt_properties).
        self.buttons = QDialogButtonBox(parent=self)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "C&reate casebook", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.restore_button = self.buttons.addButton(
            "Restore from a &backup…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setAutoDefault(False)
        self.restore_button.setToolTip(
            "A new computer? Put the book kept in a Parley backup here instead of making one"
        )
        self.restore_button.clicked.connect(self.restore_requested.emit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(folder_label)
        layout.addSpacing(6)
        layout.addWidget(which)
        for button in self.choices.values():
            layout.addWidget(button)
        layout.addSpacing(6)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        # Labels above fields, as in the Unlock dialog; a QFormLayout mis-sizes wrapped rows.
        about: list[QWidget] = [about_you, name_label, self.your_name, organisation_label]
        for widget in [*about, self.organisation]:
            layout.addWidget(widget)
        layout.addSpacing(10)
        layout.addWidget(self.new_passphrase)
        add_footer(layout, self.message, self.busy_label, self.busy, self.buttons)

        self.new_passphrase.changed.connect(self._refresh)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self.choice_group.buttonToggled.connect(lambda _button, _on: self._say_which())
        self.your_name.setFocus()
        self._say_which()
        self._refresh()

    @property
    def choice(self) -> str:
        """Which book: ``SOLE``, ``MEDIATOR`` or ``OFFICE``."""
        return next(v for v, button in self.choices.items() if button.isChecked())

    def _say_which(self) -> None:
        office = self.choice == OFFICE
        book = "the office's book" if office else "your casebook"
        self.setWindowTitle(f"Parley — Create {book}")
        self.title.setText(f"Create {book}")
        self.create_button.setText("C&reate the office's book" if office else "C&reate casebook")
        self.busy_label.setText(f"Creating {book}…")
        self.about_you.setText(
            "Your name goes into this book's audit trail; the organisation is the name other "
            "books know this one by. You can change them later in Settings."
            if office
            else "Your name and organisation are printed on agreements, beside your signature. "
            "You can change them later in Settings."
        )
        self.intro.setText(
            "Parley keeps the office's records encrypted on this computer. Choose a passphrase "
            "to unlock them: it opens this book only, never a mediator's casebook. Nobody can "
            "recover it for you, so you will also be given a recovery key."
            if office
            else "Parley keeps your case notes encrypted on this computer. Choose a passphrase "
            "to unlock them. Nobody can recover it for you, so you will also be given a "
            "recovery key."
        )
        fit_height(self)

    @property
    def is_busy(self) -> bool:
        return self.job.busy

    def can_create(self) -> bool:
        return self.new_passphrase.acceptable()

    def reject(self) -> None:
        # Creation cannot be stopped half-way; closing now would leave the mediator
        # unsure whether a casebook exists and without its recovery key.
        if not self.is_busy:
            super().reject()

    def _refresh(self) -> None:
        self.create_button.setEnabled(self.can_create() and not self.is_busy)
        fit_height(self)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.your_name, self.organisation, *self.choices.values()):
            widget.setEnabled(not busy)
        self.new_passphrase.set_editable(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        self._refresh()

    def _create(self) -> None:
        if not self.can_create() or self.is_busy:
            return
        folder, passphrase, kdf = self.folder, self.passphrase.text(), self._kdf
        about = (" ".join(self.your_name.text().split()),
                 " ".join(self.organisation.text().split()))  # fmt: skip
        choice = self.choice
        self.message.clear()
        self.job.start(
            lambda: _create(folder, passphrase, kdf, about, choice),
            self._on_created,
            self._on_failed,
        )
        self._set_busy(True)

    def _on_created(self, created: CreatedCasebook | CreatedOfficeBook) -> None:
        self.new_passphrase.clear()
        self.created.emit(created)
        self.accept()

    def _on_failed(self, error: ParleyError) -> None:
        self._set_busy(False)
        self.message.show_message(str(error))
        fit_height(self)
        self.passphrase.setFocus()


def _create(
    folder: Path,
    passphrase: str,
    kdf: Argon2Params | None,
    about: tuple[str, str],
    choice: str,
) -> CreatedCasebook | CreatedOfficeBook:
    # The vault (and its cryptography) loads on the worker thread, when it is needed.
    from app.books import vault
    from app.settings import MEDIATOR, ORGANISATION

    created: CreatedCasebook | CreatedOfficeBook
    if choice == OFFICE:
        created = vault.create_office_book(folder, passphrase, kdf=kdf)
    else:
        created = vault.create_casebook(folder, passphrase, kdf=kdf, keeps_registers=choice == SOLE)
    name, organisation = about
    # On the thread that made the connection, before anyone else can use it.
    with created.book.transaction():
        created.book.settings.set(MEDIATOR, name)
        created.book.settings.set(ORGANISATION, organisation)
    return created
