#!/usr/bin/env bash
# The render benchmarks of the map on a machine with a GPU: the Unicorn Rentals peak (the
# runbook's estate at minute 155, particles sampled from the flow) and the stress view
# (500 instances, 10,000 particles), three runs each at 1600x900, median fps printed with
# the CPU time per frame. Goals on a GPU: >= 144 fps at the peak, >= 60 fps for 500 + 10,000
# (on lavapipe under Xvfb the README's goals are 30 and 20).
#
#   scripts/gpu-bench.sh [gameday binary]      # default: builds and uses target/release
#
# Needs a display: uses $DISPLAY if set, else starts its own Xvfb (which renders with the
# software rasteriser, so on a GPU machine run it on the real display or a GPU-backed X).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-}"
if [ -z "$BIN" ]; then
    cargo build --release --bin gameday
    BIN="${CARGO_TARGET_DIR:-target}/release/gameday"
fi
SECONDS_EACH="${SECONDS_EACH:-20}"
if [ -z "${DISPLAY:-}" ]; then
    export DISPLAY=:97
    Xvfb :97 -screen 0 1920x1080x24 >/dev/null 2>&1 &
    XVFB=$!
    trap 'kill $XVFB 2>/dev/null || true' EXIT
    sleep 2
fi
if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
fi
command -v vulkaninfo >/dev/null && vulkaninfo --summary 2>/dev/null | grep -E "deviceName|driverName" | head -4 || true

bench() { # name, args...
    local name=$1; shift
    local fps=() cpu=()
    for run in 1 2 3; do
        local line
        line=$(GAMEDAY_DATA_DIR=$(mktemp -d) "$BIN" --bench-render --seconds "$SECONDS_EACH" "$@" 2>/dev/null |
            grep '^bench-render:' | tail -1)
        echo "  run $run: ${line#bench-render: }"
        fps+=("$(sed -E 's/.*\): ([0-9.]+) fps.*/\1/' <<<"$line")")
        cpu+=("$(sed -nE 's/.*CPU ([0-9.]+) ms per frame.*/\1/p' <<<"$line")")
    done
    local med_fps med_cpu
    med_fps=$(printf '%s\n' "${fps[@]}" | sort -g | sed -n 2p)
    med_cpu=$(printf '%s\n' "${cpu[@]}" | sort -g | sed -n 2p)
    printf '%-28s median %s fps, CPU %s ms per frame\n' "$name" "$med_fps" "${med_cpu:-?}"
}

echo "== Unicorn Rentals peak (minute 155, runbook estate)"
bench "peak" --instances 0 --particles 0 --commands scenarios/unicorn-rentals.commands --at-minute 155
echo "== 500 instances, 10,000 particles"
bench "500 + 10,000" --instances 500 --particles 10000
