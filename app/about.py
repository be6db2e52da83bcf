"""What Parley is built on, for the About box: each part, the version installed and its
licence. Kept out of ``ui/`` because it names the libraries below the interface, the
database's among them."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

#: The libraries and fonts Parley ships: (name shown, distribution to ask, licence).
LICENCES = (
    ("Qt and PySide6", "PySide6-Essentials", "LGPL-3.0"),
    ("SQLCipher (sqlcipher3)", "sqlcipher3", "zlib and BSD-3-Clause"),
    ("reportlab", "reportlab", "BSD-3-Clause"),
    ("cryptography", "cryptography", "Apache-2.0 or BSD-3-Clause"),
    ("PDFium (pypdfium2)", "pypdfium2", "Apache-2.0 or BSD-3-Clause; PDFium BSD-3-Clause"),
    ("keyring", "keyring", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("holidays", "holidays", "MIT"),
    ("DejaVu Sans fonts", None, "Bitstream Vera licence (resources/fonts/LICENSE-DejaVu.txt)"),
)


@dataclass(frozen=True)
class Part:
    name: str
    version: str  # "" for a part with no distribution (the fonts); "not found" if missing
    licence: str


def shipped_parts() -> list[Part]:
    """Every part Parley ships, with the version this installation holds."""
    return [Part(name, _version_of(dist), licence) for name, dist, licence in LICENCES]


def _version_of(distribution: str | None) -> str:
    if distribution is None:
        return ""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not found"
