//! The scenario loader: every problem reported at once with its line and field path, and
//! no input — truncated, mutated, huge, deeply nested, not UTF-8 — makes it panic.

use gameday::scenario::{self, EMBEDDED, ScenarioError, parse_scenario, parse_scenario_bytes};
use gameday::sim::random::SimRng;

fn unicorn_text() -> &'static str {
    EMBEDDED
        .iter()
        .find(|(id, _)| *id == "unicorn-rentals")
        .map(|(_, t)| *t)
        .expect("embedded")
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"))
        + 1
}

#[test]
fn every_embedded_scenario_loads() {
    for (id, _) in EMBEDDED {
        if let Err(errors) = scenario::load(id) {
            panic!("{id}: {errors:#?}");
        }
    }
}

#[test]
fn ten_mistakes_are_all_reported_with_line_and_field() {
    let mut text = unicorn_text().to_string();
    // (original, replacement, the field path the error must name)
    let edits: [(&str, &str, &str); 10] = [
        (
            "    id: \"unicorn-rentals\",",
            "    id: \"unicorn-rentals\",\n    colour: \"red\",",
            "colour",
        ),
        (
            "default_speed: 10.0",
            "default_speed: \"fast\"",
            "default_speed",
        ),
        (
            "cidr: \"10.0.0.16/28\"",
            "cidr: \"192.168.0.16/28\"",
            "estate.subnets[1].cidr",
        ),
        (
            "az: \"us-east-1a\")",
            "az: \"us-east-9a\")",
            "estate.subnets[0].az",
        ),
        (
            "(name: \"web-2\", subnet: \"public-b\"",
            "(name: \"web-2\", subnet: \"public-z\"",
            "estate.instances[1].subnet",
        ),
        (
            "instance_type: \"t3.micro\"",
            "instance_type: \"t3.mega\"",
            "estate.launch_templates[0].instance_type",
        ),
        (
            "kind: Classic",
            "kind: Clasic",
            "estate.load_balancers[0].kind",
        ),
        (
            "service_ms: 40.0",
            "service_ms: -40.0",
            "traffic.classes[1].service_ms",
        ),
        ("(60.0, 90.0)", "(60.0, -90.0)", "traffic.curve[2].1"),
        (
            "(at_minute: 200.0",
            "(at_minute: 300.0",
            "chaos[7].at_minute",
        ),
    ];
    for (from, to, _) in &edits {
        assert!(text.contains(from), "`{from}` is in the scenario");
        text = text.replacen(from, to, 1);
    }
    let errors = parse_scenario(&text, "ten-mistakes.ron").expect_err("ten mistakes");
    let listing: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        errors.len(),
        10,
        "exactly the ten mistakes:\n{}",
        listing.join("\n")
    );
    for (_, to, path) in &edits {
        let needle = to.lines().last().unwrap_or(to).trim();
        let line = line_of(&text, needle);
        let e: &ScenarioError = errors
            .iter()
            .find(|e| e.path == *path)
            .unwrap_or_else(|| panic!("no error for {path}:\n{}", listing.join("\n")));
        assert_eq!(e.line, line, "{path} is reported on its line: {e}");
        assert!(e.column > 0, "{e}");
        assert_eq!(e.file, "ten-mistakes.ron");
    }
}

#[test]
fn a_field_left_out_is_named() {
    let text = unicorn_text().replacen("    duration_minutes: 240,\n", "", 1);
    let errors = parse_scenario(&text, "f.ron").expect_err("missing field");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "duration_minutes");
    assert_eq!(errors[0].line, line_of(&text, "Scenario("));
    assert!(errors[0].message.contains("missing field"), "{}", errors[0]);
}

fn assert_located(errors: &[ScenarioError], text_lines: usize, what: &str) {
    assert!(!errors.is_empty(), "{what}: at least one error");
    for e in errors {
        assert!(
            e.line >= 1 && e.line <= text_lines + 1 && e.column >= 1,
            "{what}: error without a location: {e}"
        );
        assert!(!e.message.is_empty(), "{what}: {e}");
    }
}

#[test]
fn truncated_files_are_located_errors() {
    let text = unicorn_text();
    let bytes = text.as_bytes();
    let end = text.trim_end().len();
    let lines = text.lines().count();
    let mut cut = 0;
    while cut < end {
        let result = parse_scenario_bytes(&bytes[..cut], "cut.ron");
        match result {
            Ok(_) => panic!("a file cut at byte {cut} of {end} loaded"),
            Err(errors) => assert_located(&errors, lines, &format!("cut at {cut}")),
        }
        cut += 37;
    }
}

