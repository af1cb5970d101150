//! The booth kiosk (`gameday --kiosk`): borderless fullscreen, no way out but the operator
//! menu; an attract loop (an autopilot plays, "Touch to play", today's top 10), a touch starts
//! a round, an idle player is asked politely and then returned to attract, a finished round
//! ends with a name for the leaderboard. Settings in `kiosk.ron` (written with defaults on
//! first start). The flow runs headless too (the soak benchmark drives it).

use super::persist::{Leaderboard, LeaderboardEntry, SaveStore, today};
use super::pilot::{ActivePilot, BotPilot, Pilot, ScriptPilot};
use super::replay::{LastReplay, RoundRecorder};
use crate::bots::Autopilot;
use crate::screens::{GameSpeed, RoundSetup, Screen, begin_round};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// `kiosk.ron` in the data directory. Missing fields take these defaults.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KioskConfig {
    /// The visitor's round.
    pub round_scenario: String,
    /// Used when `round_scenario` cannot be loaded (logged once).
    pub fallback_scenario: String,
    /// What the autopilot plays while nobody does.
    pub attract_scenario: String,
    /// A commands file for the attract autopilot; `None`: the `expert` bot plays.
    pub attract_commands: Option<String>,
    pub attract_speed: f64,
    /// `None`: the scenario's own speed.
    pub round_speed: Option<f64>,
    /// A round ends after this many real seconds even if the scenario has not.
    pub round_seconds: f64,
    /// The mission card's seconds at the start of a round (the round waits for it).
    pub mission_seconds: f64,
    /// No touch for this long during a round: "Are you still there?" (never less than
    /// [`MIN_IDLE_SECONDS`] after a touch, whatever this says).
    pub idle_seconds: f64,
    /// …and back to attract this long after that question.
    pub still_there_seconds: f64,
    /// The name screen gives up after this long without a touch.
    pub initials_seconds: f64,
    pub operator_pin: String,
    pub top_n: usize,
    /// The mouse cursor hides after this long without mouse movement.
    pub cursor_hide_seconds: f64,
    /// The ending ceremony's seconds before the initials keyboard (a tap skips ahead).
    pub ceremony_seconds: f64,
    /// Seconds each caption of the attract loop stays.
    pub caption_seconds: f64,
    /// Seconds the day's top 10 stays in and out of the attract loop.
    pub top10_seconds: f64,
}

/// The idle check never fires sooner than this after a touch.
pub const MIN_IDLE_SECONDS: f64 = 30.0;

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            round_scenario: "booth-5min".into(),
            fallback_scenario: "unicorn-rentals".into(),
            attract_scenario: "booth-5min".into(),
            attract_commands: None,
            attract_speed: 10.0,
            round_speed: None,
            round_seconds: 300.0,
            mission_seconds: 10.0,
            idle_seconds: 45.0,
            still_there_seconds: 15.0,
            initials_seconds: 60.0,
            operator_pin: "2468".into(),
            top_n: 10,
            cursor_hide_seconds: 3.0,
            ceremony_seconds: 12.0,
            caption_seconds: 6.0,
            top10_seconds: 10.0,
        }
    }
}

pub const KIOSK_CONFIG: &str = "kiosk";

/// Where the booth is in its loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum KioskPhase {
    #[default]
    Attract,
    /// The mission card: one sentence, the round waits.
    Mission,
    Round,
    StillThere,
    Initials,
}

/// The kiosk's state.
#[derive(Resource, Debug, Default, Clone)]
pub struct Kiosk {
    pub phase: KioskPhase,
    /// Real seconds (since start) when the phase began.
    pub since: f64,
    pub last_input: f64,
    pub round_started: f64,
    pub rounds_started: u64,
    pub rounds_finished: u64,
    pub rounds_abandoned: u64,
    pub attract_loops: u64,
    /// The round scenario actually used (the configured one or the fallback).
    pub round_scenario: String,
    /// Rank (0-based, today) of the last name entered, for the attract screen.
    pub last_rank: Option<(String, usize)>,
    /// The operator menu is open (the flow pauses its timers).
    pub operator_open: bool,
    /// The seed of the visitor's current (or last) round: only that round's replay can
    /// become a leaderboard entry, never a demo round's.
    pub round_seed: Option<u64>,
}

