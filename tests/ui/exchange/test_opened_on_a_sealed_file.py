"""A double-click on a sealed file runs ``parley FILE.parley-sealed``: the window opens, and
the file is taken in once a book is unlocked. A command that names a sealed file (``receive``)
stays a command."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import main


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    calls: list[tuple[object, ...]] = []

    def record(*args: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(main, "_open_gui", record)
    yield calls
    gc.enable()  # main() holds the collector off for the window, which never came


def test_a_sealed_file_last_opens_the_window_on_it(
    monkeypatch: pytest.MonkeyPatch, launched: list[tuple[object, ...]], tmp_path: Path
) -> None:
    sealed = tmp_path / "MM-2026-040 agreement.parley-sealed"
    monkeypatch.setattr(sys, "argv", ["parley", "--vault", str(tmp_path), str(sealed)])
    assert main.main() == 0
    assert launched == [(tmp_path, False, False, sealed)]


def test_without_a_file_the_window_opens_as_ever(
    monkeypatch: pytest.MonkeyPatch, launched: list[tuple[object, ...]]
) -> None:
    monkeypatch.setattr(sys, "argv", ["parley"])
    assert main.main() == 0
    assert launched == [(None, False, False, None)]


def test_a_mistake_before_the_file_is_a_usage_error_not_a_window(
    monkeypatch: pytest.MonkeyPatch,
    launched: list[tuple[object, ...]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "argv", ["parley", "--bogus", "x.parley-sealed"])
    assert main.main() == 2
    assert launched == []
    capsys.readouterr()
