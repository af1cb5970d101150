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

const SUBNET_A: &str = "subnet-0855b4b84170ee170";
const LB_SG: &str = "sg-03f642369557faa78";
const SUBNET_B: &str = "subnet-0edee9ccf88f23f0c";

#[test]
fn the_title_screen_lists_the_tutorial_first() {
    assert_eq!(EMBEDDED[0].0, "tutorial");
    assert!(EMBEDDED.iter().any(|(id, _)| *id == "booth-5min"));
}

#[test]
fn the_tutorial_waits_at_step_2_until_the_player_creates_the_load_balancer() {
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
    // Minutes pass, and a failed attempt (one Availability Zone) does not count.
    let err = aws(
        &mut app,
        &format!(
            "aws elbv2 create-load-balancer --name unicorn-alb --subnets {SUBNET_B} --security-groups {LB_SG}"
        ),
    );
    assert!(err.is_err());
    run_minutes(&mut app, 3.0);
    assert_eq!(progress(&app).current, 1, "still waiting at step 2");
    aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-load-balancer --name unicorn-alb --subnets {SUBNET_A} {SUBNET_B} --security-groups {LB_SG}"
        ),
    );
    run_minutes(&mut app, 0.1);
    let p = progress(&app);
    assert_eq!(p.current, 2, "the load balancer finishes step 2");
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
        .replacen("points: 3000.0", "points: -5.0", 1)
        .replacen(
            r#"point_at: ["node:shop-clb""#,
            r#"point_at: ["shop-clb""#,
            1,
        )
        .replacen(
            r#"next_scenario: "unicorn-rentals""#,
            r#"next_scenario: "unicorn-rental""#,
            1,
        );
    let errs = gameday::scenario::parse_scenario(&text, "tutorial-broken.ron").unwrap_err();
    let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    for field in [
        "steps[0].done_when",
        "steps[2].done_when",
        "steps[4].points",
        "steps[7].point_at[0]",
        "next_scenario",
    ] {
        assert!(
            shown
                .iter()
                .any(|e| e.contains(field) && e.starts_with("tutorial-broken.ron:")),
            "{field} in {shown:#?}"
        );
    }
}

/// The tutorial's step `k` as the card shows it, following its pointer: the node it names
/// exists on the map, its menu offers the action the pointer ends on, and the card's text
/// names that action by the label the menu shows. Then the action is tapped (sent as the
/// menu sends it) until the step is done.
fn follow_the_pointer(app: &mut bevy::prelude::App, k: usize) -> Vec<String> {
    use gameday::hud::map_actions::build;
    use gameday::hud::tutorial_pointer::{shown_label, step_action, step_node};
    use gameday::sim::api::CommandQueue;
    use gameday::sim::command::{CallerContext, Principal};
    use gameday::ui_state::MapTarget;
    let s = load("tutorial").unwrap();
    let step = &s.steps[k];
    let mut labels = Vec::new();
    for _ in 0..6 {
        if progress(app).current != k {
            break;
        }
        let world = app.world_mut();
        let (node, e) = step_node(world, step)
            .unwrap_or_else(|| panic!("step {}: no node {:?} on the map", k + 1, step.point_at));
        let action = step_action(world, step).unwrap_or_else(|| {
            panic!(
                "step {}: {node}'s menu does not offer {:?}",
                k + 1,
                step.point_at
            )
        });
        let label = shown_label(&action);
        let start = action.stepper.as_ref().map_or(0, |st| st.start);
        let (line, command) = build(world, MapTarget::Resource(e), &action, start)
            .unwrap_or_else(|err| panic!("step {}: {label}: {err}", k + 1));
        world.resource_mut::<CommandQueue>().push(
            Principal::Player,
            CallerContext::default(),
            command,
        );
        labels.push(format!("{node} → {label} ({line})"));
        // wait for the step (health checks, DNS) for up to a minute and a half
        for _ in 0..18 {
            run_minutes(app, 5.0 / 60.0);
            if progress(app).current != k {
                break;
            }
        }
    }
    assert_eq!(
        progress(app).current,
        k + 1,
        "step {} is done by following its pointer: {labels:?}",
        k + 1
    );
    labels
}

