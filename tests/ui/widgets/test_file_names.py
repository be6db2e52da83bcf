"""Every file name Parley suggests is one safe name, whatever text it is built from.

A suggested name is built from a case or booking reference (or a date). A reference stored
before references were checked, or one that comes from elsewhere, can hold anything:
``../../../../tmp/evil``, a right-to-left override, ``CON``. The name offered in the save
dialog must be a single, ordinary file name on every system Parley runs on.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from ui.registers.cancellation_dialog import default_letter_name
from ui.trust.backup_dialog import default_backup_path
from ui.widgets.files import choose_pdf_path, documents_folder, file_name_from
from ui.workspace.agreement_output import default_file_name

WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
    *(f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"),
}  # fmt: skip
HOSTILE_PIECES = [
    "/", "\\", "..", ".", " ", "-", ":", "*", "?", '"', "<", ">", "|", "\x00", "\x1f", "\x7f",
    "\x85", "\u202e", "\u200b", "\u2028", "\ufeff", "\ud800", "\U000f0000", "CON", "nul",
    "Com1", "lpt²", "CONIN$", "é", "e\u0301", "\t", "\n", "~", "$", "%", "x" * 300,
]  # fmt: skip
any_text = st.lists(st.one_of(st.text(), st.sampled_from(HOSTILE_PIECES)), max_size=8).map("".join)


def assert_one_safe_name(name: str) -> None:
    assert name and name not in {".", ".."}
    name.encode("utf-8")  # no lone surrogate: every file system can store it
    assert len(name) <= 255 and len(name.encode("utf-8")) <= 255
    assert PurePosixPath(name).parts == (name,) and PureWindowsPath(name).parts == (name,)
    assert not set('/\\:*?"<>|') & set(name)
    assert all(unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"} for ch in name)
    assert name[0] not in " .-" and name[-1] not in " ."
    assert name.split(".")[0].rstrip(" ").upper() not in WINDOWS_RESERVED


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_any_reference_gives_one_safe_file_name(text: str) -> None:
    for name, ending in (
        (default_file_name(text), " agreed terms.pdf"),
        (default_letter_name(text), " cancellation.pdf"),
        (file_name_from(text, ".parley-backup", fallback="Parley backup"), ".parley-backup"),
    ):
        assert_one_safe_name(name)
        assert name.endswith(ending), name


@pytest.mark.parametrize(
    "reference, expected",
    [
        ("MM-2026-004", "MM-2026-004 agreed terms.pdf"),
        ("../../../../tmp/evil", "tmp-evil agreed terms.pdf"),
        ("MM/2026/004", "MM-2026-004 agreed terms.pdf"),
        ("evil\u202efdp.exe", "evilfdp.exe agreed terms.pdf"),
        ("", "Agreement agreed terms.pdf"),
        ("...", "Agreement agreed terms.pdf"),
        ("NUL.x", "_NUL.x agreed terms.pdf"),
        ("Siân  2026", "Siân 2026 agreed terms.pdf"),
    ],
)
def test_what_a_mediator_sees(reference: str, expected: str) -> None:
    assert default_file_name(reference) == expected


def test_the_backup_name_is_safe_and_dated() -> None:
    name = default_backup_path(date(2026, 5, 14), Path("/x")).name
    assert name == "Parley backup 2026-05-14.parley-backup"
    assert_one_safe_name(name)


def test_the_save_dialog_is_offered_a_safe_name_whatever_it_is_given(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    offered: list[str] = []

    def dialog(_parent: QWidget, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert choose_pdf_path(parent, "Export", "../../../../tmp/evil agreed terms.pdf") is None
    suggested = Path(offered[0])
    assert suggested.parent == documents_folder()
    assert_one_safe_name(suggested.name)
    assert suggested.name == "tmp-evil agreed terms.pdf"
