"""Locking on screen lock and sleep, tested for real over D-Bus: a private dbus-daemon, the
watcher connected to it, and the signals sent from a second connection as a screen saver
and logind would send them. Without any bus, the watcher stays quiet and nothing breaks."""

from __future__ import annotations

import itertools
import select
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from app.books import vault
from ui.application import Session
from ui.trust.install import install_trust, trust_features
from ui.trust.screen_lock import GOING_TO_SLEEP, SCREEN_LOCKED, ScreenLockWatcher
from ui.unlock import UnlockDialog

from conftest import FLOOR_KDF, PASSPHRASE

_names = itertools.count()


@pytest.fixture
def bus_address(tmp_path: Path) -> Iterator[str]:
    """A private session bus of this test's own (never the desktop's)."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon is not installed; .ci/run installs it")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1",
         f"--address=unix:path={tmp_path / 'bus'}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert daemon.stdout is not None
        if not select.select([daemon.stdout], [], [], 10)[0]:
            pytest.fail("dbus-daemon did not print its address within 10 s")
        yield daemon.stdout.readline().decode().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


def connect(address: str) -> QDBusConnection:
    name = f"parley-test-{next(_names)}"
    connection = QDBusConnection.connectToBus(address, name)
    assert connection.isConnected(), connection.lastError().message()
    return connection


def send(bus: QDBusConnection, path: str, interface: str, name: str, *args: Any) -> None:
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(args))
    assert bus.send(message)


class NoBus:
    def isConnected(self) -> bool:
        return False


def test_screen_saver_and_sleep_signals_ask_to_lock(qtbot: QtBot, bus_address: str) -> None:
    listening, speaking = connect(bus_address), connect(bus_address)
    # One bus stands in for both: the session bus's screen saver and the system's logind.
    watcher = ScreenLockWatcher(session_bus=listening, system_bus=listening)
    sources = watcher.start()
    assert "sleep (logind)" in sources and len(sources) == 3

    with qtbot.waitSignal(watcher.lock_requested, timeout=5_000) as locked:
        send(speaking, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
    assert locked.args == [SCREEN_LOCKED]
    with qtbot.waitSignal(watcher.lock_requested, timeout=5_000) as locked:
        send(speaking, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True)
    assert locked.args == [SCREEN_LOCKED]

    # The screen saver going off, and waking up, are not reasons to lock.
    with qtbot.assertNotEmitted(watcher.lock_requested, wait=200):
        send(speaking, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", False)
        send(speaking, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
             "PrepareForSleep", False)  # fmt: skip
    with qtbot.waitSignal(watcher.lock_requested, timeout=5_000) as locked:
        send(speaking, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
             "PrepareForSleep", True)  # fmt: skip
    assert locked.args == [GOING_TO_SLEEP]

    watcher.stop()
    assert watcher.sources == []
    with qtbot.assertNotEmitted(watcher.lock_requested, wait=200):
        send(speaking, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)


def test_the_session_locks_and_says_why(
    qtbot: QtBot, bus_address: str, casebook_folder: Path, tmp_path: Path
) -> None:
    buses = {"session_bus": connect(bus_address), "system_bus": NoBus()}
    session = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                      tabs=lambda: [], trust_options=buses)  # fmt: skip
    try:
        window = session.window
        session.open_casebook(vault.open_with_passphrase(casebook_folder, PASSPHRASE))
        assert session.casebook is not None

        send(connect(bus_address), "/ScreenSaver", "org.freedesktop.ScreenSaver",
             "ActiveChanged", True)  # fmt: skip
        qtbot.waitUntil(lambda: session.casebook is None, timeout=5_000)

        assert isinstance(session.dialog, UnlockDialog) and session.dialog.isVisible()
        assert session.dialog.message.text() == SCREEN_LOCKED
        assert not window.isVisible() and window.casebook is None
    finally:
        session.dispose()


def test_no_bus_no_crash(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert ScreenLockWatcher(session_bus=NoBus(), system_bus=NoBus()).start() == []
    dead = QDBusConnection.connectToBus(f"unix:path={tmp_path / 'none'}", "parley-test-dead")
    assert ScreenLockWatcher(session_bus=dead, system_bus=dead).start() == []
    # With the desktop's own buses absent, the defaults find nothing and start nothing.
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'no-system-bus'}")
    watcher = ScreenLockWatcher()
    assert watcher.start() == []
    watcher.stop()


def test_install_trust_without_a_session_locks_as_ctrl_l_does(qtbot: QtBot) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(tabs=lambda: [])
    qtbot.addWidget(window)
    install_trust(window, None, session_bus=NoBus(), system_bus=NoBus())
    trust = trust_features(window)
    assert trust is not None
    with qtbot.waitSignal(window.lock_requested, timeout=1_000):
        trust.watcher.lock_requested.emit(SCREEN_LOCKED)


def test_install_trust_with_a_session_locks_through_it_saying_why(qtbot: QtBot) -> None:
    from ui.main_window import MainWindow

    class Session:
        def __init__(self) -> None:
            self.why: list[str] = []

        def lock(self, why: str = "") -> None:
            self.why.append(why)

    window = MainWindow(tabs=lambda: [])
    qtbot.addWidget(window)
    session = Session()
    install_trust(window, session, session_bus=NoBus(), system_bus=NoBus())
    trust = trust_features(window)
    assert trust is not None
    with qtbot.assertNotEmitted(window.lock_requested):
        trust.watcher.lock_requested.emit(SCREEN_LOCKED)
    assert session.why == [SCREEN_LOCKED]
