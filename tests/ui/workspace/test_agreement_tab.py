"""The Agreement tab: terms in order, reordering, date and parties, preview, export, print.

Sentinels sit in everything that must never leave the casebook (proposed and withdrawn
terms, a note, the summary, a party who is not party to the agreement); the preview, the
exported PDF and the printout are searched for them.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.agreed_terms import AgreedTerms
from app.cases.records import Case, Note, Party, PartyRole, Patient, Side, Term, TermStatus
from app.documents.agreement_pdf import PURPOSE, TITLE, WITHOUT_PREJUDICE
from app.documents.export import agreed_terms_for, render_agreement
from app.documents.pages import render_pages
from app.settings import ORGANISATION
from ui.worker import wait_for_background_work
from ui.workspace.agreement_tab import AgreementTab
from ui.workspace.terms_model import HIDDEN_TEXT, TermColumn

from helpers import type_into

REFERENCE = "MM-2026-004"
AGREED = [
    "Dose < 5 mg & review > weekly",
    "Home oxygen before discharge",
    "Nurse visit within 7 days",
]
SENTINELS = ["SENTINEL-PROPOSED", "SENTINEL-WITHDRAWN", "SENTINEL-NOTE", "SENTINEL-SUMMARY",
             "SENTINEL-NONPARTY"]  # fmt: skip


@pytest.fixture
def case_id(casebook: Casebook) -> int:
    casebook.settings.set(ORGANISATION, "Riverside Medical Mediation")
    patient = Patient("Amara Okonkwo", date(2019, 5, 14), "9434765919", "H123456")
    case = casebook.cases.add(
        Case(None, REFERENCE, "Second opinion", summary="SENTINEL-SUMMARY", patient=patient,
             hospital="St Aldhelm's", team="Respiratory")
    )  # fmt: skip
    assert case.id is not None
    for name, role, side, signs in [
        ("Siân Evans", PartyRole.PARENT, Side.FAMILY, True),
        ("Dr Łukasz Nowak", PartyRole.CONSULTANT, Side.CLINICAL, True),
        ("SENTINEL-NONPARTY", PartyRole.ADVOCATE, Side.OTHER, False),
    ]:
        casebook.parties.add(Party(None, case.id, name, role, side, party_to_agreement=signs))
    casebook.notes.add(Note(None, case.id, "SENTINEL-NOTE", datetime(2026, 3, 10, 15, 0)))
    return case.id


def _add_terms(casebook: Casebook, case_id: int) -> list[Term]:
    made = [
        (AGREED[0], TermStatus.AGREED),
        ("SENTINEL-PROPOSED", TermStatus.PROPOSED),
        (AGREED[1], TermStatus.AGREED),
        ("SENTINEL-WITHDRAWN", TermStatus.WITHDRAWN),
        (AGREED[2], TermStatus.AGREED),
    ]
    return [casebook.terms.add(Term(None, case_id, 0, text, status)) for text, status in made]


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, case_id: int) -> Iterator[AgreementTab]:
    shown = AgreementTab(casebook, case_id)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


def _texts(casebook: Casebook, case_id: int) -> list[str]:
    return [t.text for t in casebook.terms.for_case(case_id)]


def _column(tab: AgreementTab, column: TermColumn) -> list[str]:
    return [tab.model.index(r, column).data() for r in range(tab.model.rowCount())]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _assert_only_agreed(text: str) -> None:
    flat = " ".join(text.split())
    positions = [flat.find(term) for term in AGREED]
    assert -1 not in positions, flat
    assert positions == sorted(positions)  # in the agreed order
    for sentinel in SENTINELS:
        assert sentinel not in flat


def test_add_terms_and_mark_their_status(
    qtbot: QtBot, tab: AgreementTab, casebook: Casebook, case_id: int
) -> None:
    assert tab.title == "A&greement"
    for text in ("Review ventilation weekly", "Second opinion from Bristol", "Stop oxygen"):
        dialog = tab.add_term()
        assert dialog is not None and dialog.focusWidget() is dialog.text
        dialog.text.setPlainText(text)
        with qtbot.waitSignal(tab.case_changed):
            dialog.save_button.click()
    refused = tab.add_term()
    assert refused is not None
    refused.save_button.click()
    assert refused.isVisible() and refused.errors["text"].reason == "This cannot be empty"
    refused.reject()

    for row, status in ((0, TermStatus.AGREED), (2, TermStatus.WITHDRAWN)):
        tab.table.setCurrentIndex(tab.model.index(row, TermColumn.TEXT))
        index = tab.status.findData(status.value)
        tab.status.setCurrentIndex(index)
        tab.status.activated.emit(index)

    stored = casebook.terms.for_case(case_id)
    assert [(t.text, t.status) for t in stored] == [
        ("Review ventilation weekly", TermStatus.AGREED),
        ("Second opinion from Bristol", TermStatus.PROPOSED),
        ("Stop oxygen", TermStatus.WITHDRAWN),
    ]
    assert _column(tab, TermColumn.NUMBER) == ["1.", "2.", "3."]
    assert _column(tab, TermColumn.STATUS) == ["✓ Agreed", "Proposed", "Withdrawn"]
    # Withdrawn is struck through, agreed is marked in bold: distinct beyond colour alone.
    font = Qt.ItemDataRole.FontRole
    assert tab.model.index(2, TermColumn.TEXT).data(font).strikeOut()
    assert tab.model.index(0, TermColumn.STATUS).data(font).bold()
    assert tab.model.index(1, TermColumn.TEXT).data(font) is None
    assert "1 of 3 terms agreed" in tab.summary.text()

    # Edit the text of the selected term.
    tab.table.setCurrentIndex(tab.model.index(1, TermColumn.TEXT))
    edit = tab.edit_selected()
    assert edit is not None and edit.text.toPlainText() == "Second opinion from Bristol"
    edit.text.setPlainText("Second opinion from Bristol Children's")
    edit.save_button.click()
    assert _texts(casebook, case_id)[1] == "Second opinion from Bristol Children's"

    # Delete asks first.
    tab.delete_selected()
    box = tab.confirmation
    assert box is not None
    [delete] = [
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    ]
    delete.click()
    assert _texts(casebook, case_id) == ["Review ventilation weekly", "Stop oxygen"]


def test_reorder_by_keyboard_and_buttons(
    qtbot: QtBot, tab: AgreementTab, casebook: Casebook, case_id: int
) -> None:
    _add_terms(casebook, case_id)
    tab.reload()
    window = tab.window()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, TermColumn.TEXT))

    with qtbot.waitSignal(tab.case_changed):
        qtbot.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _texts(casebook, case_id)[:2] == ["SENTINEL-PROPOSED", AGREED[0]]
    assert tab.selected_row() == 1  # the moved term stays selected
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _texts(casebook, case_id)[2] == AGREED[0]
    qtbot.keyClick(tab.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _texts(casebook, case_id)[1] == AGREED[0]

    tab.up_button.click()
    assert _texts(casebook, case_id)[0] == AGREED[0] and not tab.up_button.isEnabled()
    tab.table.setCurrentIndex(tab.model.index(4, TermColumn.TEXT))
    assert not tab.down_button.isEnabled()
    tab.up_button.click()
    assert _texts(casebook, case_id)[3] == AGREED[2]
    assert _column(tab, TermColumn.TEXT) == _texts(casebook, case_id)
    assert _column(tab, TermColumn.NUMBER) == ["1.", "2.", "3.", "4.", "5."]


def test_reorder_by_drag_and_drop(tab: AgreementTab, casebook: Casebook, case_id: int) -> None:
    terms = _add_terms(casebook, case_id)
    tab.reload()
    model = tab.model

    # Drag the last term to the top (dropped between rows, as the view does).
    dragged = model.mimeData([model.index(4, TermColumn.TEXT)])
    assert dragged.formats() == ["application/x-parley-term-ids"]
    assert b"Nurse" not in bytes(dragged.data("application/x-parley-term-ids").data())
    assert model.canDropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.dropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert _texts(casebook, case_id)[0] == AGREED[2]

    # Dropped onto a term: it goes before that term.
    dragged = model.mimeData([model.index(0, TermColumn.NUMBER)])
    assert model.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, model.index(3, 0))
    assert _texts(casebook, case_id)[2] == AGREED[2]

    # moveRows directly, and the model's removeRows cannot lose a term after a drag.
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 5)
    assert _texts(casebook, case_id)[-1] == AGREED[0]
    assert not model.removeRows(0, 1)
    assert sorted(t.id for t in casebook.terms.for_case(case_id)) == sorted(t.id for t in terms)
    assert _column(tab, TermColumn.TEXT) == _texts(casebook, case_id)
    # A copy, or a drag from elsewhere, is refused.
    assert not model.dropMimeData(dragged, Qt.DropAction.CopyAction, 0, 0, QModelIndex())


def test_date_agreed_and_parties_are_saved(
    qtbot: QtBot, tab: AgreementTab, casebook: Casebook, case_id: int
) -> None:
    before = casebook.cases.get(case_id)
    type_into(qtbot, tab.agreed_on, "1/4/2026")
    after = casebook.cases.get(case_id)
    assert after.agreed_on == date(2026, 4, 1)
    assert after.summary == before.summary and after.patient == before.patient

    items = {tab.parties.item(i).text(): tab.parties.item(i) for i in range(tab.parties.count())}
    assert {label: item.checkState() == Qt.CheckState.Checked for label, item in items.items()} == {
        "Siân Evans (Parent)": True,
        "Dr Łukasz Nowak (Consultant)": True,
        "SENTINEL-NONPARTY (Advocate)": False,
    }
    items["Siân Evans (Parent)"].setCheckState(Qt.CheckState.Unchecked)
    items["SENTINEL-NONPARTY (Advocate)"].setCheckState(Qt.CheckState.Checked)
    signs = {p.name: p.party_to_agreement for p in casebook.parties.for_case(case_id)}
    assert signs == {"Siân Evans": False, "Dr Łukasz Nowak": True, "SENTINEL-NONPARTY": True}

    type_into(qtbot, tab.agreed_on, "")
    assert casebook.cases.get(case_id).agreed_on is None


def test_preview_shows_exactly_the_agreed_terms(
    tab: AgreementTab, casebook: Casebook, case_id: int
) -> None:
    _add_terms(casebook, case_id)
    tab.reload()

    dialog = tab.preview()

    assert dialog is not None and dialog.isVisible()
    text = dialog.plain_text()
    _assert_only_agreed(text)
    for expected in ("Riverside Medical Mediation", "Mediation agreement — agreed terms",
                     "care notes", "Amara Okonkwo", "14 May 2019", "943 476 5919", "H123456",
                     REFERENCE, "Siân Evans", "Dr Łukasz Nowak", "without prejudice",
                     "Signature"):  # fmt: skip
        assert expected in text
    assert "1.\n" in text or "1. " in text
    dialog.reject()


def test_export_writes_the_pdf_and_records_it(
    qtbot: QtBot,
    tab: AgreementTab,
    casebook: Casebook,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add_terms(casebook, case_id)
    tab.reload()
    asked: list[str] = []

    def choose(parent: QWidget, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "for the notes"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)

    tab.export_pdf()
    assert tab.busy.isVisible() and not tab.export_button.isEnabled()
    out = tmp_path / "for the notes.pdf"  # the extension is added
    qtbot.waitUntil(lambda: not tab.output.busy, timeout=20_000)

    assert Path(asked[0]).name == f"{REFERENCE} agreed terms.pdf"
    assert out.is_file() and not tab.busy.isVisible() and tab.export_button.isEnabled()
    assert "for the notes.pdf" in tab.message.text()
    pdf_text = _pdf_text(out.read_bytes())
    _assert_only_agreed(pdf_text)
    # The preview says the same things in the same order as the PDF.
    preview = tab.preview()
    assert preview is not None
    markers = ["Riverside Medical Mediation", TITLE, PURPOSE, "Patient", "Amara Okonkwo",
               "943 476 5919", "H123456", REFERENCE, "Parties to this agreement", *AGREED,
               WITHOUT_PREJUDICE, "Signatures", "Signature", "Mediator"]  # fmt: skip
    for text in (pdf_text, preview.plain_text()):
        flat = " ".join(text.split())
        found = [flat.find(marker) for marker in markers]
        assert -1 not in found and found == sorted(found), list(zip(markers, found, strict=True))
    preview.reject()
    [entry] = [e for e in casebook.audit.entries() if e.action == "agreement exported"]
    assert entry.case_reference == REFERENCE


def test_nothing_agreed_says_so_and_writes_nothing(
    tab: AgreementTab, casebook: Casebook, case_id: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    casebook.terms.add(Term(None, case_id, 0, "SENTINEL-PROPOSED"))
    tab.reload()

    def never(*args: object) -> tuple[str, str]:
        raise AssertionError("no file should be asked for")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", never)
    tab.export_pdf()
    words = f"Case {REFERENCE} has no agreed terms to export yet."  # NothingAgreed's own
    assert tab.message.text().startswith(words) and tab.message.isVisible()
    tab.message.clear()
    assert tab.preview() is None and tab.message.text().startswith(words)
    assert not tab.print_document()
    assert not tab.output.busy
    assert list(tmp_path.rglob("*.pdf")) == []
    assert not [e for e in casebook.audit.entries() if e.action == "agreement exported"]


def _ink(pdf: bytes) -> list[set[tuple[int, int]]]:
    """Each page's inked pixels at 48 dpi."""
    pages = []
    for page in render_pages(pdf, 48):
        px, stride = page.pixels, page.stride
        pages.append({(x, y) for y in range(page.height) for x in range(page.width)
                      if min(px[y * stride + 4 * x: y * stride + 4 * x + 3]) < 192})  # fmt: skip
    return pages


