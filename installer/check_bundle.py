"""Check a frozen Parley for what it must hold and for what must never ship.

    python installer/check_bundle.py BUNDLE [--forbid TEXT ...]

BUNDLE is the folder holding the executable (dist/parley, /opt/parley unpacked from the
.deb) or Parley.app. Must hold: the executables, the fonts with their licence, the icon,
the version metadata, sqlcipher3's compiled extension, the Qt platform plugins, and the
Python modules the app imports. Must not hold: tests, development tools, .git, the modules,
plugins and translations that installer/bundle_rules.py leaves out, or this checkout's
absolute path in any file (the compressed Python archive is opened and searched too). On
Linux, every library the bundle links against must be in the bundle or come from a Debian
package, so the .deb's Depends can name it.

Prints one line per check and exits 1 if any failed. Needs PyInstaller (to read the
executable's archive), so run it with the build's Python.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import buildinfo
import bundle_rules

STRAY_DIRS = {"tests", "test", "testing", ".git", "__pycache__", ".pytest_cache", ".mypy_cache"}
STRAY_FILE = re.compile(r"^(?:test_.*\.pyc?|.*_test\.pyc?|conftest\.pyc?|\.gitignore)$")
UNUSED_QT = re.compile(
    r"Qt6?(?:Network|Qml|Quick|WebEngine|Multimedia|3D|Designer|Test|Sql|Xml|Pdf|Charts|"
    r"Concurrent|UiTools|Help|VirtualKeyboard|EglFS)"
)
REQUIRED_MODULES = (
    "app.cli",
    "app.selftest",
    "ui.application",
    "reportlab.pdfgen.canvas",
    "reportlab.pdfbase.ttfonts",
    "sqlcipher3",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.hazmat.primitives.kdf.argon2",
    # Sealed files between books: HPKE with ML-KEM-768 + X25519, and Ed25519 signatures.
    "cryptography.hazmat.primitives.hpke",
    "cryptography.hazmat.primitives.asymmetric.mlkem",
    "cryptography.hazmat.primitives.asymmetric.ed25519",
    "keyring.core",
    "platformdirs",
    # Printing renders the PDF's own pages with PDFium.
    "pypdfium2",
    "pypdfium2_raw",
)
KEYRING_BACKENDS = {
    "linux": ("keyring.backends.SecretService", "keyring.backends.kwallet", "secretstorage"),
    "win32": ("keyring.backends.Windows",),
    "darwin": ("keyring.backends.macOS",),
}
PLATFORMS = {
    "linux": ("qxcb", "qoffscreen"),
    "win32": ("qwindows", "qoffscreen"),
    "darwin": ("qcocoa", "qoffscreen"),
}


@dataclass
class Report:
    failures: int = 0
    lines: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str, problems: list[str] | None = None) -> None:
        self.failures += not ok
        self.lines.append(f"  {'ok  ' if ok else 'FAIL'}  {what}")
        for problem in (problems or [])[:15]:
            self.lines.append(f"          - {problem}")
        if problems and len(problems) > 15:
            self.lines.append(f"          … and {len(problems) - 15} more")


@dataclass
class Bundle:
    top: Path  # the folder given (or the .app)
    executables: list[Path]
    roots: list[Path]  # where the bundled files are (_internal; Frameworks and Resources)

    @classmethod
    def open(cls, top: Path) -> Bundle:
        if top.suffix == ".app":
            contents = top / "Contents"
            exes = [contents / "MacOS" / buildinfo.EXE_NAME]
            return cls(top, exes, [contents / "Frameworks", contents / "Resources"])
        names = ["Parley.exe", "parley-cli.exe"] if sys.platform == "win32" else ["parley"]
        return cls(top, [top / n for n in names], [bundle_rules.bundle_root(top)])

    def files(self) -> Iterator[tuple[str, Path]]:
        """(path relative to its root, path) for every file and link in the bundle."""
        seen = set()
        for root in [*self.roots, self.top]:
            for dirpath, dirnames, filenames in os.walk(root):
                for name in dirnames + filenames:
                    path = Path(dirpath) / name
                    if path in seen or (root == self.top and self._inside_root(path)):
                        continue
                    seen.add(path)
                    if path.is_file() or path.is_symlink():
                        yield path.relative_to(root).as_posix(), path

    def _inside_root(self, path: Path) -> bool:
        return any(r in path.parents or r == path for r in self.roots)

    def find(self, relative: str) -> Path | None:
        for root in self.roots:
            if (root / relative).exists():
                return root / relative
        return None

    def glob(self, pattern: str) -> list[Path]:
        return [p for root in self.roots for p in root.glob(pattern)]

    def modules(self) -> dict[str, bytes]:
        """Every Python module the executables carry (their archive and base_library.zip),
        as dotted name -> decompressed bytecode."""
        from PyInstaller.archive.readers import CArchiveReader

        found: dict[str, bytes] = {}
        for exe in self.executables:
            if not exe.is_file():
                continue
            archive = CArchiveReader(str(exe))
            for name, entry in archive.toc.items():
                if entry[-1] == "z":  # the PYZ archive of pure-Python modules
                    pyz = archive.open_embedded_archive(name)
                    for module in pyz.toc:
                        found[module] = pyz.extract(module, raw=True) or b""
                elif entry[-1] in "sm":  # the entry script and bootstrap modules
                    found[f"<script {name}>"] = archive.extract(name)
        for base in self.glob("base_library.zip"):
            with zipfile.ZipFile(base) as zf:
                for info in zf.infolist():
                    module = re.sub(r"(/__init__)?\.pyc$", "", info.filename).replace("/", ".")
                    found[module] = zf.read(info)
        return found


def module_strays(modules: list[str]) -> list[str]:
    bad = []
    excluded = set(bundle_rules.EXCLUDED_MODULES)
    for module in modules:
        parts = module.split(".")
        if parts[0] in bundle_rules.DEV_TOOLS:
            bad.append(f"{module} (development tool)")
        elif any(p in {"tests", "test", "testing"} for p in parts) or parts[-1].startswith("test_"):
            bad.append(f"{module} (test code)")
        elif any(".".join(parts[:i]) in excluded for i in range(1, len(parts) + 1)):
            bad.append(f"{module} (excluded in bundle_rules.py)")
    return bad


def file_strays(files: list[tuple[str, Path]]) -> list[str]:
    tools = "|".join(re.escape(t.lower().replace("_", "-")) for t in bundle_rules.DEV_TOOLS)
    dev_dist_info = re.compile(rf"^(?:{tools})-[^/]*\.dist-info$")
    bad = []
    for rel, _ in files:
        parts = rel.split("/")
        if any(p in STRAY_DIRS for p in parts[:-1]) or STRAY_FILE.match(parts[-1]):
            bad.append(rel)
        elif any(dev_dist_info.match(p.lower().replace("_", "-")) for p in parts[:-1]):
            bad.append(f"{rel} (metadata of a development tool)")
    return sorted(set(bad))


def absolute_paths(
    files: list[tuple[str, Path]], modules: dict[str, bytes], forbid: list[str]
) -> list[str]:
    needles = [s.encode() for s in forbid] + [s.encode("utf-16-le") for s in forbid]
    bad = []
    for rel, path in files:
        if path.is_symlink():
            target = os.readlink(path)
            if any(s in target for s in forbid):
                bad.append(f"{rel} -> {target}")
            continue
        data = path.read_bytes()
        if any(n in data for n in needles):
            bad.append(rel)
    for module, data in modules.items():
        if any(n in data for n in needles):
            bad.append(f"{module} (in the Python archive)")
    return bad


def check_elf_links(bundle: Bundle) -> tuple[list[str], int]:
    """Libraries the bundle's ELF files cannot find, or find only outside any package."""
    roots = [str(r.resolve()) + os.sep for r in bundle.roots]
    elves = [p for _, p in bundle.files() if not p.is_symlink() and _is_elf(p)]
    # The bootloader puts the content folder on the search path; so does this, for ldd.
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(roots), "LC_ALL": "C"}
    outside: dict[str, set[str]] = {}
    problems = []
    for elf in elves:
        out = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            m = re.match(r"\s*(\S+) => (.+?) \(0x", line)
            if "not found" in line:
                problems.append(f"{elf.name}: {line.strip()}")
            elif m and not any(os.path.normpath(m[2]).startswith(r) for r in roots):
                outside.setdefault(m[2], set()).add(elf.name)
    owned = bundle_rules.debian_owned(outside)
    for lib in sorted(set(outside) - set(owned)):
        problems.append(f"{lib} (needed by {', '.join(sorted(outside[lib])[:3])}) is in no package")
    return problems, len(owned)


