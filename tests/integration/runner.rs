//! The headless runner's contract, through the real binary: reports, exit codes, errors
//! that name the file and line.

use std::collections::BTreeSet;
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

/// The README's `<!-- gameday --help -->` block: (text before it, the block, text after).
fn readme_help_block(readme: &str) -> (&str, &str, &str) {
    let (before, rest) = readme
        .split_once("<!-- gameday --help -->\n```text\n")
        .expect("README.md has a `<!-- gameday --help -->` block");
    let (block, after) = rest.split_once("```\n").expect("the block is closed");
    (before, block, after)
}

#[test]
fn the_readme_usage_block_is_what_help_prints() {
    let (code, help, err) = gameday(&["--help"]);
    assert_eq!(code, 0, "{err}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (before, block, after) = readme_help_block(&readme);
    if std::env::var_os("GAMEDAY_WRITE_README").is_some() {
        std::fs::write(
            path,
            format!("{before}<!-- gameday --help -->\n```text\n{help}```\n{after}"),
        )
        .unwrap();
        return;
    }
    assert!(
        block == help,
        "README.md's usage block is not what `gameday --help` prints; \
         `GAMEDAY_WRITE_README=1 cargo test readme` rewrites it.\n--- README\n{block}\n--- --help\n{help}"
    );
}

/// `--flag` and `--flag <value>` in a text, in order.
fn flags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        rest = &rest[at + 2..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect();
        rest = &rest[name.len()..];
        if name.is_empty() {
            continue;
        }
        let value = rest
            .strip_prefix(" <")
            .and_then(|r| r.split_once('>'))
            .map(|(v, _)| format!(" <{v}>"))
            .unwrap_or_default();
        out.push(format!("--{name}{value}"));
    }
    out
}

#[test]
fn every_usage_line_names_defined_flags_and_every_flag_is_in_the_usage() {
    let (_, help, _) = gameday(&["--help"]);
    let (usage, listed) = help
        .split_once("\n\n")
        .and_then(|(_, rest)| rest.split_once("\n\n"))
        .expect("about, usage, flags");
    assert!(usage.starts_with("Usage: gameday"), "{usage}");
    // the flag list: (heading, flag) for each line that starts with a flag
    let mut heading = "";
    let mut listed_flags = Vec::new();
    for line in listed.lines() {
        let l = line.trim_start();
        let l = l.strip_prefix("-h, ").unwrap_or(l);
        if l.starts_with("--") && line.starts_with(' ') {
            let flag = flags(l.split("  ").next().unwrap()).remove(0);
            listed_flags.push((heading, flag));
        } else if let Some(h) = line.strip_suffix(':') {
            heading = h;
        }
    }
    let defined: BTreeSet<&str> = listed_flags.iter().map(|(_, f)| f.as_str()).collect();
    let used_flags = flags(usage);
    let used: BTreeSet<&str> = used_flags.iter().map(String::as_str).collect();
    let undefined: Vec<_> = used.difference(&defined).collect();
    assert!(
        undefined.is_empty(),
        "in the usage, not defined: {undefined:?}"
    );
    let unused: Vec<_> = defined
        .difference(&used)
        .filter(|f| **f != "--help")
        .collect();
    assert!(unused.is_empty(), "defined, not in the usage: {unused:?}");
    // each run mode opens a usage line of its own
    let modes: Vec<&str> = listed_flags
        .iter()
        .filter(|(h, f)| h.starts_with("Run modes") && f != "--help")
        .map(|(_, f)| f.split(' ').next().unwrap())
        .collect();
    assert_eq!(modes.len(), 9, "{modes:?}");
    for mode in modes {
        assert!(
            usage.contains(&format!("gameday {mode}")),
            "no usage line for {mode}"
        );
    }
}

