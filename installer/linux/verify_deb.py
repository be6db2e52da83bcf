"""Install the .deb into a throwaway root and prove the installed Parley works.

    python installer/linux/verify_deb.py [dist/parley_VERSION_ARCH.deb] [--runs 5] [--keep]

Unpacks the package with ``dpkg-deb -x`` into a temporary folder (never into the system),
checks its metadata and layout, runs the installed program's ``--version``,
``--smoke-test`` (offscreen, and on Xvfb when xvfb-run is there) and ``--self-test`` through
a link like /usr/bin/parley, with HOME, the XDG folders and TMPDIR all inside the temporary
folder (so no real casebook is ever read or written), checks that nothing was left behind,
runs check_bundle.py over /opt/parley, and times the first window frozen and unfrozen.
Exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import build_deb  # noqa: E402
import buildinfo  # noqa: E402
import check_bundle  # noqa: E402
import render_icons  # noqa: E402
import time_first_window  # noqa: E402

EXE = buildinfo.EXE_NAME


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return (0, 0)
    width, height = struct.unpack(">II", data[16:24])
    return (width, height)


def control_fields(deb: Path) -> dict[str, str]:
    text = subprocess.run(
        ["dpkg-deb", "-f", str(deb)], check=True, capture_output=True, text=True
    ).stdout
    fields: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line.startswith(" ") and key:
            fields[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def check_package(deb: Path, root: Path, report: check_bundle.Report) -> None:
    report.lines.append("Package")
    fields = control_fields(deb)
    version = buildinfo.debian_version(buildinfo.project_version())
    report.check(
        fields.get("Version") == version,
        f"version {fields.get('Version')} (pyproject.toml: {buildinfo.project_version()})",
    )
    depends = {d.split()[0] for d in fields.get("Depends", "").split(", ") if d}
    core = ("libc6", "libstdc++6", "libxcb1", "libxkbcommon-x11-0", "libfontconfig1", "libegl1")
    report.check(
        all(lib in depends for lib in core),
        f"Depends names {len(depends)} system packages, Qt's xcb libraries among them",
        [f"{lib} missing" for lib in core if lib not in depends],
    )
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(deb)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    not_root = [line for line in listing if line.split()[1] != "root/root"]
    report.check(not not_root, f"{len(listing)} entries, all owned by root", not_root)

    report.lines.append("Installed layout")
    launcher = root / "usr/bin" / EXE
    report.check(
        launcher.is_symlink() and str(launcher.readlink()) == f"/opt/{EXE}/{EXE}",
        f"/usr/bin/{EXE} -> /opt/{EXE}/{EXE}",
    )
    desktop = root / "usr/share/applications" / f"{EXE}.desktop"
    report.check(desktop.is_file(), f"/usr/share/applications/{EXE}.desktop")
    validate(report, ["desktop-file-validate", str(desktop)], "desktop-file-validate")
    mime = root / "usr/share/mime/packages" / f"{EXE}.xml"
    report.check(
        mime.is_file() and buildinfo.SEALED_MIME_TYPE in mime.read_text(encoding="utf-8")
        and f"MimeType={buildinfo.SEALED_MIME_TYPE};" in desktop.read_text(encoding="utf-8"),
        f"sealed files ({buildinfo.SEALED_MIME_TYPE}) open in Parley",
    )  # fmt: skip
    bad_icons = []
    for size in render_icons.HICOLOR_SIZES:
        icon = root / f"usr/share/icons/hicolor/{size}x{size}/apps/{EXE}.png"
        if not icon.is_file() or png_size(icon) != (size, size):
            bad_icons.append(str(icon.relative_to(root)))
    scalable = root / f"usr/share/icons/hicolor/scalable/apps/{EXE}.svg"
    if not scalable.is_file():
        bad_icons.append(str(scalable.relative_to(root)))
    report.check(
        not bad_icons,
        f"icons at {', '.join(map(str, render_icons.HICOLOR_SIZES))} px and scalable",
        bad_icons,
    )
    metainfo = root / "usr/share/metainfo" / f"{buildinfo.APP_ID}.metainfo.xml"
    report.check(
        metainfo.is_file() and f'version="{buildinfo.project_version()}"' in metainfo.read_text(),
        f"AppStream metainfo for {buildinfo.project_version()}",
    )
    validate(report, ["appstreamcli", "validate", "--no-net", str(metainfo)], "appstreamcli")
    report.check((root / f"usr/share/doc/{EXE}/copyright").is_file(), "copyright file")


def validate(report: check_bundle.Report, cmd: list[str], name: str) -> None:
    if shutil.which(cmd[0]) is None:
        report.lines.append(f"  skip  {name} (not installed)")
        return
    result = subprocess.run(cmd, capture_output=True, text=True)
    problems = (result.stdout + result.stderr).strip().splitlines()
    report.check(
        result.returncode == 0, f"{name} accepts it", problems if result.returncode else []
    )


def run_installed(root: Path, scratch: Path, report: check_bundle.Report) -> None:
    report.lines.append("Installed program (HOME, XDG folders and TMPDIR in a scratch folder)")
    # What /usr/bin/parley does, inside the throwaway root: run through a link.
    bin_dir = scratch / "bin"
    bin_dir.mkdir()
    (bin_dir / EXE).symlink_to(root / f"opt/{EXE}/{EXE}")
    home = scratch / "home"
    env = time_first_window.isolated_env(home)
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    version = buildinfo.project_version()
    for args, expect in (
        (["--version"], f"Parley {version}"),
        (["--smoke-test"], ""),
        (["--self-test"], "and a post-quantum sealed file passed"),
    ):
        try:
            result = subprocess.run(
                [EXE, *args], env=env, capture_output=True, text=True, timeout=180
            )
            output = (result.stdout + result.stderr).strip()
            ok = result.returncode == 0 and expect in output
            detail = [] if ok else [f"exit {result.returncode}", *output.splitlines()[-10:]]
        except subprocess.TimeoutExpired:
            ok, detail = False, ["timed out after 180 s"]
        first = next(
            (line for line in output.splitlines() if line.startswith(("Parley", "self"))), ""
        )
        report.check(ok, f"{EXE} {' '.join(args)}" + (f": {first}" if first and ok else ""), detail)
    # The offscreen runs above prove the bundle; this proves the xcb plugin and the system
    # libraries Depends names, against a real (virtual) X server.
    if shutil.which("xvfb-run"):
        x11 = {**env, "QT_QPA_PLATFORM": "xcb"}
        cmd = ["xvfb-run", "-a", EXE, "--smoke-test"]
        result = subprocess.run(cmd, env=x11, capture_output=True, text=True, timeout=180)
        report.check(
            result.returncode == 0,
            f"{EXE} --smoke-test on X11 (xcb, Xvfb)",
            (result.stdout + result.stderr).strip().splitlines()[-10:],
        )
    else:
        report.lines.append("  skip  --smoke-test on X11 (xvfb-run not installed)")
    leftovers = [str(p.relative_to(home)) for p in (home / "tmp").rglob("*")]
    report.check(not leftovers, "the self-test removed its throwaway casebook", leftovers)
    casebooks = [str(p.relative_to(home)) for p in home.rglob("casebook*")]
    report.check(not casebooks, "no casebook was made in HOME", casebooks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", type=Path, nargs="?", help="default: the one build_deb.py makes")
    parser.add_argument("--runs", type=int, default=5, help="smoke-test runs to time (0: none)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    deb = (args.deb or build_deb.deb_path(buildinfo.ROOT / "dist")).resolve()
    if not deb.is_file():
        print(f"verify_deb: no package at {deb} (run `make installer` first)")
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="parley-deb-check-"))
    report = check_bundle.Report()
    print(f"verify_deb: {deb}", flush=True)
    try:
        root = scratch / "root"
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        check_package(deb, root, report)
        run_installed(root, scratch, report)
        bundle = check_bundle.check(root / "opt" / EXE, [str(buildinfo.ROOT)])
        report.failures += bundle.failures
        report.lines += bundle.lines
        unpacked = sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir())
        report.lines.append(
            f"Sizes: .deb {deb.stat().st_size / 1e6:.1f} MB, unpacked {unpacked / 1e6:.1f} MB"
        )
        if args.runs and not report.failures:
            report.lines.append("Time to first window (--smoke-test, offscreen)")
            frozen = [str(root / f"opt/{EXE}/{EXE}")]
            unfrozen = [sys.executable, str(buildinfo.ROOT / "main.py")]
            for label, command in (("frozen (.deb)", frozen), ("unfrozen (venv)", unfrozen)):
                time_first_window.time_runs(command, 1)  # warm the file cache first
                times = time_first_window.time_runs(command, args.runs)
                report.lines.append("  " + time_first_window.describe(label, times))
    finally:
        if args.keep:
            print(f"verify_deb: kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print("\n".join(report.lines))
    if report.failures:
        print(f"verify_deb: {report.failures} check(s) failed")
        return 1
    print("verify_deb: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
