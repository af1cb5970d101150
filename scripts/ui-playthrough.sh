#!/usr/bin/env bash
#! Plays Unicorn Rentals through the game's own window the way a player would — mouse clicks
#! and typing only, with xdotool on an Xvfb display — and saves a screenshot after every step
#! into docs/screenshots/playthrough/. Positions are logical pixels of the 1600×900 window
#! (egui lays the HUD out the same way every run at that size).
#!
#! Steps 4-5 use the console's forms, both launch-template versions (WORKERS=2 at first, the
#! repair after "a colleague" breaks the script at minute 45) are written in the console's
#! user-data editor; the rest are typed into the in-game CLI box (the `$` line under the map),
#! the `aws …` lines of scenarios/unicorn-rentals.commands. At the end
#! the pause menu's "End the round now" saves the round's replay (every command the player sent,
#! with its simulated second, and the score the game showed); the script re-runs it headless
#! (`gameday --replay`) to check, without looking at a screenshot, that each command succeeded
#! (or failed, where the step expects an error), that the score matches the window's, and that
#! the score was rising at the end. It prints PASS/FAIL per step and exits 1 on any FAIL.
#!
#! usage: scripts/ui-playthrough.sh [path to a release gameday binary]
#! needs: Xvfb, xdotool, ImageMagick (import), python3, Mesa's lavapipe for Vulkan.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/gameday}
OUT=docs/screenshots/playthrough
DISPLAY_NUM=${DISPLAY_NUM:-97}
export DISPLAY=:$DISPLAY_NUM
mkdir -p "$OUT"
rm -f "$OUT"/*.png
# a fresh data directory: no saved settings or replays from earlier rounds
DATA=$(mktemp -d /tmp/ui-playthrough-data.XXXXXX)
export GAMEDAY_DATA_DIR=$DATA
# the game writes where its named buttons are (the top bar's speed buttons move with the
# language and the rank shown): the script clicks those by name
PROBE=$DATA/probe.txt
export GAMEDAY_PROBE=$PROBE

Xvfb "$DISPLAY" -screen 0 1600x900x24 >/dev/null 2>&1 &
XVFB=$!
GAME=
cleanup() {
    [ -n "$GAME" ] && kill "$GAME" 2>/dev/null || true
    kill "$XVFB" 2>/dev/null || true
    rm -rf "$DATA"
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
    sleep 1 # a slow frame must not hand the next click's keys to this field
}
key() { xdotool windowfocus "$WIN" 2>/dev/null || true; xdotool key "$@"; sleep 0.6; }
# click a named button of the probe file (its centre)
tapname() {
    local xy
    xy=$(awk -v n="$1" '$1 == n { printf "%d %d", $2 + $4 / 2, $3 + $5 / 2; exit }' "$PROBE")
    [ -n "$xy" ] || { echo "no $1 on screen"; return 1; }
    click $xy
}

# 1. the title screen, then the briefing with the runbook
shot title
click 1181 346                     # "Read the briefing"
shot briefing
click 1451 858                     # "Start the round"
shot playing
# the round starts with the map alone: open the console, CloudWatch and CLI drawers (F2 F3 F4)
key F2 F3 F4
sleep 1

# 2. read the runbook in the right panel
key r                              # R: the "Runbook" tab
shot runbook

# 3. let the morning run (4×) until someone fills the small subnets
tapname top:speed4                 # 4× (40 simulated seconds a second)
sleep 16
tapname top:speed1                 # 1×
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
fill 250 543 "ResourceType=subnet,Tags=[{Key=Name,Value=web-b}]"   # --tag-specifications
click 50 571                       # Send
shot subnet-b-created


# From here on the `aws …` lines go into the CLI box: click its input line, type, Enter.
cli() {
    xdotool windowfocus "$WIN" 2>/dev/null || true
    click $CLI_X $CLI_Y
    xdotool type --delay 12 "$1"
    xdotool key Return
    sleep 1
}
CLI_X=330 CLI_Y=879                # the CLI's input line (bottom left, under its scrollback)
VPC=vpc-008a40b8fdd8d0d73
# ids are allocated deterministically (the n-th subnet made in this scenario is always the
# same id), the CLI answer in each screenshot shows them
SUBNET_A=subnet-0f23cff7a0dfca0a5
SUBNET_B=subnet-0b18057e180122e35
ALB_ARN=arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/unicorn-alb/d4193a23dde3b716
TG_ARN=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/unicorn-web/bf5bfa96f1c1f1d8

# 6. the new subnets get the public route table (the one with the internet gateway route)
cli "aws ec2 associate-route-table --route-table-id rtb-0d60ac34092e6d0ba --subnet-id $SUBNET_A"
cli "aws ec2 associate-route-table --route-table-id rtb-0d60ac34092e6d0ba --subnet-id $SUBNET_B"
click 144 138                      # Console: Route tables
shot route-tables-associated

# 7. the ALB, this time in the two /24s
cli "aws elbv2 create-load-balancer --name unicorn-alb --subnets $SUBNET_A $SUBNET_B --security-groups sg-03f642369557faa78"
click 150 165                      # Console: Load balancers
shot alb-created

# 8. a target group with a quick health check, and a listener forwarding to it
cli "aws elbv2 create-target-group --name unicorn-web --protocol HTTP --port 80 --vpc-id $VPC --health-check-path /health --health-check-interval-seconds 10 --healthy-threshold-count 3"
cli "aws elbv2 create-listener --load-balancer-arn $ALB_ARN --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG_ARN"
click 271 165                      # Console: Target groups
shot target-group-and-listener

# 9. a new launch-template version in the console's user-data editor (Launch templates page):
#    the script with WORKERS=2 (one worker per vCPU) on a t3.small
# replace the editor's whole script (the cursor to the end of the clicked row, then delete
# everything both ways) with the lines given, then save it as a new version
write_user_data() { # description, script lines…
    fill 154 545 "t3.small"        # Instance type
    fill 352 545 "$1"              # Description
    shift
    click 220 500                  # into the script
    xdotool key End
    xdotool key --repeat 300 --delay 5 Delete
    xdotool key --repeat 300 --delay 5 BackSpace
    for line in "$@"; do
        xdotool type --delay 12 "$line"
        xdotool key Return
    done
    sleep 1
}
SCRIPT=('#!/bin/bash' 'set -e' 'yum install -y unicorn-rentals'
    'echo "DB_HOST=unicorn-db.cluster-c9akciq32.us-east-1.rds.amazonaws.com" >> /etc/unicorn-rentals.env'
    'echo "WORKERS=2" >> /etc/unicorn-rentals.env' 'systemctl enable --now unicorn-rentals')
click 176 109                      # Console: Launch templates
shot user-data-editor
write_user_data "2 workers" "${SCRIPT[@]}"
shot user-data-workers-2
click 64 589                       # "Create version"
xdotool mousemove --window "$WIN" 200 450
for _ in 1 2 3 4 5; do xdotool click 5; sleep 0.2; done   # scroll to the answer
shot launch-template-version-2
for _ in 1 2 3 4 5 6 7 8; do xdotool click 4; sleep 0.2; done   # scroll back up

# 10. an Auto Scaling group on that template, in both /24s, behind the target group, ELB checks
cli "aws autoscaling create-auto-scaling-group --auto-scaling-group-name unicorn-asg --launch-template 'LaunchTemplateName=unicorn-web,Version=\$Latest' --min-size 2 --max-size 20 --desired-capacity 3 --vpc-zone-identifier \"$SUBNET_A,$SUBNET_B\" --target-group-arns $TG_ARN --health-check-type ELB --health-check-grace-period 180 --default-instance-warmup 120"
click 110 192                      # Console: Auto Scaling groups
shot auto-scaling-group

# 11. target tracking at 50% average CPU
cli "aws autoscaling put-scaling-policy --auto-scaling-group-name unicorn-asg --policy-name cpu-50 --policy-type TargetTrackingScaling --target-tracking-configuration '{\"TargetValue\":50.0,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"}}'"
click 167 192                      # Console: Policies
shot target-tracking-policy

# 12. let the new instances boot and pass their health checks, then point www at the ALB
tapname top:speed4                 # 4×
sleep 10
tapname top:speed1                 # 1×
click 271 165                      # Console: Target groups (healthy count)
shot targets-healthy
cli "aws route53 change-resource-record-sets --hosted-zone-id Z0UNICORN42 --change-batch '{\"Changes\":[{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{\"Name\":\"www.unicorn.rentals\",\"Type\":\"A\",\"AliasTarget\":{\"HostedZoneId\":\"Z35SXDOTRQ7X7K\",\"DNSName\":\"unicorn-alb-1900761150.us-east-1.elb.amazonaws.com\",\"EvaluateTargetHealth\":false}}}]}'"
click 185 219                      # Console: DNS records
sleep 8                            # DNS changes propagate in 60 simulated seconds
shot www-alias-to-alb

# 13. minute 45: "a colleague" makes a version with a typo in the unit name the default and
#     $Latest; new instances would fail their health checks. Load $Latest in the editor (the
#     typo `unicorn-rental` and WORKERS=4 show), write the working script as version 4 and make
#     it the default.
tapname top:speed4                 # 4×
sleep "${WAIT_COLLEAGUE:-45}"
tapname top:speed1                 # 1×
click 176 109                      # Console: Launch templates
click 255 344                      # "Load $Latest": the colleague's version 3, the typo shows
shot colleague-broke-the-template
write_user_data "restore 2-worker script" "${SCRIPT[@]}"
click 64 589                       # "Create version" (version 4)
xdotool mousemove --window "$WIN" 200 450
for _ in 1 2 3 4 5; do xdotool click 5; sleep 0.2; done
shot user-data-fixed
for _ in 1 2 3 4 5 6 7 8; do xdotool click 4; sleep 0.2; done
cli "aws ec2 modify-launch-template --launch-template-name unicorn-web --default-version 4"
shot user-data-restored

# 14. the score turns: run at 4× and watch points per minute
tapname top:speed4                 # 4×
click 1250 299                     # right panel: CloudWatch (under the rivals board)
sleep "${WAIT_SCORE:-25}"
shot score-rising

# 15. end the round from the pause menu: the results screen, the replay saved
xdotool windowfocus "$WIN" 2>/dev/null || true
xdotool key Escape
sleep 1
shot pause-menu
click 736 480                      # "End the round now (results)"
shot results

# 16. checks that do not look at pixels: the replay the game saved, re-run headless
kill "$GAME" 2>/dev/null || true
GAME=
cp "$DATA/last-replay.ron" /tmp/ui-playthrough-last-replay.ron 2>/dev/null || true
cat > "$DATA/expect.txt" <<'EXPECT'
# step | event | ok or error
4 ALB in the /28s is refused (InvalidSubnet) | CreateLoadBalancer | error
5 subnet 10.0.1.0/24 (form) | CreateSubnet | ok
5 subnet 10.0.2.0/24 (form) | CreateSubnet | ok
6 route table association a (CLI) | AssociateRouteTable | ok
6 route table association b (CLI) | AssociateRouteTable | ok
7 ALB in the /24s (CLI) | CreateLoadBalancer | ok
8 target group (CLI) | CreateTargetGroup | ok
8 listener (CLI) | CreateListener | ok
9 launch-template version, WORKERS=2 (user-data editor) | CreateLaunchTemplateVersion | ok
10 Auto Scaling group, ELB checks (CLI) | CreateAutoScalingGroup | ok
11 target tracking 50% CPU (CLI) | PutScalingPolicy | ok
12 www alias to the ALB (CLI) | ChangeResourceRecordSets | ok
13 fixed user data, new version (user-data editor) | CreateLaunchTemplateVersion | ok
13 fixed version is the default (CLI) | ModifyLaunchTemplate | ok
EXPECT
python3 scripts/check-replay.py "$BIN" "$DATA/last-replay.ron" "$DATA/expect.txt"
