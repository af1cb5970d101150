//! The booth kiosk: the leaderboard tells the truth (a visitor's entry re-verifies with their
//! own commands, the attract bot never appears), the idle check respects touches, and the
//! booth's big buttons send typed commands through the one door.

use bevy::prelude::*;
use gameday::awscli::parse_commands_file;
use gameday::devtools::soak::{FRAME_SECONDS, soak_app};
use gameday::platform::kiosk::{
    Kiosk, KioskConfig, KioskInput, KioskPhase, KioskRequest, KioskRequests,
};
use gameday::platform::persist::Leaderboard;
use gameday::sim::api::CommandQueue;
use gameday::sim::clock::{SimClock, TICK_SECONDS};
use gameday::sim::command::{CallerContext, Principal};
use gameday::sim::score::Score;
use std::path::PathBuf;

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gameday-booth-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn frames(seconds: f64) -> usize {
    (seconds / FRAME_SECONDS) as usize
}

fn phase(app: &App) -> KioskPhase {
    app.world().resource::<Kiosk>().phase
}

/// Runs the kiosk until the attract loop has started `loops` demo rounds.
fn attract_until_loop(app: &mut App, loops: u64) {
    for _ in 0..frames(600.0) {
        if app.world().resource::<Kiosk>().attract_loops >= loops {
            return;
        }
        app.update();
    }
    panic!("the attract loop did not reach demo round {loops}");
}

/// A visitor touches the screen, plays `script` (their own typed commands) with a touch now
/// and then, and reaches the name screen; returns the score the window showed.
fn visitor_plays(app: &mut App, script: &[(u32, gameday::sim::command::Command)]) -> f64 {
    app.world_mut().resource_mut::<KioskInput>().pressed = true;
    app.update();
    app.update();
    // the mission card first: the round waits for it
    assert_eq!(phase(app), KioskPhase::Mission);
    let clock_at_card = app.world().resource::<SimClock>().now;
    for _ in 0..frames(KioskConfig::default().mission_seconds + 1.0) {
        app.update();
    }
    assert_eq!(phase(app), KioskPhase::Round);
    assert!(app.world().resource::<SimClock>().now - clock_at_card < 2.0);
    let mut next = 0;
    for i in 0..frames(400.0) {
        if phase(app) != KioskPhase::Round {
            break;
        }
        if i % 20 == 0 {
            app.world_mut().resource_mut::<KioskInput>().active = true;
        }
        let now = app.world().resource::<SimClock>().now;
        while next < script.len() && f64::from(script[next].0) <= now {
            let c = script[next].1.clone();
            app.world_mut().resource_mut::<CommandQueue>().push(
                Principal::Player,
                CallerContext::default(),
                c,
            );
            next += 1;
        }
        app.update();
    }
    assert_eq!(phase(app), KioskPhase::Initials);
    assert_eq!(next, script.len(), "every command was sent");
    app.update();
    app.update();
    gameday::platform::replay::round_score(app.world().resource::<Score>().points)
}

