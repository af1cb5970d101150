//! Replays: a round as scenario + seed + the player's timed command log. Recorded from
//! CloudTrail while a round plays, re-run headless to verify a score (`gameday --replay`).

use crate::headless::{self, BadInput, Report};
use crate::screens::{RoundSetup, Screen};
use crate::sim::clock::SimClock;
use crate::sim::command::{Command, Principal};
use crate::sim::score::Score;
use crate::sim::trail::CloudTrail;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// One command and the simulated second it ran at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedCommand {
    pub at: u32,
    pub command: Command,
}

/// Everything needed to re-run a round exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replay {
    /// Embedded scenario id (or a path).
    pub scenario: String,
    pub seed: u64,
    pub commands: Vec<TimedCommand>,
    /// Simulated seconds the round lasted (a kiosk round can end before the scenario does).
    pub end_seconds: u32,
    /// The score the game showed at the end (one decimal, as the headless report rounds it).
    pub score: Option<f64>,
    /// SHA-256 (hex) of the scenario text the round was played on: `--replay` refuses a
    /// scenario that does not hash the same (a copy with other scoring cannot "verify").
    #[serde(default)]
    pub scenario_sha256: Option<String>,
    /// The game build that played it (`gameday <version>`); the same build re-runs a replay
    /// to the bit-identical score.
    #[serde(default)]
    pub build: Option<String>,
}

/// This build's name, as replays record it.
pub fn build_version() -> String {
    format!("gameday {}", env!("CARGO_PKG_VERSION"))
}

/// The first version of `last-replay.ron` was the resource itself: `(Some((…)))`.
#[derive(Deserialize)]
struct LegacyLastReplay(Option<Replay>);

/// Rounds a score the way the headless report does.
pub fn round_score(points: f64) -> f64 {
    (points * 10.0).round() / 10.0
}

impl Replay {
    /// Re-runs the round headless and reports.
    pub fn run(&self) -> Result<Report, BadInput> {
        let mut app = headless::start(&self.scenario, self.seed)?;
        let commands: Vec<(u32, Command)> = self
            .commands
            .iter()
            .map(|c| (c.at, c.command.clone()))
            .collect();
        let mut next = 0;
        headless::run_until(&mut app, &commands, &mut next, self.end_seconds as f64);
        Ok(Report::from_world(app.world_mut(), self.seed))
    }

    /// The score a re-run produces.
    pub fn rerun_score(&self) -> Result<f64, BadInput> {
        let report = self.run()?;
        report.json["score"]
            .as_f64()
            .ok_or_else(|| BadInput(vec!["the report has no score".into()]))
    }

    /// Re-runs the round and checks it: the re-run's score when it is bit-identical to the
    /// recorded one, else why not (nothing to verify, another scenario, or a mismatch).
    pub fn verify(&self) -> Result<f64, String> {
        if let Some(why) = self.unverifiable() {
            return Err(why);
        }
        let score = self.rerun_score().map_err(|e| e.to_string())?;
        match self.score {
            Some(recorded) if recorded.to_bits() == score.to_bits() => Ok(score),
            recorded => Err(format!(
                "MISMATCH: the replay records score {}; the re-run scores {score}",
                recorded.map_or("none".into(), |r| r.to_string())
            )),
        }
    }

    /// Reads a replay file (RON): a replay document, or the `(Some((…)))` that
    /// `last-replay.ron` held before it was written as a plain replay.
    pub fn from_ron(text: &str) -> Result<Self, String> {
        let text = crate::data::input::strip_bom(text);
        match ron::from_str::<Replay>(text) {
            Ok(r) => Ok(r),
            Err(e) => match ron::from_str::<LegacyLastReplay>(text) {
                Ok(LegacyLastReplay(Some(r))) => Ok(r),
                Ok(LegacyLastReplay(None)) => Err("the file holds no replay (None)".into()),
                Err(_) => Err(e.to_string()),
            },
        }
    }