def _off(ink: set[tuple[int, int]], page: set[tuple[int, int]]) -> float:
    """The share of ``ink`` with no ink of ``page`` within a pixel of it."""
    near = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    off = sum(1 for x, y in ink if not any((x + dx, y + dy) in page for dx, dy in near))
    return off / max(len(ink), 1)


def test_print_sends_the_very_pages_of_the_pdf(
    qtbot: QtBot, tab: AgreementTab, casebook: Casebook, case_id: int, tmp_path: Path
) -> None:
    _add_terms(casebook, case_id)
    tab.reload()
    out = tmp_path / "printed.pdf"
    offered: list[QPrinter] = []

    def print_to_file(printer: QPrinter, parent: QWidget) -> bool:
        offered.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    tab.output.has_printer = lambda: True
    tab.output.choose_printer = print_to_file
    assert tab.print_document()
    qtbot.waitUntil(lambda: not tab.output.busy and out.exists(), timeout=30_000)

    assert offered[0].pageLayout().pageSize().id().name == "A4"
    pdf = render_agreement(agreed_terms_for(casebook, REFERENCE))
    printed, exported = _ink(out.read_bytes()), _ink(pdf)
    assert len(printed) == len(exported) >= 1
    for paper, page in zip(printed, exported, strict=True):
        # The paper's ink lies on the PDF's own, page by page (a raster of the page prints a
        # little lighter, so the paper has less of it, never elsewhere).
        assert _off(paper, page) < 0.02
        assert len(paper) > 0.3 * len(page) > 0
    assert _off(printed[0], exported[-1]) > 0.5 or len(exported) == 1  # the measure can tell
    assert [e.action for e in casebook.audit.entries()][-1] == "agreement printed"
    assert "printed.pdf" in tab.message.text() and str(tmp_path) in tab.message.text()

    # Cancelling the print dialog prints nothing.
    out.unlink()
    tab.output.choose_printer = lambda printer, parent: False
    assert not tab.print_document() and not out.exists()


