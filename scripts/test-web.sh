#!/usr/bin/env bash
# Loads dist/ (scripts/build-web.sh) in headless Chromium with WebGL through SwiftShader,
# waits for the title screen, switches the language with a tap, and saves screenshots to
# $OUT (default docs/screenshots/). A developer script, not part of CI (the web build is slow).
#   apt-get install -y chromium        (Node ≥ 20 drives it over the DevTools protocol)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-docs/screenshots}"
PORT="${PORT:-8765}"
DEBUG_PORT="${DEBUG_PORT:-9229}"
[ -f dist/index.html ] || { echo "no dist/: run scripts/build-web.sh first" >&2; exit 1; }
mkdir -p "$OUT"
profile=$(mktemp -d)
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --use-angle=swiftshader --enable-unsafe-swiftshader --ignore-gpu-blocklist \
    --user-data-dir="$profile" --window-size=1280,720 \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port="$DEBUG_PORT" \
    about:blank >"${TMPDIR:-/tmp}/gameday-chromium.log" 2>&1 &
browser=$!
cleanup() { kill "$browser" "$server" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$profile"; }
trap cleanup EXIT
for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$DEBUG_PORT/json/version" >/dev/null && break
    sleep 0.2
done
node --experimental-websocket --no-warnings scripts/web-drive.mjs \
    "http://127.0.0.1:$PORT/index.html" "$DEBUG_PORT" "$OUT"
