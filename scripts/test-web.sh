#!/usr/bin/env bash
# The browser build's test: loads dist/ (scripts/build-web.sh) in headless Chromium with WebGL
# through SwiftShader and, driven by scripts/web-drive.mjs over the DevTools protocol: the
# loading screen's progress, the title in both languages (touch), the tutorial's first two
# steps played by mouse clicks on the map, the window at 1280×577, the round ended and its
# replay taken from localStorage; then the browser verifies that replay (?verify=replay.ron)
# and the native `gameday --replay --json` re-runs the same file: both scores are printed and
# must be bit-identical (the whole report must be equal too). Any panic, exception or console
# error fails. Screenshots to $OUT (default docs/screenshots/web/). Last line PASS or FAIL.
# A developer script, not part of CI (the web build is slow).
#
#   scripts/test-web.sh [native gameday binary]   (default: $CARGO_TARGET_DIR or target/, release)
#
# Needs: apt-get install -y chromium; Node ≥ 20; python3; a native release build of the same
# source (the replay records the build; a different simulation may score differently).
set -euo pipefail
cd "$(dirname "$0")/.."
NATIVE="${1:-${CARGO_TARGET_DIR:-target}/release/gameday}"
OUT="${OUT:-docs/screenshots/web}"
DIST="${DIST:-dist}"
PORT="${PORT:-8765}"
DEBUG_PORT="${DEBUG_PORT:-9229}"
[ -f "$DIST/index.html" ] || { echo "no $DIST/: run scripts/build-web.sh first" >&2; exit 1; }
[ -x "$NATIVE" ] || { echo "no native gameday at $NATIVE (give its path)" >&2; exit 1; }
command -v chromium >/dev/null || { echo "no chromium: apt-get install -y chromium" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/web-failure.png"
work=$(mktemp -d)
rm -f "$DIST/replay.ron"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$DIST" >"$work/http.log" 2>&1 &
server=$!
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --use-angle=swiftshader --enable-unsafe-swiftshader --ignore-gpu-blocklist \
    --user-data-dir="$work/profile" --window-size=1280,720 \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port="$DEBUG_PORT" \
    about:blank >"$work/chromium.log" 2>&1 &
browser=$!
cleanup() {
    kill "$browser" "$server" 2>/dev/null || true
    wait "$browser" "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$DEBUG_PORT/json/version" >/dev/null && break
    sleep 0.2
done

if ! node --experimental-websocket --no-warnings scripts/web-drive.mjs \
    "http://127.0.0.1:$PORT/index.html" "$DEBUG_PORT" "$OUT" "$DIST" "$work/browser.json"; then
    echo "FAIL"
    exit 1
fi

# The same replay, natively: exit 0 only when it re-runs to the score it records.
echo "== native: $NATIVE --replay $DIST/replay.ron --json"
native_rc=0
"$NATIVE" --replay "$DIST/replay.ron" --json >"$work/native.json" || native_rc=$?
if ! python3 - "$work/browser.json" "$work/native.json" "$native_rc" <<'PY'
import json, struct, sys
browser = json.load(open(sys.argv[1]))
native = json.load(open(sys.argv[2]))
native_rc = int(sys.argv[3])
bits = lambda x: struct.pack(">d", x).hex()
b, n = browser["score"], native["score"]
print(f"browser score {b!r} (bits {bits(b)}), recorded {browser['recorded_score']!r}")
print(f"native  score {n!r} (bits {bits(n)}), exit {native_rc}")
fails = []
if bits(b) != bits(n):
    fails.append("the browser and native scores differ")
if browser["report"] != native:
    keys = sorted(k for k in set(native) | set(browser["report"]) if native.get(k) != browser["report"].get(k))
    fails.append(f"the reports differ in {', '.join(keys)}")
if native_rc != 0:
    fails.append(f"the native --replay exits {native_rc} (its score does not match the recorded one)")
for f in fails:
    print("FAIL ", f)
if not fails:
    print("browser and native re-runs are bit-identical (score and the whole report)")
sys.exit(1 if fails else 0)
PY
then
    echo "FAIL"
    exit 1
fi
echo "PASS"
