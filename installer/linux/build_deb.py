"""Package the frozen app (dist/parley) as a .deb for Debian and Ubuntu.

    python installer/linux/build_deb.py --bundle dist/parley --work build/deb --out dist

Layout: the app in /opt/parley, /usr/bin/parley linking to it, the .desktop file, the
sealed-file type (/usr/share/mime/packages/parley.xml), icons at
the hicolor sizes plus the SVG, AppStream metainfo, and /usr/share/doc/parley/copyright.
Depends and Recommends come from dpkg-shlibdeps over the bundled binaries, so every system
library the bundle links against is declared with the version it needs; the libraries that
only the optional plugins load (GTK theme, Wayland, CUPS printing) are Recommends: Qt
falls back to xcb, its own dialogs and PDF output without them.
Ownership is root (--root-owner-group), modes and dates are normalised, and every date is
SOURCE_DATE_EPOCH, so a rebuild of one commit gives the same package.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import buildinfo  # noqa: E402
import render_icons  # noqa: E402

PREFIX = Path("opt") / buildinfo.EXE_NAME
# Plugins that Qt loads only on a desktop that has their libraries (a GTK desktop, a Wayland
# session, CUPS) and skips otherwise; what they link against is recommended, not required.
# Without CUPS, Parley still prints to PDF.
OPTIONAL_PLUGINS = re.compile(
    r"/plugins/(?:platformthemes/libqgtk3|platforms/libqwayland|wayland-[^/]+/|printsupport/)"
    r"|/libQt6WaylandClient\.so"
)
# A placeholder address (.invalid never resolves): dpkg requires one, nothing mails it.
MAINTAINER = "Parley <packages@parley.invalid>"
SUMMARY = "confidential casebook for medical mediators"
DESCRIPTION = """\
Parley is a casebook for independent medical mediators: the people who help a
hospital's clinical team and a patient's family find common ground when they
disagree about care.
.
Case notes, parties, meetings and issues are kept in an encrypted casebook on
this computer, unlocked with the mediator's passphrase. Parley works offline
and never opens a network connection. The one thing that leaves it is a PDF of
the terms the parties agreed, for the patient's care notes."""


