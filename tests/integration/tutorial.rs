//! The guided tutorial and the five-minute booth round, as a player meets them.

use crate::common::*;
use gameday::bots::Autopilot;
use gameday::headless::{play_bot, start};
use gameday::scenario::{EMBEDDED, load};
use gameday::sim::clock::SimClock;
use gameday::sim::score::Score;
use gameday::sim::tutorial::TutorialProgress;

fn progress(app: &bevy::prelude::App) -> TutorialProgress {
    app.world().resource::<TutorialProgress>().clone()
}

const VPC: &str = "vpc-008a40b8fdd8d0d73";
const SUBNET_B: &str = "subnet-0edee9ccf88f23f0c";

#[test]
fn the_title_screen_lists_the_tutorial_first() {
    assert_eq!(EMBEDDED[0].0, "tutorial");
    assert!(EMBEDDED.iter().any(|(id, _)| *id == "booth-5min"));
}

#[test]
fn the_tutorial_waits_at_step_2_until_the_player_creates_the_target_group() {
    let mut app = start("tutorial", 1).unwrap();
    run_minutes(&mut app, 1.0);
    assert_eq!(
        progress(&app).current,
        0,
        "nothing happens until the player acts"
    );
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 run-instances --launch-template LaunchTemplateName=tutorial-web --subnet-id {SUBNET_B} --count 1"
        ),
    );
    run_minutes(&mut app, 0.1);
    assert_eq!(progress(&app).current, 1, "step 1 done: a second server");
    let points_after_step_1 = app.world().resource::<Score>().points;
    // Minutes pass, and a failed attempt does not count: the card stays on step 2.
    let err = aws(
        &mut app,
        "aws elbv2 create-target-group --name shop-web --protocol HTTP --port 80 --vpc-id vpc-0000000000000000",
    );
    assert!(err.is_err());
    run_minutes(&mut app, 3.0);
    assert_eq!(progress(&app).current, 1, "still waiting at step 2");
    aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-target-group --name shop-web --protocol HTTP --port 80 --vpc-id {VPC} --health-check-path /health"
        ),
    );
    run_minutes(&mut app, 0.1);
    let p = progress(&app);
    assert_eq!(p.current, 2, "the target group finishes step 2");
    assert_eq!(p.done.len(), 2);
    let s = load("tutorial").unwrap();
    assert!(
        app.world().resource::<Score>().points >= points_after_step_1 + s.steps[1].points - 2000.0,
        "the step's points are added"
    );
}

#[test]
fn the_expert_finishes_every_tutorial_step_and_earns_gold() {
    let s = load("tutorial").unwrap();
    assert!(s.steps.len() >= 6, "a real walk-through");
    for step in &s.steps {
        assert!(
            !step.title_ko.is_empty() && !step.text_ko.is_empty(),
            "Korean text for {}",
            step.title
        );
    }
    let mut app = start("tutorial", 2).unwrap();
    let mut bot = gameday::bots::Bot::new(Autopilot::Expert, &s, "expert");
    while !app.world().resource::<SimClock>().finished() {
        bot.act(app.world_mut());
        gameday::sim::step(app.world_mut());
    }
    let p = progress(&app);
    assert!(p.finished(&s), "all {} steps done: {p:?}", s.steps.len());
    // the results screen's lines add up to the score shown, the step bonuses on their own line
    let score = app.world().resource::<Score>().clone();
    assert!(score.step_points > 0.0);
    let rows = gameday::hud::results::breakdown(&score);
    let values: Vec<f64> = rows.iter().map(|(_, v)| *v).collect();
    let shown = gameday::hud::results::round_to_total(&values, score.points);
    assert_eq!(
        shown.iter().sum::<i64>(),
        score.points.round() as i64,
        "{rows:?}"
    );
    assert!(rows.iter().any(|(k, _)| *k == "results.row.steps"));
    let r = play_bot("tutorial", 2, Autopilot::Expert).unwrap();
    assert_eq!(r.medal, Some("gold"), "{r:?}");
}

#[test]
fn booth_5min_ends_after_five_minutes_with_a_medal() {
    let s = load("booth-5min").unwrap();
    assert_eq!(s.duration_minutes, 5);
    assert!(!s.title_ko.is_empty() && !s.story_ko.is_empty() && !s.runbook_ko.is_empty());
    let mut app = start("booth-5min", 4).unwrap();
    let mut bot = gameday::bots::Bot::new(Autopilot::Expert, &s, "expert");
    let mut ticks = 0u64;
    while !app.world().resource::<SimClock>().finished() {
        bot.act(app.world_mut());
        gameday::sim::step(app.world_mut());
        ticks += 1;
    }
    let clock = app.world().resource::<SimClock>();
    assert!(
        (clock.now - 300.0).abs() < 1.0,
        "ends at five minutes, not {}",
        clock.now
    );
    assert!(ticks > 0);
    // Traffic from second 0: the first minute already serves customers.
    let first = app
        .world()
        .resource::<gameday::sim::metrics::Metrics>()
        .history
        .front()
        .cloned()
        .unwrap();
    assert!(
        first.ok > 5000,
        "a warm shop from the first second: {first:?}"
    );
    let r = play_bot("booth-5min", 4, Autopilot::Expert).unwrap();
    assert!(r.medal.is_some(), "{r:?}");
}

#[test]
fn a_tutorial_step_with_mistakes_is_rejected_with_its_line_and_field() {
    let text = EMBEDDED[0]
        .1
        .replacen(
            r#"done_when: Call("CreateTargetGroup")"#,
            "done_when: HealthyTargets(0)",
            1,
        )
        .replacen(
            r#"done_when: Call("RunInstances")"#,
            r#"done_when: Call("run instances")"#,
            1,
        )
        .replacen("points: 3000.0", "points: -5.0", 1);
    let errs = gameday::scenario::parse_scenario(&text, "tutorial-broken.ron").unwrap_err();
    let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    for field in [
        "steps[0].done_when",
        "steps[1].done_when",
        "steps[4].points",
    ] {
        assert!(
            shown
                .iter()
                .any(|e| e.contains(field) && e.starts_with("tutorial-broken.ron:")),
            "{field} in {shown:#?}"
        );
    }
}
