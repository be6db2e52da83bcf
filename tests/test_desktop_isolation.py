"""The suite never reaches the desktop's session bus or keyring (on a desktop, one test that
did opened GNOME's "Unlock Login Keyring" prompt, and `make test` hung until it was answered).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ISOLATED_RUN_DIR, ROOT

PROBE = Path(__file__).resolve().parent / "probes" / "desktop_probe.py"


def test_this_process_has_a_runtime_folder_of_its_own_with_no_bus() -> None:
    import keyring

    assert Path(os.environ["XDG_RUNTIME_DIR"]) == ISOLATED_RUN_DIR
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS"):
        scheme, _, path = os.environ[name].partition(":path=")
        assert scheme == "unix" and Path(path).parent == ISOLATED_RUN_DIR
        assert not Path(path).exists()
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.fail"


def test_on_a_desktop_no_test_reaches_its_session_bus(tmp_path: Path) -> None:
    """A pytest run from a desktop session, whose bus answers, can reach neither it nor a
    keyring on it, in its own process or in one it starts."""
    for tool in ("dbus-daemon", "dbus-send"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed; .ci/run installs dbus")
    desktop_run = tmp_path / "desktop-run"
    desktop_run.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "PYTHON_KEYRING"))}
    env["XDG_RUNTIME_DIR"] = str(desktop_run)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1",
         f"--address=unix:path={desktop_run / 'bus'}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        assert bus.stdout is not None
        if not select.select([bus.stdout], [], [], 10)[0]:
            pytest.fail("dbus-daemon did not print its address within 10 s")
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        reachable = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
             "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
            env=env, capture_output=True, timeout=20, check=False,
        )  # fmt: skip
        assert reachable.returncode == 0, "the pretend desktop's bus does not answer"
        probe = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
             "--rootdir", str(ROOT), str(PROBE)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    finally:
        bus.terminate()
        bus.wait(timeout=5)
    assert probe.returncode == 0, probe.stdout[-3000:] + probe.stderr[-2000:]
