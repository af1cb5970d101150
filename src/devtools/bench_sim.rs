//! `gameday --bench-sim`: ticks per second and simulated time per wall second for the full
//! Unicorn Rentals scenario, a growth table (an Auto Scaling group of 1,000 to 10,000
//! instances, 20 requests/s each: wall time per simulated five minutes, the median of five
//! runs, and the ratio between steps), stress estates of 1,000 and 10,000 instances, and the seven rival teams' cost per
//! player tick. Prints its figures; it is not a test.

use crate::awscli::{parse_commands_file, parse_line};
use crate::headless::{run_until, start, start_loaded};
use crate::rivals::{RivalTeams, RivalsCost};
use crate::scenario::{self, Scenario};
use crate::sim::clock::SimClock;
use crate::sim::command::Principal;
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;
use std::time::Instant;

/// The commands file that follows the runbook's true advice (the expert's playbook).
fn unicorn_commands() -> &'static str {
    crate::bots::EXPERT_PLAYBOOKS
        .iter()
        .find(|(id, _)| *id == "unicorn-rentals")
        .map(|(_, text)| *text)
        .expect("unicorn-rentals has an expert playbook")
}

pub fn run_sim_bench() {
    println!("GameDay simulation benchmark (release build recommended)\n");
    let commands = parse_commands_file(unicorn_commands()).expect("embedded commands file parses");
    for (label, cmds) in [("idle", vec![]), ("runbook commands", commands)] {
        let mut best = f64::INFINITY;
        let mut ticks = 0;
        for _ in 0..3 {
            let mut app = start("unicorn-rentals", 7).expect("embedded scenario loads");
            let t0 = Instant::now();
            let mut next = 0;
            run_until(&mut app, &cmds, &mut next, f64::INFINITY);
            best = best.min(t0.elapsed().as_secs_f64());
            ticks = app.world().resource::<SimClock>().tick;
        }
        println!(
            "unicorn-rentals 4 h ({label}): {ticks} ticks in {:.3} s  →  {:.0} ticks/s, {:.0}× real time",
            best,
            ticks as f64 / best,
            ticks as f64 / best
        );
    }
    growth();
    stress(1_000, 30);
    stress(10_000, 10);
    rivals();
}

/// Requests per second each instance of the stress estates takes.
const RPS_PER_INSTANCE: u32 = 20;

/// Wall seconds to run the simulation from where it is to simulated second `until`.
fn timed(app: &mut App, until: f64) -> f64 {
    let mut next = 0;
    let t0 = Instant::now();
    run_until(app, &[], &mut next, until);
    t0.elapsed().as_secs_f64()
}

/// How many times the growth table runs each size (a fresh estate each time); it prints the
/// median and the spread, so one disturbed run does not make the figure.
const GROWTH_REPEATS: usize = 5;

/// The median of a few figures (the middle one of an odd count).
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// An Auto Scaling group of 1,000 / 2,000 / 4,000 / 8,000 / 10,000 instances: wall time of
/// the first five simulated minutes (the group launches and registers every member) and of
/// five minutes in steady state (from minute 15), each the median of [`GROWTH_REPEATS`] runs,
/// with the ratio to the step before. Linear cost doubles the time when the group doubles.
/// Ends with the growth from 1,000 to 10,000 instances in steady state, per tick.
fn growth() {
    println!(
        "\ngrowth: an Auto Scaling group of N c5.large behind an ALB, {RPS_PER_INSTANCE} requests/s each; wall time per simulated five minutes, median of {GROWTH_REPEATS} runs (min–max)"
    );
    println!(
        "{:>9}  {:>9}  {:>16}  {:>6}  {:>16}  {:>6}  {:>19}  {:>12}",
        "instances",
        "req/s",
        "launch 5 min (s)",
        "ratio",
        "steady 5 min (s)",
        "ratio",
        "ms per tick",
        "× real time"
    );
    let ticks = 300.0 / crate::sim::clock::TICK_SECONDS;
    let mut before: Option<(f64, f64)> = None;
    let mut per_tick = Vec::new();
    for n in [1_000u32, 2_000, 4_000, 8_000, 10_000] {
        let (mut launches, mut steadies) = (Vec::new(), Vec::new());
        for _ in 0..GROWTH_REPEATS {
            let mut app = stress_estate(n);
            launches.push(timed(&mut app, 5.0 * 60.0));
            run_until(&mut app, &[], &mut 0, 15.0 * 60.0);
            steadies.push(timed(&mut app, 20.0 * 60.0));
        }
        let (lo, hi) = steadies
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let (launch, steady) = (median(launches), median(steadies));
        let ratio = |now: f64, was: Option<f64>| {
            was.map_or_else(|| "-".to_string(), |w| format!("{:.2}", now / w))
        };
        let spread = format!(
            "{:.3} ({:.3}–{:.3})",
            steady * 1e3 / ticks,
            lo * 1e3 / ticks,
            hi * 1e3 / ticks
        );
        println!(
            "{:>9}  {:>9}  {:>16.3}  {:>6}  {:>16.3}  {:>6}  {:>19}  {:>11.0}×",
            n,
            n * RPS_PER_INSTANCE,
            launch,
            ratio(launch, before.map(|b| b.0)),
            steady,
            ratio(steady, before.map(|b| b.1)),
            spread,
            300.0 / steady
        );
        before = Some((launch, steady));
        per_tick.push(steady * 1e3 / ticks);
    }
    println!(
        "growth 1,000 → 10,000 instances, steady state, per tick: {:.3} → {:.3} ms = {:.1}× (target ≤ 12×)",
        per_tick[0],
        per_tick[4],
        per_tick[4] / per_tick[0]
    );
}

