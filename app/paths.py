"""Where casebooks live by default: the per-user data folder of each platform."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Parley"


def default_vault_folder() -> Path:
    """The mediator's own casebook (e.g. ``~/.local/share/Parley/casebook`` on Linux)."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME)) / "casebook"


def default_demo_folder() -> Path:
    """The demo casebook: a folder of its own, never the real casebook."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME)) / "demo-casebook"
