"""Before `make run` starts Qt on X11: are the libraries of Qt's xcb platform plugin there?

Without one of them Qt stops with "could not load the Qt platform plugin xcb" and names a
library that may not be the missing one (it named libxcb-cursor0, which was installed, when
libxcb-icccm4 and libxcb-keysyms1 were missing). This asks the system's loader (``ldd``)
about the plugin inside this environment's PySide6 and prints the one command that installs
what is missing. It never imports Qt, and it stays silent, and out of the way, whenever
another platform (offscreen, Wayland) would be used or the check cannot be made.

Run as ``python -m ui.qt_platform``: exit 0 to go on, 1 with the command on standard error.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: Shared library → (Debian and Ubuntu package, Fedora package): what the xcb plugin needs.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}

Runner = Callable[[list[str]], str]


def would_use_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt would start on its xcb (X11) platform, by Qt's own rules: the platform
    named in ``QT_QPA_PLATFORM`` (its first choice), else Wayland in a Wayland session,
    else xcb."""
    named = environ.get("QT_QPA_PLATFORM", "").strip()
    if named:
        return named.split(";")[0].split(":")[0].strip() == "xcb"
    wayland = bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` could not find, in its order, each once."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def install_command(missing: list[str], os_release: str) -> str:
    """The one command that installs ``missing`` on this system: apt on Debian and Ubuntu,
    dnf on Fedora and its kin; both, one per line, where the system is neither."""
    fields = dict(line.split("=", 1) for line in os_release.splitlines() if "=" in line)
    family = " ".join(fields.get(k, "").strip('"').lower() for k in ("ID", "ID_LIKE")).split()
    debian = _packages(missing, 0)
    fedora = _packages(missing, 1)
    apt = "sudo apt install " + " ".join(debian)
    dnf = "sudo dnf install " + " ".join(fedora)
    if {"debian", "ubuntu"} & set(family):
        return apt
    if {"fedora", "rhel", "centos"} & set(family):
        return dnf
    return f"Debian or Ubuntu: {apt}\nFedora: {dnf}"


def _packages(missing: list[str], column: int) -> list[str]:
    names: list[str] = []
    for library in missing:
        name = PACKAGES[library][column] if library in PACKAGES else f"<the package of {library}>"
        if name not in names:
            names.append(name)
    return names


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the PySide6 this Python would import, found without
    importing it (so no Qt library is loaded); None where there is none (not Linux)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def _ldd(argv: list[str]) -> str:
    return subprocess.run(
        ["ldd", *argv], capture_output=True, text=True, timeout=30, check=False
    ).stdout


def check(
    environ: Mapping[str, str],
    *,
    plugin: Path | None,
    ldd: Runner = _ldd,
    os_release: str = "",
) -> str | None:
    """What to tell the person before Qt starts, or None to go on."""
    if not would_use_xcb(environ) or plugin is None:
        return None
    try:
        missing = missing_libraries(ldd([str(plugin)]))
    except (OSError, subprocess.SubprocessError):
        return None  # no ldd to ask: let Qt speak for itself
    if not missing:
        return None
    return (
        "Parley cannot start on this desktop yet: Qt's X11 (xcb) platform needs "
        f"{', '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} not installed.\n"
        "Install with:\n\n    "
        + install_command(missing, os_release).replace("\n", "\n    ")
        + "\n\nthen run `make run` again."
    )


def main() -> int:
    """Check, print what is missing and how to install it, and say whether to go on."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        os_release = ""
    message = check(os.environ, plugin=xcb_plugin(), os_release=os_release)
    if message is None:
        return 0
    print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
