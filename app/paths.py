"""Where casebooks live by default: the per-user data folder of each platform."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "Parley"


def default_vault_folder() -> Path:
    """The mediator's own casebook (e.g. ``~/.local/share/Parley/casebook`` on Linux)."""
    return _data_folder() / "casebook"


def default_demo_folder() -> Path:
    """The demo casebook: a folder of its own, never the real casebook."""
    return _data_folder() / "demo-casebook"


def _data_folder() -> Path:
    import platformdirs  # only when no --vault was given: it costs start-up time

    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))
