"""What keeps the first window quick, checked by what happens rather than by a stopwatch.

PySide6 builds a class's enums when the class is first used from Python. Two are large:
naming anything in the ``Qt`` namespace builds its 94 enums, about a sixth of the time to
the first window (see ``ui.widgets.qt_properties``), and any event handed to Python builds
``QEvent.Type`` (179 members). The create and unlock windows must open without either;
``make bench`` measures the time itself.
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

built = [name for name in ("Qt", "QEvent") if name in vars(core)]
print(code, "built:", " ".join(built) or "neither")
"""


def first_window(folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", OPEN_FIRST_WINDOW, str(folder)],
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
    assert first_window(folder, subprocess_env) == "0 built: neither"


def test_a_folder_too_long_to_show_still_opens_shortened(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    # The one path that does name a Qt enum, to shorten the folder in the middle.
    folder = tmp_path.joinpath(*["a-rather-long-folder-name"] * 12)
    assert first_window(folder, subprocess_env) == "0 built: Qt"
