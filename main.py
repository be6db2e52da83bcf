"""Parley's entry point: no argument opens the app; a sub-command runs the command line."""

from __future__ import annotations

import gc
import sys
from pathlib import Path


def _open_gui(vault: Path | None, smoke_test: bool, self_test: bool) -> int:
    # Qt is imported only when a window is wanted, so the command line starts quickly.
    if self_test:
        from app.selftest import run_self_test

        code = run_self_test(sys.stdout)
        if code != 0:
            return code
        smoke_test = True  # then prove the first window opens
    from ui.application import run_app

    return run_app(vault, smoke_test=smoke_test)


def main() -> int:
    # Python's cycle collector runs dozens of times while PySide6 builds its enums and our
    # modules load, and finds nothing to free: a twentieth of start-up. It is held off
    # while the window's modules load (run_app turns it back on), and not at all for a
    # command.
    gc.disable()
    from app.cli import main as cli_main
    from app.cli import window_options

    if window_options(sys.argv[1:]) is None:
        gc.enable()
    return cli_main(sys.argv[1:], gui=_open_gui)


if __name__ == "__main__":
    sys.exit(main())
