//! Shared helpers: start Unicorn Rentals, type `aws` commands, run the clock, find ids.

use bevy::prelude::*;
use gameday::awscli::{base64_encode, parse_line};
use gameday::headless::{run_until, start, start_loaded};
use gameday::scenario::{self, Scenario};
use gameday::sim::api::execute;
use gameday::sim::command::{ApiResult, Principal};
use gameday::sim::model::*;
use gameday::sim::world::{all, id_of};

pub fn unicorn(seed: u64) -> App {
    start("unicorn-rentals", seed).expect("the embedded scenario starts")
}

pub fn unicorn_with(seed: u64, edit: impl FnOnce(&mut Scenario)) -> App {
    let mut s = scenario::load("unicorn-rentals").expect("loads");
    edit(&mut s);
    start_loaded(s, seed).expect("starts")
}

/// Types one `aws …` line as the player; it executes at once.
pub fn aws(app: &mut App, line: &str) -> ApiResult {
    let cmd = parse_line(line).unwrap_or_else(|e| panic!("`{line}` does not parse: {e}"));
    execute(app.world_mut(), Principal::Player, cmd).result
}

/// Like `aws` but the call must succeed; returns the first id it created.
pub fn aws_ok(app: &mut App, line: &str) -> String {
    match aws(app, line) {
        Ok(r) => r.ids.first().cloned().unwrap_or_default(),
        Err(e) => panic!("`{line}` failed: {e}"),
    }
}

pub fn run_minutes(app: &mut App, minutes: f64) {
    let now = app.world().resource::<gameday::sim::clock::SimClock>().now;
    let mut next = 0;
    run_until(app, &[], &mut next, now + minutes * 60.0);
}

/// The id of the resource with Name tag `name` and component `T`.
pub fn id_named<T: Component>(app: &mut App, name: &str) -> String {
    let world = app.world_mut();
    let e = all::<T>(world)
        .into_iter()
        .find(|&e| world.get::<Name>(e).is_some_and(|n| n.as_str() == name))
        .unwrap_or_else(|| panic!("no resource named {name}"));
    id_of(world, e)
}

pub fn vpc_id(app: &mut App) -> String {
    let world = app.world_mut();
    let e = all::<Vpc>(world)[0];
    id_of(world, e)
}

pub const GOOD_SCRIPT: &str = "#!/bin/bash\nset -e\nyum install -y unicorn-rentals\necho \"DB_HOST=unicorn-db.cluster-c9akciq32.us-east-1.rds.amazonaws.com\" >> /etc/unicorn-rentals.env\necho \"WORKERS=2\" >> /etc/unicorn-rentals.env\nsystemctl enable --now unicorn-rentals\n";

pub const BROKEN_SCRIPT: &str =
    "#!/bin/bash\nset -e\nyum install -y unicorn-rentals\nsystemctl enable --now unicorn-rental\n";

/// What `build_alb_asg` made.
pub struct Built {
    pub alb_arn: String,
    pub alb_dns: String,
    pub tg_arn: String,
}

/// The runbook's path: two /24s, an ALB, a target group, a launch-template version with
/// `script`, an Auto Scaling group of `desired` (min `min`, max `max`), DNS pointed at the ALB.
pub fn build_alb_asg(app: &mut App, script: &str, min: u32, desired: u32, max: u32) -> Built {
    let vpc = vpc_id(app);
    let rtb = id_named::<RouteTable>(app, "public");
    let lb_sg = id_named::<SecurityGroup>(app, "lb-sg");
    let mut subnets = Vec::new();
    for (cidr, az) in [("10.0.1.0/24", "us-east-1a"), ("10.0.2.0/24", "us-east-1b")] {
        let s = aws_ok(
            app,
            &format!(
                "aws ec2 create-subnet --vpc-id {vpc} --cidr-block {cidr} --availability-zone {az}"
            ),
        );
        aws_ok(
            app,
            &format!("aws ec2 associate-route-table --route-table-id {rtb} --subnet-id {s}"),
        );
        subnets.push(s);
    }
    let alb_arn = aws_ok(
        app,
        &format!(
            "aws elbv2 create-load-balancer --name unicorn-alb --subnets {} --security-groups {lb_sg}",
            subnets.join(" ")
        ),
    );
    let tg_arn = aws_ok(
        app,
        &format!(
            "aws elbv2 create-target-group --name unicorn-web --protocol HTTP --port 80 --vpc-id {vpc} --health-check-path /health"
        ),
    );
    aws_ok(
        app,
        &format!(
            "aws elbv2 create-listener --load-balancer-arn {alb_arn} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg_arn}"
        ),
    );
    aws_ok(
        app,
        &format!(
            "aws ec2 create-launch-template-version --launch-template-name unicorn-web --source-version 1 --launch-template-data '{{\"InstanceType\":\"t3.small\",\"UserData\":\"{}\"}}'",
            base64_encode(script.as_bytes())
        ),
    );
    aws_ok(
        app,
        &format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name unicorn-asg --launch-template LaunchTemplateName=unicorn-web,Version=2 --min-size {min} --max-size {max} --desired-capacity {desired} --vpc-zone-identifier {} --target-group-arns {tg_arn} --health-check-type ELB --health-check-grace-period 300",
            subnets.join(",")
        ),
    );
    let world = app.world_mut();
    let alb_dns = all::<LoadBalancer>(world)
        .into_iter()
        .map(|e| world.get::<LoadBalancer>(e).unwrap().dns_name.clone())
        .find(|d| d.starts_with("unicorn-alb"))
        .unwrap();
    aws_ok(
        app,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id Z0UNICORN42 --change-batch '{{\"Changes\":[{{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{{\"Name\":\"www.unicorn.rentals\",\"Type\":\"A\",\"AliasTarget\":{{\"HostedZoneId\":\"Z35SXDOTRQ7X7K\",\"DNSName\":\"{alb_dns}\",\"EvaluateTargetHealth\":false}}}}}}]}}'"
        ),
    );
    Built {
        alb_arn,
        alb_dns,
        tg_arn,
    }
}

/// Targets of a target group with their health state.
pub fn target_states(app: &mut App, tg_arn: &str) -> Vec<TargetHealthState> {
    let world = app.world_mut();
    let e = gameday::sim::world::find::<TargetGroup>(world, tg_arn).expect("target group exists");
    world
        .get::<TargetGroup>(e)
        .unwrap()
        .targets
        .iter()
        .map(|t| t.state)
        .collect()
}

pub fn asg(app: &mut App, name: &str) -> AutoScalingGroup {
    let world = app.world_mut();
    let e = all::<AutoScalingGroup>(world)
        .into_iter()
        .find(|&e| world.get::<AutoScalingGroup>(e).unwrap().name == name)
        .expect("group exists");
    world.get::<AutoScalingGroup>(e).unwrap().clone()
}