/// This frame's input, as the flow sees it (written by the input system or by a simulated
/// visitor in the soak benchmark; cleared every frame).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct KioskInput {
    /// A touch, click or key press.
    pub pressed: bool,
    /// Any sign of a person (also mouse movement, scrolling).
    pub active: bool,
}

/// What the kiosk's screens (or the soak's visitor) ask the flow to do.
#[derive(Clone, Debug, PartialEq)]
pub enum KioskRequest {
    SubmitName(String),
    SkipName,
    KeepPlaying,
    ResetToday,
    SetRoundScenario(String),
}

#[derive(Resource, Debug, Default, Clone)]
pub struct KioskRequests(pub Vec<KioskRequest>);

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KioskSystems {
    Input,
    Flow,
}

/// Loads `kiosk.ron` (writing the defaults when there is none).
pub fn load_config(store: &super::storage::Store, problems: &mut Vec<String>) -> KioskConfig {
    let exists = matches!(store.read(KIOSK_CONFIG), Ok(Some(_)));
    let cfg: KioskConfig =
        super::persist::load_reporting(store, KIOSK_CONFIG, "kiosk settings", problems);
    if !exists && let Err(e) = store.save(KIOSK_CONFIG, &cfg) {
        warn!("cannot write the default kiosk settings: {e}");
    }
    cfg
}

/// The kiosk's flow without any window or input (the soak benchmark uses this alone).
/// Needs the screens, simulation, persistence and replay plugins.
pub fn flow_plugin(app: &mut App) {
    if !app.world().contains_resource::<KioskConfig>() {
        let store = app.world().resource::<SaveStore>().0.clone();
        let mut problems = Vec::new();
        let cfg = load_config(&store, &mut problems);
        app.world_mut()
            .resource_mut::<super::persist::SaveProblems>()
            .0
            .extend(problems);
        app.insert_resource(cfg);
    }
    let cfg = app.world().resource::<KioskConfig>().clone();
    let round_scenario = if crate::scenario::load(&cfg.round_scenario).is_ok() {
        cfg.round_scenario.clone()
    } else {
        warn!(
            "kiosk: round scenario '{}' is not available; using '{}'",
            cfg.round_scenario, cfg.fallback_scenario
        );
        cfg.fallback_scenario.clone()
    };
    let pilot: Box<dyn Pilot> = match &cfg.attract_commands {
        Some(path) => match crate::data::input::read_text_file(path)
            .map_err(|e| e.to_string())
            .and_then(|t| ScriptPilot::from_text("attract", &t))
        {
            Ok(script) => Box::new(script),
            Err(e) => {
                warn!("kiosk: attract commands {path}: {e}; the expert bot plays instead");
                Box::new(BotPilot::new(Autopilot::Expert))
            }
        },
        None => Box::new(BotPilot::new(Autopilot::Expert)),
    };
    if !app.world().contains_resource::<ActivePilot>() {
        app.insert_resource(ActivePilot::new(pilot));
    }
    app.insert_resource(Kiosk {
        round_scenario,
        ..default()
    })
    .init_resource::<KioskInput>()
    .init_resource::<KioskRequests>()
    .add_plugins(super::pilot::plugin)
    .configure_sets(Update, (KioskSystems::Input, KioskSystems::Flow).chain())
    .add_systems(Startup, start_first_attract)
    .add_systems(OnEnter(Screen::Playing), kiosk_speed.after(begin_round))
    .add_systems(
        Update,
        flow.in_set(KioskSystems::Flow)
            .before(crate::screens::ScreenSystems::Flow),
    )
    .add_systems(Last, clear_input);
}

