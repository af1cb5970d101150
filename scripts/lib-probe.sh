#!/usr/bin/env bash
#! Shared by the play-through scripts (sourced, not run): an own Xvfb display with an empty
#! data directory and the game's probe file (GAMEDAY_PROBE: the screen, the simulated minute
#! and every named button's and map node's rectangle), cleaned up on exit; PASS/FAIL lines;
#! and the probe helpers `where`, `value`, `appears`, `gone`, `shot`.
#!
#! usage (in a script): DISPLAY_NUM=93; OUT=docs/screenshots/…; source scripts/lib-probe.sh;
#!                      probe_display 1920x1080 booth-playthrough; "$BIN" … & GAME=$!

# probe_display SIZE NAME: Xvfb on :$DISPLAY_NUM at SIZE (WxH), a fresh data directory
# /tmp/NAME-data.*, the probe file in it, a clean-up trap. The caller sets GAME to the game's pid.
probe_display() {
    export DISPLAY=:$DISPLAY_NUM
    mkdir -p "$OUT"
    DATA=$(mktemp -d "/tmp/$2-data.XXXXXX")
    export GAMEDAY_DATA_DIR=$DATA
    PROBE=$DATA/probe.txt
    export GAMEDAY_PROBE=$PROBE
    Xvfb "$DISPLAY" -screen 0 "${1}x24" >/dev/null 2>&1 &
    XVFB=$!
    GAME=
    trap probe_cleanup EXIT
    sleep 2
}

probe_cleanup() {
    [ -n "$GAME" ] && kill "$GAME" 2>/dev/null
    kill "$XVFB" 2>/dev/null
    rm -rf "$DATA"
}

FAILS=0
step=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; FAILS=$((FAILS + 1)); }
# shot NAME: the screen as $OUT/NN-NAME.png after ${SETTLE:-1} seconds
shot() {
    step=$((step + 1))
    sleep "${SETTLE:-1}"
    import -window root "$OUT/$(printf %02d $step)-$1.png"
}
# the centre of a named rectangle in the probe file, or nothing
where() { awk -v n="$1" '$1 == n { printf "%d %d\n", $2 + $4 / 2, $3 + $5 / 2; exit }' "$PROBE" 2>/dev/null; }
# the value of a `name value` line (screen, minute, score, kiosk)
value() { awk -v n="$1" '$1 == n { print $2; exit }' "$PROBE" 2>/dev/null; }
# appears NAME [SECONDS]: waits (10 s) for a named rectangle; true when it is there
appears() {
    for _ in $(seq $((${2:-10} * 4))); do
        [ -n "$(where "$1")" ] && return 0
        sleep 0.25
    done
    return 1
}
# gone NAME [SECONDS]: waits (10 s) until it is not
gone() {
    for _ in $(seq $((${2:-10} * 4))); do
        [ -z "$(where "$1")" ] && return 0
        sleep 0.25
    done
    return 1
}
# waits up to 90 s for the game's first probe file; false when none came
probe_started() {
    for _ in $(seq 90); do
        [ -s "$PROBE" ] && return 0
        sleep 1
    done
    return 1
}
# the last line: PASS and exit 0, or FAIL with the count and exit 1
probe_verdict() {
    if [ "$FAILS" = 0 ]; then
        echo PASS
        exit 0
    fi
    echo "FAIL ($FAILS steps)"
    exit 1
}
