#!/usr/bin/env bash
# Build Parley.app (PyInstaller, installer/parley.spec) and Parley-<version>.dmg on macOS.
#
#   installer/macos/build_dmg.sh            # uses .venv/bin/python
#   PYTHON=/path/to/python installer/macos/build_dmg.sh
#
# The .app and the .dmg go into dist/. The version, bundle id and Info.plist come from the
# spec (installer/buildinfo.py reads pyproject.toml); this script checks that they arrived.
# The app is signed ad hoc (PyInstaller does that, and Apple silicon refuses unsigned code);
# a Developer ID signature and notarisation need the organisation's certificate, and belong
# in a release job that has it.
set -euo pipefail

cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-.venv/bin/python}

if [[ "$(uname -s)" != Darwin ]]; then
  echo "build_dmg.sh: builds a macOS disk image, so it runs on macOS only" >&2
  exit 1
fi

version=$("$PYTHON" installer/buildinfo.py version)
app_id=$("$PYTHON" installer/buildinfo.py app-id)
app=dist/Parley.app
dmg=dist/Parley-$version.dmg

PYTHONHASHSEED=0 "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build installer/parley.spec

# The bundle says what the spec meant it to.
plist=$app/Contents/Info.plist
check_plist() {
  local got
  got=$(plutil -extract "$1" raw -o - "$plist")
  if [[ "$got" != "$2" ]]; then
    echo "build_dmg.sh: Info.plist $1 is '$got', expected '$2'" >&2
    exit 1
  fi
}
check_plist CFBundleIdentifier "$app_id"
check_plist CFBundleShortVersionString "$version"
check_plist CFBundleExecutable parley
check_plist NSHighResolutionCapable true
codesign --verify --deep --strict "$app"
"$PYTHON" installer/check_bundle.py "$app"

# The disk image: the app beside a link to /Applications, to drag it onto.
staging=build/dmg
rm -rf "$staging" "$dmg"
mkdir -p "$staging"
ditto "$app" "$staging/Parley.app"  # ditto keeps the bundle's symlinks and signatures intact
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Parley $version" -srcfolder "$staging" -fs HFS+ -format UDZO \
  -ov "$dmg"
hdiutil verify "$dmg"
echo "build_dmg.sh: $dmg ($(du -h "$dmg" | cut -f1))"
