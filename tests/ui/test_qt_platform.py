"""`make run` checks the libraries of Qt's xcb platform plugin before Qt can abort, and says
which one command installs what is missing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ui import qt_platform

from conftest import ROOT

# ldd on the plugin, on the fresh Debian machine of the report: Qt named libxcb-cursor0, but
# these two were the ones missing.
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f20)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f20)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f20)
"""
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
UBUNTU = "NAME=Ubuntu\nID=ubuntu\nID_LIKE=debian\n"
FEDORA = "NAME=Fedora Linux\nID=fedora\n"


@pytest.mark.parametrize(
    ("environ", "xcb"),
    [
        ({}, True),
        ({"DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb;wayland"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, False),
        ({"XDG_SESSION_TYPE": "wayland"}, False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, True),
    ],
)
def test_only_the_xcb_platform_is_checked(environ: dict[str, str], xcb: bool) -> None:
    assert qt_platform.would_use_xcb(environ) is xcb


def never(argv: list[str]) -> str:
    raise AssertionError(f"ldd was run: {argv}")


def test_offscreen_and_wayland_are_never_held_up(tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    for environ in ({"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"}):
        assert qt_platform.check(environ, plugin=plugin, ldd=never, os_release=DEBIAN) is None


def test_the_missing_libraries_and_the_one_command_that_installs_them(tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    message = qt_platform.check({"DISPLAY": ":0"}, plugin=plugin, ldd=lambda a: LDD,
                                os_release=DEBIAN)  # fmt: skip
    assert message is not None
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, which are not installed" in message
    assert "\n    sudo apt install libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "cursor" not in message  # the one Qt named, installed all along
    assert qt_platform.install_command(["libxcb-icccm.so.4"], UBUNTU) == (
        "sudo apt install libxcb-icccm4"
    )
    assert qt_platform.install_command(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"], FEDORA) == (
        "sudo dnf install xcb-util-wm xcb-util-keysyms"
    )
    # Neither family: both commands, and a library not in the table is still named.
    both = qt_platform.install_command(["libxcb-icccm.so.4", "libweird.so.2"], "ID=arch\n")
    assert both == (
        "Debian or Ubuntu: sudo apt install libxcb-icccm4 <the package of libweird.so.2>\n"
        "Fedora: sudo dnf install xcb-util-wm <the package of libweird.so.2>"
    )


def test_nothing_is_said_when_everything_is_there_or_ldd_cannot_be_asked(tmp_path: Path) -> None:
    plugin = qt_platform.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    # This machine has them all (.ci/run installs them): the real ldd finds nothing missing.
    assert qt_platform.check({"DISPLAY": ":0"}, plugin=plugin, os_release=DEBIAN) is None

    def no_ldd(argv: list[str]) -> str:
        raise FileNotFoundError("ldd")

    assert qt_platform.check({}, plugin=plugin, ldd=no_ldd) is None
    assert qt_platform.check({}, plugin=None, ldd=never) is None


def test_make_run_checks_before_it_starts_qt() -> None:
    for target in ("run", "demo"):
        plan = subprocess.run(["make", "-n", "-s", target], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.splitlines()  # fmt: skip
        # Only the commands run with the project's Python: a changed pyproject.toml first
        # reinstalls (pip), which is not starting Qt.
        python = [line for line in plan if line.startswith(".venv/bin/python")]
        commands = [line for line in python if " -m pip " not in line]
        assert "-m ui.qt_platform" in commands[0], plan
        assert all("main.py" in line for line in commands[1:]) and commands[1:], plan
