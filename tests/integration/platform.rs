//! Platform: saves survive corruption and kills, a played round's replay re-runs to the
//! same score.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use gameday::awscli::parse_commands_file;
use gameday::platform::persist::{
    LEADERBOARD, Leaderboard, LeaderboardEntry, SaveProblems, SaveStore, Settings,
};
use gameday::platform::replay::{LastReplay, Replay};
use gameday::platform::storage::{Loaded, Store};
use gameday::screens::LaunchOptions;
use gameday::screens::{GameSpeed, Screen};
use gameday::sim::api::CommandQueue;
use gameday::sim::clock::SimClock;
use gameday::sim::command::{CallerContext, Principal};
use std::path::PathBuf;
use std::time::Duration;

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gameday-it-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The windowed game's flow without a window: screens, simulation, persistence, replays.
fn game_without_window(dir: &std::path::Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Time::<Fixed>::from_seconds(1.0))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            250,
        )))
        .insert_resource(LaunchOptions {
            scenario: "unicorn-rentals".into(),
            seed: 5,
            play: true,
        })
        .insert_resource(SaveStore(Store::at(dir)))
        .add_plugins((
            gameday::sim::plugin,
            gameday::screens::plugin,
            gameday::platform::persist::plugin,
            gameday::platform::replay::plugin,
            gameday::i18n::plugin,
        ));
    app
}

