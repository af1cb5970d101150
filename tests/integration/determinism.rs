//! Same scenario + seed + commands ⇒ the same result, bit for bit; conservation of requests.

use gameday::awscli::parse_commands_file;
use gameday::headless::{HeadlessOptions, run};
use gameday::sim::metrics::Metrics;

/// The commands file that follows the runbook's true advice.
const UNICORN_COMMANDS: &str = include_str!("../../scenarios/unicorn-rentals.commands");

fn opts(seed: u64, minutes: u32) -> HeadlessOptions {
    HeadlessOptions {
        scenario: "unicorn-rentals".into(),
        seed,
        minutes: Some(minutes),
        commands: parse_commands_file(UNICORN_COMMANDS).unwrap(),
        autopilot: None,
    }
}

#[test]
fn the_same_seed_and_commands_give_the_same_json() {
    let a = run(&opts(11, 90)).unwrap().json.to_string();
    let b = run(&opts(11, 90)).unwrap().json.to_string();
    assert_eq!(a, b);
}

#[test]
fn a_different_seed_gives_different_traffic() {
    let a = run(&opts(11, 30)).unwrap().json;
    let b = run(&opts(12, 30)).unwrap().json;
    assert_ne!(a["requests"]["total"], b["requests"]["total"]);
}

#[test]
fn every_arriving_request_ends_ok_or_failed() {
    let mut app = crate::common::unicorn(13);
    crate::common::run_minutes(&mut app, 120.0);
    let m = app.world().resource::<Metrics>();
    assert!(m.run.requests > 100_000);
    assert_eq!(m.run.requests, m.run.ok + m.run.failed_total());
    assert_eq!(m.run.ok, m.run.tiers.iter().sum::<u64>());
    let per_minute: u64 = m.history.iter().map(|d| d.requests).sum();
    assert_eq!(
        per_minute, m.run.requests,
        "minute datapoints add up to the run"
    );
    let flow_ok: u64 = m.history.iter().map(|d| d.ok + d.failed_total()).sum();
    assert_eq!(flow_ok, m.run.requests);
}

#[test]
fn a_day_long_run_keeps_metrics_and_trail_bounded() {
    let mut app = crate::common::unicorn_with(14, |s| {
        s.duration_minutes = 1_450;
        s.traffic.curve = vec![(0.0, 20.0)];
        s.chaos.clear();
    });
    crate::common::run_minutes(&mut app, 1_450.0);
    let m = app.world().resource::<Metrics>();
    assert_eq!(
        m.history.len(),
        gameday::sim::metrics::HISTORY_MINUTES,
        "one day of 1-minute datapoints, no more"
    );
    assert_eq!(m.history.back().unwrap().minute, 1_449);
    assert!(m.periods.len() <= gameday::sim::metrics::HISTORY_MINUTES / 30);
    let world = app.world_mut();
    let mut q = world.query::<&gameday::sim::model::InstanceLoad>();
    assert!(
        q.iter(world)
            .all(|l| l.cpu_history.len() <= gameday::sim::metrics::CPU_HISTORY_MINUTES)
    );
}