    /// Why this replay cannot verify a score, if it cannot: no recorded score, no scenario
    /// hash, or a scenario that does not hash the same now.
    pub fn unverifiable(&self) -> Option<String> {
        if self.score.is_none() {
            return Some("the replay records no score, so there is nothing to verify".into());
        }
        let Some(recorded) = &self.scenario_sha256 else {
            return Some(
                "the replay records no scenario_sha256, so the scenario it was played on \
                 cannot be checked"
                    .into(),
            );
        };
        match crate::scenario::fingerprint(&self.scenario) {
            Err(e) => Some(format!("the scenario cannot be read: {e}")),
            Ok(now) if &now != recorded => Some(format!(
                "the scenario '{}' is not the one the replay was played on (SHA-256 {now}, \
                 the replay records {recorded})",
                self.scenario
            )),
            Ok(_) => None,
        }
    }
}

/// The player's commands so far this round, copied from CloudTrail as they execute (the
/// trail itself is bounded and may drop old events on a long round).
#[derive(Resource, Default, Debug, Clone)]
pub struct RoundRecorder {
    /// The scenario and seed the round in play began with (copied when it began): the
    /// replay names this round, not whatever [`RoundSetup`] holds by the time it ends (a
    /// kiosk visitor's touch rewrites the setup while the demo round is still finishing).
    pub round: Option<RoundSetup>,
    pub commands: Vec<TimedCommand>,
    /// Last trail event number looked at.
    pub seen: u64,
}

/// The last finished round's replay (persisted as a plain replay document, readable by
/// `gameday --replay last-replay.ron`; the results screen can save it elsewhere).
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct LastReplay(pub Option<Replay>);

/// Records commands whose principal is in `who` (the player; bots when they play).
pub fn record_new_commands(recorder: &mut RoundRecorder, trail: &CloudTrail) {
    for e in trail.since(recorder.seen) {
        if matches!(e.principal, Principal::Player) {
            recorder.commands.push(TimedCommand {
                at: e.time.max(0.0) as u32,
                command: e.command.clone(),
            });
        }
    }
    recorder.seen = trail.total;
}

/// Builds the replay of the round in `world` (call at its end).
pub fn replay_of_round(world: &World) -> Option<Replay> {
    let clock = world.get_resource::<SimClock>()?;
    let mut recorder = world.get_resource::<RoundRecorder>()?.clone();
    let setup = recorder.round.take()?;
    if let Some(trail) = world.get_resource::<CloudTrail>() {
        record_new_commands(&mut recorder, trail);
    }
    Some(Replay {
        scenario: setup.scenario.clone(),
        seed: setup.seed,
        commands: recorder.commands,
        end_seconds: clock.now as u32,
        score: world.get_resource::<Score>().map(|s| round_score(s.points)),
        scenario_sha256: crate::scenario::fingerprint(&setup.scenario).ok(),
        build: Some(build_version()),
    })
}

/// System sets of replay recording.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplaySystems {
    Record,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<RoundRecorder>()
        .init_resource::<LastReplay>()
        // after the round's fresh trail exists: counting from the previous round's trail would
        // skip the new round's first commands (a kiosk round follows a long demo round)
        .add_systems(
            OnEnter(Screen::Playing),
            reset_recorder.after(crate::screens::begin_round),
        )
        .add_systems(
            Update,
            record
                .run_if(in_state(Screen::Playing))
                .in_set(ReplaySystems::Record),
        )
        .add_systems(OnEnter(Screen::Results), keep_last_replay);
}

fn reset_recorder(
    mut recorder: ResMut<RoundRecorder>,
    trail: Option<Res<CloudTrail>>,
    setup: Option<Res<RoundSetup>>,
) {
    recorder.round = setup.map(|s| s.clone());
    recorder.commands.clear();
    recorder.seen = trail.map(|t| t.total).unwrap_or(0);
}

fn record(mut recorder: ResMut<RoundRecorder>, trail: Option<Res<CloudTrail>>) {
    if let Some(trail) = trail.filter(|t| t.total > recorder.seen) {
        record_new_commands(&mut recorder, &trail);
    }
}

fn keep_last_replay(world: &mut World) {
    if let Some(replay) = replay_of_round(world) {
        world.resource_mut::<LastReplay>().0 = Some(replay);
    }
}