#[test]
fn a_corrupt_leaderboard_is_reported_once_kept_aside_and_its_readable_entries_kept() {
    let dir = temp_dir("corrupt");
    let store = Store::at(&dir);
    let mut board = Leaderboard::default();
    board.add(LeaderboardEntry {
        name: "ADA".into(),
        score: 42.0,
        scenario: "unicorn-rentals".into(),
        day: 1,
        replay: None,
    });
    store.save(LEADERBOARD, &board).unwrap();
    let text = std::fs::read_to_string(store.path_of(LEADERBOARD)).unwrap();
    std::fs::write(store.path_of(LEADERBOARD), &text[..text.len() - 7]).unwrap();

    let app = game_without_window(&dir);
    let problems = &app.world().resource::<SaveProblems>().0;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("leaderboard"));
    // the file lost its end, not its entry: the entry is kept (main started with none)
    assert!(
        problems[0].contains("1 entries kept, 0 unreadable"),
        "{problems:?}"
    );
    assert_eq!(app.world().resource::<Leaderboard>(), &board);
    assert!(dir.join("leaderboard.corrupt-1.ron").exists());
    drop(app);
    // the second start is clean and quiet
    let app = game_without_window(&dir);
    assert!(app.world().resource::<SaveProblems>().0.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_played_round_saves_a_replay_that_reruns_to_the_same_score() {
    let dir = temp_dir("round");
    let mut app = game_without_window(&dir);
    let script = parse_commands_file(include_str!("../../scenarios/unicorn-rentals.commands"))
        .expect("commands parse");
    app.update(); // Startup, enter Playing
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Playing
    );
    app.world_mut().resource_mut::<SimClock>().duration = 25.0 * 60.0;
    app.world_mut().resource_mut::<GameSpeed>().speed = 120.0;
    let mut next = 0;
    for _ in 0..2_000 {
        // the player types the script's commands as their times come (the HUD would)
        let now = app.world().resource::<SimClock>().now;
        while next < script.len() && script[next].0 as f64 <= now {
            let cmd = script[next].1.clone();
            app.world_mut().resource_mut::<CommandQueue>().push(
                Principal::Player,
                CallerContext::default(),
                cmd,
            );
            next += 1;
        }
        app.update();
        if *app.world().resource::<State<Screen>>().get() == Screen::Results {
            break;
        }
    }
    app.update(); // PostUpdate saves
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Results
    );
    let replay = app
        .world()
        .resource::<LastReplay>()
        .0
        .clone()
        .expect("the round's replay is kept");
    assert!(replay.commands.len() >= 10, "{}", replay.commands.len());
    assert_eq!(replay.end_seconds, 25 * 60);
    // it was persisted, and re-runs headless to the very score the game showed
    let saved = std::fs::read_to_string(dir.join("last-replay.ron")).unwrap();
    // a plain replay document, as `gameday --replay last-replay.ron` reads it (it was
    // written as `(Some((…)))` and did not parse)
    assert!(saved.trim_start().starts_with("(\n"), "{saved}");
    let loaded: Replay = ron::from_str(&saved).unwrap();
    assert_eq!(loaded, replay);
    assert_eq!(
        replay.scenario_sha256.as_deref(),
        Some(
            gameday::scenario::fingerprint(&replay.scenario)
                .unwrap()
                .as_str()
        )
    );
    assert_eq!(replay.unverifiable(), None);
    let rerun = replay.rerun_score().unwrap();
    assert_eq!(Some(rerun), replay.score);

    // the settings resource is saved when it changes
    app.world_mut().resource_mut::<Settings>().volume = 0.25;
    app.update();
    let s: Settings = match Store::at(&dir).load("settings") {
        Loaded::Ok(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(s.volume, 0.25);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tampered_replay_is_caught() {
    let commands = parse_commands_file(include_str!("../../scenarios/unicorn-rentals.commands"))
        .expect("commands parse");
    let mut replay = Replay {
        scenario: "unicorn-rentals".into(),
        seed: 3,
        commands: commands
            .into_iter()
            .map(|(at, command)| gameday::platform::replay::TimedCommand { at, command })
            .collect(),
        end_seconds: 15 * 60,
        score: None,
        scenario_sha256: None,
        build: None,
    };
    let honest = replay.rerun_score().unwrap();
    replay.score = Some(honest + 500.0);
    assert_ne!(replay.rerun_score().unwrap(), replay.score.unwrap());
}

const STRESS_DIR: &str = "GAMEDAY_SAVE_STRESS_DIR";

/// Not a test on its own: the body of the child process `killing_a_writer_…` starts.
#[test]
fn save_stress_child() {
    let Some(dir) = std::env::var_os(STRESS_DIR) else {
        return;
    };
    let store = Store::at(PathBuf::from(dir));
    let mut board = Leaderboard::default();
    for i in 0u64.. {
        board.add(LeaderboardEntry {
            name: format!("P{i}"),
            score: i as f64,
            scenario: "booth-5min".into(),
            day: 1,
            replay: None,
        });
        store.save(LEADERBOARD, &board).unwrap();
    }
}

#[test]
fn killing_a_writer_mid_save_leaves_a_readable_leaderboard() {
    let dir = temp_dir("kill");
    for round in 0..5 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "platform::save_stress_child", "--nocapture"])
            .env(STRESS_DIR, &dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let file = Store::at(&dir).path_of(LEADERBOARD);
        for _ in 0..200 {
            if file.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(50 + 37 * round));
        child.kill().unwrap(); // SIGKILL: no destructor, no flush
        child.wait().unwrap();
        match Store::at(&dir).load::<Leaderboard>(LEADERBOARD) {
            Loaded::Ok(b) => assert!(!b.entries.is_empty()),
            other => panic!("after kill {round}: {other:?}"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn kiosk_phase(app: &App) -> gameday::platform::kiosk::KioskPhase {
    app.world()
        .resource::<gameday::platform::kiosk::Kiosk>()
        .phase
}

#[test]
fn the_kiosk_attracts_plays_times_out_politely_and_ranks_a_verifiable_score() {
    use gameday::platform::kiosk::{
        KioskConfig, KioskInput, KioskPhase, KioskRequest, KioskRequests,
    };
    let dir = temp_dir("kiosk");
    let cfg = KioskConfig {
        idle_seconds: 30.0,
        still_there_seconds: 10.0,
        round_seconds: 60.0,
        mission_seconds: 0.0,
        ..KioskConfig::default()
    };
    let mut app = gameday::devtools::soak::soak_app(&dir, cfg);
    let frames = |s: f64| (s / gameday::devtools::soak::FRAME_SECONDS) as usize;
    for _ in 0..frames(5.0) {
        app.update();
    }
    assert_eq!(kiosk_phase(&app), KioskPhase::Attract);
    // a touch starts a round; nobody touches again: asked, then back to attract
    app.world_mut().resource_mut::<KioskInput>().pressed = true;
    app.update();
    app.update();
    assert_eq!(kiosk_phase(&app), KioskPhase::Round);
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Playing
    );
    for _ in 0..frames(31.0) {
        app.update();
    }
    assert_eq!(kiosk_phase(&app), KioskPhase::StillThere);
    assert!(
        app.world().resource::<GameSpeed>().paused,
        "the round waits for the answer"
    );
    for _ in 0..frames(11.0) {
        app.update();
    }
    assert_eq!(kiosk_phase(&app), KioskPhase::Attract);

    // a round played to its end (touching now and then) asks for a name
    app.world_mut().resource_mut::<KioskInput>().pressed = true;
    app.update();
    for i in 0..frames(61.0) {
        if i % 20 == 0 {
            app.world_mut().resource_mut::<KioskInput>().active = true;
        }
        app.update();
    }
    assert_eq!(kiosk_phase(&app), KioskPhase::Initials);
    app.update();
    // a rude name is refused, a good one ranks with its replay
    app.world_mut()
        .resource_mut::<KioskRequests>()
        .0
        .push(KioskRequest::SubmitName("SH1T".into()));
    app.update();
    assert_eq!(kiosk_phase(&app), KioskPhase::Initials);
    app.world_mut()
        .resource_mut::<KioskRequests>()
        .0
        .push(KioskRequest::SubmitName("ada".into()));
    app.update();
    assert_eq!(kiosk_phase(&app), KioskPhase::Attract);
    app.update();
    let board = app.world().resource::<Leaderboard>().clone();
    assert_eq!(board.entries.len(), 1);
    let entry = &board.entries[0];
    assert_eq!(entry.name, "ADA");
    let replay = entry.replay.clone().expect("the entry keeps its replay");
    assert_eq!(replay.rerun_score().unwrap(), entry.score);
    // and the leaderboard reached the disk
    match Store::at(&dir).load::<Leaderboard>(LEADERBOARD) {
        Loaded::Ok(b) => assert_eq!(b, board),
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
