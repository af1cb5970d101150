#!/usr/bin/env bash
#! A stranger's first run on desktop, with clicks only: starts `gameday` with an empty data
#! directory under its own Xvfb, reads the briefing of the scenario the title selected, starts
#! it, and then clicks only where the tutorial's pointer shows (`pointer:at` in the probe file:
#! the node on the map, then the action of its menu) until the medal card offers "Next:
#! Unicorn Rentals", and clicks that. Checks that the first run selected the tutorial, that
#! every step was done by following the pointer, that the next scenario's briefing opens and
#! that the settings now record the tutorial as done. Screenshots go to
#! docs/screenshots/first-run/ (SIZE=1280x720 adds a `-1280x720` suffix). Prints PASS/FAIL per
#! step and a last line PASS (exit 0) only when all passed.
#!
#! usage: scripts/first-run-playthrough.sh [gameday binary]
#! needs: Xvfb, xdotool, ImageMagick (import), Mesa's lavapipe for Vulkan.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/gameday}
SIZE=${SIZE:-1920x1080}
OUT=docs/screenshots/first-run
SUFFIX=$([ "$SIZE" = 1920x1080 ] || echo "-$SIZE")
DISPLAY_NUM=${DISPLAY_NUM:-92}
export DISPLAY=:$DISPLAY_NUM
source scripts/lib-probe.sh
probe_display "$SIZE" first-run
"$BIN" >/tmp/first-run-game.log 2>&1 &
GAME=$!

# shot NAME: the screen as $OUT/NAME.png (NAME-1280x720.png at another size)
shot() {
    sleep "${SETTLE:-1}"
    import -window root "$OUT/$1$SUFFIX.png"
}
wait_screen() { # screen seconds
    for _ in $(seq $(($2 * 4))); do
        [ "$(value screen)" = "$1" ] && return 0
        sleep 0.25
    done
    return 1
}
tap() { # name: click its centre
    appears "$1" "${2:-10}" || { echo "      (no $1 on screen)"; return 1; }
    read -r x y <<<"$(where "$1")"
    xdotool mousemove "$x" "$y" click 1
    sleep 0.8
}

probe_started || { echo "FAIL  the game did not start (no probe file)"; exit 1; }
# no window manager under Xvfb: the window takes the whole screen by hand
W=$(xdotool search --name GameDay | head -1)
xdotool windowsize "$W" "${SIZE%x*}" "${SIZE#*x}"
sleep 2

# 1. the title screen selects the tutorial; its briefing is the tutorial's
shot 01-title
tap briefing 20
if wait_screen Briefing 10 && [ ! -e "$DATA/settings.ron" ]; then
    pass "a first run (no settings yet) opens the selected scenario's briefing"
else
    fail "no briefing (screen $(value screen))"
fi
tap start 10
if appears pointer:at 30; then
    SETTLE=2 shot 02-tutorial-step-1
    pass "the tutorial starts and its pointer shows where to tap"
else
    fail "no tutorial pointer on screen (screen $(value screen))"
fi

# 2. click only where the pointer shows, until the medal card
taps=0
for _ in $(seq 400); do
    [ -n "$(where tutorial:next)" ] && break
    if [ -n "$(where pointer:at)" ]; then
        tap pointer:at 1 && taps=$((taps + 1))
        [ $taps = 1 ] && shot 03-tutorial-menu
        [ $taps = 2 ] && SETTLE=1.2 shot 04-tutorial-points
        # the first steps at 1×, then faster while health checks and DNS settle
        [ $taps = 4 ] && tap top:speed4 2
    fi
    sleep 0.5
done
if appears tutorial:next 5; then
    SETTLE=1.5 shot 05-tutorial-medal
    pass "every step done by clicking only the pointer ($taps clicks); the medal card shows"
else
    fail "the tutorial did not finish by following the pointer ($taps clicks, minute $(value minute))"
fi

# 3. "Next: Unicorn Rentals" opens its briefing, and the first run is over
tap tutorial:next 5
if wait_screen Briefing 10; then
    pass "'Next' opens the next scenario's briefing"
else
    fail "'Next' did not open a briefing (screen $(value screen))"
fi
if grep -q "tutorial_done: true" "$DATA/settings.ron" 2>/dev/null; then
    pass "the settings record the tutorial as done (the next start selects as usual)"
else
    fail "settings.ron does not record tutorial_done: true"
fi

probe_verdict