#[test]
fn a_visitors_entry_re_verifies_with_their_own_commands() {
    let dir = temp_dir("visitor");
    let mut app = soak_app(&dir, KioskConfig::default());
    // a whole demo round plays first (its bot's commands and score must not leak)
    attract_until_loop(&mut app, 2);
    for _ in 0..frames(3.0) {
        app.update();
    }
    let script = parse_commands_file(include_str!("../../scenarios/booth-5min.commands")).unwrap();
    let shown = visitor_plays(&mut app, &script);
    app.world_mut()
        .resource_mut::<KioskRequests>()
        .0
        .push(KioskRequest::SubmitName("ADA".into()));
    app.update();
    app.update();
    assert_eq!(phase(&app), KioskPhase::Attract);
    let board = app.world().resource::<Leaderboard>().clone();
    assert_eq!(board.entries.len(), 1, "{board:?}");
    let entry = &board.entries[0];
    assert_eq!(
        entry.score, shown,
        "the entry holds the score the visitor saw"
    );
    let replay = entry.replay.clone().expect("the entry keeps its replay");
    assert_eq!(replay.scenario, "booth-5min");
    assert!(
        replay.seed > 1000,
        "a visitor's seed, not a demo's: {}",
        replay.seed
    );
    assert_eq!(
        replay.commands.len(),
        script.len(),
        "the visitor's own commands: {:?}",
        replay.commands
    );
    for (got, (at, want)) in replay.commands.iter().zip(&script) {
        assert_eq!(&got.command, want);
        assert!(got.at >= *at && got.at <= at + 1, "{} vs {at}", got.at);
    }
    assert_eq!(replay.unverifiable(), None);
    assert_eq!(
        replay.rerun_score().unwrap().to_bits(),
        entry.score.to_bits(),
        "`gameday --replay` re-verifies it exactly"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_visitor_who_touches_as_the_demo_round_ends_plays_and_is_ranked_for_their_own_round() {
    let dir = temp_dir("touch-at-demo-end");
    let mut app = soak_app(&dir, KioskConfig::default());
    attract_until_loop(&mut app, 2);
    // the frame whose ticks finish the demo round is the frame of the touch: its fixed
    // steps (the time left over from the last frame plus this frame's) reach the end
    let per_frame = KioskConfig::default().attract_speed * FRAME_SECONDS;
    let ticks_left_and_this_frame = |app: &App| {
        let c = app.world().resource::<SimClock>();
        let fixed = app.world().resource::<Time<Fixed>>();
        let this_frame =
            ((fixed.overstep().as_secs_f64() + per_frame) / fixed.timestep().as_secs_f64()).floor();
        ((c.duration - c.now) / TICK_SECONDS, this_frame)
    };
    for _ in 0..frames(600.0) {
        let (left, this_frame) = ticks_left_and_this_frame(&app);
        if left > 0.0 && left <= this_frame {
            break;
        }
        app.update();
    }
    let (left, this_frame) = ticks_left_and_this_frame(&app);
    assert!(left > 0.0 && left <= this_frame, "{left} {this_frame}");
    let demo_score = app.world().resource::<Score>().points;
    let shown = visitor_plays(&mut app, &[]);
    assert!(
        shown < demo_score,
        "the visitor idled, so their score ({shown}) is not the demo bot's ({demo_score})"
    );
    app.world_mut()
        .resource_mut::<KioskRequests>()
        .0
        .push(KioskRequest::SubmitName("EDGE".into()));
    app.update();
    app.update();
    let board = app.world().resource::<Leaderboard>().clone();
    assert_eq!(board.entries.len(), 1, "{board:?}");
    let entry = &board.entries[0];
    assert_eq!(entry.score, shown);
    let replay = entry.replay.as_ref().unwrap();
    assert!(replay.seed > 1000, "a visitor's seed: {}", replay.seed);
    assert_eq!(
        replay.verify().map(f64::to_bits),
        Ok(entry.score.to_bits()),
        "`gameday --replay` re-verifies it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_attract_bot_never_appears_on_the_leaderboard() {
    let dir = temp_dir("attract");
    let mut app = soak_app(&dir, KioskConfig::default());
    // three demo rounds play to their end; a name request while nobody played is ignored
    attract_until_loop(&mut app, 3);
    app.world_mut()
        .resource_mut::<KioskRequests>()
        .0
        .push(KioskRequest::SubmitName("BOT".into()));
    app.update();
    assert!(app.world().resource::<Leaderboard>().entries.is_empty());
    // a visitor who sends nothing gets their own (poor) score, not the bot's
    let bot_best = app
        .world()
        .resource::<gameday::platform::replay::LastReplay>()
        .0
        .as_ref()
        .and_then(|r| r.score)
        .expect("a finished demo round");
    let shown = visitor_plays(&mut app, &[]);
    app.world_mut()
        .resource_mut::<KioskRequests>()
        .0
        .push(KioskRequest::SubmitName("IDLE".into()));
    app.update();
    app.update();
    let board = app.world().resource::<Leaderboard>().clone();
    assert_eq!(board.entries.len(), 1, "{board:?}");
    let entry = &board.entries[0];
    assert_eq!(entry.score, shown);
    assert!(
        entry.score < bot_best,
        "{} vs the bot's {bot_best}",
        entry.score
    );
    let replay = entry.replay.as_ref().unwrap();
    assert!(replay.commands.is_empty());
    assert!(replay.seed > 1000);
    assert_eq!(
        replay.rerun_score().unwrap().to_bits(),
        entry.score.to_bits()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_still_there_question_never_comes_within_30_seconds_of_a_touch() {
    let dir = temp_dir("idle");
    let cfg = KioskConfig {
        idle_seconds: 5.0,
        mission_seconds: 0.0,
        ..KioskConfig::default()
    };
    let mut app = soak_app(&dir, cfg);
    for _ in 0..frames(3.0) {
        app.update();
    }
    app.world_mut().resource_mut::<KioskInput>().pressed = true;
    for _ in 0..frames(29.0) {
        app.update();
        assert_ne!(
            phase(&app),
            KioskPhase::StillThere,
            "asked within 30 s of a touch"
        );
    }
    assert_eq!(phase(&app), KioskPhase::Round);
    for _ in 0..frames(2.5) {
        app.update();
    }
    assert_eq!(phase(&app), KioskPhase::StillThere);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn closing_the_still_there_question_never_taps_the_map() {
    // the map ignores a press over any egui area that is not the background (view/camera.rs):
    // the question's backdrop must be such an area over the whole window
    let ctx = bevy_egui::egui::Context::default();
    gameday::platform::fonts::install(&ctx);
    let screen = bevy_egui::egui::Rect::from_min_size(
        bevy_egui::egui::Pos2::ZERO,
        bevy_egui::egui::vec2(1920.0, 1080.0),
    );
    for _ in 0..3 {
        let input = bevy_egui::egui::RawInput {
            screen_rect: Some(screen),
            ..Default::default()
        };
        ctx.begin_pass(input);
        gameday::platform::kiosk_ui::backdrop(&ctx, 150);
        let mut out = ctx.end_pass();
        out.textures_delta.clear();
    }
    for (x, y) in [(5.0, 5.0), (960.0, 540.0), (1915.0, 1075.0), (300.0, 900.0)] {
        let layer = ctx.layer_id_at(bevy_egui::egui::pos2(x, y));
        assert!(
            layer.is_some_and(|l| l.order != bevy_egui::egui::Order::Background),
            "a tap at ({x}, {y}) would reach the map: {layer:?}"
        );
    }
}

/// Plays booth-5min headless, tapping every big button the booth offers with its start
/// value (a button stays away ten seconds after a tap, as on screen), but those in `skip`.
fn tap_the_big_buttons(app: &mut App, until: f64, skip: &[&str]) -> Vec<&'static str> {
    use gameday::hud::booth_actions::booth_actions;
    use gameday::hud::map_actions::build;
    let mut tapped: std::collections::HashMap<&'static str, f64> = Default::default();
    let mut order = Vec::new();
    let mut next = 0;
    loop {
        let now = app.world().resource::<SimClock>().now;
        if now >= until || app.world().resource::<SimClock>().finished() {
            break;
        }
        let offered = booth_actions(app.world_mut());
        for a in offered {
            let key = a.kind.key();
            if skip.contains(&key) || tapped.get(key).is_some_and(|t| now - t < 10.0) {
                continue;
            }
            let start = a.stepper.map_or(0, |s| s.2);
            let (_, command) = build(app.world_mut(), a.target, &a.action, a.value_for(start))
                .unwrap_or_else(|e| panic!("{key}: {e}"));
            app.world_mut().resource_mut::<CommandQueue>().push(
                Principal::Player,
                CallerContext::default(),
                command,
            );
            tapped.insert(key, now);
            order.push(key);
        }
        gameday::headless::run_until(app, &[], &mut next, now + 1.0);
    }
    order
}

#[test]
fn a_visitor_tapping_the_big_buttons_wins_a_medal_in_the_booth_round() {
    let mut app = gameday::headless::start("booth-5min", 1001).unwrap();
    let taps = tap_the_big_buttons(&mut app, 300.0, &[]);
    assert!(taps.contains(&"servers"), "{taps:?}");
    assert!(
        taps.contains(&"rollback"),
        "the colleague's broken version is rolled back: {taps:?}"
    );
    assert!(
        taps.contains(&"block_bot") && taps.contains(&"shield_lb"),
        "the scraper is blocked: {taps:?}"
    );
    let world = app.world_mut();
    let points = world.resource::<Score>().points;
    let medal = world
        .resource::<gameday::scenario::Scenario>()
        .medals
        .award(points);
    println!("a visitor tapping every big button: {points:.1} points, {medal:?}");
    assert!(medal.is_some(), "{points} with taps {taps:?}");
    // every tap reached the trail as the player's own command
    let trail = world.resource::<gameday::sim::trail::CloudTrail>();
    let mine = trail
        .since(0)
        .filter(|e| matches!(e.principal, Principal::Player))
        .count();
    assert_eq!(mine, taps.len());
}

#[test]
fn a_deleted_load_balancer_is_rebuilt_connected_and_pointed_at_by_three_taps() {
    use gameday::awscli::parse_line;
    let mut app = gameday::headless::start("booth-5min", 1002).unwrap();
    let mut next = 0;
    gameday::headless::run_until(&mut app, &[], &mut next, 20.0);
    let arn = {
        let world = app.world_mut();
        let lb = gameday::sim::world::all::<gameday::sim::model::LoadBalancer>(world)[0];
        gameday::sim::world::id_of(world, lb)
    };
    let delete = parse_line(&format!(
        "aws elbv2 delete-load-balancer --load-balancer-arn {arn}"
    ))
    .unwrap();
    app.world_mut().resource_mut::<CommandQueue>().push(
        Principal::Unknown("attacker".into()),
        CallerContext::default(),
        delete,
    );
    let taps = tap_the_big_buttons(&mut app, 150.0, &[]);
    let firsts: Vec<&str> = taps
        .iter()
        .copied()
        .filter(|k| ["rebuild_lb", "connect", "point_dns"].contains(k))
        .collect();
    assert_eq!(firsts, ["rebuild_lb", "connect", "point_dns"], "{taps:?}");
    let m = app.world().resource::<gameday::sim::metrics::Metrics>();
    let last = m.history.back().unwrap();
    assert!(
        last.ok as f64 > 0.8 * last.requests as f64,
        "the shop serves again: {} of {}",
        last.ok,
        last.requests
    );
}

#[test]
fn block_the_bot_appears_on_the_load_balancer_and_sends_the_wafv2_console_forms_commands() {
    use gameday::hud::booth_actions::{BoothKind, booth_actions};
    use gameday::hud::console::forms::{default_values, form_command};
    use gameday::hud::map_actions::{build, target_entity};
    let mut app = gameday::headless::start("booth-5min", 1003).unwrap();
    let mut next = 0;
    let offered = |app: &mut App, kind: BoothKind| {
        booth_actions(app.world_mut())
            .into_iter()
            .find(|a| a.kind == kind)
    };
    // the scraper comes at minute 3¼, after the template trap
    gameday::headless::run_until(&mut app, &[], &mut next, 190.0);
    assert!(
        offered(&mut app, BoothKind::BlockBot).is_none(),
        "no button before the bot comes"
    );
    gameday::headless::run_until(&mut app, &[], &mut next, 200.0);
    for (kind, event) in [
        (BoothKind::BlockBot, "CreateWebACL"),
        (BoothKind::ShieldLb, "AssociateWebACL"),
    ] {
        let a = offered(&mut app, kind).unwrap_or_else(|| panic!("{kind:?} is offered"));
        let lb = gameday::sim::world::all::<gameday::sim::model::LoadBalancer>(app.world_mut())[0];
        assert_eq!(a.anchor, Some(lb), "the button sits on the load balancer");
        let world = app.world_mut();
        let (line, command) = build(world, a.target, &a.action, 0).unwrap();
        assert!(line.starts_with("aws wafv2 "), "{line}");
        let (values, flags) = default_values(
            world,
            a.action.service,
            a.action.operation,
            target_entity(a.target),
            &a.action.preset_for(0),
        );
        assert_eq!(
            form_command(a.action.service, a.action.operation, &values, &flags),
            Ok(command.clone()),
            "{kind:?}: the console form with the same fields sends the same command"
        );
        world.resource_mut::<CommandQueue>().push(
            Principal::Player,
            CallerContext::default(),
            command,
        );
        let now = world.resource::<SimClock>().now;
        gameday::headless::run_until(&mut app, &[], &mut next, now + 2.0);
        let trail = app.world().resource::<gameday::sim::trail::CloudTrail>();
        let e = trail.since(0).last().expect("the tap is in CloudTrail");
        assert!(matches!(e.principal, Principal::Player));
        assert_eq!(e.event_name(), event);
        assert!(e.error.is_none(), "{event}: {:?}", e.error);
    }
    assert!(offered(&mut app, BoothKind::BlockBot).is_none());
    assert!(offered(&mut app, BoothKind::ShieldLb).is_none());
    gameday::headless::run_until(&mut app, &[], &mut next, 300.0);
    let waf = app.world().resource::<gameday::sim::waf::WafStats>();
    assert!(waf.run_blocked > 10_000, "the bot is blocked: {waf:?}");
    assert_eq!(waf.run_blocked_customers, 0, "no shopper is blocked");
}

#[test]
fn the_scraper_costs_a_visitor_who_leaves_it_and_block_the_bot_wins_the_points_back() {
    let play = |skip: &[&str]| {
        let mut app = gameday::headless::start("booth-5min", 1001).unwrap();
        let taps = tap_the_big_buttons(&mut app, 300.0, skip);
        let score = app.world().resource::<Score>();
        println!(
            "skipping {skip:?}: {:?}; taps {taps:?}",
            gameday::hud::results::breakdown(score)
        );
        (score.points, taps)
    };
    let (blocked, taps) = play(&[]);
    let (left, taps_left) = play(&["block_bot", "shield_lb"]);
    println!("the scraper blocked: {blocked:.1} points; left alone: {left:.1} points");
    assert!(taps.contains(&"block_bot"), "{taps:?}");
    assert!(!taps_left.contains(&"block_bot"), "{taps_left:?}");
    assert!(
        blocked - left >= 5_000.0,
        "blocking the bot is worth real points: {blocked:.1} vs {left:.1}"
    );
}

#[test]
fn a_visitor_who_taps_nothing_wins_no_medal() {
    let mut app = gameday::headless::start("booth-5min", 1001).unwrap();
    let mut next = 0;
    gameday::headless::run_until(&mut app, &[], &mut next, 300.0);
    let world = app.world();
    let points = world.resource::<Score>().points;
    println!("a visitor who taps nothing: {points:.1} points");
    let medal = world
        .resource::<gameday::scenario::Scenario>()
        .medals
        .award(points);
    assert_eq!(medal, None, "{points}");
}

#[test]
fn the_attract_bot_blocks_the_scraper_and_the_caption_says_block_the_bot() {
    let mut app = gameday::headless::start("booth-5min", 4).unwrap();
    let s = gameday::scenario::load("booth-5min").unwrap();
    let mut bot = gameday::bots::Bot::new(gameday::bots::Autopilot::Expert, &s, "expert");
    while !app.world().resource::<SimClock>().finished() {
        bot.act(app.world_mut());
        gameday::sim::step(app.world_mut());
    }
    let trail = app.world().resource::<gameday::sim::trail::CloudTrail>();
    let captions: Vec<&str> = trail
        .since(0)
        .filter(|e| matches!(e.principal, Principal::Bot(_)) && e.error.is_none())
        .filter_map(|e| gameday::hud::booth::caption_for(&e.command))
        .collect();
    assert!(
        captions.contains(&"booth.caption.block_bot"),
        "{captions:?}"
    );
    assert_eq!(
        gameday::i18n::tr(gameday::i18n::Language::English, "booth.caption.block_bot"),
        "A bot floods the shop: Block the bot"
    );
    let waf = app.world().resource::<gameday::sim::waf::WafStats>();
    assert!(waf.run_blocked > 10_000, "{waf:?}");
    assert_eq!(waf.run_blocked_customers, 0);
}
