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
use gameday::sim::clock::SimClock;
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
    assert_eq!(phase(app), KioskPhase::Round);
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