#[test]
fn every_tutorial_steps_pointer_names_a_node_and_a_menu_action_that_are_on_the_map() {
    let s = load("tutorial").unwrap();
    let mut app = start("tutorial", 3).unwrap();
    run_minutes(&mut app, 0.2);
    for (k, step) in s.steps.iter().enumerate() {
        assert!(
            step.point_at.iter().any(|p| p.starts_with("node:"))
                && step.point_at.iter().any(|p| p.starts_with("menu:")),
            "step {} points at a node and the action of its menu: {:?}",
            k + 1,
            step.point_at
        );
        assert!(
            step.text.contains("\"{action}\"") && step.text_ko.contains("\"{action}\""),
            "step {} names the button by its label in both languages",
            k + 1
        );
        follow_the_pointer(&mut app, k);
    }
    assert!(progress(&app).finished(&s));
}

#[test]
fn the_tutorial_card_names_the_button_exactly_as_the_menu_shows_it() {
    use gameday::hud::tutorial::fill_action;
    use gameday::hud::tutorial_pointer::{shown_label, step_action};
    let s = load("tutorial").unwrap();
    let app = &mut start("tutorial", 3).unwrap();
    let world = app.world_mut();
    let action = step_action(world, &s.steps[0]).expect("public-b offers the launch");
    let label = shown_label(&action);
    assert_eq!(label, "Launch 2 × tutorial-web here");
    let card = fill_action(&s.steps[0].text, Some(&label));
    assert!(
        card.contains("Tap the subnet public-b on the map, then \"Launch 2 × tutorial-web here\"."),
        "{card}"
    );
}

#[test]
fn every_tutorial_text_key_exists_in_both_languages() {
    use std::collections::HashMap;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = |file: &str| -> HashMap<String, String> {
        let text = std::fs::read_to_string(root.join("assets/i18n").join(file)).unwrap();
        ron::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let (en, ko) = (table("en.ron"), table("ko.ron"));
    let mut keys = Vec::new();
    for file in [
        "tutorial.rs",
        "tutorial_pointer.rs",
        "tutorial_celebrate.rs",
        "first_run.rs",
    ] {
        let code = std::fs::read_to_string(root.join("src/hud").join(file)).unwrap();
        for piece in code.split('"').skip(1).step_by(2) {
            if piece.starts_with("tutorial.")
                && piece
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
            {
                keys.push(piece.to_string());
            }
        }
    }
    // the map actions the pointers end on, and the medal names of the finish card
    keys.extend(
        [
            "map.act.launch",
            "map.act.alb",
            "map.act.target_group",
            "map.act.listener",
            "map.act.register",
            "map.act.point_dns",
            "map.act.alarm",
            "map.act.delete_lb",
            "booth.medal.bronze",
            "booth.medal.silver",
            "booth.medal.gold",
        ]
        .map(String::from),
    );
    assert!(keys.len() > 20, "{keys:?}");
    for k in &keys {
        assert!(en.contains_key(k), "{k} is missing from en.ron");
        assert!(ko.contains_key(k), "{k} is missing from ko.ron");
    }
    for step in &load("tutorial").unwrap().steps {
        assert!(
            !step.title_ko.is_empty() && !step.text_ko.is_empty(),
            "{}",
            step.title
        );
    }
}

#[test]
fn finishing_the_tutorial_offers_unicorn_rentals_next_with_a_medal_and_a_fanfare() {
    use bevy_egui::egui;
    use gameday::hud::tutorial_celebrate::new_pops;
    use gameday::platform::sound::Cue;
    let s = load("tutorial").unwrap();
    let mut app = start("tutorial", 4).unwrap();
    run_minutes(&mut app, 0.2);
    let mut cues = Vec::new();
    let mut seen = 0;
    for k in 0..s.steps.len() {
        follow_the_pointer(&mut app, k);
        let p = progress(&app);
        let (pops, cue) = new_pops(&s, &p, seen, egui::pos2(100.0, 100.0), 0.0);
        assert_eq!(
            pops.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(),
            vec![format!("+{:.0}", s.steps[k].points)],
            "step {}'s points pop up",
            k + 1
        );
        cues.push(cue.expect("a sound for every step"));
        seen = p.done.len();
    }
    assert_eq!(cues.last(), Some(&Cue::Medal), "{cues:?}");
    assert!(
        cues[..cues.len() - 1].iter().all(|c| *c == Cue::Fixed),
        "{cues:?}"
    );
    let points = app.world().resource::<Score>().points;
    assert!(
        s.medals.award(points).is_some(),
        "the finished tutorial earns a medal: {points}"
    );
    assert_eq!(s.next_scenario, "unicorn-rentals");
    assert_eq!(load(&s.next_scenario).unwrap().title, "Unicorn Rentals");
}

/// The windowed game's start without a window: screens, settings, the first-run choice.
fn launch(dir: &std::path::Path, scenario_given: bool) -> bevy::prelude::App {
    use bevy::prelude::*;
    use bevy::state::app::StatesPlugin;
    use gameday::platform::persist::SaveStore;
    use gameday::platform::storage::Store;
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Time::<Fixed>::from_seconds(1.0))
        .insert_resource(gameday::screens::LaunchOptions {
            scenario: "unicorn-rentals".into(),
            seed: 5,
            play: false,
        })
        .insert_resource(SaveStore(Store::at(dir)))
        .add_plugins((
            gameday::sim::plugin,
            gameday::screens::plugin,
            gameday::platform::persist::plugin,
            gameday::i18n::plugin,
            gameday::hud::first_run::plugin,
        ));
    if !scenario_given {
        app.insert_resource(gameday::hud::first_run::ScenarioLeftToTitle);
    }
    app.update();
    app.update();
    app
}

