"""The background-job holder: one piece of work at a time, a busy signal, and outcomes that
arrive too late (after locking, closing, or once the casebook has closed) dropped unseen."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.errors import ParleyError
from ui.background import BackgroundJob, busy_cursor
from ui.worker import wait_for_background_work


class Gate:
    """Work that runs until the test opens the gate, so "too late" can be arranged."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.ran = 0

    def work(self, result: str = "done") -> Callable[[], str]:
        def run() -> str:
            self.ran += 1
            assert self.opened.wait(10), "the test never opened the gate"
            return result

        return run


@pytest.fixture
def owner(qtbot: QtBot) -> QObject:
    return QObject()


def _finish(gate: Gate) -> None:
    gate.opened.set()
    assert wait_for_background_work(10_000)
    QApplication.processEvents()  # the queued delivery to the GUI thread
    QApplication.processEvents()


def test_a_result_is_delivered_and_busy_is_said_both_ways(owner: QObject) -> None:
    job, gate = BackgroundJob(owner), Gate()
    busy: list[bool] = []
    got: list[str] = []
    job.busy_changed.connect(busy.append)
    assert job.start(gate.work(), got.append, lambda e: None) is not None
    assert job.busy and busy == [True]
    _finish(gate)
    assert got == ["done"] and not job.busy and busy == [True, False]


def test_only_one_at_a_time(owner: QObject) -> None:
    job, gate = BackgroundJob(owner), Gate()
    got: list[str] = []
    job.start(gate.work("first"), got.append, lambda e: None)
    assert job.start(gate.work("second"), got.append, lambda e: None) is None
    _finish(gate)
    assert got == ["first"] and gate.ran == 1


def test_forgetting_drops_what_is_on_its_way(owner: QObject) -> None:
    job, gate = BackgroundJob(owner), Gate()
    busy: list[bool] = []
    got: list[object] = []
    job.busy_changed.connect(busy.append)
    job.start(gate.work(), got.append, got.append)
    job.forget()  # locking
    assert not job.busy and busy == [True, False]
    _finish(gate)
    assert got == [] and busy == [True, False]


def test_nothing_is_delivered_once_no_longer_wanted(owner: QObject) -> None:
    wanted = [True]
    job, gate = BackgroundJob(owner, still_wanted=lambda: wanted[0]), Gate()
    busy: list[bool] = []
    got: list[object] = []
    job.busy_changed.connect(busy.append)
    job.start(gate.work(), got.append, got.append)
    wanted[0] = False  # the casebook closed without the window being told
    _finish(gate)
    assert got == [] and not job.busy and busy == [True, False]


def test_a_mark_taken_before_asking_starts_nothing_after_a_lock(owner: QObject) -> None:
    job, gate = BackgroundJob(owner), Gate()
    mark = job.mark()
    assert job.still_current(mark)
    job.forget()  # locked while the file dialog was open
    assert not job.still_current(mark)
    assert job.start(gate.work(), lambda r: None, lambda e: None, since=mark) is None
    assert not job.busy and gate.ran == 0
    assert job.start(gate.work(), lambda r: None, lambda e: None, since=job.mark()) is not None
    _finish(gate)


def test_a_failure_arrives_in_words(owner: QObject) -> None:
    job = BackgroundJob(owner)
    failed: list[ParleyError] = []

    def broken() -> str:
        raise KeyError("SECRET-KEY-TEXT")

    job.start(broken, lambda r: None, failed.append)
    assert wait_for_background_work(10_000)
    QApplication.processEvents()
    [error] = failed
    assert str(error) == "Something went wrong: KeyError" and not job.busy


def test_the_busy_cursor_goes_even_when_the_act_fails(qtbot: QtBot) -> None:
    assert QApplication.overrideCursor() is None
    with pytest.raises(ParleyError), busy_cursor():
        assert QApplication.overrideCursor() is not None
        raise ParleyError("refused")
    assert QApplication.overrideCursor() is None
