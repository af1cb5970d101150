//! The kiosk soak benchmark (`gameday --soak-kiosk <booth hours>`): the kiosk's flow —
//! attract, a visitor's round, name entry or an abandoned round, attract again — headless,
//! with simulated visitors and a manual clock, as fast as the CPU allows. Prints the entity
//! count and resident memory every booth hour and the growth after the first hour (warm-up),
//! then re-verifies every leaderboard entry the kiosk wrote with the replay checker.

use crate::awscli::parse_commands_file;
use crate::platform::kiosk::{
    Kiosk, KioskConfig, KioskInput, KioskPhase, KioskRequest, KioskRequests,
};
use crate::platform::persist::{Leaderboard, SaveStore};
use crate::platform::storage::Store;
use crate::screens::LaunchOptions;
use crate::sim::api::CommandQueue;
use crate::sim::clock::{SimClock, TICK_SECONDS};
use crate::sim::command::{CallerContext, Command, Principal};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use std::time::{Duration, Instant};

/// Real seconds per `update()`.
pub const FRAME_SECONDS: f64 = 0.25;

/// One measurement.
#[derive(Clone, Debug)]
pub struct SoakSample {
    pub booth_hours: f64,
    pub entities: u32,
    /// Entities on the first frame of the latest demo loop: the same moment of the kiosk's
    /// cycle each time (a fresh estate), so growth here is a leak, not the current round.
    pub entities_at_loop_start: u32,
    pub rss_bytes: Option<u64>,
    pub rounds_started: u64,
    pub rounds_finished: u64,
    pub rounds_abandoned: u64,
    pub attract_loops: u64,
    pub leaderboard: usize,
}

/// The leaderboard entries the soak's kiosk wrote (the file it saved), each re-run with the
/// replay checker (`gameday --replay`'s rules: a recorded score, the scenario's SHA-256, the
/// bit-identical score).
#[derive(Clone, Debug, Default)]
pub struct SoakVerification {
    /// Entries in the saved leaderboard.
    pub entries: usize,
    /// Entries whose replay re-ran to the recorded score.
    pub verified: usize,
    /// `name score: why` for each entry that did not verify (no replay, or the checker's
    /// refusal or mismatch).
    pub failures: Vec<String>,
}

/// Re-verifies every entry of the leaderboard saved in `store`.
pub fn verify_leaderboard(store: &Store) -> SoakVerification {
    let mut problems = Vec::new();
    let board = crate::platform::persist::load_leaderboard(store, &mut problems);
    let mut out = SoakVerification {
        entries: board.entries.len(),
        failures: problems,
        ..default()
    };
    for entry in &board.entries {
        let result = match &entry.replay {
            None => Err("no replay".to_string()),
            Some(replay) if replay.score != Some(entry.score) => Err(format!(
                "the entry's score is not the replay's ({:?})",
                replay.score
            )),
            Some(replay) => replay.verify(),
        };
        match result {
            Ok(_) => out.verified += 1,
            Err(why) => out
                .failures
                .push(format!("{} {}: {why}", entry.name, entry.score)),
        }
    }
    out
}

/// Resident set size of this process (Linux: /proc/self/statm).
pub fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// A deterministic stream of choices for the simulated visitors.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the current visitor will do.
#[derive(Clone, Copy, Debug)]
enum Visitor {
    /// Nobody there yet; somebody touches the screen at this booth time.
    ArrivesAt(f64),
    /// Playing; walks away at this booth time (`None`: plays to the end).
    Playing { leaves_at: Option<f64> },
    /// Typing a name; done at this booth time.
    Naming { done_at: f64, skip: bool },
}

/// The kiosk's headless App with saves in `dir`.
pub fn soak_app(dir: &std::path::Path, config: KioskConfig) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Time::<Fixed>::from_seconds(TICK_SECONDS))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(
            FRAME_SECONDS,
        )))
        .insert_resource(LaunchOptions {
            scenario: config.attract_scenario.clone(),
            seed: 1,
            play: false,
        })
        .insert_resource(SaveStore(Store::at(dir)))
        .insert_resource(config)
        .add_plugins((
            crate::sim::plugin,
            crate::screens::plugin,
            crate::platform::persist::plugin,
            crate::platform::replay::plugin,
            crate::i18n::plugin,
            crate::platform::kiosk::flow_plugin,
        ));
    app
}

