#!/usr/bin/env bash
# GUI smoke test: open the workbench on the bundled sample under a virtual X display, screenshot
# the window, check the picture is not blank, and close the app.
# Usage: tests/gui-smoke.sh [OUT.png]   (default: a file in a temporary folder)
# It runs the debug binary (`cargo build`, nothing to do after `cargo test`), or STANCEMARK_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-}"
work="$(mktemp -d)"
app_pid=""
xvfb_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for tool in Xvfb xdotool import identify; do
    command -v "$tool" >/dev/null || { echo "gui-smoke: $tool is missing" >&2; exit 1; }
done

# The debug build is enough to show that a window opens and draws; a release build would compile
# the whole egui stack a second time. STANCEMARK_BIN runs another binary (e.g. a release build).
bin="${STANCEMARK_BIN:-}"
if [ -z "$bin" ]; then
    cargo build --quiet
    bin="${CARGO_TARGET_DIR:-target}/debug/stancemark"
fi

# Use the display we were given only if it answers; otherwise start a virtual one.
if [ -z "${DISPLAY:-}" ] || ! xdotool getdisplaygeometry >/dev/null 2>&1; then
    n=99
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
    xvfb_pid=$!
    export DISPLAY=":$n"
    for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
fi

# A private home, so the run neither reads nor writes the user's stored UI preferences.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
"$bin" >"$work/app.log" 2>&1 &
app_pid=$!

wid="$(timeout 30 xdotool search --sync --onlyvisible --name stancemark | head -n1)" || {
    echo "gui-smoke: no window appeared" >&2; cat "$work/app.log" >&2; exit 1; }
sleep 2 # let the first frames render
kill -0 "$app_pid" || { echo "gui-smoke: the app exited early" >&2; cat "$work/app.log" >&2; exit 1; }

shot="${out:-$work/shot.png}"
import -window root "$shot"
colours="$(identify -format %k "$shot")"
echo "gui-smoke: window $wid, screenshot $shot with $colours colours"
if [ "$colours" -lt 50 ]; then
    echo "gui-smoke: the screenshot looks blank" >&2
    exit 1
fi

kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
echo "gui-smoke: ok"
