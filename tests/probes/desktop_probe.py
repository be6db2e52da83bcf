"""Run only by tests/test_desktop_isolation.py, in a pytest of its own whose environment has
a desktop session bus: what a test process can reach there."""

from __future__ import annotations

import os
import subprocess
import sys


def test_a_test_process_reaches_no_session_bus_or_keyring() -> None:
    import keyring
    from PySide6.QtDBus import QDBusConnection

    assert not QDBusConnection.sessionBus().isConnected()
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.fail"
    # Nor does a process that the test starts with the environment it was given.
    child = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
        env=dict(os.environ), capture_output=True, timeout=20, check=False,
    )  # fmt: skip
    assert child.returncode != 0, child.stdout
    code = "import keyring; print(type(keyring.get_keyring()).__module__)"
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ),
                         capture_output=True, text=True, timeout=60, check=True).stdout  # fmt: skip
    assert out.strip() == "keyring.backends.fail"