/// `instances` c5.large behind an ALB taking 20 requests/s each: warmed up for 15 simulated
/// minutes, then measured for `minutes`.
pub fn stress(instances: u32, minutes: u32) {
    let mut app = stress_estate(instances);
    let mut next = 0;
    run_until(&mut app, &[], &mut next, 15.0 * 60.0);
    let world = app.world_mut();
    let healthy = crate::sim::metrics::host_counts(world).0;
    let start_tick = world.resource::<SimClock>().tick;
    let wall = timed(&mut app, f64::from(15 + minutes) * 60.0);
    let world = app.world_mut();
    let ticks = world.resource::<SimClock>().tick - start_tick;
    let flow = world.resource::<crate::sim::flow::TickFlow>().clone();
    println!(
        "stress: {instances} instances, {} requests/s ({healthy} healthy targets, {:.0} requests/s offered, {} ok in the last tick): {minutes} min in {wall:.3} s, {ticks} ticks  →  {:.0} ticks/s, {:.0}× real time",
        instances * RPS_PER_INSTANCE,
        flow.rps,
        flow.ok,
        ticks as f64 / wall,
        ticks as f64 / wall
    );
}

/// The stress estate: Unicorn Rentals without chaos, three /20 subnets, an ALB and an Auto
/// Scaling group of `instances` c5.large created at second 0, traffic at 20 requests/s per
/// instance.
pub fn stress_estate(instances: u32) -> App {
    stress_estate_with(instances, |_| {})
}