fn now_of(time: &Time<Real>) -> f64 {
    time.elapsed_secs_f64()
}

fn start_first_attract(
    mut kiosk: ResMut<Kiosk>,
    cfg: Res<KioskConfig>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut pilot: ResMut<ActivePilot>,
    time: Res<Time<Real>>,
) {
    let now = now_of(&time);
    commands.insert_resource(RoundSetup {
        scenario: cfg.attract_scenario.clone(),
        seed: 1,
    });
    to_attract(&mut kiosk, &mut pilot, &mut next, now);
}

fn to_attract(kiosk: &mut Kiosk, pilot: &mut ActivePilot, next: &mut NextState<Screen>, now: f64) {
    kiosk.phase = KioskPhase::Attract;
    kiosk.since = now;
    kiosk.attract_loops += 1;
    pilot.active = true;
    pilot.needs_start = true;
    next.set(Screen::Playing);
}

fn kiosk_speed(
    kiosk: Res<Kiosk>,
    cfg: Res<KioskConfig>,
    mut speed: ResMut<GameSpeed>,
    mut time: ResMut<Time<Virtual>>,
) {
    match kiosk.phase {
        KioskPhase::Attract => {
            speed.speed = cfg.attract_speed;
            speed.paused = false;
        }
        phase => {
            if let Some(s) = cfg.round_speed {
                speed.speed = s;
            }
            // the round waits for the mission card: not one tick before it goes
            speed.paused = phase == KioskPhase::Mission;
            if speed.paused {
                time.pause();
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn flow(
    mut kiosk: ResMut<Kiosk>,
    input: Res<KioskInput>,
    mut requests: ResMut<KioskRequests>,
    time: Res<Time<Real>>,
    cfg: Res<KioskConfig>,
    state: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut setup: ResMut<RoundSetup>,
    mut pilot: ResMut<ActivePilot>,
    mut speed: ResMut<GameSpeed>,
    mut board: ResMut<Leaderboard>,
    last: Res<LastReplay>,
    recorder: Res<RoundRecorder>,
    mut clock: Option<ResMut<crate::sim::clock::SimClock>>,
) {
    let now = now_of(&time);
    let screen = *state.get();
    if input.active || input.pressed {
        kiosk.last_input = now;
    }
    let attract_seed = 1 + kiosk.attract_loops;
    let mut go_attract = |kiosk: &mut Kiosk, setup: &mut RoundSetup| {
        *setup = RoundSetup {
            scenario: cfg.attract_scenario.clone(),
            seed: attract_seed,
        };
        to_attract(kiosk, &mut pilot, &mut next, now);
    };
    for request in std::mem::take(&mut requests.0) {
        match request {
            KioskRequest::ResetToday => board.reset_day(today()),
            KioskRequest::SetRoundScenario(s) => kiosk.round_scenario = s,
            KioskRequest::KeepPlaying if kiosk.phase == KioskPhase::StillThere => {
                kiosk.phase = KioskPhase::Round;
                kiosk.last_input = now;
                speed.paused = false;
            }
            KioskRequest::SubmitName(name) if kiosk.phase == KioskPhase::Initials => {
                if let Ok(name) = super::names::check_name(&name) {
                    // the visitor's own round: its replay (their commands, the score they
                    // saw), never the attract bot's
                    let replay = last
                        .0
                        .clone()
                        .filter(|r| visitors_replay(&kiosk, r))
                        .filter(|r| r.score.is_some());
                    match replay {
                        Some(replay) => {
                            let rank = board.add(LeaderboardEntry {
                                name: name.clone(),
                                score: replay.score.unwrap_or_default(),
                                scenario: kiosk.round_scenario.clone(),
                                day: today(),
                                replay: Some(replay),
                            });
                            kiosk.last_rank = Some((name, rank));
                        }
                        None => warn!("kiosk: no replay of the visitor's round; no entry"),
                    }
                    go_attract(&mut kiosk, &mut setup);
                }
            }
            KioskRequest::SkipName if kiosk.phase == KioskPhase::Initials => {
                go_attract(&mut kiosk, &mut setup)
            }
            _ => {}
        }
    }
    if kiosk.operator_open {
        kiosk.last_input = now;
        return;
    }
    match kiosk.phase {
        KioskPhase::Attract => {
            if input.pressed {
                kiosk.phase = KioskPhase::Mission;
                kiosk.since = now;
                kiosk.round_started = now + cfg.mission_seconds.max(0.0);
                kiosk.last_input = now;
                kiosk.rounds_started += 1;
                pilot.active = false;
                let seed = 1000 + kiosk.rounds_started;
                kiosk.round_seed = Some(seed);
                *setup = RoundSetup {
                    scenario: kiosk.round_scenario.clone(),
                    seed,
                };
                next.set(Screen::Playing);
            } else if screen != Screen::Playing {
                // the demo round finished (or a scenario failed): start the next one
                go_attract(&mut kiosk, &mut setup);
            }
        }
        KioskPhase::Mission => {
            // the round waits while the card shows
            speed.paused = true;
            let visitors_round = visitors_round_in_play(&kiosk, &recorder);
            if !visitors_round && screen != Screen::Title {
                // the demo round ended in the very frame of the touch and its Results
                // replaced the visitor's round: ask for the visitor's round again (the
                // demo's results never become the visitor's)
                next.set(Screen::Playing);
            } else if screen != Screen::Playing {
                go_attract(&mut kiosk, &mut setup);
            } else if now >= kiosk.round_started {
                kiosk.phase = KioskPhase::Round;
                kiosk.since = now;
                kiosk.last_input = now;
                speed.paused = false;
            }
        }
        KioskPhase::Round => {
            let out_of_time = now - kiosk.round_started >= cfg.round_seconds;
            if screen == Screen::Results || out_of_time {
                if screen != Screen::Results {
                    // end the scenario here, exactly like a finished one: no tick runs
                    // after this, so the score shown, saved and replayed is the same
                    if let Some(c) = clock.as_mut() {
                        c.duration = c.now;
                    }
                    next.set(Screen::Results);
                }
                kiosk.phase = KioskPhase::Initials;
                kiosk.since = now;
                kiosk.last_input = now;
                kiosk.rounds_finished += 1;
            } else if screen != Screen::Playing {
                go_attract(&mut kiosk, &mut setup);
            } else if now - kiosk.last_input >= cfg.idle_seconds.max(MIN_IDLE_SECONDS) {
                kiosk.phase = KioskPhase::StillThere;
                kiosk.since = now;
                speed.paused = true;
            }
        }
        KioskPhase::StillThere => {
            if input.pressed {
                kiosk.phase = KioskPhase::Round;
                speed.paused = false;
            } else if now - kiosk.since >= cfg.still_there_seconds {
                kiosk.rounds_abandoned += 1;
                go_attract(&mut kiosk, &mut setup);
            }
        }
        KioskPhase::Initials => {
            if now - kiosk.last_input >= cfg.initials_seconds {
                go_attract(&mut kiosk, &mut setup);
            }
        }
    }
}

/// Whether the round in play (the one the replay recorder is recording) is the visitor's.
pub fn visitors_round_in_play(kiosk: &Kiosk, recorder: &RoundRecorder) -> bool {
    recorder
        .round
        .as_ref()
        .is_some_and(|r| kiosk.round_seed == Some(r.seed) && r.scenario == kiosk.round_scenario)
}

/// Whether `replay` is the replay of the visitor's round (its scenario and seed).
pub fn visitors_replay(kiosk: &Kiosk, replay: &super::replay::Replay) -> bool {
    kiosk.round_seed == Some(replay.seed) && replay.scenario == kiosk.round_scenario
}

fn clear_input(mut input: ResMut<KioskInput>) {
    *input = KioskInput::default();
}

/// The windowed kiosk: the flow, real input, the screens, a hidden cursor, no clipboard or
/// links. The App must be built with [`kiosk_window`].
#[cfg(not(target_arch = "wasm32"))]
pub fn plugin(app: &mut App) {
    app.insert_resource(super::settings_ui::HideTitleCorner)
        .add_plugins((flow_plugin, super::kiosk_ui::plugin))
        .add_systems(Update, read_input.in_set(KioskSystems::Input))
        .add_systems(Update, (hide_idle_cursor, fit_to_monitor))
        .add_systems(
            PostUpdate,
            strip_links_and_clipboard
                .after(bevy_egui::EguiPostUpdateSet::EndPass)
                .before(bevy_egui::EguiPostUpdateSet::ProcessOutput),
        );
}

#[cfg(not(target_arch = "wasm32"))]
fn read_input(
    mut input: ResMut<KioskInput>,
    mut keys: MessageReader<bevy::input::keyboard::KeyboardInput>,
    mut buttons: MessageReader<bevy::input::mouse::MouseButtonInput>,
    mut touches: MessageReader<bevy::input::touch::TouchInput>,
    mut moved: MessageReader<CursorMoved>,
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
) {
    use bevy::input::ButtonState;
    use bevy::input::touch::TouchPhase;
    if keys.read().any(|k| k.state == ButtonState::Pressed)
        | buttons.read().any(|b| b.state == ButtonState::Pressed)
        | touches.read().any(|t| t.phase == TouchPhase::Started)
    {
        input.pressed = true;
        input.active = true;
    }
    if moved.read().count() + wheel.read().count() > 0 {
        input.active = true;
    }
}

/// Sizes the window to the primary monitor: with a window manager borderless fullscreen does
/// this, but a bare X session (a booth PC started with xinit) ignores the request.
#[cfg(not(target_arch = "wasm32"))]
fn fit_to_monitor(
    monitors: Query<&bevy::window::Monitor, With<bevy::window::PrimaryMonitor>>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    let Ok(m) = monitors.single() else { return };
    for mut w in &mut windows {
        if w.resolution.physical_width() != m.physical_width
            || w.resolution.physical_height() != m.physical_height
        {
            w.resolution
                .set_physical_resolution(m.physical_width, m.physical_height);
            w.position = bevy::window::WindowPosition::At(m.physical_position);
        }
    }
}

/// Shows the cursor only while the mouse moves (touch screens never show it).
#[cfg(not(target_arch = "wasm32"))]
fn hide_idle_cursor(
    mut moved: MessageReader<CursorMoved>,
    mut last_move: Local<f64>,
    time: Res<Time<Real>>,
    cfg: Res<KioskConfig>,
    mut cursors: Query<&mut bevy::window::CursorOptions, With<bevy::window::PrimaryWindow>>,
) {
    let now = now_of(&time);
    if moved.read().count() > 0 {
        *last_move = now;
    }
    let visible = *last_move > 0.0 && now - *last_move < cfg.cursor_hide_seconds;
    for mut c in &mut cursors {
        if c.visible != visible {
            c.visible = visible;
        }
    }
}

/// bevy_egui is built without its `open_url` and `manage_clipboard` features, so links and the
/// clipboard never reach the system; the kiosk also drops such requests outright.
#[cfg(not(target_arch = "wasm32"))]
fn strip_links_and_clipboard(mut outputs: Query<&mut bevy_egui::EguiFullOutput>) {
    for mut out in &mut outputs {
        if let Some(full) = out.0.as_mut() {
            full.platform_output.commands.retain(|c| {
                !matches!(
                    c,
                    bevy_egui::egui::OutputCommand::OpenUrl(_)
                        | bevy_egui::egui::OutputCommand::CopyText(_)
                        | bevy_egui::egui::OutputCommand::CopyImage(_)
                )
            });
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub fn plugin(_app: &mut App) {}
