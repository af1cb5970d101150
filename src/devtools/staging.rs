//! Staged runs of the window, shared by `--bench-render` and `--screenshot`: build an estate
//! of N instances behind an ALB in three AZs through the command API, fast-forward the
//! simulation, run live for a moment, then measure frame times ([`super::bench_render`]) or
//! save a screenshot ([`super::screenshot`]).

use super::{bench_render, screenshot};
use crate::awscli::{base64_encode, parse_line};
use crate::screens::Screen;
use crate::sim::api::{CommandQueue, execute};
use crate::sim::clock::SimClock;
use crate::sim::command::{CallerContext, Command, Principal};
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use bevy::app::AppExit;
use bevy::prelude::*;

/// What the staged run does.
#[derive(Resource, Clone, Debug, Default)]
pub struct Staging {
    /// Build this many instances behind an ALB in three AZs at the start.
    pub estate: Option<u32>,
    /// Player commands `(second, command)` fed as the clock reaches them.
    pub commands: Vec<(u32, Command)>,
    /// Fast-forward to this simulated minute, then run live.
    pub at_minute: f64,
    /// Save a screenshot here once live, then quit.
    pub screenshot: Option<String>,
    /// Measure frame times for this many seconds, then print and quit.
    pub bench_seconds: Option<f32>,
    /// Benchmark particles kept alive.
    pub bench_particles: Option<usize>,
}

#[derive(Resource, Default)]
struct Progress {
    next_command: usize,
    stage: Stage,
    frames: Vec<f32>,
}

#[derive(Default, Clone, Copy, PartialEq, Debug)]
enum Stage {
    #[default]
    Setup,
    /// Running live since this real time.
    Live(f32),
    /// Measuring since this real time; the process's CPU seconds then.
    Measuring(f32, Option<f64>),
    Shot(f32),
    Done,
}

/// Seconds of live play before a screenshot (nodes settle, particles spread).
const LIVE_SECONDS: f32 = 3.0;
/// Simulated seconds run live before the chosen minute (so incidents happen on screen; the
/// first frame after the fast-forward catches up up to 25 ticks at once).
const LIVE_LEAD: f64 = 60.0;

fn aws(world: &mut World, line: &str) -> Result<String, String> {
    let cmd = parse_line(line).map_err(|e| format!("`{line}`: {e}"))?;
    execute(world, Principal::Player, cmd)
        .result
        .map(|r| r.ids.first().cloned().unwrap_or_default())
        .map_err(|e| format!("`{line}`: {e}"))
}

fn named<T: Component>(world: &mut World, name: &str) -> Option<String> {
    let e = all::<T>(world)
        .into_iter()
        .find(|&e| world.get::<Name>(e).is_some_and(|n| n.as_str() == name))?;
    Some(id_of(world, e))
}

/// Three subnets in three AZs, an ALB, a target group, a good launch-template version and an
/// Auto Scaling group of `n` instances; DNS points at the ALB. All through the command API.
pub fn build_estate(world: &mut World, n: u32) -> Result<(), String> {
    // a staged estate is a benchmark account: its vCPU quota is raised to fit any n
    {
        let mut s = world.resource_mut::<crate::scenario::Scenario>();
        let need = n.saturating_mul(2).saturating_add(64);
        s.account.running_on_demand_vcpus = s.account.running_on_demand_vcpus.max(need);
    }
    let vpc = {
        let e = *all::<Vpc>(world).first().ok_or("no VPC")?;
        id_of(world, e)
    };
    let rtb = named::<RouteTable>(world, "public").ok_or("no public route table")?;
    let lb_sg = named::<SecurityGroup>(world, "lb-sg").ok_or("no lb-sg")?;
    // /22s hold 1019 addresses each: room for a benchmark's 500 instances
    let mut subnets = Vec::new();
    for (i, az) in ["us-east-1a", "us-east-1b", "us-east-1c"]
        .iter()
        .enumerate()
    {
        let cidr = format!("10.0.{}.0/22", 4 * (i + 1));
        let s = aws(
            world,
            &format!(
                "aws ec2 create-subnet --vpc-id {vpc} --cidr-block {cidr} --availability-zone {az} --tag-specifications 'ResourceType=subnet,Tags=[{{Key=Name,Value=web-{}}}]'",
                ["a", "b", "c"][i]
            ),
        )?;
        aws(
            world,
            &format!("aws ec2 associate-route-table --route-table-id {rtb} --subnet-id {s}"),
        )?;
        subnets.push(s);
    }
    let alb = aws(
        world,
        &format!(
            "aws elbv2 create-load-balancer --name unicorn-alb --subnets {} --security-groups {lb_sg}",
            subnets.join(" ")
        ),
    )?;
    let tg = aws(
        world,
        &format!(
            "aws elbv2 create-target-group --name unicorn-web --protocol HTTP --port 80 --vpc-id {vpc} --health-check-path /health --health-check-interval-seconds 10 --healthy-threshold-count 3"
        ),
    )?;
    aws(
        world,
        &format!(
            "aws elbv2 create-listener --load-balancer-arn {alb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
        ),
    )?;
    let script = "#!/bin/bash\nset -e\nyum install -y unicorn-rentals\necho \"DB_HOST=unicorn-db.cluster-c9akciq32.us-east-1.rds.amazonaws.com\" >> /etc/unicorn-rentals.env\necho \"WORKERS=2\" >> /etc/unicorn-rentals.env\nsystemctl enable --now unicorn-rentals\n";
    aws(
        world,
        &format!(
            "aws ec2 create-launch-template-version --launch-template-name unicorn-web --source-version 1 --launch-template-data '{{\"InstanceType\":\"t3.small\",\"UserData\":\"{}\"}}'",
            base64_encode(script.as_bytes())
        ),
    )?;
    aws(
        world,
        &format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name unicorn-asg --launch-template LaunchTemplateName=unicorn-web,Version=2 --min-size {n} --max-size {n} --desired-capacity {n} --vpc-zone-identifier {} --target-group-arns {tg} --health-check-type ELB --health-check-grace-period 300",
            subnets.join(",")
        ),
    )?;
    let dns_name = all::<LoadBalancer>(world)
        .into_iter()
        .map(|e| world.get::<LoadBalancer>(e).unwrap().dns_name.clone())
        .find(|d| d.starts_with("unicorn-alb"))
        .ok_or("the ALB has no DNS name")?;
    aws(
        world,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id Z0UNICORN42 --change-batch '{{\"Changes\":[{{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{{\"Name\":\"www.unicorn.rentals\",\"Type\":\"A\",\"AliasTarget\":{{\"HostedZoneId\":\"Z35SXDOTRQ7X7K\",\"DNSName\":\"{dns_name}\",\"EvaluateTargetHealth\":false}}}}}}]}}'"
        ),
    )?;
    Ok(())
}