/// Saves the last round's replay as a RON file (the results screen's "Save replay"
/// button); returns where it went.
#[cfg(not(target_arch = "wasm32"))]
pub fn save_replay_file(replay: &Replay, dir: Option<&std::path::Path>) -> Result<String, String> {
    let dir = dir
        .map(|d| d.to_path_buf())
        .unwrap_or_else(|| super::storage::data_dir().join("replays"));
    let name = format!(
        "{}-seed{}-{}",
        replay
            .scenario
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("round")
            .trim_end_matches(".ron"),
        replay.seed,
        replay.score.map(|s| s.round() as i64).unwrap_or(0)
    );
    let store = super::storage::Store::at(&dir);
    store.save(&name, replay)?;
    Ok(store.path_of(&name).display().to_string())
}

/// In the browser a replay is kept in localStorage under `replays/<name>`.
#[cfg(target_arch = "wasm32")]
pub fn save_replay_file(replay: &Replay, _dir: Option<&std::path::Path>) -> Result<String, String> {
    let name = format!("replay-seed{}", replay.seed);
    super::storage::Store::default_location().save(&name, replay)?;
    Ok(name)
}

/// `gameday --replay <file>`: re-runs the round headless and prints its score; exit code 1
/// when the score differs from the one recorded in the file (compared exactly: the same
/// build re-runs to the bit-identical score), 2 when the file is unusable or cannot verify
/// anything (no score, no scenario hash, a scenario that hashes differently).
pub fn replay_command(path: &str, json: bool) -> std::process::ExitCode {
    use std::process::ExitCode;
    let replay = match crate::data::input::read_text_file(path)
        .map_err(|e| e.to_string())
        .and_then(|t| Replay::from_ron(&t).map_err(|e| format!("{path}: {e}")))
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(why) = replay.unverifiable() {
        eprintln!("error: {path}: {why}");
        return ExitCode::from(2);
    }
    if let Some(build) = replay.build.as_ref().filter(|b| **b != build_version()) {
        eprintln!(
            "note: {path} was recorded by {build}; this is {}: a different build may score \
             differently",
            build_version()
        );
    }
    let report = match replay.run() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let score = report.json["score"].as_f64().unwrap_or(f64::NAN);
    let matches = replay.score.map(|s| s.to_bits() == score.to_bits());
    if json {
        println!("{}", report.json);
    } else {
        println!(
            "replay of {} (seed {}, {} player commands, {} simulated seconds)",
            replay.scenario,
            replay.seed,
            replay.commands.len(),
            replay.end_seconds
        );
        println!("score {score:.1}");
    }
    match (replay.score, matches) {
        (Some(recorded), Some(true)) => {
            if !json {
                println!("matches the recorded score {recorded}");
            }
            ExitCode::SUCCESS
        }
        (recorded, _) => {
            eprintln!(
                "MISMATCH: the replay file records score {}; the re-run scores {score}",
                recorded.map_or("none".into(), |r| r.to_string())
            );
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awscli::parse_commands_file;

    const SCRIPT: &str = include_str!("../../scenarios/unicorn-rentals.commands");

    #[test]
    fn replay_survives_ron_and_reruns_to_the_same_score() {
        let commands = parse_commands_file(SCRIPT).unwrap();
        let opts = headless::HeadlessOptions {
            scenario: "unicorn-rentals".into(),
            seed: 11,
            minutes: Some(20),
            commands: commands.clone(),
            autopilot: None,
        };
        let direct = headless::run(&opts).unwrap().json["score"].clone();
        let replay = Replay {
            scenario: "unicorn-rentals".into(),
            seed: 11,
            commands: commands
                .into_iter()
                .map(|(at, command)| TimedCommand { at, command })
                .collect(),
            end_seconds: 20 * 60,
            score: None,
            scenario_sha256: None,
            build: None,
        };
        let text = super::super::storage::to_ron(&replay).unwrap();
        let back = Replay::from_ron(&text).unwrap();
        assert_eq!(back, replay);
        let report = back.run().unwrap();
        assert_eq!(report.json["score"], direct);
    }
}
