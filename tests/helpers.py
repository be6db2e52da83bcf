"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
from pathlib import Path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def files_containing(folders: list[Path], needles: list[str]) -> list[str]:
    """Files under ``folders`` that hold any needle, in UTF-8 or UTF-16 form."""
    patterns = []
    for needle in needles:
        patterns += [needle.encode("utf-8"), needle.encode("utf-16-le")]
    hits = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                hits += [f"{path}: {p!r}" for p in patterns if p in data]
    return hits
