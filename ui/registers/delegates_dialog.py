"""A booking's delegates: who they are, whether they attended, their feedback and their CPD
certificate.

Each act is stored at once through ``casebook.registers`` (there is nothing to save at the
end). Space ticks the chosen delegate as having attended (or not). A certificate is made
for a delegate who attended: rendered off the GUI thread, written and audited back on it.
Feedback is a small form of its own; its comment stays in the book.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.documents.certificates import file_name, render_certificate, write_certificate
from app.errors import InvalidValue, ParleyError
from app.registers.delegates import QUESTIONS, Certificate, Delegate, Feedback
from app.registers.training import Booking, Course
from ui.background import BackgroundJob
from ui.widgets.dates import RequiredDateField
from ui.widgets.files import choose_pdf_path
from ui.widgets.lists import plural, wrapped_label
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, ask_to_delete, heading
from ui.widgets.roles import ID_ROLE
from ui.workspace.record_dialog import RecordDialog


def _status(delegate: Delegate, has_feedback: bool) -> str:
    came = {None: "attendance not recorded", True: "attended", False: "did not attend"}
    parts = [delegate.name, came[delegate.attended]]
    if has_feedback:
        parts.append("feedback given")
    if delegate.certificate_number:
        parts.append(f"certificate {delegate.certificate_number}")
    return " — ".join(parts)


class DelegatesDialog(FittedDialog):
    """See the module's docstring."""

    def __init__(self, casebook: AnyBook, course: Course, booking: Booking, *,
                 today: Callable[[], date], parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.casebook, self.course, self.booking, self.today = casebook, course, booking, today
        self.job = BackgroundJob(self, still_wanted=lambda: self.casebook.is_open)
        self.setWindowTitle(f"Parley — Delegates of booking {booking.reference}")
        self.setMinimumWidth(640)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Delegates; ticked: attended")
        self.message = InlineMessage(self)
        self.add_button = QPushButton("&Add a delegate…", self)
        self.feedback_button = QPushButton("&Feedback…", self)
        self.certificate_button = QPushButton("CPD &certificate…", self)
        self.remove_button = QPushButton("&Remove…", self)
        row = QHBoxLayout()
        for button in (self.add_button, self.feedback_button, self.certificate_button,
                       self.remove_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        booked = plural(booking.delegates, "delegate")
        layout.addWidget(heading(f"{booking.organisation}: {booked} for “{course.title}”", self,
                                 scale=1.1))  # fmt: skip
        layout.addWidget(wrapped_label(
            "Name each delegate. After the course, tick those who attended (Space): they can "
            "have a CPD certificate and give feedback.", self, name="How this works"))  # fmt: skip
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(close)
        close.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_delegate)
        self.feedback_button.clicked.connect(self.give_feedback)
        self.certificate_button.clicked.connect(self.certificate)
        self.remove_button.clicked.connect(self.remove)
        self.list.itemChanged.connect(self._ticked)
        self.list.currentRowChanged.connect(lambda _row: self._buttons())
        self.reload()
        self.list.setFocus()

    def reload(self, chosen: int | None = None) -> None:
        registers = self.casebook.registers
        assert self.booking.id is not None
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for delegate in registers.delegates.for_booking(self.booking.id):
            given = delegate.id is not None and registers.feedback.get(delegate.id) is not None
            item = QListWidgetItem(_status(delegate, given), self.list)
            item.setData(ID_ROLE, delegate.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
            ticked = Qt.CheckState.Checked if delegate.attended else Qt.CheckState.Unchecked
            item.setCheckState(ticked)
            if delegate.id == chosen:
                self.list.setCurrentItem(item)
        self.list.blockSignals(blocked)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._buttons()

    def chosen(self) -> Delegate | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self.casebook.registers.delegates.get(int(item.data(ID_ROLE)))

    def _buttons(self) -> None:
        delegate = self.chosen()
        came = delegate is not None and delegate.attended is True
        self.feedback_button.setEnabled(came)
        self.certificate_button.setEnabled(came)
        self.remove_button.setEnabled(delegate is not None)

    def _act(self, act: Callable[[], object], chosen: int | None) -> bool:
        try:
            with self.casebook.transaction():
                act()
        except ParleyError as exc:
            reason = exc.reason if isinstance(exc, InvalidValue) else str(exc)
            self.message.show_message(f"Not done: {reason}", Kind.ERROR)
            self.reload(chosen)
            return False
        self.message.clear()
        self.reload(chosen)
        return True

    def _ticked(self, item: QListWidgetItem) -> None:
        delegate = self.casebook.registers.delegates.get(int(item.data(ID_ROLE)))
        came = item.checkState() == Qt.CheckState.Checked
        self._act(lambda: self.casebook.registers.delegates.update(replace(delegate,
                                                                           attended=came)),
                  delegate.id)  # fmt: skip

    def add_delegate(self) -> None:
        name, given = QInputDialog.getText(self, "Parley — Add a delegate", "Delegate's name:")
        if given and name.strip():
            assert self.booking.id is not None
            added = Delegate(None, self.booking.id, name.strip())
            self._act(lambda: self.casebook.registers.delegates.add(added), None)

    def remove(self) -> QMessageBox | None:
        """Ask, then take the chosen delegate off the booking (Enter at the question goes
        back: their attendance goes with them)."""
        delegate = self.chosen()
        if delegate is None or delegate.id is None:
            return None
        delegate_id = delegate.id

        def remove_now() -> None:
            if self.casebook.is_open:  # not locked while the question was up
                self._act(lambda: self.casebook.registers.delegates.delete(delegate_id), None)

        return ask_to_delete(
            self,
            f"Remove {delegate.name} from booking {self.booking.reference}?",
            "Their name and whether they attended are removed with them; this cannot be undone.",
            remove_now,
        )

    def give_feedback(self) -> FeedbackDialog | None:
        delegate = self.chosen()
        if delegate is None or delegate.id is None:
            return None
        kept = self.casebook.registers.feedback.get(delegate.id)
        dialog = FeedbackDialog(self.casebook, delegate, kept, today=self.today(), parent=self)
        dialog.saved.connect(lambda _form: self.reload(delegate.id))
        dialog.open()
        return dialog

    def certificate(self) -> None:
        delegate = self.chosen()
        if delegate is None or delegate.id is None or self.job.busy:
            return
        mark = self.job.mark()
        registers = self.casebook.registers
        try:
            with self.casebook.transaction():
                made = registers.certificate(delegate.id, self.today())
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return
        self.reload(delegate.id)
        out = choose_pdf_path(self, "Save the CPD certificate", file_name(made))
        if out is None or not self.job.still_current(mark):
            return
        self.job.start(lambda: render_certificate(made), lambda data: self._write(made, data, out),
                       lambda error: self.message.show_message(str(error), Kind.ERROR),
                       since=mark)  # fmt: skip

    def _write(self, made: Certificate, data: bytes, out: Path) -> None:
        try:
            write_certificate(self.casebook.registers, made, data, out)
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return
        self.message.show_message(f"Wrote “{out.name}” in {out.parent}.", Kind.INFO)

    def reject(self) -> None:
        self.job.forget()
        super().reject()


class FeedbackDraft(NamedTuple):
    given_on: date
    ratings: tuple[int, int, int, int]
    comment: str


class FeedbackDialog(RecordDialog):
    """A delegate's feedback form: four ratings from 1 (poor) to 5 (excellent), a comment."""

    def __init__(self, casebook: AnyBook, delegate: Delegate, kept: Feedback | None, *,
                 today: date, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(f"Feedback from {delegate.name}", parent)
        self.casebook, self.delegate = casebook, delegate
        self.what = f"The feedback of {delegate.name}"
        self.given_on = RequiredDateField(
            "Date of the form", self, value=kept.given_on if kept else today
        )
        self.add_row("&Date:", self.given_on, "given_on")
        self.ratings: list[QSpinBox] = []
        for n, (field, question) in enumerate(QUESTIONS):
            spin = QSpinBox(self)
            spin.setRange(1, 5)
            spin.setValue(kept.ratings[n] if kept else 4)
            spin.setAccessibleName(f"{question}, from 1 (poor) to 5 (excellent)")
            self.ratings.append(spin)
            self.add_row(f"&{n + 1}. {question}:", spin, field)
        self.comment = QPlainTextEdit(self)
        self.comment.setAccessibleName("Comment (stays in Parley)")
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(self.fontMetrics().height() * 6)
        if kept is not None:
            self.comment.setPlainText(kept.comment)
        self.add_row("&Comment:", self.comment, "comment")
        self.form.addRow("", wrapped_label(
            "Ratings from 1 (poor) to 5 (excellent). The comment stays in Parley: no "
            "certificate or report shows it.", self))  # fmt: skip
        self.ratings[0].setFocus()

    def build(self) -> FeedbackDraft:
        content, trainer, relevance, overall = (s.value() for s in self.ratings)
        return FeedbackDraft(self.given_on.value(), (content, trainer, relevance, overall),
                             self.comment.toPlainText().strip())  # fmt: skip

    def store(self, record: FeedbackDraft) -> Feedback:
        assert self.delegate.id is not None
        content, trainer, relevance, overall = record.ratings
        form = Feedback(self.delegate.id, record.given_on, content, trainer, relevance, overall,
                        comment=record.comment)  # fmt: skip
        with self.casebook.transaction():
            return self.casebook.registers.feedback.save(form)