def _is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def check(top: Path, forbid: list[str]) -> Report:
    report = Report()
    bundle = Bundle.open(top)
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    files = list(bundle.files())
    modules = bundle.modules()

    report.lines.append("Must be there")
    missing_exes = [str(e) for e in bundle.executables if not e.is_file()]
    report.check(not missing_exes, "executables", missing_exes)
    wanted = [
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/DejaVuSans-Bold.ttf",
        "resources/fonts/LICENSE-DejaVu.txt",
        f"resources/icons/{buildinfo.EXE_NAME}.svg",
    ]
    report.check(
        all(bundle.find(w) for w in wanted),
        "fonts, their licence and the icon",
        [w for w in wanted if not bundle.find(w)],
    )
    version = buildinfo.project_version()
    metadata = bundle.find(f"parley-{version}.dist-info/METADATA")
    shipped = metadata.read_text() if metadata else ""
    report.check(
        f"\nVersion: {version}\n" in shipped,
        f"version metadata says {version} (pyproject.toml)",
        [] if metadata else [f"no parley-{version}.dist-info/METADATA"],
    )
    cipher = bundle.glob("sqlcipher3/_sqlite3*.so") + bundle.glob("sqlcipher3/_sqlite3*.pyd")
    report.check(bool(cipher), "sqlcipher3's compiled extension (SQLCipher built in)")
    plugins = {bundle_rules.plugin_stem(p.name) for p in bundle.glob("PySide6/**/platforms/*")}
    need = PLATFORMS.get(platform, ())
    report.check(
        all(n in plugins for n in need),
        f"Qt platform plugins {', '.join(sorted(plugins)) or '(none)'}",
        [f"{n} missing" for n in need if n not in plugins],
    )
    svg_engine = bundle.glob("PySide6/**/iconengines/*qsvgicon*")
    report.check(bool(svg_engine), "Qt's SVG icon engine (the window icon)")
    required = list(REQUIRED_MODULES) + list(KEYRING_BACKENDS.get(platform, ()))
    report.check(
        all(m in modules for m in required),
        f"{len(modules)} Python modules, including the app's and its keychain backends",
        [m for m in required if m not in modules],
    )
    entry_points = bundle.glob("keyring-*.dist-info/entry_points.txt")
    report.check(bool(entry_points), "keyring's entry points (how it finds its backends)")

    report.lines.append("Must not be there")
    report.check(not (strays := file_strays(files)), "tests, caches, .git", strays)
    report.check(
        not (bad := module_strays(sorted(modules))),
        "test code, development tools and excluded modules in the Python archive",
        bad,
    )
    left_out = [rel for rel, _ in files if not bundle_rules.keep_dest(rel)]
    left_out += [rel for rel, _ in files if UNUSED_QT.search(Path(rel).name)]
    report.check(not left_out, "Qt translations, unused Qt plugins and modules", left_out)
    report.check(
        not (hits := absolute_paths(files, modules, forbid)),
        f"build paths ({', '.join(forbid)})",
        hits,
    )

    if platform == "linux" and top.suffix != ".app":
        report.lines.append("Linux libraries")
        problems, system = check_elf_links(bundle)
        report.check(
            not problems,
            f"every linked library is bundled or from a Debian package ({system} system ones)",
            problems,
        )

    size = sum(p.lstat().st_size for _, p in files)
    report.lines.append(f"Size: {size / 1e6:.1f} MB in {len(files)} files")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the folder with the executable, or the .app")
    parser.add_argument(
        "--forbid",
        action="append",
        default=[],
        help="text no file may contain (default: this checkout's absolute path)",
    )
    args = parser.parse_args(argv)
    forbid = args.forbid or [str(buildinfo.ROOT)]
    report = check(args.bundle, forbid)
    print(f"check_bundle: {args.bundle}")
    print("\n".join(report.lines))
    if report.failures:
        print(f"check_bundle: {report.failures} check(s) failed")
        return 1
    print("check_bundle: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