#[test]
fn random_mutations_never_panic_and_errors_are_located() {
    let text = unicorn_text().as_bytes();
    let lines = unicorn_text().lines().count();
    let alphabet: &[u8] = b"()[]{}:,\"'-+.0123456789eExyz_#/* \n\r\t\\rSomeNone";
    let mut rng = SimRng::seed_from_u64(20261122);
    let mut failed = 0;
    for round in 0..400 {
        let mut bytes = text.to_vec();
        let edits = 1 + rng.range_u32(0, 4);
        for _ in 0..edits {
            let at = rng.range_u32(0, bytes.len() as u32) as usize;
            match rng.range_u32(0, 4) {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes.insert(
                    at,
                    alphabet[rng.range_u32(0, alphabet.len() as u32) as usize],
                ),
                2 => bytes[at] = alphabet[rng.range_u32(0, alphabet.len() as u32) as usize],
                _ => bytes[at] = [0xff, 0xc3, 0x80, 0x00][rng.range_u32(0, 4) as usize],
            }
        }
        if let Err(errors) = parse_scenario_bytes(&bytes, "mutant.ron") {
            failed += 1;
            assert_located(&errors, lines + 8, &format!("round {round}"));
        }
    }
    assert!(failed > 300, "most mutants are invalid ({failed}/400)");
}

#[test]
fn hostile_inputs_are_located_errors() {
    let text = unicorn_text();
    let deep = format!("Scenario(id: {}", "[".repeat(200_000));
    let deep_parens = "(".repeat(100_000);
    let huge_int = text.replacen(
        "duration_minutes: 240",
        "duration_minutes: 999999999999999999999999999999999999999999999999",
        1,
    );
    let huge_u32 = text.replacen("duration_minutes: 240", "duration_minutes: 4294967296", 1);
    let huge_float = text.replacen("share: 0.50", "share: 1e400", 1);
    let wrong_types = text
        .replacen("availability_zones: [", "availability_zones: (", 1)
        .replacen("\"us-east-1c\"],", "\"us-east-1c\"),", 1);
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("only a comment", "// nothing here\n".into()),
        ("unclosed comment", "/* Scenario(".into()),
        ("unclosed string", "Scenario(id: \"abc".into()),
        ("deeply nested lists", deep),
        ("deeply nested parens", deep_parens),
        ("huge integer", huge_int),
        ("u32 overflow", huge_u32),
        ("infinite share", huge_float),
        ("tuple for a list", wrong_types),
        ("a number", "42".into()),
        ("garbage after the end", format!("{text} trailing")),
        ("bad escape", "Scenario(id: \"\\q\")".into()),
    ];
    for (what, input) in cases {
        let lines = input.lines().count().max(1);
        match parse_scenario(&input, "hostile.ron") {
            Ok(_) => panic!("{what}: loaded"),
            Err(errors) => assert_located(&errors, lines, what),
        }
    }
    let not_utf8 = [b"Scenario(\n  id: \"".as_slice(), &[0xe0, 0x80], b"\")"].concat();
    let errors = parse_scenario_bytes(&not_utf8, "bytes.ron").expect_err("not UTF-8");
    assert_eq!((errors[0].line, errors[0].column), (2, 8), "{}", errors[0]);
}

