#!/usr/bin/env bash
#! Plays Unicorn Rentals with mouse clicks on the map only — no key presses, no typing, no
#! console drawer, no CLI — through the game's own window on an Xvfb display, the way a
#! player who only taps would: tap a node, tap an action of its menu (steppers for numbers).
#! The game runs with GAMEDAY_PROBE, so it writes where every map node, menu action and top-bar
#! button is (and the simulated minute): the script clicks those, never guessed coordinates.
#! A screenshot after each step goes to docs/screenshots/map-playthrough/. At the end the pause
#! menu ends the round, and scripts/check-replay.py re-runs the saved replay headless: every
#! command succeeded, the score matches the window's and is clearly positive and rising.
#! Prints PASS/FAIL per step and a last line PASS (exit 0) only when all passed.
#!
#! usage: scripts/map-playthrough.sh [path to a release gameday binary]
#! needs: Xvfb, xdotool, ImageMagick (import), python3, Mesa's lavapipe for Vulkan.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/gameday}
OUT=docs/screenshots/map-playthrough
DISPLAY_NUM=${DISPLAY_NUM:-96}
export DISPLAY=:$DISPLAY_NUM
rm -f "$OUT"/*.png
SETTLE=${SETTLE:-1.5}
source scripts/lib-probe.sh
probe_display 1600x900 map-playthrough
"$BIN" --scenario unicorn-rentals >/tmp/map-playthrough-game.log 2>&1 &
GAME=$!

tap() { # name: click its centre
    appears "$1" 10 || { echo "      (no $1 on screen)"; return 1; }
    read -r x y <<<"$(where "$1")"
    xdotool mousemove --window "$WIN" "$x" "$y" click 1
    sleep 0.7
}
# a group's block is full of its instances: tap its label, in the block's top-right corner
corner() { awk -v n="$1" '$1 == n { printf "%d %d\n", $2 + $4 - 14, $3 + 7; exit }' "$PROBE" 2>/dev/null; }
# tap a node, then an action of its menu (after `minus` presses of its stepper's −, or
# `plus` presses of +)
act() { # node action [-N|+N]
    case $1 in
    group:*)
        appears "$1" 10 || { echo "      (no $1 on screen)"; return 1; }
        read -r x y <<<"$(corner "$1")"
        xdotool mousemove --window "$WIN" "$x" "$y" click 1
        sleep 0.7
        ;;
    *) tap "$1" || return 1 ;;
    esac
    # a tap on a group's block may land on one of its instances: that menu leads to the group
    if ! appears "menu:$2" 2 && [ -n "$(where menu:open_group)" ]; then
        tap menu:open_group
    fi
    appears "menu:$2" 5 || { echo "      ($1's menu has no $2)"; tap menu:close; return 1; }
    local n=${3:-0}
    while [ "$n" -lt 0 ]; do tap "menu:$2:-" || return 1; n=$((n + 1)); done
    while [ "$n" -gt 0 ]; do tap "menu:$2:+" || return 1; n=$((n - 1)); done
    tap "menu:$2"
}
# whether a node's menu offers an action (the menu is closed again)
offers() { # node action
    tap "$1" || return 1
    appears "menu:$2" 2
    local r=$?
    tap menu:close
    return $r
}
minute() { value minute; }
run_until_minute() { # m: 4× until the simulated minute m, then 1×
    tap top:speed4
    for _ in $(seq 600); do
        awk -v m="$(minute)" -v t="$1" 'BEGIN { exit !(m >= t) }' && break
        sleep 0.5
    done
    tap top:speed1
}

for _ in $(seq 60); do
    WIN=$(xdotool search --name "GameDay" 2>/dev/null | head -1)
    [ -n "$WIN" ] && break
    sleep 1
done
[ -n "$WIN" ] || { echo "FAIL  the game window did not open"; exit 1; }

# 1. title → briefing → the round
appears briefing 60 && shot title
tap briefing && appears start 20 && shot briefing
tap start
appears node:public-a 30 && [ "$(value screen)" = Playing ] \
    && pass "1 the round starts with the map alone (no drawer open)" \
    || fail "1 the round did not start"
shot map-fills-the-window

# 2. the two /28s are nearly full: a /24 in each AZ, from the subnets' own menus
act node:public-a subnet.new && appears node:web-a 10 \
    && pass "2 tap public-a → New subnet in us-east-1a, /24: web-a" || fail "2 web-a"
shot subnet-web-a
act node:public-b subnet.new && appears node:web-b 10 \
    && pass "2 tap public-b → New subnet in us-east-1b, /24: web-b" || fail "2 web-b"
shot subnet-web-b

# 3. make them public (route to the internet gateway)
act node:web-a subnet.make_public && act node:web-b subnet.make_public \
    && sleep 1 && ! offers node:web-a subnet.make_public \
    && pass "3 web-a and web-b made public from their menus" || fail "3 make public"
shot subnets-public

# 4. an Application Load Balancer over both /24s, its target group and listener
act node:web-a subnet.alb && appears node:unicorn-alb 10 \
    && pass "4 tap web-a → Application Load Balancer here + web-b" || fail "4 ALB"
shot alb
act node:unicorn-alb lb.target_group && act node:unicorn-alb lb.listener \
    && sleep 1 && ! offers node:unicorn-alb lb.listener \
    && pass "5 tap the ALB → target group, then → forward HTTP:80 to it" || fail "5 target group and listener"
shot target-group-and-listener

# 5. a launch-template version with two workers (the stepper starts at 2), then the group
act node:web-a template.workers && pass "6 tap web-a → new unicorn-web version: WORKERS=2" \
    || fail "6 template version"
act node:web-a subnet.asg && appears group:unicorn-asg:web-a 30 \
    && pass "7 tap web-a → Auto Scaling group of 3 here + web-b" || fail "7 Auto Scaling group"
shot auto-scaling-group
act group:unicorn-asg:web-a asg.target_tracking \
    && pass "8 tap the group → target tracking: keep CPU at 50 %" || fail "8 target tracking"
shot target-tracking

# 6. once the targets are healthy, point www at the ALB; retire the Classic LB
run_until_minute 7
act node:unicorn-alb lb.point_dns && pass "9 tap the ALB → point www.unicorn.rentals at it" \
    || fail "9 DNS"
shot www-to-alb
run_until_minute 10 # the DNS change propagates before the old front door goes
act node:unicorn-clb lb.delete && gone node:unicorn-clb 20 \
    && pass "10 tap the Classic LB → delete it" || fail "10 delete the Classic LB"
shot classic-lb-deleted

# 7. minute 45: "a colleague" makes a broken version $Latest. Roll the group back to version 2
run_until_minute 47
shot colleague-broke-the-template
act group:unicorn-asg:web-a asg.version -1 \
    && pass "11 tap the group → launch from unicorn-web version 2 (stepper −1 from 3)" \
    || fail "11 roll back"
shot rolled-back

# 8. play on, then end the round from the pause menu
run_until_minute 75
shot minute-75
tap top:menu && tap pause:end
for _ in $(seq 40); do [ "$(value screen)" = Results ] && break; sleep 0.5; done
[ "$(value screen)" = Results ] && pass "12 the round ends on the results screen" \
    || fail "12 results"
shot results

# 9. the saved replay, re-run headless
kill "$GAME" 2>/dev/null
GAME=
cp "$DATA/last-replay.ron" /tmp/map-playthrough-last-replay.ron 2>/dev/null
cat >"$DATA/expect.txt" <<'EXPECT'
# step | event | ok or error
2 subnet web-a | CreateSubnet | ok
2 subnet web-b | CreateSubnet | ok
3 web-a public | AssociateRouteTable | ok
3 web-b public | AssociateRouteTable | ok
4 ALB | CreateLoadBalancer | ok
5 target group | CreateTargetGroup | ok
5 listener | CreateListener | ok
6 template version WORKERS=2 | CreateLaunchTemplateVersion | ok
7 Auto Scaling group | CreateAutoScalingGroup | ok
8 target tracking | PutScalingPolicy | ok
9 www alias to the ALB | ChangeResourceRecordSets | ok
10 Classic LB deleted | DeleteLoadBalancer | ok
11 rollback to version 2 | UpdateAutoScalingGroup | ok
EXPECT
python3 scripts/check-replay.py "$BIN" "$DATA/last-replay.ron" "$DATA/expect.txt" \
    || FAILS=$((FAILS + 1))
echo
probe_verdict