/// [`stress_estate`] with the scenario edited first (a test lowers the vCPU quota).
pub fn stress_estate_with(instances: u32, edit: impl FnOnce(&mut Scenario)) -> App {
    let rps = f64::from(instances * RPS_PER_INSTANCE);
    let mut s: Scenario = scenario::load("unicorn-rentals").expect("embedded scenario loads");
    s.id = "stress".into();
    s.chaos.clear();
    s.traffic.curve = vec![(0.0, rps), (600.0, rps)];
    s.duration_minutes = 600;
    // 1,000 c5.large are 2,000 vCPUs: a benchmark account with a raised quota
    s.account.running_on_demand_vcpus = 1_000_000;
    edit(&mut s);
    let mut app = start_loaded(s, 1).expect("stress scenario starts");
    let world = app.world_mut();
    let vpc_e = all::<Vpc>(world)[0];
    let vpc = id_of(world, vpc_e);
    let public = all::<RouteTable>(world)
        .into_iter()
        .find(|&e| !world.get::<RouteTable>(e).unwrap().main)
        .unwrap();
    let rtb = id_of(world, public);
    let sg = |world: &mut World, name: &str| {
        let e = all::<SecurityGroup>(world)
            .into_iter()
            .find(|&e| world.get::<SecurityGroup>(e).unwrap().group_name == name);
        id_of(world, e.unwrap())
    };
    let (lb_sg, web_sg) = (sg(world, "lb-sg"), sg(world, "web-sg"));
    let lines = [
        format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.16.0/20 --availability-zone us-east-1a"
        ),
        format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.32.0/20 --availability-zone us-east-1b"
        ),
        format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.48.0/20 --availability-zone us-east-1c"
        ),
    ];
    let mut subnets = Vec::new();
    for l in &lines {
        let r = crate::sim::api::execute(world, Principal::Player, parse_line(l).unwrap())
            .result
            .unwrap();
        crate::sim::api::execute(
            world,
            Principal::Player,
            parse_line(&format!(
                "aws ec2 associate-route-table --route-table-id {rtb} --subnet-id {}",
                r.ids[0]
            ))
            .unwrap(),
        )
        .result
        .unwrap();
        subnets.push(r.ids[0].clone());
    }
    let run = |world: &mut World, line: String| {
        crate::sim::api::execute(world, Principal::Player, parse_line(&line).unwrap())
            .result
            .unwrap()
            .ids
    };
    let alb = run(world, format!("aws elbv2 create-load-balancer --name stress-alb --subnets {} --security-groups {lb_sg}", subnets.join(" ")))[0].clone();
    let tg = run(world, format!("aws elbv2 create-target-group --name stress-tg --protocol HTTP --port 80 --vpc-id {vpc}"))[0].clone();
    run(
        world,
        format!(
            "aws elbv2 create-listener --load-balancer-arn {alb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
        ),
    );
    let script = "#!/bin/bash\nyum install -y unicorn-rentals\necho \"DB_HOST=unicorn-db.cluster-c9akciq32.us-east-1.rds.amazonaws.com\" >> /etc/unicorn-rentals.env\necho \"WORKERS=2\" >> /etc/unicorn-rentals.env\nsystemctl start unicorn-rentals\n";
    let b64 = crate::awscli::base64_encode(script.as_bytes());
    run(
        world,
        format!(
            "aws ec2 create-launch-template --launch-template-name stress-web --launch-template-data '{{\"ImageId\":\"ami-0c02fb55956c7d316\",\"InstanceType\":\"c5.large\",\"SecurityGroupIds\":[\"{web_sg}\"],\"UserData\":\"{b64}\"}}'"
        ),
    );
    run(
        world,
        format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name stress --launch-template LaunchTemplateName=stress-web,Version=1 --min-size {instances} --max-size {instances} --vpc-zone-identifier {} --target-group-arns {tg} --health-check-type ELB",
            subnets.join(",")
        ),
    );
    let dns = world.resource::<Dns>().clone();
    let alb_dns = all::<LoadBalancer>(world)
        .into_iter()
        .map(|e| world.get::<LoadBalancer>(e).unwrap().dns_name.clone())
        .find(|d| d.starts_with("stress-alb"))
        .unwrap();
    run(
        world,
        format!(
            "aws route53 change-resource-record-sets --hosted-zone-id {} --change-batch '{{\"Changes\":[{{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{{\"Name\":\"{}\",\"Type\":\"A\",\"AliasTarget\":{{\"HostedZoneId\":\"Z35SXDOTRQ7X7K\",\"DNSName\":\"{alb_dns}\",\"EvaluateTargetHealth\":false}}}}}}]}}'",
            dns.hosted_zone_id, dns.hostname
        ),
    );
    app
}

/// The player's world with the seven rival teams of the game window catching up after each
/// tick: Unicorn Rentals, seed 3, the first 30 simulated minutes.
fn rivals() {
    const TICKS: u64 = 1800;
    let mut app = start("unicorn-rentals", 3).expect("embedded scenario loads");
    crate::rivals::plugin(&mut app);
    let scenario = app.world().resource::<Scenario>().clone();
    let teams = RivalTeams::new(&scenario, 3, crate::rivals::RIVAL_ROSTER.len());
    let count = teams.0.len();
    app.world_mut().insert_resource(teams);
    app.world_mut().insert_resource(RivalsCost::default());
    let t0 = Instant::now();
    for _ in 0..TICKS {
        crate::sim::step(app.world_mut());
    }
    let wall = t0.elapsed().as_secs_f64();
    let cost = app.world().resource::<RivalsCost>();
    let rivals_ms = cost.single_tick_secs * 1e3 / cost.single_ticks.max(1) as f64;
    println!(
        "rivals: player + {count} rivals, {TICKS} ticks in {wall:.3} s  →  {:.3} ms per tick, of which the rivals' catch-up {rivals_ms:.3} ms ({} ticks)",
        wall * 1e3 / TICKS as f64,
        cost.single_ticks
    );
}