fn chosen(app: &bevy::prelude::App) -> String {
    app.world()
        .resource::<gameday::screens::RoundSetup>()
        .scenario
        .clone()
}

#[test]
fn a_first_run_selects_the_tutorial_and_a_chosen_scenario_ends_the_first_run() {
    use bevy::prelude::*;
    use gameday::screens::{RoundSetup, Screen};
    let dir = std::env::temp_dir().join(format!("gameday-first-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // a first run: no settings saved yet
    let mut app = launch(&dir, false);
    assert_eq!(chosen(&app), "tutorial", "the title selects the tutorial");
    assert_eq!(
        app.world().resource::<State<Screen>>().get(),
        &Screen::Title
    );
    // the player changes the language and quits without playing: still a first run
    *app.world_mut().resource_mut::<gameday::i18n::Language>() = gameday::i18n::Language::Korean;
    app.update();
    drop(app);
    assert!(dir.join("settings.ron").exists(), "the language was saved");
    let mut app = launch(&dir, false);
    assert_eq!(
        chosen(&app),
        "tutorial",
        "not played yet: the tutorial again"
    );
    // a scenario given on the command line is played as asked
    assert_eq!(chosen(&launch(&dir, true)), "unicorn-rentals");
    // the player picks Unicorn Rentals and plays it
    app.world_mut().resource_mut::<RoundSetup>().scenario = "unicorn-rentals".into();
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    app.update();
    drop(app);
    let saved = std::fs::read_to_string(dir.join("settings.ron")).unwrap();
    assert!(saved.contains("tutorial_done: true"), "{saved}");
    assert_eq!(
        chosen(&launch(&dir, false)),
        "unicorn-rentals",
        "the next start selects as usual"
    );
    // a settings file from before the flag existed is a returning player's
    std::fs::write(dir.join("settings.ron"), "(language: English, volume: 0.5)").unwrap();
    assert_eq!(chosen(&launch(&dir, false)), "unicorn-rentals");
    let _ = std::fs::remove_dir_all(&dir);
}
