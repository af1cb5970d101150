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
#        npm (wasm-opt comes from the npm registry's binaryen when the PATH has none >= 116).
# Uses its own target dir (CARGO_WEB_TARGET_DIR, default ~/.cache/gameday-web-target) so a
# web build never invalidates the native one. Prints the gzip-compressed size of the wasm
# (budget: at most 6.5 MB with wasm-opt; 10 MB when wasm-opt could not run).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-web}"
TARGET_DIR="${CARGO_WEB_TARGET_DIR:-$HOME/.cache/gameday-web-target}"
BUDGET=$((6500 * 1000))

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
# raw and gzip -9 sizes of a file, in MB
sizes() { printf '%.1f MB raw, %.2f MB gzip' "$(echo "$(stat -c %s "$1") / 1000000" | bc -l)" \
    "$(echo "$(gzip -9 -c "$1" | wc -c) / 1000000" | bc -l)"; }
echo "dist/gameday_bg.wasm before wasm-opt: $(sizes dist/gameday_bg.wasm)"

# Binaryen before version 116 (Debian 12 ships 108) rewrites wasm-bindgen's function table
# so the browser refuses it ("WebAssembly.Table.set(): Argument 1 is invalid"): seen here.
# wasm-opt comes from the PATH if it is new enough, else from the npm registry's `binaryen`
# package (version $BINARYEN, installed once into $BINARYEN_DIR; 132 was measured to work).
BINARYEN="${BINARYEN:-132.0.0}"
BINARYEN_DIR="${BINARYEN_DIR:-$HOME/.cache/gameday-binaryen}"
wasm_opt_version() { "$1" --version 2>/dev/null | grep -oE '[0-9]+' | head -1 || true; }
wasm_opt=wasm-opt
opt_version=$(wasm_opt_version wasm-opt)
if [ -z "$opt_version" ] || [ "$opt_version" -lt 116 ]; then
    wasm_opt="$BINARYEN_DIR/node_modules/.bin/wasm-opt"
    if [ ! -x "$wasm_opt" ] && command -v npm >/dev/null; then
        echo "== npm install binaryen@$BINARYEN into $BINARYEN_DIR (wasm-opt on PATH: ${opt_version:-none})"
        npm install --silent --no-audit --no-fund --prefix "$BINARYEN_DIR" "binaryen@$BINARYEN" >&2 ||
            echo "npm install binaryen@$BINARYEN failed" >&2
    fi
    opt_version=$(wasm_opt_version "$wasm_opt")
fi
optimised=no
if [ -n "$opt_version" ] && [ "$opt_version" -ge 116 ]; then
    echo "== wasm-opt $opt_version -Oz ($wasm_opt)"
    # --strip-debug also drops the name section (function names: megabytes, only for stack
    # traces); --strip-producers the toolchain's note
    t0=$(date +%s)
    if nice -n "${NICE:-19}" "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types \
        --enable-multivalue --strip-debug --strip-producers \
        -o dist/gameday_bg.opt.wasm dist/gameday_bg.wasm; then
        echo "wasm-opt took $(($(date +%s) - t0)) s"
        mv dist/gameday_bg.opt.wasm dist/gameday_bg.wasm
        optimised=yes
    else
        rm -f dist/gameday_bg.opt.wasm
    fi
fi
if [ "$optimised" != yes ]; then
    {
        echo "################################################################################"
        echo "# WARNING: wasm-opt ${opt_version:-missing} (needs binaryen >= 116) did not run:"
        echo "# shipping wasm-bindgen's output UNOPTIMISED (about a third larger)."
        echo "# Fix: npm install --prefix $BINARYEN_DIR binaryen@$BINARYEN"
        echo "################################################################################"
    } >&2
fi

cp web/index.html dist/index.html
# the bundled fonts' licences (assets/fonts/README.md)
mkdir -p dist/font-licences
cp assets/fonts/README.md assets/fonts/*.txt dist/font-licences/
raw=$(stat -c %s dist/gameday_bg.wasm)
gz=$(gzip -9 -c dist/gameday_bg.wasm | wc -c)
# the loading screen shows progress against the uncompressed size
sed -i "s/__WASM_BYTES__/$raw/" dist/index.html
if [ "$optimised" != yes ]; then
    BUDGET=$((10 * 1000 * 1000))
fi
echo "dist/gameday_bg.wasm after wasm-opt:  $(sizes dist/gameday_bg.wasm) (wasm-opt: $optimised; budget $(echo "$BUDGET / 1000000" | bc -l | sed 's/0*$//') MB gzip)"
ls -la dist
if [ "$gz" -ge "$BUDGET" ]; then
    echo "OVER BUDGET: $gz bytes gzip" >&2
    exit 1
fi
