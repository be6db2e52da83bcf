"""The design's layering: app/ imports without Qt and never reaches into ui/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

CHECK = """
import importlib, pkgutil, sys
import app
names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names), "modules")
assert not leaked, leaked
"""

START_UP = """
import sys
import app.cli, app.books.vault, app.books.casebook
heavy = sorted(m for m in ("reportlab", "keyring") if m in sys.modules)
assert not heavy, heavy
"""


def test_every_app_module_imports_without_qt_or_ui(subprocess_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, env=subprocess_env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) >= 20


def test_heavy_libraries_stay_out_of_start_up(subprocess_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", START_UP], cwd=ROOT, env=subprocess_env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


FIRST_WINDOW = """
import sys
from pathlib import Path
from ui.application import Session, application
app = application()
Session(Path(sys.argv[1]), window_settings=None).start()
loaded = {m.split(".")[0] for m in sys.modules} | set(sys.modules)
heavy = sorted(m for m in ("cryptography", "argon2", "sqlcipher3", "reportlab", "keyring",
                           "platformdirs", "importlib.metadata", "ui.main_window",
                           "app.books.vault")
               if m in loaded)
assert not heavy, heavy
"""


def test_the_first_window_loads_nothing_it_does_not_show(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    # Start-up is measured against a bare Qt window (make bench): the vault, the database,
    # the PDF writer and the main window load once a casebook is being opened, not before.
    result = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW, str(tmp_path / "none")],
        cwd=ROOT,
        env=subprocess_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
