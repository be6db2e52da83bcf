"""Find bundled files (fonts, icons) from a source checkout or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a file under ``resources/``, wherever Parley is running from."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)