/// Runs the kiosk for `booth_hours` of booth time; `report` gets a sample every booth hour.
/// Returns the samples and the re-verification of every leaderboard entry it wrote.
pub fn run_soak(
    booth_hours: f64,
    mut report: impl FnMut(&SoakSample),
) -> (Vec<SoakSample>, SoakVerification) {
    // a directory of its own per run: two soaks in one process (the tests run in parallel)
    // must not share, or delete, each other's leaderboard
    static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("gameday-soak-{}-{run}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut app = soak_app(&dir, KioskConfig::default());
    // The visitor types the round scenario's expert playbook (they read the runbook).
    let round = &KioskConfig::default().round_scenario;
    let script: Vec<(u32, Command)> = crate::bots::EXPERT_PLAYBOOKS
        .iter()
        .find(|(id, _)| id == round)
        .and_then(|(_, text)| parse_commands_file(text).ok())
        .unwrap_or_default();
    let mut rng = Lcg(0x5eed);
    let mut visitor = Visitor::ArrivesAt(30.0);
    let mut next_cmd = 0usize;
    let mut samples = Vec::new();
    let mut loops_seen = 0u64;
    let mut loop_entities = 0u32;
    let frames = (booth_hours * 3600.0 / FRAME_SECONDS).ceil() as u64;
    let per_hour = (3600.0 / FRAME_SECONDS) as u64;
    for frame in 0..=frames {
        let t = frame as f64 * FRAME_SECONDS;
        if frame % per_hour == 0 {
            let s = sample(app.world_mut(), t / 3600.0, loop_entities);
            report(&s);
            samples.push(s);
        }
        let phase = app.world().resource::<Kiosk>().phase;
        let mut input = KioskInput::default();
        let mut request = None;
        visitor = match (visitor, phase) {
            (Visitor::ArrivesAt(at), KioskPhase::Attract) if t >= at => {
                input.pressed = true;
                next_cmd = 0;
                let leaves_at = (rng.next() < 0.35).then(|| t + 20.0 + rng.next() * 200.0);
                Visitor::Playing { leaves_at }
            }
            (Visitor::Playing { leaves_at }, KioskPhase::Round) => {
                if leaves_at.is_none_or(|l| t < l) {
                    // a player touches now and then and types the runbook's commands
                    input.active = frame % 20 == 0;
                    let world = app.world_mut();
                    let now = world.resource::<SimClock>().now;
                    while next_cmd < script.len() && script[next_cmd].0 as f64 <= now {
                        let c = script[next_cmd].1.clone();
                        world.resource_mut::<CommandQueue>().push(
                            Principal::Player,
                            CallerContext::default(),
                            c,
                        );
                        next_cmd += 1;
                    }
                }
                Visitor::Playing { leaves_at }
            }
            (Visitor::Playing { .. }, KioskPhase::StillThere) => Visitor::Playing {
                leaves_at: Some(0.0),
            },
            (Visitor::Playing { .. }, KioskPhase::Initials) => Visitor::Naming {
                done_at: t + 5.0 + rng.next() * 20.0,
                skip: rng.next() < 0.2,
            },
            (Visitor::Naming { done_at, skip }, KioskPhase::Initials) => {
                if t >= done_at {
                    request = Some(if skip {
                        KioskRequest::SkipName
                    } else {
                        KioskRequest::SubmitName(format!("P{}", frame % 100_000))
                    });
                }
                Visitor::Naming { done_at, skip }
            }
            (Visitor::Playing { .. } | Visitor::Naming { .. }, KioskPhase::Attract) => {
                Visitor::ArrivesAt(t + 10.0 + rng.next() * 110.0)
            }
            (v, _) => v,
        };
        *app.world_mut().resource_mut::<KioskInput>() = input;
        if let Some(r) = request {
            app.world_mut().resource_mut::<KioskRequests>().0.push(r);
        }
        app.update();
        let loops = app.world().resource::<Kiosk>().attract_loops;
        if loops != loops_seen {
            loops_seen = loops;
            loop_entities = app.world().entities().count_spawned();
        }
    }
    if samples.last().is_some_and(|s| s.booth_hours < booth_hours) {
        let s = sample(
            app.world_mut(),
            frames as f64 * FRAME_SECONDS / 3600.0,
            loop_entities,
        );
        report(&s);
        samples.push(s);
    }
    let verification = verify_leaderboard(&Store::at(&dir));
    let _ = std::fs::remove_dir_all(&dir);
    (samples, verification)
}

fn sample(world: &mut World, booth_hours: f64, entities_at_loop_start: u32) -> SoakSample {
    let k = world.resource::<Kiosk>().clone();
    SoakSample {
        booth_hours,
        entities: world.entities().count_spawned(),
        entities_at_loop_start,
        rss_bytes: rss_bytes(),
        rounds_started: k.rounds_started,
        rounds_finished: k.rounds_finished,
        rounds_abandoned: k.rounds_abandoned,
        attract_loops: k.attract_loops,
        leaderboard: world.resource::<Leaderboard>().entries.len(),
    }
}

/// `gameday --soak-kiosk <hours>`: runs and prints the figures.
pub fn soak_command(booth_hours: f64) {
    println!("GameDay kiosk soak: {booth_hours} booth hours, {FRAME_SECONDS} s frames, headless\n");
    println!(
        "booth h  entities  at loop start  RSS MB  rounds  finished  abandoned  demo loops  leaderboard"
    );
    let t0 = Instant::now();
    let (samples, verification) = run_soak(booth_hours, |s| {
        println!(
            "{:>7.1}  {:>8}  {:>13}  {:>6.1}  {:>6}  {:>8}  {:>9}  {:>10}  {:>11}",
            s.booth_hours,
            s.entities,
            s.entities_at_loop_start,
            s.rss_bytes.unwrap_or(0) as f64 / 1e6,
            s.rounds_started,
            s.rounds_finished,
            s.rounds_abandoned,
            s.attract_loops,
            s.leaderboard
        );
    });
    let wall = t0.elapsed().as_secs_f64();
    println!(
        "\nleaderboard: {} entries written, {} re-verified by the replay checker (bit-identical score), {} not",
        verification.entries,
        verification.verified,
        verification.failures.len()
    );
    for f in &verification.failures {
        println!("  not verified: {f}");
    }
    let (Some(first), Some(warm), Some(last)) = (samples.first(), samples.get(1), samples.last())
    else {
        return;
    };
    let pct = |a: f64, b: f64| if a > 0.0 { 100.0 * (b - a) / a } else { 0.0 };
    let mb = |s: &SoakSample| s.rss_bytes.unwrap_or(0) as f64 / 1e6;
    println!(
        "\nstart: {} entities, {:.1} MB RSS; after 1 h warm-up: {} entities, {:.1} MB; end ({:.1} h): {} entities, {:.1} MB",
        first.entities,
        mb(first),
        warm.entities,
        mb(warm),
        last.booth_hours,
        last.entities,
        mb(last)
    );
    println!(
        "growth after warm-up: entities {:+.1}%, RSS {:+.1}% (target: within 5%); {:.0} s wall clock",
        pct(warm.entities as f64, last.entities as f64),
        pct(mb(warm), mb(last)),
        wall
    );
    println!(
        "entities on the first frame of a demo loop (same point of the cycle): after warm-up {}, end {} ({:+.1}%)",
        warm.entities_at_loop_start,
        last.entities_at_loop_start,
        pct(
            warm.entities_at_loop_start as f64,
            last.entities_at_loop_start as f64
        )
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kiosk_loop_runs_rounds_and_returns_to_attract() {
        let (samples, verification) = run_soak(0.5, |_| {});
        let last = samples.last().unwrap();
        // the kiosk wrote entries and the replay checker re-ran them: a visitor's entry
        // re-runs to its recorded score
        assert!(verification.entries >= 1, "{verification:?}");
        assert!(verification.verified >= 1, "{verification:?}");
        assert!(last.rounds_started >= 3, "{last:?}");
        assert!(last.rounds_finished >= 1, "{last:?}");
        assert!(last.rounds_abandoned >= 1, "{last:?}");
        assert!(last.attract_loops > last.rounds_started, "{last:?}");
    }

    #[test]
    fn every_leaderboard_entry_the_kiosk_writes_re_verifies_with_the_replay_checker() {
        let (_, verification) = run_soak(0.5, |_| {});
        assert!(verification.entries >= 3, "{verification:?}");
        assert_eq!(
            verification.verified, verification.entries,
            "{verification:?}"
        );
        assert!(verification.failures.is_empty(), "{verification:?}");
    }
}
