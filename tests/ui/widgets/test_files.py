"""Choosing where a PDF goes: Documents suggested, .pdf added, cancelling writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from ui.widgets.files import choose_pdf_path, documents_folder


def test_the_chosen_name_gets_pdf_and_a_cancel_gives_none(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    offered: list[str] = []
    answers = iter([str(tmp_path / "agreement"), str(tmp_path / "Letter.PDF"), ""])

    def dialog(_parent: QWidget, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return next(answers), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert choose_pdf_path(parent, "Export", "MM-1 agreed terms.pdf") == tmp_path / "agreement.pdf"
    assert choose_pdf_path(parent, "Export", "x.pdf") == tmp_path / "Letter.PDF"
    assert choose_pdf_path(parent, "Export", "x.pdf") is None
    assert offered[0] == str(documents_folder() / "MM-1 agreed terms.pdf")
