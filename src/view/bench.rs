//! Staged runs of the window for measuring and for pictures: build an estate of N instances
//! behind an ALB in three AZs through the command API, fast-forward the simulation, then
//! either measure frame times (`--bench-render`) or save a screenshot (`--screenshot`).

use super::particles::Particles;
use crate::awscli::{base64_encode, parse_line};
use crate::screens::Screen;
use crate::sim::api::{CommandQueue, execute};
use crate::sim::clock::SimClock;
use crate::sim::command::{CallerContext, Command, Principal};
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::{PresentMode, PrimaryWindow};

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
                    world
                        .spawn((Name::new("Screenshot"), Screenshot::primary_window()))
                        .observe(save_to_disk(path.clone()));
                    progress.stage = Stage::Shot(t);
                } else if staging.bench_seconds.is_some() {
                    progress.stage = Stage::Measuring(t, process_cpu_seconds());
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
                let cpu = cpu_since.zip(process_cpu_seconds()).map(|(a, b)| b - a);
                report(world, &staging, &progress.frames, cpu);
                world.write_message(AppExit::Success);
                progress.stage = Stage::Done;
            }
        }
        Stage::Shot(since) => {
            // the first capture of a window can miss passes whose pipelines for the capture
            // target are still compiling: capture again and keep the last one
            let taken = progress.frames.len();
            if taken < 3 && t - since > 0.6 * (taken + 1) as f32 {
                progress.frames.push(t);
                if let Some(path) = &staging.screenshot {
                    world
                        .spawn((Name::new("Screenshot"), Screenshot::primary_window()))
                        .observe(save_to_disk(path.clone()));
                }
            }
            if t - since > 3.5 {
                println!(
                    "screenshot saved to {}",
                    staging.screenshot.clone().unwrap_or_default()
                );
                world.write_message(AppExit::Success);
                progress.stage = Stage::Done;
            }
        }
        Stage::Done => feed(world, &mut progress.next_command),
    }
    *world.resource_mut::<Progress>() = progress;
}

/// Frame-time statistics: (fps, p50 ms, p99 ms).
pub fn frame_stats(frames: &[f32]) -> Option<(f64, f64, f64)> {
    if frames.is_empty() {
        return None;
    }
    let mut v: Vec<f32> = frames.to_vec();
    v.sort_by(f32::total_cmp);
    let pct = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize] as f64 * 1000.0;
    let total: f64 = v.iter().map(|&x| x as f64).sum();
    Some((v.len() as f64 / total, pct(0.5), pct(0.99)))
}

/// CPU seconds this process (every thread, the software renderer's included) has used, where
/// the system tells it (Linux `/proc/self/stat`). Frame times swing with the other work on a
/// shared machine; CPU time per frame does not.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // the fields after the parenthesised command name; utime and stime are 14th and 15th
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn report(world: &mut World, staging: &Staging, frames: &[f32], cpu: Option<f64>) {
    let instances = world.query::<&Instance>().iter(world).count();
    let particles = world.resource::<Particles>().alive;
    let size = world
        .query_filtered::<&Window, With<PrimaryWindow>>()
        .iter(world)
        .next()
        .map(|w| (w.physical_width(), w.physical_height()))
        .unwrap_or_default();
    match frame_stats(frames) {
        Some((fps, p50, p99)) => println!(
            "bench-render: {} frames in {:.1} s at {}x{}, {instances} instances, {particles} particles alive ({}): {fps:.1} fps, frame time p50 {p50:.1} ms, p99 {p99:.1} ms{}",
            frames.len(),
            frames.iter().sum::<f32>(),
            size.0,
            size.1,
            match staging.bench_particles {
                Some(n) => format!("{n} asked"),
                None => "sampled from the flow".to_string(),
            },
            match cpu {
                Some(c) => format!(
                    ", CPU {:.1} ms per frame (all threads)",
                    1000.0 * c / frames.len() as f64
                ),
                None => String::new(),
            },
        ),
        None => println!("bench-render: no frames measured"),
    }
}

fn no_vsync(mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut w in &mut windows {
        w.present_mode = PresentMode::AutoNoVsync;
    }
}

/// Adds the staged run to a game App (call before `run`).
pub fn install(app: &mut App, staging: Staging) {
    if let Some(n) = staging.bench_particles {
        let mut p = Particles::with_capacity(n.max(1));
        p.fill = Some(n);
        app.insert_resource(p);
    }
    if staging.bench_seconds.is_some() {
        app.add_systems(Startup, no_vsync);
    }
    app.insert_resource(staging)
        .init_resource::<Progress>()
        .add_systems(Update, stage.run_if(in_state(Screen::Playing)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_stats_are_percentiles() {
        let frames: Vec<f32> = (1..=100).map(|i| i as f32 / 1000.0).collect();
        let (fps, p50, p99) = frame_stats(&frames).unwrap();
        assert!((p50 - 51.0).abs() < 1.01, "{p50}");
        assert!((p99 - 99.0).abs() < 1.01, "{p99}");
        assert!((fps - 100.0 / 5.05).abs() < 0.01, "{fps}");
        assert!(frame_stats(&[]).is_none());
    }
}
