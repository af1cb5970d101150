//! The headless runner's contract, through the real binary: reports, exit codes, errors
//! that name the file and line.

use std::process::Command;

fn gameday(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gameday"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("gameday-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn json_report_has_the_contracted_fields() {
    let (code, out, err) = gameday(&[
        "--headless",
        "--scenario",
        "unicorn-rentals",
        "--seed",
        "7",
        "--minutes",
        "20",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    for key in [
        "scenario",
        "seed",
        "sim_minutes",
        "requests",
        "latency_ms",
        "cost_usd",
        "score",
        "instances_running",
        "healthy_targets",
        "trail_events",
        "command_errors",
    ] {
        assert!(j.get(key).is_some(), "missing {key}");
    }
    for key in ["total", "ok", "failed", "by_reason"] {
        assert!(j["requests"].get(key).is_some(), "missing requests.{key}");
    }
    for key in ["p50", "p90", "p95", "p99"] {
        assert!(
            j["latency_ms"][key].as_f64().is_some(),
            "missing latency_ms.{key}"
        );
    }
    assert_eq!(j["sim_minutes"].as_f64(), Some(20.0));
}

#[test]
fn following_the_runbook_scores_clearly_better_than_doing_nothing() {
    let (_, idle, _) = gameday(&["--scenario", "unicorn-rentals", "--seed", "7", "--json"]);
    let (code, good, err) = gameday(&[
        "--scenario",
        "unicorn-rentals",
        "--seed",
        "7",
        "--json",
        "--commands",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/unicorn-rentals.commands"
        ),
    ]);
    assert_eq!(code, 0, "{err}");
    let idle: serde_json::Value = serde_json::from_str(idle.trim()).unwrap();
    let good: serde_json::Value = serde_json::from_str(good.trim()).unwrap();
    let (i, g) = (
        idle["score"].as_f64().unwrap(),
        good["score"].as_f64().unwrap(),
    );
    println!("idle {i}, runbook {g}");
    assert!(
        g > i + 100_000.0 && g > 2.0 * i.max(1.0),
        "runbook {g} vs idle {i}"
    );
    assert_eq!(
        good["command_errors"], 0,
        "every committed command succeeds"
    );
}

#[test]
fn a_commands_file_line_that_does_not_parse_is_a_clear_error_with_exit_code_2() {
    let path = temp_file("bad.commands", "# ok\n00:10 aws ec2 describe-nothing\n");
    let (code, _, err) = gameday(&["--headless", "--commands", &path]);
    assert_eq!(code, 2);
    assert!(err.contains(&path) && err.contains("line 2"), "{err}");
}

#[test]
fn a_command_that_fails_in_the_world_is_counted_not_fatal() {
    let path = temp_file(
        "world.commands",
        "00:10 aws ec2 delete-subnet --subnet-id subnet-0doesnotexist0000\n",
    );
    let (code, out, err) = gameday(&["--json", "--minutes", "2", "--commands", &path]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(j["command_errors"], 1);
}

#[test]
fn bad_scenarios_and_options_exit_2_with_the_location() {
    let path = temp_file(
        "bad.ron",
        "Scenario(\n  id: \"x\",\n  titel: \"typo\",\n)\n",
    );
    let (code, _, err) = gameday(&["--headless", "--scenario", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("{path}:3:")), "{err}");
    let (code, _, err) = gameday(&["--check-scenario", &path]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = gameday(&["--seed", "seven"]);
    assert_eq!(code, 2);
    assert!(err.contains("--seed"));
    let (code, out, _) = gameday(&[
        "--check-scenario",
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/unicorn-rentals.ron"),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("OK"));
}

#[test]
fn autopilot_expert_plays_through_the_command_api_and_reports_a_medal() {
    let (code, out, err) = gameday(&[
        "--headless",
        "--scenario",
        "unicorn-rentals",
        "--seed",
        "1",
        "--autopilot",
        "expert",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(j["autopilot"], "expert");
    assert_eq!(j["command_errors"], 0);
    assert_eq!(j["medal"], "gold");
    let (code, _, err) = gameday(&["--headless", "--autopilot", "genius"]);
    assert_eq!(code, 2);
    assert!(err.contains("--autopilot"), "{err}");
}
