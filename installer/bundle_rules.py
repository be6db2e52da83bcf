"""What goes into the frozen app and what stays out: used by parley.spec and check_bundle.py.

Kept apart from the spec so that the rules can be read in one place, and so that the bundle
check and the tests judge a bundle by the same rules the spec built it with.
Standard library only (the tests import it without PyInstaller or Qt).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# Development, test and packaging tools: none is imported by the app; listed so that a stray
# import can never drag one in, and so that check_bundle.py can look for them.
DEV_TOOLS = (
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "pip",
    "setuptools",
    "pkg_resources",
    "wheel",
    "PyInstaller",
    "pypdf",
    "tests",
    "conftest",
    "helpers",
)

# Everything else the app never needs: reached only from a `__main__` block, a doctest, a
# library's own test helpers, or an optional branch of code Parley does not run.
EXCLUDED_MODULES = (
    *DEV_TOOLS,
    "keyring.testing",
    # reached only through reportlab's doctest and self-test blocks
    "doctest",
    "pdb",
    "pydoc",
    "unittest",
    "tkinter",
    "_tkinter",
    # Pillow's codecs beyond its core: reportlab needs PIL.Image only for raster images,
    # which the agreed-terms PDF never contains (Pillow imports these plugins optionally)
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingcms",
    "PIL._imagingtk",
    "PIL.ImageCms",
    "PIL.ImageTk",
    "PIL.ImageQt",
    # network clients and servers: Parley never opens a connection, and every import of these
    # in the standard library is optional (inside try/except or a function). Leaving them out
    # also leaves OpenSSL's TLS library out of the bundle.
    "ssl",
    "_ssl",
    "ftplib",
    "smtplib",
    "imaplib",
    "poplib",
    "http.server",
    "socketserver",
    "xmlrpc",
    "webbrowser",
    # Qt modules Parley does not import
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtConcurrent",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
)

ALL = frozenset({"*"})

# Qt plugins kept, by plugin folder; a folder not listed is left out entirely. Names are
# without "lib" and the extension, so one table serves Linux, Windows and macOS.
KEEP_PLUGINS: dict[str, frozenset[str]] = {
    # the windowing systems of desktops Parley runs on, and offscreen for the smoke tests
    "platforms": frozenset({"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"}),
    # native file dialogs and colours on GNOME-like desktops and through the XDG portal
    "platformthemes": frozenset({"qgtk3", "qxdgdesktopportal"}),
    # dead keys and input methods, so names such as Siân and Nuñez can be typed
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    # printing the agreed terms (CUPS on Linux; Windows and macOS print natively)
    "printsupport": ALL,
    # the SVG window icon
    "iconengines": frozenset({"qsvgicon"}),
    "imageformats": frozenset({"qsvg"}),
    # native widget styles (Windows 11, macOS)
    "styles": ALL,
    # xcb opens GL contexts through these when a desktop asks for one
    "xcbglintegrations": ALL,
    # Wayland: every current compositor speaks xdg-shell; decorations draw the title bar on
    # GNOME; wayland-egl is the GL buffer path (shared memory needs no plugin)
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": ALL,
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),
}

# Qt's software OpenGL and shader compiler on Windows (about 25 MB): only Qt Quick and
# QOpenGLWidget use them; Parley's widgets paint with the raster engine.
DROPPED_FILES = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})

_QT_DIR = re.compile(r"^PySide6/(?:Qt/)?(?P<kind>plugins|translations)/(?P<rest>.+)$")
# Qt's own libraries: libQt6Gui.so.6 (Linux), Qt6Gui.dll (Windows), and the binary inside
# QtGui.framework (macOS), which has no extension.
_QT_LIB = re.compile(r"^(?:(?:lib)?Qt6\w+(?:\.so\.6|\.dll)|Qt[A-Z]\w*)$")


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def plugin_stem(filename: str) -> str:
    """``libqxcb.so`` / ``qxcb.dll`` / ``libqcocoa.dylib`` -> ``qxcb`` / ``qcocoa``."""
    stem = filename.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_dest(dest: str) -> bool:
    """Whether a file bound for ``dest`` (relative to the bundle's content folder) ships."""
    path = _posix(dest)
    if PurePosixPath(path).name.lower() in DROPPED_FILES:
        return False
    m = _QT_DIR.match(path)
    if m is None:
        return True
    if m["kind"] == "translations":
        return False  # the interface is English, as are Qt's own strings
    kind, _, name = m["rest"].partition("/")
    if not name or "/" in name:
        return False  # no plugin layout Parley relies on nests deeper
    keep = KEEP_PLUGINS.get(kind)
    return keep is not None and (keep is ALL or plugin_stem(name) in keep)


def is_qt_library(dest: str) -> bool:
    return bool(_QT_LIB.match(PurePosixPath(_posix(dest)).name))


def prune_unused_qt_libraries(
    binaries: list[tuple[str, str, str]],
    datas: list[tuple[str, str, str]],
    imports_of: Callable[[str], Iterable[str]],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The TOCs without the Qt libraries that nothing left in the bundle loads.

    PyInstaller collects each plugin's libraries while it analyses; once plugins are left out,
    the libraries only they needed (Qt6Network for TUIO touch, the EGLFS support libraries...)
    would stay behind. ``imports_of(src)`` names the libraries a binary links against. On
    macOS the rest of such a library's framework (Info.plist, links) goes with it.
    """

    def name(dest: str) -> str:
        return PurePosixPath(_posix(dest)).name

    entries = [e for e in binaries if e[2] != "SYMLINK"]
    qt_names = {name(dest) for dest, _, _ in entries if is_qt_library(dest)}
    needed: set[str] = set()
    pending = [src for dest, src, _ in entries if not is_qt_library(dest)]
    seen: set[str] = set()
    while pending:
        src = pending.pop()
        if src in seen:
            continue
        seen.add(src)
        for imported in imports_of(src):
            base = PurePosixPath(_posix(imported)).name
            if base in qt_names and base not in needed:
                needed.add(base)
                pending.extend(s for d, s, _ in entries if name(d) == base)
    unused = qt_names - needed

    def keep(entry: tuple[str, str, str]) -> bool:
        dest = _posix(entry[0])
        if entry[2] != "SYMLINK" and name(dest) in unused:
            return False
        return not any(f"{lib}.framework/" in dest + "/" for lib in unused)

    return [e for e in binaries if keep(e)], [e for e in datas if keep(e)]


def drop_dangling_symlinks(*tocs: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """The TOCs without SYMLINK entries whose target no longer ships.

    PyInstaller links libraries into the top folder (``libQt6Core.so.6`` ->
    ``PySide6/Qt/lib/...``) from the datas TOC; leaving a library out must take its link too.
    """
    files = {_posix(dest) for toc in tocs for dest, _, kind in toc if kind != "SYMLINK"}

    def target(dest: str, link: str) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(_posix(dest)), _posix(link)))

    return [[e for e in toc if e[2] != "SYMLINK" or target(e[0], e[1]) in files] for toc in tocs]


def debian_owned(paths: Iterable[str]) -> dict[str, str]:
    """Source path -> Debian package, for the given files that a Debian package installed.

    Such libraries are left out of the Linux bundle and declared in the .deb's Depends
    instead: the distribution keeps them patched, and a bundled copy of libstdc++ or
    fontconfig older than the system's breaks the GL drivers and font configuration the
    system loads beside it. Empty when dpkg is not there (then everything is bundled).
    """
    candidates: dict[str, str] = {}
    for path in paths:
        for variant in _usr_merge_variants(path):
            candidates.setdefault(variant, path)
    if not candidates:
        return {}
    try:
        result = subprocess.run(
            ["dpkg-query", "-S", *sorted(candidates)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except FileNotFoundError:
        return {}
    owned: dict[str, str] = {}
    for line in result.stdout.splitlines():
        package, sep, path = line.partition(": ")
        if not sep or line.startswith("diversion by"):
            continue
        original = candidates.get(path.strip())
        if original is not None:
            owned[original] = package.split(",")[0].strip()
    return owned


def debian_libraries(binaries: list[tuple[str, str, str]]) -> set[str]:
    """Source paths of the shared libraries to take from the system rather than bundle.

    Only libraries PyInstaller found as dependencies (typecode BINARY) qualify, never Python
    itself: with a Debian-packaged Python, libpython and the standard library's extension
    modules are dpkg-owned too, but they must match the bundled standard library, and a
    Depends on libpython3.X would tie the package to one distribution release.
    """
    candidates = [
        src
        for dest, src, kind in binaries
        if kind == "BINARY" and not PurePosixPath(_posix(dest)).name.startswith("libpython")
    ]
    return set(debian_owned(candidates))


def _usr_merge_variants(path: str) -> list[str]:
    """dpkg knows a file by the path its package ships (/lib/... or /usr/lib/...), while the
    loader may report the other spelling on a merged-/usr system."""
    out = [path]
    real = os.path.realpath(path)
    if real != path:
        out.append(real)
    for p in list(out):
        if p.startswith("/usr/"):
            out.append(p[len("/usr") :])
        elif p.startswith(("/lib/", "/lib64/", "/bin/", "/sbin/")):
            out.append("/usr" + p)
    return list(dict.fromkeys(out))


def bundle_root(dist: Path) -> Path:
    """The folder holding the bundled files (``_internal`` beside the executable)."""
    inner = dist / "_internal"
    return inner if inner.is_dir() else dist
