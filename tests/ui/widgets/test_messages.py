"""Inline messages and labels of the first windows: what the mediator typed stays plain text.

These labels set Qt's enum properties by key name (``ui.widgets.qt_properties``), so the checks
read them back through Qt's own enums.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.widgets.messages import (
    DIALOG_WIDTH,
    FOLDER_PREFIX,
    FittedDialog,
    InlineMessage,
    Kind,
    heading,
    set_elided_path,
    small_label,
)
from ui.widgets.qt_properties import set_keys

MARKUP = "<b>Siân</b> & <a href='x'>link</a>"


def test_inline_messages_show_markup_as_typed_and_can_be_selected(qtbot: QtBot) -> None:
    message = InlineMessage()
    qtbot.addWidget(message)
    message.show_message(MARKUP, Kind.ERROR)
    assert message.label.textFormat() == Qt.TextFormat.PlainText
    assert message.label.text() == MARKUP
    assert message.label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    # A long message wraps, and its icon and text keep to the top of it.
    assert message.label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    assert message.label.wordWrap()
    assert message._icon.alignment() & Qt.AlignmentFlag.AlignTop


def test_headings_and_small_labels_are_plain_text(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    for label in (heading(MARKUP, parent), small_label(MARKUP, parent)):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.text() == MARKUP
    selectable = small_label(MARKUP, parent).textInteractionFlags()
    assert selectable == Qt.TextInteractionFlag.TextSelectableByMouse  # a folder to copy


def test_a_folder_is_shown_whole_when_it_fits_and_shortened_in_the_middle_when_not(
    qtbot: QtBot, tmp_path: Path
) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    short = tmp_path / "cases"
    set_elided_path(label, short, 2000, FOLDER_PREFIX)
    assert label.text() == FOLDER_PREFIX + str(short)

    long = tmp_path.joinpath(*["a-rather-long-folder-name"] * 12, "the end")
    set_elided_path(label, long, 400, FOLDER_PREFIX)
    shown = label.text()
    assert shown.startswith(FOLDER_PREFIX + str(long)[:5]) and shown.endswith("the end")
    assert "…" in shown and len(shown) < len(str(long))
    assert label.fontMetrics().horizontalAdvance(shown) <= 400
    assert label.toolTip() == str(long)  # the whole path is one hover away


def test_an_unknown_key_or_property_is_refused_not_ignored(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="textFormat value 'Plaintext'"):
        set_keys(label, textFormat="Plaintext")
    with pytest.raises(ValueError, match="QLabel has no textFormatt property"):
        set_keys(label, textFormatt="PlainText")
    # Qt itself would take the last of the two and show rich text.
    with pytest.raises(ValueError, match=re.escape("does not take 'PlainText|RichText'")):
        set_keys(label, textFormat="PlainText|RichText")
    with pytest.raises(ValueError, match="does not take"):
        set_keys(label, wordWrap="true")  # not an enum
    assert label.textFormat() == Qt.TextFormat.AutoText  # none of those changed anything
    set_keys(label, textFormat="RichText", alignment="AlignRight|AlignBottom")
    assert label.textFormat() == Qt.TextFormat.RichText
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom


def test_a_fitted_dialog_is_as_tall_as_its_wrapped_text_when_shown(qtbot: QtBot) -> None:
    dialog = FittedDialog()
    qtbot.addWidget(dialog)
    dialog.setMinimumWidth(DIALOG_WIDTH)
    message = InlineMessage(dialog)
    message.show_message(" ".join(["A message long enough to wrap onto several lines."] * 6))
    layout = QVBoxLayout(dialog)
    layout.addWidget(message)
    dialog.show()
    qtbot.waitExposed(dialog)
    needed = layout.totalHeightForWidth(dialog.width())
    assert message.label.height() > 3 * message.label.fontMetrics().height()  # it wraps
    assert dialog.height() == max(needed, layout.totalMinimumSize().height())
    # Shown again while up (a second request to open it): a height the mediator chose stays.
    dialog.resize(dialog.width(), dialog.height() + 200)
    chosen = dialog.height()
    dialog.show()
    assert dialog.height() == chosen
