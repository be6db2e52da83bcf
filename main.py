"""Parley's entry point: no argument opens the app; a sub-command runs the command line."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

#: How a sealed file's name ends (app.exchange.sealed.SUFFIX; not imported, for start-up).
SEALED_SUFFIX = ".parley-sealed"


def _open_gui(
    vault: Path | None, smoke_test: bool, self_test: bool, opened_on: Path | None = None
) -> int:
    # Qt is imported only when a window is wanted, so the command line starts quickly.
    if self_test:
        from app.selftest import run_self_test

        code = run_self_test(sys.stdout)
        if code != 0:
            return code
        smoke_test = True  # then prove the first window opens
    if vault is None:
        # Found before Qt loads: once PySide6 is imported, it reads the source of every
        # module imported after it (to see whether it uses PySide), and platformdirs is
        # seven of them (4 ms of the time to the first window).
        from app.paths import default_vault_folder

        vault = default_vault_folder()
    from ui.application import run_app

    return run_app(vault, smoke_test=smoke_test, opened_on=opened_on)


def main() -> int:
    # Python's cycle collector runs dozens of times while PySide6 builds its enums and our
    # modules load, and finds nothing to free: a twentieth of start-up. It is held off
    # until the first window is painted (run_app turns it back on), and not at all for a
    # command.
    gc.disable()
    from app.cli import main as cli_main
    from app.cli import window_options

    argv, opened_on = sys.argv[1:], None
    # The desktop opens Parley on a sealed file with its path last (a double-click).
    sealed_last = bool(argv) and argv[-1].lower().endswith(SEALED_SUFFIX)
    if sealed_last and window_options(argv[:-1]) is not None:
        argv, opened_on = argv[:-1], Path(argv[-1])
    if window_options(argv) is None:
        gc.enable()

    def gui(vault: Path | None, smoke_test: bool, self_test: bool) -> int:
        return _open_gui(vault, smoke_test, self_test, opened_on)

    return cli_main(argv, gui=gui)


if __name__ == "__main__":
    sys.exit(main())