def test_with_no_printer_nothing_is_written_and_export_is_offered(
    qtbot: QtBot, tab: AgreementTab, casebook: Casebook, case_id: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _add_terms(casebook, case_id)
    tab.reload()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))

    def never(printer: QPrinter, parent: QWidget) -> bool:
        raise AssertionError("no print dialog without a printer")

    tab.output.has_printer = lambda: False
    tab.output.choose_printer = never
    assert not tab.print_document()
    assert "No printer is set up" in tab.message.text()
    box = tab.output.no_printer_box
    assert box is not None and box.isVisible() and "Export the PDF" in box.text()
    assert [b.text() for b in box.buttons() if "Export" in b.text()] == ["&Export PDF…"]
    wait_for_background_work()
    assert list(tmp_path.rglob("*.pdf")) == []
    assert "agreement printed" not in [e.action for e in casebook.audit.entries()]
    box.reject()


def test_safe_view_hides_proposed_and_withdrawn_terms(
    tab: AgreementTab, casebook: Casebook, case_id: int
) -> None:
    _add_terms(casebook, case_id)
    tab.reload()

    tab.set_safe_view(True)

    shown = _column(tab, TermColumn.TEXT)
    assert shown == [AGREED[0], HIDDEN_TEXT, AGREED[1], HIDDEN_TEXT, AGREED[2]]
    tips = [tab.model.index(r, TermColumn.TEXT).data(Qt.ItemDataRole.ToolTipRole) for r in range(5)]
    assert not any(tip and "SENTINEL" in tip for tip in tips)
    tab.table.setCurrentIndex(tab.model.index(1, TermColumn.TEXT))
    assert not tab.edit_button.isEnabled() and tab.edit_selected() is None
    tab.table.setCurrentIndex(tab.model.index(0, TermColumn.TEXT))
    assert tab.edit_button.isEnabled()
    tab.set_safe_view(False)
    assert _column(tab, TermColumn.TEXT)[1] == "SENTINEL-PROPOSED"