def run(*cmd: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def stage(bundle: Path, root: Path, icons: Path, epoch: int) -> None:
    """Lay the package's files out under ``root`` as they will be installed."""
    app = root / PREFIX
    shutil.copytree(bundle, app, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    # Absolute, as Debian policy wants for a link between top-level folders. The bootloader
    # resolves the link to find _internal beside the real executable.
    (root / "usr/bin" / buildinfo.EXE_NAME).symlink_to(f"/{PREFIX}/{buildinfo.EXE_NAME}")

    share = root / "usr/share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(buildinfo.DESKTOP_FILE, share / "applications" / buildinfo.DESKTOP_FILE.name)
    # The sealed-file type; dpkg's triggers for shared-mime-info and desktop-file-utils update
    # the desktop's databases, so a double-click on a .parley-sealed file opens Parley.
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(buildinfo.MIME_FILE, share / "mime" / "packages" / buildinfo.MIME_FILE.name)

    render_icons.render_all(icons)
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor")
    scalable = share / "icons/hicolor/scalable/apps"
    scalable.mkdir(parents=True)
    shutil.copy2(buildinfo.ICON_SVG, scalable / f"{buildinfo.EXE_NAME}.svg")

    (share / "metainfo").mkdir(parents=True)
    date = buildinfo.release_date()
    (share / "metainfo" / f"{buildinfo.APP_ID}.metainfo.xml").write_text(
        buildinfo.render_metainfo(date=date), encoding="utf-8"
    )

    doc = share / "doc" / buildinfo.EXE_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text((HERE / "copyright").read_text(encoding="utf-8"))
    (doc / "changelog.gz").write_bytes(changelog(epoch))
    normalise(root, epoch)


def changelog(epoch: int) -> bytes:
    """The Debian changelog every package carries: one entry for this version, gzipped
    without a file name or time stamp so the bytes depend only on version and date."""
    version = buildinfo.debian_version(buildinfo.project_version())
    when = email.utils.formatdate(epoch, usegmt=False).replace("-0000", "+0000")
    text = (
        f"{buildinfo.EXE_NAME} ({version}) unstable; urgency=medium\n\n"
        f"  * Parley {buildinfo.project_version()}.\n\n"
        f" -- {MAINTAINER}  {when}\n"
    )
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=epoch, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return out.getvalue()


def normalise(root: Path, epoch: int) -> None:
    """0755 for folders and programs, 0644 for everything else (shared libraries included,
    as Debian policy asks); every date set to the source date."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                if path.is_dir():
                    mode = 0o755
                elif (
                    is_elf(path) and not re.search(r"\.so(\.|$)", name) and os.access(path, os.X_OK)
                ):
                    mode = 0o755  # executables (the bootloader); .so files stay 0644
                else:
                    mode = 0o644
                path.chmod(mode)
            os.utime(path, (epoch, epoch), follow_symlinks=False)
    os.utime(root, (epoch, epoch))


def shlib_depends(root: Path) -> tuple[str, str]:
    """(Depends, Recommends) for the staged binaries, from dpkg-shlibdeps."""
    app = root / PREFIX
    elves = sorted(p for p in app.rglob("*") if is_elf(p))
    core = [str(p) for p in elves if not OPTIONAL_PLUGINS.search(str(p))]
    optional = [str(p) for p in elves if OPTIONAL_PLUGINS.search(str(p))]
    private = sorted({str(p.parent) for p in elves if ".so" in p.name})
    with tempfile.TemporaryDirectory(prefix="parley-shlibdeps-") as scratch:
        # dpkg-shlibdeps wants a source package around it; this is the least it accepts.
        (Path(scratch) / "debian").mkdir()
        (Path(scratch) / "debian" / "control").write_text(
            f"Source: {buildinfo.EXE_NAME}\n\nPackage: {buildinfo.EXE_NAME}\nArchitecture: any\n"
        )
        cmd = ["dpkg-shlibdeps", "-O", "--ignore-missing-info"]
        cmd += [f"-l{d}" for d in private]
        cmd += ["-dDepends", *core, "-dRecommends", *optional]
        try:
            result = subprocess.run(cmd, cwd=scratch, text=True, capture_output=True, check=True)
        except subprocess.CalledProcessError as e:
            # Typically a library the bundle needs that no installed package provides.
            raise SystemExit(f"build_deb: dpkg-shlibdeps failed:\n{e.stderr}") from None
    fields = dict(
        line.split("=", 1) for line in result.stdout.splitlines() if line.startswith("shlibs:")
    )
    depends = fields.get("shlibs:Depends", "")
    required = {dep.split()[0] for dep in depends.split(", ") if dep}
    # A library both kinds of binary need is already required; recommending it again (at
    # another version) would only clutter the field.
    recommends = ", ".join(
        dep
        for dep in fields.get("shlibs:Recommends", "").split(", ")
        if dep and dep.split()[0] not in required
    )
    return depends, recommends


def control(root: Path, version: str, arch: str, depends: str, recommends: str) -> str:
    size_kib = sum(
        (p.lstat().st_size + 1023) // 1024 for p in root.rglob("*") if not p.is_dir()
    ) + sum(1 for p in root.rglob("*") if p.is_dir())
    fields = {
        "Package": buildinfo.EXE_NAME,
        "Version": version,
        "Architecture": arch,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(size_kib),
        "Depends": depends,
        "Recommends": recommends,
        "Section": "misc",
        "Priority": "optional",
        "Description": f"{SUMMARY}\n"
        + "\n".join(f" {line}" if line else " ." for line in DESCRIPTION.splitlines()),
    }
    return "".join(f"{k}: {v}\n" for k, v in fields.items() if v)


def deb_path(out: Path) -> Path:
    """Where the package for this version and machine goes: name_version_arch.deb."""
    version = buildinfo.debian_version(buildinfo.project_version())
    arch = run("dpkg", "--print-architecture").stdout.strip()
    return out / f"{buildinfo.EXE_NAME}_{version}_{arch}.deb"


def build(bundle: Path, work: Path, out: Path, compression: str = "xz") -> Path:
    if not (bundle / buildinfo.EXE_NAME).is_file():
        raise SystemExit(f"build_deb: no frozen app at {bundle} (run PyInstaller first)")
    bundle, work, out = bundle.resolve(), work.resolve(), out.resolve()
    epoch = buildinfo.source_date_epoch()
    version = buildinfo.debian_version(buildinfo.project_version())
    arch = run("dpkg", "--print-architecture").stdout.strip()
    shutil.rmtree(work, ignore_errors=True)
    root = work / "root"
    stage(bundle, root, work / "icons", epoch)
    (root / "DEBIAN").mkdir()  # also tells dpkg-shlibdeps where the package tree starts
    depends, recommends = shlib_depends(root)
    (root / "DEBIAN" / "control").write_text(control(root, version, arch, depends, recommends))
    normalise(root / "DEBIAN", epoch)
    out.mkdir(parents=True, exist_ok=True)
    deb = deb_path(out)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    # xz: the smallest package, and what every dpkg reads (zstd builds in a second but is
    # a third larger and needs dpkg 1.21.18 or later).
    run(
        "dpkg-deb",
        f"-Z{compression}",
        "--build",
        "--root-owner-group",
        str(root),
        str(deb),
        env=env,
    )
    print((root / "DEBIAN" / "control").read_text(), end="")
    print(f"build_deb: {deb} ({deb.stat().st_size / 1e6:.1f} MB)")
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=Path("dist") / buildinfo.EXE_NAME)
    parser.add_argument("--work", type=Path, default=Path("build") / "deb")
    parser.add_argument("--out", type=Path, default=Path("dist"))
    parser.add_argument("--compression", choices=("xz", "zstd", "gzip"), default="xz")
    args = parser.parse_args(argv)
    build(args.bundle, args.work, args.out, args.compression)
    return 0


if __name__ == "__main__":
    sys.exit(main())
