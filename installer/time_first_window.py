"""Time Parley's start-up to its first window: the median wall-clock time of ``--smoke-test``.

    python installer/time_first_window.py [--runs 5] [-- COMMAND ...]

Without a command it times the unfrozen app (this Python running main.py). Each run gets a
fresh, empty HOME and XDG folders, so no real casebook or setting is read or touched, and
Qt draws offscreen, so no display is needed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def isolated_env(home: Path) -> dict[str, str]:
    """An environment whose every per-user folder lies under ``home``."""
    folders = {
        "HOME": home,
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_RUNTIME_DIR": home / "runtime",
        "TMPDIR": home / "tmp",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {k: str(v) for k, v in folders.items()}
    env.update(
        PATH=os.environ.get("PATH", "/usr/bin:/bin"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def time_runs(
    command: list[str], runs: int, env_extra: Mapping[str, str] | None = None
) -> list[float]:
    """Seconds per ``command + ['--smoke-test']`` run; raises if a run fails."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="parley-timing-") as home:
            env = {**isolated_env(Path(home)), **(env_extra or {})}
            start = time.perf_counter()
            result = subprocess.run(
                [*command, "--smoke-test"], env=env, capture_output=True, text=True, timeout=120
            )
            elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(
                f"{command} --smoke-test exited {result.returncode}: {result.stderr}"
            )
        times.append(elapsed)
    return times


def describe(label: str, times: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(times):.3f} s over {len(times)} runs "
        f"(min {min(times):.3f}, max {max(times):.3f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("command", nargs="*", help="the program to time (default: main.py)")
    args = parser.parse_args(argv)
    command = args.command or [sys.executable, str(ROOT / "main.py")]
    # One untimed run first, so both frozen and unfrozen are measured with warm file caches.
    time_runs(command, 1)
    print(describe(" ".join(command), time_runs(command, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