#[test]
fn help_into_a_closed_pipe_exits_quietly() {
    for args in [
        &["--help"][..],
        &[
            "--check-scenario",
            concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tutorial.ron"),
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gameday"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("binary runs");
        // the reader goes away before the binary writes (`gameday --help | head -0`)
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn documented_flag_spellings_still_parse() {
    // flags as README.md, docs/ and scripts/ write them; values last-wins like before
    let (code, out, err) = gameday(&[
        "--scenario",
        "tutorial",
        "--seed",
        "1",
        "--seed",
        "3",
        "--minutes",
        "1",
        "--autopilot",
        "idle",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(j["seed"], 3);
    assert_eq!(j["scenario"], "tutorial");
    assert_eq!(j["autopilot"], "idle");
    for (args, names) in [
        (&["--minutes", "-3"][..], "--minutes"),
        (&["--soak-kiosk", "x"][..], "--soak-kiosk"),
        (&["--replay"][..], "--replay"),
        (&["--bogus"][..], "--bogus"),
    ] {
        let (code, _, err) = gameday(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(names), "{args:?}: {err}");
    }
}

/// A replay of a short booth round with no commands, its score and scenario hash recorded
/// from the game's own re-run.
fn booth_replay(scenario: &str, score: Option<f64>, sha: Option<&str>) -> String {
    let mut fields = format!(
        "(scenario: \"{scenario}\", seed: 3, commands: [], end_seconds: 120, score: {}",
        score.map_or("None".into(), |s| format!("Some({s:?})"))
    );
    if let Some(sha) = sha {
        fields.push_str(&format!(", scenario_sha256: Some(\"{sha}\")"));
    }
    fields + ")"
}

#[test]
fn a_replay_verifies_only_an_exact_score_on_the_same_scenario() {
    let booth = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/booth-5min.ron");
    let text = std::fs::read_to_string(booth).unwrap();
    let sha = gameday::scenario::sha256_hex(text.as_bytes());
    assert_eq!(
        gameday::scenario::fingerprint("booth-5min").unwrap(),
        sha,
        "the embedded scenario is the file"
    );
    // the honest score, from a replay that records none (which itself is refused)
    let none = temp_file("r-none.ron", &booth_replay("booth-5min", None, Some(&sha)));
    let (code, _, err) = gameday(&["--replay", &none]);
    assert_eq!(
        code, 2,
        "a replay without a score checked nothing and exited 0 on main"
    );
    assert!(err.contains("records no score"), "{err}");
    let honest = gameday::headless::run(&gameday::headless::HeadlessOptions {
        scenario: "booth-5min".into(),
        seed: 3,
        minutes: Some(2),
        commands: vec![],
        autopilot: None,
    })
    .unwrap()
    .json["score"]
        .as_f64()
        .unwrap();
    let good = temp_file(
        "r-good.ron",
        &booth_replay("booth-5min", Some(honest), Some(&sha)),
    );
    let (code, out, err) = gameday(&["--replay", &good]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("matches the recorded score"), "{out}");
    // +0.04 passed the old ±0.05 comparison
    let edited = temp_file(
        "r-edit.ron",
        &booth_replay("booth-5min", Some(honest + 0.04), Some(&sha)),
    );
    let (code, _, err) = gameday(&["--replay", &edited]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("MISMATCH"), "{err}");
    // a copy of the scenario with other scoring does not hash the same
    let forged = temp_file(
        "forged.ron",
        &text.replacen("points_fast: 1.0", "points_fast: 5.0", 1),
    );
    let forged_replay = temp_file(
        "r-forged.ron",
        &booth_replay(&forged, Some(honest), Some(&sha)),
    );
    let (code, _, err) = gameday(&["--replay", &forged_replay]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is not the one the replay was played on"),
        "{err}"
    );
    // a replay without a hash cannot vouch for its scenario
    let unhashed = temp_file(
        "r-unhashed.ron",
        &booth_replay("booth-5min", Some(honest), None),
    );
    let (code, _, err) = gameday(&["--replay", &unhashed]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no scenario_sha256"), "{err}");
    // the old last-replay.ron form `(Some((…)))` still reads
    let legacy = temp_file(
        "r-legacy.ron",
        &format!(
            "(Some({}))",
            booth_replay("booth-5min", Some(honest), Some(&sha))
        ),
    );
    let (code, out, err) = gameday(&["--replay", &legacy]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn hostile_files_are_refused_with_file_line_and_column() {
    // /dev/zero was read as a scenario until memory ran out
    #[cfg(unix)]
    {
        let (code, _, err) = gameday(&["--check-scenario", "/dev/zero"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("/dev/zero:1:1"), "{err}");
        assert!(err.contains("longer than 16 MiB"), "{err}");
        let (code, _, err) = gameday(&["--headless", "--commands", "/dev/zero"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("/dev/zero:1:1"), "{err}");
        let (code, _, err) = gameday(&["--replay", "/dev/zero"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("longer than 16 MiB"), "{err}");
    }
    // a UTF-8 byte-order mark was an error in scenario and commands files
    let booth = include_str!("../../scenarios/booth-5min.ron");
    let bom = temp_file("bom.ron", &format!("\u{feff}{booth}"));
    let (code, out, err) = gameday(&["--check-scenario", &bom]);
    assert_eq!(code, 0, "{out}{err}");
    let cmds = temp_file("bom.commands", "\u{feff}00:10 aws ec2 allocate-address\n");
    let (code, _, err) = gameday(&[
        "--headless",
        "--scenario",
        "booth-5min",
        "--minutes",
        "1",
        "--commands",
        &cmds,
    ]);
    assert_eq!(code, 0, "{err}");
    // a line over 64 KiB
    let long = temp_file("long.ron", &format!("{booth}\n// {}\n", "x".repeat(70_000)));
    let (code, _, err) = gameday(&["--check-scenario", &long]);
    assert_eq!(code, 2, "{err}");
    let line = booth.lines().count() + 2;
    assert!(err.contains(&format!("{long}:{line}:65537")), "{err}");
    // a shorthand nested 25,000 deep overflowed the stack (exit 134)
    let deep = temp_file(
        "deep.commands",
        &format!(
            "00:01 aws ec2 run-instances --image-id ami-1 --tag-specifications 'a={}'\n",
            "{a=[".repeat(12_500)
        ),
    );
    let (code, _, err) = gameday(&["--headless", "--commands", &deep]);
    assert_eq!(code, 2, "{}", &err[..err.len().min(300)]);
    assert!(
        err.contains("nested deeper than 32 levels"),
        "{}",
        &err[..err.len().min(300)]
    );
}

#[test]
fn nonsense_soak_hours_late_commands_are_errors_not_silence() {
    // each exited 0 doing nothing on main
    for hours in ["NaN", "0", "inf", "-1"] {
        let (code, _, err) = gameday(&[&format!("--soak-kiosk={hours}")]);
        assert_eq!(code, 2, "--soak-kiosk={hours}: {err}");
        assert!(err.contains("--soak-kiosk"), "{err}");
    }
    // a command after the end of the 5-minute booth round was dropped silently
    let late = temp_file(
        "late.commands",
        "00:10 aws ec2 allocate-address\n06:00 aws ec2 allocate-address\n",
    );
    let (code, _, err) = gameday(&[
        "--headless",
        "--scenario",
        "booth-5min",
        "--commands",
        &late,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("command 2"), "{err}");
    assert!(err.contains("after the scenario's end"), "{err}");
}

/// `--transcript OUT`: each command as typed after `$ `, then exactly what the in-game
/// terminal printed for its answer (the same text: `awscli::answer_text`).
#[test]
fn a_transcript_shows_each_command_and_what_the_cli_printed() {
    let commands = temp_file(
        "transcript-commands.txt",
        "00:05 aws ec2 allocate-address\n\
         00:10 aws autoscaling set-desired-capacity \\\n    --auto-scaling-group-name nope --desired-capacity 2\n\
         59:00 aws ec2 allocate-address\n",
    );
    let out = temp_file("transcript.txt", "");
    let (code, _, err) = gameday(&[
        "--headless",
        "--scenario",
        "unicorn-rentals",
        "--seed",
        "7",
        "--minutes",
        "1",
        "--commands",
        &commands,
        "--transcript",
        &out,
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    let blocks: Vec<&str> = text.split("# ").filter(|b| !b.is_empty()).collect();
    assert_eq!(blocks.len(), 3, "{text}");
    assert!(
        blocks[0].starts_with("00:05\n$ aws ec2 allocate-address\n{"),
        "{text}"
    );
    assert!(blocks[0].contains("eipalloc-"), "{text}");
    assert_eq!(
        blocks[1],
        "00:10\n$ aws autoscaling set-desired-capacity \\\n    --auto-scaling-group-name nope --desired-capacity 2\n\
         An error occurred (ValidationError) when calling the SetDesiredCapacity operation: \
         AutoScalingGroup name not found - AutoScalingGroup 'nope' not found\n",
        "{text}"
    );
    assert_eq!(
        blocks[2],
        "59:00\n$ aws ec2 allocate-address\n(not run: the round ended first)\n"
    );
    // --transcript needs --commands
    let (code, _, err) = gameday(&["--headless", "--transcript", &out]);
    assert_eq!(code, 2, "{err}");
}
