#!/usr/bin/env bash
# Builds the browser version into dist/: index.html (loading screen with progress), the
# wasm-bindgen JS glue and the optimised .wasm. Scenarios, texts and the Hangul font are
# compiled into the .wasm, so dist/ is self-contained: serve it from any static host.
#
#   scripts/build-web.sh            # size-tuned `web` profile (opt-level z, fat LTO): slow
#   PROFILE=release scripts/build-web.sh
#
# Needs: rustup target add wasm32-unknown-unknown;
#        cargo install wasm-bindgen-cli --version <the wasm-bindgen version in Cargo.lock>;
#        optionally wasm-opt (Debian: apt-get install binaryen).
# Uses its own target dir (CARGO_WEB_TARGET_DIR, default ~/.cache/gameday-web-target) so a
# web build never invalidates the native one. Prints the gzip-compressed size of the wasm
# (budget: under 10 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-web}"
TARGET_DIR="${CARGO_WEB_TARGET_DIR:-$HOME/.cache/gameday-web-target}"
BUDGET=$((10 * 1000 * 1000))

lock_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have_version=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_version" != "$lock_version" ]; then
    echo "wasm-bindgen-cli $lock_version is needed (Cargo.lock); found '${have_version:-none}'." >&2
    echo "  cargo install wasm-bindgen-cli --version $lock_version" >&2
    exit 1
fi

echo "== cargo build --profile $PROFILE --target wasm32-unknown-unknown"
CARGO_TARGET_DIR="$TARGET_DIR" nice -n "${NICE:-19}" cargo build --profile "$PROFILE" \
    --target wasm32-unknown-unknown --features audio --bin gameday
wasm="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/gameday.wasm"

rm -rf dist
mkdir -p dist
echo "== wasm-bindgen $lock_version"
wasm-bindgen --target web --no-typescript --out-dir dist --out-name gameday "$wasm"

# Binaryen before version 116 (Debian 12 ships 108) rewrites wasm-bindgen's function table
# so the browser refuses it ("WebAssembly.Table.set(): Argument 1 is invalid"): seen here.
# Use a newer wasm-opt (`cargo install wasm-opt`, or binaryen from GitHub releases) or none.
opt_version=$(wasm-opt --version 2>/dev/null | grep -oE '[0-9]+' | head -1 || true)
if [ -n "$opt_version" ] && [ "$opt_version" -ge 116 ]; then
    echo "== wasm-opt $opt_version -Oz"
    nice -n "${NICE:-19}" wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types \
        --enable-multivalue \
        -o dist/gameday_bg.opt.wasm dist/gameday_bg.wasm &&
        mv dist/gameday_bg.opt.wasm dist/gameday_bg.wasm ||
        { echo "wasm-opt failed: shipping wasm-bindgen's output as is" >&2; rm -f dist/gameday_bg.opt.wasm; }
else
    echo "== wasm-opt ${opt_version:-missing} is missing or older than 116: skipping it"
fi

cp web/index.html dist/index.html
cp assets/fonts/OFL.txt dist/OFL-font.txt
raw=$(stat -c %s dist/gameday_bg.wasm)
gz=$(gzip -9 -c dist/gameday_bg.wasm | wc -c)
# the loading screen shows progress against the uncompressed size
sed -i "s/__WASM_BYTES__/$raw/" dist/index.html
printf 'dist/gameday_bg.wasm: %.1f MB raw, %.2f MB gzip (budget < 10 MB gzip)\n' \
    "$(echo "$raw / 1000000" | bc -l)" "$(echo "$gz / 1000000" | bc -l)"
ls -la dist
if [ "$gz" -ge "$BUDGET" ]; then
    echo "OVER BUDGET: $gz bytes gzip" >&2
    exit 1
fi
