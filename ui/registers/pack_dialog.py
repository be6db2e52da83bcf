"""Reviewing a subject access pack, item by item, then writing it as a PDF.

Every item Parley gathered is listed with a tick box, whose words it is and the case it
comes from; the chosen item's text shows below. The requester's own items start ticked.
Ticking anything else asks the mediator why it is added, one item at a time; unticking one
of the requester's own asks why it is withheld. Writing renders the reviewed pack off the
GUI thread and writes it, with its audit entry, back on it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.access_pack import AccessPack, PackItem, Source
from app.documents.access_pack import render_pack, write_pack
from app.errors import InvalidValue, ParleyError
from app.formatting import format_date
from app.settings import ORGANISATION
from ui.background import BackgroundJob
from ui.widgets.files import choose_pdf_path
from ui.widgets.lists import wrapped_label
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, heading
from ui.widgets.roles import CHOICE_ROLE

Ask = Callable[[QWidget, str, str], tuple[str, bool]]


def ask_reason(parent: QWidget, title: str, question: str) -> tuple[str, bool]:
    """The mediator's reason for one choice (``QInputDialog``, so a test can stand in)."""
    return QInputDialog.getText(parent, title, question, QLineEdit.EchoMode.Normal, "")


class PackDialog(FittedDialog):
    """The review of one request's pack; see the module's docstring."""

    def __init__(self, casebook: Casebook, pack: AccessPack, *, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.casebook, self.pack, self.today = casebook, pack, today
        self.ask: Ask = ask_reason
        self.job = BackgroundJob(self, still_wanted=lambda: self.casebook.is_open)
        self.setWindowTitle(f"Parley — Subject access pack {pack.reference}")
        self.setMinimumWidth(900)
        self.items = QListWidget(self)
        self.items.setAccessibleName("What Parley holds about the requester")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The chosen item, as the pack would show it")
        self.text.setMaximumHeight(self.fontMetrics().height() * 8)
        self.message = InlineMessage(self)
        self.buttons = QDialogButtonBox(self)
        self.write_button = self.buttons.addButton(
            "&Write the pack…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Pack for {pack.requester} ({pack.reference})", self, scale=1.2))
        layout.addWidget(wrapped_label(
            "The requester's own information is ticked. Anything else goes in only when you "
            "tick it and say why; leaving out their own information needs a reason too. "
            "Space ticks the item chosen.", self, name="How to review"))  # fmt: skip
        layout.addWidget(self.message)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self._fill()
        self.items.currentRowChanged.connect(self._show_text)
        self.items.itemChanged.connect(self._ticked)
        self.write_button.clicked.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        self.items.setFocus()
        if self.items.count():
            self.items.setCurrentRow(0)
        else:
            self.message.show_message("Parley holds nothing about this requester.", Kind.INFO)

    def _fill(self) -> None:
        blocked = self.items.blockSignals(True)
        self.items.clear()
        for item in self.pack.items:
            row = QListWidgetItem(_line(item), self.items)
            row.setData(CHOICE_ROLE, item.key)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                         | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
            self._show_choice(row, item)
        self.items.blockSignals(blocked)

    def _show_choice(self, row: QListWidgetItem, item: PackItem) -> None:
        on = self.pack.is_selected(item.key)
        row.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        choice = self.pack.choices.get(item.key)
        why = (
            f" — {'added' if on else 'withheld'}: {choice.reason}"
            if choice and choice.reason
            else ""
        )
        row.setText(_line(item) + why)

    def _show_text(self, row: int) -> None:
        item = self.pack.items[row] if 0 <= row < len(self.pack.items) else None
        self.text.setPlainText(item.text if item else "")

    def _ticked(self, row: QListWidgetItem) -> None:
        item = self.pack.item(str(row.data(CHOICE_ROLE)))
        wanted = row.checkState() == Qt.CheckState.Checked
        if wanted == self.pack.is_selected(item.key):
            return
        try:
            self.pack = self._choose(item, wanted)
        except InvalidValue as exc:
            self.message.show_message(f"Not changed: {exc.reason}.", Kind.ERROR)
        blocked = self.items.blockSignals(True)
        self._show_choice(row, item)
        self.items.blockSignals(blocked)

    def _choose(self, item: PackItem, wanted: bool) -> AccessPack:
        own = item.source is Source.REQUESTER
        reason = ""
        if wanted != own:  # adding another's item, or withholding their own: say why
            question = (f"Why add this ({item.source.label.lower()}'s) to the pack?" if wanted
                        else "Why withhold this from the requester?")  # fmt: skip
            reason, given = self.ask(self, "Parley — Your reason", question)
            if not given:
                return self.pack
        self.message.clear()
        return self.pack.add(item.key, reason) if wanted else self.pack.exclude(item.key, reason)

    def write(self) -> None:
        if self.job.busy:
            return
        mark = self.job.mark()
        out = choose_pdf_path(self, "Write the subject access pack",
                              f"Subject access {self.pack.reference}.pdf")  # fmt: skip
        if out is None or not self.job.still_current(mark):
            return
        document = self.pack.document()
        organisation, today = self.casebook.settings.get(ORGANISATION), self.today()
        self.message.show_message("Preparing the pack…", Kind.INFO)
        self.job.start(
            lambda: render_pack(document, organisation=organisation, prepared_on=today),
            lambda data: self._write(data, out),
            lambda error: self.message.show_message(f"The pack could not be made. {error}"),
            since=mark,
        )

    def _write(self, data: bytes, out: Path) -> None:
        try:
            write_pack(self.casebook, self.pack.document(), data, out)
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return
        self.message.show_message(
            f"Wrote the pack to “{out.name}” in {out.parent}. Record the answer's date on the "
            "request once it is sent.", Kind.INFO)  # fmt: skip

    def reject(self) -> None:
        self.job.forget()
        super().reject()

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:  # the write button is not a way to close
            return
        super().done(result)


def _line(item: PackItem) -> str:
    when = f", {format_date(item.on)}" if item.on else ""
    return (
        f"{item.kind.label}: {item.heading}{when} — {item.case_reference}, from {item.source_name}"
    )
