"""The installer files agree with each other and with pyproject.toml, and are valid.

Cheap checks only (no PyInstaller build): the spec, the .desktop file, the AppStream
metainfo, the icon, the Windows and macOS scripts and the CI workflow. The build itself is
tested by `make installer-test`.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load(name: str) -> ModuleType:
    # installer/ is a folder of scripts, not a package: load each by path.
    if str(INSTALLER) not in sys.path:
        sys.path.insert(0, str(INSTALLER))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, INSTALLER / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


buildinfo = _load("buildinfo")
bundle_rules = _load("bundle_rules")
render_icons = _load("render_icons")
check_bundle = _load("check_bundle")


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read(buildinfo.DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.fromstring(buildinfo.render_metainfo(date="2026-01-01"))


# --- one version, from pyproject.toml -------------------------------------------------


def test_the_build_reads_the_version_from_pyproject() -> None:
    assert buildinfo.project_version() == pyproject_version()


def test_the_installed_metadata_gives_the_app_the_same_version() -> None:
    import app

    assert app.__version__ == pyproject_version()
    assert buildinfo.python_metadata("1.2.3").splitlines() == [
        "Metadata-Version: 2.1",
        "Name: parley",
        "Version: 1.2.3",
    ]


@pytest.mark.parametrize(
    ("pep440", "debian", "numeric"),
    [
        ("0.1.0", "0.1.0", (0, 1, 0, 0)),
        ("1.2", "1.2", (1, 2, 0, 0)),
        ("1.0rc2", "1.0~rc2", (1, 0, 0, 0)),
        ("2.0.1.dev3", "2.0.1~dev3", (2, 0, 1, 0)),
        ("1.4.post1", "1.4+post1", (1, 4, 0, 0)),
    ],
)
def test_versions_translate_for_debian_and_windows(
    pep440: str, debian: str, numeric: tuple[int, ...]
) -> None:
    assert buildinfo.debian_version(pep440) == debian
    assert buildinfo.numeric_version(pep440) == numeric


def test_debian_orders_pre_releases_before_the_release() -> None:
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg not installed")
    pre, final = buildinfo.debian_version("1.0rc1"), buildinfo.debian_version("1.0")
    assert subprocess.run(["dpkg", "--compare-versions", pre, "lt", final]).returncode == 0


def test_the_metainfo_release_is_pyprojects_version() -> None:
    releases = metainfo().findall("releases/release")
    assert [r.get("version") for r in releases] == [pyproject_version()]
    assert "@" not in buildinfo.render_metainfo()


# --- the spec ----------------------------------------------------------------------------


def test_the_spec_is_python_and_names_no_path_of_this_machine() -> None:
    text = (INSTALLER / "parley.spec").read_text(encoding="utf-8")
    ast.parse(text)
    assert str(ROOT) not in text
    assert not re.search(r"['\"](?:/home/|/root/|/work/|[A-Z]:\\\\)", text)
    assert "buildinfo.project_version()" in text  # not a version of its own
    assert 'name="Parley"' not in text or "IS_WIN" in text


def test_everything_the_spec_bundles_exists() -> None:
    for relative in ("main.py", "resources/fonts", "resources/fonts/LICENSE-DejaVu.txt",
                     "resources/help/guide.html"):  # fmt: skip
        assert (ROOT / relative).exists(), relative
    assert buildinfo.ICON_SVG.is_file()


def test_the_spec_leaves_out_what_parley_never_uses() -> None:
    keep = bundle_rules.keep_dest
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqwayland.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6\\plugins\\platforms\\qwindows.dll")
    assert keep("PySide6/Qt/plugins/platforms/libqcocoa.dylib")
    assert keep("PySide6/Qt/plugins/iconengines/libqsvgicon.so")
    assert keep("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    assert keep("PySide6/Qt/lib/libQt6Core.so.6")
    assert keep("resources/fonts/DejaVuSans.ttf")
    assert not keep("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqeglfs.so")
    assert not keep("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so")
    assert not keep("PySide6/Qt/plugins/imageformats/libqjpeg.so")
    assert not keep("PySide6/Qt/plugins/tls/libqopensslbackend.so")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/opengl32sw.dll")
    excluded = set(bundle_rules.EXCLUDED_MODULES)
    assert {"pytest", "hypothesis", "mypy", "ruff", "pip", "setuptools", "tests"} <= excluded
    assert {"PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "ssl"} <= excluded


def test_every_qt_module_the_app_imports_is_bundled() -> None:
    imported = set()
    for path in [ROOT / "main.py", *(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    excluded = {m.split(".")[1] for m in bundle_rules.EXCLUDED_MODULES if m.startswith("PySide6.")}
    assert imported, "the app imports Qt somewhere"
    assert not imported & excluded, "the spec excludes a Qt module the app imports"


def test_qt_libraries_only_left_out_plugins_needed_are_pruned() -> None:
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/w/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/w/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/w/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/w/libQt6Network.so.6", "BINARY"),
        ("PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", "/w/QtNetwork", "BINARY"),
    ]
    datas = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/QtNetwork.framework/Resources/Info.plist", "/w/Info.plist", "DATA"),
    ]
    links = {
        "/w/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/w/libQt6Widgets.so.6": ["libQt6Gui.so.6", "libc.so.6"],
    }
    binaries, datas = bundle_rules.prune_unused_qt_libraries(
        binaries, datas, lambda src: links.get(src, [])
    )
    binaries, datas = bundle_rules.drop_dangling_symlinks(binaries, datas)
    assert [d for d, _, _ in binaries] == [
        "PySide6/QtWidgets.abi3.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
    ]
    assert [d for d, _, _ in datas] == ["libQt6Gui.so.6"]


def test_python_itself_is_never_taken_from_the_system() -> None:
    binaries = [
        ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
        ("python3.11/lib-dynload/_json.so", "/usr/lib/python3.11/_json.so", "EXTENSION"),
    ]
    assert bundle_rules.debian_libraries(binaries) == set()


def test_the_bundle_check_knows_strays_from_the_app() -> None:
    assert check_bundle.module_strays(["app.cli", "ui.application", "reportlab.pdfgen"]) == []
    bad = check_bundle.module_strays(
        ["pytest", "_pytest.main", "tests.test_cli", "keyring.testing.backend", "ssl", "pip._x"]
    )
    assert len(bad) == 6
    files = [
        ("resources/fonts/DejaVuSans.ttf", Path()),
        ("tests/test_cli.pyc", Path()),
        ("foo/.git/config", Path()),
        ("pytest-9.0.dist-info/METADATA", Path()),
        ("bar/test_thing.py", Path()),
    ]
    assert check_bundle.file_strays(files) == [
        "bar/test_thing.py",
        "foo/.git/config",
        "pytest-9.0.dist-info/METADATA (metadata of a development tool)",
        "tests/test_cli.pyc",
    ]


# --- the .desktop file -------------------------------------------------------------------


def test_the_desktop_entry_launches_parley_from_the_office_menu() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == buildinfo.APP_NAME
    assert entry["Exec"].split()[0] == buildinfo.EXE_NAME
    assert entry["Icon"] == buildinfo.EXE_NAME
    assert entry["Terminal"] == "false"
    categories = [c for c in entry["Categories"].split(";") if c]
    assert "Office" in categories
    assert not {"Network", "WebBrowser", "Email", "Chat"} & set(categories)
    keywords = entry.get("Keywords", "").lower()
    assert not re.search(r"internet|online|cloud|web|sync", keywords)
    assert entry["Comment"] and not entry["Comment"].endswith(".")


def test_the_desktop_file_name_is_the_one_qt_reports() -> None:
    # Wayland and GNOME match a window to its launcher by this name (the app_id).
    source = (ROOT / "ui" / "application.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{buildinfo.DESKTOP_FILE.stem}")' in source
    assert buildinfo.DESKTOP_FILE.name == f"{buildinfo.EXE_NAME}.desktop"


def test_desktop_file_validate_accepts_it() -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-utils not installed")
    result = subprocess.run(
        ["desktop-file-validate", str(buildinfo.DESKTOP_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_a_double_click_on_a_sealed_file_opens_parley_on_it() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == f"{buildinfo.EXE_NAME} %f"  # main.py takes the file last
    assert entry["MimeType"].split(";")[:-1] == [buildinfo.SEALED_MIME_TYPE]


def test_the_sealed_file_type_is_named_by_its_ending_and_its_first_bytes(tmp_path: Path) -> None:
    from app.exchange.sealed import MAGIC, SUFFIX

    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(buildinfo.MIME_FILE).getroot()
    [kind] = root.findall("m:mime-type", namespace)
    assert kind.get("type") == buildinfo.SEALED_MIME_TYPE
    assert [g.get("pattern") for g in kind.findall("m:glob", namespace)] == [f"*{SUFFIX}"]
    [match] = kind.findall("m:magic/m:match", namespace)
    assert (match.get("offset"), match.get("value")) == ("0", MAGIC.decode("ascii"))
    build = (INSTALLER / "linux" / "build_deb.py").read_text(encoding="utf-8")
    assert '"mime" / "packages"' in build and "buildinfo.MIME_FILE" in build
    if shutil.which("update-mime-database") is None:
        pytest.skip("shared-mime-info not installed")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy2(buildinfo.MIME_FILE, packages)
    env = {**os.environ, "XDG_DATA_DIRS": str(tmp_path)}  # else it notes the folder is unused
    result = subprocess.run(
        ["update-mime-database", str(tmp_path / "mime")], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert f"{buildinfo.SEALED_MIME_TYPE}:*{SUFFIX}" in globs
    assert MAGIC in (tmp_path / "mime" / "magic").read_bytes()


# --- AppStream metainfo ------------------------------------------------------------------


def test_the_metainfo_describes_parley_for_mediators() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == buildinfo.APP_ID
    assert root.findtext("name") == buildinfo.APP_NAME
    assert root.findtext("metadata_license") == "CC0-1.0"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == buildinfo.DESKTOP_FILE.name
    assert root.findtext("provides/binary") == buildinfo.EXE_NAME
    summary = root.findtext("summary") or ""
    assert "mediat" in summary and len(summary) < 80 and not summary.endswith(".")
    description = " ".join(root.find("description").itertext())  # type: ignore[union-attr]
    assert "mediat" in description and "encrypted" in description
    assert [c.text for c in root.findall("categories/category")] == ["Office"]
    assert buildinfo.METAINFO_TEMPLATE.name == f"{buildinfo.APP_ID}.metainfo.xml.in"


def test_appstreamcli_accepts_the_metainfo(tmp_path: Path) -> None:
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstream not installed")
    rendered = tmp_path / f"{buildinfo.APP_ID}.metainfo.xml"
    rendered.write_text(buildinfo.render_metainfo(date="2026-01-01"), encoding="utf-8")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(rendered)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the icon ----------------------------------------------------------------------------


def test_the_icon_is_plain_svg_that_needs_nothing_from_outside() -> None:
    root = ET.parse(buildinfo.ICON_SVG).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 256 256"
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    # Text would need a font; the others render differently (or not at all) in QtSvg's
    # SVG Tiny, librsvg and Windows' and macOS' converters.
    assert not tags & {"text", "image", "clipPath", "mask", "filter", "foreignObject", "style"}
    assert "http" not in buildinfo.ICON_SVG.read_text().replace("http://www.w3.org/", "")


def test_qtsvg_renders_the_icon_legibly_at_16_px(qapp: object) -> None:
    from PySide6.QtGui import QImage

    png = render_icons.render_png(buildinfo.ICON_SVG, 16)
    image = QImage.fromData(png, "PNG")
    assert (image.width(), image.height()) == (16, 16)
    colours = {image.pixel(x, y) for x in range(16) for y in range(16)}
    assert len(colours) >= 8  # not a blank or one-colour square
    centre = image.pixelColor(8, 7)
    assert centre.alpha() == 255


def test_the_windows_and_macos_icon_files_hold_every_size(qapp: object) -> None:
    pngs = {size: f"png{size}".encode() for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
    ico = render_icons.ico_bytes({s: pngs[s] for s in render_icons.ICO_SIZES})
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(render_icons.ICO_SIZES))
    icns = render_icons.icns_bytes(pngs)
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


# --- Windows, macOS, CI ------------------------------------------------------------------


def test_the_windows_installer_is_per_user_and_keeps_casebooks() -> None:
    iss = (INSTALLER / "windows" / "parley.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M)
    assert "{autoprograms}" in iss  # the Start-menu shortcut
    assert r"%LOCALAPPDATA%\Parley\Parley" in iss  # said before uninstalling
    assert r'"{localappdata}\Parley\Parley"' in iss  # and shown, expanded, after
    assert "usPostUninstall" in iss
    assert not re.search(r"^AppVersion=\d", iss, re.M), "the version comes from pyproject"
    assert "Parley.exe" in iss and "parley-cli.exe" in iss


def test_the_uninstaller_names_the_folder_platformdirs_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from platformdirs import windows

    from app.paths import APP_NAME

    # Ask platformdirs' Windows rules where the casebooks go, as app.paths does there.
    monkeypatch.setattr(windows, "get_win_folder", lambda csidl: f"<{csidl}>")
    folder = windows.Windows(APP_NAME, APP_NAME).user_data_dir
    expected = "<CSIDL_LOCAL_APPDATA>/Parley/Parley".replace("/", __import__("os").sep)
    assert folder == expected  # i.e. %LOCALAPPDATA%\Parley\Parley, as the .iss says


def test_the_macos_script_is_sound_bash() -> None:
    script = INSTALLER / "macos" / "build_dmg.sh"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    text = script.read_text(encoding="utf-8")
    assert "hdiutil create" in text and "NSHighResolutionCapable" in text
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_the_macos_bundle_gets_its_id_version_and_retina_flag_from_the_spec() -> None:
    spec = (INSTALLER / "parley.spec").read_text(encoding="utf-8")
    for key in ("CFBundleShortVersionString", "CFBundleVersion", "NSHighResolutionCapable"):
        assert key in spec
    assert "bundle_identifier=buildinfo.APP_ID" in spec
    assert re.fullmatch(r"[a-z]+(\.[a-z][a-z0-9]*)+\.[A-Z][A-Za-z]+", buildinfo.APP_ID)


def test_the_workflow_builds_and_tests_every_installer() -> None:
    workflow = (ROOT / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8")
    for needle in ("windows-", "macos-", "installer/parley.spec", "parley.iss", "build_dmg.sh"):
        assert needle in workflow, needle
    assert workflow.count("--self-test") >= 3 and workflow.count("--smoke-test") >= 3
    assert "make installer-test" in workflow
    for script in re.findall(r"installer/[\w/]+\.(?:py|sh|spec|iss)", workflow):
        assert (ROOT / script).is_file(), script


def test_the_makefile_include_has_both_targets() -> None:
    mk = (INSTALLER / "installer.mk").read_text(encoding="utf-8")
    assert re.search(r"^installer:", mk, re.M) and re.search(r"^installer-test:", mk, re.M)
    assert "--root-owner-group" in (INSTALLER / "linux" / "build_deb.py").read_text()


def test_no_installer_file_names_this_checkout() -> None:
    places = [INSTALLER, ROOT / "resources" / "linux", ROOT / "resources" / "icons"]
    files = [p for place in places for p in place.rglob("*") if p.is_file()]
    files.append(ROOT / ".github" / "workflows" / "installers.yml")
    for path in files:
        if path.suffix in {".png", ".ico", ".icns"} or "__pycache__" in path.parts:
            continue
        assert str(ROOT) not in path.read_text(encoding="utf-8"), path


def test_the_spec_bundles_pdfium_for_printing() -> None:
    # pypdfium2 loads its library with ctypes and reads its version files as it loads;
    # PyInstaller sees neither, so the spec names them.
    text = (INSTALLER / "parley.spec").read_text(encoding="utf-8")
    assert 'collect_dynamic_libs("pypdfium2_raw")' in text
    assert 'collect_data_files("pypdfium2")' in text
    assert 'collect_data_files("pypdfium2_raw")' in text
    spec = importlib.util.find_spec("pypdfium2_raw")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent
    libraries = (".so", ".dll", ".dylib")
    assert [p for p in folder.iterdir() if "pdfium" in p.name and p.suffix in libraries]
