"""What keeps the first window quick, checked by what happens rather than by a stopwatch.

PySide6 builds a class, and its enums, when the class is first used from Python. Two are
large: naming anything in the ``Qt`` namespace builds its 94 enums, about a sixth of the
time to the first window (see ``ui.widgets.qt_properties``), and any event handed to Python
builds ``QEvent.Type`` (179 members). Others cost a few milliseconds each and are not needed
to show the first window: ``QIcon`` (its ``ThemeIcon`` has 151 members; the window icon is
set once the window is painted), the text-box classes and ``QTextDocument`` (asked about by
class name instead), and ``QByteArray`` (enum keys are matched as text). The create and
unlock windows must open without any of them; ``make bench`` measures the time itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# Runs in a fresh process: pytest-qt's own application has long since built the namespace.
OPEN_FIRST_WINDOW = """
import sys
from pathlib import Path

from ui.application import run_app

code = run_app(Path(sys.argv[1]), smoke_test=True)
import PySide6.QtCore as core
import PySide6.QtGui as gui
import PySide6.QtWidgets as widgets

watched = {
    core: ("Qt", "QEvent", "QByteArray"),
    gui: ("QIcon", "QTextDocument"),
    widgets: ("QPlainTextEdit", "QTextEdit"),
}
built = [name for module, names in watched.items() for name in names if name in vars(module)]
print(code, "built:", " ".join(built) or "none")
"""

# A normal start (not the smoke test), quit once the window is up and Parley's icon is set;
# by then the cycle collector must be back on.
ICON_ONCE_SHOWN = """
import gc
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from ui.application import application, run_app

gc.disable()  # as main.py does while the window's modules load
app = application()
deadline = time.monotonic() + 20


def check() -> None:
    window = app.activeModalWidget() or app.activeWindow() or next(
        (w for w in app.topLevelWidgets() if w.isVisible()), None
    )
    icon = app.windowIcon()
    if window is not None and window.windowHandle().isExposed() and not icon.isNull():
        sizes = sorted({size.width() for size in icon.availableSizes()}) or "scalable"
        print("icon:", sizes, "collector on" if gc.isenabled() else "collector off")
        QCoreApplication.quit()
    elif time.monotonic() > deadline:
        print("icon: never set")
        QCoreApplication.quit()
    else:
        QTimer.singleShot(5, check)


QTimer.singleShot(0, check)
run_app(Path(sys.argv[1]))
"""


def first_window(folder: Path, env: dict[str, str], script: str = OPEN_FIRST_WINDOW) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("window", ["create", "unlock"])
def test_the_first_window_opens_without_building_the_large_enums(
    window: str, casebook_folder: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    folder = casebook_folder if window == "unlock" else tmp_path / "new"
    assert first_window(folder, subprocess_env) == "0 built: none"


def test_the_icon_and_the_cycle_collector_come_once_the_first_window_is_up(
    casebook_folder: Path, subprocess_env: dict[str, str]
) -> None:
    said = first_window(casebook_folder, subprocess_env, ICON_ONCE_SHOWN)
    assert said.startswith("icon: ") and said != "icon: never set"
    assert said.endswith("collector on")


def test_a_folder_too_long_to_show_still_opens_shortened(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    # The one path that does name a Qt enum, to shorten the folder in the middle.
    folder = tmp_path.joinpath(*["a-rather-long-folder-name"] * 12)
    assert first_window(folder, subprocess_env) == "0 built: Qt"
