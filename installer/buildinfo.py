"""What every installer build agrees on: names, ids, and the version (from pyproject.toml only).

Imported by parley.spec, the .deb builder and tests/test_installer_files.py, so the spec, the
package, the metainfo and the macOS Info.plist can never disagree about the version.
Standard library only: the spec runs it inside PyInstaller, the tests without Qt.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "Parley"
EXE_NAME = "parley"  # the executable, the icon name and the .desktop file's name
# Reverse-DNS id shared by the AppStream metainfo and the macOS bundle. A placeholder until
# the organisation settles its domain; changing it later orphans macOS preferences.
APP_ID = "org.parley.Parley"
DESKTOP_FILE = ROOT / "resources" / "linux" / f"{EXE_NAME}.desktop"
#: The file types a double-click opens in Parley (shared-mime-info): sealed files.
MIME_FILE = ROOT / "resources" / "linux" / f"{EXE_NAME}.xml"
SEALED_MIME_TYPE = "application/x-parley-sealed"
METAINFO_TEMPLATE = ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml.in"
ICON_SVG = ROOT / "resources" / "icons" / f"{EXE_NAME}.svg"


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The version in pyproject.toml: the only place a release number is written."""
    with pyproject.open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


_PEP440 = re.compile(
    r"^(?P<release>\d+(?:\.\d+)*)"
    r"(?:(?P<pre>a|b|rc)(?P<pre_n>\d+))?"
    r"(?:\.post(?P<post>\d+))?"
    r"(?:\.dev(?P<dev>\d+))?$"
)


def debian_version(version: str) -> str:
    """PEP 440 to Debian ordering: pre-releases and dev builds sort before the release (~)."""
    m = _PEP440.match(version)
    if m is None:
        raise ValueError(f"not a plain PEP 440 version: {version!r}")
    out = m["release"]
    if m["pre"]:
        out += f"~{m['pre']}{m['pre_n']}"
    if m["post"]:
        out += f"+post{m['post']}"
    if m["dev"]:
        out += f"~dev{m['dev']}"
    return out


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """The release numbers padded to four, as Windows version resources want them."""
    m = _PEP440.match(version)
    if m is None:
        raise ValueError(f"not a plain PEP 440 version: {version!r}")
    a, b, c, d = ([int(n) for n in m["release"].split(".")] + [0, 0, 0, 0])[:4]
    return (a, b, c, d)


def source_date_epoch() -> int:
    """The build's timestamp: SOURCE_DATE_EPOCH, else the last commit, else now.

    Every date that ends up in a package comes from here, so two builds of one commit
    produce the same files (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(dt.datetime.now(dt.UTC).timestamp())


def release_date() -> str:
    return dt.datetime.fromtimestamp(source_date_epoch(), dt.UTC).date().isoformat()


def render_metainfo(version: str | None = None, date: str | None = None) -> str:
    """The AppStream metainfo with this release filled in (the template names no version)."""
    text = METAINFO_TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@VERSION@", version or project_version()).replace(
        "@DATE@", date or release_date()
    )


def python_metadata(version: str | None = None) -> str:
    """A minimal ``METADATA`` so ``importlib.metadata.version("parley")`` works when frozen.

    Written fresh rather than copied from the venv: the editable install's dist-info names
    this checkout's absolute path (direct_url.json), which must not ship.
    """
    return f"Metadata-Version: 2.1\nName: parley\nVersion: {version or project_version()}\n"


def main(argv: list[str]) -> int:
    """``python installer/buildinfo.py version`` (or numeric-version, app-id): for scripts."""
    answers = {
        "version": project_version,
        "numeric-version": lambda: ".".join(map(str, numeric_version(project_version()))),
        "debian-version": lambda: debian_version(project_version()),
        "app-id": lambda: APP_ID,
    }
    if len(argv) != 1 or argv[0] not in answers:
        print(f"usage: buildinfo.py {{{','.join(answers)}}}")
        return 2
    print(answers[argv[0]]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