def test_clear_forgets_everything(tab: AgreementTab, casebook: Casebook, case_id: int) -> None:
    _add_terms(casebook, case_id)
    tab.reload()
    dialog = tab.add_term()
    assert dialog is not None
    dialog.text.setPlainText("half-typed")

    tab.clear()

    assert tab.model.rowCount() == 0 and tab.parties.count() == 0
    assert not dialog.isVisible() and tab.agreed_on.value() is None
    assert not tab.export_button.isEnabled() and not tab.add_button.isEnabled()


def _held_render(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Rendering waits for the returned gate, so the test can lock while it runs."""
    from ui.workspace import agreement_output

    gate, real = threading.Event(), agreement_output.render_agreement

    def held(doc: AgreedTerms) -> bytes:
        assert gate.wait(10), "the test never let the rendering finish"
        return real(doc)

    monkeypatch.setattr(agreement_output, "render_agreement", held)
    return gate


def test_locking_while_the_pdf_is_made_writes_nothing(
    tab: AgreementTab, casebook: Casebook, case_id: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _add_terms(casebook, case_id)
    tab.reload()
    gate = _held_render(monkeypatch)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "late"), args[-1])
    )
    tab.export_pdf()
    assert tab.output.busy and tab.busy.isVisible()
    tab.export_pdf()  # a second press while the first is on its way starts nothing more

    tab.clear()  # the casebook locks
    assert not tab.output.busy and not tab.busy.isVisible()
    gate.set()
    assert wait_for_background_work(10_000)
    QApplication.processEvents()

    assert list(tmp_path.rglob("*.pdf")) == []
    assert not [e for e in casebook.audit.entries() if e.action == "agreement exported"]
    assert tab.message.text() == ""


def test_locking_while_the_file_is_chosen_makes_nothing(
    tab: AgreementTab, casebook: Casebook, case_id: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _add_terms(casebook, case_id)
    tab.reload()
    rendered: list[object] = []
    from ui.workspace import agreement_output

    monkeypatch.setattr(agreement_output, "render_agreement", rendered.append)

    def lock_meanwhile(*args: str) -> tuple[str, str]:
        tab.clear()  # the idle lock fires while the file dialog is open
        return str(tmp_path / "late"), args[-1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lock_meanwhile)
    tab.export_pdf()
    assert wait_for_background_work(10_000)
    assert rendered == [] and not tab.output.busy
    assert list(tmp_path.rglob("*.pdf")) == []


def test_a_new_term_is_made_with_new_as_a_party_or_meeting_is(tab: AgreementTab) -> None:
    """One verb for making a record everywhere: New party, New meeting, New term."""
    assert tab.add_button.text().replace("&", "") == "New term…"
    dialog = tab.add_term()
    assert dialog is not None
    assert dialog.windowTitle() == "Parley — New term"
    assert dialog.save_button.text().replace("&", "") == "Save"
    dialog.reject()