#[test]
fn hints_random_pools_and_attack_waves_take_effect() {
    use crate::common::{run_minutes, unicorn_with};
    use gameday::scenario::{ChaosAction, Hint, HintTrigger, RandomEventPool, TrafficShape};
    use gameday::sim::chaos::ChaosState;
    use gameday::sim::flow::TickFlow;
    use gameday::sim::hints::Hints;
    let build = |seed: u64, attack: bool| {
        unicorn_with(seed, |s| {
            s.hints = vec![
                Hint {
                    trigger: HintTrigger::AtMinute(1.0),
                    text: "Look at the load balancer.".into(),
                    text_ko: String::new(),
                },
                Hint {
                    trigger: HintTrigger::AfterChaos(0),
                    text: "The subnet is full.".into(),
                    text_ko: String::new(),
                },
            ];
            s.random_events = vec![RandomEventPool {
                seed: 9,
                from_minute: 20.0,
                to_minute: 100.0,
                count: 3,
                principal: None,
                events: vec![ChaosAction::TrafficSpike {
                    multiplier: 2.0,
                    minutes: 5.0,
                }],
            }];
            if attack {
                s.traffic.shapes = vec![TrafficShape::AttackWave {
                    class: "search".into(),
                    at_minute: 0.0,
                    minutes: 10.0,
                    rps: 100.0,
                }];
            }
        })
    };
    let mut app = build(1, false);
    let timeline = app.world().resource::<ChaosState>().timeline.clone();
    assert_eq!(timeline.len(), 8 + 3);
    assert!(
        timeline
            .windows(2)
            .all(|w| w[0].at_minute <= w[1].at_minute)
    );
    let drawn: Vec<f64> = timeline
        .iter()
        .filter(|e| matches!(e.action, ChaosAction::TrafficSpike { multiplier, .. } if multiplier == 2.0))
        .map(|e| e.at_minute)
        .collect();
    assert_eq!(drawn.len(), 3);
    assert!(drawn.iter().all(|m| (20.0..100.0).contains(m)));
    let again = build(1, false)
        .world()
        .resource::<ChaosState>()
        .timeline
        .clone();
    assert_eq!(timeline, again, "the same seed draws the same incidents");
    let other = build(2, false)
        .world()
        .resource::<ChaosState>()
        .timeline
        .clone();
    assert_ne!(timeline, other, "another seed draws others");

    run_minutes(&mut app, 2.0);
    let shown: Vec<usize> = app
        .world()
        .resource::<Hints>()
        .scenario_hints()
        .map(|s| s.1)
        .collect();
    assert_eq!(shown, [0], "the minute-1 hint only");
    run_minutes(&mut app, 7.0);
    let shown: Vec<usize> = app
        .world()
        .resource::<Hints>()
        .scenario_hints()
        .map(|s| s.1)
        .collect();
    assert_eq!(shown, [0, 1], "after chaos[0] at minute 8");

    let arrivals = |attack: bool| {
        let mut app = build(1, attack);
        let mut n = 0;
        for _ in 0..60 {
            run_minutes(&mut app, 1.0 / 60.0);
            n += app.world().resource::<TickFlow>().arrived;
        }
        n
    };
    let (calm, attacked) = (arrivals(false), arrivals(true));
    assert!(
        attacked > calm + 4000,
        "100 extra rps for a minute: {calm} → {attacked}"
    );
}

#[test]
fn numbers_that_break_the_score_are_refused_with_their_field() {
    let base = unicorn_text();
    let with =
        |block: &str| base.replacen("    scoring: (", &format!("    {block}\n    scoring: ("), 1);
    // (what, the changed text, the field path the error must name): each passed
    // --check-scenario on main
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "negative price",
            with("prices: (alb_hour: -0.5),"),
            "prices.alb_hour",
        ),
        (
            "NaN instance price",
            with("prices: (instance_types: {\"t3.micro\": NaN}),"),
            "prices.instance_types.t3.micro",
        ),
        (
            "huge price",
            with("prices: (clb_hour: 1e308),"),
            "prices.clb_hour",
        ),
        (
            "huge points",
            base.replacen("points_fast: 1.0", "points_fast: 1e308", 1),
            "scoring.points_fast",
        ),
        (
            "huge spike",
            base.replacen(
                "TrafficSpike(multiplier: 2.5",
                "TrafficSpike(multiplier: 1e308",
                1,
            ),
            "chaos[5].action.multiplier",
        ),
        (
            "NaN curve minute",
            base.replacen("(0.0, 30.0)", "(NaN, 30.0)", 1),
            "traffic.curve[0].0",
        ),
        (
            "curve of 1e308 requests/s",
            base.replacen("(0.0, 30.0)", "(0.0, 1e308)", 1),
            "traffic.curve[0].1",
        ),
        (
            "zero Auto Scaling interval",
            with("timings: (asg_check_interval: 0.0),"),
            "timings.asg_check_interval",
        ),
        (
            "negative boot",
            with("timings: (instance_boot: -5.0),"),
            "timings.instance_boot",
        ),
        (
            "NaN timing",
            with("timings: (dns_propagation: NaN),"),
            "timings.dns_propagation",
        ),
        (
            "runs forever",
            base.replacen("duration_minutes: 240", "duration_minutes: 4294967295", 1),
            "duration_minutes",
        ),
        (
            "eight days",
            base.replacen("duration_minutes: 240", "duration_minutes: 11520", 1),
            "duration_minutes",
        ),
        (
            "NaN speed",
            base.replacen(
                "duration_minutes: 240,",
                "duration_minutes: 240,\n    default_speed: NaN,",
                1,
            ),
            "default_speed",
        ),
    ];
    for (what, text, path) in cases {
        assert_ne!(text, base, "{what}: the edit applies");
        let errors = parse_scenario(&text, "numbers.ron").expect_err(what);
        let listing: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            errors
                .iter()
                .any(|e| e.path == path && e.line >= 1 && e.column >= 1),
            "{what}: no error at {path}:\n{}",
            listing.join("\n")
        );
    }
    // the limits leave every shipped scenario valid
    for (id, _) in EMBEDDED {
        assert!(scenario::load(id).is_ok(), "{id}");
    }
}