/// Feeds the player's commands due by now.
fn feed(world: &mut World, next: &mut usize) {
    let now = world.resource::<SimClock>().now;
    let commands = world.resource::<Staging>().commands.clone();
    while *next < commands.len() && commands[*next].0 as f64 <= now {
        let cmd = commands[*next].1.clone();
        world
            .resource_mut::<CommandQueue>()
            .push(Principal::Player, CallerContext::default(), cmd);
        *next += 1;
    }
}

fn stage(world: &mut World) {
    if world.get_resource::<SimClock>().is_none() {
        return;
    }
    let staging = world.resource::<Staging>().clone();
    let mut progress = std::mem::take(&mut *world.resource_mut::<Progress>());
    let t = world.resource::<Time<Real>>().elapsed_secs();
    match progress.stage {
        Stage::Setup => {
            if let Some(n) = staging.estate
                && let Err(e) = build_estate(world, n)
            {
                error!("could not build the estate: {e}");
                world.write_message(AppExit::error());
            }
            let until = staging.at_minute * 60.0 - LIVE_LEAD;
            loop {
                let clock = world.resource::<SimClock>();
                if clock.now >= until || clock.finished() {
                    break;
                }
                feed(world, &mut progress.next_command);
                crate::sim::step(world);
            }
            progress.stage = Stage::Live(t);
        }
        Stage::Live(since) => {
            feed(world, &mut progress.next_command);
            let now = world.resource::<SimClock>().now;
            if t - since >= LIVE_SECONDS && now >= staging.at_minute * 60.0 {
                if let Some(path) = &staging.screenshot {
                    screenshot::take(world, path);
                    progress.stage = Stage::Shot(t);
                } else if staging.bench_seconds.is_some() {
                    progress.stage = Stage::Measuring(t, bench_render::process_cpu_seconds());
                } else {
                    progress.stage = Stage::Done;
                }
            }
        }
        Stage::Measuring(since, cpu_since) => {
            feed(world, &mut progress.next_command);
            progress
                .frames
                .push(world.resource::<Time<Real>>().delta_secs());
            if t - since >= staging.bench_seconds.unwrap_or(20.0) {
                let cpu = cpu_since
                    .zip(bench_render::process_cpu_seconds())
                    .map(|(a, b)| b - a);
                bench_render::report(world, &staging, &progress.frames, cpu);
                world.write_message(AppExit::Success);
                progress.stage = Stage::Done;
            }
        }
        Stage::Shot(since) => {
            if let Some(path) = &staging.screenshot
                && screenshot::retake(world, path, t - since, &mut progress.frames)
            {
                world.write_message(AppExit::Success);
                progress.stage = Stage::Done;
            }
        }
        Stage::Done => feed(world, &mut progress.next_command),
    }
    *world.resource_mut::<Progress>() = progress;
}

/// Adds the staged run to a game App (call before `run`).
pub fn install(app: &mut App, staging: Staging) {
    bench_render::install(app, &staging);
    app.insert_resource(staging)
        .init_resource::<Progress>()
        .add_systems(Update, stage.run_if(in_state(Screen::Playing)));
}
