//! A replay verified by the browser build (`index.html?verify=<file.ron>`): the page fetches
//! the file, the game re-runs it headless at start-up and publishes the outcome as one JSON
//! object, which scripts/test-web.sh compares with the native `gameday --replay --json`.

use super::replay::Replay;
use serde_json::{Value, json};

/// Re-runs the replay in `text` and describes the outcome: the re-run's full report (the
/// same JSON as `gameday --replay --json`), the recorded score and whether the re-run's score
/// is bit-identical to it; or `error` saying why nothing could be verified.
pub fn verify_replay_text(text: &str) -> Value {
    let replay = match Replay::from_ron(text) {
        Ok(r) => r,
        Err(e) => return json!({ "error": format!("the replay cannot be read: {e}") }),
    };
    if let Some(why) = replay.unverifiable() {
        return json!({ "error": why });
    }
    let report = match replay.run() {
        Ok(r) => r,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let score = report.json["score"].as_f64();
    let matches = match (replay.score, score) {
        (Some(recorded), Some(score)) => recorded.to_bits() == score.to_bits(),
        _ => false,
    };
    json!({
        "scenario": replay.scenario,
        "seed": replay.seed,
        "commands": replay.commands.len(),
        "recorded_score": replay.score,
        "score": score,
        "matches": matches,
        "report": report.json,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awscli::parse_commands_file;
    use crate::platform::replay::{TimedCommand, build_version};

    /// The tutorial's first two minutes as the sample commands play them, with the score the
    /// re-run gives (or `score` when it is given).
    fn tutorial_replay(score: Option<f64>) -> Replay {
        let commands = parse_commands_file(include_str!("../../scenarios/tutorial.commands"))
            .unwrap()
            .into_iter()
            .filter(|(at, _)| *at <= 120)
            .map(|(at, command)| TimedCommand { at, command })
            .collect();
        let mut replay = Replay {
            scenario: "tutorial".into(),
            seed: 3,
            commands,
            end_seconds: 120,
            score: None,
            scenario_sha256: crate::scenario::fingerprint("tutorial").ok(),
            build: Some(build_version()),
        };
        replay.score = Some(score.unwrap_or_else(|| replay.rerun_score().unwrap()));
        replay
    }

    fn ron_of(replay: &Replay) -> String {
        crate::platform::storage::to_ron(replay).unwrap()
    }

    #[test]
    fn a_replay_verified_in_the_browser_reports_the_same_score_as_it_recorded() {
        let replay = tutorial_replay(None);
        assert!(!replay.commands.is_empty(), "the sample plays something");
        let out = verify_replay_text(&ron_of(&replay));
        assert_eq!(out["error"], Value::Null, "{out}");
        assert_eq!(out["matches"], true, "{out}");
        assert_eq!(out["score"].as_f64(), replay.score);
        assert_eq!(out["report"]["score"], out["score"]);
        assert_eq!(out["commands"], replay.commands.len());
    }

    #[test]
    fn a_forged_score_does_not_match_in_the_browser() {
        let honest = tutorial_replay(None).score.unwrap();
        let forged = tutorial_replay(Some(honest + 0.1));
        let out = verify_replay_text(&ron_of(&forged));
        assert_eq!(out["matches"], false, "{out}");
        assert_eq!(out["score"].as_f64(), Some(honest));
    }

    #[test]
    fn an_unreadable_or_unscored_replay_is_an_error_not_a_verdict() {
        let garbage = verify_replay_text("(scenario: \"tutorial\", seed: ");
        assert!(
            garbage["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("the replay cannot be read")),
            "{garbage}"
        );
        let mut unscored = tutorial_replay(Some(0.0));
        unscored.score = None;
        let out = verify_replay_text(&ron_of(&unscored));
        assert!(
            out["error"]
                .as_str()
                .is_some_and(|e| e.contains("records no score")),
            "{out}"
        );
        assert_eq!(out.get("matches"), None);
    }
}
