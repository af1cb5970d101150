#!/usr/bin/env bash
#! Plays Unicorn Rentals through the game's own window the way a player would — mouse clicks
#! and typing only, with xdotool on an Xvfb display — and saves a screenshot after every step
#! into docs/screenshots/playthrough/. Positions are logical pixels of the 1600×900 window
#! (egui lays the HUD out the same way every run at that size).
#!
#! usage: scripts/ui-playthrough.sh [path to a release gameday binary]
#! needs: Xvfb, xdotool, ImageMagick (import), Mesa's lavapipe for Vulkan.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/gameday}
OUT=docs/screenshots/playthrough
DISPLAY_NUM=${DISPLAY_NUM:-97}
export DISPLAY=:$DISPLAY_NUM
mkdir -p "$OUT"

Xvfb "$DISPLAY" -screen 0 1600x900x24 >/dev/null 2>&1 &
XVFB=$!
GAME=
cleanup() {
    [ -n "$GAME" ] && kill "$GAME" 2>/dev/null || true
    kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
sleep 2
"$BIN" --scenario unicorn-rentals >/tmp/ui-playthrough-game.log 2>&1 &
GAME=$!
for _ in $(seq 60); do
    WIN=$(xdotool search --name "GameDay" 2>/dev/null | head -1 || true)
    [ -n "$WIN" ] && break
    sleep 1
done
[ -n "$WIN" ] || { echo "the game window did not open"; exit 1; }
sleep 8 # the first frames on a software renderer

step=0
shot() { # name: save the window as NN-name.png
    step=$((step + 1))
    sleep "${SETTLE:-2}"
    import -window root "$OUT/$(printf %02d $step)-$1.png"
    echo "step $step: $1"
}
click() { xdotool mousemove --window "$WIN" "$1" "$2" click 1; sleep 0.6; }
# replace the text of the field at x y
fill() {
    click "$1" "$2"
    xdotool windowfocus "$WIN" 2>/dev/null || true
    xdotool key End
    for _ in $(seq 64); do xdotool key BackSpace; done
    xdotool type --delay 25 "$3"
    sleep 0.3
}

# 1. the title screen, then the briefing with the runbook
shot title
click 1181 346                     # "Read the briefing"
shot briefing
click 1451 858                     # "Start the round"
shot playing

# 2. read the runbook in the right panel
click 1398 81                      # "Runbook" tab
shot runbook

# 3. let the morning run (4×) until someone fills the small subnets
click 1265 29                      # 4× (40 simulated seconds a second)
sleep 16
click 1177 29                      # 1×
shot subnets-filling

# 4. the ALB the runbook asks for: CreateLoadBalancer fails with InvalidSubnet, naming the
#    subnet that has too few free addresses
click 150 165                      # Console: Load balancers
click 135 488                      # "elbv2 create-load-balancer" form (pre-filled)
# the runbook says the site lives in public-a and public-b: the ALB goes there
fill 240 544 "subnet-0855b4b84170ee170 subnet-0edee9ccf88f23f0c"
shot create-load-balancer-form
click 50 629                       # Send
xdotool mousemove --window "$WIN" 200 500
for _ in 1 2 3 4 5; do xdotool click 5; sleep 0.2; done   # scroll to the answer under the form
shot create-load-balancer-error

# 5. a bigger subnet in each AZ (a /24 has 251 usable addresses)
click 66 135                       # Console: Subnets
shot subnets
click 110 401                      # "ec2 create-subnet" form (pre-filled: 10.0.1.0/24, us-east-1a)
shot create-subnet-form
click 50 542                       # Send
shot subnet-a-created
# the new subnet's row pushed the form down one row (29 px)
fill 250 488 "10.0.2.0/24"         # --cidr-block
fill 250 515 "us-east-1b"          # --availability-zone
click 50 571                       # Send
shot subnet-b-created

# Not scripted yet (done by hand or with scenarios/unicorn-rentals.commands): associate the
# new subnets with the public route table, create the ALB in them, the target group and
# listener, the fixed launch-template version, the Auto Scaling group, the target-tracking
# policy, the Route 53 alias — and watch the score turn.
