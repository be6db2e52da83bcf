#!/bin/bash
# What a screen reader hears in Parley: drives the demo casebook with the keyboard under
# Xvfb, on a private session bus (never the user's), and walks the accessible tree of
# each screen with a real AT-SPI client (tools/atspi_walk.py).
# Needs: xvfb, xdotool, dbus, at-spi2-core, python3-pyatspi (Debian names).
# Run from the project's root: tools/atspi_check.sh [OUTPUT-FILE]
set -u
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -z "${PARLEY_ATSPI_INNER:-}" ]; then
    export PARLEY_ATSPI_INNER=1
    exec dbus-run-session -- "$0" "$@"
fi
out=${1:-/dev/stdout}
root=$(pwd)
scratch=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null; rm -rf "$scratch"' EXIT
export HOME=$scratch/home DISPLAY=:73 QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1
Xvfb :73 -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
python=$root/.venv/bin/python
"$python" main.py demo --vault "$scratch/demo" >/dev/null
"$python" main.py --vault "$scratch/demo" >"$scratch/app.log" 2>&1 & app=$!
sleep 6
failed=0
walk() { /usr/bin/python3 "$root/tools/atspi_walk.py" "$@" >>"$out" || failed=1; }
keys() { xdotool key --delay 150 "$@"; sleep 1.5; }
: >"$out"
walk "Unlock window"
xdotool type --delay 20 "demo only, not for real cases"; keys Return; sleep 3
walk "Dashboard"
for section in Cases Training Complaints "Subject access" Statistics Contacts; do
    keys Down; walk "$section page"
done
# The demo's case MM-2026-015: the patient, her NHS number and the title's diagnosis.
# Found by its reference: a word typed into the search stays there, which is the mediator's own.
keys ctrl+f; xdotool type --delay 30 "2026-015"; sleep 1; keys Down Return
for tab in Overview Parties "Meetings and notes" Issues Agreement Disclosures; do
    walk "Case MM-2026-015, $tab tab"; keys ctrl+Tab
done
keys ctrl+shift+h
walk "Case in safe view" Ffion tracheostomy "999 640 2207" "September 2019"
keys ctrl+shift+h ctrl+n; walk "New case dialog"; keys Escape
# With no window manager, focus is not given back when a dialog closes.
xdotool search --onlyvisible --name "^Parley" windowfocus --sync >/dev/null 2>&1
keys alt+f p; walk "Change passphrase dialog"; keys Escape
xdotool search --onlyvisible --name "^Parley" windowfocus --sync >/dev/null 2>&1
keys alt+f k; walk "New recovery key dialog"; keys Escape
xdotool search --onlyvisible --name "^Parley" windowfocus --sync >/dev/null 2>&1
keys ctrl+l; sleep 2; [ -n "${PARLEY_ATSPI_SHOT:-}" ] && "$python" /tmp/grab.py "$PARLEY_ATSPI_SHOT"
walk "Locked" Ffion tracheostomy
exit $failed
