"""The Subject access page: every request, soonest due first, with the chosen one's detail,
and the pack to review and write.

Rows come from ``registers.access_requests``; a request is overdue from the day after it is
due until it is answered, and says so in words (and in bold). Safe view hides where to send
the answer. The office's book keeps the register and its deadlines but no case records: there
the pack button is absent and a line says that the mediator gathers and writes the pack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.books.access_pack import access_pack
from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.access_requests import AccessRequest
from ui.registers.access_dialog import AccessRequestDialog
from ui.registers.models import RowsModel
from ui.registers.pack_dialog import PackDialog
from ui.registers.page import RegisterPage, RegisterWords
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, form_caption, plural, size_columns, wrapped_label
from ui.widgets.messages import Kind
from ui.workspace.record_dialog import add_shortcut

HIDDEN = "Hidden in safe view"
OFFICE_NOTE = (
    "The office keeps the register and its deadlines. The pack is gathered and written by the "
    "mediator, from the records in their casebook (their Subject access page, Prepare the "
    "pack): give them the request's reference, and record here when the answer was sent."
)
_DETAILS = ("Received", "Requester", "Contact", "Party records", "Identity checked", "Due",
            "Where it stands")  # fmt: skip
WORDS = RegisterWords(
    rows="requests",
    table="Subject access requests, soonest due first",
    table_help="Press Enter to record what has happened to the chosen request",
    filter_label="&Show:",
    filter_name="Which requests",
    empty_title="No subject access requests",
    empty_guidance="Record a request the day it arrives: the answer is due one calendar month "
    "later. Parley gathers what it holds about the requester for you to review.",
    first_button="&Record a request…",
    show_all_button="Show &all requests",
)


class Column(IntEnum):
    REFERENCE = 0
    RECEIVED = 1
    REQUESTER = 2
    DUE = 3
    STANDS = 4


class AccessRequestModel(RowsModel[AccessRequest]):
    headers = ("Reference", "Received", "Requester", "Due", "Where it stands")

    def __init__(self, today: Today) -> None:
        super().__init__()
        self.today = today

    def id_of(self, row: AccessRequest) -> int | None:
        return row.id

    def text(self, row: AccessRequest, column: int) -> str:
        return (row.reference, format_date(row.received_on), row.requester,
                format_date(row.due_on), row.state(self.today()))[column]  # fmt: skip

    def sort_key(self, row: AccessRequest, column: int) -> Any:
        if column == Column.RECEIVED:
            return row.received_on.isoformat()
        if column == Column.DUE:
            # Text, which Qt compares: unanswered first, soonest due first.
            return f"{int(row.answered)} {row.due_on.isoformat()}"
        if column == Column.REFERENCE:
            return row.id or 0
        return super().sort_key(row, column)

    def extra(self, row: AccessRequest, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.overdue(self.today()):
            font = QFont()
            font.setBold(True)
            return font
        return None


class AccessRequestsPage(RegisterPage[AccessRequest]):
    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        filters = [("Waiting for an answer", "waiting"), ("Overdue", "overdue"),
                   ("Answered", "answered"), ("All requests", "")]  # fmt: skip
        super().__init__(AccessRequestModel(today), WORDS, filters, show_all="", today=today,
                         parent=parent)  # fmt: skip
        size_columns(self.table, {
            Column.REFERENCE: "SAR-00000", Column.RECEIVED: "28 September 2026",
            Column.REQUESTER: "Dr Łukasz Nowak-Whitfield", Column.DUE: "28 September 2026",
        }, Column.STANDS)  # fmt: skip
        self.table.sortByColumn(Column.DUE, Qt.SortOrder.AscendingOrder)
        self.record_button = QPushButton("&Record a request…", self)
        self.record_button.setToolTip("Record a request as it arrives (Insert)")
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setToolTip("Identity checked, extension, answer (Enter)")
        self.pack_button = QPushButton("Prepare the pac&k…", self)
        self.add_buttons(self.record_button, self.edit_button, self.pack_button)
        self.details = QGroupBox("The chosen request", self)
        form = QFormLayout(self.details)
        self.detail: dict[str, QLabel] = {}
        for name in _DETAILS:
            self.detail[name] = wrapped_label(name=name)
            form.addRow(form_caption(f"{name}:", self), self.detail[name])
        self.set_details(self.details)
        self.office_note = wrapped_label(OFFICE_NOTE, self, name="Who writes the pack")
        self.office_note.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.office_note)  # beneath the buttons, above the table
        self.record_button.clicked.connect(self.record_request)
        self.first_button.clicked.connect(self.record_request)
        self.edit_button.clicked.connect(self.edit_request)
        self.pack_button.clicked.connect(self.prepare_pack)
        self.table.activated.connect(lambda _index: self.edit_request())
        add_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.record_request)
        set_tab_order(self.filter, *self.buttons, self.table)
        self.refresh()

    # --- the RegisterPage contract ----------------------------------------------------------

    def show_casebook(self, casebook: AnyBook) -> None:
        self.office_note.setVisible(not isinstance(casebook, Casebook))
        super().show_casebook(casebook)

    def read_rows(self, casebook: AnyBook) -> Sequence[AccessRequest]:
        return casebook.registers.access_requests.all()

    def row_filter(self, value: str) -> Callable[[AccessRequest], bool]:
        today = self.today()
        return {
            "waiting": lambda r: not r.answered,
            "overdue": lambda r: r.overdue(today),
            "answered": lambda r: r.answered,
        }.get(value, lambda _r: True)

    def no_match_text(self, value: str) -> str:
        titles = {
            "waiting": "Every request has been answered",
            "overdue": "No request is overdue",
            "answered": "No request has been answered yet",
        }
        return titles.get(value, "No requests")

    def show_chosen(self) -> None:
        request = self.selected()
        texts = dict.fromkeys(_DETAILS, "")
        if request is not None and self.casebook is not None:
            texts = self._texts(request, self.casebook)
        for name, label in self.detail.items():
            label.setText(texts[name])
        self.details.setVisible(request is not None)
        self.edit_button.setEnabled(request is not None)
        self.pack_button.setEnabled(request is not None and bool(request.party_ids))
        # The pack is gathered from a casebook's records; the office keeps the register only.
        self.pack_button.setVisible(isinstance(self.casebook, Casebook))
        self.pack_button.setToolTip(
            "Gather what Parley holds about the requester, to review"
            if request is None or request.party_ids
            else "Edit the request first to tick the requester's party records"
        )

    def _texts(self, request: AccessRequest, casebook: AnyBook) -> dict[str, str]:
        checked = request.identity_checked_on
        extension = (f", extended by {plural(request.extension_months, 'month')}: "
                     f"{request.extension_reason}" if request.extension_months else "")  # fmt: skip
        return {
            "Received": format_date(request.received_on),
            "Requester": request.requester,
            "Contact": HIDDEN if self.safe_view and request.contact else request.contact,
            "Party records": (self._parties(request, casebook) or "None ticked yet")
            if isinstance(casebook, Casebook)
            else "In the mediator's casebook, from which they write the pack",
            "Identity checked": (f"{format_date(checked)}: {request.identity_checked_how}"
                                 if checked else "Not yet"),
            "Due": f"{format_date(request.due_on)}{extension}",
            "Where it stands": request.state(self.today()),
        }  # fmt: skip

    @staticmethod
    def _parties(request: AccessRequest, casebook: Casebook) -> str:
        names = []
        for party_id in request.party_ids:
            try:
                party = casebook.parties.get(party_id)
                names.append(f"{party.name}, case {casebook.cases.get(party.case_id).reference}")
            except ParleyError:
                continue
        return "; ".join(names)

    # --- acting -----------------------------------------------------------------------------

    def record_request(self) -> AccessRequestDialog | None:
        return self._form(None)

    def edit_request(self) -> AccessRequestDialog | None:
        request = self.selected()
        return self._form(request) if request is not None else None

    def _form(self, request: AccessRequest | None) -> AccessRequestDialog | None:
        if self.casebook is None:
            return None
        dialog = AccessRequestDialog(self.casebook, request, today=self.today(),
                                     safe_view=self.safe_view, parent=self)  # fmt: skip
        dialog.saved.connect(lambda stored: self.reload(stored.id))
        self.open_dialog(dialog)
        return dialog

    def prepare_pack(self) -> PackDialog | None:
        request = self.selected()
        if not isinstance(self.casebook, Casebook) or request is None or request.id is None:
            return None  # the pack is gathered from a casebook's records only
        try:
            pack = access_pack(self.casebook, request.id)
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return None
        dialog = PackDialog(self.casebook, pack, today=self.today, parent=self)
        self.open_dialog(dialog)
        return dialog

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self.show_chosen()
